//! Expected against migrated, on the key: the per-key result file and the report computed
//! from it. Definitions are those of the engine issue (see `docs/reconciliation.md`):
//! keys are distinct key values; a matched key is identical when both sides hold the same
//! multiset of rows; per column, a key counts when the multiset of that column's values
//! differs (with the tolerance for keys present once on each side).

use std::path::Path;

use duckdb::Connection;

use super::causes;
use super::compare_sql::{self, Slots, differs};
use super::differences_file::{self, EXPECTED, MIGRATED, SINGLE, SLOT};
use super::error::StoreError;
use super::slot::{self, Side, Slot};
use super::sql::quote_literal;
use crate::domain::causes::resource_causes;
use crate::domain::column::ColumnSpec;
use crate::domain::report::{ColumnReport, KeyCategory, KeyValue, ResourceReport};
pub use crate::domain::results::ResultFiles;

/// How many example keys the report keeps per category and per column.
const EXAMPLES: usize = 5;
/// How many value patterns the report keeps per column.
const PATTERNS: usize = 10;

/// What the reconciliation of one resource and delivery compares.
pub struct Layout<'a> {
    pub key_count: usize,
    /// Non-key columns the delivery has: (slot index, name, settings).
    pub compared: Vec<(usize, &'a str, &'a ColumnSpec)>,
}

impl Layout<'_> {
    fn keys(&self, prefix: &str) -> String {
        slot::key_list(self.key_count, prefix)
    }

    fn join_on(&self, a: &str, b: &str) -> String {
        slot::key_join(self.key_count, a, b)
    }

    fn keys_not_null(&self) -> String {
        slot::key_terms(self.key_count, " AND ", |k| format!("{k} IS NOT NULL"))
    }
}

/// The statements that reconcile two stage tables, then the queries of the two result
/// files, both ordered by key (so screens can page through them by keyset): the keys file,
/// one row per distinct non-NULL key of either side with its counts and category; the
/// differences file, one row per differing value of a matched key (`differences_file`).
///
/// The work is split so that no step carries every value of a million rows through more
/// than one join: per-key counts first (keys and row hashes only, which also give the
/// candidate keys: present once on each side, hashes differing), then one join of the
/// candidates' rows that keeps only their differing values, then the multisets of the
/// (few) duplicated keys, and last the small results joined back onto the counts.
pub struct ResultPlan {
    /// Per-key counts, candidate keys, keys present once on each side.
    pub prepare: Vec<String>,
    /// The multisets of matched duplicated keys (`__rd`), run only when there are some
    /// (`has_duplicates`): on a wide table, one list per column costs seconds even over
    /// no rows; else `no_duplicates` makes the same table, empty.
    pub duplicates: String,
    pub no_duplicates: String,
    /// One row per key: `k{j}`, `n_src`, `n_exp`, `n_mig`, `category`.
    pub keys_select: String,
    /// One row per differing value of a matched key, by key then slot (`differences_file`).
    pub differences_select: String,
    pub cleanup: String,
}

