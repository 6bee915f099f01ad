//! A likely mistake of the campaign, seen in the data rather than in its text: a `date`
//! format that most of a column's values do not follow, a value map that misses a value
//! many rows hold. `recette check` says them on stderr and the console on its status line,
//! each naming the column and the likely fix; they never change a count or a verdict.

use serde::{Deserialize, Serialize};

use super::i18n::{Catalogue, fill};

/// Past this share of a column's source values unparseable, its `date` format is more
/// likely wrong than its data (the "more than half").
const UNPARSEABLE_SHARE: f64 = 0.5;
/// A value missing from a map is worth a hint from this many rows, or from this share of
/// the rows when fewer is already one in a hundred.
const MISSING_VALUE_ROWS: u64 = 10;
const MISSING_VALUE_SHARE: f64 = 0.01;

/// A likely mistake of the campaign, with what the data says (`--format json` keeps these
/// names: fields may be added, never renamed).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Hint {
    /// More than half of the column's non-empty source values do not read with its `date`.
    DateFormat {
        column: String,
        format: String,
        /// Non-empty source values (rows kept by the rules).
        values: u64,
        unparseable: u64,
        /// The usual format that reads the most of the unparseable values, with how many.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        suggested: Option<String>,
        #[serde(default)]
        suggested_reads: u64,
    },
    /// A source value with no entry in the column's `map`, held by many rows.
    MapMissesValue {
        column: String,
        value: String,
        rows: u64,
        /// Rows kept by the rules: what `rows` is a share of.
        of: u64,
    },
}

impl Hint {
    /// Whether `unparseable` of `values` is enough to doubt the format itself.
    pub fn doubts_date_format(unparseable: u64, values: u64) -> bool {
        values > 0 && unparseable as f64 > values as f64 * UNPARSEABLE_SHARE
    }

    /// Whether a value missing from a map, held by `rows` of `of` rows, deserves a hint.
    pub fn is_missing_value_worth_saying(rows: u64, of: u64) -> bool {
        rows >= MISSING_VALUE_ROWS || (of > 0 && rows as f64 >= of as f64 * MISSING_VALUE_SHARE)
    }

    pub fn column(&self) -> &str {
        match self {
            Hint::DateFormat { column, .. } | Hint::MapMissesValue { column, .. } => column,
        }
    }

    /// The hint in words, for a person (the JSON keeps the fields).
    pub fn say(&self, t: &Catalogue) -> String {
        match self {
            Hint::DateFormat {
                column,
                format,
                values,
                unparseable,
                suggested,
                suggested_reads,
            } => {
                let head = fill(
                    t.hint_date_format,
                    &[
                        column,
                        &unparseable.to_string(),
                        &values.to_string(),
                        format,
                    ],
                );
                let fix = match suggested {
                    Some(s) => fill(t.hint_date_suggested, &[&suggested_reads.to_string(), s]),
                    None => t.hint_date_unknown.to_string(),
                };
                format!("{head}{fix}")
            }
            Hint::MapMissesValue {
                column,
                value,
                rows,
                of,
            } => fill(
                t.hint_map_misses,
                &[
                    column,
                    value,
                    &t.count(t.n_rows, *rows),
                    &of.to_string(),
                    value,
                ],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::Lang;

    #[test]
    fn more_than_half_unparseable_doubts_the_format() {
        assert!(!Hint::doubts_date_format(50, 100));
        assert!(Hint::doubts_date_format(51, 100));
        assert!(!Hint::doubts_date_format(0, 0));
    }

    #[test]
    fn a_missing_value_is_worth_saying_from_ten_rows_or_one_percent() {
        assert!(Hint::is_missing_value_worth_saying(10, 1_000_000));
        assert!(!Hint::is_missing_value_worth_saying(9, 1_000));
        assert!(Hint::is_missing_value_worth_saying(2, 200));
        assert!(!Hint::is_missing_value_worth_saying(1, 200));
    }

    #[test]
    fn hints_name_the_column_and_the_fix_in_both_languages() {
        let date = Hint::DateFormat {
            column: "birth_date".into(),
            format: "%d/%m/%Y".into(),
            values: 400,
            unparseable: 380,
            suggested: Some("%Y-%m-%d".into()),
            suggested_reads: 380,
        };
        let en = date.say(Lang::En.catalogue());
        assert!(
            en.contains("birth_date") && en.contains("380") && en.contains("%Y-%m-%d"),
            "{en}"
        );
        let fr = date.say(Lang::Fr.catalogue());
        assert!(
            fr.contains("birth_date") && fr.contains("date = \"%Y-%m-%d\""),
            "{fr}"
        );
        let map = Hint::MapMissesValue {
            column: "sex".into(),
            value: "I".into(),
            rows: 12,
            of: 400,
        };
        let fr = map.say(Lang::Fr.catalogue());
        assert!(
            fr.contains("`I`") && fr.contains("12 lignes") && fr.contains("I = "),
            "{fr}"
        );
        let json = serde_json::to_value(&map).unwrap();
        assert_eq!(json["kind"], "map_misses_value");
    }
}
