//! Expected against migrated, on the key: the per-key result file and the report computed
//! from it. Definitions are those of the engine issue (see `docs/reconciliation.md`):
//! keys are distinct key values; a matched key is identical when both sides hold the same
//! multiset of rows; per column, a key counts when the multiset of that column's values
//! differs (with the tolerance for keys present once on each side).

use std::collections::BTreeMap;
use std::path::Path;

use duckdb::Connection;

use super::compare_sql::differs;
use super::error::StoreError;
use super::sql::quote_literal;
use crate::domain::column::ColumnSpec;
use crate::domain::report::{ColumnReport, KeyCategory, KeyValue, Pattern, ResourceReport};

/// How many example keys the report keeps per category and per column.
const EXAMPLES: usize = 5;

/// What the reconciliation of one resource and delivery compares.
pub struct Layout<'a> {
    pub key_count: usize,
    /// Non-key columns the delivery has: (slot index, name, settings).
    pub compared: Vec<(usize, &'a str, &'a ColumnSpec)>,
}

impl Layout<'_> {
    fn keys(&self, prefix: &str) -> String {
        (0..self.key_count)
            .map(|j| format!("{prefix}k{j}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn join_on(&self, a: &str, b: &str) -> String {
        (0..self.key_count)
            .map(|j| format!("{a}.k{j} = {b}.k{j}"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }

    fn keys_not_null(&self) -> String {
        (0..self.key_count)
            .map(|j| format!("k{j} IS NOT NULL"))
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

/// The query whose rows are the result file: one row per distinct non-NULL key of either
/// side, ordered by key (so screens can page through it by keyset).
///
/// Columns: `k{j}`, `n_src` (source rows), `n_exp` (kept rows), `n_mig`, `category`,
/// and per compared column `d{i}` (differs), `x{i}` / `y{i}` (expected / migrated values,
/// kept only where they differ on a key present once on each side).
pub fn result_sql(layout: &Layout, source: &Path, migrated: &Path) -> String {
    let keys = layout.keys("");
    let not_null = layout.keys_not_null();
    let s = format!("read_parquet({})", quote_literal(&source.to_string_lossy()));
    let m = format!(
        "read_parquet({})",
        quote_literal(&migrated.to_string_lossy())
    );
    let row_struct: String = layout
        .compared
        .iter()
        .map(|(i, _, _)| format!("c{i} := c{i}"))
        .collect::<Vec<_>>()
        .join(", ");
    let row_struct = if row_struct.is_empty() {
        "x := 1".to_string()
    } else {
        row_struct
    };
    let multisets: String = layout
        .compared
        .iter()
        .map(|(i, _, _)| format!(", list_sort(list(c{i})) AS l{i}"))
        .collect();
    let single = "j.n_exp = 1 AND j.n_mig = 1";
    let matched = "j.n_exp > 0 AND j.n_mig > 0";
    let column_differs: Vec<String> = layout
        .compared
        .iter()
        .map(|(i, _, spec)| {
            format!(
                "CASE WHEN {matched} THEN (CASE WHEN {single} THEN {} ELSE ed.l{i} IS DISTINCT FROM md.l{i} END) END AS d{i}",
                differs(*i, spec).replace("es.", "j.se_").replace("ms.", "j.me_")
            )
        })
        .collect();
    let any_differs = if layout.compared.is_empty() {
        "false".to_string()
    } else {
        layout
            .compared
            .iter()
            .map(|(i, _, _)| format!("d{i}"))
            .collect::<Vec<_>>()
            .join(" OR ")
    };
    let values: String = layout
        .compared
        .iter()
        .map(|(i, _, _)| {
            format!(
                ", CASE WHEN d{i} AND n_exp = 1 AND n_mig = 1 THEN se_e{i} END AS x{i}, CASE WHEN d{i} AND n_exp = 1 AND n_mig = 1 THEN me_e{i} END AS y{i}"
            )
        })
        .collect();
    let side_values = |alias: &str, prefix: &str| -> String {
        layout
            .compared
            .iter()
            .map(|(i, _, _)| format!(", {alias}.e{i} AS {prefix}e{i}, {alias}.c{i} AS {prefix}c{i}, {alias}.n{i} AS {prefix}n{i}"))
            .collect()
    };
    let d_cols: String = layout
        .compared
        .iter()
        .map(|(i, _, _)| format!(", d{i}"))
        .collect();
    let agg_cols: String = layout
        .compared
        .iter()
        .map(|(i, _, _)| {
            format!(", any_value(e{i}) AS e{i}, any_value(c{i}) AS c{i}, any_value(n{i}) AS n{i}")
        })
        .collect();
    let dup_filter = format!("{matched} AND (j.n_exp > 1 OR j.n_mig > 1)").replace("j.", "");
    let exclude_keys = format!(" EXCLUDE ({}, n_src, n_exp, n_mig)", layout.keys(""));
    format!(
        "WITH
  src AS (SELECT * FROM {s} WHERE {not_null}),
  mig AS (SELECT * FROM {m} WHERE {not_null}),
  xs AS (SELECT {keys}, count(*) AS n FROM src GROUP BY {keys}),
  es AS (SELECT {keys}, count(*) AS n{agg_cols} FROM src WHERE __keep GROUP BY {keys}),
  ms AS (SELECT {keys}, count(*) AS n{agg_cols} FROM mig GROUP BY {keys}),
  j AS (
    SELECT {coalesced}, coalesce(xs.n, 0) AS n_src, coalesce(es.n, 0) AS n_exp, coalesce(ms.n, 0) AS n_mig
      {se}{me}
    FROM xs LEFT JOIN es ON {xs_es} FULL JOIN ms ON {xs_ms}),
  dk AS (SELECT {keys} FROM j WHERE {dup_filter}),
  ed AS (SELECT {src_keys}, list_sort(list(struct_pack({row_struct}))) AS r{multisets}
         FROM src SEMI JOIN dk ON {src_dk} WHERE src.__keep GROUP BY {src_keys}),
  md AS (SELECT {mig_keys}, list_sort(list(struct_pack({row_struct}))) AS r{multisets}
         FROM mig SEMI JOIN dk ON {mig_dk} GROUP BY {mig_keys}),
  r AS (
    SELECT {j_keys}, j.n_src, j.n_exp, j.n_mig,
      CASE WHEN {matched} AND NOT {single} THEN ed.r IS DISTINCT FROM md.r END AS dup_differs,
      j.*{exclude_keys}
      {column_differs}
    FROM j LEFT JOIN ed ON {j_ed} LEFT JOIN md ON {j_md})
SELECT {keys}, n_src, n_exp, n_mig,
  CASE
    WHEN n_exp > 0 AND n_mig = 0 THEN 'missing'
    WHEN n_src = 0 THEN 'unexpected'
    WHEN n_exp = 0 AND n_mig > 0 THEN 'excluded_but_migrated'
    WHEN n_exp = 0 THEN 'excluded'
    WHEN coalesce(dup_differs, {any_differs}) THEN 'differing'
    ELSE 'identical'
  END AS category{d_cols}{values}
FROM r
ORDER BY {keys}",
        coalesced = (0..layout.key_count)
            .map(|j| format!("coalesce(xs.k{j}, ms.k{j}) AS k{j}"))
            .collect::<Vec<_>>()
            .join(", "),
        se = side_values("es", "se_"),
        me = side_values("ms", "me_"),
        xs_es = layout.join_on("xs", "es"),
        xs_ms = layout.join_on("xs", "ms"),
        src_keys = layout.keys("src."),
        mig_keys = layout.keys("mig."),
        src_dk = layout.join_on("src", "dk"),
        mig_dk = layout.join_on("mig", "dk"),
        j_keys = layout.keys("j."),
        j_ed = layout.join_on("j", "ed"),
        j_md = layout.join_on("j", "md"),
        exclude_keys = exclude_keys,
        column_differs = column_differs.iter().fold(String::new(), |acc, c| acc + ", " + c),
    )
}

/// Reads the counts of the report from the stage files and the result file.
pub fn report(
    conn: &Connection,
    layout: &Layout,
    source: &Path,
    migrated: &Path,
    result: &Path,
) -> Result<ResourceReport, StoreError> {
    let s = format!("read_parquet({})", quote_literal(&source.to_string_lossy()));
    let m = format!(
        "read_parquet({})",
        quote_literal(&migrated.to_string_lossy())
    );
    let r = format!("read_parquet({})", quote_literal(&result.to_string_lossy()));
    let null_key = (0..layout.key_count)
        .map(|j| format!("k{j} IS NULL"))
        .collect::<Vec<_>>()
        .join(" OR ");
    let count = |sql: String| -> Result<u64, StoreError> {
        Ok(conn
            .query_row(&sql, [], |row| row.get::<_, Option<i64>>(0))?
            .unwrap_or(0) as u64)
    };
    let mut rep = ResourceReport {
        source_rows: count(format!("SELECT count(*) FROM {s}"))?,
        excluded_rows: count(format!("SELECT count(*) FILTER (NOT __keep) FROM {s}"))?,
        migrated_rows: count(format!("SELECT count(*) FROM {m}"))?,
        null_keys_source: count(format!(
            "SELECT count(*) FILTER (__keep AND ({null_key})) FROM {s}"
        ))?,
        null_keys_migrated: count(format!("SELECT count(*) FILTER ({null_key}) FROM {m}"))?,
        ..Default::default()
    };
    rep.expected_rows = rep.source_rows - rep.excluded_rows;
    let totals: [u64; 10] = conn.query_row(
        &format!(
            "SELECT count(*) FILTER (category IN ('identical', 'differing')),
                    count(*) FILTER (category = 'identical'),
                    count(*) FILTER (category = 'differing'),
                    count(*) FILTER (category = 'missing'),
                    CAST(sum(n_exp) FILTER (category = 'missing') AS BIGINT),
                    count(*) FILTER (category = 'unexpected'),
                    CAST(sum(n_mig) FILTER (category = 'unexpected') AS BIGINT),
                    count(*) FILTER (category = 'excluded_but_migrated'),
                    count(*) FILTER (n_exp > 1),
                    count(*) FILTER (n_mig > 1)
             FROM {r}"
        ),
        [],
        |row| {
            let mut values = [0u64; 10];
            for (i, v) in values.iter_mut().enumerate() {
                *v = row.get::<_, Option<i64>>(i)?.unwrap_or(0) as u64;
            }
            Ok(values)
        },
    )?;
    [
        rep.matched_keys,
        rep.identical_rows,
        rep.differing_rows,
        rep.missing_rows,
        rep.rows_in_missing_keys,
        rep.unexpected_rows,
        rep.rows_in_unexpected_keys,
        rep.excluded_but_migrated_rows,
        rep.duplicate_keys_source,
        rep.duplicate_keys_migrated,
    ] = totals;

    let mut examples = BTreeMap::new();
    for category in KeyCategory::ALL {
        let keys = key_values(
            conn,
            layout,
            result,
            &category_filter(category, None, layout)?,
            Some(EXAMPLES),
        )?;
        if !keys.is_empty() {
            examples.insert(category.name().to_string(), keys);
        }
    }
    rep.examples = examples;

    for (i, name, _) in &layout.compared {
        let differing = count(format!("SELECT count(*) FILTER (d{i}) FROM {r}"))?;
        let (unmapped, unparseable): (i64, i64) = conn.query_row(
            &format!("SELECT count(*) FILTER (u{i}), count(*) FILTER (p{i}) FROM {s} WHERE __keep"),
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )?;
        let mut stmt = conn.prepare(&format!(
            "SELECT x{i}, y{i}, count(*) AS n FROM {r} WHERE d{i} AND n_exp = 1 AND n_mig = 1
             GROUP BY ALL ORDER BY n DESC, x{i} NULLS FIRST, y{i} NULLS FIRST LIMIT 10"
        ))?;
        let patterns = stmt
            .query_map([], |row| {
                Ok(Pattern {
                    expected: row.get(0)?,
                    migrated: row.get(1)?,
                    rows: row.get::<_, i64>(2)? as u64,
                })
            })?
            .collect::<Result<Vec<_>, _>>()?;
        rep.columns.push(ColumnReport {
            name: name.to_string(),
            differing,
            unmapped: unmapped as u64,
            unparseable: unparseable as u64,
            patterns,
            examples: key_values(conn, layout, result, &format!("d{i}"), Some(EXAMPLES))?,
        });
    }
    Ok(rep)
}

/// The SQL filter on the result file for a category (and a column, for `differing`).
pub fn category_filter(
    category: KeyCategory,
    column: Option<usize>,
    _layout: &Layout,
) -> Result<String, StoreError> {
    Ok(match (category, column) {
        (KeyCategory::Differing, Some(i)) => format!("d{i}"),
        (KeyCategory::Duplicate, _) => "(n_exp > 1 OR n_mig > 1)".to_string(),
        (c, _) => format!("category = '{}'", c.name()),
    })
}

/// Keys of the result file matching `filter`, in key order.
pub fn key_values(
    conn: &Connection,
    layout: &Layout,
    result: &Path,
    filter: &str,
    limit: Option<usize>,
) -> Result<Vec<KeyValue>, StoreError> {
    let mut out = Vec::new();
    for_each_key(conn, layout, result, filter, limit, |k| {
        out.push(k);
        Ok(())
    })?;
    Ok(out)
}

/// Streams the keys of the result file matching `filter`, in key order.
pub fn for_each_key(
    conn: &Connection,
    layout: &Layout,
    result: &Path,
    filter: &str,
    limit: Option<usize>,
    mut each: impl FnMut(KeyValue) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let limit = limit.map(|l| format!(" LIMIT {l}")).unwrap_or_default();
    let keys = layout.keys("");
    let mut stmt = conn.prepare(&format!(
        "SELECT {keys} FROM read_parquet({}) WHERE {filter} ORDER BY {keys}{limit}",
        quote_literal(&result.to_string_lossy())
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let key = (0..layout.key_count)
            .map(|j| row.get::<_, Option<String>>(j))
            .collect::<Result<Vec<_>, _>>()?;
        each(key)?;
    }
    Ok(())
}
