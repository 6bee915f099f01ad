//! Shared values between two columns of two files, measured on what both drew: the share
//! of one column's values found in the other, as text (for keys) or in canonical form (for
//! pairing files written differently: a date is a date however it is written).

use std::collections::HashSet;

use super::profile::ColumnProfile;
use super::sample::{self, drawn_hash};
use super::values::canonical;

/// At most this many values of a column are looked up in another.
const LOOKUPS: usize = 2048;

/// A column's values, ready to be looked up.
#[derive(Debug, Clone)]
pub struct Values {
    /// The modulus they were drawn with (1: every value).
    pub modulus: u64,
    /// (hash of the canonical form, canonical form, text), by hash.
    items: Vec<(u64, String, String)>,
    exact: HashSet<String>,
    canon: HashSet<String>,
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
        let (modulus, texts): (u64, Vec<&String>) = match &column.small {
            Some(all) => (1, all.keys().collect()),
            None => (modulus, column.drawn.keys().collect()),
        };
        let mut items: Vec<(u64, String, String)> = texts
            .into_iter()
            .map(|t| {
                let c = canonical(t).into_owned();
                (sample::hash(&c), c, t.clone())
            })
            .collect();
        items.sort();
        let exact = items.iter().map(|(_, _, t)| t.clone()).collect();
        let canon = items.iter().map(|(_, c, _)| c.clone()).collect();
        Values {
            modulus,
            items,
            exact,
            canon,
        }
    }

    /// The share of these values found in `other`: as text when `exact`, else in
    /// canonical form. Compared on the values both sides drew (the larger modulus).
    pub fn found_in(&self, other: &Values, exact: bool) -> Overlap {
        let m = self.modulus.max(other.modulus);
        let mut compared = 0;
        let mut found = 0;
        for (h, c, t) in &self.items {
            if !drawn_hash(*h, m) {
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
    use crate::init::sample::ValueMap;

    fn column(values: &[String], small: bool) -> ColumnProfile {
        let counts: ValueMap<u64> = values.iter().map(|v| (v.clone(), 1)).collect();
        ColumnProfile {
            name: "c".into(),
            non_empty: values.len() as u64,
            small: small.then(|| counts.clone()),
            drawn: counts,
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
