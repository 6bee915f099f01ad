//! Reading source and delivery files as they really come: CSV in any declared encoding,
//! JSON, Parquet. Every file becomes an SQL table expression whose columns are all text,
//! with empty fields as NULL.
//!
//! DuckDB's `read_csv` does the heavy parsing; what it cannot do itself (Windows-1252,
//! UTF-16) is transcoded to UTF-8 in Rust first, once, into the results folder.

use std::fs::File;
use std::io::{BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use duckdb::Connection;

use super::cache::{Cache, digest, fingerprint};
use super::error::StoreError;
use super::header::{self, Header};
use super::sniff;
use super::sql::{quote_ident, quote_literal};
use crate::domain::campaign::{Encoding, FileFormat};

/// A file opened for reading through SQL.
#[derive(Debug, Clone)]
pub struct InputTable {
    /// The file as the campaign names it (used in every message).
    pub file: PathBuf,
    /// Column names, in file order.
    pub columns: Vec<String>,
    /// `SELECT`-able table expression: every column VARCHAR, `''` read as NULL.
    pub sql: String,
    /// What was adjusted while opening the file (a trailing delimiter, an unnamed
    /// column), one line each for the person; never an error.
    pub notices: Vec<String>,
    /// For CSV: how DuckDB reads it, for `check_shape`.
    pub(super) csv: Option<CsvFile>,
    /// Whether `sql` has `__row` too (see `numbered`).
    pub(super) numbered: bool,
}

/// A CSV file as DuckDB reads it.
#[derive(Debug, Clone)]
pub(super) struct CsvFile {
    /// The UTF-8 file (the original, or its conversion in the results folder).
    pub path: PathBuf,
    pub delimiter: u8,
    /// Every line ends with the delimiter: one more field, empty, after the columns.
    pub trailing: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Csv,
    Parquet,
    Json,
}

impl InputTable {
    /// The same table with `__row`: each row's number in the file, 1 for the first row
    /// after the header (a row, not a line: a quoted field may hold line breaks). Read in
    /// file order only while the connection preserves insertion order.
    pub fn numbered(&self) -> InputTable {
        InputTable {
            sql: format!(
                "(SELECT row_number() OVER () AS __row, * FROM {})",
                self.sql
            ),
            numbered: true,
            ..self.clone()
        }
    }

    /// The file DuckDB really reads, when it is not `file` (a UTF-8 conversion in the
    /// results folder).
    pub fn read_path(&self) -> Option<&Path> {
        self.csv
            .as_ref()
            .map(|csv| csv.path.as_path())
            .filter(|p| *p != self.file)
    }
}

fn kind_of(file: &Path) -> Kind {
    match file
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .as_deref()
    {
        Some("parquet") => Kind::Parquet,
        Some("json") | Some("jsonl") | Some("ndjson") => Kind::Json,
        _ => Kind::Csv,
    }
}

/// Opens `file` for reading. Reads only the header (or the schema); the rows are read by
/// whatever query uses `InputTable::sql`.
pub fn open(
    conn: &Connection,
    cache: &Cache,
    file: &Path,
    format: &FileFormat,
) -> Result<InputTable, StoreError> {
    if !file.is_file() {
        return Err(StoreError::input(
            file,
            None,
            "file not found; check the folder (`dir`) and the file name in the campaign file",
        ));
    }
    let kind = kind_of(file);
    let utf16 = sniff::check(
        file,
        kind == Kind::Csv,
        format.encoding == Encoding::Utf16,
        kind == Kind::Parquet,
    )?;
    let mut csv = None;
    let mut notices = Vec::new();
    let (columns, reader) = match kind {
        Kind::Csv => {
            let big_endian = matches!(utf16, Some(sniff::Found::Utf16 { big_endian: true }));
            let (header, reader, utf8) = open_csv(cache, file, format, big_endian)?;
            csv = Some(CsvFile {
                path: utf8,
                delimiter: format.delimiter,
                trailing: header.trailing,
            });
            notices = header.notices;
            (header.columns, reader)
        }
        Kind::Parquet | Kind::Json => typed_reader(conn, file, kind)?,
    };
    text_table(file, columns, reader, notices, csv)
}

/// Opens a Parquet or JSON file (by its extension) for reading through SQL, as [`open`]
/// does: for a caller with no campaign and no results folder (`recette init`).
pub fn open_typed(conn: &Connection, file: &Path) -> Result<InputTable, StoreError> {
    let kind = kind_of(file);
    if kind == Kind::Csv {
        return Err(StoreError::Internal(
            "open_typed reads Parquet and JSON only",
        ));
    }
    sniff::check(file, false, false, kind == Kind::Parquet)?;
    let (columns, reader) = typed_reader(conn, file, kind)?;
    text_table(file, columns, reader, Vec::new(), None)
}

/// The columns and the table function reading a Parquet or JSON file.
fn typed_reader(
    conn: &Connection,
    file: &Path,
    kind: Kind,
) -> Result<(Vec<String>, String), StoreError> {
    let path = quote_literal(&file.to_string_lossy());
    if kind == Kind::Parquet {
        let reader = format!("read_parquet({path})");
        return Ok((describe(conn, file, &reader)?, reader));
    }
    let columns = describe(conn, file, &format!("read_json({path}, format = 'auto')"))?;
    let reader = format!(
        "read_json({path}, format = 'auto', columns = {})",
        varchar_struct(&columns)
    );
    Ok((columns, reader))
}

/// The file's table expression: every column VARCHAR, `''` read as NULL.
fn text_table(
    file: &Path,
    columns: Vec<String>,
    reader: String,
    notices: Vec<String>,
    csv: Option<CsvFile>,
) -> Result<InputTable, StoreError> {
    check_header(file, &columns)?;
    // A CSV is read with every column declared VARCHAR, and DuckDB reads an empty field,
    // quoted or not, as NULL: its columns are taken as they are. Only Parquet and JSON
    // need the cast and the NULLIF, which cost DuckDB seconds to plan on thousands of
    // columns (5,000 columns: 10 s for NULLIF alone).
    let projection: Vec<String> = columns
        .iter()
        .map(|c| {
            let q = quote_ident(c);
            match csv {
                Some(_) => q,
                None => format!("NULLIF(CAST({q} AS VARCHAR), '') AS {q}"),
            }
        })
        .collect();
    Ok(InputTable {
        file: file.to_path_buf(),
        sql: format!("(SELECT {} FROM {reader})", projection.join(", ")),
        columns,
        notices,
        csv,
        numbered: false,
    })
}

fn describe(conn: &Connection, file: &Path, reader: &str) -> Result<Vec<String>, StoreError> {
    let mut stmt = conn
        .prepare(&format!(
            "SELECT column_name FROM (DESCRIBE SELECT * FROM {reader})"
        ))
        .map_err(|e| read_error(file, &e))?;
    let rows = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .map_err(|e| read_error(file, &e))?;
    rows.collect::<Result<Vec<_>, _>>()
        .map_err(|e| read_error(file, &e))
}

/// Every column has a name, and no name is used twice.
pub(super) fn check_header(file: &Path, columns: &[String]) -> Result<(), StoreError> {
    for (i, c) in columns.iter().enumerate() {
        if c.trim().is_empty() {
            return Err(StoreError::input(
                file,
                Some(1),
                format!(
                    "column {} of the header has no name; name every column",
                    i + 1
                ),
            ));
        }
        if columns[..i].contains(c) {
            return Err(StoreError::input(
                file,
                Some(1),
                format!("column `{c}` appears twice in the header; column names must be unique"),
            ));
        }
    }
    Ok(())
}

/// Opens a CSV file: `big_endian` when the campaign declares it UTF-16 and its bytes say
/// the high byte comes first.
fn open_csv(
    cache: &Cache,
    file: &Path,
    format: &FileFormat,
    big_endian: bool,
) -> Result<(Header, String, PathBuf), StoreError> {
    let utf8 = match format.encoding {
        Encoding::Utf8 => file.to_path_buf(),
        Encoding::Latin1 | Encoding::Windows1252 => {
            transcode(cache, file, encoding_rs::WINDOWS_1252)?
        }
        Encoding::Utf16 if big_endian => transcode(cache, file, encoding_rs::UTF_16BE)?,
        Encoding::Utf16 => transcode(cache, file, encoding_rs::UTF_16LE)?,
    };
    let header = header::read(file, &utf8, format.delimiter)?;
    // The empty field after a trailing delimiter is read under a name of its own, which
    // the projection leaves out: DuckDB's strict mode then holds every line to the header.
    let mut read_columns = header.columns.clone();
    if header.trailing {
        let mut name = "__recette_trailing".to_string();
        while read_columns.contains(&name) {
            name.push('_');
        }
        read_columns.push(name);
    }
    let delimiter = if format.delimiter == b'\t' {
        "\\t".to_string()
    } else {
        (format.delimiter as char).to_string()
    };
    // Explicit settings, no sniffing: what the campaign declares is what is read, and a
    // ragged line is an error rather than a guess. An empty field, quoted or not, is NULL
    // (`text_table` relies on it).
    let reader = format!(
        "read_csv({path}, header = true, auto_detect = false, delim = {delim}, quote = '\"', escape = '\"', \
         nullstr = '', allow_quoted_nulls = true, \
         columns = {columns}, strict_mode = true, null_padding = false, parallel = true)",
        path = quote_literal(&utf8.to_string_lossy()),
        delim = quote_literal(&delimiter),
        columns = varchar_struct(&read_columns),
    );
    Ok((header, reader, utf8))
}

fn varchar_struct(columns: &[String]) -> String {
    let fields: Vec<String> = columns
        .iter()
        .map(|c| format!("{}: 'VARCHAR'", quote_literal(c)))
        .collect();
    format!("{{{}}}", fields.join(", "))
}

/// Transcodes a legacy file to UTF-8 once; later runs find it by fingerprint.
fn transcode(
    cache: &Cache,
    file: &Path,
    encoding: &'static encoding_rs::Encoding,
) -> Result<PathBuf, StoreError> {
    let fp = fingerprint(file)?;
    // Named by the input's path, then by its content: a newer conversion of the same file
    // supersedes an older one (see `sweep`).
    let canonical = std::fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    let name = format!(
        "utf8-{}-{}.csv",
        &digest(&[canonical.to_string_lossy().as_bytes()])[..12],
        digest(&[fp.as_bytes(), encoding.name().as_bytes()])
    );
    let target = cache.path(&name);
    cache.hold(&name, &target);
    if target.is_file() {
        return Ok(target);
    }
    let temp = cache.temp_path(&name);
    let mut input = File::open(file).map_err(StoreError::io(file))?;
    let mut output = BufWriter::new(File::create(&temp).map_err(StoreError::io(&temp))?);
    // The BOM of the encoding itself is dropped (`sniff` chose UTF-16 LE or BE).
    let mut decoder = encoding.new_decoder_with_bom_removal();
    let mut buffer = vec![0u8; 1 << 16];
    let mut text = String::with_capacity(1 << 17);
    loop {
        let read = input.read(&mut buffer).map_err(StoreError::io(file))?;
        let last = read == 0;
        text.clear();
        text.reserve(decoder.max_utf8_buffer_length(read).unwrap_or(read * 3));
        let (_, _, had_errors) = decoder.decode_to_string(&buffer[..read], &mut text, last);
        if had_errors {
            let _ = std::fs::remove_file(&temp);
            return Err(StoreError::input(
                file,
                None,
                format!(
                    "bytes that are not valid {}; check the `encoding` declared for this file",
                    encoding.name()
                ),
            ));
        }
        output
            .write_all(text.as_bytes())
            .map_err(StoreError::io(&temp))?;
        if last {
            break;
        }
    }
    output.flush().map_err(StoreError::io(&temp))?;
    drop(output);
    cache.publish(&temp, &name)
}

/// Turns a DuckDB reading error into one that names the file and the line.
pub fn read_error(file: &Path, error: &duckdb::Error) -> StoreError {
    let text = error.to_string();
    let line = text
        .split("on Line: ")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|n| n.parse::<u64>().ok());
    let message = if let Some(counts) = text.split("Expected Number of Columns: ").nth(1) {
        let counts = counts.lines().next().unwrap_or("");
        let mut numbers = counts
            .split(|c: char| !c.is_ascii_digit())
            .filter(|s| !s.is_empty());
        let expected = numbers.next().unwrap_or("?");
        let found = numbers.next().unwrap_or("?");
        format!(
            "this line has {found} fields where the header has {expected}; check the delimiter declared for the file and the quoting of that line (ragged lines are not guessed at)"
        )
    } else if text.contains("Invalid unicode") || text.contains("UTF-8") || text.contains("utf-8") {
        "not valid UTF-8; declare the file's encoding in the campaign (encoding = \"windows-1252\" for most legacy exports)".to_string()
    } else if text.contains("quote") || text.contains("Unterminated") {
        format!(
            "a quoted field is not closed; check the quotes of that line ({})",
            first_line(&text)
        )
    } else {
        format!("cannot be read: {}", first_line(&text))
    };
    StoreError::input(file, line, message)
}

