//! The key of a resource: delivery columns (one, or a pair) unique on at least 99% of their
//! non-empty values — a delivery under test holds duplicates and test rows — whose values
//! are found, as text, in source columns themselves unique. Said with its match rate.

use super::names;
use super::overlap::Values;
use super::pii;
use super::profile::FileProfile;
use super::sample::{HashMapOf, HashSetOf};

/// Unique on at least this share of the non-empty values.
pub const UNIQUE: f64 = 0.99;
/// A source column holding a key is unique on at least this share (legacy data has
/// duplicates too, but a column of repeated references is no key).
const SOURCE_UNIQUE: f64 = 0.9;
/// A key is proposed when at least this share of its values is found in the source.
pub const FOUND: f64 = 0.5;

/// One column of a key: the delivery column and the source column that gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyPart {
    pub delivery: usize,
    pub source: usize,
}

/// A proposed key.
#[derive(Debug, Clone, PartialEq)]
pub struct Key {
    pub parts: Vec<KeyPart>,
    /// The share of the delivery's non-empty key values that are unique.
    pub uniqueness: f64,
    /// The share of the delivery's key values found in the source.
    pub found: f64,
    /// How many key values these shares were measured on.
    pub measured: usize,
}

/// How much a column's name says "identifier" (ids first, personal data last): settles
/// near ties between columns that are all unique and all found.
fn id_likeness(name: &str) -> i32 {
    let words = names::words(name);
    let id = words.iter().any(|w| {
        matches!(
            w.as_str(),
            "id" | "num" | "numero" | "no" | "code" | "key" | "cle" | "ref" | "reference"
        )
    });
    let source_id = words.len() == 2 && words[0] == "source" && words[1] == "id";
    i32::from(id) + 2 * i32::from(source_id) - 2 * i32::from(pii::by_name(name).is_some())
}

/// The best single-column key of delivery `d` whose values are in a column of source `s`.
pub fn single(
    d: &FileProfile,
    s: &FileProfile,
    d_values: &[Values],
    s_values: &[Values],
) -> Option<Key> {
    let mut found: Vec<(f64, i32, usize, KeyPart, f64, usize)> = Vec::new();
    for (dc, column) in d.columns.iter().enumerate() {
        if column.non_empty * 2 < d.rows || column.uniqueness() < UNIQUE {
            continue;
        }
        for (sc, source) in s.columns.iter().enumerate() {
            if source.uniqueness() < SOURCE_UNIQUE {
                continue;
            }
            let overlap = d_values[dc].found_in(&s_values[sc], true);
            if overlap.share >= FOUND && overlap.compared > 0 {
                let part = KeyPart {
                    delivery: dc,
                    source: sc,
                };
                let likeness = id_likeness(&column.name)
                    + i32::from(names::similarity(&column.name, &source.name) > 0.5);
                found.push((
                    overlap.share,
                    likeness,
                    dc,
                    part,
                    column.uniqueness(),
                    overlap.compared,
                ));
            }
        }
    }
    let best = found.iter().map(|f| f.0).fold(0.0, f64::max);
    // Among keys found nearly as often, the one named like an identifier, then the first.
    found
        .into_iter()
        .filter(|f| f.0 >= best - 0.02)
        .max_by(|a, b| a.1.cmp(&b.1).then(b.2.cmp(&a.2)).then(a.0.total_cmp(&b.0)))
        .map(|(share, _, _, part, uniqueness, measured)| Key {
            parts: vec![part],
            uniqueness,
            found: share,
            measured,
        })
}

/// The column to draw a composite key's rows on: a delivery column, not unique, mostly
/// filled, with the most distinct values found in a source column.
pub fn anchor(
    d: &FileProfile,
    s: &FileProfile,
    d_values: &[Values],
    s_values: &[Values],
) -> Option<(KeyPart, f64)> {
    let mut best: Option<(u64, f64, KeyPart)> = None;
    for (dc, column) in d.columns.iter().enumerate() {
        if column.non_empty * 10 < d.rows * 9 || column.distinct(d.modulus) < 2 {
            continue;
        }
        for (sc, _) in s.columns.iter().enumerate() {
            let overlap = d_values[dc].found_in(&s_values[sc], true);
            if overlap.share < FOUND {
                continue;
            }
            let distinct = column.distinct(d.modulus);
            let better = match best {
                None => true,
                Some((n, share, _)) => distinct > n || distinct == n && overlap.share > share,
            };
            if better {
                best = Some((
                    distinct,
                    overlap.share,
                    KeyPart {
                        delivery: dc,
                        source: sc,
                    },
                ));
            }
        }
    }
    best.map(|(_, share, part)| (part, share))
}

type Row = Vec<Option<String>>;

/// The share of unique values among the non-empty key values of `rows`, and how many.
fn uniqueness_of<'a>(keys: impl Iterator<Item = Option<Vec<&'a str>>>) -> (f64, usize) {
    let mut seen: HashMapOf<Vec<&str>, u32> = HashMapOf::default();
    let mut total = 0;
    for k in keys.flatten() {
        *seen.entry(k).or_default() += 1;
        total += 1;
    }
    if total == 0 {
        return (0.0, 0);
    }
    (seen.len() as f64 / total as f64, total)
}

