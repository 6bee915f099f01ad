//! The explorer's keys: move in a list or a table, open the next level (Enter), climb back
//! (Esc), step from a record to the next row's (`n`, `p`); and the reads they ask the
//! pager for, awaited for this explorer's level. Pure state; must not import `tui` or
//! `duckdb`.

use super::{Explorer, Level, RecordLevel, RowsOf};
use crate::app::defect_form::{self, Origin};
use crate::app::stack::{Screen, ScreenId};
use crate::app::update::movement;
use crate::app::{Action, App, Effect, Purpose};
use crate::domain::report::{KeyCategory, KeyValue};
use crate::jobs::{Anchor, PagerRequest, RowsOrder};

/// The most frequent values a frequency list shows.
pub const FREQUENCY_VALUES: usize = 500;

/// The explorer on top, and its id.
fn top(app: &mut App) -> Option<(ScreenId, &mut Explorer)> {
    let layer = app.screens.top_mut()?;
    match &mut layer.screen {
        Screen::Explorer(e) => Some((layer.id, e)),
        _ => None,
    }
}

pub(crate) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows();
    let Some((id, explorer)) = top(app) else {
        return Vec::new();
    };
    let key_count = explorer.target.resource.key.len();
    // A rows table: its column cursor, sorting by it, its frequencies.
    if let Level::Rows { of, table } = explorer.level_mut() {
        let columns = of.columns(key_count);
        match action {
            Action::Left if table.column > 0 => {
                table.column -= 1;
                return Vec::new();
            }
            Action::Right => {
                table.column = (table.column + 1).min(columns.saturating_sub(1));
                return Vec::new();
            }
            Action::SortAscending | Action::SortDescending if columns > 0 => {
                let order = RowsOrder {
                    column: table.column,
                    descending: action == Action::SortDescending,
                };
                // The same order again: back to the key's.
                let order = (table.query.order != Some(order)).then_some(order);
                table.reorder(order);
                return ask_rows(app, Anchor::Start);
            }
            Action::Frequency if columns > 0 => return frequency(app),
            _ => {}
        }
    }
    let in_rows = matches!(explorer.level(), Level::Rows { .. });
    let back = matches!(action, Action::Back | Action::Left);
    match action {
        _ if back => {
            explorer.levels.pop();
            let depth = explorer.levels.len();
            if depth == 0 {
                app.close_top();
            } else {
                forget_levels(app, id, depth);
            }
            return Vec::new();
        }
        Action::Enter => return enter(app),
        // To the right: the next level (in a rows table, nothing more to the right).
        Action::Right if !in_rows => return enter(app),
        Action::NewDefect => return raise(app),
        Action::Next | Action::Previous => {
            return step_record(app, if action == Action::Next { 1 } else { -1 });
        }
        _ => {}
    }
    let Some(delta) = movement(action, page as isize) else {
        return Vec::new();
    };
    // How many list items are shown, counted before the level is borrowed.
    let shown = explorer.list().map(|list| {
        let labels = explorer.labels();
        list.visible(labels.iter().map(String::as_str)).len()
    });
    // The record's lines, counted before the level is borrowed too.
    let record_lines = match explorer.level() {
        Level::Record(record) => record.view.as_ref().map_or(0, |v| {
            super::record_line_count(v, explorer.target.resource.key.len(), explorer.report())
        }),
        _ => 0,
    };
    match explorer.level_mut() {
        Level::Rows { table, .. } => {
            let anchor = match action {
                Action::Top => table.top(page),
                Action::Bottom => table.to_end(page),
                _ => table.move_by(delta, page),
            };
            match anchor {
                Some(anchor) => ask_rows(app, anchor),
                None => Vec::new(),
            }
        }
        Level::Record(record) => {
            let last = record_lines.saturating_sub(page);
            record.scroll = (record.scroll as isize + delta).clamp(0, last as isize) as usize;
            Vec::new()
        }
        _ => {
            if let Some(list) = explorer.list_mut() {
                list.move_by(delta, shown.unwrap_or(0));
            }
            Vec::new()
        }
    }
}

/// What levels from `depth` on waited for is not awaited any more (they are gone).
fn forget_levels(app: &mut App, id: ScreenId, depth: usize) {
    app.jobs.forget(|p| match p {
        Purpose::Record { screen, level }
        | Purpose::Window { screen, level }
        | Purpose::Frequency { screen, level } => *screen == id && *level >= depth,
        _ => false,
    });
}

/// From a record to the record of the next (or previous) row of its table; the table
/// moves too, and asks for its next window when it nears the edge.
fn step_record(app: &mut App, delta: isize) -> Vec<Effect> {
    let page = app.page_rows();
    let Some((id, explorer)) = top(app) else {
        return Vec::new();
    };
    let n = explorer.levels.len();
    if n < 2 || !matches!(explorer.levels[n - 1], Level::Record(_)) {
        return Vec::new();
    }
    let Level::Rows { table, .. } = &mut explorer.levels[n - 2] else {
        return Vec::new();
    };
    let before = table.selected_key().cloned();
    let anchor = table.move_by(delta, page);
    let Some(key) = table
        .selected_key()
        .cloned()
        .filter(|k| Some(k) != before.as_ref())
    else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    if let Some(anchor) = anchor {
        effects.extend(ask_window(app, id, n - 2, anchor));
    }
    forget_levels(app, id, n - 1);
    effects.extend(open_record(app, id, key, true));
    effects
}

