//! The SQL console's editor: the query typed at a cursor, on as many lines as it needs
//! (`Enter` starts a new one; `F5`, `Ctrl-R` or `Alt-Enter` run it), cleared in one key
//! (`Ctrl-L`); `↑`/`↓` move between its lines and, from its first or last line, walk the
//! campaign's history. The text is `App::input` while the editor has the keys. Pure state;
//! must not import `tui` or `duckdb`.

use super::{escape, run, save, top};
use crate::app::{Action, App, Effect, InputKey};

/// The byte offset of character `at` of `text` (its end when past it).
fn byte_at(text: &str, at: usize) -> usize {
    text.char_indices().nth(at).map_or(text.len(), |(i, _)| i)
}

/// The line of character `at` and its column; the lines' first characters and lengths.
fn line_of(text: &str, at: usize) -> (usize, usize, Vec<(usize, usize)>) {
    let mut lines = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let len = line.chars().count();
        lines.push((start, len));
        start += len + 1;
    }
    let n = lines
        .iter()
        .rposition(|(first, _)| *first <= at)
        .unwrap_or(0);
    (n, at - lines[n].0, lines)
}

/// A key of the editor's own section (keys that type nothing).
pub(super) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::RunQuery => run(app),
        Action::ClearQuery => {
            if let (Some((_, screen)), Some(text)) = (top(&mut app.screens), app.input.as_mut()) {
                text.clear();
                screen.text.clear();
                screen.cursor = 0;
                screen.recalled = None;
            }
            Vec::new()
        }
        Action::Newline | Action::Enter => on_input(app, InputKey::Char('\n')),
        Action::NextPane | Action::PreviousPane => on_input(app, InputKey::Tab),
        Action::Back => escape(app),
        _ => Vec::new(),
    }
}

/// A key typed in the editor (or in the name of the file the result is saved to).
pub(crate) fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    if top(&mut app.screens).is_some_and(|(_, s)| s.save.is_some()) {
        return save::on_input(app, key);
    }
    let history = &app.sql_history;
    let Some((_, screen)) = top(&mut app.screens) else {
        return Vec::new();
    };
    let text = app.input.get_or_insert_with(String::new);
    let len = text.chars().count();
    screen.cursor = screen.cursor.min(len);
    match key {
        InputKey::Char(c) => {
            text.insert(byte_at(text, screen.cursor), c);
            screen.cursor += 1;
        }
        InputKey::Backspace if screen.cursor > 0 => {
            screen.cursor -= 1;
            text.remove(byte_at(text, screen.cursor));
        }
        InputKey::Delete if screen.cursor < len => {
            text.remove(byte_at(text, screen.cursor));
        }
        InputKey::Backspace | InputKey::Delete => return Vec::new(),
        InputKey::Left | InputKey::Right | InputKey::Home | InputKey::End => {
            screen.cursor = match key {
                InputKey::Left => screen.cursor.saturating_sub(1),
                InputKey::Right => (screen.cursor + 1).min(len),
                InputKey::Home => 0,
                _ => len,
            };
            return Vec::new();
        }
        InputKey::Up | InputKey::Down => {
            let up = key == InputKey::Up;
            // Within the query, a line up or down, at the same column when it can.
            let (line, column, lines) = line_of(text, screen.cursor);
            let next = if up {
                line.checked_sub(1)
            } else {
                Some(line + 1).filter(|n| *n < lines.len())
            };
            if let Some(n) = next {
                let (first, len) = lines[n];
                screen.cursor = first + column.min(len);
                return Vec::new();
            }
            // From its first or last line, the history.
            let last = history.len();
            let at = match (up, screen.recalled) {
                (true, None) => last.checked_sub(1),
                (true, Some(i)) => Some(i.saturating_sub(1)),
                (false, Some(i)) if i + 1 < last => Some(i + 1),
                _ => None,
            };
            screen.recalled = at;
            *text = at
                .map(|i| history[i].clone())
                .unwrap_or_else(|| screen.text.clone());
            screen.cursor = text.chars().count();
            return Vec::new();
        }
        // Tab: to the result, the query kept.
        InputKey::Tab | InputKey::BackTab => {
            screen.text = text.clone();
            if screen.result.is_some() {
                app.input = None;
            }
            return Vec::new();
        }
        InputKey::Esc => return escape(app),
        // A new line (the runtime resolves `Enter` through the editor's keys first).
        InputKey::Enter => return on_input(app, InputKey::Char('\n')),
    }
    screen.text = text.clone();
    screen.recalled = None;
    Vec::new()
}

/// Text pasted into the editor, inserted at the cursor (into a file name, at its end).
pub fn paste(app: &mut App, pasted: &str) -> Vec<Effect> {
    let (Some((_, screen)), Some(text)) = (top(&mut app.screens), app.input.as_mut()) else {
        return Vec::new();
    };
    if screen.save.is_some() {
        text.push_str(&pasted.replace('\n', ""));
        return Vec::new();
    }
    let at = screen.cursor.min(text.chars().count());
    text.insert_str(byte_at(text, at), pasted);
    screen.cursor = at + pasted.chars().count();
    screen.text = text.clone();
    screen.recalled = None;
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::line_of;

    #[test]
    fn a_cursor_knows_its_line_and_column() {
        let text = "SELECT 1\nFROM t\n\nWHERE x";
        assert_eq!(line_of(text, 0).0, 0);
        let (line, column, _) = line_of(text, 12);
        assert_eq!((line, column), (1, 3));
        let (line, column, lines) = line_of(text, 16);
        assert_eq!((line, column), (2, 0), "the empty line");
        assert_eq!(lines, [(0, 8), (9, 6), (16, 0), (17, 7)]);
        assert_eq!(line_of(text, 24).0, 3, "the end");
    }
}
