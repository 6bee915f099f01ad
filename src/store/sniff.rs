//! What a file really is, from its first bytes: a compressed archive, a workbook, a
//! Parquet or PDF file, UTF-16 text. Read once per file before DuckDB opens it, so that a
//! file that is not what the campaign says is refused with its real format named, not with
//! "`id` is not a column" or a page of DuckDB's parser errors.
//!
//! Messages name the format and what to do; they never quote the file's bytes.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use super::error::StoreError;

/// How many bytes are looked at.
const SAMPLE: usize = 4096;

/// A format recognised by its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Gzip,
    Zip,
    /// A zip archive holding an Excel workbook (`.xlsx`).
    Xlsx,
    /// An Excel 97–2003 workbook (`.xls`, an OLE2 compound file).
    Xls,
    Parquet,
    Pdf,
    /// UTF-16 text; `big_endian` when the high byte comes first.
    Utf16 {
        big_endian: bool,
    },
}

impl Found {
    /// What the message says the file is, and what to do about it.
    fn advice(self) -> &'static str {
        match self {
            Found::Gzip => {
                "file is gzip-compressed: decompress it (gunzip) and name the file it gives"
            }
            Found::Zip => "file is a zip archive: extract it and name the file inside",
            Found::Xlsx => {
                "file is an Excel workbook (.xlsx, a zip archive): save the sheet as CSV and name that file"
            }
            Found::Xls => {
                "file is an Excel 97–2003 workbook (.xls): save the sheet as CSV and name that file"
            }
            Found::Parquet => {
                "file is Parquet, not CSV: give it the `.parquet` extension in the campaign (and on disk)"
            }
            Found::Pdf => "file is a PDF document, not data: ask for the extraction as CSV",
            Found::Utf16 { .. } => {
                "this file is UTF-16: set encoding = \"utf-16\" for it in the campaign (`encoding` of [source] or of the [[delivery]], or the resource's `source_encoding`)"
            }
        }
    }
}

/// The first bytes of `file` (up to `SAMPLE`).
fn sample(file: &Path) -> Result<Vec<u8>, StoreError> {
    let mut bytes = Vec::with_capacity(SAMPLE);
    File::open(file)
        .and_then(|f| f.take(SAMPLE as u64).read_to_end(&mut bytes))
        .map_err(StoreError::io(file))?;
    Ok(bytes)
}

/// Recognises a format from the first bytes of a file.
pub fn recognise(bytes: &[u8]) -> Option<Found> {
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Some(Found::Gzip);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        // The entries of an .xlsx live under `xl/`; the first names show in the first KB.
        let workbook = memchr::memmem::find(bytes, b"xl/").is_some();
        return Some(if workbook { Found::Xlsx } else { Found::Zip });
    }
    if bytes.starts_with(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]) {
        return Some(Found::Xls);
    }
    if bytes.starts_with(b"PAR1") {
        return Some(Found::Parquet);
    }
    if bytes.starts_with(b"%PDF-") {
        return Some(Found::Pdf);
    }
    if bytes.starts_with(&[0xff, 0xfe]) {
        return Some(Found::Utf16 { big_endian: false });
    }
    if bytes.starts_with(&[0xfe, 0xff]) {
        return Some(Found::Utf16 { big_endian: true });
    }
    // Without a BOM: text of Latin letters in UTF-16 has a NUL in every other byte, which
    // UTF-8 and the legacy 8-bit encodings never have.
    let pairs = bytes.len() / 2;
    if pairs >= 2 {
        let (mut high_first, mut low_first) = (0, 0);
        for pair in bytes.chunks_exact(2) {
            match (pair[0], pair[1]) {
                (0, b) if b != 0 => high_first += 1,
                (a, 0) if a != 0 => low_first += 1,
                _ => {}
            }
        }
        if 2 * low_first >= pairs {
            return Some(Found::Utf16 { big_endian: false });
        }
        if 2 * high_first >= pairs {
            return Some(Found::Utf16 { big_endian: true });
        }
    }
    None
}

/// What a file to be read is: `Ok(None)` when it looks like what it says, `Ok(Some(_))`
/// for UTF-16 text when the campaign declares UTF-16, an input error naming the real
/// format otherwise.
///
/// `csv`: the file is read as delimited text; `utf16`: the campaign declares it UTF-16;
/// `parquet`: it is read as Parquet.
pub fn check(
    file: &Path,
    csv: bool,
    utf16: bool,
    parquet: bool,
) -> Result<Option<Found>, StoreError> {
    let found = recognise(&sample(file)?);
    let refused = match found {
        None => false,
        Some(Found::Parquet) => !parquet,
        Some(Found::Utf16 { .. }) if utf16 => return Ok(found),
        // JSON and Parquet readers say what is wrong with text themselves.
        Some(Found::Utf16 { .. }) => csv,
        Some(_) => true,
    };
    if refused {
        let advice = found.expect("refused only when found").advice();
        return Err(StoreError::input(file, None, advice));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16le(text: &str) -> Vec<u8> {
        text.encode_utf16().flat_map(u16::to_le_bytes).collect()
    }

    #[test]
    fn formats_are_known_by_their_first_bytes() {
        assert_eq!(recognise(&[0x1f, 0x8b, 8, 0]), Some(Found::Gzip));
        assert_eq!(
            recognise(b"PK\x03\x04\x14\0\x06\0[Content_Types].xml"),
            Some(Found::Zip)
        );
        assert_eq!(
            recognise(b"PK\x03\x04\x14\0\x06\0xl/workbook.xml"),
            Some(Found::Xlsx)
        );
        assert_eq!(recognise(b"PAR1\x15\x04"), Some(Found::Parquet));
        assert_eq!(recognise(b"%PDF-1.7\n"), Some(Found::Pdf));
        assert_eq!(
            recognise(&[0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0]),
            Some(Found::Xls)
        );
    }

    #[test]
    fn utf16_with_or_without_bom_and_text_is_text() {
        let mut bom = vec![0xff, 0xfe];
        bom.extend(utf16le("id;nom\r\n1;Cœur\r\n"));
        assert_eq!(recognise(&bom), Some(Found::Utf16 { big_endian: false }));
        assert_eq!(
            recognise(&utf16le("id;nom;prénom\r\n")),
            Some(Found::Utf16 { big_endian: false })
        );
        let be: Vec<u8> = "id,nom\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(recognise(&be), Some(Found::Utf16 { big_endian: true }));
        for text in [
            &b"id;nom\r\n1;C\x9cur\r\n"[..],
            "\u{feff}id,nom\n1,Éric\n".as_bytes(),
            b"",
            b"a",
        ] {
            assert_eq!(recognise(text), None);
        }
    }
}
