//! One key as the keymap names it (`j`, `?`, `<Down>`, `<C-c>`) and as the footer and the
//! help show it. Must not import `app` or `duckdb`.

use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};

use crate::domain::i18n::Lang;

/// One key, as pressed: the code and whether Ctrl is held (Shift is part of the character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
        }
    }

    /// `j`, `?`, `<Down>`, `<C-c>`...
    pub fn parse(text: &str) -> Option<Key> {
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Some(Key {
                code: KeyCode::Char(c),
                ctrl: false,
            });
        }
        let inner = text.strip_prefix('<')?.strip_suffix('>')?;
        if let Some(c) = inner.strip_prefix("C-") {
            let mut chars = c.chars();
            return match (chars.next(), chars.next()) {
                (Some(c), None) => Some(Key {
                    code: KeyCode::Char(c),
                    ctrl: true,
                }),
                _ => None,
            };
        }
        let code = match inner {
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PageUp" => KeyCode::PageUp,
            "PageDown" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "BackTab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            _ => return None,
        };
        Some(Key { code, ctrl: false })
    }

    /// How the key reads in the footer and the help.
    pub fn label(&self, lang: Lang) -> String {
        let fr = lang == Lang::Fr;
        let base = match self.code {
            KeyCode::Char(' ') => (if fr { "Espace" } else { "Space" }).to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::Up => "↑".into(),
            KeyCode::Down => "↓".into(),
            KeyCode::Left => "←".into(),
            KeyCode::Right => "→".into(),
            KeyCode::PageUp => "PgUp".into(),
            KeyCode::PageDown => "PgDn".into(),
            KeyCode::Home => "Home".into(),
            KeyCode::End => "End".into(),
            KeyCode::Enter => (if fr { "Entrée" } else { "Enter" }).into(),
            KeyCode::Esc => (if fr { "Échap" } else { "Esc" }).into(),
            KeyCode::Tab => "Tab".into(),
            KeyCode::BackTab => "⇧Tab".into(),
            KeyCode::Backspace => "⌫".into(),
            other => format!("{other:?}"),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

/// Whether a burst of events ends with Esc (perhaps the start of a cut escape sequence).
pub fn ends_in_escape(events: &[super::Event]) -> bool {
    matches!(
        events.last(),
        Some(super::Event::Terminal(TermEvent::Key(KeyEvent {
            code: KeyCode::Esc,
            ..
        })))
    )
}

/// Puts back together the escape sequences that a flood of input cut between two reads:
/// Esc then `[` (or `O`), parameters and a final character, read as separate keys, become
/// the one key they are (`Esc [ A` is ↑), instead of Esc and the text `[A`.
pub fn rejoin_escapes(events: Vec<super::Event>) -> Vec<super::Event> {
    let char_of = |e: &super::Event| match e {
        super::Event::Terminal(TermEvent::Key(KeyEvent {
            code: KeyCode::Char(c),
            modifiers,
            ..
        })) if !modifiers.contains(KeyModifiers::CONTROL) => Some(*c),
        _ => None,
    };
    let codes: Vec<Option<char>> = events.iter().map(char_of).collect();
    let escapes: Vec<bool> = events
        .iter()
        .map(|e| {
            matches!(
                e,
                super::Event::Terminal(TermEvent::Key(KeyEvent {
                    code: KeyCode::Esc,
                    ..
                }))
            )
        })
        .collect();
    let mut out = Vec::with_capacity(events.len());
    let mut skip = 0;
    for (i, event) in events.into_iter().enumerate() {
        if skip > 0 {
            skip -= 1;
            continue;
        }
        if escapes[i]
            && let Some(intro @ ('[' | 'O')) = codes.get(i + 1).copied().flatten()
        {
            let mut params = String::new();
            let mut j = i + 2;
            while let Some(c) = codes.get(j).copied().flatten() {
                if !(c.is_ascii_digit() || c == ';') {
                    break;
                }
                params.push(c);
                j += 1;
            }
            let code = codes
                .get(j)
                .copied()
                .flatten()
                .and_then(|last| sequence_key(intro, &params, last));
            if let Some(code) = code {
                out.push(super::Event::Terminal(TermEvent::Key(KeyEvent::new(
                    code,
                    KeyModifiers::NONE,
                ))));
                skip = j - i;
                continue;
            }
        }
        out.push(event);
    }
    out
}

/// The key of `ESC intro params last` (xterm's cursor and editing keys).
fn sequence_key(intro: char, params: &str, last: char) -> Option<KeyCode> {
    Some(match (intro, params, last) {
        (_, _, 'A') => KeyCode::Up,
        (_, _, 'B') => KeyCode::Down,
        (_, _, 'C') => KeyCode::Right,
        (_, _, 'D') => KeyCode::Left,
        (_, _, 'H') => KeyCode::Home,
        (_, _, 'F') => KeyCode::End,
        ('[', "1" | "7", '~') => KeyCode::Home,
        ('[', "4" | "8", '~') => KeyCode::End,
        ('[', "3", '~') => KeyCode::Delete,
        ('[', "5", '~') => KeyCode::PageUp,
        ('[', "6", '~') => KeyCode::PageDown,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::Event;

    fn key(code: KeyCode) -> Event {
        Event::Terminal(TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    fn codes(events: &[Event]) -> Vec<KeyCode> {
        events
            .iter()
            .map(|e| match e {
                Event::Terminal(TermEvent::Key(k)) => k.code,
                _ => KeyCode::Null,
            })
            .collect()
    }

    #[test]
    fn a_cut_escape_sequence_is_one_key_again() {
        let c = |c| key(KeyCode::Char(c));
        let burst = vec![
            c('x'),
            key(KeyCode::Esc),
            c('['),
            c('A'),
            key(KeyCode::Esc),
            c('['),
            c('3'),
            c('~'),
            key(KeyCode::Esc),
            c('O'),
            c('B'),
            key(KeyCode::Esc),
            c('q'),
            key(KeyCode::Esc),
        ];
        assert!(ends_in_escape(&burst));
        assert_eq!(
            codes(&rejoin_escapes(burst)),
            [
                KeyCode::Char('x'),
                KeyCode::Up,
                KeyCode::Delete,
                KeyCode::Down,
                KeyCode::Esc,
                KeyCode::Char('q'),
                KeyCode::Esc,
            ]
        );
    }
}
