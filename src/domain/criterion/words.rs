//! How a criterion is said: technically (`differing("last_name") <= 0`, the text of the
//! checklist and of JSON) or in a language's words with the columns by their labels
//! (`écarts sur Nom ≤ 0`), for the people who give verdicts.

use super::{CmpOp, ColumnFn, Criterion, Node, number, render};
use crate::domain::i18n::{Catalogue, fill};

/// The wording of criteria and of what they measured.
pub enum Wording<'a> {
    /// Names as the checklist writes them: `differing("last_name")`, `0.001`.
    Technical,
    /// Words of a catalogue; `label` gives a column's label from its technical name.
    Words {
        t: &'a Catalogue,
        label: &'a dyn Fn(&str) -> String,
    },
}

impl Wording<'_> {
    pub(super) fn number(&self, value: f64) -> String {
        match self {
            Wording::Technical => number(value),
            Wording::Words { t, .. } => t.number(value),
        }
    }

    /// A count of the report: `missing_rows`, or `manquants`.
    pub(super) fn count(&self, name: &str) -> String {
        let Wording::Words { t, .. } = self else {
            return name.to_string();
        };
        match name {
            "source_rows" => t.c_source_rows,
            "excluded_rows" => t.c_excluded_rows,
            "expected_rows" => t.c_expected_rows,
            "migrated_rows" => t.c_migrated_rows,
            "matched_keys" => t.c_matched_keys,
            "identical_rows" => t.c_identical_rows,
            "differing_rows" => t.c_differing_rows,
            "missing_rows" => t.c_missing_rows,
            "unexpected_rows" => t.c_unexpected_rows,
            "excluded_but_migrated_rows" => t.c_excluded_but_migrated_rows,
            "duplicate_keys_source" => t.c_duplicate_keys_source,
            "duplicate_keys_migrated" => t.c_duplicate_keys_migrated,
            "null_keys_source" => t.c_null_keys_source,
            "null_keys_migrated" => t.c_null_keys_migrated,
            "rows_in_missing_keys" => t.c_rows_in_missing_keys,
            "rows_in_unexpected_keys" => t.c_rows_in_unexpected_keys,
            "absent_columns" => t.c_absent_columns,
            other => other,
        }
        .to_string()
    }

    /// A per-column count: `differing("last_name")`, or `écarts sur Nom`.
    pub(super) fn column(&self, f: ColumnFn, column: &str) -> String {
        match self {
            Wording::Technical => format!("{}(\"{column}\")", f.name()),
            Wording::Words { t, label } => {
                let template = match f {
                    ColumnFn::Differing => t.c_differing,
                    ColumnFn::Unmapped => t.c_unmapped,
                    ColumnFn::Unparseable => t.c_unparseable,
                };
                fill(template, &[&label(column)])
            }
        }
    }

    /// Why a per-column count is unknown: the column is absent from the delivery, or is not
    /// compared.
    pub(super) fn unknown_column(&self, f: ColumnFn, column: &str, absent: bool) -> String {
        match self {
            Wording::Technical => {
                let why = if absent {
                    "is absent from this delivery"
                } else {
                    "is not a compared column of this report"
                };
                format!(
                    "{}(\"{column}\") unknown: column `{column}` {why}",
                    f.name()
                )
            }
            Wording::Words { t, .. } => {
                let template = if absent {
                    t.c_absent_column
                } else {
                    t.c_not_compared
                };
                fill(template, &[&self.column(f, column)])
            }
        }
    }

    pub(super) fn division_by_zero(&self, divisor: &str) -> String {
        match self {
            Wording::Technical => format!("division by zero: {divisor} = 0"),
            Wording::Words { t, .. } => fill(t.c_division_by_zero, &[divisor]),
        }
    }
}

impl Criterion {
    /// The criterion as `wording` says it: its own text when technical, else in words
    /// (`écarts sur Nom ≤ 0`, `manquants = 0 et inattendus = 0`).
    pub fn in_words(&self, wording: &Wording) -> String {
        match wording {
            Wording::Technical => self.text.clone(),
            Wording::Words { t, .. } => said(&self.root, wording, t, false),
        }
    }
}

