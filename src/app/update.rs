//! `update`: one message in, the state changed, the effects out. Must not import `tui`,
//! `duckdb` or do any I/O.

use super::checklist::{self, ChecklistScreen};
use super::defects::{self, DefectsScreen};
use super::explorer::{Explorer, Level, RecordLevel, RowsOf};
use super::sample;
use super::signoff;
use super::sql;
use super::{Action, App, Effect, HomePane, InputKey, Msg, Notice};
use crate::domain::report::KeyCategory;
use crate::jobs::{Anchor, PagerRequest, ResourceOutcome};

pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize { width, height } => {
            app.width = width;
            app.height = height;
            Vec::new()
        }
        Msg::Job(event) => {
            let before = super::quit::pending_writes(app);
            let failure = match &event.kind {
                crate::jobs::JobEventKind::Failed(message) => Some(message.clone()),
                kind if super::quit::is_failure(kind) => {
                    Some("the journal entry was not written".to_string())
                }
                _ => None,
            };
            let mut effects = super::receive::on_job(app, event);
            let settled = super::quit::pending_writes(app) < before;
            effects.extend(super::quit::settle(app, settled, failure));
            effects
        }
        Msg::InputsChanged(changed) => inputs_changed(app, changed),
        Msg::Input(key) => on_input(app, key),
        Msg::Paste(text) => {
            // A query keeps its line breaks; a one-line input (filter, title) gets spaces.
            let multiline = app.sql.is_some();
            let mut effects = Vec::new();
            // Terminals send a pasted line break as CR (tmux, most emulators), some as CRLF.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            if multiline {
                // Whole, in one insertion: a long query pastes at once.
                return sql::paste(app, &text);
            }
            for c in text.chars() {
                let c = if c == '\n' && !multiline { ' ' } else { c };
                effects.extend(on_input(app, InputKey::Char(c)));
            }
            effects
        }
        Msg::Action(action) => {
            app.notice = None;
            on_action(app, action)
        }
    }
}

/// Input files changed: the screens showing results of the old files close (never old
/// results beside new rows), home says which files, and every resource is reconciled
/// again. The SQL console and the defects stay: they read the files (or the journal) anew.
fn inputs_changed(app: &mut App, changed: Vec<crate::jobs::ChangedInput>) -> Vec<Effect> {
    if changed.is_empty() {
        return Vec::new();
    }
    app.explorer = None;
    app.sample = None;
    app.checklist = None;
    if app.sql.is_none() {
        // A filter being typed on a closed screen goes with it.
        app.input = None;
    }
    app.overview = None;
    app.notice = Some(Notice::InputsChanged(
        changed
            .into_iter()
            .map(|c| {
                let name = c
                    .file
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_else(|| c.file.display().to_string());
                (c.delivery, name)
            })
            .collect(),
    ));
    app.start_overview()
}

fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if action == Action::Quit {
        return super::quit::request(app);
    }
    if app.help {
        if matches!(action, Action::Help | Action::Back) {
            app.help = false;
        }
        return Vec::new();
    }
    match action {
        Action::Help => {
            app.help = true;
            Vec::new()
        }
        Action::Filter => {
            let has_input = match &app.explorer {
                None if app.defects.is_some() => true,
                None if app.checklist.is_some() || app.sample.is_some() => false,
                None => app.current_overview().is_some(),
                Some(e) => !matches!(e.level(), Level::Record(_)),
            };
            if has_input {
                app.input = Some(current_filter(app));
            }
            Vec::new()
        }
        _ if app.sql.is_some() => on_sql(app, action),
        _ if app.explorer.is_some() => on_explorer(app, action),
        _ if app.sample.is_some() => on_sample(app, action),
        _ if app.defects.is_some() => on_defects(app, action),
        _ if app.checklist.is_some() => on_checklist(app, action),
        _ => on_home(app, action),
    }
}

/// How far a move key moves a list or table: a line, a page, or to either end.
fn movement(action: Action, page: isize) -> Option<isize> {
    Some(match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => return None,
    })
}

fn current_filter(app: &App) -> String {
    match &app.explorer {
        None if app.defects.is_some() => app
            .defects
            .as_ref()
            .map(|d| d.list.filter.clone())
            .unwrap_or_default(),
        None => app.home.list.filter.clone(),
        Some(e) => e.list().map(|l| l.filter.clone()).unwrap_or_default(),
    }
}

