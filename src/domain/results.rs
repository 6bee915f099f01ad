//! Where a reconciliation's results are: the report and the two immutable result files
//! of the results folder. Plain data: the store writes and reads the files.

use std::path::PathBuf;

use super::report::ResourceReport;

/// The result of one resource against one delivery.
#[derive(Debug, Clone)]
pub struct Reconciled {
    pub report: ResourceReport,
    /// The keys and differences files (see `store::reconcile::result_plan`).
    pub files: ResultFiles,
}

/// The two result files of a reconciliation (see `store::reconcile::result_plan`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultFiles {
    pub keys: PathBuf,
    pub differences: PathBuf,
}