pub fn result_plan(layout: &Layout, source: &str, migrated: &str) -> ResultPlan {
    let keys = layout.keys("");
    let not_null = layout.keys_not_null();
    let slots: Vec<(usize, Slots, &ColumnSpec)> = layout
        .compared
        .iter()
        .map(|(i, _, spec)| (*i, compare_sql::slots(*i, spec), *spec))
        .collect();
    let cols = |f: &dyn Fn(usize, &Slots, &ColumnSpec) -> String| -> String {
        slots.iter().map(|(i, s, spec)| f(*i, s, spec)).collect()
    };
    // One grouping of both sides' keys (not a grouping of each, fully joined: 6.2 s against
    // 3.7 s at 10M rows), which also folds each key's row hashes together: for a key present
    // once on each side, their `bit_xor` is 0 exactly when the two hashes are equal, so the
    // candidate keys need no join of their own (excluded rows count as hash 0).
    let counts = format!(
        "CREATE OR REPLACE TEMP TABLE __rk AS
         SELECT {keys}, count(*) FILTER (NOT __mig) AS n_src, count(*) FILTER (NOT __mig AND __keep) AS n_exp,
           count(*) FILTER (__mig) AS n_mig, bit_xor(__hk) AS __hx
         FROM (SELECT {keys}, false AS __mig, __keep, CASE WHEN __keep THEN __h ELSE 0::UBIGINT END AS __hk
                 FROM {source} WHERE {not_null}
               UNION ALL
               SELECT {keys}, true, true, __h FROM {migrated} WHERE {not_null})
         GROUP BY {keys}",
    );

    // Keys present once on each side: plain row against row, tolerance included.
    let side = |on: Side, alias: &str| -> String {
        cols(&|i, s, _| {
            let shown = Slot::Shown(i);
            std::iter::once(shown)
                .chain(Some(s.cmp).filter(|c| *c != shown))
                .chain(s.number)
                .map(|name| format!(", {alias}.{name} AS {}", name.on(on)))
                .collect()
        })
    };
    // Keys present once on each side: first the row hashes (keys and hashes only, plus
    // numbers compared with a tolerance), then the values of the few candidate keys.
    let tolerant: Vec<(usize, &ColumnSpec)> = slots
        .iter()
        .filter(|(_, _, spec)| compare_sql::is_tolerant(spec))
        .map(|(i, _, spec)| (*i, *spec))
        .collect();
    let tolerant_side = |on: Side| -> String {
        tolerant
            .iter()
            .map(|(i, spec)| {
                let s = compare_sql::slots(*i, spec);
                let n = s.number.expect("a tolerant column is a number");
                format!(
                    ", {c} AS {side_c}, {n} AS {side_n}",
                    c = s.cmp,
                    side_c = s.cmp.on(on),
                    side_n = n.on(on)
                )
            })
            .collect()
    };
    let tolerant_differs = tolerant
        .iter()
        .map(|(i, spec)| format!(" OR {}", differs(*i, spec)))
        .collect::<String>();
    // Keys present once on each side whose row hashes differ; a number compared with a
    // tolerance is outside the hash, so those campaigns join the two sides to compare it.
    let candidates = if tolerant.is_empty() {
        format!(
            "CREATE OR REPLACE TEMP TABLE __rc AS
             SELECT {keys} FROM __rk WHERE n_exp = 1 AND n_mig = 1 AND __hx <> 0"
        )
    } else {
        format!(
            "CREATE OR REPLACE TEMP TABLE __rc AS
             SELECT {e_keys} FROM
               (SELECT {keys}, __h{te} FROM {source} WHERE __keep AND {not_null}) e
               JOIN (SELECT {keys}, __h{tm} FROM {migrated} WHERE {not_null}) m ON {e_m}
               ANTI JOIN (SELECT {keys} FROM __rk WHERE n_exp > 1 OR n_mig > 1) dup ON {e_dup}
             WHERE e.__h <> m.__h{tolerant_differs}",
            e_keys = layout.keys("e."),
            te = tolerant_side(Side::Expected),
            tm = tolerant_side(Side::Migrated),
            e_m = layout.join_on("e", "m"),
            e_dup = layout.join_on("e", "dup"),
        )
    };
    // The differing cells of the candidate keys, one row each (`differences_file`): per
    // row, a list of every column's flag and values, kept where the flag is set. No
    // statement names a column per compared column twice over, and no table is as wide
    // as the resource (a 10,000-column statement and a 15,001-column file cost a
    // 5,000-column table 6 s).
    let cells = cols(&|i, _, spec| {
        format!(
            "{{'slot': {i}, 'd': {}, 'x': {}, 'y': {}}}, ",
            differs(i, spec),
            Slot::Shown(i).on(Side::Expected),
            Slot::Shown(i).on(Side::Migrated)
        )
    });
    let singles = if slots.is_empty() {
        format!(
            "CREATE OR REPLACE TEMP TABLE __rs AS
             SELECT {keys}, NULL::INTEGER AS {SLOT}, NULL::VARCHAR AS {EXPECTED}, NULL::VARCHAR AS {MIGRATED}
             FROM __rc WHERE false"
        )
    } else {
        format!(
            "CREATE OR REPLACE TEMP TABLE __rs AS
             SELECT {keys}, CAST(c.slot AS INTEGER) AS {SLOT}, c.x AS {EXPECTED}, c.y AS {MIGRATED} FROM (
               SELECT {keys}, unnest(list_filter([{cells}], lambda c: c.d)) AS c FROM (
                 SELECT {e_keys}{se}{me}
                 FROM (SELECT t.* FROM {source} t SEMI JOIN __rc c ON {t_c} WHERE t.__keep) e
                 JOIN (SELECT t.* FROM {migrated} t SEMI JOIN __rc c ON {t_c}) m ON {e_m}))",
            cells = cells.trim_end_matches(", "),
            e_keys = layout.keys("e."),
            se = side(Side::Expected, "e"),
            me = side(Side::Migrated, "m"),
            e_m = layout.join_on("e", "m"),
            t_c = layout.join_on("t", "c"),
        )
    };

    // Duplicated keys on either side: multisets of rows, and of each column's values.
    let row_struct = if slots.is_empty() {
        "x := 1".to_string()
    } else {
        slots
            .iter()
            .map(|(i, s, _)| format!("{} := {}", Slot::RowField(*i), s.cmp))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let multisets =
        cols(&|i, s, _| format!(", list_sort(list({})) AS {}", s.cmp, Slot::Multiset(i)));
    let multiset_side = |table: &str, filter: &str| {
        format!(
            "SELECT {t_keys}, list_sort(list(struct_pack({row_struct}))) AS r{multisets}
             FROM {table} t SEMI JOIN (SELECT {keys} FROM __rk WHERE n_exp > 0 AND n_mig > 0 AND (n_exp > 1 OR n_mig > 1)) dk ON {t_dk}
             WHERE {filter} GROUP BY {t_keys}",
            t_keys = layout.keys("t."),
            t_dk = layout.join_on("t", "dk"),
        )
    };
    // The slots of the columns whose multisets differ, as a list: the differences file
    // has a row for each.
    let differing_slots = cols(&|i, _, _| {
        format!(
            "CASE WHEN ed.{l} IS DISTINCT FROM md.{l} THEN {i} END, ",
            l = Slot::Multiset(i)
        )
    });
    let duplicates = format!(
        "CREATE OR REPLACE TEMP TABLE __rd AS
         SELECT {ed_keys}, ed.r IS DISTINCT FROM md.r AS dup_differs,
           CAST(list_filter([{differing_slots}], lambda s: s IS NOT NULL) AS INTEGER[]) AS slots
         FROM ({ed}) ed JOIN ({md}) md ON {ed_md}",
        ed_keys = layout.keys("ed."),
        differing_slots = differing_slots.trim_end_matches(", "),
        ed = multiset_side(source, "t.__keep"),
        md = multiset_side(migrated, "true"),
        ed_md = layout.join_on("ed", "md"),
    );

    // Every differing cell of a matched key: the differences file is written from it, once.
    let differing = format!(
        "SELECT {keys}, true AS {SINGLE}, {SLOT}, {EXPECTED}, {MIGRATED} FROM __rs
         UNION ALL
         SELECT {keys}, false AS {SINGLE}, unnest(slots) AS {SLOT}, NULL::VARCHAR AS {EXPECTED}, NULL::VARCHAR AS {MIGRATED}
         FROM __rd WHERE dup_differs",
    );
    let keys_select = format!(
        "SELECT {k_keys}, k.n_src, k.n_exp, k.n_mig,
           CASE
             WHEN k.n_exp > 0 AND k.n_mig = 0 THEN 'missing'
             WHEN k.n_src = 0 THEN 'unexpected'
             WHEN k.n_exp = 0 AND k.n_mig > 0 THEN 'excluded_but_migrated'
             WHEN k.n_exp = 0 THEN 'excluded'
             WHEN x.{first_key} IS NOT NULL THEN 'differing'
             ELSE 'identical'
           END AS category
         FROM __rk k LEFT JOIN (
           SELECT {keys} FROM __rs UNION SELECT {keys} FROM __rd WHERE dup_differs
         ) x ON {k_x}
         ORDER BY {k_keys}",
        k_keys = layout.keys("k."),
        k_x = layout.join_on("k", "x"),
        first_key = Slot::Key(0),
    );
    ResultPlan {
        no_duplicates: format!(
            "CREATE OR REPLACE TEMP TABLE __rd AS
             SELECT {keys}, false AS dup_differs, []::INTEGER[] AS slots FROM __rk WHERE false"
        ),
        prepare: vec![counts, candidates, singles],
        duplicates,
        keys_select,
        differences_select: format!("SELECT * FROM ({differing}) ORDER BY {keys}, {SLOT}"),
        cleanup: ["__rk", "__rc", "__rs", "__rd"]
            .iter()
            .map(|t| format!("DROP TABLE IF EXISTS {t};"))
            .collect(),
    }
}

/// Whether some matched key is held more than once by a side (after `prepare`).
pub fn has_duplicates(conn: &Connection) -> Result<bool, StoreError> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM __rk WHERE n_exp > 0 AND n_mig > 0 AND (n_exp > 1 OR n_mig > 1)",
        [],
        |r| r.get(0),
    )?)
}

