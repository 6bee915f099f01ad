//! A column's causes: every differing value pair diagnosed, grouped by cause, largest
//! first, each with its merged detail, its top patterns and a suggestion.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::diagnose::{Diagnosis, diagnose};
use super::suggestion::{campaign_map_check_en, suggestion_en};
use super::vocabulary::Vocabulary;
use super::{CauseKind, Detail, Pattern};

/// Patterns kept per cause, like a column's `patterns`.
const PATTERNS_PER_CAUSE: usize = 10;

/// One cause of a column's differences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cause {
    pub kind: CauseKind,
    /// Keys, as `differing` counts them.
    pub rows: u64,
    pub detail: Detail,
    /// The cause's most frequent value pairs (at most ten; none for `duplicate`).
    pub patterns: Vec<Pattern>,
    /// What the integration team can do, in English (see `suggestion_fr` for French).
    pub suggestion: String,
    /// `mapping` only, apart on purpose: the campaign-map lines to check if the campaign's
    /// own map is wrong. recette never proposes to make its expectation match a delivery.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub if_campaign_map_wrong: Option<String>,
}

/// One line of a `mapping` cause's table: the integration team's map turned `expected`
/// into `delivered` for `keys` keys.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MappingLine {
    /// The source value(s) the campaign maps to `expected` (several joined by ` / `), when
    /// the column has a `map`: filled by [`Cause::attach_value_map`].
    pub source: Option<String>,
    pub expected: String,
    pub delivered: String,
    pub keys: u64,
    /// Rows of the column whose expected value is `expected` (`412` of `415`).
    pub expected_rows: Option<u64>,
}

impl Cause {
    fn new(kind: CauseKind, rows: u64, detail: Detail, patterns: Vec<Pattern>) -> Cause {
        let mut cause = Cause {
            kind,
            rows,
            detail,
            patterns,
            suggestion: String::new(),
            if_campaign_map_wrong: None,
        };
        cause.refresh_text();
        cause
    }

    /// Recomputes `suggestion` and `if_campaign_map_wrong` after the detail changed.
    pub fn refresh_text(&mut self) {
        self.suggestion = suggestion_en(self.kind, &self.detail);
        self.if_campaign_map_wrong = (self.kind == CauseKind::Mapping)
            .then(|| campaign_map_check_en(&self.detail))
            .flatten();
    }

    /// Names, for a `mapping` cause, the source values of each line from the column's
    /// `map` (source value → expected value).
    pub fn attach_value_map(&mut self, map: &BTreeMap<String, String>) {
        for line in &mut self.detail.mapping {
            let sources: Vec<&str> = map
                .iter()
                .filter(|(_, to)| **to == line.expected)
                .map(|(from, _)| from.as_str())
                .collect();
            line.source = (!sources.is_empty()).then(|| sources.join(" / "));
        }
        self.refresh_text();
    }
}

/// The causes of one column, largest first (ties in precedence order), from all its
/// distinct differing pairs of keys present once on each side and its count of differing
/// duplicated keys; `vocabulary` is the column's code set, if it has one.
pub fn causes(
    pairs: &[Pattern],
    duplicate_keys: u64,
    vocabulary: Option<&Vocabulary>,
) -> Vec<Cause> {
    let found: Result<_, std::convert::Infallible> =
        causes_with(pairs, duplicate_keys, |_| Ok(vocabulary.cloned()));
    found.unwrap_or_else(|never| match never {})
}

/// [`causes`], asking for the code set only when it could change a pair's cause (a pair
/// no rule before `mapping` explains): computing it reads the whole column. The question
/// comes with those pairs' delivered values (distinct, sorted): a pair is a `mapping` only
/// if its delivered value is a code, so a column where none of them is an expected value
/// needs no code set — that is cheaper to ask than the code set itself.
pub fn causes_with<E>(
    pairs: &[Pattern],
    duplicate_keys: u64,
    vocabulary: impl FnOnce(&[&str]) -> Result<Option<Vocabulary>, E>,
) -> Result<Vec<Cause>, E> {
    let diagnosed = Diagnosed::new(pairs, duplicate_keys);
    let delivered = diagnosed.delivered();
    let codes = match delivered.is_empty() {
        true => None,
        false => vocabulary(&delivered)?,
    };
    Ok(diagnosed.causes(codes.as_ref()))
}

/// A column's differing pairs diagnosed by every rule that needs nothing but the pair;
/// what is left is the column's code set, which may turn some of them into a `mapping`.
/// In two steps so that the engine asks about every column's code set at once.
pub struct Diagnosed<'a> {
    diagnosed: Vec<(&'a Pattern, Diagnosis)>,
    duplicate_keys: u64,
}

