//! Windows of result rows and single records, read from the reconciliation's result files
//! (keys and differences Parquet files, both ordered by key) by keyset paging: a window
//! starts or ends at a key, never at an offset, so the millionth row costs what the first
//! does. Key and data values are always bound as parameters.
//!
//! The pager (`jobs::pager`) runs these on its own thread; must not import `jobs`, `app`
//! or `tui`.

use duckdb::Connection;
use duckdb::types::Value;

use crate::domain::campaign::Resource;
use crate::domain::causes::CauseKind;
use crate::domain::report::{KeyCategory, KeyValue};
pub use crate::domain::rows::{
    Anchor, Frequency, RecordCell, RecordView, RowsFilter, RowsOnly, RowsOrder, RowsQuery,
    RowsSource, Window, WindowRow, slot_of,
};
use crate::store::differences_file::{EXPECTED, MIGRATED, of_column};
use crate::store::evidence::KeyState;
use crate::store::query::QuerySession;
use crate::store::slot::{self, Slot};
use crate::store::sql::quote_literal;
use crate::store::{Engine, Reconciled, StoreError};

/// Reads one window of the SQL console's last result.
pub fn fetch_query(session: &QuerySession, query: &RowsQuery) -> Result<Window, StoreError> {
    let row_number = |key: &KeyValue| {
        key.first()
            .cloned()
            .flatten()
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let (from, descending) = match &query.anchor {
        Anchor::Start => (0, false),
        Anchor::End => (i64::MAX as u64, true),
        Anchor::AtOrAfter(key) => (row_number(key), false),
        Anchor::AtOrBefore(key) => (row_number(key), true),
    };
    let rows = session
        .window(from, query.limit, descending)?
        .into_iter()
        .map(|(n, cells)| WindowRow {
            key: vec![Some(n.to_string())],
            cells,
        })
        .collect();
    Ok(Window {
        query: query.clone(),
        rows,
    })
}

/// A table of result rows as SQL: its file, the condition its rows meet (values bound in
/// `params`) and its two cells' expressions.
struct ResultTable<'a> {
    file: &'a std::path::Path,
    filter: String,
    cells: [String; 2],
    params: Vec<Value>,
}

impl ResultTable<'_> {
    /// The expression of column `c`: a key part (`k0`...), then the two cells.
    fn column(&self, key_count: usize, c: usize) -> String {
        match c.checked_sub(key_count) {
            None => Slot::Key(c).to_string(),
            Some(cell) => self.cells[cell.min(1)].clone(),
        }
    }
}

/// The cells of the rows of a differing column: its expected and migrated values.
fn value_cells() -> [String; 2] {
    [EXPECTED, MIGRATED].map(|s| s.to_string())
}

