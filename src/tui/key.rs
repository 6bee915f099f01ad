//! One key as the keymap names it (`j`, `?`, `<Down>`, `<C-c>`) and as the footer and the
//! help show it. Must not import `app` or `duckdb`.

use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};

use crate::domain::i18n::Lang;

/// One key, as pressed: the code and whether Ctrl or Alt is held (Shift is part of the
/// character).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    pub fn from_event(event: &KeyEvent) -> Key {
        Key {
            code: event.code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        }
    }

    /// Whether the key types a character in a text input (no Ctrl, no Alt).
    pub fn is_text(&self) -> bool {
        matches!(self.code, KeyCode::Char(_)) && !self.ctrl && !self.alt
    }

    /// `j`, `?`, `<Down>`, `<C-c>`, `<A-Enter>`, `<F5>`...
    pub fn parse(text: &str) -> Option<Key> {
        let plain = |code| Key {
            code,
            ctrl: false,
            alt: false,
        };
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            return Some(plain(KeyCode::Char(c)));
        }
        let inner = text.strip_prefix('<')?.strip_suffix('>')?;
        for (prefix, ctrl) in [("C-", true), ("A-", false)] {
            if let Some(rest) = inner.strip_prefix(prefix) {
                let key = Key::parse(rest).or_else(|| Key::parse(&format!("<{rest}>")))?;
                return Some(Key {
                    ctrl: key.ctrl || ctrl,
                    alt: key.alt || !ctrl,
                    ..key
                });
            }
        }
        if let Some(n) = inner.strip_prefix('F').and_then(|n| n.parse::<u8>().ok()) {
            return (1..=12).contains(&n).then(|| plain(KeyCode::F(n)));
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
            "Delete" => KeyCode::Delete,
            _ => return None,
        };
        Some(plain(code))
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
            KeyCode::Delete => (if fr { "Suppr" } else { "Del" }).into(),
            KeyCode::F(n) => format!("F{n}"),
            other => format!("{other:?}"),
        };
        match (self.ctrl, self.alt) {
            (true, _) => format!("Ctrl-{base}"),
            (_, true) => format!("Alt-{base}"),
            _ => base,
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
    fn function_keys_ctrl_and_alt_parse_and_read_as_pressed() {
        let key = |text: &str| Key::parse(text).unwrap();
        assert_eq!(key("<F5>").code, KeyCode::F(5));
        assert!(key("<C-r>").ctrl && !key("<C-r>").alt);
        let alt_enter = key("<A-Enter>");
        assert_eq!((alt_enter.code, alt_enter.alt), (KeyCode::Enter, true));
        assert_eq!(
            Key::from_event(&KeyEvent::new(KeyCode::Enter, KeyModifiers::ALT)),
            alt_enter
        );
        assert_eq!(alt_enter.label(Lang::Fr), "Alt-Entrée");
        assert_eq!(key("<C-l>").label(Lang::En), "Ctrl-l");
        assert!(Key::parse("<F13>").is_none() && Key::parse("<C-Nope>").is_none());
        assert!(key("x").is_text() && !key("<C-x>").is_text() && !key("<F2>").is_text());
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
