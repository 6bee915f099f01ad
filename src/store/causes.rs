//! A column's causes, read from the results: every distinct differing value pair of the
//! differences file diagnosed in Rust (`domain::causes`), the column's code set read from
//! the expected side only when a pair needs it; and the keys of one cause for
//! `recette keys --cause`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use duckdb::Connection;

use super::differences_file::{EXPECTED, MIGRATED, of_column};
use super::error::StoreError;
use super::reconcile::{Layout, for_each_key};
use super::slot::{self, Slot};
use super::sql::quote_literal;
use crate::domain::causes::{Cause, CauseKind, Diagnosed, Vocabulary, cause_of};
use crate::domain::column::ColumnSpec;
use crate::domain::report::{KeyValue, Pattern};

/// How many values are read to decide whether a column has a code set: one more than a
/// code set may have.
const CODE_SET_PROBE: usize = crate::domain::causes::CODE_SET_MAX_VALUES + 1;

fn parquet(path: &Path) -> String {
    format!("read_parquet({})", quote_literal(&path.to_string_lossy()))
}

/// Every distinct (expected, migrated) pair of column `i` among the differing keys present
/// once on each side, with its keys, most keys first (ties by expected, then migrated,
/// NULL first: the order of a column's `patterns`).
pub fn pairs(conn: &Connection, differences: &Path, i: usize) -> Result<Vec<Pattern>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT CAST({x} AS VARCHAR), CAST({y} AS VARCHAR), count(*) AS n FROM {}
         WHERE {d} AND single GROUP BY ALL",
        parquet(differences),
        x = EXPECTED,
        y = MIGRATED,
        d = of_column(i),
    ))?;
    let mut out = stmt
        .query_map([], |row| {
            Ok(Pattern {
                expected: row.get(0)?,
                migrated: row.get(1)?,
                rows: row.get::<_, i64>(2)? as u64,
            })
        })?
        .collect::<Result<Vec<_>, _>>()?;
    sort_patterns(&mut out);
    Ok(out)
}

/// Most keys first, ties by expected, then migrated, NULL first: the order of a column's
/// `patterns` (DuckDB compares text byte by byte, as Rust does).
fn sort_patterns(patterns: &mut [Pattern]) {
    patterns.sort_by(|a, b| {
        b.rows
            .cmp(&a.rows)
            .then_with(|| a.expected.cmp(&b.expected))
            .then_with(|| a.migrated.cmp(&b.migrated))
    });
}

/// A differing column's values.
#[derive(Debug, Default)]
pub struct ColumnDifferences {
    /// Every distinct pair of its keys present once on each side, in `patterns` order.
    pub pairs: Vec<Pattern>,
    /// Its differing keys held more than once by a side (no one pair).
    pub duplicate_keys: u64,
}

/// Every differing column's values by slot, in one read of `table` (the differences file,
/// as SQL: its differing cells, one row each).
pub fn differences_by_slot(
    conn: &Connection,
    table: &str,
) -> Result<BTreeMap<i32, ColumnDifferences>, StoreError> {
    let mut stmt = conn.prepare(&format!(
        "SELECT slot, single, CAST(x AS VARCHAR), CAST(y AS VARCHAR), count(*) FROM {table}
         GROUP BY ALL"
    ))?;
    let mut rows = stmt.query([])?;
    let mut out: BTreeMap<i32, ColumnDifferences> = BTreeMap::new();
    while let Some(row) = rows.next()? {
        let column = out.entry(row.get(0)?).or_default();
        let keys = row.get::<_, i64>(4)? as u64;
        if row.get::<_, bool>(1)? {
            column.pairs.push(Pattern {
                expected: row.get(2)?,
                migrated: row.get(3)?,
                rows: keys,
            });
        } else {
            column.duplicate_keys += keys;
        }
    }
    for column in out.values_mut() {
        sort_patterns(&mut column.pairs);
    }
    Ok(out)
}

/// The code set of column `i` from the expected side (`source`, a stage table), if it has
/// one; engine markers are no codes.
fn vocabulary(conn: &Connection, source: &str, i: usize) -> Result<Option<Vocabulary>, StoreError> {
    // One scan: the column's total (the empty grouping set, first) then its most frequent
    // values (a `count(*)` scan of its own cost as much again on a 1M-row column).
    let mut stmt = conn.prepare(&format!(
        "SELECT CAST({e} AS VARCHAR) AS v, count(*) AS n, grouping(v) AS total FROM {source}
         WHERE __keep AND {e} IS NOT NULL AND NOT starts_with(CAST({e} AS VARCHAR), '⟨')
         GROUP BY GROUPING SETS ((v), ())
         ORDER BY total DESC, n DESC, v LIMIT {CODE_SET_PROBE} + 1",
        e = Slot::Shown(i),
    ))?;
    let mut rows = 0;
    let mut counts = Vec::new();
    let mut found = stmt.query([])?;
    while let Some(row) = found.next()? {
        let n = row.get::<_, i64>(1)? as u64;
        match row.get::<_, i64>(2)? {
            0 => counts.push((row.get::<_, String>(0)?, n)),
            _ => rows = n,
        }
    }
    Ok(Vocabulary::from_counts(counts, rows))
}