fn on_home(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows() as isize;
    let visible = app.visible_resources();
    match (app.home.focus, action) {
        (_, Action::NextPane) => {
            app.home.focus = match app.home.focus {
                HomePane::Resources => HomePane::Deliveries,
                HomePane::Deliveries => HomePane::Resources,
            };
            Vec::new()
        }
        (_, Action::Back) => match app.running.take() {
            Some(running) => {
                app.notice = Some(Notice::Cancelled);
                vec![Effect::Cancel(running.id)]
            }
            None => {
                // A confirmed filter is cleared: every resource shows again.
                app.home.list.set_filter(String::new());
                Vec::new()
            }
        },
        (HomePane::Deliveries, Action::Up | Action::Left | Action::Down | Action::Right) => {
            let step: isize = if matches!(action, Action::Up | Action::Left) {
                -1
            } else {
                1
            };
            let target =
                (app.delivery as isize + step).clamp(0, app.deliveries.len() as isize - 1) as usize;
            if target == app.delivery {
                return Vec::new();
            }
            app.delivery = target;
            app.home.list.selected = 0;
            app.start_overview()
        }
        (HomePane::Deliveries, Action::Enter) => {
            app.home.focus = HomePane::Resources;
            Vec::new()
        }
        (_, Action::Sql) => sql::open(app),
        (HomePane::Resources, Action::Signoff) => signoff::open(app),
        (_, Action::Defects) => {
            app.defects = Some(DefectsScreen::default());
            Vec::new()
        }
        (HomePane::Resources, Action::Checklist | Action::Enter) => {
            let Some(outcome) = app.selected_resource() else {
                return Vec::new();
            };
            match (outcome, action) {
                // Nothing to explore or check: say why instead.
                (ResourceOutcome::Failed(f), _) => {
                    app.notice = Some(Notice::ResourceFailed {
                        resource: f.resource.name.clone(),
                        error: f.error.clone(),
                    });
                }
                (ResourceOutcome::Reconciled(r), Action::Checklist) => {
                    app.checklist = Some(ChecklistScreen::new(r.resource.name.clone()));
                }
                (ResourceOutcome::Reconciled(r), _) => {
                    let target = (**r).clone();
                    let delivery = app
                        .current_overview()
                        .map(|o| o.delivery.clone())
                        .unwrap_or_default();
                    app.explorer = Some(Explorer::new(target, delivery));
                }
            }
            Vec::new()
        }
        (HomePane::Resources, _) => {
            let Some(delta) = movement(action, page) else {
                return Vec::new();
            };
            app.home.list.move_by(delta, visible.len());
            Vec::new()
        }
        _ => Vec::new(),
    }
}

fn on_checklist(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows() as isize;
    let len = app.checklist_items().len();
    if let Some(value) = checklist::verdict_of(action) {
        return checklist::set_verdict(app, value);
    }
    let Some(screen) = app.checklist.as_mut() else {
        return Vec::new();
    };
    let delta = match action {
        Action::Back => {
            app.checklist = None;
            return Vec::new();
        }
        Action::Signoff => return signoff::open(app),
        Action::Comment => {
            let value = app.checklist_item().map(checklist::current_value);
            return match value {
                Some(value) => checklist::ask_comment(app, value),
                None => Vec::new(),
            };
        }
        Action::Enter => {
            // A sample-review item opens its review.
            if let Some(effects) = sample::open(app) {
                return effects;
            }
            // Any other: the item's resource in the diff explorer (its Esc comes back here).
            let target = app
                .checklist_target()
                .cloned()
                .zip(app.current_overview().map(|o| o.delivery.clone()));
            if let Some((target, delivery)) = target {
                app.explorer = Some(Explorer::new(target, delivery));
            }
            return Vec::new();
        }
        _ => match movement(action, page) {
            Some(delta) => delta,
            None => return Vec::new(),
        },
    };
    screen.list.move_by(delta, len);
    Vec::new()
}

fn on_defects(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows() as isize;
    let len = app.visible_defects().len();
    let delta = match action {
        Action::Back => {
            app.defects = None;
            return Vec::new();
        }
        Action::Fixed | Action::Verified | Action::Reopened | Action::Rejected => {
            return defects::change(app, action);
        }
        Action::FilterStatus
        | Action::FilterSeverity
        | Action::FilterResource
        | Action::FilterDelivery
        | Action::Group => {
            defects::filter(app, action);
            return Vec::new();
        }
        _ => match movement(action, page) {
            Some(delta) => delta,
            None => return Vec::new(),
        },
    };
    if let Some(screen) = app.defects.as_mut() {
        screen.list.move_by(delta, len);
    }
    Vec::new()
}

