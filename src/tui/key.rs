//! One key as the keymap names it (`j`, `?`, `<Down>`, `<C-c>`) and as the footer and the
//! help show it. Must not import `app` or `duckdb`.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::i18n::Lang;

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