/// The result file, condition and cells of `filter`, narrowed to `only` (a cause's value
/// pairs are kept in a temporary table of `conn`, made once).
fn result_table<'a>(
    conn: &Connection,
    files: &'a crate::domain::results::ResultFiles,
    filter: &RowsFilter,
    key_count: usize,
    only: &[RowsOnly],
) -> Result<ResultTable<'a>, StoreError> {
    let mut params = Vec::new();
    let (file, condition, cells) = match filter {
        RowsFilter::Cause {
            slot,
            kind: CauseKind::Duplicate,
            ..
        } => (
            &files.differences,
            format!("{} AND NOT single", of_column(*slot)),
            value_cells(),
        ),
        RowsFilter::Cause { slot, kind, causes } => {
            let pairs = cause_pairs(conn, &files.differences, *slot, *kind, causes)?;
            (
                &files.differences,
                format!(
                    "{d} AND single AND EXISTS (SELECT 1 FROM temp.{pairs} p
                     WHERE p.e IS NOT DISTINCT FROM CAST({x} AS VARCHAR)
                       AND p.m IS NOT DISTINCT FROM CAST({y} AS VARCHAR))",
                    d = of_column(*slot),
                    x = EXPECTED,
                    y = MIGRATED,
                ),
                value_cells(),
            )
        }
        RowsFilter::Category(category) => {
            let condition = match category {
                KeyCategory::Duplicate => "(n_exp > 1 OR n_mig > 1)".to_string(),
                c => format!("category = {}", quote_literal(c.name())),
            };
            (&files.keys, condition, ["n_exp".into(), "n_mig".into()])
        }
        RowsFilter::Column { slot } => (&files.differences, of_column(*slot), value_cells()),
        RowsFilter::Pattern {
            slot,
            expected,
            migrated,
        } => {
            params.push(text(expected));
            params.push(text(migrated));
            (
                &files.differences,
                format!(
                    "{d} AND single AND {x} IS NOT DISTINCT FROM ? AND {y} IS NOT DISTINCT FROM ?",
                    d = of_column(*slot),
                    x = EXPECTED,
                    y = MIGRATED,
                ),
                value_cells(),
            )
        }
    };
    let mut table = ResultTable {
        file,
        filter: condition,
        cells,
        params,
    };
    for only in only {
        let column = table.column(key_count, only.column);
        table.filter = format!(
            "({}) AND CAST({column} AS VARCHAR) IS NOT DISTINCT FROM ?",
            table.filter
        );
        table.params.push(text(&only.value));
    }
    Ok(table)
}

/// The temporary table of the value pairs of column `slot` whose cause is `kind` (as
/// `causes` classify them: `store::causes`' rule, that of `recette keys --cause`), made
/// once per file, column and cause on this connection; its name.
fn cause_pairs(
    conn: &Connection,
    differences: &std::path::Path,
    slot: usize,
    kind: CauseKind,
    causes: &[crate::domain::causes::Cause],
) -> Result<String, StoreError> {
    use std::hash::{Hash, Hasher};
    let mut hasher = std::collections::hash_map::DefaultHasher::new();
    (differences, slot, kind.name()).hash(&mut hasher);
    let name = format!("__recette_cause_{:016x}", hasher.finish());
    let made: i64 = conn.query_row(
        "SELECT count(*) FROM duckdb_tables() WHERE temporary AND table_name = ?",
        [&name],
        |r| r.get(0),
    )?;
    if made > 0 {
        return Ok(name);
    }
    let chosen: Vec<_> = super::causes::pairs(conn, differences, slot)?
        .into_iter()
        .filter(|p| {
            crate::domain::causes::cause_of(p.expected.as_deref(), p.migrated.as_deref(), causes)
                == kind
        })
        .collect();
    conn.execute_batch(&format!("CREATE TEMP TABLE {name} (e VARCHAR, m VARCHAR)"))?;
    let mut insert = conn.prepare(&format!("INSERT INTO temp.{name} VALUES (?, ?)"))?;
    for pair in chosen {
        insert.execute([text(&pair.expected), text(&pair.migrated)])?;
    }
    Ok(name)
}

/// Reads one window of result files.
pub fn fetch(conn: &Connection, query: &RowsQuery) -> Result<Window, StoreError> {
    let RowsSource::Results {
        key_count: n,
        files,
        filter,
    } = &query.source
    else {
        return Err(StoreError::Internal(
            "a query result is read by its session (`fetch_query`)",
        ));
    };
    let n = *n;
    if *filter == RowsFilter::Category(KeyCategory::NullKey) {
        return fetch_null_keys(conn, query, n, &files.null_keys);
    }
    let table = result_table(conn, files, filter, n, &query.only)?;
    if let Some(order) = query.order {
        return fetch_ordered(conn, query, n, table, order);
    }
    let ResultTable {
        file,
        mut filter,
        cells,
        mut params,
    } = table;
    let keys: Vec<String> = slot::keys(n).map(|k| k.to_string()).collect();
    let (bound, descending) = match &query.anchor {
        Anchor::Start => (None, false),
        Anchor::End => (None, true),
        Anchor::AtOrAfter(k) => (Some((k, ">")), false),
        Anchor::AtOrBefore(k) => (Some((k, "<")), true),
    };
    if let Some((key, op)) = bound {
        filter = format!("({filter}) AND ({})", keyset(n, op, key, &mut params));
    }
    let order: Vec<String> = keys
        .iter()
        .map(|k| format!("{k}{}", if descending { " DESC" } else { "" }))
        .collect();
    let select: Vec<String> = keys
        .iter()
        .chain(&cells)
        .map(|k| format!("CAST({k} AS VARCHAR)"))
        .collect();
    let sql = format!(
        "SELECT {} FROM read_parquet({}) WHERE {filter} ORDER BY {} LIMIT {}",
        select.join(", "),
        quote_literal(&file.to_string_lossy()),
        order.join(", "),
        query.limit
    );
    read_window(conn, &sql, params, n, descending, query)
}

