//! The SQL console's session: one connection, locked down so that it reads only the
//! campaign's files, with the loaded data under stable names (documented in `docs/sql.md`):
//!
//! | schema | one view per resource | from |
//! |---|---|---|
//! | `source` | the source extraction as read: its own column names, text, empty = NULL | the source file |
//! | `expected` | what the rules expect: `kept`, then every listed column, as compared | the source file and the campaign |
//! | `migrated` | the delivery shown, as read | the delivery's file |
//! | `result` | one line per key: the key columns, `n_src`, `n_exp`, `n_mig`, `category` | the results folder |
//! | `differences` | one line per differing value: the key columns, `column`, `expected`, `migrated` | the results folder |
//!
//! A query's result is materialised into a temporary table in the query's order, so its
//! windows are read by row number (`rowid`): the millionth row costs what the first does.

use std::path::{Path, PathBuf};

use duckdb::Connection;
use duckdb::types::Value;

use super::engine::Engine;
use super::error::StoreError;
use super::input::{self, InputTable};
use super::reconcile::ResultFiles;
use super::sql::{quote_ident, quote_literal};
use super::stages;
use super::watch::StatementWatch;
use crate::domain::campaign::{Campaign, Resource};

/// The schemas of the loaded data, in the order `docs/sql.md` lists them.
pub const SCHEMAS: [&str; 5] = ["source", "expected", "migrated", "result", "differences"];

/// The table a query's result is kept in.
const RESULT_TABLE: &str = "temp.__recette_query";

/// What the views are about: the delivery shown and the result files of its resources
/// (those reconciled; a resource that failed has none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryScope {
    pub delivery: String,
    pub results: Vec<(String, ResultFiles)>,
}

/// A query run: its columns (name, DuckDB type) and row count; a statement that returns
/// no rows (`SET`, `CREATE VIEW`) has no columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryResult {
    pub columns: Vec<(String, String)>,
    pub rows: u64,
}

/// A row of a result: its number (from 0) and its values as text.
pub type NumberedRow = (u64, Vec<Option<String>>);

pub struct QuerySession {
    engine: Engine,
    scope: Option<QueryScope>,
    /// Taken before the configuration is locked: progress tracking is a setting.
    watch: StatementWatch,
}

impl QuerySession {
    /// Locks `engine`'s connection down to the campaign's files (its inputs and its results
    /// folder) for good: external access off, configuration locked.
    pub fn open(engine: Engine) -> Result<QuerySession, StoreError> {
        let watch = engine.watch()?;
        let conn = engine.connection();
        // Any conversion a delivery needs (Windows-1252) is done now, while writing is allowed.
        let mut allowed: Vec<PathBuf> = Vec::new();
        for file in campaign_files(engine.campaign()) {
            if file.is_file() {
                let format = format_of(engine.campaign(), &file);
                let table = input::open(conn, engine.cache(), &file, &format)?;
                allowed.push(file.clone());
                if let Some(read) = table.read_path() {
                    allowed.push(read.to_path_buf());
                }
            }
        }
        let list = |paths: &[PathBuf]| {
            let items: Vec<String> = paths
                .iter()
                .map(|p| quote_literal(&p.to_string_lossy()))
                .collect();
            format!("[{}]", items.join(", "))
        };
        let schemas: String = SCHEMAS
            .iter()
            .map(|s| format!("CREATE SCHEMA IF NOT EXISTS {s}; "))
            .collect();
        conn.execute_batch(&format!(
            "{schemas}
             SET preserve_insertion_order = true;
             SET autoinstall_known_extensions = false;
             SET autoload_known_extensions = false;
             SET allowed_directories = {};
             SET allowed_paths = {};
             SET enable_external_access = false;
             SET lock_configuration = true;",
            list(&[engine.cache().root().to_path_buf()]),
            list(&allowed),
        ))?;
        Ok(QuerySession {
            engine,
            scope: None,
            watch,
        })
    }

    /// A watch on the statement under way (progress, interrupt), for the job running it.
    pub fn watch(&self) -> StatementWatch {
        self.watch.clone()
    }

