//! A column's vocabulary: its code set, when it has one. A delivered value that is another
//! code of the same column is a `mapping` cause (a wrong value map or rule), not noise.

use std::collections::{BTreeMap, HashMap};

use super::{Pattern, is_marker};

/// A code set has at most this many distinct values…
pub const CODE_SET_MAX_VALUES: usize = 50;
/// …that cover at least this share of the column's rows.
pub const CODE_SET_MIN_COVERAGE: f64 = 0.99;

/// The codes of a column (from its expected values), with their row counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    codes: BTreeMap<String, u64>,
}

impl Vocabulary {
    /// The code set of a column whose non-NULL expected values are `counts` (value, rows;
    /// the most frequent values are enough, at least `CODE_SET_MAX_VALUES + 1` of them when
    /// there are more) out of `rows` non-NULL rows. `None` when the column has no code set:
    /// more than 50 values are needed to cover 99% of its rows, or its values hardly repeat
    /// (a ten-row table of ten names is not a code set: each code must be used twice on
    /// average). Engine markers (`⟨unmapped: X⟩`) are no codes: their rows are left out.
    pub fn from_counts(
        counts: impl IntoIterator<Item = (String, u64)>,
        rows: u64,
    ) -> Option<Vocabulary> {
        type Counts = Vec<(String, u64)>;
        let (markers, mut counts): (Counts, Counts) = counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .partition(|(value, _)| super::is_marker(value));
        let rows = rows.saturating_sub(markers.iter().map(|(_, n)| n).sum());
        counts.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        counts.truncate(CODE_SET_MAX_VALUES);
        let covered: u64 = counts.iter().map(|(_, n)| n).sum();
        let is_code_set = rows > 0
            && !counts.is_empty()
            && covered as f64 >= CODE_SET_MIN_COVERAGE * rows as f64
            && rows >= 2 * counts.len() as u64;
        is_code_set.then(|| Vocabulary {
            codes: counts.into_iter().collect(),
        })
    }

    /// Whether a column of at most `rows` rows is known to have no code set from its
    /// differing `pairs` alone, before reading it: each distinct expected value there has at
    /// least the rows of its pairs, and whichever `CODE_SET_MAX_VALUES` values are the
    /// column's most frequent, the others' rows are then more than a code set leaves out.
    /// A wide table's columns of names or numbers end here, without a scan.
    pub fn ruled_out(pairs: &[Pattern], rows: u64) -> bool {
        let mut known: HashMap<&str, u64> = HashMap::new();
        for pair in pairs {
            if let Some(value) = pair.expected.as_deref().filter(|v| !is_marker(v)) {
                *known.entry(value).or_default() += pair.rows;
            }
        }
        if known.len() <= CODE_SET_MAX_VALUES {
            return false;
        }
        let mut counts: Vec<u64> = known.into_values().collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let left_out: u64 = counts[CODE_SET_MAX_VALUES..].iter().sum();
        // `from_counts`' test, for the column most favourable to a code set: `rows` rows,
        // all but `left_out` of them covered.
        (rows.saturating_sub(left_out) as f64) < CODE_SET_MIN_COVERAGE * rows as f64
    }

    pub fn contains(&self, value: &str) -> bool {
        self.codes.contains_key(value)
    }

    /// Rows of the column whose expected value is this code.
    pub fn rows_of(&self, value: &str) -> Option<u64> {
        self.codes.get(value).copied()
    }

    pub fn len(&self) -> usize {
        self.codes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }
}