/// Most delivered values of one column to look for among its expected ones; past it,
/// the code set is read without asking.
const DELIVERED_PROBE: usize = 50_000;

/// Columns asked about in one statement: a wide table has hundreds of differing columns.
const COLUMNS_PER_PROBE: usize = 200;

/// A table this long, with at most this many columns to ask about, is asked one join per
/// column, in statements of a few dozen joins (measured on 14 × 1M, 300 × 20k, 1,000 × 20k
/// and 5,000 × 3: past those bounds, planning the joins costs more than they save).
const PROBE_BY_COLUMN_ROWS: u64 = 10_000;
const PROBE_BY_COLUMN_COLUMNS: usize = 300;
const COLUMNS_PER_JOIN: usize = 40;

/// Which of the columns `asks` (slot, delivered values) hold one of their delivered values
/// among their expected ones: only those need their code set, since a `mapping` is a
/// delivered value that is a code of its column. The values go to a temporary table (an
/// appender: a literal list of thousands is slow to parse), joined to each column in one
/// statement for many columns (a statement per column cost a 5,000-column table 3 s); no
/// grouping of any column (which costs up to 100 ms at 1M distinct values). Most columns
/// end here: a wrong value is rarely another value of its column.
fn columns_holding(
    conn: &Connection,
    source: &str,
    kept: u64,
    asks: &[(usize, Vec<&str>)],
) -> Result<HashSet<usize>, StoreError> {
    let (many, few): (Vec<_>, Vec<_>) = asks
        .iter()
        .partition(|(_, values)| values.len() > DELIVERED_PROBE);
    let mut holding: HashSet<usize> = many.iter().map(|(slot, _)| *slot).collect();
    if few.is_empty() {
        return Ok(holding);
    }
    conn.execute_batch(
        "CREATE OR REPLACE TEMP TABLE __recette_delivered (slot INTEGER, v VARCHAR)",
    )?;
    {
        let mut appender =
            conn.appender_to_catalog_and_db("__recette_delivered", "temp", "main")?;
        for (slot, values) in &few {
            for value in values {
                appender.append_row(duckdb::params![*slot as i32, value])?;
            }
        }
    }
    let by_column = kept >= PROBE_BY_COLUMN_ROWS && few.len() <= PROBE_BY_COLUMN_COLUMNS;
    let chunk = match by_column {
        true => COLUMNS_PER_JOIN,
        false => COLUMNS_PER_PROBE,
    };
    for part in few.chunks(chunk) {
        let sql = match by_column {
            true => holding_by_column(source, part),
            false => holding_by_unnest(source, part),
        };
        let mut stmt = conn.prepare(&sql)?;
        let found = stmt.query_map([], |row| row.get::<_, i32>(0))?;
        for slot in found {
            holding.insert(slot? as usize);
        }
    }
    conn.execute_batch("DROP TABLE temp.__recette_delivered")?;
    Ok(holding)
}

/// One join per column, each stopping at its first match: on long tables a column's
/// own hash join is cheaper than every value of every column side by side (14 columns
/// × 1M rows: 85 ms against 240 ms), but each join is planned on its own, which costs
/// more than it saves past a few hundred columns.
fn holding_by_column(source: &str, part: &[&(usize, Vec<&str>)]) -> String {
    part.iter()
        .map(|(i, _)| {
            format!(
                "(SELECT {i} AS slot FROM {source} s
                  SEMI JOIN (SELECT v FROM temp.__recette_delivered WHERE slot = {i}) d
                  ON CAST(s.{e} AS VARCHAR) = d.v WHERE s.__keep LIMIT 1)",
                e = Slot::Shown(*i)
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ")
}

/// Every column's values side by side, one row per (slot, value): the table is read and
/// bound once, whatever the number of columns (a subquery per column cost a 5,000-column
/// table 3 s to plan).
fn holding_by_unnest(source: &str, part: &[&(usize, Vec<&str>)]) -> String {
    let slots: Vec<String> = part.iter().map(|(i, _)| i.to_string()).collect();
    let values: Vec<String> = part
        .iter()
        .map(|(i, _)| format!("CAST({} AS VARCHAR)", Slot::Shown(*i)))
        .collect();
    format!(
        "SELECT DISTINCT s.slot FROM (
           SELECT unnest([{}]) AS slot, unnest([{}]) AS v FROM {source} WHERE __keep) s
         SEMI JOIN temp.__recette_delivered d ON s.slot = d.slot AND s.v = d.v",
        slots.join(", "),
        values.join(", ")
    )
}

/// What a column's causes are computed from, besides its pairs.
pub struct ColumnCounts {
    /// Differing keys held more than once by a side.
    pub duplicate_keys: u64,
    /// The column's `unmapped` and `unparseable` source rows.
    pub unmapped: u64,
    pub unparseable: u64,
}

/// A differing column to diagnose: its slot, settings, distinct differing pairs (keys
/// present once on each side) and counts.
pub struct DifferingColumn<'a> {
    pub slot: usize,
    pub spec: &'a ColumnSpec,
    pub pairs: &'a [Pattern],
    pub counts: ColumnCounts,
}

