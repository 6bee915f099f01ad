//! `/`: the text filter of the list shown (home's resources, the explorer's lists, the
//! defects), narrowed letter by letter as it is typed, or in a table of rows the key to go
//! to. Pure state; must not import `tui` or `duckdb`.

use super::explorer::Level;
use super::stack::Screen;
use super::{App, Effect, InputKey};
use crate::jobs::Anchor;

/// Opens the input on the list of the screen on top, with its current filter.
pub(super) fn open(app: &mut App) {
    let has_input = match app.screens.top().map(|l| &l.screen) {
        None => app.current_overview().is_some(),
        Some(Screen::Defects(_)) => true,
        Some(Screen::Explorer(e)) => !matches!(e.level(), Level::Record(_)),
        Some(_) => false,
    };
    if has_input {
        app.input = Some(current(app));
    }
}

fn current(app: &App) -> String {
    match app.screens.top().map(|l| &l.screen) {
        None => app.home.list.filter.clone(),
        Some(Screen::Defects(d)) => d.list.filter.clone(),
        Some(Screen::Explorer(e)) => e.list().map(|l| l.filter.clone()).unwrap_or_default(),
        Some(_) => String::new(),
    }
}

/// A key typed in the filter (or the key to go to).
pub(super) fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    let Some(text) = app.input.as_mut() else {
        return Vec::new();
    };
    match key {
        InputKey::Char(c) => text.push(c),
        InputKey::Backspace => {
            text.pop();
        }
        InputKey::Esc => {
            app.input = None;
            set(app, String::new());
            return Vec::new();
        }
        InputKey::Enter => {
            let text = app.input.take().unwrap_or_default();
            let in_rows = matches!(app.explorer().map(|e| e.level()), Some(Level::Rows { .. }));
            if in_rows {
                // A table of rows goes to the first key at or after the one typed
                // (a composite key as `recette keys` prints it: `a,b`).
                let key = text
                    .split(',')
                    .map(|p| Some(p.trim().to_string()))
                    .collect();
                return super::explorer::keys::ask_rows(app, Anchor::AtOrAfter(key));
            }
            return Vec::new();
        }
        // A filter is typed at its end; no history.
        _ => return Vec::new(),
    }
    let text = text.clone();
    set(app, text);
    Vec::new()
}

/// The filter of the list shown follows the text typed, letter by letter.
fn set(app: &mut App, text: String) {
    match app.screens.top_mut().map(|l| &mut l.screen) {
        None => app.home.list.set_filter(text),
        Some(Screen::Defects(d)) => d.list.set_filter(text),
        Some(Screen::Explorer(e)) => {
            if let Some(list) = e.list_mut() {
                list.set_filter(text);
            }
        }
        Some(_) => {}
    }
}
