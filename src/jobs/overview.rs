//! The overview job: reconciles every resource of the campaign against a delivery (stored
//! results are reused) and against the delivery before it (the trend: what got fixed, what
//! came back), folds the journal and the checklist, and delivers what the home screen shows.
//! A resource that cannot be reconciled fails only its own row; cancelling stops everything.
//! Runs on its own thread with its own engine; must not import `app`/`tui`.

mod model;
mod steps;

use std::sync::{Arc, Mutex};

pub use model::{FailedResource, Overview, ResourceOutcome, ResourceOverview, Trend};
use steps::Steps;

use super::cancel::JobHandle;
use super::{JobEventKind, JobId, JobOutput, Progress, Sink, Workspace, send};
use crate::acceptance::{self, ItemVerdict, ResourceProgress};
use crate::domain::campaign::{Campaign, Delivery, Resource};
use crate::domain::checklist::Checklist;
use crate::domain::signoff::SignoffFiles;
use crate::journal::{Journal, State};
use crate::store::cache::Cache;
use crate::store::{Reconciled, digests};

/// Why an overview could not be made (sent to the screen as its message).
#[derive(Debug, thiserror::Error)]
pub enum JobError {
    #[error("no delivery `{0}` in the campaign")]
    NoDelivery(String),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("{}: {source}", file.display())]
    Read {
        file: std::path::PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Checklist(#[from] crate::domain::checklist::ChecklistError),
    #[error(transparent)]
    Journal(#[from] crate::journal::JournalError),
}

/// Starts the overview of `delivery` on a new thread; events go to `sink`.
pub fn spawn_overview<T>(
    workspace: Workspace,
    delivery: String,
    id: JobId,
    sink: Sink<T>,
) -> JobHandle
where
    T: From<super::JobEvent> + Send + 'static,
{
    super::spawn_job(id, sink, move |job, sink| {
        run(&workspace, &delivery, job, sink)
            .map(|overview| JobOutput::Overview(Box::new(overview)))
            .map_err(|e| e.to_string())
    })
}

fn run<T>(
    workspace: &Workspace,
    delivery_id: &str,
    job: &JobHandle,
    sink: &Sink<T>,
) -> Result<Overview, JobError>
where
    T: From<super::JobEvent> + Send + 'static,
{
    let campaign = &workspace.campaign;
    let delivery = campaign
        .delivery(Some(delivery_id))
        .ok_or_else(|| JobError::NoDelivery(delivery_id.to_string()))?;
    let last = campaign
        .delivery(None)
        .ok_or_else(|| JobError::NoDelivery(String::new()))?;
    let has_previous = !earlier(campaign, delivery).is_empty();
    let engine = workspace.engine()?;

    // Steps: every resource against the delivery shown, and the last one when it is another.
    let passes = 1 + usize::from(last.id != delivery.id);
    let current = Arc::new(Mutex::new(Progress {
        done: 0,
        total: campaign.resources.len() * passes,
        subject: String::new(),
        stage: None,
        percent: None,
    }));
    {
        let (current, sink, id) = (current.clone(), sink.clone(), job.id);
        job.attach(engine.watch()?, move |p| {
            let mut step = current.lock().unwrap_or_else(|e| e.into_inner());
            step.percent = Some(p);
            send(&sink, id, JobEventKind::Progress(step.clone()));
        });
    }
    let mut steps = Steps::new(&engine, job, sink, current);

    let checklist = load_checklist(campaign)?;
    // A journal that cannot be read does not hide the reconciliation: home says why.
    let (state, journal_notes, journal_error) = match journal_state(campaign) {
        Ok((state, notes)) => (state, notes, None),
        Err(e) => (State::default(), Vec::new(), Some(e.to_string())),
    };
    let context = Context {
        campaign,
        checklist: checklist.as_ref(),
        state: &state,
        cache: engine.cache(),
    };
    let mut shown = Vec::new();
    for resource in &campaign.resources {
        let outcome = match steps.reconcile(resource, delivery)? {
            Ok(reconciled) => {
                // The trend comes from its own job, after this one: home never waits for it.
                let trend = if has_previous {
                    Trend::Pending
                } else {
                    Trend::FirstDelivery
                };
                context.reconciled(resource, reconciled, delivery, trend)
            }
            Err(error) => context.failed(resource, error, delivery),
        };
        shown.push(outcome);
    }
    // The go/no-go is about the last delivery: its resources' progress and failures (their
    // trend is not shown anywhere, so not computed).
    let last_views = if last.id == delivery.id {
        shown.clone()
    } else {
        let mut views = Vec::new();
        for resource in &campaign.resources {
            views.push(match steps.reconcile(resource, last)? {
                Ok(reconciled) => {
                    context.reconciled(resource, reconciled, last, Trend::FirstDelivery)
                }
                Err(error) => context.failed(resource, error, last),
            });
        }
        views
    };
    let last_progress: Vec<ResourceProgress> =
        last_views.iter().map(|v| v.progress().clone()).collect();
    let go = acceptance::go_no_go(&last_progress);
    let failed: Vec<String> = last_views
        .iter()
        .filter(|v| v.error().is_some())
        .map(|v| v.resource().name.clone())
        .collect();
    let suggestions = last_views
        .iter()
        .filter_map(ResourceOutcome::reconciled)
        .flat_map(|v| {
            acceptance::defects::uncovered_patterns(&state, &v.reconciled.report, &last.id)
        })
        .collect();
    Ok(Overview {
        delivery: delivery.id.clone(),
        last_delivery: last.id.clone(),
        resources: shown,
        go,
        failed,
        defects: state.defects().values().cloned().collect(),
        suggestions,
        journal_notes,
        journal_error,
    })
}

/// The ids of the deliveries before `delivery`, oldest first.
fn earlier(campaign: &Campaign, delivery: &Delivery) -> Vec<String> {
    campaign
        .deliveries
        .iter()
        .take_while(|x| x.id != delivery.id)
        .map(|x| x.id.clone())
        .collect()
}

/// What every resource's view is folded from: the checklist and the journal.
struct Context<'a> {
    campaign: &'a Campaign,
    checklist: Option<&'a Checklist>,
    state: &'a State,
    /// Where the files' digests are remembered.
    cache: &'a Cache,
}

impl Context<'_> {
    fn reconciled(
        &self,
        resource: &Resource,
        reconciled: Reconciled,
        delivery: &Delivery,
        trend: Trend,
    ) -> ResourceOutcome {
        let (verdicts, progress, files) = self.progress(resource, delivery, Some(&reconciled));
        let items = self
            .checklist
            .map(|c| c.items_for(&resource.name).cloned().collect::<Vec<_>>())
            .unwrap_or_default();
        let sample_oks = items
            .iter()
            .flat_map(|item| {
                self.state
                    .sample_marks(&resource.name, &item.id, &delivery.id)
                    .into_iter()
                    .flat_map(|marks| marks.keys())
                    .map(|key| (item.id.clone(), key.clone()))
            })
            .collect();
        ResourceOutcome::Reconciled(Box::new(ResourceOverview {
            sample_oks,
            resource: resource.clone(),
            reconciled,
            verdicts,
            items,
            progress,
            trend,
            files,
        }))
    }

    fn failed(&self, resource: &Resource, error: String, delivery: &Delivery) -> ResourceOutcome {
        let (_, progress, _) = self.progress(resource, delivery, None);
        ResourceOutcome::Failed(Box::new(FailedResource {
            resource: resource.clone(),
            error,
            progress,
        }))
    }

    /// The items' verdicts, the resource's progress on `delivery` and the digests of the
    /// files a sign-off of it covers.
    fn progress(
        &self,
        resource: &Resource,
        delivery: &Delivery,
        reconciled: Option<&Reconciled>,
    ) -> (Vec<ItemVerdict>, ResourceProgress, SignoffFiles) {
        let verdicts = match self.checklist {
            Some(c) => acceptance::item_verdicts(
                c,
                self.state,
                &resource.name,
                &delivery.id,
                &earlier(self.campaign, delivery),
                reconciled.map(|r| &r.report),
            ),
            None => Vec::new(),
        };
        let files = digests::signoff_files(self.cache, self.campaign, resource, delivery);
        let progress = acceptance::resource_progress(
            &resource.name,
            &delivery.id,
            &verdicts,
            self.state,
            reconciled.map(|r| &r.report),
            &files,
        );
        (verdicts, progress, files)
    }
}

fn load_checklist(campaign: &Campaign) -> Result<Option<Checklist>, JobError> {
    let Some(file) = &campaign.checklist else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(file).map_err(|source| JobError::Read {
        file: file.clone(),
        source,
    })?;
    Checklist::parse(file, &text, campaign)
        .map(Some)
        .map_err(JobError::from)
}

/// The journal as it stands, and what is worth saying about it (a torn last line, an action
/// of a newer recette, a defect id met twice); reading never changes the journal folder.
fn journal_state(campaign: &Campaign) -> Result<(State, Vec<String>), JobError> {
    let (journal, notices) = Journal::open(&campaign.file)?;
    let entries = journal.entries()?;
    let state = State::from_entries(&entries);
    let notes = notices
        .iter()
        .chain(&journal.take_notices())
        .map(ToString::to_string)
        .chain(state.duplicates().iter().map(ToString::to_string))
        .collect();
    Ok((state, notes))
}
