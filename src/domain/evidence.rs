//! What the results say about one record: its category and the values of its differing
//! columns — the evidence a defect carries. Plain data: the store reads it.

use super::report::KeyValue;

/// One record of a reconciliation, as the results hold it.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyState {
    pub key: KeyValue,
    /// `identical`, `differing`, `missing`, `unexpected`, `excluded_but_migrated`,
    /// `excluded`; `None` when the key is on neither side.
    pub category: Option<String>,
    /// Compared columns that differ, with their values (values only for keys present once
    /// on each side).
    pub differences: Vec<ColumnDifference>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ColumnDifference {
    pub column: String,
    pub expected: Option<String>,
    pub migrated: Option<String>,
}

impl KeyState {
    /// True when nothing is wrong with this record in these columns (all when empty).
    pub fn is_clean_in(&self, columns: &[String]) -> bool {
        match self.category.as_deref() {
            Some("identical") | Some("excluded") | None => true,
            Some("differing") if !columns.is_empty() => {
                !self.differences.iter().any(|d| columns.contains(&d.column))
            }
            _ => false,
        }
    }
}