/// The SQL console's result: rows up and down, columns left and right.
fn on_sql(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.sql_page_rows();
    match action {
        Action::Back => return sql::escape(app),
        Action::Edit => {
            sql::edit(app);
            return Vec::new();
        }
        _ => {}
    }
    let Some(result) = app.sql.as_mut().and_then(|s| s.result.as_mut()) else {
        return Vec::new();
    };
    let anchor = match action {
        Action::Left => {
            result.first_column = result.first_column.saturating_sub(1);
            None
        }
        Action::Right => {
            if result.first_column + 1 < result.columns.len() {
                result.first_column += 1;
            }
            None
        }
        Action::Up => result.table.move_by(-1, page),
        Action::Down => result.table.move_by(1, page),
        Action::PageUp => result.table.move_by(-(page as isize), page),
        Action::PageDown => result.table.move_by(page as isize, page),
        Action::Top => result.table.top(page),
        Action::Bottom => result.table.to_end(page),
        _ => None,
    };
    match anchor {
        Some(anchor) => sql::ask_rows(app, anchor),
        None => Vec::new(),
    }
}

fn on_sample(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows() as isize;
    let Some(review) = app.sample.as_mut() else {
        return Vec::new();
    };
    let delta = match action {
        Action::Back => {
            app.sample = None;
            return Vec::new();
        }
        Action::VerdictOk => return sample::mark_ok(app),
        Action::VerdictKo => return sample::mark_ko(app),
        Action::Next | Action::Previous => {
            let step = if action == Action::Next { 1 } else { -1 };
            let at = review.at as isize + step;
            if at < 0 || at as usize >= review.keys.len() {
                return Vec::new();
            }
            return sample::show(app, at as usize);
        }
        _ => match movement(action, page) {
            Some(delta) => delta,
            None => return Vec::new(),
        },
    };
    let lines = review.view.as_ref().map_or(0, |v| {
        review.target.resource.key.len()
            + v.cells.len()
            + if v.source.is_empty() {
                0
            } else {
                1 + v.source.len()
            }
    });
    let last = lines.saturating_sub(page as usize);
    review.scroll = (review.scroll as isize + delta).clamp(0, last as isize) as usize;
    Vec::new()
}

