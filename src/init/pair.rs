//! Which source file goes with which delivery file: above all by content — a delivery key
//! found in a source column, and the share of the delivery's columns whose values are
//! found in the source (dates and decimals compared whatever their writing) — then by
//! name (`salaries.csv` ↔ `employee.csv`), which only settles what content leaves even.

use super::key::{self, Key, KeyPart};
use super::names;
use super::overlap::Values;
use super::plan::Why;
use super::profile::FileProfile;

/// How two files were found to go together.
#[derive(Debug, Clone)]
pub struct Pair {
    pub source: usize,
    pub delivery: usize,
    /// The weighted share of the delivery's columns whose values are in the source.
    pub content: f64,
    pub name_likeness: f64,
    /// A single-column key found from the first reading.
    pub key: Option<Key>,
    /// Else the column to draw a composite key's rows on, and its share found.
    pub anchor: Option<(KeyPart, f64)>,
    score: f64,
}

/// What was paired, and what was not.
#[derive(Debug, Clone, Default)]
pub struct Pairing {
    pub pairs: Vec<Pair>,
    /// Delivery files left alone, with why.
    pub unpaired_delivery: Vec<(usize, Why)>,
    pub unpaired_source: Vec<usize>,
}

/// The lookup-ready values of every column of a file.
pub fn values_of(file: &FileProfile) -> Vec<Values> {
    file.columns
        .iter()
        .map(|c| Values::of(c, file.modulus))
        .collect()
}

/// The weight of a column in the content score: many distinct values say more than two.
fn weight(distinct: u64) -> f64 {
    ((distinct + 1) as f64).log10().min(4.0)
}

/// How well delivery `d` goes with source `s`, or `None` when nothing ties them.
fn candidate(
    (di, d, dv): (usize, &FileProfile, &[Values]),
    (si, s, sv): (usize, &FileProfile, &[Values]),
) -> Option<Pair> {
    let (mut total, mut weighted) = (0.0, 0.0);
    for (dc, column) in d.columns.iter().enumerate() {
        let distinct = column.distinct(d.modulus);
        if distinct < 2 {
            continue;
        }
        let best = sv
            .iter()
            .map(|s| dv[dc].found_in(s, false))
            .filter(|o| o.compared > 0)
            .map(|o| o.share)
            .fold(0.0, f64::max);
        total += weight(distinct);
        weighted += weight(distinct) * best;
    }
    let content = if total > 0.0 { weighted / total } else { 0.0 };
    let key = key::single(d, s, dv, sv);
    let anchor = match key {
        Some(_) => None,
        None => key::anchor(d, s, dv, sv),
    };
    let tie = match (&key, &anchor) {
        (Some(k), _) => k.found,
        (None, Some((_, share))) if content >= 0.3 => *share,
        _ => return None,
    };
    let name_likeness = names::similarity(&d.file.name, &s.file.name);
    Some(Pair {
        source: si,
        delivery: di,
        content,
        name_likeness,
        score: tie + content + 0.2 * name_likeness,
        key,
        anchor,
    })
}

/// Pairs each delivery file with at most one source file, the best scores first.
pub fn pair(
    sources: &[FileProfile],
    source_values: &[Vec<Values>],
    deliveries: &[FileProfile],
    delivery_values: &[Vec<Values>],
) -> Pairing {
    let mut candidates = Vec::new();
    for (di, d) in deliveries.iter().enumerate() {
        for (si, s) in sources.iter().enumerate() {
            if let Some(p) = candidate((di, d, &delivery_values[di]), (si, s, &source_values[si])) {
                candidates.push(p);
            }
        }
    }
    candidates.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut pairing = Pairing::default();
    let (mut d_taken, mut s_taken) = (vec![false; deliveries.len()], vec![false; sources.len()]);
    for c in &candidates {
        if !d_taken[c.delivery] && !s_taken[c.source] {
            d_taken[c.delivery] = true;
            s_taken[c.source] = true;
            pairing.pairs.push(c.clone());
        }
    }
    for (di, d) in deliveries.iter().enumerate() {
        if d_taken[di] {
            continue;
        }
        let why = match candidates.iter().find(|c| c.delivery == di) {
            Some(c) => Why::Taken {
                source: sources[c.source].file.name.clone(),
            },
            None => sources
                .iter()
                .map(|s| (names::similarity(&d.file.name, &s.file.name), &s.file.name))
                .filter(|(l, _)| *l >= 0.5)
                .max_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, name)| Why::NameOnly {
                    source: name.clone(),
                })
                .unwrap_or(Why::NoSourceHoldsIt),
        };
        pairing.unpaired_delivery.push((di, why));
    }
    pairing.unpaired_source = (0..sources.len()).filter(|&s| !s_taken[s]).collect();
    pairing.pairs.sort_by_key(|p| p.delivery);
    pairing
}
