//! Masking personal data (health data about identifiable people) before it leaves the
//! machine as a file or machine-readable output. Pure: no I/O.
//!
//! The rule keeps the *kind* of a defect visible while hiding the value: the length is kept,
//! every non-ASCII character is kept (so mojibake such as `Ã©` still shows), and so are
//! punctuation, spaces and control characters; ASCII letters become `x` / `X` (case kept)
//! and ASCII digits become `9`. NULL stays NULL. See `docs/exports.md`.
//!
//! | value | masked |
//! |---|---|
//! | `Lhéritier` | `Xxéxxxxxx` |
//! | `LhÃ©ritier` | `XxÃ©xxxxxx` |
//! | `1 85 03 75 123 456 78` | `9 99 99 99 999 999 99` |
//! | `03100` / `3100` | `99999` / `9999` |
//! | `marie.dupont@exemple.fr` | `xxxxx.xxxxxx@xxxxxxx.xx` |

use super::causes::Cause;
use super::hint::Hint;
use super::report::{KeyValue, Pattern, ResourceReport};

/// Masks one value: ASCII letters → `x`/`X`, ASCII digits → `9`, everything else kept.
/// recette's own markers (`⟨unmapped: Z⟩`, `⟨unparseable: …⟩`) keep their word, so the
/// kind of defect stays readable: `⟨unmapped: X⟩`.
pub fn mask(value: &str) -> String {
    if let Some(rest) = value.strip_prefix('⟨')
        && let Some((word, inner)) = rest.split_once(": ")
        && word.chars().all(|c| c.is_ascii_lowercase() || c == ' ')
    {
        return format!("⟨{word}: {}", mask_chars(inner));
    }
    mask_chars(value)
}

fn mask_chars(value: &str) -> String {
    value
        .chars()
        .map(|c| match c {
            'a'..='z' => 'x',
            'A'..='Z' => 'X',
            '0'..='9' => '9',
            other => other,
        })
        .collect()
}

/// Masks a value that may be NULL; NULL stays NULL.
pub fn mask_opt(value: Option<&str>) -> Option<String> {
    value.map(mask)
}

/// Masks, in place, what a report shows of the personal columns `pii` (migrated column
/// names, `Resource::pii`): the value patterns (`expected` / `migrated`) of those columns
/// and of their causes (with the values a cause's detail and suggestion name), and the parts of every example key (resource and column examples) whose key column is
/// personal. Counts, column names and non-personal values are left as they are.
pub fn mask_report(report: &mut ResourceReport, pii: &[String]) {
    let is_pii = |name: &str| pii.iter().any(|p| p == name);
    for column in report.columns.iter_mut().filter(|c| is_pii(&c.name)) {
        for pattern in &mut column.patterns {
            mask_pattern(pattern);
        }
        column.causes.iter_mut().for_each(mask_cause);
    }
    for hint in &mut report.hints {
        if let Hint::MapMissesValue { column, value, .. } = hint
            && is_pii(column)
        {
            *value = mask_opt(Some(value)).unwrap_or_default();
        }
    }
    let personal_parts: Vec<usize> = report
        .key
        .iter()
        .enumerate()
        .filter(|(_, name)| is_pii(name))
        .map(|(j, _)| j)
        .collect();
    if personal_parts.is_empty() {
        return;
    }
    let mask_key = |key: &mut KeyValue| {
        for &j in &personal_parts {
            if let Some(part) = key.get_mut(j) {
                *part = mask_opt(part.as_deref());
            }
        }
    };
    report.examples.values_mut().flatten().for_each(mask_key);
    report
        .columns
        .iter_mut()
        .flat_map(|c| c.examples.iter_mut())
        .for_each(mask_key);
}

fn mask_pattern(pattern: &mut Pattern) {
    pattern.expected = mask_opt(pattern.expected.as_deref());
    pattern.migrated = mask_opt(pattern.migrated.as_deref());
}

/// A cause of a personal column: its patterns, the values its detail names (a default, a
/// source value, the mapping table), and so the sentences made from them.
fn mask_cause(cause: &mut Cause) {
    cause.patterns.iter_mut().for_each(mask_pattern);
    cause.detail.value = mask_opt(cause.detail.value.as_deref());
    for line in &mut cause.detail.mapping {
        line.source = mask_opt(line.source.as_deref());
        line.expected = mask(&line.expected);
        line.delivered = mask(&line.delivered);
    }
    cause.refresh_text();
}

#[cfg(test)]
mod marker_tests {
    use super::mask;

