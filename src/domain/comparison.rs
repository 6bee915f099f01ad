//! What one delivery fixed, kept, broke and brought compared with the previous one, per
//! failure category and per compared column (`store::deliveries` computes it; the counts
//! are defined there).

use serde::{Deserialize, Serialize};

use super::report::KeyCategory;

/// What changed for one resource from one delivery to the next.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeliveryComparison {
    pub resource: String,
    /// The earlier delivery's id.
    pub previous: String,
    /// The later delivery's id.
    pub current: String,
    /// One line per category, in the order of `KeyCategory::ALL`.
    pub by_category: Vec<CategoryChange>,
    /// One line per column compared in both deliveries, in the campaign's order.
    pub by_column: Vec<ColumnChange>,
}

/// Keys of one failure category, by what happened to them between the two deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CategoryChange {
    /// `missing`, `unexpected`, `differing`, `excluded_but_migrated` or `duplicate`.
    pub category: String,
    pub fixed: u64,
    pub still_failing: u64,
    pub regressed: u64,
    pub new: u64,
}

/// Keys whose values of one column differ, by what happened to them between deliveries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnChange {
    pub column: String,
    pub fixed: u64,
    pub still_failing: u64,
    pub regressed: u64,
    pub new: u64,
}

impl DeliveryComparison {
    pub fn category(&self, category: KeyCategory) -> Option<&CategoryChange> {
        self.by_category
            .iter()
            .find(|c| c.category == category.name())
    }

    pub fn column(&self, name: &str) -> Option<&ColumnChange> {
        self.by_column.iter().find(|c| c.column == name)
    }

    /// Keys fixed since the previous delivery, summed over the categories (a key fixed in
    /// two categories counts twice, as on each category's line).
    pub fn fixed(&self) -> u64 {
        self.by_category.iter().map(|c| c.fixed).sum()
    }

    /// Keys that came back: right in the previous delivery, failing again in this one,
    /// summed over the categories.
    pub fn regressed(&self) -> u64 {
        self.by_category.iter().map(|c| c.regressed).sum()
    }

    /// Whether anything failed in either delivery.
    pub fn is_empty(&self) -> bool {
        self.by_category
            .iter()
            .all(|c| c.fixed + c.still_failing + c.regressed + c.new == 0)
    }
}
