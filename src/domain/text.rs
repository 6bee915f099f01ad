//! Making data safe to print: values from files never reach a terminal as control
//! sequences (an ESC in a legacy field must not recolour or move the screen).

/// Replaces control characters (C0, DEL, C1) by visible escapes such as `\u{1b}`;
/// tabs and newlines become `\t`, `\n`.
pub fn sanitize(value: &str) -> String {
    if !value.chars().any(char::is_control) {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len() + 8);
    for c in value.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::sanitize;

    #[test]
    fn escape_sequences_are_shown_not_run() {
        assert_eq!(sanitize("a\u{1b}[31mrouge"), "a\\u{1b}[31mrouge");
        assert_eq!(sanitize("l1\nl2"), "l1\\nl2");
        assert_eq!(sanitize("\u{9b}2J"), "\\u{9b}2J");
        assert_eq!(sanitize("Cœur d’Allier"), "Cœur d’Allier");
    }
}