/// The null-keys file's query: the rows with a NULL key part, expected ones (`source`)
/// then delivered ones (`migrated`), each with its row number in its file (`row`) and its
/// key slots; `source` and `migrated` are stage queries over numbered inputs (`__row`).
pub fn null_keys_select(layout: &Layout, source: &str, migrated: &str) -> String {
    let keys = layout.keys("");
    let null_key = null_key(layout);
    format!(
        "SELECT * FROM (
           SELECT 'source' AS side, __row AS \"row\", {keys} FROM ({source}) WHERE __keep AND ({null_key})
           UNION ALL
           SELECT 'migrated' AS side, __row AS \"row\", {keys} FROM ({migrated}) WHERE {null_key})
         ORDER BY side = 'migrated', \"row\""
    )
}

/// The null-keys file of a reconciliation without NULL keys: its columns, no row.
pub fn no_null_keys_select(layout: &Layout, source: &str) -> String {
    format!(
        "SELECT 'source' AS side, NULL::BIGINT AS \"row\", {} FROM {source} LIMIT 0",
        layout.keys("")
    )
}

fn null_key(layout: &Layout) -> String {
    slot::key_terms(layout.key_count, " OR ", |k| format!("{k} IS NULL"))
}

/// Reads the counts of the report from the stage files and the result file.
pub fn report(
    conn: &Connection,
    layout: &Layout,
    source: &str,
    migrated: &str,
    files: &ResultFiles,
) -> Result<ResourceReport, StoreError> {
    let null_key = null_key(layout);
    let [source_rows, excluded_rows, null_keys_source] = counts(
        conn,
        &[
            "count(*)",
            "count(*) FILTER (NOT __keep)",
            &format!("count(*) FILTER (__keep AND ({null_key}))"),
        ],
        source,
    )?
    .try_into()
    .expect("three counts");
    let [migrated_rows, null_keys_migrated] = counts(
        conn,
        &["count(*)", &format!("count(*) FILTER ({null_key})")],
        migrated,
    )?
    .try_into()
    .expect("two counts");
    let mut rep = ResourceReport {
        source_rows,
        excluded_rows,
        expected_rows: source_rows - excluded_rows,
        migrated_rows,
        null_keys_source,
        null_keys_migrated,
        ..Default::default()
    };
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
    ] = counts(
        conn,
        &[
            "count(*) FILTER (category IN ('identical', 'differing'))",
            "count(*) FILTER (category = 'identical')",
            "count(*) FILTER (category = 'differing')",
            "count(*) FILTER (category = 'missing')",
            "sum(n_exp) FILTER (category = 'missing')",
            "count(*) FILTER (category = 'unexpected')",
            "sum(n_mig) FILTER (category = 'unexpected')",
            "count(*) FILTER (category = 'excluded_but_migrated')",
            "count(*) FILTER (n_exp > 1)",
            "count(*) FILTER (n_mig > 1)",
        ],
        &parquet(&files.keys),
    )?
    .try_into()
    .expect("ten counts");

    let category_counts = [
        (KeyCategory::Missing, rep.missing_rows),
        (KeyCategory::Unexpected, rep.unexpected_rows),
        (KeyCategory::Differing, rep.differing_rows),
        (
            KeyCategory::ExcludedButMigrated,
            rep.excluded_but_migrated_rows,
        ),
        (
            KeyCategory::Duplicate,
            rep.duplicate_keys_source + rep.duplicate_keys_migrated,
        ),
    ];
    for (category, n) in category_counts {
        if n > 0 {
            let (file, filter) = category_source(category, None, files);
            let keys = key_values(conn, layout, file, &filter, Some(EXAMPLES))?;
            rep.examples.insert(category.name().to_string(), keys);
        }
    }
    rep.columns = column_reports(conn, layout, source, rep.expected_rows, files)?;
    rep.causes = resource_causes(rep.columns.iter().map(|c| (c.name.as_str(), &c.causes[..])));
    Ok(rep)
}