/// A position anchor (`["123"]`) as a number.
fn position(key: &KeyValue) -> u64 {
    key.first()
        .cloned()
        .flatten()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// One window of result rows in the order of one column (NULLs last, then the key): rows
/// are numbered in that order, and the window starts or ends at a number.
fn fetch_ordered(
    conn: &Connection,
    query: &RowsQuery,
    n: usize,
    table: ResultTable,
    order: RowsOrder,
) -> Result<Window, StoreError> {
    let (bound, descending) = match &query.anchor {
        Anchor::Start => (Some((0, ">=")), false),
        Anchor::End => (None, true),
        Anchor::AtOrAfter(k) => (Some((position(k), ">=")), false),
        Anchor::AtOrBefore(k) => (Some((position(k), "<=")), true),
    };
    let keys: Vec<String> = slot::keys(n).map(|k| k.to_string()).collect();
    let select: Vec<String> = keys
        .iter()
        .chain(&table.cells)
        .map(|k| format!("CAST({k} AS VARCHAR)"))
        .collect();
    let sort = format!(
        "{} {} NULLS LAST, {}",
        table.column(n, order.column),
        if order.descending { "DESC" } else { "ASC" },
        keys.join(", ")
    );
    let bound = bound.map_or(String::new(), |(at, op)| format!("WHERE __n {op} {at}"));
    let sql = format!(
        "SELECT * FROM (SELECT {}, row_number() OVER (ORDER BY {sort}) - 1 AS __n
         FROM read_parquet({}) WHERE {}) {bound} ORDER BY __n {} LIMIT {}",
        select.join(", "),
        quote_literal(&table.file.to_string_lossy()),
        table.filter,
        if descending { "DESC" } else { "ASC" },
        query.limit
    );
    read_window(conn, &sql, table.params, n, descending, query)
}

/// Runs a window's `sql` (the key's `n` parts then two cells per row, read in the order
/// asked: `descending` rows are put back in key order) with its `params`.
fn read_window(
    conn: &Connection,
    sql: &str,
    params: Vec<duckdb::types::Value>,
    n: usize,
    descending: bool,
    query: &RowsQuery,
) -> Result<Window, StoreError> {
    let mut stmt = conn.prepare(sql)?;
    let mut result = stmt.query(duckdb::params_from_iter(params))?;
    let mut rows = Vec::new();
    while let Some(row) = result.next()? {
        let key = (0..n).map(|j| row.get(j)).collect::<Result<Vec<_>, _>>()?;
        let cells = (n..n + 2)
            .map(|j| row.get(j))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push(WindowRow { key, cells });
    }
    if descending {
        rows.reverse();
    }
    Ok(Window {
        query: query.clone(),
        rows,
    })
}

