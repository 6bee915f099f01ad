//! A column's vocabulary: its code set, when it has one. A delivered value that is another
//! code of the same column is a `mapping` cause (a wrong value map or rule), not noise.

use std::collections::BTreeMap;

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
