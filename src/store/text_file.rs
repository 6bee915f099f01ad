//! A Parquet or JSON file's records as text, read the way every command reads them
//! (`input::open_typed`: every column cast to VARCHAR, `''` read as NULL), for
//! `recette init`, which reads files before there is a campaign. The session may read
//! that one file and nothing else, and loads no extension.

use std::path::Path;

use duckdb::Connection;

use super::error::StoreError;
use super::input::{self, InputTable};
use super::sql::quote_literal;

/// One Parquet or JSON file, open for reading as text.
pub struct TextFile {
    conn: Connection,
    table: InputTable,
}

impl TextFile {
    pub fn open(file: &Path) -> Result<TextFile, StoreError> {
        let conn = Connection::open_in_memory()?;
        let absolute = std::path::absolute(file).map_err(StoreError::io(file))?;
        conn.execute_batch(&format!(
            "SET autoinstall_known_extensions = false;
             SET autoload_known_extensions = false;
             SET allowed_paths = [{}];
             SET enable_external_access = false;
             SET lock_configuration = true;",
            quote_literal(&absolute.to_string_lossy())
        ))?;
        let table = input::open_typed(&conn, &absolute)?;
        Ok(TextFile { conn, table })
    }

    pub fn columns(&self) -> &[String] {
        &self.table.columns
    }

    /// Calls `visit` with every record, in file order; returns how many there were.
    pub fn scan(&self, visit: &mut dyn FnMut(&[Option<&str>])) -> Result<u64, StoreError> {
        let file = &self.table.file;
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT * FROM {}", self.table.sql))
            .map_err(|e| input::read_error(file, &e))?;
        let mut rows = stmt.query([]).map_err(|e| input::read_error(file, &e))?;
        let width = self.table.columns.len();
        let mut values: Vec<Option<String>> = vec![None; width];
        let mut count = 0;
        while let Some(row) = rows.next().map_err(|e| input::read_error(file, &e))? {
            for (i, value) in values.iter_mut().enumerate() {
                *value = row.get(i).map_err(|e| input::read_error(file, &e))?;
            }
            let fields: Vec<Option<&str>> = values.iter().map(|v| v.as_deref()).collect();
            visit(&fields);
            count += 1;
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_lines_are_read_as_text_and_other_files_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let json = dir.path().join("visit.json");
        std::fs::write(
            &json,
            "{\"id\":\"1\",\"hours\":35.5,\"on\":\"2024-01-02\",\"note\":\"\"}\n{\"id\":\"2\",\"hours\":null,\"on\":\"2024-01-03\",\"note\":\"x\"}\n",
        )
        .unwrap();
        let t = TextFile::open(&json).unwrap();
        assert_eq!(t.columns(), ["id", "hours", "on", "note"]);
        let mut rows = Vec::new();
        let n = t
            .scan(&mut |r| rows.push(r.iter().map(|v| v.map(str::to_owned)).collect::<Vec<_>>()))
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(rows[0][1].as_deref(), Some("35.5"));
        assert_eq!(rows[0][3], None);
        assert_eq!(rows[1][1], None);
        // The session reads that file only.
        let other = dir.path().join("other.csv");
        std::fs::write(&other, "a\n1\n").unwrap();
        let sneaky = t
            .conn
            .prepare(&format!(
                "SELECT * FROM read_csv({})",
                quote_literal(&other.to_string_lossy())
            ))
            .and_then(|mut s| s.query([]).map(|_| ()));
        assert!(sneaky.is_err());
        let e = TextFile::open(&other).err().unwrap();
        assert!(matches!(e, StoreError::Internal(_)), "{e}");
    }
}
