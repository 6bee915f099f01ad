//! A Parquet or JSON file's records as text, read the way every command reads them
//! (`input::open_typed`: every column cast to VARCHAR, `''` read as NULL), for
//! `recette init`, which reads files before there is a campaign. The session may read
//! that one file and nothing else, and loads no extension.

use std::path::Path;

use duckdb::Connection;
use duckdb::arrow::array::{Array, LargeStringArray, StringArray, StringViewArray};

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

    /// Calls `visit` with every record, in file order; returns how many there were. The
    /// records are streamed chunk by chunk (a file of millions of records is never held
    /// whole in memory), their text read in place.
    pub fn scan(&self, visit: &mut dyn FnMut(&[Option<&str>])) -> Result<u64, StoreError> {
        let file = &self.table.file;
        let failed = |e: duckdb::Error| input::read_error(file, &e);
        let mut stmt = self
            .conn
            .prepare(&format!("SELECT * FROM {}", self.table.sql))
            .map_err(failed)?;
        let mut count = 0;
        for batch in stmt.stream_arrow([]).map_err(failed)? {
            let batch = batch.map_err(failed)?;
            let columns = batch
                .columns()
                .iter()
                .map(|c| Texts::of(c.as_ref()))
                .collect::<Option<Vec<_>>>()
                .ok_or(StoreError::Internal("a text column did not come as text"))?;
            let mut fields: Vec<Option<&str>> = Vec::with_capacity(columns.len());
            for row in 0..batch.num_rows() {
                fields.clear();
                fields.extend(columns.iter().map(|c| c.at(row)));
                visit(&fields);
                count += 1;
            }
        }
        Ok(count)
    }
}

/// A column of text as DuckDB hands it over in Arrow (UTF-8, large UTF-8 or string view).
enum Texts<'a> {
    Utf8(&'a StringArray),
    Large(&'a LargeStringArray),
    View(&'a StringViewArray),
}

impl<'a> Texts<'a> {
    fn of(array: &'a dyn Array) -> Option<Texts<'a>> {
        let any = array.as_any();
        any.downcast_ref::<StringArray>()
            .map(Texts::Utf8)
            .or_else(|| any.downcast_ref::<LargeStringArray>().map(Texts::Large))
            .or_else(|| any.downcast_ref::<StringViewArray>().map(Texts::View))
    }

    fn at(&self, row: usize) -> Option<&'a str> {
        match self {
            Texts::Utf8(a) => a.is_valid(row).then(|| a.value(row)),
            Texts::Large(a) => a.is_valid(row).then(|| a.value(row)),
            Texts::View(a) => a.is_valid(row).then(|| a.value(row)),
        }
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