/// Per compared column: differing keys, unmapped and unparseable source rows (one scan
/// each of the differences file and the source table), then patterns, causes and examples
/// for the columns that differ.
fn column_reports(
    conn: &Connection,
    layout: &Layout,
    source: &str,
    expected_rows: u64,
    files: &ResultFiles,
) -> Result<Vec<ColumnReport>, StoreError> {
    let x = parquet(&files.differences);
    let differing_by_slot: std::collections::HashMap<i32, u64> = conn
        .prepare(&format!(
            "SELECT {SLOT}, count(*) FROM {x} WHERE {SLOT} IS NOT NULL GROUP BY ALL"
        ))?
        .query_map([], |r| {
            Ok((r.get::<_, i32>(0)?, r.get::<_, i64>(1)? as u64))
        })?
        .collect::<Result<_, _>>()?;
    let differing: Vec<u64> = layout
        .compared
        .iter()
        .map(|(i, _, _)| differing_by_slot.get(&(*i as i32)).copied().unwrap_or(0))
        .collect();
    // Two flags per column (unmapped, unparseable), `false` where the column has none.
    let flags = counts_per_item(
        conn,
        source,
        layout.compared.iter().flat_map(|(i, _, spec)| {
            let slots = compare_sql::slots(*i, spec);
            [slots.unmapped, slots.unparseable]
                .map(|flag| flag.map_or("false".to_string(), |f| format!("({f} AND __keep)")))
        }),
    )?;
    let mut reports: Vec<ColumnReport> = layout
        .compared
        .iter()
        .enumerate()
        .map(|(n, (_, name, _))| ColumnReport {
            name: name.to_string(),
            differing: differing[n],
            unmapped: flags[2 * n],
            unparseable: flags[2 * n + 1],
            ..Default::default()
        })
        .collect();
    if differing_by_slot.is_empty() {
        return Ok(reports);
    }
    // Patterns and examples of every differing column in one read of the differences
    // file (its differing cells, one row each).
    let keys = layout.keys("");
    let report_of = |slot: i32| {
        layout
            .compared
            .iter()
            .position(|(i, _, _)| *i as i32 == slot)
            .expect("a compared slot")
    };
    // Every distinct pair, not only the top ten: each differing key gets a cause.
    let started = std::time::Instant::now();
    let by_slot = causes::differences_by_slot(conn, &x)?;
    let mut timing = CauseTiming {
        columns: by_slot.len(),
        pairs: by_slot.values().map(|d| d.pairs.len()).sum(),
        reading: started.elapsed(),
        ..Default::default()
    };
    let columns: Vec<causes::DifferingColumn> = by_slot
        .iter()
        .map(|(slot, differences)| {
            let n = report_of(*slot);
            causes::DifferingColumn {
                slot: *slot as usize,
                spec: layout.compared[n].2,
                pairs: &differences.pairs,
                counts: causes::ColumnCounts {
                    duplicate_keys: differences.duplicate_keys,
                    unmapped: reports[n].unmapped,
                    unparseable: reports[n].unparseable,
                },
            }
        })
        .collect();
    let found = causes::columns_causes(conn, source, expected_rows, &columns)?;
    for (column, causes) in columns.iter().zip(found) {
        let report = &mut reports[report_of(column.slot as i32)];
        report.patterns = column.pairs.iter().take(PATTERNS).cloned().collect();
        report.causes = causes;
    }
    timing.diagnosing = started.elapsed() - timing.reading;
    timing.trace();
    let mut stmt = conn.prepare(&format!(
        "SELECT {SLOT}, {keys} FROM {x}
         QUALIFY row_number() OVER (PARTITION BY {SLOT} ORDER BY {keys}) <= {EXAMPLES}
         ORDER BY {SLOT}, {keys}"
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let key = (0..layout.key_count)
            .map(|j| row.get::<_, Option<String>>(j + 1))
            .collect::<Result<Vec<_>, _>>()?;
        reports[report_of(row.get(0)?)].examples.push(key);
    }
    Ok(reports)
}

/// What diagnosing the columns' causes cost, said with `RECETTE_TRACE` (benchmarks):
/// reading every distinct pair (which also gives the patterns) and diagnosing them,
/// code sets included.
#[derive(Default)]
struct CauseTiming {
    columns: usize,
    pairs: usize,
    reading: std::time::Duration,
    diagnosing: std::time::Duration,
}

impl CauseTiming {
    fn trace(&self) {
        if self.columns > 0 && std::env::var_os("RECETTE_TRACE").is_some() {
            eprintln!(
                "         causes: {} value pair(s) of {} column(s) read in {:.2} s, diagnosed in {:.2} s",
                self.pairs,
                self.columns,
                self.reading.as_secs_f64(),
                self.diagnosing.as_secs_f64()
            );
        }
    }
}

/// Notices for the date columns read with `%y` whose expected values fall after today:
/// DuckDB reads `00`–`68` as 2000–2068, so a birth date of 1950–1968 written with two
/// digits lands in the future.
pub fn future_dates(
    conn: &Connection,
    layout: &Layout,
    source: &str,
    resource: &str,
) -> Result<Vec<String>, StoreError> {
    let columns: Vec<(usize, &str, &str)> = layout
        .compared
        .iter()
        .filter_map(|(i, name, spec)| {
            spec.date
                .as_deref()
                .filter(|f| f.contains("%y"))
                .map(|f| (*i, *name, f))
        })
        .collect();
    // Today in days since 1970 (UTC): DuckDB's `current_date` needs the ICU extension.
    let today = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() / 86_400)
        .unwrap_or(0);
    let exprs: Vec<String> = columns
        .iter()
        .map(|(i, _, _)| {
            format!(
                "count(*) FILTER (__keep AND TRY_CAST({} AS DATE) > DATE '1970-01-01' + {today}::INTEGER)",
                Slot::Shown(*i)
            )
        })
        .collect();
    let found = counts(conn, &exprs, source)?;
    Ok(columns
        .iter()
        .zip(found)
        .filter(|(_, n)| *n > 0)
        .map(|((_, name, format), n)| {
            format!(
                "resource `{resource}`, column `{name}`: {n} source value(s) read with date = \"{format}\" fall after today; %y reads 00–68 as 2000–2068 and 69–99 as 1969–1999, so a birth date of 1968 or before written with two digits is read 100 years late (see docs/campaign.md, dates)"
            )
        })
        .collect())
}