/// The causes of each of `columns`, in their order: every column's pairs diagnosed, then
/// one question for those whose pairs do not already rule a code set out — which could
/// hold a `mapping` — and the code set read for those only. `kept`: the source's kept
/// rows (the expected ones), more than any column has.
pub fn columns_causes(
    conn: &Connection,
    source: &str,
    kept: u64,
    columns: &[DifferingColumn],
) -> Result<Vec<Vec<Cause>>, StoreError> {
    let diagnosed: Vec<Diagnosed> = columns
        .iter()
        .map(|c| Diagnosed::new(c.pairs, c.counts.duplicate_keys))
        .collect();
    let asks: Vec<(usize, Vec<&str>)> = columns
        .iter()
        .zip(&diagnosed)
        .filter(|(c, _)| !Vocabulary::ruled_out(c.pairs, kept))
        .map(|(c, d)| (c.slot, d.delivered()))
        .filter(|(_, delivered)| !delivered.is_empty())
        .collect();
    let holding = columns_holding(conn, source, kept, &asks)?;
    columns
        .iter()
        .zip(diagnosed)
        .map(|(column, diagnosed)| {
            let codes = match holding.contains(&column.slot) {
                true => vocabulary(conn, source, column.slot)?,
                false => None,
            };
            let mut causes = diagnosed.causes(codes.as_ref());
            for cause in &mut causes {
                match cause.kind {
                    CauseKind::Unmapped => cause.detail.source_rows = Some(column.counts.unmapped),
                    CauseKind::Unparseable => {
                        cause.detail.source_rows = Some(column.counts.unparseable)
                    }
                    _ => {}
                }
                match &column.spec.map {
                    Some(map) if cause.kind == CauseKind::Mapping => cause.attach_value_map(map),
                    _ => cause.refresh_text(),
                }
            }
            Ok(causes)
        })
        .collect()
}

/// Streams, in key order, the keys whose value of column `i` differs by `kind`, given the
/// column's causes as the report has them (which know its code set).
pub fn for_each_key_of_cause(
    conn: &Connection,
    layout: &Layout,
    differences: &Path,
    i: usize,
    kind: CauseKind,
    causes: &[Cause],
    mut each: impl FnMut(KeyValue) -> Result<(), StoreError>,
) -> Result<(), StoreError> {
    if kind == CauseKind::Duplicate {
        let filter = format!("{} AND NOT single", of_column(i));
        return for_each_key(conn, layout, differences, &filter, None, each);
    }
    let chosen: HashSet<(Option<String>, Option<String>)> = pairs(conn, differences, i)?
        .into_iter()
        .filter(|p| cause_of(p.expected.as_deref(), p.migrated.as_deref(), causes) == kind)
        .map(|p| (p.expected, p.migrated))
        .collect();
    if chosen.is_empty() {
        return Ok(());
    }
    let keys = slot::key_list(layout.key_count, "");
    let mut stmt = conn.prepare(&format!(
        "SELECT {keys}, CAST({x} AS VARCHAR), CAST({y} AS VARCHAR) FROM {}
         WHERE {d} AND single ORDER BY {keys}",
        parquet(differences),
        x = EXPECTED,
        y = MIGRATED,
        d = of_column(i),
    ))?;
    let mut rows = stmt.query([])?;
    let n = layout.key_count;
    while let Some(row) = rows.next()? {
        let pair = (
            row.get::<_, Option<String>>(n)?,
            row.get::<_, Option<String>>(n + 1)?,
        );
        if chosen.contains(&pair) {
            let key = (0..n)
                .map(|j| row.get::<_, Option<String>>(j))
                .collect::<Result<Vec<_>, _>>()?;
            each(key)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_delivered_value_is_looked_for_among_the_kept_expected_ones_of_its_column() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE stage AS SELECT * FROM (VALUES
               (true, 'L''Hôpital', 'a'), (true, 'prescribed', 'b'), (false, 'planned', 'c'),
               (true, NULL, 'planned')
             ) t(__keep, e2, e5)",
        )
        .unwrap();
        let holding = |asks: &[(usize, Vec<&str>)]| {
            let mut found: Vec<usize> = columns_holding(&conn, "stage", 3, asks)
                .unwrap()
                .into_iter()
                .collect();
            found.sort();
            found
        };
        assert_eq!(
            holding(&[(2, vec!["nothing", "L'Hôpital"])]),
            [2],
            "a quote"
        );
        assert_eq!(holding(&[(2, vec!["prescribed"]), (5, vec!["b"])]), [2, 5]);
        assert!(
            holding(&[(2, vec!["planned"])]).is_empty(),
            "a row the campaign's rules leave out"
        );
        assert!(
            holding(&[
                (2, vec!["Prescribed", "prescribed "]),
                (5, vec!["prescribed"])
            ])
            .is_empty(),
            "the exact text of its own column only"
        );
        assert!(holding(&[]).is_empty());
    }
}
