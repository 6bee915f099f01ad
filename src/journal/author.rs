//! Who is writing: `resolve_author`, the author's journal file name and initials. Pure
//! except for reading the environment in `resolve_author`.

/// The author of the actions of this session: `--as NAME` (`explicit`), else `RECETTE_USER`,
/// else the login name (`USER`, then `USERNAME` on Windows), else `"anonymous"`. Blank values
/// are skipped; the result is trimmed and never empty.
pub fn resolve_author(explicit: Option<&str>) -> String {
    resolve_author_with(explicit, |name| std::env::var(name).ok())
}

/// [`resolve_author`] with the environment lookup injected (for tests).
pub fn resolve_author_with(explicit: Option<&str>, env: impl Fn(&str) -> Option<String>) -> String {
    let from_env = ["RECETTE_USER", "USER", "USERNAME"]
        .into_iter()
        .filter_map(env);
    explicit
        .map(str::to_owned)
        .into_iter()
        .chain(from_env)
        .map(|name| name.trim().to_owned())
        .find(|name| !name.is_empty())
        .unwrap_or_else(|| "anonymous".to_owned())
}

/// The file stem of an author's journal file: `Marie Dupont` → `marie_dupont`.
///
/// Lower case (so that case-insensitive file systems agree), French accents folded
/// (`Élodie` → `elodie`), spaces become `_`; letters, digits, `-`, `_` and `.` are kept. Any
/// other character also becomes `_`, and then an 8-hex-digit hash of the full name is added
/// (`李雷` → `__-3f1c0a2b`) so that two such names cannot share a file. Never empty, never
/// starts with `.`, at most 64 characters before the hash.
pub fn file_stem(author: &str) -> String {
    let mut stem = String::new();
    let mut lossy = false;
    for c in author.trim().chars().flat_map(char::to_lowercase) {
        match c {
            'a'..='z' | '0'..='9' | '-' | '_' | '.' => stem.push(c),
            ' ' => stem.push('_'),
            _ => match fold_accent(c) {
                Some(ascii) => stem.push_str(ascii),
                None => {
                    stem.push('_');
                    lossy = true;
                }
            },
        }
    }
    if stem.is_empty() {
        stem.push_str("anonymous");
    }
    if stem.starts_with('.') {
        stem.replace_range(0..1, "_");
    }
    if stem.len() > 64 {
        stem.truncate(64);
        lossy = true;
    }
    if is_reserved_on_windows(&stem) {
        stem.push('_');
    }
    if lossy {
        stem.push_str(&format!("-{:08x}", fnv1a(author.trim().as_bytes()) as u32));
    }
    stem
}

/// The author's initials, upper case ASCII, 1 to 3 letters: `Marie Dupont` → `MD`,
/// `jean-pierre.martin` → `JPM`, `mdupont` → `MD` (a single word gives its first two
/// letters), `李雷` → `X`.
pub fn initials(author: &str) -> String {
    let folded: String = author
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| match fold_accent(c) {
            Some(ascii) => ascii.to_owned(),
            None => c.to_string(),
        })
        .collect();
    let words: Vec<&str> = folded
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.bytes().any(|b| b.is_ascii_alphabetic()))
        .collect();
    let letters: String = match words.as_slice() {
        [] => "x".to_owned(),
        [word] => word
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(2)
            .collect(),
        many => many
            .iter()
            .take(3)
            .filter_map(|w| w.chars().find(char::is_ascii_alphabetic))
            .collect(),
    };
    letters.to_ascii_uppercase()
}

/// FNV-1a, 64 bits: a hash that is stable across Rust versions and machines.
pub(crate) fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The ASCII spelling of a lower-case Latin letter with a diacritic (French and neighbours).
fn fold_accent(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => "a",
        'æ' => "ae",
        'ç' => "c",
        'è' | 'é' | 'ê' | 'ë' => "e",
        'ì' | 'í' | 'î' | 'ï' => "i",
        'ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => "o",
        'œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' => "u",
        'ý' | 'ÿ' => "y",
        'ß' => "ss",
        _ => return None,
    })
}

fn is_reserved_on_windows(stem: &str) -> bool {
    let base = stem.split('.').next().unwrap_or(stem);
    matches!(base, "con" | "prn" | "aux" | "nul")
        || (base.len() == 4
            && (base.starts_with("com") || base.starts_with("lpt"))
            && base.as_bytes()[3].is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(vars: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let vars: Vec<(String, String)> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |name| vars.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone())
    }

    #[test]
    fn author_precedence() {
        let all = env(&[("RECETTE_USER", "Marie"), ("USER", "mdupont")]);
        assert_eq!(resolve_author_with(Some(" Jean "), &all), "Jean");
        assert_eq!(resolve_author_with(Some("  "), &all), "Marie");
        assert_eq!(resolve_author_with(None, &all), "Marie");
        assert_eq!(
            resolve_author_with(None, env(&[("USER", "mdupont")])),
            "mdupont"
        );
        assert_eq!(
            resolve_author_with(None, env(&[("USERNAME", "win")])),
            "win"
        );
        assert_eq!(
            resolve_author_with(None, env(&[("RECETTE_USER", "")])),
            "anonymous"
        );
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("Marie Dupont"), "marie_dupont");
        assert_eq!(file_stem("Élodie Lefèvre"), "elodie_lefevre");
        assert_eq!(file_stem("jean-pierre.m"), "jean-pierre.m");
        assert_eq!(file_stem(""), "anonymous");
        assert_eq!(file_stem(".hidden"), "_hidden");
        assert_eq!(file_stem("CON"), "con_");
        let slash = file_stem("../etc/passwd");
        assert!(slash.starts_with("_._etc_passwd-"), "{slash}");
        assert!(!slash.contains('/'));
        assert_ne!(
            file_stem("李雷"),
            file_stem("韩梅"),
            "lossy names get a hash"
        );
        assert!(file_stem(&"a".repeat(300)).len() <= 64 + 9);
    }

    #[test]
    fn initials_for_defect_ids() {
        assert_eq!(initials("Marie Dupont"), "MD");
        assert_eq!(initials("jean-pierre.martin"), "JPM");
        assert_eq!(initials("mdupont"), "MD");
        assert_eq!(initials("Élodie"), "EL");
        assert_eq!(initials("anonymous"), "AN");
        assert_eq!(initials("李雷"), "X");
        assert_eq!(initials("Anne Marie de la Tour"), "AMD");
    }
}