impl<'a> Diagnosed<'a> {
    pub fn new(pairs: &'a [Pattern], duplicate_keys: u64) -> Self {
        let differing: Vec<&Pattern> = pairs.iter().filter(|p| p.rows > 0).collect();
        let diagnosed = differing
            .iter()
            .copied()
            .zip(diagnose_all(&differing))
            .collect();
        Diagnosed {
            diagnosed,
            duplicate_keys,
        }
    }

    /// The delivered values of the pairs a code set could change (distinct, sorted): a
    /// `mapping` needs its delivered value to be a code. Empty: no code set is needed.
    pub fn delivered(&self) -> Vec<&'a str> {
        let found: BTreeSet<&str> = self
            .diagnosed
            .iter()
            .filter(|item| could_be_code(item))
            .filter_map(|(p, _)| p.migrated.as_deref())
            .collect();
        found.into_iter().collect()
    }

    /// The column's causes, given its code set if it has one, largest first.
    pub fn causes(self, vocabulary: Option<&Vocabulary>) -> Vec<Cause> {
        let mut diagnosed = self.diagnosed;
        if let Some(codes) = vocabulary {
            for (p, d) in diagnosed.iter_mut().filter(|item| could_be_code(item)) {
                *d = diagnose(p.expected.as_deref(), p.migrated.as_deref(), Some(codes));
            }
        }
        causes_of(diagnosed, self.duplicate_keys, vocabulary)
    }
}

/// A pair no rule before `mapping` explains, with a value on each side.
fn could_be_code((p, d): &(&Pattern, Diagnosis)) -> bool {
    d.kind > CauseKind::Mapping && p.expected.is_some() && p.migrated.is_some()
}

/// The causes of the diagnosed pairs, largest first (ties in precedence order).
fn causes_of(
    diagnosed: Vec<(&Pattern, Diagnosis)>,
    duplicate_keys: u64,
    vocabulary: Option<&Vocabulary>,
) -> Vec<Cause> {
    let mut by_kind: BTreeMap<CauseKind, Vec<(&Pattern, Diagnosis)>> = BTreeMap::new();
    for (pair, diagnosis) in diagnosed {
        by_kind
            .entry(diagnosis.kind)
            .or_default()
            .push((pair, diagnosis));
    }
    let mut out: Vec<Cause> = by_kind
        .into_iter()
        .map(|(kind, mut found)| {
            found.sort_by(|(a, _), (b, _)| {
                b.rows
                    .cmp(&a.rows)
                    .then_with(|| a.expected.cmp(&b.expected))
                    .then_with(|| a.migrated.cmp(&b.migrated))
            });
            let rows = found.iter().map(|(p, _)| p.rows).sum();
            let detail = merge(kind, &found, vocabulary);
            let patterns = found
                .iter()
                .take(PATTERNS_PER_CAUSE)
                .map(|(p, _)| (*p).clone())
                .collect();
            Cause::new(kind, rows, detail, patterns)
        })
        .collect();
    if duplicate_keys > 0 {
        out.push(Cause::new(
            CauseKind::Duplicate,
            duplicate_keys,
            Detail::default(),
            Vec::new(),
        ));
    }
    out.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.kind.cmp(&b.kind)));
    out
}

/// The cause of one differing pair of a column whose causes are known (a report's): as
/// [`diagnose`], the column's code set known through its `mapping` cause's table, which
/// lists every pair of that cause. `recette keys --cause` selects keys with it.
pub fn cause_of(expected: Option<&str>, migrated: Option<&str>, causes: &[Cause]) -> CauseKind {
    let mapped = causes
        .iter()
        .filter(|c| c.kind == CauseKind::Mapping)
        .flat_map(|c| &c.detail.mapping)
        .any(|line| {
            Some(line.expected.as_str()) == expected && Some(line.delivered.as_str()) == migrated
        });
    if mapped {
        CauseKind::Mapping
    } else {
        diagnose(expected, migrated, None).kind
    }
}

/// Below this many pairs a column is diagnosed on the calling thread: starting threads
/// would cost more than they save.
const PAIRS_PER_THREAD: usize = 4096;