    /// (Re)defines the views for `scope`, unless they are already.
    pub fn define(&mut self, scope: &QueryScope) -> Result<(), StoreError> {
        if self.scope.as_ref() == Some(scope) {
            return Ok(());
        }
        let campaign = self.engine.campaign().clone();
        let delivery = campaign.delivery(Some(&scope.delivery)).ok_or_else(|| {
            StoreError::input(
                &campaign.file,
                None,
                format!("no delivery `{}` in the campaign", scope.delivery),
            )
        })?;
        let conn = self.engine.connection();
        for resource in &campaign.resources {
            let name = quote_ident(&resource.name);
            let view = |schema: &str, select: &str| {
                format!("CREATE OR REPLACE VIEW {schema}.{name} AS {select};\n")
            };
            let mut sql = String::new();
            let source = self.open_input(&resource.source, &resource.source_format)?;
            sql += &view("source", &format!("SELECT * FROM {}", source.sql));
            sql += &view("expected", &expected_select(resource, &source));
            let delivered = delivery.dir.join(&resource.migrated);
            if delivered.is_file() {
                let table = self.open_input(&delivered, &delivery.format)?;
                sql += &view("migrated", &format!("SELECT * FROM {}", table.sql));
            } else {
                sql += &format!("DROP VIEW IF EXISTS migrated.{name};\n");
            }
            match scope.results.iter().find(|(r, _)| r == &resource.name) {
                Some((_, files)) => {
                    sql += &view("result", &result_select(resource, files));
                    let differences = differences_select(conn, resource, files)?;
                    sql += &view("differences", &differences);
                }
                None => {
                    sql += &format!(
                        "DROP VIEW IF EXISTS result.{name}; DROP VIEW IF EXISTS differences.{name};\n"
                    );
                }
            }
            conn.execute_batch(&sql)?;
        }
        self.scope = Some(scope.clone());
        Ok(())
    }

    /// Runs one statement and keeps its rows for `window`.
    pub fn run(&self, sql: &str) -> Result<QueryResult, StoreError> {
        let conn = self.engine.connection();
        let statement = sql.trim().trim_end_matches(';').trim();
        conn.execute_batch(&format!("DROP TABLE IF EXISTS {RESULT_TABLE}"))?;
        // A query keeps its rows; `SHOW`, `DESCRIBE`, `SUMMARIZE` are queries once wrapped;
        // any other statement (`SET`, `CREATE VIEW`) is run as it is.
        let attempts = [
            format!("CREATE TEMP TABLE __recette_query AS {statement}"),
            format!("CREATE TEMP TABLE __recette_query AS SELECT * FROM ({statement})"),
        ];
        for attempt in &attempts {
            match conn.execute_batch(attempt) {
                Ok(()) => return self.described(),
                Err(e) if is_parser_error(&e) => continue,
                Err(e) => return Err(e.into()),
            }
        }
        conn.execute_batch(statement)?;
        Ok(QueryResult {
            columns: Vec::new(),
            rows: 0,
        })
    }

    /// Rows `from..from + limit` of the last result (`from` counted from 0), each as its row
    /// number and its values as text; `descending` reads back from `from`.
    pub fn window(
        &self,
        from: u64,
        limit: usize,
        descending: bool,
    ) -> Result<Vec<NumberedRow>, StoreError> {
        let conn = self.engine.connection();
        let result = self.described()?;
        let cells: Vec<String> = result
            .columns
            .iter()
            .map(|(c, _)| format!("CAST({} AS VARCHAR)", quote_ident(c)))
            .collect();
        let (op, order) = if descending {
            ("<=", "DESC")
        } else {
            (">=", "ASC")
        };
        let sql = format!(
            "SELECT rowid, {} FROM {RESULT_TABLE} WHERE rowid {op} ? ORDER BY rowid {order} LIMIT {limit}",
            cells.join(", ")
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query([Value::BigInt(from as i64)])?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            let n: i64 = row.get(0)?;
            let values = (1..=cells.len())
                .map(|j| row.get(j))
                .collect::<Result<Vec<Option<String>>, _>>()?;
            out.push((n as u64, values));
        }
        if descending {
            out.reverse();
        }
        Ok(out)
    }

