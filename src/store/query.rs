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

use std::path::Path;

use duckdb::Connection;
use duckdb::types::Value;

use super::campaign_sql::ResourceSql;
use super::differences_file::{EXPECTED, MIGRATED, SLOT};
use super::engine::Engine;
use super::error::StoreError;
use super::input::{self, InputTable};
use super::reconcile::ResultFiles;
use super::slot::Slot;
use super::sql::{quote_ident, quote_literal};
use super::stages;
use super::watch::StatementWatch;
use crate::domain::campaign::Resource;
pub use crate::domain::query::{QueryResult, QueryScope};

/// The schemas of the loaded data, in the order `docs/sql.md` lists them.
pub const SCHEMAS: [&str; 5] = ["source", "expected", "migrated", "result", "differences"];

/// The two tables results take turns in: the next result is built in the one not shown,
/// and only a whole result becomes the current one, so a failed or interrupted query
/// leaves the last result readable.
const RESULT_TABLES: [&str; 2] = ["__recette_result_a", "__recette_result_b"];

/// A row of a result: its number (from 0) and its values as text.
pub type NumberedRow = (u64, Vec<Option<String>>);

pub struct QuerySession {
    engine: Engine,
    scope: Option<QueryScope>,
    /// Progress tracking is a setting the lock leaves changeable (`lockdown`).
    watch: StatementWatch,
    /// The last result's table (an index in `RESULT_TABLES`) and columns.
    current: Option<usize>,
    columns: Vec<(String, String)>,
    /// Views of the scope that could not be made, and why.
    notes: Vec<String>,
}

