//! Quoting for the SQL the engine writes. Identifiers from user files are always quoted;
//! data values are bound as parameters where DuckDB allows it, and constants of the campaign
//! file (map entries, formats) are written as escaped literals.

/// `name` as a DuckDB identifier: `"a ""quoted"" name"`.
pub fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// `value` as a string literal: `'it''s'` (DuckDB gives backslashes no meaning).
pub fn quote_literal(value: &str) -> String {
    format!("'{}'", value.replace('\'', "''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_neutralises_hostile_names() {
        assert_eq!(
            quote_ident("a\"; DROP TABLE x; --"),
            "\"a\"\"; DROP TABLE x; --\""
        );
        assert_eq!(quote_literal("L'Hôpital"), "'L''Hôpital'");
    }

    #[test]
    fn hostile_identifier_stays_one_column_in_duckdb() {
        let conn = duckdb::Connection::open_in_memory().unwrap();
        let name = "x\"; DROP TABLE t; --";
        conn.execute_batch("CREATE TABLE t AS SELECT 1 AS a")
            .unwrap();
        let sql = format!("SELECT a AS {} FROM t", quote_ident(name));
        let stmt = conn.prepare(&sql).unwrap();
        drop(stmt);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 1);
    }
}