fn on_explorer(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows();
    let Some(explorer) = app.explorer.as_mut() else {
        return Vec::new();
    };
    if action == Action::Back {
        explorer.levels.pop();
        if explorer.levels.is_empty() {
            app.explorer = None;
        }
        return Vec::new();
    }
    if action == Action::Enter {
        return enter(app);
    }
    if matches!(action, Action::Next | Action::Previous) {
        return step_record(app, if action == Action::Next { 1 } else { -1 });
    }
    let Some(delta) = movement(action, page as isize) else {
        return Vec::new();
    };
    // How many list items are shown, counted before the level is borrowed.
    let shown = explorer.list().map(|list| {
        let labels = explorer.labels();
        list.visible(labels.iter().map(String::as_str)).len()
    });
    let key_len = explorer.target.resource.key.len();
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
            // Lines of the record: the key columns, every column, the source values.
            let columns = record.view.as_ref().map_or(0, |v| {
                key_len
                    + v.cells.len()
                    + if v.source.is_empty() {
                        0
                    } else {
                        1 + v.source.len()
                    }
            });
            let last = columns.saturating_sub(page);
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

/// From a record to the record of the next (or previous) row of its table; the table
/// moves too, and asks for its next window when it nears the edge.
fn step_record(app: &mut App, delta: isize) -> Vec<Effect> {
    let page = app.page_rows();
    let Some(explorer) = app.explorer.as_mut() else {
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
        let id = app.next_id();
        let explorer = app.explorer.as_mut().expect("open");
        if let Level::Rows { table, .. } = &mut explorer.levels[n - 2] {
            effects.push(Effect::Fetch {
                id,
                request: PagerRequest::Rows(table.ask(id, anchor)),
            });
        }
    }
    let id = app.next_id();
    let explorer = app.explorer.as_mut().expect("open");
    explorer.levels[n - 1] = Level::Record(RecordLevel {
        key: key.clone(),
        view: None,
        pending: Some(id),
        scroll: 0,
    });
    effects.push(Effect::Fetch {
        id,
        request: PagerRequest::Record {
            resource: Box::new(explorer.target.resource.clone()),
            reconciled: Box::new(explorer.target.reconciled.clone()),
            delivery: explorer.delivery.clone(),
            key,
        },
    });
    effects
}

/// Asks for a window of the current rows table.
fn ask_rows(app: &mut App, anchor: Anchor) -> Vec<Effect> {
    let id = app.next_id();
    let Some(Level::Rows { table, .. }) = app.explorer.as_mut().map(Explorer::level_mut) else {
        return Vec::new();
    };
    let query = table.ask(id, anchor);
    vec![Effect::Fetch {
        id,
        request: PagerRequest::Rows(query),
    }]
}

fn enter(app: &mut App) -> Vec<Effect> {
    let Some(explorer) = app.explorer.as_mut() else {
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
        let id = app.next_id();
        let explorer = app.explorer.as_mut().expect("open");
        explorer.levels.push(Level::Record(RecordLevel {
            key: key.clone(),
            view: None,
            pending: Some(id),
            scroll: 0,
        }));
        return vec![Effect::Fetch {
            id,
            request: PagerRequest::Record {
                resource: Box::new(explorer.target.resource.clone()),
                reconciled: Box::new(explorer.target.reconciled.clone()),
                delivery: explorer.delivery.clone(),
                key,
            },
        }];
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

fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    if app.signoff.is_some() {
        return signoff::on_input(app, key);
    }
    if app.sql.is_some() {
        return sql::on_input(app, key);
    }
    if app.sample.as_ref().is_some_and(|s| s.form.is_some()) {
        return sample::on_form_input(app, key);
    }
    if app.defects.as_ref().is_some_and(|d| d.rejecting.is_some()) {
        match key {
            InputKey::Enter => {
                let text = app.input.take().unwrap_or_default();
                return defects::reject(app, text);
            }
            InputKey::Esc => {
                app.input = None;
                if let Some(d) = app.defects.as_mut() {
                    d.rejecting = None;
                }
            }
            InputKey::Char(c) => {
                if let Some(text) = app.input.as_mut() {
                    text.push(c);
                }
            }
            InputKey::Backspace => {
                if let Some(text) = app.input.as_mut() {
                    text.pop();
                }
            }
            // One-line inputs: typed at the end, no history.
            _ => {}
        }
        return Vec::new();
    }
    let commenting = app
        .checklist
        .as_ref()
        .is_some_and(|c| c.commenting.is_some());
    let Some(text) = app.input.as_mut() else {
        return Vec::new();
    };
    if commenting {
        match key {
            InputKey::Char(c) => text.push(c),
            InputKey::Backspace => {
                text.pop();
            }
            InputKey::Esc => {
                app.input = None;
                if let Some(screen) = app.checklist.as_mut() {
                    screen.commenting = None;
                }
            }
            InputKey::Enter => {
                let text = app.input.take().unwrap_or_default();
                return checklist::submit_comment(app, text);
            }
            // One-line inputs: typed at the end, no history.
            _ => {}
        }
        return Vec::new();
    }
    match key {
        InputKey::Char(c) => text.push(c),
        InputKey::Backspace => {
            text.pop();
        }
        InputKey::Esc => {
            app.input = None;
            set_filter(app, String::new());
            return Vec::new();
        }
        InputKey::Enter => {
            let text = app.input.take().unwrap_or_default();
            let in_rows = matches!(
                app.explorer.as_ref().map(Explorer::level),
                Some(Level::Rows { .. })
            );
            if in_rows {
                // A table of rows goes to the first key at or after the one typed
                // (a composite key as `recette keys` prints it: `a,b`).
                let key = text
                    .split(',')
                    .map(|p| Some(p.trim().to_string()))
                    .collect();
                return ask_rows(app, Anchor::AtOrAfter(key));
            }
            return Vec::new();
        }
        // A filter is typed at its end; no history.
        _ => return Vec::new(),
    }
    let text = text.clone();
    set_filter(app, text);
    Vec::new()
}

/// The filter of the list shown follows the text typed, letter by letter.
fn set_filter(app: &mut App, text: String) {
    match app.explorer.as_mut() {
        None if app.defects.is_some() => {
            if let Some(d) = app.defects.as_mut() {
                d.list.set_filter(text);
            }
        }
        None => app.home.list.set_filter(text),
        Some(e) => {
            if let Some(list) = e.list_mut() {
                list.set_filter(text);
            }
        }
    }
}
