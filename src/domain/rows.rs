//! The windows of rows the console pages through and the single record it shows side by
//! side: what is asked (`RowsQuery`) and what comes back (`Window`, `RecordView`). Plain
//! data: the store answers the queries (`store::window`).

use super::campaign::Resource;
use super::causes::{Cause, CauseKind};
use super::report::{KeyCategory, KeyValue};
use super::results::ResultFiles;

/// Where a window sits in the ordered rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Anchor {
    /// The first rows.
    Start,
    /// The last rows.
    End,
    /// Rows from this key on (included).
    AtOrAfter(KeyValue),
    /// Rows up to this key (included).
    AtOrBefore(KeyValue),
}

/// Which rows a table lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowsFilter {
    /// Keys of a category (keys file); cells: rows expected, rows migrated.
    Category(KeyCategory),
    /// Differing keys whose column `slot` differs (differences file); cells: expected, migrated.
    Column { slot: usize },
    /// Keys present once on each side where column `slot` went from `expected` to `migrated`.
    Pattern {
        slot: usize,
        expected: Option<String>,
        migrated: Option<String>,
    },
    /// Differing keys of column `slot` whose difference has cause `kind`, as the column's
    /// `causes` (its report's) classify them (`duplicate`: keys held twice).
    Cause {
        slot: usize,
        kind: CauseKind,
        causes: Vec<Cause>,
    },
}

/// One window of one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowsQuery {
    pub source: RowsSource,
    pub anchor: Anchor,
    pub limit: usize,
    /// Rows in the order of one column, instead of the key's: the anchors are then
    /// positions (`["123"]`, from 0) in that order.
    pub order: Option<RowsOrder>,
    /// Only the rows where each of these columns holds its value (values of frequencies).
    pub only: Vec<RowsOnly>,
}

/// The columns of a table of result rows, as `RowsOrder` and `RowsOnly` count them: the
/// key's parts first, then the table's two cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowsOrder {
    pub column: usize,
    pub descending: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowsOnly {
    pub column: usize,
    /// The value as text (`None`: NULL).
    pub value: Option<String>,
}

/// How often each value of one column of a table of rows occurs (VisiData's `F`): the
/// most frequent first, at most as many as asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frequency {
    /// Each value as text (`None`: NULL) and its rows.
    pub values: Vec<(Option<String>, u64)>,
    /// Distinct values in all (more than `values` holds when cut).
    pub distinct: u64,
    pub rows: u64,
}

impl RowsQuery {
    /// The first window of `source`, in key order.
    pub fn new(source: RowsSource, limit: usize) -> RowsQuery {
        RowsQuery {
            source,
            anchor: Anchor::Start,
            limit,
            order: None,
            only: Vec::new(),
        }
    }

    /// Which result rows it lists (none for a query result).
    pub fn filter(&self) -> Option<&RowsFilter> {
        match &self.source {
            RowsSource::Results { filter, .. } => Some(filter),
            RowsSource::QueryResult => None,
        }
    }
}

/// What a table lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowsSource {
    /// Keys of a reconciliation's result files, two cells each (see `RowsFilter`).
    Results {
        key_count: usize,
        files: ResultFiles,
        filter: RowsFilter,
    },
    /// The SQL console's last result: keyed by row number (from 0), every column a cell.
    QueryResult,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WindowRow {
    pub key: KeyValue,
    pub cells: Vec<Option<String>>,
}

/// The rows of a window, in key order, and the query that produced them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Window {
    pub query: RowsQuery,
    pub rows: Vec<WindowRow>,
}

/// One record side by side: every column, expected beside migrated, and the raw source
/// values the expected ones come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordView {
    pub resource: String,
    pub key: KeyValue,
    /// `identical`, `differing`, `missing`...; `None` when the key is in no result.
    pub category: Option<String>,
    pub cells: Vec<RecordCell>,
    /// The raw values of the (first) source row of the key, per source column.
    pub source: Vec<(String, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordCell {
    pub column: String,
    pub differs: bool,
    /// `None`: NULL, or no row on that side.
    pub expected: Option<String>,
    pub migrated: Option<String>,
}

/// The slot of a compared column (its index in `[resource.columns]`), as result files name it.
pub fn slot_of(resource: &Resource, column: &str) -> Option<usize> {
    resource.columns.iter().position(|(name, _)| name == column)
}
