//! Making data safe to show a person: values from files, campaigns, journals and arguments
//! never reach a terminal (stderr, CLI tables and lists, the console, the Markdown export)
//! as control sequences or invisible characters. An ESC in a legacy field must not recolour
//! or clear the screen, a right-to-left override must not reverse what a line says, a
//! zero-width character must not shift cells. Data meant for programs (CSV, Parquet, JSON
//! values) is not passed through here.

use std::borrow::Cow;
use std::fmt::Write as _;

/// Whether `c` is shown escaped: C0 and C1 controls and DEL (terminals run them), the
/// zero-width and direction marks U+200B–U+200F, the bidirectional embeddings and overrides
/// U+202A–U+202E, the word joiner U+2060, the bidirectional isolates U+2066–U+2069 and the
/// byte-order mark / zero-width no-break space U+FEFF.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

/// A value as a person may see it on a terminal: every character of [`is_hidden`] shown as
/// a visible escape — `\n`, `\r`, `\t`, `\x1b` (C0, DEL, C1), `\u{202e}` (the others).
/// Everything else (accents, emoji, other scripts) is left as it is. Borrowed when nothing
/// needs escaping.
pub fn for_terminal(value: &str) -> Cow<'_, str> {
    if !value.chars().any(is_hidden) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_hidden(c) && (c as u32) < 0x100 => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Text recette composed for a person (a message, a rendered table) that may carry values:
/// its own line breaks kept, everything else as [`for_terminal`] shows it.
pub fn for_terminal_lines(text: &str) -> Cow<'_, str> {
    if !text.chars().any(|c| c != '\n' && is_hidden(c)) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<Cow<str>> = text.split('\n').map(for_terminal).collect();
    Cow::Owned(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::{for_terminal, for_terminal_lines, is_hidden};

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(for_terminal("a\u{1b}[31mrouge"), "a\\x1b[31mrouge");
        assert_eq!(for_terminal("l1\nl2\r\tx"), "l1\\nl2\\r\\tx");
        assert_eq!(for_terminal("\u{9b}2J"), "\\x9b2J");
        assert_eq!(for_terminal("\u{1b}]0;title\u{7}"), "\\x1b]0;title\\x07");
        assert_eq!(for_terminal("nul\0"), "nul\\x00");
    }

    #[test]
    fn every_listed_range_is_escaped_at_both_ends() {
        let hidden = [
            ('\u{0}', "\\x00"),
            ('\u{1f}', "\\x1f"),
            ('\u{7f}', "\\x7f"),
            ('\u{80}', "\\x80"),
            ('\u{9f}', "\\x9f"),
            ('\u{200b}', "\\u{200b}"),
            ('\u{200d}', "\\u{200d}"),
            ('\u{200f}', "\\u{200f}"),
            ('\u{202a}', "\\u{202a}"),
            ('\u{202e}', "\\u{202e}"),
            ('\u{2060}', "\\u{2060}"),
            ('\u{2066}', "\\u{2066}"),
            ('\u{2069}', "\\u{2069}"),
            ('\u{feff}', "\\u{feff}"),
        ];
        for (c, shown) in hidden {
            assert!(is_hidden(c), "U+{:04X}", c as u32);
            assert_eq!(for_terminal(&format!("a{c}b")), format!("a{shown}b"));
        }
    }

    #[test]
    fn neighbours_of_the_ranges_and_ordinary_text_are_left_alone() {
        for c in [
            ' ', '~', '\u{a0}', '\u{ad}', '\u{200a}', '\u{2010}', '\u{2029}', '\u{202f}',
            '\u{2061}', '\u{2065}', '\u{206a}', '\u{fefe}', '\u{ff00}',
        ] {
            assert!(!is_hidden(c), "U+{:04X}", c as u32);
        }
        for text in ["Cœur d’Allier", "Émery — 03100", "日本語", "👩‍⚕️"] {
            let shown = for_terminal(text);
            if text.contains('\u{200d}') {
                // An emoji sequence joined by U+200D is shown with the joiner escaped.
                assert_eq!(shown, text.replace('\u{200d}', "\\u{200d}"));
            } else {
                assert!(matches!(shown, std::borrow::Cow::Borrowed(_)), "{text}");
            }
        }
        assert_eq!(for_terminal("already \\x1b shown"), "already \\x1b shown");
    }

    #[test]
    fn composed_text_keeps_its_own_lines() {
        assert_eq!(
            for_terminal_lines("header: a\u{1b}[2J|b\r\nnext\tline\n"),
            "header: a\\x1b[2J|b\\r\nnext\\tline\n"
        );
        assert!(matches!(
            for_terminal_lines("two\nlines\n"),
            std::borrow::Cow::Borrowed(_)
        ));
        let once = for_terminal_lines("x\u{202e}y\n\u{9d}");
        assert_eq!(
            for_terminal_lines(&once),
            once,
            "escaping twice changes nothing"
        );
    }
}