    #[test]
    fn markers_keep_their_word() {
        assert_eq!(mask("⟨unmapped: Z9⟩"), "⟨unmapped: X9⟩");
        assert_eq!(
            mask("⟨unparseable: 31/02/2023⟩"),
            "⟨unparseable: 99/99/9999⟩"
        );
        assert_eq!(mask("⟨Dupont: x⟩"), "⟨Xxxxxx: x⟩");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::causes::causes;
    use crate::domain::report::ColumnReport;

    #[test]
    fn letters_and_digits_are_hidden_the_rest_is_kept() {
        assert_eq!(mask("Dupont"), "Xxxxxx");
        assert_eq!(mask("Lhéritier"), "Xxéxxxxxx");
        assert_eq!(mask("1 85 03 75 123 456 78"), "9 99 99 99 999 999 99");
        assert_eq!(mask("marie.dupont@exemple.fr"), "xxxxx.xxxxxx@xxxxxxx.xx");
        assert_eq!(mask("12, rue de l'Église"), "99, xxx xx x'Éxxxxx");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn the_kind_of_defect_stays_visible() {
        // Mojibake keeps its tell-tale characters.
        assert_eq!(mask("LhÃ©ritier"), "XxÃ©xxxxxx");
        assert_eq!(mask("Ã‰mery"), "Ã‰xxxx");
        // A lost leading zero shows as a shorter value; a truncation as a shorter text.
        assert_eq!(
            (mask("03100"), mask("3100")),
            ("99999".into(), "9999".into())
        );
        // Trailing spaces, tabs and case are kept.
        assert_eq!(mask("Ab \t"), "Xx \t");
        // Length in characters is kept.
        let v = "Vendeuse en boulangerie-pâtisserie";
        assert_eq!(mask(v).chars().count(), v.chars().count());
    }

    #[test]
    fn null_stays_null() {
        assert_eq!(mask_opt(None), None);
        assert_eq!(mask_opt(Some("Émile")), Some("Éxxxx".into()));
    }

    fn report() -> ResourceReport {
        let pattern = |e: Option<&str>, m: Option<&str>| Pattern {
            expected: e.map(Into::into),
            migrated: m.map(Into::into),
            rows: 1,
        };
        let mut report = ResourceReport {
            name: "employee".into(),
            key: vec!["source_id".into(), "nir".into()],
            columns: vec![
                ColumnReport {
                    name: "last_name".into(),
                    differing: 1,
                    patterns: vec![pattern(Some("Émery"), Some("Ã‰mery"))],
                    examples: vec![vec![Some("200001".into()), Some("185037512345678".into())]],
                    causes: causes(
                        &[
                            pattern(Some("Émery"), Some("Ã‰mery")),
                            pattern(None, Some("1900-01-01")),
                        ],
                        0,
                        None,
                    ),
                    ..Default::default()
                },
                ColumnReport {
                    name: "sex".into(),
                    differing: 1,
                    patterns: vec![pattern(Some("female"), None)],
                    examples: vec![vec![Some("200002".into()), None]],
                    ..Default::default()
                },
            ],
            ..Default::default()
        };
        report.examples.insert(
            "missing".into(),
            vec![vec![Some("200003".into()), Some("2850375".into())]],
        );
        report
    }

    #[test]
    fn a_report_masks_personal_patterns_and_key_parts_only() {
        let mut r = report();
        mask_report(&mut r, &["last_name".into(), "nir".into()]);
        let last = &r.columns[0];
        assert_eq!(last.patterns[0].expected.as_deref(), Some("Éxxxx"));
        assert_eq!(last.patterns[0].migrated.as_deref(), Some("Ã‰xxxx"));
        assert_eq!(
            last.causes[0].patterns[0].expected.as_deref(),
            Some("Éxxxx")
        );
        let filled = &last.causes[1];
        assert_eq!(filled.detail.value.as_deref(), Some("9999-99-99"));
        assert!(
            filled.suggestion.contains("9999-99-99"),
            "{}",
            filled.suggestion
        );
        assert!(!filled.suggestion.contains("1900"));
        assert_eq!(
            last.examples[0],
            vec![Some("200001".into()), Some("999999999999999".into())]
        );
        // Not personal: patterns kept; NULL key part stays NULL.
        let sex = &r.columns[1];
        assert_eq!(sex.patterns[0].expected.as_deref(), Some("female"));
        assert_eq!(sex.patterns[0].migrated, None);
        assert_eq!(sex.examples[0], vec![Some("200002".into()), None]);
        assert_eq!(
            r.examples["missing"][0],
            vec![Some("200003".into()), Some("9999999".into())]
        );
    }

    #[test]
    fn no_personal_column_changes_nothing() {
        let mut r = report();
        mask_report(&mut r, &[]);
        assert_eq!(r, report());
    }
}
