//! What the jobs say, taken in: the overview of the delivery shown, windows of rows and
//! records for the levels waiting for them. Results nobody waits for any more (a cancelled
//! job, a superseded request) are dropped. Must not import `tui` or `duckdb`.

use super::explorer::Level;
use super::sample;
use super::sql;
use super::trends;
use super::{App, Effect, Notice};
use crate::jobs::{JobEvent, JobEventKind, JobOutput};

pub(super) fn on_job(app: &mut App, event: JobEvent) -> Vec<Effect> {
    let JobEvent { id, kind } = event;
    // A sample mark's write: any final event settles it (`waiting` must not stay true).
    let outcome = match &kind {
        JobEventKind::Finished(JobOutput::Recorded(_)) => Some(None),
        JobEventKind::Failed(message) => Some(Some(message.clone())),
        JobEventKind::Finished(_) | JobEventKind::Cancelled => {
            Some(Some("the journal entry was not written".to_string()))
        }
        JobEventKind::Started | JobEventKind::Progress(_) => None,
    };
    if let Some(failure) = outcome
        && sample::marked(app, id, failure)
    {
        if let JobEventKind::Finished(JobOutput::Recorded(entry)) = &kind {
            app.notice = Some(Notice::Saved(entry.clone()));
        }
        return Vec::new();
    }
    if app.saving == Some(id) {
        app.saving = None;
        match kind {
            JobEventKind::Finished(JobOutput::Recorded(entry)) => {
                // A defect from the sample review marks its record.
                sample::saved(app, id, &entry);
                app.notice = Some(Notice::Saved(entry));
                // The verdicts shown come from the overview: fold the journal again.
                return app.start_overview();
            }
            JobEventKind::Failed(message) => {
                sample::failed(app, id);
                app.notice = Some(Notice::Failed(message));
            }
            _ => sample::failed(app, id),
        }
        return Vec::new();
    }
    if let Some(effects) = on_sql_job(app, id, &kind) {
        return effects;
    }
    if let Some(review) = app.sample.as_mut() {
        if review.drawing == Some(id) {
            review.drawing = None;
            match kind {
                JobEventKind::Finished(JobOutput::Sample(keys)) => return sample::drawn(app, keys),
                JobEventKind::Failed(message) => app.notice = Some(Notice::Failed(message)),
                _ => {}
            }
            return Vec::new();
        }
        if review.journaling == Some(id) {
            review.journaling = None;
            if let JobEventKind::Failed(message) = kind {
                app.notice = Some(Notice::Failed(message));
            }
            return Vec::new();
        }
        if review.pending == Some(id) {
            review.pending = None;
            match kind {
                JobEventKind::Finished(JobOutput::Record(view)) => review.view = Some(*view),
                JobEventKind::Failed(message) => app.notice = Some(Notice::Failed(message)),
                _ => {}
            }
            return Vec::new();
        }
    }
    if app.trends == Some(id) {
        match kind {
            JobEventKind::Finished(JobOutput::Trends(found)) => {
                app.trends = None;
                trends::received(app, found);
            }
            JobEventKind::Failed(message) => {
                trends::given_up(app, id);
                app.notice = Some(Notice::Failed(message));
            }
            JobEventKind::Cancelled | JobEventKind::Finished(_) => {
                trends::given_up(app, id);
            }
            JobEventKind::Started | JobEventKind::Progress(_) => {}
        }
        return Vec::new();
    }
    if app.running.as_ref().is_some_and(|r| r.id == id) {
        match kind {
            JobEventKind::Started => {}
            JobEventKind::Progress(p) => {
                if let Some(r) = app.running.as_mut() {
                    r.progress = Some(p);
                }
            }
            JobEventKind::Finished(JobOutput::Overview(overview)) => {
                app.running = None;
                let mut overview = *overview;
                // What the journal had to say, each thing once per console.
                let fresh: Vec<String> = overview
                    .journal_notes
                    .iter()
                    .filter(|note| app.journal_notes_said.insert((*note).clone()))
                    .cloned()
                    .collect();
                if !fresh.is_empty() && app.notice.is_none() {
                    app.notice = Some(Notice::Journal(fresh.join(" ; ")));
                }
                trends::carry_over(app.overview.as_ref(), &mut overview);
                app.overview = Some(overview);
                let len = app.visible_resources().len();
                app.home.list.move_by(0, len);
                super::defects::refreshed(app);
                return trends::start(app);
            }
            JobEventKind::Finished(_) => app.running = None,
            JobEventKind::Failed(message) => {
                app.running = None;
                app.notice = Some(Notice::Failed(message));
            }
            JobEventKind::Cancelled => {
                app.running = None;
                app.notice = Some(Notice::Cancelled);
            }
        }
        return Vec::new();
    }
    let page = app.page_rows();
    let Some(explorer) = app.explorer.as_mut() else {
        return Vec::new();
    };
    for level in explorer.levels.iter_mut() {
        match (level, &kind) {
            (Level::Rows { table, .. }, JobEventKind::Finished(JobOutput::Window(window)))
                if table.pending.as_ref().is_some_and(|p| p.id == id) =>
            {
                table.receive(id, window.clone(), page);
                return Vec::new();
            }
            (Level::Rows { table, .. }, JobEventKind::Failed(_) | JobEventKind::Cancelled)
                if table.pending.as_ref().is_some_and(|p| p.id == id) =>
            {
                table.pending = None;
                if let JobEventKind::Failed(message) = &kind {
                    app.notice = Some(Notice::Failed(message.clone()));
                }
                return Vec::new();
            }
            (Level::Record(record), _) if record.pending == Some(id) => {
                record.pending = None;
                match &kind {
                    JobEventKind::Finished(JobOutput::Record(view)) => {
                        record.view = Some((**view).clone())
                    }
                    JobEventKind::Failed(message) => {
                        app.notice = Some(Notice::Failed(message.clone()))
                    }
                    _ => {}
                }
                return Vec::new();
            }
            _ => {}
        }
    }
    Vec::new()
}

/// A query of the SQL console or a window of its result; `None` when the event is not theirs.
fn on_sql_job(app: &mut App, id: crate::jobs::JobId, kind: &JobEventKind) -> Option<Vec<Effect>> {
    let page = app.sql_page_rows();
    if sql::awaits(app, id) {
        return Some(match kind {
            JobEventKind::Progress(p) => {
                if let Some(screen) = app.sql.as_mut().filter(|s| s.running == Some(id)) {
                    screen.percent = p.percent;
                }
                Vec::new()
            }
            JobEventKind::Finished(JobOutput::Query(result)) => {
                sql::finished(app, id, result.clone())
            }
            JobEventKind::Failed(message) => {
                sql::failed(app, id, Some(message.clone()));
                Vec::new()
            }
            JobEventKind::Cancelled | JobEventKind::Finished(_) => {
                sql::failed(app, id, None);
                Vec::new()
            }
            JobEventKind::Started => Vec::new(),
        });
    }
    let screen = app.sql.as_mut()?;
    let table = &mut screen.result.as_mut()?.table;
    if table.pending.as_ref().is_none_or(|p| p.id != id) {
        return None;
    }
    match kind {
        JobEventKind::Finished(JobOutput::Window(window)) => {
            table.receive(id, window.clone(), page);
        }
        JobEventKind::Failed(message) => {
            table.pending = None;
            app.notice = Some(Notice::Failed(message.clone()));
        }
        JobEventKind::Cancelled => table.pending = None,
        _ => {}
    }
    Some(Vec::new())
}
