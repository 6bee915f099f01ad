//! Appending to the journal off the UI thread: an append is a file write and an fsync
//! (under the journal's lock, checked against the state), so it runs on a short-lived
//! thread and reports `Finished(Recorded(entry id))` or `Failed` once the entry is on disk.
//! Must not import `app` or `tui`.

use std::thread;

use super::{JobEvent, JobEventKind, JobId, JobOutput, Sink, Workspace, send};
use crate::acceptance::defects::{self, DefectReport};
use crate::journal::actions::DEFECT_STATUS;
use crate::journal::actions::{self, VERDICT_SET};
use crate::journal::{DefectStatus, Journal, State, VerdictValue};

/// What a person records from the console.
#[derive(Debug, Clone, PartialEq)]
pub enum Recording {
    /// A checklist item's verdict for a delivery (`verdict.set`).
    Verdict {
        resource: String,
        item: String,
        delivery: String,
        value: VerdictValue,
        comment: Option<String>,
    },
    /// A defect with its evidence, or an occurrence of an open one (`acceptance::defects`).
    Defect(Box<DefectReport>),
    /// A defect raised from a column's cause, or an occurrence of the open defect of that
    /// cause (`jobs::cause_defect`): its cause, count and first keys from the results.
    CauseDefect(Box<super::cause_defect::CauseDefectRequest>),
    /// The records of a sample review drawn (`sample.draw`, as `recette sample` writes it).
    SampleDraw {
        resource: String,
        item: String,
        delivery: String,
        seed: String,
        keys: Vec<crate::domain::report::KeyValue>,
    },
    /// A record of a sample reviewed and found right (`sample.mark`).
    SampleOk {
        resource: String,
        item: String,
        delivery: String,
        key: crate::domain::report::KeyValue,
    },
    /// A defect's new status (`defect.status`): fixed in a delivery, verified, reopened,
    /// rejected with a reason.
    DefectStatus {
        defect: String,
        status: DefectStatus,
    },
    /// A resource signed off on a delivery (`signoff.set`), or with reservations
    /// (`signoff.reserved`, `reservations` saying why, `refused` what the rules refused),
    /// on the files whose digests are `files`.
    Signoff {
        resource: String,
        delivery: String,
        reservations: Option<String>,
        refused: Vec<String>,
        files: crate::domain::signoff::SignoffFiles,
    },
}

/// Appends `recording` as `author` on a new thread; the result goes to `sink`.
pub fn spawn_record<T>(
    workspace: &Workspace,
    author: String,
    id: JobId,
    recording: Recording,
    sink: Sink<T>,
) where
    T: From<JobEvent> + Send + 'static,
{
    let workspace = workspace.clone();
    let file = workspace.campaign.file.clone();
    thread::spawn(move || {
        let outcome = super::guarded(|| -> Result<String, String> {
            let (journal, _repairs) = Journal::open(&file).map_err(|e| e.to_string())?;
            record(&workspace, &journal, &author, &recording)
        });
        let kind = match outcome {
            Ok(Ok(entry)) => JobEventKind::Finished(JobOutput::Recorded(entry)),
            Ok(Err(message)) | Err(message) => JobEventKind::Failed(message),
        };
        send(&sink, id, kind);
    });
}

/// Appends one recording (checked against the journal's state); returns the entry's id
/// (a defect: its id).
pub fn record(
    workspace: &Workspace,
    journal: &Journal,
    author: &str,
    recording: &Recording,
) -> Result<String, String> {
    match recording {
        Recording::Verdict {
            resource,
            item,
            delivery,
            value,
            comment,
        } => {
            let payload =
                actions::verdict_set(resource, item, delivery, *value, comment.as_deref());
            Ok(journal
                .append_checked(author, VERDICT_SET, payload)
                .map_err(|e| e.to_string())?
                .id)
        }
        Recording::SampleDraw {
            resource,
            item,
            delivery,
            seed,
            keys,
        } => {
            let payload = serde_json::json!({ "resource": resource, "item": item, "delivery": delivery, "seed": seed, "keys": keys });
            Ok(journal
                .append(author, actions::SAMPLE_DRAW, payload)
                .map_err(|e| e.to_string())?
                .id)
        }
        Recording::SampleOk {
            resource,
            item,
            delivery,
            key,
        } => Ok(journal
            .append_checked(
                author,
                actions::SAMPLE_MARK,
                actions::sample_mark(resource, item, delivery, key),
            )
            .map_err(|e| e.to_string())?
            .id),
        Recording::DefectStatus { defect, status } => Ok(journal
            .append_checked(
                author,
                DEFECT_STATUS,
                actions::defect_status(defect, status, None),
            )
            .map_err(|e| e.to_string())?
            .id),
        Recording::Signoff {
            resource,
            delivery,
            reservations,
            refused,
            files,
        } => {
            let (action, payload) = match reservations {
                Some(why) => (
                    actions::SIGNOFF_RESERVED,
                    actions::signoff_reserved(
                        resource,
                        delivery,
                        why,
                        refused,
                        None,
                        files.payload(),
                    ),
                ),
                None => (
                    actions::SIGNOFF_SET,
                    actions::signoff_set(resource, delivery, None, files.payload()),
                ),
            };
            Ok(journal
                .append_checked(author, action, payload)
                .map_err(|e| e.to_string())?
                .id)
        }
        Recording::CauseDefect(request) => {
            let engine = workspace.engine().map_err(|e| e.to_string())?;
            let report =
                super::cause_defect::cause_report(&engine, request).map_err(|e| e.to_string())?;
            super::cause_defect::raise(journal, author, &report)
                .map(|raised| raised.defect)
                .map_err(|e| e.to_string())
        }
        Recording::Defect(report) => {
            let states = key_states(workspace, report).map_err(|e| e.to_string())?;
            let state = State::from_entries(&journal.entries().map_err(|e| e.to_string())?);
            let write = defects::plan(report, &states, &state);
            defects::record(journal, author, write).map_err(|e| e.to_string())
        }
    }
}

/// The records' state in the delivery's results (stored results are reused).
fn key_states(
    workspace: &Workspace,
    report: &DefectReport,
) -> Result<Vec<crate::store::evidence::KeyState>, crate::store::StoreError> {
    if report.keys.is_empty() {
        return Ok(Vec::new());
    }
    let engine = workspace.engine()?;
    let campaign = engine.campaign();
    let (Some(resource), Some(delivery)) = (
        campaign
            .resources
            .iter()
            .find(|r| r.name == report.resource),
        campaign.delivery(Some(&report.delivery)),
    ) else {
        return Ok(Vec::new());
    };
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    engine.key_states(resource, &reconciled, &report.keys)
}
