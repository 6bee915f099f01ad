//! `update`: one message in, the state changed, the effects out. A key goes to the top
//! layer of the stack (home when there is none), whose handlers live beside its state;
//! a job's event goes where the registry of awaited jobs says (`receive`). Must not import
//! `tui`, `duckdb` or do any I/O.

use super::defect_form;
use super::stack::Screen;
use super::{
    Action, App, Effect, InputKey, Msg, Notice, checklist, defects, explorer, filter, home, sample,
    signoff, sql,
};

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
            // Terminals send a pasted line break as CR (tmux, most emulators), some as CRLF.
            let text = text.replace("\r\n", "\n").replace('\r', "\n");
            if on_top(app, |s| matches!(s, Screen::Sql(_))) {
                // A query keeps its line breaks, and is pasted whole, in one insertion.
                return sql::paste(app, &text);
            }
            // A one-line input (filter, title) gets spaces.
            let mut effects = Vec::new();
            for c in text.chars() {
                let c = if c == '\n' { ' ' } else { c };
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

/// Whether the top layer is one `which` accepts.
fn on_top(app: &App, which: impl Fn(&Screen) -> bool) -> bool {
    app.screens.top().is_some_and(|l| which(&l.screen))
}

/// Input files changed: the screens showing results of the old files close (never old
/// results beside new rows), home says which files, and every resource is reconciled
/// again. The SQL console and the defects stay: they read the files (or the journal) anew.
fn inputs_changed(app: &mut App, changed: Vec<crate::jobs::ChangedInput>) -> Vec<Effect> {
    if changed.is_empty() {
        return Vec::new();
    }
    app.close_where(|s| {
        !matches!(
            s,
            Screen::Explorer(_) | Screen::Sample(_) | Screen::Checklist(_)
        )
    });
    if app.sql().is_none() {
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

/// A key resolved through the keymap, for the top layer.
fn on_action(app: &mut App, action: Action) -> Vec<Effect> {
    if action == Action::Quit {
        return super::quit::request(app);
    }
    if on_top(app, |s| matches!(s, Screen::Help)) {
        if matches!(action, Action::Help | Action::Back) {
            app.close_top();
        }
        return Vec::new();
    }
    match action {
        Action::Help => {
            app.open(Screen::Help);
            return Vec::new();
        }
        Action::Filter => {
            filter::open(app);
            return Vec::new();
        }
        _ => {}
    }
    let Some(top) = app.screens.top() else {
        return home::on_key(app, action);
    };
    match &top.screen {
        Screen::Explorer(_) => explorer::keys::on_key(app, action),
        Screen::Checklist(_) => checklist::on_key(app, action),
        Screen::Defects(_) => defects::on_key(app, action),
        Screen::Sample(_) => sample::on_key(app, action),
        Screen::Sql(_) => sql::on_key(app, action),
        Screen::DefectForm(_) => defect_form::on_key(app, action),
        Screen::Summary(_) => sample::summary::on_key(app, action),
        // A prompt's keys are typed text; the help is handled above.
        Screen::Signoff(_) | Screen::Help => Vec::new(),
    }
}

/// A raw key while a text input has the focus: the prompt on top takes it, else the filter.
fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    let Some(top) = app.screens.top() else {
        return filter::on_input(app, key);
    };
    match &top.screen {
        Screen::Signoff(_) => signoff::on_input(app, key),
        Screen::Sql(_) => sql::on_input(app, key),
        Screen::DefectForm(_) => defect_form::on_input(app, key),
        Screen::Defects(d) if d.rejecting.is_some() => defects::on_reason_input(app, key),
        Screen::Checklist(c) if c.commenting.is_some() => checklist::on_comment_input(app, key),
        _ => filter::on_input(app, key),
    }
}

/// How far a move key moves a list or table: a line, a page, or to either end.
pub(super) fn movement(action: Action, page: isize) -> Option<isize> {
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

/// One line of text typed at its end (a comment, a reason, a title): characters and
/// Backspace edit it; the caller handles Enter and Esc.
pub(super) fn type_line(app: &mut App, key: InputKey) {
    let Some(text) = app.input.as_mut() else {
        return;
    };
    match key {
        InputKey::Char(c) => text.push(c),
        InputKey::Backspace => {
            text.pop();
        }
        // One-line inputs: typed at the end, no history.
        _ => {}
    }
}