fn key_of<'a>(row: &'a Row, columns: &[usize]) -> Option<Vec<&'a str>> {
    columns.iter().map(|&c| row[c].as_deref()).collect()
}

/// Measures a key on drawn rows: the delivery's uniqueness, and the share of its distinct
/// key values found in the source's drawn rows.
pub fn measure(parts: &[KeyPart], d_rows: &[Row], s_rows: &[Row]) -> Key {
    let dc: Vec<usize> = parts.iter().map(|p| p.delivery).collect();
    let sc: Vec<usize> = parts.iter().map(|p| p.source).collect();
    let (uniqueness, _) = uniqueness_of(d_rows.iter().map(|r| key_of(r, &dc)));
    let source: HashSetOf<Vec<&str>> = s_rows.iter().filter_map(|r| key_of(r, &sc)).collect();
    let delivered: HashSetOf<Vec<&str>> = d_rows.iter().filter_map(|r| key_of(r, &dc)).collect();
    let found = delivered.iter().filter(|k| source.contains(*k)).count();
    Key {
        parts: parts.to_vec(),
        uniqueness,
        found: if delivered.is_empty() {
            0.0
        } else {
            found as f64 / delivered.len() as f64
        },
        measured: delivered.len(),
    }
}

/// A key of two columns, the anchor and one more, on rows drawn on the anchor (so every
/// pair of a drawn anchor value is there): unique in the delivery, found in the source.
pub fn pair(
    anchor: KeyPart,
    d_columns: &[String],
    s_columns: &[String],
    d_rows: &[Row],
    s_rows: &[Row],
) -> Option<Key> {
    let mut best: Option<(f64, i32, Key)> = None;
    for second in 0..d_columns.len() {
        if second == anchor.delivery {
            continue;
        }
        let filled = d_rows.iter().filter(|r| r[second].is_some()).count();
        if filled * 10 < d_rows.len() * 9 {
            continue;
        }
        let (uniqueness, _) =
            uniqueness_of(d_rows.iter().map(|r| key_of(r, &[anchor.delivery, second])));
        if uniqueness < UNIQUE {
            continue;
        }
        for (source, source_name) in s_columns.iter().enumerate() {
            if source == anchor.source {
                continue;
            }
            let parts = [
                anchor,
                KeyPart {
                    delivery: second,
                    source,
                },
            ];
            let key = measure(&parts, d_rows, s_rows);
            if key.found < FOUND {
                continue;
            }
            let likeness = id_likeness(&d_columns[second])
                + i32::from(names::similarity(&d_columns[second], source_name) > 0.5);
            let better = match &best {
                None => true,
                Some((found, like, _)) => {
                    key.found > found + 0.02 || (key.found >= found - 0.02 && likeness > *like)
                }
            };
            if better {
                best = Some((key.found, likeness, key));
            }
        }
    }
    best.map(|(_, _, key)| key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &[&[&str]]) -> Vec<Row> {
        text.iter()
            .map(|r| {
                r.iter()
                    .map(|v| (!v.is_empty()).then(|| v.to_string()))
                    .collect()
            })
            .collect()
    }

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_pair_key_is_found_where_no_column_is_unique() {
        // employee_id, contract_no, start_on — against num_salarie, num_contrat, date_debut.
        let mut d = Vec::new();
        let mut s = Vec::new();
        for e in 0..200 {
            for c in 1..=(1 + e % 3) {
                let start = format!("{:02}", 1 + (e + c) % 28);
                d.push(vec![
                    format!("{}", 200_000 + e),
                    format!("{c}"),
                    format!("2020-01-{start}"),
                ]);
                s.push(vec![
                    format!("{}", 200_000 + e),
                    format!("{c}"),
                    format!("{start}/01/2020"),
                ]);
            }
        }
        let to_rows = |v: Vec<Vec<String>>| -> Vec<Row> {
            v.into_iter()
                .map(|r| r.into_iter().map(Some).collect())
                .collect()
        };
        let (d, s) = (to_rows(d), to_rows(s));
        let anchor = KeyPart {
            delivery: 0,
            source: 0,
        };
        let key = pair(
            anchor,
            &names(&["employee_id", "contract_no", "start_on"]),
            &names(&["num_salarie", "num_contrat", "date_debut"]),
            &d,
            &s,
        )
        .unwrap();
        assert_eq!(
            key.parts[1],
            KeyPart {
                delivery: 1,
                source: 1
            }
        );
        assert_eq!(key.found, 1.0);
        assert_eq!(key.uniqueness, 1.0);
    }

    #[test]
    fn measure_counts_duplicates_and_unknown_keys() {
        let d = rows(&[&["1"], &["2"], &["2"], &["TEST-1"]]);
        let s = rows(&[&["1"], &["2"], &["3"]]);
        let key = measure(
            &[KeyPart {
                delivery: 0,
                source: 0,
            }],
            &d,
            &s,
        );
        assert_eq!(key.uniqueness, 0.75);
        assert!((key.found - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(key.measured, 3);
    }

    #[test]
    fn identifiers_win_near_ties_and_personal_columns_lose_them() {
        assert!(id_likeness("source_id") > id_likeness("siret"));
        assert!(id_likeness("num_adherent") > id_likeness("email"));
        assert!(id_likeness("nir") < 0);
    }
}