/// How often each value of column `column` of the table of `query` occurs, the most
/// frequent first (then by value), at most `limit` of them.
pub fn frequency(
    conn: &Connection,
    query: &RowsQuery,
    column: usize,
    limit: usize,
) -> Result<Frequency, StoreError> {
    let RowsSource::Results {
        key_count: n,
        files,
        filter,
    } = &query.source
    else {
        return Err(StoreError::Internal(
            "the frequencies of a query result are not read here",
        ));
    };
    if *filter == RowsFilter::Category(KeyCategory::NullKey) {
        return Err(StoreError::Internal("rows with a NULL key have no columns"));
    }
    let table = result_table(conn, files, filter, *n, &query.only)?;
    let sql = format!(
        "SELECT v, c, count(*) OVER () AS d, CAST(sum(c) OVER () AS BIGINT) AS r FROM (
           SELECT CAST({} AS VARCHAR) AS v, count(*) AS c FROM read_parquet({}) WHERE {} GROUP BY ALL
         ) ORDER BY c DESC, v NULLS LAST LIMIT {limit}",
        table.column(*n, column),
        quote_literal(&table.file.to_string_lossy()),
        table.filter,
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut result = stmt.query(duckdb::params_from_iter(table.params))?;
    let mut out = Frequency {
        values: Vec::new(),
        distinct: 0,
        rows: 0,
    };
    while let Some(row) = result.next()? {
        let count: i64 = row.get(1)?;
        let distinct: i64 = row.get(2)?;
        let rows: i64 = row.get(3)?;
        out.values.push((row.get(0)?, count as u64));
        out.distinct = distinct as u64;
        out.rows = rows as u64;
    }
    Ok(out)
}

