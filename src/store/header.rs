//! The header of a CSV file as recette reads it: the UTF-8 BOM dropped, the empty field of
//! a header that ends with the delimiter (`id;nom;prenom;`, as SQL*Plus and many legacy
//! exports write) set aside, an empty name named after its position (`column2`), and every
//! name unique. What was adjusted is said in notices, never silently.

use std::fs::File;
use std::path::Path;

use super::error::StoreError;

/// The header of a delimited file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Header {
    /// Column names, in file order, as the campaign uses them.
    pub columns: Vec<String>,
    /// The header ends with the delimiter: every line has one more field, empty, which is
    /// no column.
    pub trailing: bool,
    /// What was adjusted, for the person (one line each, naming the file).
    pub notices: Vec<String>,
}

/// Reads the header of a UTF-8 CSV file (`utf8`); `original` names the file in messages.
pub(super) fn read(original: &Path, utf8: &Path, delimiter: u8) -> Result<Header, StoreError> {
    let f = File::open(utf8).map_err(StoreError::io(utf8))?;
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(f);
    let mut record = csv::ByteRecord::new();
    let found = reader.read_byte_record(&mut record).map_err(|e| {
        StoreError::input(original, Some(1), format!("cannot read the header: {e}"))
    })?;
    if !found {
        return Err(StoreError::input(
            original,
            None,
            "the file is empty; expected a header line naming the columns, then one line per record",
        ));
    }
    let mut names = Vec::with_capacity(record.len());
    for (i, field) in record.iter().enumerate() {
        let field = if i == 0 {
            field.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(field)
        } else {
            field
        };
        let name = std::str::from_utf8(field).map_err(|_| {
            StoreError::input(
                original,
                Some(1),
                "the header is not valid UTF-8; declare the file's encoding in the campaign (encoding = \"windows-1252\" for most legacy exports)",
            )
        })?;
        names.push(name.trim_end_matches('\r').to_owned());
    }
    if let [only] = names.as_slice()
        && let Some(likely) = other_delimiter(only, delimiter)
    {
        // Every name the campaign uses would fail next, pointing away from the mistake.
        return Err(StoreError::input(
            original,
            Some(1),
            format!(
                "the header was read as one column `{}`: is the delimiter `{}`? (the campaign declares `{}` for this file)",
                shortened(only),
                delimiter_name(likely),
                delimiter_name(delimiter)
            ),
        ));
    }
    let header = adjust(original, names, delimiter);
    super::input::check_header(original, &header.columns)?;
    Ok(header)
}

/// The usual delimiter, other than `declared`, that a header read as one column holds the
/// most of: the file's real delimiter.
fn other_delimiter(only: &str, declared: u8) -> Option<u8> {
    [b';', b',', b'\t', b'|']
        .into_iter()
        .filter(|d| *d != declared)
        .map(|d| (only.bytes().filter(|b| *b == d).count(), d))
        .filter(|(n, _)| *n > 0)
        .max()
        .map(|(_, d)| d)
}

/// The first 40 characters of a long header, for a message.
fn shortened(text: &str) -> String {
    match text.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text.to_string(),
    }
}

/// A delimiter as the campaign writes it (`tab` for the tab).
fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab".to_string(),
        d => char::from(d).to_string(),
    }
}

/// Sets aside the empty field after a trailing delimiter and names the empty names.
fn adjust(file: &Path, mut names: Vec<String>, delimiter: u8) -> Header {
    let mut notices = Vec::new();
    let trailing = crate::domain::header_names::ends_with_delimiter(&names);
    if trailing {
        names.pop();
        notices.push(format!(
            "{}, line 1: the header ends with the delimiter {}: the empty field after it, on every line, is no column and is ignored",
            file.display(),
            shown(delimiter)
        ));
    }
    for i in crate::domain::header_names::name_the_unnamed(&mut names) {
        notices.push(format!(
            "{}, line 1: column {} of the header has no name: it is read as `{}`",
            file.display(),
            i + 1,
            names[i]
        ));
    }
    Header {
        columns: names,
        trailing,
        notices,
    }
}

/// A delimiter as the campaign file writes it.
fn shown(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "\"tab\"".to_string(),
        d => format!("\"{}\"", d as char),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_trailing_delimiter_is_set_aside_with_one_notice() {
        let h = adjust(
            Path::new("f.csv"),
            names(&["id", "nom", "prenom", ""]),
            b';',
        );
        assert_eq!(h.columns, ["id", "nom", "prenom"]);
        assert!(h.trailing);
        assert_eq!(h.notices.len(), 1);
        assert!(h.notices[0].contains("f.csv, line 1") && h.notices[0].contains("\";\""));
    }

    #[test]
    fn empty_names_are_named_after_their_position() {
        let h = adjust(Path::new("f.csv"), names(&["id", "", "prenom"]), b';');
        assert_eq!(h.columns, ["id", "column2", "prenom"]);
        assert!(!h.trailing);
        assert!(h.notices[0].contains("line 1: column 2 of the header has no name"));
        let h = adjust(
            Path::new("f.csv"),
            names(&["column2", " ", "column2_1", ""]),
            b',',
        );
        assert_eq!(h.columns, ["column2", "column2_2", "column2_1"]);
        assert_eq!(h.notices.len(), 2);
        // A lone empty name is a column, not a trailing delimiter.
        let h = adjust(Path::new("f.csv"), names(&[""]), b',');
        assert_eq!((h.columns, h.trailing), (names(&["column1"]), false));
    }
}
