//! Benchmark floor: `count(*)` over CSV files through the same embedded DuckDB that
//! recette uses, with the same reader settings (all text, explicit delimiter).
//!
//! `cargo run --release --example floor -- FILE:DELIM:ENCODING...` (ENCODING: utf-8 or latin-1);
//! `floor --engine-version` prints the bundled DuckDB's version.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let conn = duckdb::Connection::open_in_memory()?;
    conn.execute_batch("SET preserve_insertion_order = false")?;
    if std::env::args().nth(1).as_deref() == Some("--engine-version") {
        // The peer's Python package must be this version (bench/run).
        let version: String = conn.query_row("SELECT version()", [], |r| r.get(0))?;
        println!("{}", version.trim_start_matches('v'));
        return Ok(());
    }
    let started = Instant::now();
    for spec in std::env::args().skip(1) {
        let mut parts = spec.rsplitn(3, ':');
        let encoding = parts.next().ok_or("FILE:DELIM:ENCODING")?;
        let delim = parts.next().ok_or("FILE:DELIM:ENCODING")?;
        let file = parts.next().ok_or("FILE:DELIM:ENCODING")?;
        let sql = format!(
            "SELECT count(*) FROM read_csv('{}', header = true, all_varchar = true, delim = '{}', quote = '\"', encoding = '{}')",
            file.replace('\'', "''"),
            delim,
            encoding
        );
        let n: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
        eprintln!("{file}: {n} rows");
    }
    eprintln!("floor: {:.3} s", started.elapsed().as_secs_f64());
    Ok(())
}