/// How many rows of `from` satisfy each boolean expression, in one scan: the booleans
/// unnested into (item, flag) rows and grouped. A thousand `count(*) FILTER (...)`
/// aggregates cost DuckDB seconds to plan (a 1,000-column table spent 10 s counting its
/// differing keys over 3 rows); a list of a thousand booleans costs nothing.
fn counts_per_item(
    conn: &Connection,
    from: &str,
    flags: impl Iterator<Item = String>,
) -> Result<Vec<u64>, StoreError> {
    let flags: Vec<String> = flags.collect();
    let mut found = vec![0; flags.len()];
    if flags.is_empty() {
        return Ok(found);
    }
    let sql = format!(
        "SELECT item, count(*) FILTER (flag) FROM (
           SELECT unnest(range({n})) AS item, unnest([{list}]) AS flag FROM {from}
         ) GROUP BY item",
        n = flags.len(),
        list = flags.join(", ")
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let item: i64 = row.get(0)?;
        found[item as usize] = row.get::<_, i64>(1)? as u64;
    }
    Ok(found)
}

/// Evaluates several aggregate expressions over `from` in one scan (NULL counts as 0).
pub(super) fn counts<S: AsRef<str>>(
    conn: &Connection,
    exprs: &[S],
    from: &str,
) -> Result<Vec<u64>, StoreError> {
    if exprs.is_empty() {
        return Ok(Vec::new());
    }
    let list: Vec<String> = exprs
        .iter()
        .map(|e| format!("CAST({} AS BIGINT)", e.as_ref()))
        .collect();
    let sql = format!("SELECT {} FROM {from}", list.join(", "));
    Ok(conn.query_row(&sql, [], |row| {
        (0..exprs.len())
            .map(|i| Ok(row.get::<_, Option<i64>>(i)?.unwrap_or(0) as u64))
            .collect::<Result<Vec<_>, _>>()
    })?)
}