impl QuerySession {
    /// A console session on `engine`, whose connection is locked down to the campaign's
    /// files for good (`lockdown`): it may read the source and delivery files and the
    /// results folder, nothing else. Writing is kept out by `run`, which runs queries only.
    pub fn open(engine: Engine) -> Result<QuerySession, StoreError> {
        let watch = engine.watch()?;
        let schemas: String = SCHEMAS
            .iter()
            .map(|s| format!("CREATE SCHEMA IF NOT EXISTS {s}; "))
            .collect();
        // A result is kept in the query's order (a setting the lock leaves changeable).
        engine
            .connection()
            .execute_batch(&format!("{schemas} SET preserve_insertion_order = true;"))?;
        Ok(QuerySession {
            engine,
            scope: None,
            watch,
            current: None,
            columns: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// The last result's columns: name and DuckDB type.
    pub fn columns(&self) -> &[(String, String)] {
        &self.columns
    }

    /// A watch on the statement under way (progress, interrupt), for the job running it.
    pub fn watch(&self) -> StatementWatch {
        self.watch.clone()
    }

    /// (Re)defines the views for `scope`, unless they are already. A resource whose files
    /// cannot be read has no views, and a note says why; the others are made.
    /// `cancelled` is asked between resources (a legacy file's conversion takes a while).
    pub fn define(
        &mut self,
        scope: &QueryScope,
        cancelled: &dyn Fn() -> bool,
    ) -> Result<(), StoreError> {
        if self.scope.as_ref() == Some(scope) {
            return Ok(());
        }
        // Until every view is made, the views are of no scope (a later call redoes them).
        self.scope = None;
        self.notes.clear();
        let campaign = self.engine.campaign().clone();
        let delivery = campaign.delivery(Some(&scope.delivery)).ok_or_else(|| {
            StoreError::input(
                &campaign.file,
                None,
                format!("no delivery `{}` in the campaign", scope.delivery),
            )
        })?;
        for resource in &campaign.resources {
            if cancelled() {
                return Err(StoreError::Cancelled);
            }
            let files = scope
                .results
                .iter()
                .find(|(r, _)| r == &resource.name)
                .map(|(_, f)| f);
            let made = self
                .views_sql(resource, delivery, files)
                .and_then(|sql| Ok(self.engine.connection().execute_batch(&sql)?));
            // An interrupt fails a statement like bad data would: the flag tells them apart.
            if made.is_err() && cancelled() {
                return Err(StoreError::Cancelled);
            }
            if let Err(e) = made {
                let name = quote_ident(&resource.name);
                let drop: String = SCHEMAS
                    .iter()
                    .map(|s| format!("DROP VIEW IF EXISTS {s}.{name}; "))
                    .collect();
                self.engine.connection().execute_batch(&drop)?;
                self.notes.push(format!("{}: {e}", resource.name));
            }
        }
        if cancelled() {
            return Err(StoreError::Cancelled);
        }
        self.scope = Some(scope.clone());
        Ok(())
    }

    /// The views of one resource.
    fn views_sql(
        &self,
        resource: &Resource,
        delivery: &crate::domain::campaign::Delivery,
        files: Option<&ResultFiles>,
    ) -> Result<String, StoreError> {
        let name = quote_ident(&resource.name);
        let view = |schema: &str, select: &str| {
            format!("CREATE OR REPLACE VIEW {schema}.{name} AS {select};\n")
        };
        let mut sql = String::new();
        let source = self.open_input(&resource.source, &resource.source_format)?;
        sql += &view("source", &format!("SELECT * FROM {}", source.sql));
        let checked = self.engine.resource_sql(resource)?;
        sql += &view("expected", &expected_select(resource, checked, &source)?);
        let delivered = delivery.dir.join(&resource.migrated);
        let table = self.open_input(&delivered, &delivery.format)?;
        sql += &view("migrated", &format!("SELECT * FROM {}", table.sql));
        match files {
            Some(files) => {
                sql += &view("result", &result_select(resource, files));
                let differences = differences_select(resource, files);
                sql += &view("differences", &differences);
            }
            None => {
                sql += &format!(
                    "DROP VIEW IF EXISTS result.{name}; DROP VIEW IF EXISTS differences.{name};\n"
                );
            }
        }
        Ok(sql)
    }

    /// Runs one query and keeps its rows for `window`. Only queries run (`SELECT`, `WITH`,
    /// `FROM`..., and `DESCRIBE`, `SHOW`, `SUMMARIZE`): DuckDB's own parser says what a
    /// statement is, and anything else (`COPY`, `ATTACH`, `EXPORT`, `CREATE`...) is refused
    /// before it runs, so the console writes nothing anywhere.
    pub fn run(&mut self, sql: &str) -> Result<QueryResult, StoreError> {
        let conn = self.engine.connection();
        let statement = sql.trim().trim_end_matches(';').trim();
        let query = query_form(conn, statement)?;
        let next = self.current.map_or(0, |c| 1 - c);
        let table = RESULT_TABLES[next];
        conn.execute_batch(&format!(
            "DROP TABLE IF EXISTS temp.{table};
             CREATE TEMP TABLE {table} AS {query}\n;"
        ))?;
        let mut stmt = conn.prepare(&format!(
            "SELECT column_name, column_type FROM (DESCRIBE temp.{table})"
        ))?;
        let columns = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<(String, String)>, _>>()?;
        let rows: i64 = conn.query_row(&format!("SELECT count(*) FROM temp.{table}"), [], |r| {
            r.get(0)
        })?;
        // Whole: from here on the windows read it.
        self.current = Some(next);
        self.columns = columns;
        Ok(QueryResult {
            columns: self.columns.clone(),
            rows: rows as u64,
            notes: self.notes.clone(),
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
        let Some(current) = self.current else {
            return Ok(Vec::new());
        };
        let table = RESULT_TABLES[current];
        let cells: Vec<String> = self
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
            "SELECT rowid, {} FROM temp.{table} WHERE rowid {op} ? ORDER BY rowid {order} LIMIT {limit}",
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

    fn open_input(
        &self,
        file: &Path,
        format: &crate::domain::campaign::FileFormat,
    ) -> Result<InputTable, StoreError> {
        input::open(self.engine.connection(), self.engine.cache(), file, format)
    }
}

/// The query to run for `statement`: itself when DuckDB parses it as one `SELECT`; wrapped
/// in one (`DESCRIBE`, `SHOW`, `SUMMARIZE` read as tables); otherwise refused.
fn query_form(conn: &Connection, statement: &str) -> Result<String, StoreError> {
    let refused = || {
        StoreError::Refused(
            "the SQL console runs one query at a time (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE) and changes nothing".into(),
        )
    };
    match parsed(conn, statement)? {
        Parsed::Queries(1) => return Ok(statement.to_string()),
        Parsed::Queries(_) => return Err(refused()),
        Parsed::SyntaxError(message) => return Err(StoreError::Refused(message)),
        Parsed::Other => {}
    }
    // A line break before the `)`: a comment at the end of the statement stays a comment.
    let wrapped = format!("SELECT * FROM (\n{statement}\n)");
    match parsed(conn, &wrapped)? {
        Parsed::Queries(1) => Ok(wrapped),
        _ => Err(refused()),
    }
}

enum Parsed {
    Queries(usize),
    SyntaxError(String),
    Other,
}

/// What DuckDB's parser makes of `sql` (`json_serialize_sql` serialises `SELECT`s only).
fn parsed(conn: &Connection, sql: &str) -> Result<Parsed, StoreError> {
    let json: String = conn.query_row("SELECT json_serialize_sql(?)", [sql], |r| r.get(0))?;
    let value: serde_json::Value = serde_json::from_str(&json)
        .map_err(|_| StoreError::Internal("json_serialize_sql gave no JSON"))?;
    if value["error"] == serde_json::Value::Bool(false) {
        let n = value["statements"].as_array().map_or(0, Vec::len);
        return Ok(Parsed::Queries(n));
    }
    if value["error_type"] == "parser" {
        let message = value["error_message"].as_str().unwrap_or("syntax error");
        return Ok(Parsed::SyntaxError(message.to_string()));
    }
    Ok(Parsed::Other)
}

/// `kept`, then each listed column's expected value, under its campaign name.
fn expected_select(
    resource: &Resource,
    checked: &ResourceSql,
    source: &InputTable,
) -> Result<String, StoreError> {
    let all: Vec<usize> = (0..resource.columns.len()).collect();
    let columns: Vec<String> = resource
        .columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("{} AS {}", Slot::Shown(i), quote_ident(name)))
        .collect();
    Ok(format!(
        "SELECT __keep AS kept, {} FROM ({})",
        columns.join(", "),
        stages::source_stage_sql(resource, checked, source, &all)?
    ))
}

fn key_items(resource: &Resource) -> Vec<String> {
    resource
        .key
        .iter()
        .enumerate()
        .map(|(j, k)| format!("{} AS {}", Slot::Key(j), quote_ident(k)))
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

/// One line per differing value, which is how people ask about it (the differences file's
/// own form), each slot named by its column.
fn differences_select(resource: &Resource, files: &ResultFiles) -> String {
    let keys = key_items(resource).join(", ");
    let names: Vec<String> = resource
        .columns
        .iter()
        .enumerate()
        .map(|(i, (name, _))| format!("({i}, {})", quote_literal(name)))
        .collect();
    format!(
        "SELECT {keys}, n.name AS \"column\", CAST(d.{EXPECTED} AS VARCHAR) AS expected, CAST(d.{MIGRATED} AS VARCHAR) AS migrated
         FROM {} d JOIN (VALUES {}) n(slot, name) ON d.{SLOT} = n.slot",
        parquet(&files.differences),
        names.join(", ")
    )
}

#[cfg(test)]
mod tests;