    fn described(&self) -> Result<QueryResult, StoreError> {
        let conn = self.engine.connection();
        let mut stmt = conn.prepare(&format!(
            "SELECT column_name, column_type FROM (DESCRIBE {RESULT_TABLE})"
        ))?;
        let columns = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<(String, String)>, _>>()?;
        let rows: i64 =
            conn.query_row(&format!("SELECT count(*) FROM {RESULT_TABLE}"), [], |r| {
                r.get(0)
            })?;
        Ok(QueryResult {
            columns,
            rows: rows as u64,
        })
    }

    fn open_input(
        &self,
        file: &Path,
        format: &crate::domain::campaign::FileFormat,
    ) -> Result<InputTable, StoreError> {
        input::open(self.engine.connection(), self.engine.cache(), file, format)
    }
}

/// Every input file of the campaign: the sources and each delivery's files.
fn campaign_files(campaign: &Campaign) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = campaign
        .resources
        .iter()
        .map(|r| r.source.clone())
        .collect();
    for delivery in &campaign.deliveries {
        files.extend(
            campaign
                .resources
                .iter()
                .map(|r| delivery.dir.join(&r.migrated)),
        );
    }
    files
}

/// How `file` is read: as its resource's source, else as its delivery's files.
fn format_of(campaign: &Campaign, file: &Path) -> crate::domain::campaign::FileFormat {
    campaign
        .resources
        .iter()
        .find(|r| r.source == file)
        .map(|r| r.source_format.clone())
        .or_else(|| {
            campaign
                .deliveries
                .iter()
                .find(|d| file.starts_with(&d.dir))
                .map(|d| d.format.clone())
        })
        .unwrap_or_default()
}

/// `kept`, then each listed column's expected value, under its campaign name.
fn expected_select(resource: &Resource, source: &InputTable) -> String {
    let all: Vec<usize> = (0..resource.columns.len()).collect();
    let columns: Vec<String> = resource
        .columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("e{i} AS {}", quote_ident(name)))
        .collect();
    format!(
        "SELECT __keep AS kept, {} FROM ({})",
        columns.join(", "),
        stages::source_stage_sql(resource, source, &all)
    )
}

fn key_items(resource: &Resource) -> Vec<String> {
    resource
        .key
        .iter()
        .enumerate()
        .map(|(j, k)| format!("k{j} AS {}", quote_ident(k)))
        .collect()
}

fn parquet(file: &Path) -> String {
    format!("read_parquet({})", quote_literal(&file.to_string_lossy()))
}

fn result_select(resource: &Resource, files: &ResultFiles) -> String {
    format!(
        "SELECT {}, n_src, n_exp, n_mig, category FROM {}",
        key_items(resource).join(", "),
        parquet(&files.keys)
    )
}

/// The differences file is wide (a flag and two values per compared column); the view is
/// long: one line per differing value, which is how people ask about it.
fn differences_select(
    conn: &Connection,
    resource: &Resource,
    files: &ResultFiles,
) -> Result<String, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT column_name FROM (DESCRIBE SELECT * FROM {})",
        parquet(&files.differences)
    ))?;
    let present: Vec<String> = stmt
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    let keys = key_items(resource).join(", ");
    let parts: Vec<String> = resource
        .columns
        .iter()
        .enumerate()
        .filter(|(i, _)| present.contains(&format!("d{i}")))
        .map(|(i, (name, _))| {
            format!(
                "SELECT {keys}, {} AS \"column\", CAST(x{i} AS VARCHAR) AS expected, CAST(y{i} AS VARCHAR) AS migrated FROM {} WHERE d{i}",
                quote_literal(name),
                parquet(&files.differences)
            )
        })
        .collect();
    Ok(if parts.is_empty() {
        format!(
            "SELECT {keys}, NULL::VARCHAR AS \"column\", NULL::VARCHAR AS expected, NULL::VARCHAR AS migrated FROM {} WHERE false",
            parquet(&files.keys)
        )
    } else {
        parts.join(" UNION ALL ")
    })
}

fn is_parser_error(error: &duckdb::Error) -> bool {
    error.to_string().contains("Parser Error")
}

#[cfg(test)]
mod tests;
