//! The overview job: reconciles every resource of the campaign against a delivery (stored
//! results are reused), folds the journal and the checklist, and delivers what the home
//! screen shows. Runs on its own thread with its own engine; must not import `app`/`tui`.

use std::sync::{Arc, Mutex};
use std::thread;

use super::cancel::JobHandle;
use super::{JobEventKind, JobId, JobOutput, Progress, Sink, Workspace, send};
use crate::acceptance::{self, ItemVerdict, ResourceProgress};
use crate::domain::campaign::{Campaign, Resource};
use crate::domain::checklist::Checklist;
use crate::journal::{Journal, State};
use crate::store::{Reconciled, Stage};

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
    #[error("{0}")]
    Internal(String),
}

/// Every resource against one delivery, with the recette record around it.
#[derive(Debug, Clone)]
pub struct Overview {
    pub delivery: String,
    /// The delivery the go/no-go is about: the last one.
    pub last_delivery: String,
    pub resources: Vec<ResourceOverview>,
    /// Go for the switch-over, on the last delivery.
    pub go: bool,
    /// Resources not signed off on the last delivery.
    pub unsigned: Vec<String>,
    /// Open blocking defects, all resources.
    pub open_blocking: usize,
    /// Every defect of the journal, by id.
    pub defects: Vec<crate::journal::DefectRecord>,
    /// Value patterns of the last delivery no defect covers yet.
    pub suggestions: Vec<acceptance::defects::Suggestion>,
}

#[derive(Debug, Clone)]
pub struct ResourceOverview {
    pub resource: Resource,
    pub reconciled: Reconciled,
    pub verdicts: Vec<ItemVerdict>,
    /// The checklist's items of the resource (criteria, sample settings), in file order.
    pub items: Vec<crate::domain::checklist::Item>,
    pub progress: ResourceProgress,
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
    let handle = JobHandle::new(id);
    let job = handle.clone();
    thread::spawn(move || {
        send(&sink, id, JobEventKind::Started);
        let outcome = super::guarded(|| run(&workspace, &delivery, &job, &sink))
            .map_err(JobError::Internal)
            .and_then(|r| r);
        job.finish();
        let kind = match outcome {
            _ if job.is_cancelled() => JobEventKind::Cancelled,
            Ok(overview) => JobEventKind::Finished(JobOutput::Overview(Box::new(overview))),
            Err(e) => JobEventKind::Failed(e.to_string()),
        };
        send(&sink, id, kind);
    });
    handle
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
    let engine = workspace.engine()?;

    let mut deliveries = vec![delivery.clone()];
    if last.id != delivery.id {
        deliveries.push(last.clone());
    }
    let total = campaign.resources.len() * deliveries.len();
    let current = Arc::new(Mutex::new(Progress {
        done: 0,
        total,
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

    let checklist = load_checklist(campaign)?;
    let state = journal_state(campaign)?;
    let mut per_delivery = Vec::new();
    for (d, delivery) in deliveries.iter().enumerate() {
        let earlier: Vec<String> = campaign
            .deliveries
            .iter()
            .take_while(|x| x.id != delivery.id)
            .map(|x| x.id.clone())
            .collect();
        let mut views = Vec::new();
        for (r, resource) in campaign.resources.iter().enumerate() {
            if job.is_cancelled() {
                return Err(JobError::Store(crate::store::StoreError::Cancelled));
            }
            let step = |stage: Option<Stage>| {
                let mut s = current.lock().unwrap_or_else(|e| e.into_inner());
                *s = Progress {
                    done: d * campaign.resources.len() + r,
                    total,
                    subject: format!("{} · {}", resource.name, delivery.id),
                    stage,
                    percent: None,
                };
                send(sink, job.id, JobEventKind::Progress(s.clone()));
            };
            step(None);
            let reconciled =
                engine.reconcile(resource, delivery, &mut |stage| step(Some(stage)))?;
            views.push(view(
                resource,
                reconciled,
                checklist.as_ref(),
                &state,
                &delivery.id,
                &earlier,
            ));
        }
        per_delivery.push(views);
    }
    let last_views = per_delivery.pop().expect("at least one delivery");
    let shown = per_delivery.pop().unwrap_or_else(|| last_views.clone());
    let last_progress: Vec<ResourceProgress> =
        last_views.iter().map(|v| v.progress.clone()).collect();
    let go = acceptance::go_no_go(&last_progress);
    let suggestions = last_views
        .iter()
        .flat_map(|v| {
            acceptance::defects::uncovered_patterns(&state, &v.reconciled.report, &last.id)
        })
        .collect();
    Ok(Overview {
        delivery: delivery.id.clone(),
        last_delivery: last.id.clone(),
        resources: shown,
        go: go.go,
        unsigned: last_progress
            .iter()
            .filter(|p| p.signed_off_by.is_none())
            .map(|p| p.resource.clone())
            .collect(),
        open_blocking: last_progress.iter().map(|p| p.open_bloquante).sum(),
        defects: state.defects().values().cloned().collect(),
        suggestions,
    })
}

fn view(
    resource: &Resource,
    reconciled: Reconciled,
    checklist: Option<&Checklist>,
    state: &State,
    delivery: &str,
    earlier: &[String],
) -> ResourceOverview {
    let verdicts = match checklist {
        Some(c) => acceptance::item_verdicts(
            c,
            state,
            &resource.name,
            delivery,
            earlier,
            Some(&reconciled.report),
        ),
        None => Vec::new(),
    };
    let progress = acceptance::resource_progress(&resource.name, delivery, &verdicts, state);
    let items = checklist
        .map(|c| c.items_for(&resource.name).cloned().collect())
        .unwrap_or_default();
    ResourceOverview {
        resource: resource.clone(),
        reconciled,
        verdicts,
        items,
        progress,
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

/// The journal as it stands; reading never creates the journal folder.
fn journal_state(campaign: &Campaign) -> Result<State, JobError> {
    let (journal, _repairs) = Journal::open(&campaign.file)?;
    let entries = journal.entries()?;
    Ok(State::from_entries(&entries))
}
