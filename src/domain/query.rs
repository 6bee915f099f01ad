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

/// The files a table of rows (the SQL console's result) is saved as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableFormat {
    /// A CSV file for French Excel (`;`, UTF-8 with a BOM).
    Csv,
    Xlsx,
}

impl TableFormat {
    pub fn extension(self) -> &'static str {
        match self {
            TableFormat::Csv => "csv",
            TableFormat::Xlsx => "xlsx",
        }
    }

    /// The format a file name says (`.xlsx`, else CSV).
    pub fn of(path: &str) -> TableFormat {
        if path.to_lowercase().ends_with(".xlsx") {
            TableFormat::Xlsx
        } else {
            TableFormat::Csv
        }
    }
}

/// A query run: its columns (name, DuckDB type), its row count, and what the user should
/// know besides (views that could not be made, a history that could not be written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    pub columns: Vec<(String, String)>,
    pub rows: u64,
    pub notes: Vec<String>,
}
