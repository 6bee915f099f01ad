//! Shared values between two columns of two files, measured on what both drew: the share
//! of one column's values found in the other, as text (for keys) or in canonical form (for
//! pairing files written differently: a date is a date however it is written).

use super::profile::ColumnProfile;
use super::sample::{self, HashSetOf, drawn_hash};
use super::values::canonical;

/// At most this many values of a column are looked up in another.
const LOOKUPS: usize = 2048;

/// A column's values, ready to be looked up, by the hashes of their text and of their
/// canonical form (64-bit hashes: a collision among a file's values is not a concern).
#[derive(Debug, Clone)]
pub struct Values {
    /// The modulus they were drawn with (1: every value).
    pub modulus: u64,
    /// (hash of the canonical form, hash of the text), sorted.
    items: Vec<(u64, u64)>,
    exact: HashSetOf<u64>,
    canon: HashSetOf<u64>,
}

/// The share of one column's values found in another, and on how many values.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Overlap {
    pub share: f64,
    pub compared: usize,
}

impl Values {
    /// The values of a column profiled with `modulus`: all of them for a small set.
    pub fn of(column: &ColumnProfile, modulus: u64) -> Values {
        let (modulus, mut items): (u64, Vec<(u64, u64)>) = match &column.small {
            Some(all) => (
                1,
                all.keys()
                    .map(|t| (sample::hash(&canonical(t)), sample::hash(t)))
                    .collect(),
            ),
            None => (
                modulus,
                column
                    .drawn
                    .iter()
                    .map(|(text, d)| (d.canonical, *text))
                    .collect(),
            ),
        };
        items.sort_unstable();
        Values {
            modulus,
            exact: items.iter().map(|(_, t)| *t).collect(),
            canon: items.iter().map(|(c, _)| *c).collect(),
            items,
        }
    }

    /// The share of these values found in `other`: as text when `exact`, else in
    /// canonical form. Compared on the values both sides drew (the larger modulus).
    pub fn found_in(&self, other: &Values, exact: bool) -> Overlap {
        let m = self.modulus.max(other.modulus);
        let mut compared = 0;
        let mut found = 0;
        for (c, t) in &self.items {
            if !drawn_hash(*c, m) {
                continue;
            }
            compared += 1;
            let hit = if exact {
                other.exact.contains(t)
            } else {
                other.canon.contains(c)
            };
            found += usize::from(hit);
            if compared == LOOKUPS {
                break;
            }
        }
        Overlap {
            share: if compared == 0 {
                0.0
            } else {
                found as f64 / compared as f64
            },
            compared,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::init::profile::Drawn;

    fn column(values: &[String], small: bool) -> ColumnProfile {
        let drawn = values
            .iter()
            .map(|v| {
                let d = Drawn {
                    canonical: sample::hash(&canonical(v)),
                    count: 1,
                };
                (sample::hash(v), d)
            })
            .collect();
        ColumnProfile {
            name: "c".into(),
            non_empty: values.len() as u64,
            small: small.then(|| values.iter().map(|v| (v.clone(), 1)).collect()),
            drawn,
        }
    }

    #[test]
    fn overlap_is_measured_as_text_or_as_what_the_values_mean() {
        let french: Vec<String> = (1..=28).map(|d| format!("{d:02}/03/2020")).collect();
        let iso: Vec<String> = (1..=14).map(|d| format!("2020-03-{d:02}")).collect();
        let (f, i) = (
            Values::of(&column(&french, false), 1),
            Values::of(&column(&iso, false), 1),
        );
        assert_eq!(i.found_in(&f, false).share, 1.0);
        assert_eq!(i.found_in(&f, true).share, 0.0);
        assert_eq!(f.found_in(&i, false).share, 0.5);
        assert_eq!(f.found_in(&i, false).compared, 28);
    }
}
