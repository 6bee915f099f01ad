//! The reconciliation report of one delivery: the counts of the engine issue by their
//! contract names, and the rule that says whether a resource passes.
//!
//! This is the `--format json` schema (`"schema": 1`), documented in `docs/check-json.md`:
//! fields may be added, never renamed.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A differing (expected, migrated) pair with its keys: one type for a column's patterns
/// and a cause's.
pub use super::causes::Pattern;
use super::causes::{Cause, ResourceCause};
use super::hint::Hint;

pub const SCHEMA_VERSION: u32 = 1;

/// One key value: one entry per key column, `None` for NULL.
pub type KeyValue = Vec<Option<String>>;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CheckReport {
    pub schema: u32,
    pub campaign: String,
    pub delivery: String,
    pub resources: Vec<ResourceReport>,
    /// The checklist's automated items, when the campaign has a checklist: then they, and
    /// not the fixed rule of `ResourceReport::passes`, decide the verdict.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub checklist: Vec<CheckedItem>,
    pub verdict: Verdict,
}

/// An automated checklist item computed on this delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedItem {
    pub resource: String,
    pub item: String,
    pub label: String,
    pub criterion: String,
    pub passed: bool,
    /// The measured values, as people read them (`missing_rows = 4`).
    pub measured: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResourceReport {
    pub name: String,
    pub key: Vec<String>,
    pub source_rows: u64,
    pub excluded_rows: u64,
    pub expected_rows: u64,
    pub migrated_rows: u64,
    pub matched_keys: u64,
    pub identical_rows: u64,
    pub differing_rows: u64,
    pub missing_rows: u64,
    pub unexpected_rows: u64,
    pub excluded_but_migrated_rows: u64,
    pub duplicate_keys_source: u64,
    pub duplicate_keys_migrated: u64,
    pub null_keys_source: u64,
    pub null_keys_migrated: u64,
    pub rows_in_missing_keys: u64,
    pub rows_in_unexpected_keys: u64,
    pub columns: Vec<ColumnReport>,
    /// Migrated columns carried along but not compared (not in `[resource.columns]`).
    pub unmapped_migrated_columns: Vec<String>,
    /// Columns of `[resource.columns]` that this delivery's file lacks.
    pub absent_columns: Vec<String>,
    /// A few keys per category (`missing`, `unexpected`, `differing`, ...).
    pub examples: BTreeMap<String, Vec<KeyValue>>,
    /// What a person should know about how the files were read (a trailing delimiter set
    /// aside, an unnamed column named, dates read with `%y` that fall after today): one
    /// line each, never a failure.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<String>,
    /// The columns' causes summed per kind, largest first.
    #[serde(default)]
    pub causes: Vec<ResourceCause>,
    /// Likely mistakes of the campaign seen in the data (a `date` format most values do
    /// not follow, a map missing a frequent value): said, never counted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hints: Vec<Hint>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    pub name: String,
    /// Matched keys whose values of this column differ.
    pub differing: u64,
    /// Source rows whose value is missing from the column's `map`.
    pub unmapped: u64,
    /// Source rows whose value its `date` / `decimal_comma` setting cannot parse.
    pub unparseable: u64,
    /// The ten most frequent (expected, migrated) pairs among differing keys present once
    /// on each side.
    pub patterns: Vec<Pattern>,
    pub examples: Vec<KeyValue>,
    /// Every differing key of the column diagnosed: its causes, largest first; their
    /// `rows` add up to `differing` (see `docs/causes.md`).
    #[serde(default)]
    pub causes: Vec<Cause>,
}

/// The key categories that `recette keys` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyCategory {
    Missing,
    Unexpected,
    Differing,
    ExcludedButMigrated,
    Duplicate,
    /// Rows with a NULL key part, never matched: listed as rows (file and row number),
    /// not as keys.
    NullKey,
}

impl KeyCategory {
    pub fn name(self) -> &'static str {
        match self {
            KeyCategory::Missing => "missing",
            KeyCategory::Unexpected => "unexpected",
            KeyCategory::Differing => "differing",
            KeyCategory::ExcludedButMigrated => "excluded_but_migrated",
            KeyCategory::Duplicate => "duplicate",
            KeyCategory::NullKey => "null_key",
        }
    }

    pub fn from_name(name: &str) -> Option<KeyCategory> {
        KeyCategory::LISTED.into_iter().find(|c| c.name() == name)
    }

    /// Every category `recette keys` and the console list: the key categories, then the
    /// rows with a NULL key part.
    pub const LISTED: [KeyCategory; 6] = [
        KeyCategory::Missing,
        KeyCategory::Unexpected,
        KeyCategory::Differing,
        KeyCategory::ExcludedButMigrated,
        KeyCategory::Duplicate,
        KeyCategory::NullKey,
    ];

    /// The categories of keys (of the keys file, compared across deliveries key by key).
    pub const ALL: [KeyCategory; 5] = [
        KeyCategory::Missing,
        KeyCategory::Unexpected,
        KeyCategory::Differing,
        KeyCategory::ExcludedButMigrated,
        KeyCategory::Duplicate,
    ];
}

impl ResourceReport {
    /// The acceptance rule used until checklists exist: nothing missing, unexpected,
    /// differing, excluded-but-migrated or duplicated, and every compared column present.
    pub fn passes(&self) -> bool {
        self.missing_rows == 0
            && self.unexpected_rows == 0
            && self.differing_rows == 0
            && self.excluded_but_migrated_rows == 0
            && self.duplicate_keys_source == 0
            && self.duplicate_keys_migrated == 0
            && self.absent_columns.is_empty()
    }

    /// Rows with a NULL key part, both sides (expected rows and delivered rows).
    pub fn null_key_rows(&self) -> u64 {
        self.null_keys_source + self.null_keys_migrated
    }

    pub fn column(&self, name: &str) -> Option<&ColumnReport> {
        self.columns.iter().find(|c| c.name == name)
    }
}

impl CheckReport {
    pub fn new(campaign: String, delivery: String, resources: Vec<ResourceReport>) -> CheckReport {
        let verdict = if resources.iter().all(ResourceReport::passes) {
            Verdict::Pass
        } else {
            Verdict::Fail
        };
        CheckReport {
            schema: SCHEMA_VERSION,
            campaign,
            delivery,
            resources,
            checklist: Vec::new(),
            verdict,
        }
    }

    /// The verdict follows the checklist's automated items (all must pass); a compared
    /// column missing from the delivery still fails, whatever the checklist says.
    pub fn with_checklist(mut self, items: Vec<CheckedItem>) -> CheckReport {
        let complete = self.resources.iter().all(|r| r.absent_columns.is_empty());
        self.verdict = if complete && items.iter().all(|i| i.passed) {
            Verdict::Pass
        } else {
            Verdict::Fail
        };
        self.checklist = items;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_single_failing_count_fails_the_campaign() {
        let ok = ResourceReport {
            name: "a".into(),
            ..Default::default()
        };
        let dup = ResourceReport {
            duplicate_keys_migrated: 1,
            ..ok.clone()
        };
        assert_eq!(
            CheckReport::new("c".into(), "L1".into(), vec![ok.clone()]).verdict,
            Verdict::Pass
        );
        assert_eq!(
            CheckReport::new("c".into(), "L1".into(), vec![ok.clone(), dup]).verdict,
            Verdict::Fail
        );
        let absent = ResourceReport {
            absent_columns: vec!["x".into()],
            ..ok
        };
        assert!(!absent.passes());
    }
}