/// Each pair's diagnosis, in order. A column where a third of 1M rows differ has 100,000
/// distinct pairs (µs each): they are shared among the machine's cores, since a cold check
/// must not wait on one core for them (issue 14: causes add at most 10%).
pub(super) fn diagnose_all(pairs: &[&Pattern]) -> Vec<Diagnosis> {
    let one = |p: &&Pattern| diagnose(p.expected.as_deref(), p.migrated.as_deref(), None);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(pairs.len().div_ceil(PAIRS_PER_THREAD));
    if threads <= 1 {
        return pairs.iter().map(one).collect();
    }
    let chunk = pairs.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let parts: Vec<_> = pairs
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(one).collect::<Vec<_>>()))
            .collect();
        parts
            .into_iter()
            .flat_map(|part| part.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// One cause summed over a resource's columns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceCause {
    pub kind: CauseKind,
    /// The columns' keys added up (a key differing in two columns counts twice).
    pub rows: u64,
    /// The columns where it shows, in the order given.
    pub columns: Vec<String>,
}

/// A resource's causes from its columns' (name, causes), largest first.
pub fn resource_causes<'a>(
    columns: impl IntoIterator<Item = (&'a str, &'a [Cause])>,
) -> Vec<ResourceCause> {
    let mut sums: BTreeMap<CauseKind, ResourceCause> = BTreeMap::new();
    for (column, causes) in columns {
        for cause in causes {
            let sum = sums.entry(cause.kind).or_insert_with(|| ResourceCause {
                kind: cause.kind,
                rows: 0,
                columns: Vec::new(),
            });
            sum.rows += cause.rows;
            sum.columns.push(column.to_string());
        }
    }
    let mut out: Vec<ResourceCause> = sums.into_values().collect();
    out.sort_by(|a, b| b.rows.cmp(&a.rows).then(a.kind.cmp(&b.kind)));
    out
}

/// The one value every item has, if they all have the same.
fn constant<T: PartialEq + Clone>(mut values: impl Iterator<Item = Option<T>>) -> Option<T> {
    let first = values.next()??;
    values.all(|v| v.as_ref() == Some(&first)).then_some(first)
}

/// A cause's detail from its values': what all share, the extremes, the table.
fn merge(
    kind: CauseKind,
    found: &[(&Pattern, Diagnosis)],
    vocabulary: Option<&Vocabulary>,
) -> Detail {
    let details = || found.iter().map(|(_, d)| &d.detail);
    let mut kinds: Vec<CauseKind> = details().flat_map(|d| d.kinds.iter().copied()).collect();
    kinds.sort();
    kinds.dedup();
    let mut detail = Detail {
        kinds: if kinds.len() > 1 { kinds } else { Vec::new() },
        length: details().filter_map(|d| d.length).max(),
        expected_length: details().filter_map(|d| d.expected_length).max(),
        years: constant(details().map(|d| d.years)),
        format: constant(details().map(|d| d.format.clone())),
        decimals: constant(details().map(|d| d.decimals)),
        ..Detail::default()
    };
    let mut decodings: BTreeMap<_, u64> = BTreeMap::new();
    for (pattern, d) in found {
        if let Some(decoding) = d.detail.decoding {
            *decodings.entry(decoding).or_default() += pattern.rows;
        }
    }
    detail.decoding = decodings
        .into_iter()
        .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
        .map(|(d, _)| d);
    let days: Vec<i64> = details().filter_map(|d| d.days).collect();
    match constant(days.iter().map(|d| Some(*d))) {
        Some(d) => detail.days = Some(d),
        None if !days.is_empty() => {
            detail.days_min = days.iter().min().copied();
            detail.days_max = days.iter().max().copied();
        }
        None => {}
    }
    detail.value = match kind {
        CauseKind::Filled => constant(found.iter().map(|(p, _)| p.migrated.clone())),
        _ => constant(details().map(|d| d.value.clone())),
    };
    if kind == CauseKind::Mapping {
        detail.mapping = mapping_table(found, vocabulary);
    }
    detail
}

/// Expected → delivered with their keys, most keys first.
fn mapping_table(
    found: &[(&Pattern, Diagnosis)],
    vocabulary: Option<&Vocabulary>,
) -> Vec<MappingLine> {
    let mut lines: BTreeMap<(&str, &str), u64> = BTreeMap::new();
    for (p, _) in found {
        if let (Some(e), Some(m)) = (&p.expected, &p.migrated) {
            *lines.entry((e.as_str(), m.as_str())).or_default() += p.rows;
        }
    }
    let mut out: Vec<MappingLine> = lines
        .into_iter()
        .map(|((expected, delivered), keys)| MappingLine {
            source: None,
            expected: expected.to_string(),
            delivered: delivered.to_string(),
            keys,
            expected_rows: vocabulary.and_then(|v| v.rows_of(expected)),
        })
        .collect();
    out.sort_by_key(|line| std::cmp::Reverse(line.keys));
    out
}
