//! Quitting without losing a write. `q` while journal entries are still being written (a
//! verdict, a defect, a sample mark: each an append under the journal's lock, which another
//! process may hold) does not quit at once: the status line says *enregistrement…*, and the
//! console quits once every pending write is on disk. If one fails meanwhile, it stays open
//! and says what was not saved. A second `q` quits without waiting, and the runtime says on
//! the terminal how many writes may be lost. Pure: no I/O.

use super::{App, Effect, Notice, Purpose};
use crate::jobs::{JobEventKind, JobOutput};

/// Quitting asked while writes were pending.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Closing {
    /// Waiting for the pending journal writes, then quitting.
    Saving,
}

/// How many journal writes are under way.
pub fn pending_writes(app: &App) -> usize {
    app.jobs.count(|p| matches!(p, Purpose::Write(_)))
}

/// `q`: quits at once when nothing is being written (or when asked again while waiting,
/// noting what may be lost); otherwise waits for the writes.
pub(super) fn request(app: &mut App) -> Vec<Effect> {
    let pending = pending_writes(app);
    if pending == 0 || app.closing.is_some() {
        app.quit = true;
        app.unsaved = pending;
        return vec![Effect::Quit];
    }
    app.closing = Some(Closing::Saving);
    Vec::new()
}

/// Whether a job's final event means its write did not happen.
pub(super) fn is_failure(kind: &JobEventKind) -> bool {
    match kind {
        JobEventKind::Finished(JobOutput::Recorded(_)) => false,
        JobEventKind::Started | JobEventKind::Progress(_) => false,
        JobEventKind::Finished(_) | JobEventKind::Failed(_) | JobEventKind::Cancelled => true,
    }
}

/// After a job event that settled `settled` writes (`failed`: one of them was not written):
/// quits once nothing is pending; a failure while waiting cancels the quit and says so.
pub(super) fn settle(app: &mut App, settled: bool, failed: Option<String>) -> Vec<Effect> {
    if app.closing.is_none() || !settled {
        return Vec::new();
    }
    if let Some(message) = failed {
        app.closing = None;
        app.notice = Some(Notice::NotSaved(message));
        return Vec::new();
    }
    if pending_writes(app) > 0 {
        return Vec::new();
    }
    app.closing = None;
    app.quit = true;
    vec![Effect::Quit]
}
