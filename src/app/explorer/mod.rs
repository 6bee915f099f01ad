//! The diff explorer, the integration engineer's path: categories → (differing) columns
//! with counts → value patterns → the rows of a pattern → one record side by side. A stack
//! of levels, the breadcrumb. Pure state; must not import `tui` or `duckdb`.

pub mod keys;

use super::list::ListState;
use super::table::RowsTable;
use crate::domain::causes::{Cause, CauseKind};
use crate::domain::report::{ColumnReport, KeyCategory, KeyValue, Pattern, ResourceReport};
use crate::domain::rows::{RecordCell, RowsFilter, RowsSource, slot_of};
use crate::jobs::{Frequency, RecordView, ResourceOverview, RowsOnly, RowsQuery};

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
    /// A column's differences grouped under their causes, largest first (issue 14).
    Causes {
        column: String,
        list: ListState,
    },
    /// The value patterns of a column — of one of its causes, when `cause` says which.
    Patterns {
        column: String,
        cause: Option<CauseKind>,
        list: ListState,
    },
    Rows {
        of: RowsOf,
        table: Box<RowsTable>,
    },
    /// How often each value of column `column` of a rows table occurs (VisiData's `F`);
    /// Enter lists the rows of the value selected.
    Frequency {
        of: RowsOf,
        column: usize,
        /// The table's query (its rows, without an anchor).
        query: Box<RowsQuery>,
        /// The values, once read.
        frequency: Option<Frequency>,
        list: ListState,
    },
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
    /// Differing keys of a column whose difference has one cause.
    Cause {
        column: String,
        kind: CauseKind,
    },
    /// The rows of `of` where column `column` (of its table) holds `value`.
    Only {
        of: Box<RowsOf>,
        column: usize,
        value: Option<String>,
    },
}

impl RowsOf {
    /// What the table lists before any value is chosen (a category, a column, a pattern).
    pub fn base(&self) -> &RowsOf {
        match self {
            RowsOf::Only { of, .. } => of.base(),
            other => other,
        }
    }