/// Reads one window of the rows with a NULL key part: keyed by their place in the
/// null-keys file (written in order, from 0); cells: side (`source`, `migrated`), row
/// number in its file, then the key parts.
fn fetch_null_keys(
    conn: &Connection,
    query: &RowsQuery,
    key_count: usize,
    file: &std::path::Path,
) -> Result<Window, StoreError> {
    let place = |key: &KeyValue| {
        key.first()
            .cloned()
            .flatten()
            .and_then(|n| n.parse::<i64>().ok())
            .unwrap_or(0)
    };
    let (bound, descending) = match &query.anchor {
        Anchor::Start => (None, false),
        Anchor::End => (None, true),
        Anchor::AtOrAfter(key) => (Some(format!("file_row_number >= {}", place(key))), false),
        Anchor::AtOrBefore(key) => (Some(format!("file_row_number <= {}", place(key))), true),
    };
    let keys: String = slot::keys(key_count)
        .map(|k| format!(", CAST({k} AS VARCHAR)"))
        .collect();
    let sql = format!(
        "SELECT file_row_number, side, CAST(\"row\" AS VARCHAR){keys}
         FROM read_parquet({}, file_row_number = true) WHERE {} ORDER BY file_row_number{} LIMIT {}",
        quote_literal(&file.to_string_lossy()),
        bound.unwrap_or_else(|| "true".to_string()),
        if descending { " DESC" } else { "" },
        query.limit
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut result = stmt.query([])?;
    let mut rows = Vec::new();
    while let Some(row) = result.next()? {
        let place: i64 = row.get(0)?;
        let cells = (1..3 + key_count)
            .map(|j| row.get(j))
            .collect::<Result<Vec<_>, _>>()?;
        rows.push(WindowRow {
            key: vec![Some(place.to_string())],
            cells,
        });
    }
    if descending {
        rows.reverse();
    }
    Ok(Window {
        query: query.clone(),
        rows,
    })
}

/// `(k0, k1, ...) >= key` (or `<=`) written out lexicographically, values bound.
fn keyset(n: usize, op: &str, key: &KeyValue, params: &mut Vec<Value>) -> String {
    let mut alternatives = Vec::new();
    for j in 0..n {
        let mut terms = Vec::new();
        for (i, value) in key.iter().enumerate().take(j) {
            terms.push(format!("{} = ?", Slot::Key(i)));
            params.push(text(value));
        }
        let last = if j + 1 == n {
            format!("{op}=")
        } else {
            op.to_string()
        };
        terms.push(format!("{} {last} ?", Slot::Key(j)));
        params.push(text(key.get(j).unwrap_or(&None)));
        alternatives.push(format!("({})", terms.join(" AND ")));
    }
    alternatives.join(" OR ")
}

fn text(value: &Option<String>) -> Value {
    value.clone().map(Value::Text).unwrap_or(Value::Null)
}

/// Reads one record of a reconciliation: every column of the resource read from the files
/// (`Engine::records`), flagged where the reconciliation found a difference, and the raw
/// source values.
pub fn record(
    engine: &Engine,
    resource: &Resource,
    reconciled: &Reconciled,
    delivery: &str,
    key: &KeyValue,
) -> Result<RecordView, StoreError> {
    // Never the rows of changed files beside the results of the old ones.
    if let Some(d) = engine.campaign().delivery(Some(delivery))
        && !engine.is_current(resource, d, reconciled)?
    {
        return Err(StoreError::input(
            d.dir.join(&resource.migrated),
            None,
            format!(
                "the files of `{}` changed since its results were computed; they are computed again",
                resource.name
            ),
        ));
    }
    let state: KeyState = engine
        .key_states(resource, reconciled, std::slice::from_ref(key))?
        .pop()
        .unwrap_or(KeyState {
            key: key.clone(),
            category: None,
            differences: Vec::new(),
        });
    let pair = match engine.campaign().delivery(Some(delivery)) {
        Some(d) => engine
            .records(resource, d, std::slice::from_ref(key))?
            .pop(),
        None => None,
    };
    let expected = pair
        .as_ref()
        .and_then(|p| p.expected.iter().find(|r| r.kept).or(p.expected.first()));
    let migrated = pair.as_ref().and_then(|p| p.migrated.first());
    let value = |row: Option<&Vec<(String, Option<String>)>>, column: &str| {
        row.and_then(|r| r.iter().find(|(c, _)| c == column))
            .and_then(|(_, v)| v.clone())
    };
    let cells = resource
        .columns
        .iter()
        .filter(|(name, _)| !resource.key.contains(name))
        .map(|(name, _)| {
            let difference = state.differences.iter().find(|d| &d.column == name);
            let mut cell = RecordCell {
                column: name.clone(),
                differs: difference.is_some(),
                expected: value(expected.map(|r| &r.values), name),
                migrated: value(migrated, name),
            };
            if let Some(d) = difference {
                // The reconciliation's values (as compared) when the files say nothing.
                cell.expected = cell.expected.or_else(|| d.expected.clone());
                cell.migrated = cell.migrated.or_else(|| d.migrated.clone());
            }
            cell
        })
        .collect();
    Ok(RecordView {
        resource: resource.name.clone(),
        key: key.clone(),
        category: state.category,
        cells,
        source: expected.map(|r| r.source.clone()).unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::results::ResultFiles;

    fn files(dir: &std::path::Path) -> ResultFiles {
        let conn = Connection::open_in_memory().unwrap();
        let keys = dir.join("keys.parquet");
        let differences = dir.join("differences.parquet");
        conn.execute_batch(&format!(
            "COPY (SELECT printf('%03d', i // 10) AS k0, printf('%d', i % 10) AS k1, 1 AS n_src, 1 AS n_exp, 1 AS n_mig,
                   CASE WHEN i % 3 = 0 THEN 'differing' ELSE 'missing' END AS category
                   FROM range(0, 100) t(i) ORDER BY k0, k1) TO {} (FORMAT parquet);
             COPY (SELECT printf('%03d', i // 10) AS k0, printf('%d', i % 10) AS k1, true AS single, 2 AS slot,
                   CASE WHEN i % 2 = 0 THEN 'Prescrit' ELSE 'Annulé' END AS x, 'Prévu' AS y
                   FROM range(0, 100, 3) t(i) ORDER BY k0, k1) TO {} (FORMAT parquet);",
            quote_literal(&keys.to_string_lossy()),
            quote_literal(&differences.to_string_lossy()),
        ))
        .unwrap();
        ResultFiles {
            keys,
            differences,
            null_keys: dir.join("nullkeys.parquet"),
        }
    }

    fn key(a: &str, b: &str) -> KeyValue {
        vec![Some(a.into()), Some(b.into())]
    }

    #[test]
    fn windows_page_forward_and_backward_on_a_composite_key() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        let mut query = RowsQuery {
            source: RowsSource::Results {
                key_count: 2,
                files: files(dir.path()),
                filter: RowsFilter::Category(KeyCategory::Missing),
            },
            anchor: Anchor::Start,
            limit: 4,
            order: None,
            only: Vec::new(),
        };
        let first = fetch(&conn, &query).unwrap();
        let keys: Vec<KeyValue> = first.rows.iter().map(|r| r.key.clone()).collect();
        assert_eq!(
            keys,
            [
                key("000", "1"),
                key("000", "2"),
                key("000", "4"),
                key("000", "5")
            ]
        );
        query.anchor = Anchor::AtOrAfter(key("000", "5"));
        let next = fetch(&conn, &query).unwrap();
        assert_eq!(next.rows[0].key, key("000", "5"));
        assert_eq!(
            next.rows[2].key,
            key("000", "8"),
            "crosses no k0 boundary wrongly"
        );
        assert_eq!(next.rows[3].key, key("001", "0"));
        query.anchor = Anchor::AtOrBefore(key("001", "0"));
        let back = fetch(&conn, &query).unwrap();
        assert_eq!(back.rows.last().unwrap().key, key("001", "0"));
        assert_eq!(back.rows[0].key, key("000", "5"));
        query.anchor = Anchor::End;
        let end = fetch(&conn, &query).unwrap();
        assert_eq!(end.rows.last().unwrap().key, key("009", "8"));
    }

    #[test]
    fn a_pattern_lists_its_rows_with_values_bound() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        let files = files(dir.path());
        let query = RowsQuery {
            source: RowsSource::Results {
                key_count: 2,
                files: files.clone(),
                filter: RowsFilter::Pattern {
                    slot: 2,
                    expected: Some("Prescrit".into()),
                    migrated: Some("Prévu".into()),
                },
            },
            anchor: Anchor::Start,
            limit: 100,
            order: None,
            only: Vec::new(),
        };
        let window = fetch(&conn, &query).unwrap();
        assert_eq!(window.rows.len(), 17);
        assert_eq!(
            window.rows[0].cells,
            [Some("Prescrit".into()), Some("Prévu".into())]
        );
        let hostile = RowsQuery {
            source: RowsSource::Results {
                key_count: 2,
                files,
                filter: RowsFilter::Pattern {
                    slot: 2,
                    expected: Some("x' OR true --".into()),
                    migrated: None,
                },
            },
            ..query
        };
        assert!(fetch(&conn, &hostile).unwrap().rows.is_empty());
    }

    #[test]
    fn rows_in_the_order_of_a_column_page_by_position_and_one_value_narrows_them() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        let files = files(dir.path());
        let mut query = RowsQuery {
            source: RowsSource::Results {
                key_count: 2,
                files: files.clone(),
                filter: RowsFilter::Column { slot: 2 },
            },
            anchor: Anchor::Start,
            limit: 5,
            order: Some(RowsOrder {
                column: 2,
                descending: false,
            }),
            only: Vec::new(),
        };
        let expected = |w: &Window| -> Vec<String> {
            w.rows.iter().map(|r| r.cells[0].clone().unwrap()).collect()
        };
        let first = fetch(&conn, &query).unwrap();
        assert_eq!(expected(&first), ["Annulé"; 5]);
        // Ties by the key: 003, 009, 015...
        assert_eq!(first.rows[0].key, key("000", "3"));
        assert_eq!(first.rows[1].key, key("000", "9"));
        query.anchor = Anchor::AtOrAfter(vec![Some("15".into())]);
        let later = fetch(&conn, &query).unwrap();
        assert_eq!(
            expected(&later),
            ["Annulé", "Annulé", "Prescrit", "Prescrit", "Prescrit"]
        );
        query.anchor = Anchor::AtOrBefore(vec![Some("19".into())]);
        assert_eq!(
            fetch(&conn, &query).unwrap(),
            Window {
                query: query.clone(),
                ..later
            }
        );
        query.anchor = Anchor::End;
        let end = fetch(&conn, &query).unwrap();
        assert_eq!(
            end.rows.last().unwrap().key,
            key("009", "6"),
            "the last Prescrit"
        );
        query.order = Some(RowsOrder {
            column: 2,
            descending: true,
        });
        query.anchor = Anchor::Start;
        assert_eq!(expected(&fetch(&conn, &query).unwrap()), ["Prescrit"; 5]);
        // One value of the column only.
        query.order = None;
        query.limit = 100;
        query.only = vec![RowsOnly {
            column: 2,
            value: Some("Annulé".into()),
        }];
        let only = fetch(&conn, &query).unwrap();
        assert_eq!(only.rows.len(), 17);
        assert!(
            only.rows
                .iter()
                .all(|r| r.cells[0].as_deref() == Some("Annulé"))
        );
    }

    #[test]
    fn a_columns_frequencies_come_most_frequent_first_with_their_totals() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        let query = RowsQuery::new(
            RowsSource::Results {
                key_count: 2,
                files: files(dir.path()),
                filter: RowsFilter::Category(KeyCategory::Missing),
            },
            100,
        );
        // The first key part: 001 holds 7 missing keys (10 11 13 14 16 17 19), 000 only 6
        // (1 2 4 5 7 8): the most frequent come first, then by value.
        let by_k0 = frequency(&conn, &query, 0, 3).unwrap();
        assert_eq!(by_k0.distinct, 10);
        assert_eq!(by_k0.rows, 66);
        assert_eq!(by_k0.values.len(), 3, "cut at the limit");
        assert_eq!(by_k0.values[0], (Some("001".into()), 7));
        assert_eq!(by_k0.values[1], (Some("002".into()), 7));
        let query = RowsQuery::new(
            RowsSource::Results {
                key_count: 2,
                files: files(dir.path()),
                filter: RowsFilter::Column { slot: 2 },
            },
            100,
        );
        let expected = frequency(&conn, &query, 2, 10).unwrap();
        assert_eq!(
            expected.values,
            [(Some("Annulé".into()), 17), (Some("Prescrit".into()), 17)]
        );
    }

    #[test]
    fn the_rows_of_a_cause_are_those_of_its_value_pairs() {
        let dir = tempfile::tempdir().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        let files = files(dir.path());
        let of = |kind: CauseKind| {
            RowsQuery::new(
                RowsSource::Results {
                    key_count: 2,
                    files: files.clone(),
                    filter: RowsFilter::Cause {
                        slot: 2,
                        kind,
                        causes: Vec::new(),
                    },
                },
                100,
            )
        };
        // Prescrit → Prévu and Annulé → Prévu are no known transformation: `other`.
        assert_eq!(fetch(&conn, &of(CauseKind::Other)).unwrap().rows.len(), 34);
        assert_eq!(
            fetch(&conn, &of(CauseKind::Other)).unwrap().rows.len(),
            34,
            "again"
        );
        assert!(
            fetch(&conn, &of(CauseKind::Encoding))
                .unwrap()
                .rows
                .is_empty()
        );
        assert!(
            fetch(&conn, &of(CauseKind::Duplicate))
                .unwrap()
                .rows
                .is_empty()
        );
        let counted = frequency(&conn, &of(CauseKind::Other), 3, 10).unwrap();
        assert_eq!(counted.values, [(Some("Prévu".into()), 34)]);
    }
}
