//! The text transformations that make two values equal: each one forgets what one cause
//! changes (case, spaces, accents, separators, leading zeros). Applied to both sides.

/// `Martin` and `MARTIN` alike.
pub(super) fn fold_case(text: &str) -> String {
    text.to_lowercase()
}

/// Spaces that do not show: non-breaking and narrow spaces are `White_Space`; these are
/// not, yet a person cannot see them either.
fn is_invisible_space(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{2060}' | '\u{FEFF}')
}

/// Leading, trailing and repeated spaces (non-breaking ones too) forgotten: words joined by
/// one space.
pub(super) fn squeeze_spaces(text: &str) -> String {
    let visible: String = text.chars().filter(|c| !is_invisible_space(*c)).collect();
    visible.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Only letters and digits: separators, punctuation and spaces forgotten
/// (`04 70 12 34 56` and `04.70.12.34.56` are both `0470123456`). `?` and U+FFFD stay:
/// they stand for a lost character, not a separator.
pub(super) fn strip_punctuation(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '?' | '\u{FFFD}'))
        .collect()
}

/// `03100` and `3100` alike (and `000` and `0`).
pub(super) fn strip_leading_zeros(text: &str) -> String {
    text.trim_start_matches('0').to_string()
}

/// Lower-case letters with diacritics, by base letter. Upper-case ones are found through
/// their lower case. Ligatures are spelt out (`œ` → `oe`), as people type them without.
const ACCENTED: [(&str, &str); 22] = [
    ("àáâãäåāăą", "a"),
    ("çćĉċč", "c"),
    ("ďđ", "d"),
    ("èéêëēĕėęě", "e"),
    ("ĝğġģ", "g"),
    ("ĥħ", "h"),
    ("ìíîïĩīĭįı", "i"),
    ("ĵ", "j"),
    ("ķ", "k"),
    ("ĺļľŀł", "l"),
    ("ñńņňŉ", "n"),
    ("òóôõöøōŏő", "o"),
    ("ŕŗř", "r"),
    ("śŝşšș", "s"),
    ("ţťŧț", "t"),
    ("ùúûüũūŭůűų", "u"),
    ("ŵ", "w"),
    ("ýÿŷ", "y"),
    ("źżž", "z"),
    ("œ", "oe"),
    ("æ", "ae"),
    ("ß", "ss"),
];

fn base_of_lower(c: char) -> Option<&'static str> {
    ACCENTED
        .iter()
        .find(|(accented, _)| accented.contains(c))
        .map(|(_, base)| *base)
}

/// Combining diacritical marks (a text in decomposed form: `e` + U+0301).
fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Diacritics removed (`Hélène` → `Helene`, `ÉMERY` → `EMERY`), letters keep their case.
pub(super) fn strip_accents(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().filter(|c| !is_combining(*c)) {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(base) = base_of_lower(c) {
            out.push_str(base);
        } else if let Some(base) = c
            .to_lowercase()
            .next()
            .filter(|lower| *lower != c)
            .and_then(base_of_lower)
        {
            out.push_str(&base.to_uppercase());
        } else {
            out.push(c);
        }
    }
    out
}