    /// How many columns its table has: the key's parts, then two cells (none to sort or
    /// count for rows with a NULL key, which list files and row numbers).
    pub fn columns(&self, key_count: usize) -> usize {
        match self.base() {
            RowsOf::Category(KeyCategory::NullKey) => 0,
            _ => key_count + 2,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct RecordLevel {
    pub key: KeyValue,
    /// The record, once read (`None`: being read).
    pub view: Option<RecordView>,
    /// First column shown.
    pub scroll: usize,
}

/// An entry of the value patterns list: a pattern, or every row where the column (or the
/// cause) differs (the report keeps the ten most frequent patterns; duplicated keys have
/// none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatternItem<'a> {
    Pattern(&'a Pattern),
    AllRows(u64),
}

/// An entry of a column's causes: a cause, or every row where the column differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CauseItem<'a> {
    Cause(&'a Cause),
    AllRows(u64),
}

/// A column's causes, largest first (as the report has them), then all its rows.
pub fn causes(column: &ColumnReport) -> Vec<CauseItem<'_>> {
    let mut out: Vec<CauseItem> = column.causes.iter().map(CauseItem::Cause).collect();
    out.push(CauseItem::AllRows(column.differing));
    out
}

/// The patterns of a column, or of its cause `kind`, then all their rows.
pub fn patterns_of(column: &ColumnReport, kind: Option<CauseKind>) -> Vec<PatternItem<'_>> {
    match kind.and_then(|k| column.causes.iter().find(|c| c.kind == k)) {
        Some(cause) => {
            let mut out: Vec<PatternItem> =
                cause.patterns.iter().map(PatternItem::Pattern).collect();
            out.push(PatternItem::AllRows(cause.rows));
            out
        }
        None => patterns(column),
    }
}

/// The cause of a record's differing cell, as its column's causes classify its values
/// (`None`: the cell does not differ, or its column was not diagnosed). A cell that differs
/// with the same value on both sides is a key held twice: its rows, not its values, differ
/// (the multiset rule).
pub fn cause_of_cell(report: &ResourceReport, cell: &RecordCell) -> Option<CauseKind> {
    let causes = &report.column(&cell.column)?.causes;
    if !cell.differs || causes.is_empty() {
        return None;
    }
    if cell.expected == cell.migrated {
        return Some(CauseKind::Duplicate);
    }
    Some(crate::domain::causes::cause_of(
        cell.expected.as_deref(),
        cell.migrated.as_deref(),
        causes,
    ))
}

/// How many lines the record view draws for `view`: the key columns, every column (and
/// under a differing one its cause), the raw source values under their heading. Scrolling
/// stops at the last of them.
pub fn record_line_count(view: &RecordView, key_len: usize, report: &ResourceReport) -> usize {
    let causes = view
        .cells
        .iter()
        .filter(|cell| cause_of_cell(report, cell).is_some())
        .count();
    let source = match view.source.is_empty() {
        true => 0,
        false => 1 + view.source.len(),
    };
    key_len + view.cells.len() + causes + source
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
            // A cause in both languages, so that `/` finds it in either.
            Level::Causes { column, .. } => report
                .column(column)
                .map(|c| {
                    causes(c)
                        .iter()
                        .map(|item| match item {
                            CauseItem::Cause(cause) => format!(
                                "{} {} {}",
                                cause.kind.name(),
                                cause.kind.label_fr(),
                                cause.kind.label_en()
                            ),
                            CauseItem::AllRows(_) => String::new(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Level::Patterns { column, cause, .. } => report
                .column(column)
                .map(|c| patterns_of(c, *cause).iter().map(pattern_label).collect())
                .unwrap_or_default(),
            Level::Frequency { frequency, .. } => frequency
                .as_ref()
                .map(|f| f.values.iter().map(|(v, _)| shown(v)).collect())
                .unwrap_or_default(),
            Level::Rows { .. } | Level::Record(_) => Vec::new(),
        }
    }

    /// The list state of the current level, if it is a list.
    pub fn list_mut(&mut self) -> Option<&mut ListState> {
        match self.level_mut() {
            Level::Categories(l)
            | Level::Columns(l)
            | Level::Causes { list: l, .. }
            | Level::Patterns { list: l, .. }
            | Level::Frequency { list: l, .. } => Some(l),
            _ => None,
        }
    }

    pub fn list(&self) -> Option<&ListState> {
        match self.level() {
            Level::Categories(l)
            | Level::Columns(l)
            | Level::Causes { list: l, .. }
            | Level::Patterns { list: l, .. }
            | Level::Frequency { list: l, .. } => Some(l),
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
            // A column diagnosed opens on its causes; one that is not, on its patterns.
            Level::Columns(_) => {
                let column = columns(report)[index];
                let name = column.name.clone();
                Some(match column.causes.is_empty() {
                    true => Level::Patterns {
                        column: name,
                        cause: None,
                        list: ListState::default(),
                    },
                    false => Level::Causes {
                        column: name,
                        list: ListState::default(),
                    },
                })
            }
            Level::Causes { column, .. } => {
                let slot = slot_of(&self.target.resource, column)?;
                let report_column = report.column(column)?;
                Some(match causes(report_column)[index] {
                    CauseItem::Cause(cause) => Level::Patterns {
                        column: column.clone(),
                        cause: Some(cause.kind),
                        list: ListState::default(),
                    },
                    CauseItem::AllRows(n) => rows(
                        RowsOf::Column(column.clone()),
                        RowsFilter::Column { slot },
                        Some(n),
                    ),
                })
            }
            // A pattern opens its rows; the last line, every row of the column — or of the
            // cause, when the patterns are a cause's.
            Level::Patterns { column, cause, .. } => {
                let slot = slot_of(&self.target.resource, column)?;
                let report_column = report.column(column)?;
                Some(match patterns_of(report_column, *cause)[index] {
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
                    PatternItem::AllRows(n) => match cause {
                        Some(kind) => rows(
                            RowsOf::Cause {
                                column: column.clone(),
                                kind: *kind,
                            },
                            RowsFilter::Cause {
                                slot,
                                kind: *kind,
                                causes: report_column.causes.clone(),
                            },
                            Some(n),
                        ),
                        None => rows(
                            RowsOf::Column(column.clone()),
                            RowsFilter::Column { slot },
                            Some(n),
                        ),
                    },
                })
            }
            Level::Frequency {
                of,
                column,
                query,
                frequency,
                ..
            } => {
                let (value, count) = frequency.as_ref()?.values.get(index)?.clone();
                let mut query = (**query).clone();
                query.only.push(RowsOnly {
                    column: *column,
                    value: value.clone(),
                });
                query.order = None;
                Some(Level::Rows {
                    of: RowsOf::Only {
                        of: Box::new(of.clone()),
                        column: *column,
                        value,
                    },
                    table: Box::new(RowsTable::new(query, Some(count))),
                })
            }
            _ => None,
        }
    }

    fn rows_query(&self, filter: RowsFilter) -> RowsQuery {
        RowsQuery::new(
            RowsSource::Results {
                key_count: self.target.resource.key.len(),
                files: self.target.reconciled.files.clone(),
                filter,
            },
            super::table::WINDOW_ROWS,
        )
    }
}
