//! The campaign's likely mistakes, read from the source stage after a reconciliation: a
//! `date` format most of a column's values do not follow (and the usual format that reads
//! them), a `map` missing a value many rows hold. Only columns that already count
//! unparseable or unmapped values are looked at, so a clean campaign pays nothing.

use duckdb::Connection;

use super::compare_sql::slots;
use super::error::StoreError;
use super::reconcile::{Layout, counts};
use super::slot::Slot;
use super::sql::quote_literal;
use crate::domain::column::{ComparisonKind, USUAL_DATE_FORMATS};
use crate::domain::hint::Hint;
use crate::domain::report::ColumnReport;

/// At most this many missing values are named per column, the most frequent first.
const MISSING_VALUES_NAMED: usize = 5;

/// The hints of one resource, from its `source` stage and its column reports.
pub fn hints(
    conn: &Connection,
    layout: &Layout,
    source: &str,
    reports: &[ColumnReport],
    kept_rows: u64,
) -> Result<Vec<Hint>, StoreError> {
    let mut out = Vec::new();
    for ((i, name, spec), report) in layout.compared.iter().zip(reports) {
        let column = slots(*i, spec);
        if let (ComparisonKind::Date, Some(flag)) = (spec.kind(), column.unparseable)
            && report.unparseable > 0
        {
            let format = spec.date.as_deref().unwrap_or("%Y-%m-%d");
            let values = counts(
                conn,
                &[format!(
                    "count(*) FILTER (__keep AND {} IS NOT NULL)",
                    Slot::Shown(*i)
                )],
                source,
            )?[0];
            if Hint::doubts_date_format(report.unparseable, values) {
                let (suggested, suggested_reads) =
                    better_format(conn, source, *i, flag, format)?.unzip();
                out.push(Hint::DateFormat {
                    column: name.to_string(),
                    format: format.to_string(),
                    values,
                    unparseable: report.unparseable,
                    suggested,
                    suggested_reads: suggested_reads.unwrap_or(0),
                });
            }
        }
        if let Some(flag) = column.unmapped
            && report.unmapped > 0
        {
            for (value, rows) in missing_values(conn, source, *i, flag)? {
                if Hint::is_missing_value_worth_saying(rows, kept_rows) {
                    out.push(Hint::MapMissesValue {
                        column: name.to_string(),
                        value,
                        rows,
                        of: kept_rows,
                    });
                }
            }
        }
    }
    Ok(out)
}

/// The raw source text of column `i` where its display slot holds a `⟨marker: raw⟩`.
fn raw_of(i: usize, marker: &str) -> String {
    format!(
        "regexp_extract({}, '^⟨{marker}: (.*)⟩$', 1)",
        Slot::Shown(i)
    )
}

/// The usual date format, other than `current`, that reads the most of the column's
/// unparseable values, with how many it reads; none when none reads any.
fn better_format(
    conn: &Connection,
    source: &str,
    i: usize,
    flag: Slot,
    current: &str,
) -> Result<Option<(String, u64)>, StoreError> {
    let raw = raw_of(i, "unparseable");
    let candidates: Vec<&str> = USUAL_DATE_FORMATS
        .iter()
        .copied()
        .filter(|f| *f != current)
        .collect();
    // As the engine reads a `date`: `%Y` refuses a year written with fewer digits.
    let reads: Vec<String> = candidates
        .iter()
        .map(|f| {
            let parsed = format!("try_strptime({raw}, {})", quote_literal(f));
            let year = if f.contains("%Y") {
                format!(" AND year({parsed}) >= 1000")
            } else {
                String::new()
            };
            format!("count(*) FILTER ({parsed} IS NOT NULL{year})")
        })
        .collect();
    let from = format!(
        "(SELECT {} FROM {source} WHERE __keep AND {flag})",
        Slot::Shown(i)
    );
    let found = counts(conn, &reads, &from)?;
    Ok(candidates
        .iter()
        .zip(found)
        .filter(|(_, n)| *n > 0)
        // The first of the most reading: the list is ordered most usual first.
        .fold(None::<(&str, u64)>, |best, (f, n)| match best {
            Some((_, m)) if m >= n => best,
            _ => Some((f, n)),
        })
        .map(|(f, n)| (f.to_string(), n)))
}

/// The source values column `i`'s map misses, the most frequent first, with their rows.
fn missing_values(
    conn: &Connection,
    source: &str,
    i: usize,
    flag: Slot,
) -> Result<Vec<(String, u64)>, StoreError> {
    let raw = raw_of(i, "unmapped");
    let sql = format!(
        "SELECT {raw} AS v, count(*) AS n FROM {source} WHERE __keep AND {flag} \
         GROUP BY v ORDER BY n DESC, v LIMIT {MISSING_VALUES_NAMED}"
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map([], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, i64>(1)? as u64))
    })?;
    Ok(rows.collect::<Result<_, _>>()?)
}