fn first_line(text: &str) -> &str {
    text.lines().next().unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn setup() -> (tempfile::TempDir, Cache, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("cache")).unwrap();
        (dir, cache, Connection::open_in_memory().unwrap())
    }

    fn rows(conn: &Connection, table: &InputTable) -> Vec<Vec<Option<String>>> {
        let n = table.columns.len();
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM {}", table.sql))
            .unwrap();
        stmt.query_map([], |r| {
            (0..n).map(|i| r.get::<_, Option<String>>(i)).collect()
        })
        .unwrap()
        .map(Result::unwrap)
        .collect()
    }

    fn fmt(delimiter: u8, encoding: Encoding) -> FileFormat {
        FileFormat {
            delimiter,
            encoding,
        }
    }

    #[test]
    fn bom_semicolon_windows1252_crlf_quoted_newline() {
        let (dir, cache, conn) = setup();
        let f = dir.path().join("bom_semicolon_latin1.csv");
        let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(
            "nom;ville;montant\r\nCœur;\"L’Hôpital; centre\";1 234,50 €\r\n\"Lœuillet\nbis\";;\r\n",
        );
        std::fs::write(&f, bytes).unwrap();
        let t = open(&conn, &cache, &f, &fmt(b';', Encoding::Windows1252)).unwrap();
        assert_eq!(t.columns, ["nom", "ville", "montant"]);
        let r = rows(&conn, &t);
        assert_eq!(
            r[0],
            [
                Some("Cœur".into()),
                Some("L’Hôpital; centre".into()),
                Some("1 234,50 €".into())
            ]
        );
        assert_eq!(r[1], [Some("Lœuillet\nbis".into()), None, None]);
    }

    #[test]
    fn utf8_bom_is_dropped_from_the_header() {
        let (dir, cache, conn) = setup();
        let f = dir.path().join("utf8_bom.csv");
        std::fs::write(&f, "\u{feff}id,nom\n1,Éric\n2,\"\"\n").unwrap();
        let t = open(&conn, &cache, &f, &FileFormat::default()).unwrap();
        assert_eq!(t.columns, ["id", "nom"]);
        assert_eq!(
            rows(&conn, &t),
            [
                vec![Some("1".into()), Some("Éric".into())],
                vec![Some("2".into()), None]
            ]
        );
    }

    #[test]
    fn ragged_line_names_the_file_and_line() {
        let (dir, cache, conn) = setup();
        let f = dir.path().join("ragged_rows.csv");
        std::fs::write(&f, "a,b\n1,2\n3,4,5\n6,7\n").unwrap();
        let t = open(&conn, &cache, &f, &FileFormat::default()).unwrap();
        let err = conn
            .prepare(&format!("SELECT count(*) FROM {}", t.sql))
            .and_then(|mut s| s.query_row([], |r| r.get::<_, i64>(0)))
            .map_err(|e| read_error(&f, &e))
            .unwrap_err();
        let text = err.to_string();
        assert!(text.contains("ragged_rows.csv"), "{text}");
        assert!(text.contains("line 3"), "{text}");
        assert!(text.contains("3 fields where the header has 2"), "{text}");
    }

    #[test]
    fn empty_file_and_duplicate_header_are_errors() {
        let (dir, cache, conn) = setup();
        let empty = dir.path().join("empty.csv");
        std::fs::write(&empty, "").unwrap();
        let e = open(&conn, &cache, &empty, &FileFormat::default()).unwrap_err();
        assert!(e.to_string().contains("empty"), "{e}");
        let dup = dir.path().join("duplicate_header.csv");
        std::fs::write(&dup, "a,b,a\n1,2,3\n").unwrap();
        let e = open(&conn, &cache, &dup, &FileFormat::default()).unwrap_err();
        assert!(e.to_string().contains("appears twice"), "{e}");
    }

    #[test]
    fn json_and_parquet_read_as_text_with_nulls() {
        let (dir, cache, conn) = setup();
        let j = dir.path().join("v.json");
        std::fs::write(&j, "{\"id\":\"01\",\"n\":3,\"d\":\"05/01/2023\",\"e\":\"\"}\n{\"id\":\"02\",\"n\":null,\"d\":null,\"e\":\"x\"}\n").unwrap();
        let t = open(&conn, &cache, &j, &FileFormat::default()).unwrap();
        assert_eq!(
            rows(&conn, &t)[0],
            [
                Some("01".into()),
                Some("3".into()),
                Some("05/01/2023".into()),
                None
            ]
        );
        let p = dir.path().join("v.parquet");
        conn.execute_batch(&format!(
            "COPY (SELECT '0042' AS id, DATE '2023-01-05' AS d, '' AS e) TO {} (FORMAT parquet)",
            quote_literal(&p.to_string_lossy())
        ))
        .unwrap();
        let t = open(&conn, &cache, &p, &FileFormat::default()).unwrap();
        assert_eq!(
            rows(&conn, &t),
            [vec![Some("0042".into()), Some("2023-01-05".into()), None]]
        );
    }

    #[test]
    fn invalid_utf8_says_to_declare_the_encoding() {
        let (dir, cache, conn) = setup();
        let f = dir.path().join("latin1_declared_utf8.csv");
        std::fs::write(&f, b"id,nom\n1,Ren\xe9\n").unwrap();
        let result = open(&conn, &cache, &f, &FileFormat::default()).and_then(|t| {
            conn.prepare(&format!("SELECT * FROM {}", t.sql))
                .and_then(|mut s| {
                    s.query_map([], |r| r.get::<_, Option<String>>(1))
                        .map(|it| it.count())
                })
                .map_err(|e| read_error(&f, &e))
        });
        let e = result.unwrap_err().to_string();
        assert!(e.contains("encoding"), "{e}");
    }
}