/// A condition in words; `inside_and`: an `or` needs its parentheses there.
fn said(node: &Node, wording: &Wording, t: &Catalogue, inside_and: bool) -> String {
    match node {
        Node::Or(a, b) => {
            let text = format!(
                "{}{}{}",
                said(a, wording, t, false),
                t.c_or,
                said(b, wording, t, false)
            );
            if inside_and {
                format!("({text})")
            } else {
                text
            }
        }
        Node::And(a, b) => format!(
            "{}{}{}",
            said(a, wording, t, true),
            t.c_and,
            said(b, wording, t, true)
        ),
        Node::Compare(op, l, r) => {
            let sign = match op {
                CmpOp::Eq => "=",
                CmpOp::Ne => "≠",
                CmpOp::Le => "≤",
                CmpOp::Ge => "≥",
                CmpOp::Lt => "<",
                CmpOp::Gt => ">",
            };
            format!("{} {sign} {}", render(l, 0, wording), render(r, 0, wording))
        }
        other => render(other, 0, wording),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::Lang;
    use crate::domain::report::{ColumnReport, ResourceReport};

    fn label(column: &str) -> String {
        match column {
            "last_name" => "Nom".into(),
            other => other.into(),
        }
    }

    fn words(lang: Lang) -> Wording<'static> {
        Wording::Words {
            t: lang.catalogue(),
            label: &label,
        }
    }

    fn said(text: &str, lang: Lang) -> String {
        Criterion::parse(text).unwrap().in_words(&words(lang))
    }

    #[test]
    fn a_criterion_is_said_in_words_with_the_columns_labels() {
        assert_eq!(
            said("differing(\"last_name\") <= 0", Lang::Fr),
            "écarts sur Nom ≤ 0"
        );
        assert_eq!(
            said("differing(\"last_name\") <= 0", Lang::En),
            "differences in Nom ≤ 0"
        );
        assert_eq!(
            said("missing_rows == 0 and unexpected_rows != 0", Lang::Fr),
            "manquants = 0 et inattendus ≠ 0"
        );
        assert_eq!(
            said("differing_rows <= 0.001 * matched_keys", Lang::Fr),
            "lignes en écart ≤ 0,001 × clés rapprochées"
        );
        assert_eq!(
            said(
                "(missing_rows == 0 or unexpected_rows == 0) and absent_columns == 0",
                Lang::En
            ),
            "(missing = 0 or unexpected = 0) and absent columns = 0"
        );
        let technical = Criterion::parse("differing('last_name')<=0").unwrap();
        assert_eq!(
            technical.in_words(&Wording::Technical),
            "differing('last_name')<=0"
        );
    }

    #[test]
    fn what_was_measured_is_said_in_words_too() {
        let report = ResourceReport {
            matched_keys: 400,
            differing_rows: 12,
            columns: vec![ColumnReport {
                name: "last_name".into(),
                differing: 3,
                ..Default::default()
            }],
            absent_columns: vec!["email".into()],
            ..Default::default()
        };
        let measured = |text: &str| {
            Criterion::parse(text)
                .unwrap()
                .evaluate_in(&report, &words(Lang::Fr))
                .measured
        };
        assert_eq!(
            measured("differing(\"last_name\") <= 0"),
            "écarts sur Nom = 3"
        );
        assert_eq!(
            measured("differing_rows <= 0.001 * matched_keys"),
            "lignes en écart = 12 > 0,001 × clés rapprochées = 0,4"
        );
        assert_eq!(
            measured("differing(\"email\") == 0"),
            "écarts sur email inconnu : la colonne est absente de cette livraison"
        );
        // JSON keeps the technical text.
        let technical = Criterion::parse("differing(\"last_name\") <= 0")
            .unwrap()
            .evaluate(&report);
        assert_eq!(technical.measured, "differing(\"last_name\") = 3");
    }
}