fn parquet(path: &Path) -> String {
    format!("read_parquet({})", quote_literal(&path.to_string_lossy()))
}

/// Which result file lists a category's keys (`--column` narrows `differing` to one
/// column, from the differences file), and the filter that selects them.
pub fn category_source(
    category: KeyCategory,
    column: Option<usize>,
    files: &ResultFiles,
) -> (&Path, String) {
    match (category, column) {
        (KeyCategory::Differing, Some(i)) => (&files.differences, differences_file::of_column(i)),
        (KeyCategory::Duplicate, _) => (&files.keys, "(n_exp > 1 OR n_mig > 1)".to_string()),
        (KeyCategory::NullKey, _) => (&files.null_keys, "true".to_string()),
        (c, _) => (&files.keys, format!("category = '{}'", c.name())),
    }
}

/// A row with a NULL key part: its side (`source`, `migrated`), its row number in its
/// file, its key (some part NULL).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NullKeyRow {
    pub side: String,
    pub row: u64,
    pub key: KeyValue,
}

/// Streams the rows of the null-keys file, source rows first, each in file order.
pub fn for_each_null_key(
    conn: &Connection,
    key_count: usize,
    file: &Path,
    mut each: impl FnMut(NullKeyRow) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT side, \"row\", {} FROM read_parquet({}) ORDER BY side = 'migrated', \"row\"",
        slot::key_terms(key_count, ", ", |k| format!("CAST({k} AS VARCHAR)")),
        quote_literal(&file.to_string_lossy())
    ))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        let key = (0..key_count)
            .map(|j| row.get::<_, Option<String>>(j + 2))
            .collect::<Result<Vec<_>, _>>()?;
        each(NullKeyRow {
            side: row.get(0)?,
            row: row.get::<_, i64>(1)? as u64,
            key,
        })?;
    }
    Ok(())
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
