//! Where a reconciliation's results are: the report and the three immutable result files
//! of the results folder. Plain data: the store writes and reads the files.

use std::path::{Path, PathBuf};

use super::report::ResourceReport;

/// The result of one resource against one delivery.
#[derive(Debug, Clone)]
pub struct Reconciled {
    pub report: ResourceReport,
    /// The keys and differences files (see `store::reconcile::result_plan`).
    pub files: ResultFiles,
}

/// The result files of a reconciliation (see `store::reconcile::result_plan` and
/// `null_keys_select`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultFiles {
    pub keys: PathBuf,
    pub differences: PathBuf,
    /// One row per row with a NULL key part: `side`, `row`, `k{j}`.
    pub null_keys: PathBuf,
}

impl ResultFiles {
    pub fn all(&self) -> [&Path; 3] {
        [&self.keys, &self.differences, &self.null_keys]
    }
}
