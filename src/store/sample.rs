//! The records of a sample review: `size` matched keys drawn reproducibly from a seed.
//!
//! The rule (documented in `docs/checklist.md`): among the keys of category `identical` or
//! `differing` of the keys file, order by the lowercase hex MD5 of the UTF-8 text
//! `seed ␟ k0 ␟ k1 ...` (␟ is U+001F, the unit separator), then by the key, and keep the
//! first `size`. MD5 is a fixed standard, so the same delivery gives every référent the same
//! sample on any machine and DuckDB version; DuckDB's `SAMPLE` (depends on threads) and
//! `hash()` (may change between versions) are not used.

use std::path::Path;

use duckdb::Connection;

use super::error::StoreError;
use super::slot;
use super::sql::quote_literal;
use crate::domain::report::KeyValue;

/// Draws `size` matched keys (all of them when there are fewer) from the keys file written
/// by the engine (`k0..k{key_count-1}`, `category`), in drawing order.
pub fn draw(
    conn: &Connection,
    keys_file: &Path,
    key_count: usize,
    seed: &str,
    size: usize,
) -> Result<Vec<KeyValue>, StoreError> {
    let keys: Vec<String> = slot::keys(key_count)
        .map(|k| format!("CAST({k} AS VARCHAR)"))
        .collect();
    let digest = keys
        .iter()
        .map(|k| format!(" || chr(31) || {k}"))
        .collect::<String>();
    let sql = format!(
        "SELECT {list} FROM read_parquet({file})
         WHERE category IN ('identical', 'differing')
         ORDER BY md5(CAST(? AS VARCHAR){digest}), {list}
         LIMIT {size}",
        list = keys.join(", "),
        file = quote_literal(&keys_file.to_string_lossy()),
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query([seed])?;
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(
            (0..key_count)
                .map(|j| row.get::<_, Option<String>>(j))
                .collect::<Result<Vec<_>, _>>()?,
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A keys file of `n` single-column keys `K001..`, every third one not matched.
    fn keys_file(dir: &Path, n: usize) -> std::path::PathBuf {
        let conn = Connection::open_in_memory().unwrap();
        let file = dir.join("keys.parquet");
        conn.execute_batch(&format!(
            "COPY (SELECT printf('K%03d', i) AS k0,
                   CASE WHEN i % 3 = 0 THEN 'missing' WHEN i % 2 = 0 THEN 'differing' ELSE 'identical' END AS category
                   FROM range(1, {}) t(i)) TO {} (FORMAT parquet)",
            n + 1,
            quote_literal(&file.to_string_lossy())
        ))
        .unwrap();
        file
    }

    #[test]
    fn the_rule_is_md5_of_seed_and_key() {
        let dir = tempfile::tempdir().unwrap();
        let file = keys_file(dir.path(), 5);
        let conn = Connection::open_in_memory().unwrap();
        let got = draw(&conn, &file, 1, "s", 2).unwrap();
        // Matched: K001 K002 K004 K005. md5 of "s␟K00n", computed outside DuckDB
        // (`printf 's\x1fK004' | md5sum`): K004 4554c76c…, K001 69ba7bb3…, K002 7107adef…,
        // K005 a650a45c…
        let expected: Vec<KeyValue> = EXPECTED_S
            .iter()
            .map(|k| vec![Some(k.to_string())])
            .collect();
        assert_eq!(got, expected);
    }

    const EXPECTED_S: [&str; 2] = ["K004", "K001"];

    #[test]
    fn composite_keys_are_joined_with_the_unit_separator_and_few_keys_all_come_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("keys.parquet");
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(&format!(
            "COPY (SELECT * FROM (VALUES ('1', '2', 'identical'), ('1', '10', 'differing'),
                   ('2', '1', 'identical'), ('3', '1', 'unexpected')) t(k0, k1, category))
             TO {} (FORMAT parquet)",
            quote_literal(&file.to_string_lossy())
        ))
        .unwrap();
        // md5("L1␟1␟10") = 193b…, md5("L1␟1␟2") = 2326…, md5("L1␟2␟1") = 9278…
        let key = |a: &str, b: &str| vec![Some(a.to_string()), Some(b.to_string())];
        assert_eq!(
            draw(&conn, &file, 2, "L1", 20).unwrap(),
            [key("1", "10"), key("1", "2"), key("2", "1")]
        );
        // The seed is a bound value, not SQL.
        assert_eq!(
            draw(&conn, &file, 2, "x'); DROP TABLE y; --", 1)
                .unwrap()
                .len(),
            1
        );
    }
}
