//! Orders derived columns so that each one only uses those before it (TOML tables have no
//! order), and reports a cycle.

use std::collections::BTreeMap;

/// Returns the derived columns in dependency order, or a message naming the cycle.
///
/// A derived column "uses" another when that name appears in its SQL as a whole word:
/// a cheap, conservative reading (a false dependency only constrains the order).
pub fn order(derive: &BTreeMap<String, String>) -> Result<Vec<(String, String)>, String> {
    let uses = |expr: &str, name: &str| contains_word(expr, name);
    let mut done: Vec<(String, String)> = Vec::new();
    let mut pending: Vec<(&String, &String)> = derive.iter().collect();
    while !pending.is_empty() {
        let before = pending.len();
        pending.retain(|(name, expr)| {
            let blocked = derive.keys().any(|other| {
                other != *name && uses(expr, other) && !done.iter().any(|(d, _)| d == other)
            });
            if !blocked {
                done.push(((*name).clone(), (*expr).clone()));
            }
            blocked
        });
        if pending.len() == before {
            let names: Vec<&str> = pending.iter().map(|(n, _)| n.as_str()).collect();
            return Err(format!(
                "derived columns {} use each other in a cycle; break it so that one of them uses only source columns",
                names.join(", ")
            ));
        }
    }
    Ok(done)
}

/// True when `word` appears in `text` not surrounded by identifier characters
/// (quotes around it, as in `"date prévue"`, still count).
pub fn contains_word(text: &str, word: &str) -> bool {
    let is_ident = |c: char| c.is_alphanumeric() || c == '_';
    text.match_indices(word).any(|(i, _)| {
        let before = text[..i].chars().next_back();
        let after = text[i + word.len()..].chars().next();
        !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    #[test]
    fn orders_by_use() {
        let d = map(&[
            ("status", "CASE WHEN prescribed_on IS NOT NULL THEN 'P' END"),
            (
                "prescribed_on",
                "try_strptime(date_prescription, '%d/%m/%Y')",
            ),
        ]);
        let names: Vec<_> = order(&d).unwrap().into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["prescribed_on", "status"]);
    }

    #[test]
    fn reports_a_cycle() {
        let d = map(&[("a", "b + 1"), ("b", "a + 1"), ("c", "1")]);
        let e = order(&d).unwrap_err();
        assert!(e.contains("a, b"), "{e}");
    }

    #[test]
    fn words_not_substrings() {
        assert!(!contains_word("planned_on_x", "planned_on"));
        assert!(contains_word("\"planned_on\" + 1", "planned_on"));
    }
}
