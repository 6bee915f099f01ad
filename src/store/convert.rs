//! File conversions done with the embedded DuckDB (used by `recette demo`).

use std::path::Path;

use super::error::StoreError;
use super::sql::quote_literal;

/// Writes `csv` (UTF-8, comma-separated, header row, every column read as text) to `parquet`.
pub fn csv_to_parquet(csv: &Path, parquet: &Path) -> Result<(), StoreError> {
    let conn = duckdb::Connection::open_in_memory()?;
    let sql = format!(
        "COPY (SELECT * FROM read_csv({}, header = true, all_varchar = true, delim = ',', quote = '\"')) \
         TO {} (FORMAT parquet)",
        quote_literal(&csv.to_string_lossy()),
        quote_literal(&parquet.to_string_lossy()),
    );
    conn.execute_batch(&sql)?;
    Ok(())
}
