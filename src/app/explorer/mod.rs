//! The diff explorer, the integration engineer's path: categories → (differing) columns
//! with counts → value patterns → the rows of a pattern → one record side by side. A stack
//! of levels, the breadcrumb. Pure state; must not import `tui` or `duckdb`.

pub mod keys;

use super::list::ListState;
use super::table::RowsTable;
use crate::domain::report::{ColumnReport, KeyCategory, KeyValue, Pattern, ResourceReport};
use crate::domain::rows::{RowsFilter, RowsSource, slot_of};
use crate::jobs::{Anchor, RecordView, ResourceOverview, RowsQuery};

#[derive(Debug, Clone)]
pub struct Explorer {
    /// The resource explored, as reconciled when the explorer opened.
    pub target: Box<ResourceOverview>,
    /// The delivery it was reconciled against.
    pub delivery: String,
    /// From the categories (first) to the level shown (last); never empty.
    pub levels: Vec<Level>,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Level {
    Categories(ListState),
    Columns(ListState),
    Patterns { column: String, list: ListState },
    Rows { of: RowsOf, table: Box<RowsTable> },
    Record(RecordLevel),
}

/// What a rows table lists, for its title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowsOf {
    Category(KeyCategory),
    Column(String),
    Pattern {
        column: String,
        expected: Option<String>,
        migrated: Option<String>,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordLevel {
    pub key: KeyValue,
    /// The record, once read (`None`: being read).
    pub view: Option<RecordView>,
    /// First column shown.
    pub scroll: usize,
}

/// An entry of the value patterns list: a pattern, or every row where the column differs
/// (the report keeps the ten most frequent patterns; duplicated keys have none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternItem<'a> {
    Pattern(&'a Pattern),
    AllRows(u64),
}

/// The categories and their key counts.
pub fn categories(report: &ResourceReport) -> Vec<(KeyCategory, u64)> {
    KeyCategory::LISTED
        .into_iter()
        .map(|c| {
            let n = match c {
                KeyCategory::Missing => report.missing_rows,
                KeyCategory::Unexpected => report.unexpected_rows,
                KeyCategory::Differing => report.differing_rows,
                KeyCategory::ExcludedButMigrated => report.excluded_but_migrated_rows,
                KeyCategory::Duplicate => {
                    report.duplicate_keys_source + report.duplicate_keys_migrated
                }
                KeyCategory::NullKey => report.null_key_rows(),
            };
            (c, n)
        })
        .collect()
}

/// The compared columns that differ somewhere, most differing first.
pub fn columns(report: &ResourceReport) -> Vec<&ColumnReport> {
    let mut out: Vec<&ColumnReport> = report.columns.iter().filter(|c| c.differing > 0).collect();
    out.sort_by_key(|c| std::cmp::Reverse(c.differing));
    out
}

pub fn patterns(column: &ColumnReport) -> Vec<PatternItem<'_>> {
    let mut out: Vec<PatternItem> = column.patterns.iter().map(PatternItem::Pattern).collect();
    out.push(PatternItem::AllRows(column.differing));
    out
}

/// How a value reads in lists and filters (`∅` for NULL).
pub fn shown(value: &Option<String>) -> String {
    match value {
        Some(v) => crate::domain::text::for_terminal(v).into_owned(),
        None => "∅".to_string(),
    }
}

pub fn pattern_label(item: &PatternItem) -> String {
    match item {
        PatternItem::Pattern(p) => format!("{} → {}", shown(&p.expected), shown(&p.migrated)),
        PatternItem::AllRows(_) => String::new(),
    }
}

impl Explorer {
    pub fn new(target: ResourceOverview, delivery: String) -> Explorer {
        Explorer {
            target: Box::new(target),
            delivery,
            levels: vec![Level::Categories(ListState::default())],
        }
    }

    pub fn report(&self) -> &ResourceReport {
        &self.target.reconciled.report
    }

    pub fn level(&self) -> &Level {
        self.levels.last().expect("never empty")
    }

    pub fn level_mut(&mut self) -> &mut Level {
        self.levels.last_mut().expect("never empty")
    }

    /// Labels of the current list's items (for the filter), in order.
    pub fn labels(&self) -> Vec<String> {
        let report = self.report();
        match self.level() {
            Level::Categories(_) => categories(report)
                .iter()
                .map(|(c, _)| c.name().to_string())
                .collect(),
            Level::Columns(_) => columns(report).iter().map(|c| c.name.clone()).collect(),
            Level::Patterns { column, .. } => report
                .column(column)
                .map(|c| patterns(c).iter().map(pattern_label).collect())
                .unwrap_or_default(),
            Level::Rows { .. } | Level::Record(_) => Vec::new(),
        }
    }

    /// The list state of the current level, if it is a list.
    pub fn list_mut(&mut self) -> Option<&mut ListState> {
        match self.level_mut() {
            Level::Categories(l) | Level::Columns(l) | Level::Patterns { list: l, .. } => Some(l),
            _ => None,
        }
    }

    pub fn list(&self) -> Option<&ListState> {
        match self.level() {
            Level::Categories(l) | Level::Columns(l) | Level::Patterns { list: l, .. } => Some(l),
            _ => None,
        }
    }

    /// The level that Enter on the current list item opens.
    pub fn next_level(&self) -> Option<Level> {
        let list = self.list()?;
        let labels = self.labels();
        let index = list.current(&list.visible(labels.iter().map(String::as_str)))?;
        let report = self.report();
        let rows = |of: RowsOf, filter: RowsFilter, total: Option<u64>| Level::Rows {
            of,
            table: Box::new(RowsTable::new(self.rows_query(filter), total)),
        };
        match self.level() {
            Level::Categories(_) => match categories(report)[index] {
                (KeyCategory::Differing, _) => Some(Level::Columns(ListState::default())),
                // Keys duplicated on both sides count twice in the report: no exact total.
                (KeyCategory::Duplicate, _) => Some(rows(
                    RowsOf::Category(KeyCategory::Duplicate),
                    RowsFilter::Category(KeyCategory::Duplicate),
                    None,
                )),
                (c, n) => Some(rows(RowsOf::Category(c), RowsFilter::Category(c), Some(n))),
            },
            Level::Columns(_) => Some(Level::Patterns {
                column: columns(report)[index].name.clone(),
                list: ListState::default(),
            }),
            Level::Patterns { column, .. } => {
                let slot = slot_of(&self.target.resource, column)?;
                let report_column = report.column(column)?;
                Some(match patterns(report_column)[index] {
                    PatternItem::Pattern(p) => rows(
                        RowsOf::Pattern {
                            column: column.clone(),
                            expected: p.expected.clone(),
                            migrated: p.migrated.clone(),
                        },
                        RowsFilter::Pattern {
                            slot,
                            expected: p.expected.clone(),
                            migrated: p.migrated.clone(),
                        },
                        Some(p.rows),
                    ),
                    PatternItem::AllRows(n) => rows(
                        RowsOf::Column(column.clone()),
                        RowsFilter::Column { slot },
                        Some(n),
                    ),
                })
            }
            _ => None,
        }
    }

    fn rows_query(&self, filter: RowsFilter) -> RowsQuery {
        RowsQuery {
            source: RowsSource::Results {
                key_count: self.target.resource.key.len(),
                files: self.target.reconciled.files.clone(),
                filter,
            },
            anchor: Anchor::Start,
            limit: super::table::WINDOW_ROWS,
        }
    }
}
