//! The SQL console's plain data: what its views are about and what a query gave
//! (`store::query` runs the session).

use super::results::ResultFiles;

/// What the views are about: the delivery shown and the result files of its resources
/// (those reconciled; a resource that failed has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryScope {
    pub delivery: String,
    pub results: Vec<(String, ResultFiles)>,
}

/// A query run: its columns (name, DuckDB type), its row count, and what the user should
/// know besides (views that could not be made, a history that could not be written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    pub columns: Vec<(String, String)>,
    pub rows: u64,
    pub notes: Vec<String>,
}