/// Asks for a window of the rows table shown.
pub(crate) fn ask_rows(app: &mut App, anchor: Anchor) -> Vec<Effect> {
    let Some((id, explorer)) = top(app) else {
        return Vec::new();
    };
    let level = explorer.levels.len() - 1;
    ask_window(app, id, level, anchor)
}

/// Asks for a window of the rows table at `level` of explorer `id` (the one asked before
/// for it is superseded).
fn ask_window(app: &mut App, id: ScreenId, level: usize, anchor: Anchor) -> Vec<Effect> {
    app.jobs
        .forget(|p| *p == Purpose::Window { screen: id, level });
    let job = app.jobs.start(Purpose::Window { screen: id, level });
    let Some(Screen::Explorer(explorer)) = app.screens.get_mut(id) else {
        return Vec::new();
    };
    let Some(Level::Rows { table, .. }) = explorer.levels.get_mut(level) else {
        return Vec::new();
    };
    let query = table.ask(job, anchor);
    vec![Effect::Fetch {
        id: job,
        request: PagerRequest::Rows(query),
    }]
}

/// Shows the record of `key` on top of explorer `id` (`replace`: in the place of the
/// record shown), read by the pager.
fn open_record(app: &mut App, id: ScreenId, key: KeyValue, replace: bool) -> Vec<Effect> {
    let Some(Screen::Explorer(explorer)) = app.screens.get_mut(id) else {
        return Vec::new();
    };
    let record = Level::Record(RecordLevel {
        key: key.clone(),
        view: None,
        scroll: 0,
    });
    if replace {
        explorer.levels.pop();
    }
    explorer.levels.push(record);
    let level = explorer.levels.len() - 1;
    let request = PagerRequest::Record {
        resource: Box::new(explorer.target.resource.clone()),
        reconciled: Box::new(explorer.target.reconciled.clone()),
        delivery: explorer.delivery.clone(),
        key,
    };
    let job = app.jobs.start(Purpose::Record { screen: id, level });
    vec![Effect::Fetch { id: job, request }]
}

/// Enter: the record of the selected row, or the level the selected item opens.
fn enter(app: &mut App) -> Vec<Effect> {
    let Some((id, explorer)) = top(app) else {
        return Vec::new();
    };
    if let Level::Rows { of, table } = explorer.level() {
        // A row with a NULL key has no record to show side by side: it matches nothing.
        if *of == RowsOf::Category(KeyCategory::NullKey) {
            return Vec::new();
        }
        let Some(key) = table.selected_key().cloned() else {
            return Vec::new();
        };
        return open_record(app, id, key, false);
    }
    let Some(next) = explorer.next_level() else {
        return Vec::new();
    };
    let is_rows = matches!(next, Level::Rows { .. });
    explorer.levels.push(next);
    if is_rows {
        ask_rows(app, Anchor::Start)
    } else {
        Vec::new()
    }
}

/// `F`: how often each value of the column under the cursor occurs, as a list over the
/// rows table (its most frequent values, read by the pager).
fn frequency(app: &mut App) -> Vec<Effect> {
    let Some((id, explorer)) = top(app) else {
        return Vec::new();
    };
    let Level::Rows { of, table } = explorer.level() else {
        return Vec::new();
    };
    let mut query = table.query.clone();
    query.anchor = Anchor::Start;
    let column = table.column;
    let level = Level::Frequency {
        of: of.clone(),
        column,
        query: Box::new(query.clone()),
        frequency: None,
        list: Default::default(),
    };
    explorer.levels.push(level);
    let depth = explorer.levels.len() - 1;
    let job = app.jobs.start(Purpose::Frequency {
        screen: id,
        level: depth,
    });
    vec![Effect::Fetch {
        id: job,
        request: PagerRequest::Frequency {
            query,
            column,
            limit: FREQUENCY_VALUES,
        },
    }]
}

/// `/` then a key in a rows table: the first row at or after it, in the key's order.
pub(crate) fn go_to_key(app: &mut App, key: KeyValue) -> Vec<Effect> {
    if let Some((_, explorer)) = top(app)
        && let Level::Rows { table, .. } = explorer.level_mut()
        && table.ordered()
    {
        table.reorder(None);
    }
    ask_rows(app, Anchor::AtOrAfter(key))
}

/// `a` on a record: the defect form, its differing columns picked, its values attached.
fn raise(app: &mut App) -> Vec<Effect> {
    let t = app.lang.catalogue();
    let Some((_, explorer)) = top(app) else {
        return Vec::new();
    };
    let Level::Record(record) = explorer.level() else {
        return Vec::new();
    };
    let Some(view) = &record.view else {
        return Vec::new();
    };
    let form = defect_form::for_record(
        &explorer.target,
        &explorer.delivery,
        view,
        Origin::Record,
        t,
    );
    defect_form::open(app, form, None)
}
