//! What the jobs say, taken in: each event goes where the registry says its job is awaited
//! (`awaited`) — the overview of the delivery shown, a journal write, a window of rows or a
//! record for the screen that asked. Results nobody waits for any more (a cancelled job, a
//! superseded request, a screen since closed) find no purpose and are dropped. Must not
//! import `tui` or `duckdb`.

use super::awaited::{Purpose, Write};
use super::explorer::Level;
use super::stack::{Screen, ScreenId};
use super::{App, Effect, Notice, sample, sql, trends};
use crate::jobs::{JobEvent, JobEventKind, JobId, JobOutput};

pub(super) fn on_job(app: &mut App, event: JobEvent) -> Vec<Effect> {
    let JobEvent { id, kind } = event;
    match kind {
        JobEventKind::Started => Vec::new(),
        JobEventKind::Progress(progress) => {
            match app.jobs.get_mut(id) {
                Some(Purpose::Overview(running)) => running.progress = Some(progress),
                Some(Purpose::Query {
                    waited: true,
                    percent,
                    ..
                }) => *percent = progress.percent,
                _ => {}
            }
            Vec::new()
        }
        kind => match app.jobs.settle(id) {
            None => Vec::new(),
            Some(purpose) => done(app, id, purpose, kind),
        },
    }
}

/// Job `id`, awaited for `purpose`, is over (`kind`: finished, failed or cancelled).
fn done(app: &mut App, id: JobId, purpose: Purpose, kind: JobEventKind) -> Vec<Effect> {
    match purpose {
        Purpose::Overview(_) => overview(app, kind),
        Purpose::Trends => {
            match kind {
                JobEventKind::Finished(JobOutput::Trends(found)) => trends::received(app, found),
                JobEventKind::Failed(message) => app.notice = Some(Notice::Failed(message)),
                _ => {}
            }
            Vec::new()
        }
        Purpose::Write(write) => written(app, write, kind),
        Purpose::Draw(screen) => {
            match kind {
                JobEventKind::Finished(JobOutput::Sample(keys)) => {
                    return sample::drawn(app, screen, keys);
                }
                JobEventKind::Failed(message) => app.notice = Some(Notice::Failed(message)),
                _ => {}
            }
            sample::draw_failed(app, screen);
            Vec::new()
        }
        Purpose::Record { screen, level } => {
            let view = match kind {
                JobEventKind::Finished(JobOutput::Record(view)) => Some(*view),
                JobEventKind::Failed(message) => {
                    app.notice = Some(Notice::Failed(message));
                    None
                }
                _ => None,
            };
            if let Some(view) = view {
                match app.screens.get_mut(screen) {
                    Some(Screen::Sample(review)) => review.view = Some(view),
                    Some(Screen::Explorer(explorer)) => {
                        if let Some(Level::Record(record)) = explorer.levels.get_mut(level) {
                            record.view = Some(view);
                        }
                    }
                    _ => {}
                }
            }
            Vec::new()
        }
        Purpose::Evidence(screen) => {
            let window = match kind {
                JobEventKind::Finished(JobOutput::Window(window)) => Some(window),
                JobEventKind::Failed(message) => {
                    app.notice = Some(Notice::Failed(message));
                    None
                }
                _ => None,
            };
            super::defect_form::evidence_read(app, screen, window);
            Vec::new()
        }
        Purpose::Window { screen, level } => {
            window(app, id, screen, level, kind);
            Vec::new()
        }
        Purpose::Query {
            screen,
            sql,
            waited,
            ..
        } => match kind {
            JobEventKind::Finished(JobOutput::Query(result)) => {
                sql::finished(app, screen, sql, waited, result)
            }
            JobEventKind::Failed(message) => {
                sql::failed(app, waited, Some(message));
                Vec::new()
            }
            _ => {
                sql::failed(app, waited, None);
                Vec::new()
            }
        },
    }
}

/// The overview under way is over.
fn overview(app: &mut App, kind: JobEventKind) -> Vec<Effect> {
    match kind {
        JobEventKind::Finished(JobOutput::Overview(overview)) => {
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
        JobEventKind::Failed(message) => app.notice = Some(Notice::Failed(message)),
        JobEventKind::Cancelled => app.notice = Some(Notice::Cancelled),
        _ => {}
    }
    Vec::new()
}

/// A journal append is over: on disk (`Recorded`), or not.
fn written(app: &mut App, write: Write, kind: JobEventKind) -> Vec<Effect> {
    let failure = match kind {
        JobEventKind::Finished(JobOutput::Recorded(entry)) => Ok(entry),
        JobEventKind::Failed(message) => Err(Some(message)),
        _ => Err(None),
    };
    match write {
        Write::SampleMark(mark) => {
            // Any end settles a mark; one that did not happen says so.
            let failure = failure
                .map_err(|m| m.unwrap_or_else(|| "the journal entry was not written".to_string()));
            if let Ok(entry) = &failure {
                app.notice = Some(Notice::Saved(entry.clone()));
            }
            sample::marked(app, mark, failure.err());
            Vec::new()
        }
        Write::SampleDraw => {
            if let Err(Some(message)) = failure {
                app.notice = Some(Notice::Failed(message));
            }
            Vec::new()
        }
        Write::Entry | Write::Defect { .. } => match failure {
            Ok(entry) => {
                // A defect's form closes (a sample's record it came from reads KO).
                let mut effects = match write {
                    Write::Defect { form, sample } => {
                        super::defect_form::saved(app, form, sample, &entry)
                    }
                    _ => Vec::new(),
                };
                app.notice = Some(Notice::Saved(entry));
                // The verdicts shown come from the overview: fold the journal again.
                effects.extend(app.start_overview());
                effects
            }
            Err(message) => {
                if let Some(message) = message {
                    app.notice = Some(Notice::Failed(message));
                }
                Vec::new()
            }
        },
    }
}

/// A window of a rows table: the explorer's level `level`, or the SQL console's result.
fn window(app: &mut App, id: JobId, screen: ScreenId, level: usize, kind: JobEventKind) {
    let page = match app.screens.get(screen) {
        Some(Screen::Sql(_)) => app.sql_page_rows(),
        _ => app.page_rows(),
    };
    let table = match app.screens.get_mut(screen) {
        Some(Screen::Explorer(explorer)) => match explorer.levels.get_mut(level) {
            Some(Level::Rows { table, .. }) => table,
            _ => return,
        },
        Some(Screen::Sql(sql)) => match sql.result.as_mut() {
            Some(result) => &mut result.table,
            None => return,
        },
        _ => return,
    };
    match kind {
        JobEventKind::Finished(JobOutput::Window(window)) => {
            table.receive(id, window, page);
        }
        JobEventKind::Failed(message) => {
            table.pending = None;
            app.notice = Some(Notice::Failed(message));
        }
        _ => table.pending = None,
    }
}
