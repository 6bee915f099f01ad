//! The shape check of a CSV file: every record has as many fields as its header. DuckDB's
//! strict reader refuses most ragged lines itself; this pass finds the ones it tolerates
//! (extra fields that are all empty) and names the physical line.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::error::StoreError;
use super::input::InputTable;

/// Checks that every record of a CSV file has as many fields as its header, naming the
/// first line that does not. DuckDB's reader tolerates a trailing delimiter (`1,a,2,`),
/// which in a legacy export means a shifted or truncated line: it is refused, not guessed —
/// unless the header itself ends with the delimiter (`id;nom;`, SQL*Plus), when every line
/// must end with one, its last field empty.
pub fn check_shape(table: &InputTable) -> Result<(), StoreError> {
    let Some(csv) = &table.csv else {
        return Ok(());
    };
    let (utf8, delimiter) = (&csv.path, &csv.delimiter);
    // DuckDB's strict mode refuses every other ragged line itself, so a file in which no
    // line ends with the delimiter needs no record-by-record pass (a fast byte scan).
    if !may_end_lines_with(utf8, *delimiter).map_err(StoreError::io(utf8))? {
        return Ok(());
    }
    let f = File::open(utf8).map_err(StoreError::io(utf8))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(*delimiter)
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 20)
        .from_reader(f);
    // A header that ends with the delimiter holds every line to one more field, empty.
    let expected = table.columns.len() + usize::from(csv.trailing);
    let mut record = csv::ByteRecord::new();
    let mut first = true;
    loop {
        let line = reader.position().line();
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) if first => first = false,
            Ok(true)
                if record.len() == expected
                    && !(csv.trailing
                        && record.get(expected - 1).is_some_and(|f| !f.is_empty())) => {}
            // A blank line is no record: DuckDB skips it too.
            Ok(true)
                if record.len() == 1
                    && record.get(0).is_some_and(|f| f.is_empty() || f == b"\r") => {}
            Ok(true) => {
                let offset = record.position().map(|p| p.byte()).unwrap_or(0);
                let message = if record.len() == expected {
                    "this line has a value after its last delimiter, where the header (which ends with the delimiter) names no column; name that column in the header, or check the quoting of that line".to_string()
                } else {
                    format!(
                        "this line has {} fields where the header has {expected}; check the delimiter declared for the file and the quoting of that line (ragged lines are not guessed at)",
                        record.len()
                    )
                };
                return Err(StoreError::input(
                    &table.file,
                    Some(line_at(utf8, offset).unwrap_or(line)),
                    message,
                ));
            }
            Err(e) => {
                return Err(StoreError::input(
                    &table.file,
                    Some(line),
                    format!("cannot be read: {e}"),
                ));
            }
        }
    }
}

/// True when some line of `file` ends with `delimiter` (before `\n` or `\r\n`).
fn may_end_lines_with(file: &Path, delimiter: u8) -> std::io::Result<bool> {
    let mut input = File::open(file)?;
    let mut buffer = vec![0u8; 1 << 20];
    // The last byte of the previous block, so a pair split across blocks is still seen.
    let mut carry: Option<u8> = None;
    loop {
        let n = input.read(&mut buffer[1..])?;
        if n == 0 {
            return Ok(false);
        }
        let block = match carry {
            Some(b) => {
                buffer[0] = b;
                &buffer[..=n]
            }
            None => &buffer[1..=n],
        };
        for at in memchr::memchr2_iter(b'\n', b'\r', block) {
            if at > 0 && block[at - 1] == delimiter {
                return Ok(true);
            }
        }
        carry = block.last().copied();
    }
}

/// The 1-based line on which the record starting near byte `offset` of `file` stands (the
/// csv crate counts records, not the physical lines a person sees in an editor, and may
/// place a record's start on the line end before it).
fn line_at(file: &Path, offset: u64) -> Option<u64> {
    let mut reader = std::io::BufReader::new(File::open(file).ok()?);
    let mut newlines = 0u64;
    let mut position = 0u64;
    let mut byte = [0u8; 1];
    while reader.read(&mut byte).ok()? == 1 {
        let at_line_end = byte[0] == b'\n' || byte[0] == b'\r';
        if position >= offset && !at_line_end {
            break;
        }
        newlines += u64::from(byte[0] == b'\n');
        position += 1;
    }
    Some(newlines + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::campaign::FileFormat;
    use crate::store::cache::Cache;
    use crate::store::input::open;
    use duckdb::Connection;

    fn setup() -> (tempfile::TempDir, Cache, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("cache")).unwrap();
        (dir, cache, Connection::open_in_memory().unwrap())
    }

    #[test]
    fn trailing_empty_fields_are_ragged_too() {
        // DuckDB reads `2,P,2,,` as three fields; recette refuses it with its line.
        let (dir, cache, conn) = setup();
        let f = dir.path().join("trailing_delimiters.csv");
        std::fs::write(&f, "id,name,age\r\n1,Cleo,5\r\n2,\"P\nQ\",2,,\r\n").unwrap();
        let t = open(&conn, &cache, &f, &FileFormat::default()).unwrap();
        let e = check_shape(&t).unwrap_err().to_string();
        assert!(
            e.contains("line 3") && e.contains("5 fields where the header has 3"),
            "{e}"
        );
        let ok = dir.path().join("empty_last_field.csv");
        std::fs::write(&ok, "id,name,age\n1,Cleo,\n2,P,2\n").unwrap();
        let t = open(&conn, &cache, &ok, &FileFormat::default()).unwrap();
        assert!(check_shape(&t).is_ok());
        assert!(!may_end_lines_with(&dir.path().join("trailing_delimiters.csv"), b';').unwrap());
    }
}
