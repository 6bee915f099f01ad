//! A delimited text file read as it is: its encoding (UTF-8 with or without BOM,
//! Windows-1252, UTF-16), its delimiter (`;`, `,`, tab, `|`), its header, then its records
//! as text. The header is named the way the engine names it (`store::header`): a trailing
//! delimiter is no column, an empty name is `column<N>`.

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::Path;

use super::error::InitError;

/// How many bytes are looked at to recognise a file.
const PROBE: usize = 1 << 20;
/// The delimiters tried, in the order a tie is settled.
const DELIMITERS: [u8; 4] = [b';', b',', b'\t', b'|'];

/// The text encoding of a file, as the campaign names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextEncoding {
    Utf8 { bom: bool },
    Windows1252,
    Utf16 { big_endian: bool },
}

impl TextEncoding {
    /// The value of `encoding` in the campaign.
    pub fn campaign_name(self) -> &'static str {
        match self {
            TextEncoding::Utf8 { .. } => "utf-8",
            TextEncoding::Windows1252 => "windows-1252",
            TextEncoding::Utf16 { .. } => "utf-16",
        }
    }

    /// What a person is told about it.
    pub fn described(self) -> &'static str {
        match self {
            TextEncoding::Utf8 { bom: true } => "UTF-8 with BOM",
            TextEncoding::Utf8 { bom: false } => "UTF-8",
            TextEncoding::Windows1252 => "Windows-1252",
            TextEncoding::Utf16 { .. } => "UTF-16",
        }
    }
}

/// How a delimited file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvFormat {
    pub encoding: TextEncoding,
    pub delimiter: u8,
}

impl CsvFormat {
    /// The value of `delimiter` in the campaign.
    pub fn delimiter_name(self) -> String {
        match self.delimiter {
            b'\t' => "tab".to_string(),
            d => (d as char).to_string(),
        }
    }
}

/// What the first bytes say: the format, the header, and the mean line length (to guess
/// the number of rows from the file size).
#[derive(Debug, Clone)]
pub struct Probe {
    pub format: CsvFormat,
    pub columns: Vec<String>,
    pub bytes_per_line: f64,
}

/// A data file whose bytes say it is something else than text.
pub fn binary_format(bytes: &[u8]) -> Option<&'static str> {
    let named = [
        (&[0x1f, 0x8b][..], "gzip-compressed: decompress it"),
        (
            b"PK\x03\x04",
            "a zip archive (an .xlsx workbook is one): extract it or save the sheet as CSV",
        ),
        (
            &[0xd0, 0xcf, 0x11, 0xe0][..],
            "an Excel 97–2003 workbook: save the sheet as CSV",
        ),
        (b"PAR1", "Parquet: give it the .parquet extension"),
        (
            b"%PDF-",
            "a PDF document, not data: move it out of the folder",
        ),
    ];
    named
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|(_, what)| *what)
}

/// Recognises the encoding of text from its first bytes.
pub fn detect_encoding(bytes: &[u8]) -> TextEncoding {
    if bytes.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return TextEncoding::Utf8 { bom: true };
    }
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return TextEncoding::Utf16 { big_endian: false };
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return TextEncoding::Utf16 { big_endian: true };
    }
    // Latin text in UTF-16 has a NUL in every other byte; 8-bit encodings never do.
    let pairs = bytes.len() / 2;
    if pairs >= 2 {
        let (mut low_first, mut high_first) = (0, 0);
        for pair in bytes.chunks_exact(2) {
            match (pair[0], pair[1]) {
                (a, 0) if a != 0 => low_first += 1,
                (0, b) if b != 0 => high_first += 1,
                _ => {}
            }
        }
        if 2 * low_first >= pairs {
            return TextEncoding::Utf16 { big_endian: false };
        }
        if 2 * high_first >= pairs {
            return TextEncoding::Utf16 { big_endian: true };
        }
    }
    // A probe may cut a character in two at its end: only a complete invalid sequence
    // says the text is not UTF-8.
    match std::str::from_utf8(bytes) {
        Ok(_) => TextEncoding::Utf8 { bom: false },
        Err(e) if e.error_len().is_none() => TextEncoding::Utf8 { bom: false },
        Err(_) => TextEncoding::Windows1252,
    }
}

/// The probe's bytes as text.
fn decode_probe(bytes: &[u8], encoding: TextEncoding) -> String {
    let enc = match encoding {
        TextEncoding::Utf8 { .. } => encoding_rs::UTF_8,
        TextEncoding::Windows1252 => encoding_rs::WINDOWS_1252,
        TextEncoding::Utf16 { big_endian: false } => encoding_rs::UTF_16LE,
        TextEncoding::Utf16 { big_endian: true } => encoding_rs::UTF_16BE,
    };
    let text = enc.decode(bytes).0.into_owned();
    text.strip_prefix('\u{feff}')
        .map(str::to_owned)
        .unwrap_or(text)
}

/// The number of fields of each of the first lines, outside quotes, for one delimiter.
fn field_counts(text: &str, delimiter: char) -> Vec<usize> {
    let mut counts = Vec::new();
    let (mut fields, mut quoted) = (1, false);
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c == delimiter && !quoted => fields += 1,
            '\n' if !quoted => {
                counts.push(fields);
                fields = 1;
                if counts.len() == 200 {
                    return counts;
                }
            }
            _ => {}
        }
    }
    counts
}

/// The delimiter that splits the first lines into the same number of fields, the most.
pub fn detect_delimiter(text: &str) -> u8 {
    let mut best = (b',', 1usize, 0.0f64);
    for d in DELIMITERS {
        let counts = field_counts(text, d as char);
        let Some(&header) = counts.first() else {
            continue;
        };
        if header < 2 {
            continue;
        }
        let agreeing = counts.iter().filter(|&&n| n == header).count();
        let share = agreeing as f64 / counts.len() as f64;
        if share >= 0.8 && (header > best.1 || share > best.2 + 0.1 && header == best.1) {
            best = (d, header, share);
        }
    }
    best.0
}

/// Reads the first bytes of `path` and says how the file is written.
pub fn probe(path: &Path) -> Result<Probe, InitError> {
    let mut bytes = Vec::with_capacity(PROBE);
    File::open(path)
        .and_then(|f| f.take(PROBE as u64).read_to_end(&mut bytes))
        .map_err(|e| InitError::file(path, format!("cannot be read: {e}")))?;
    if let Some(what) = binary_format(&bytes) {
        return Err(InitError::file(path, format!("this file is {what}")));
    }
    let encoding = detect_encoding(&bytes);
    let text = decode_probe(&bytes, encoding);
    if text.trim().is_empty() {
        return Err(InitError::file(
            path,
            "the file is empty: it needs a header line naming the columns, then one line per record",
        ));
    }
    let delimiter = detect_delimiter(&text);
    let format = CsvFormat {
        encoding,
        delimiter,
    };
    let mut reader = csv_reader(text.as_bytes(), delimiter);
    let mut header = csv::StringRecord::new();
    reader
        .read_record(&mut header)
        .map_err(|e| InitError::file(path, format!("cannot read the header: {e}")))?;
    let mut first = csv::StringRecord::new();
    let has_row = reader.read_record(&mut first).unwrap_or(false);
    let names: Vec<String> = header.iter().map(str::to_owned).collect();
    if has_row && looks_like_data(&names, &first) {
        return Err(InitError::file(
            path,
            "the first line looks like data, not a header: recette reads the first line as the column names; add a header line",
        ));
    }
    let (columns, _) = name_columns(names);
    if let Some(twice) = columns
        .iter()
        .enumerate()
        .find(|(i, c)| columns[..*i].contains(c))
    {
        return Err(InitError::file(
            path,
            format!(
                "column `{}` appears twice in the header; recette needs unique column names",
                twice.1
            ),
        ));
    }
    let lines = text.matches('\n').count().max(1);
    Ok(Probe {
        format,
        columns,
        bytes_per_line: bytes.len() as f64 / lines as f64,
    })
}

/// A header whose fields look like values (numbers, dates) above a line of the same shape.
fn looks_like_data(header: &[String], first: &csv::StringRecord) -> bool {
    let value_like = |s: &str| {
        let s = s.trim();
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'/' | b'-' | b'.' | b',' | b':' | b' '))
    };
    let like = header.iter().filter(|h| value_like(h)).count();
    let alike = header
        .iter()
        .zip(first.iter())
        .filter(|(h, f)| value_like(h) && value_like(f))
        .count();
    like * 2 > header.len() && alike == like
}

/// The engine's naming of a header: the empty field after a trailing delimiter is no
/// column; an empty name is `column<N>` (`column<N>_<k>` when taken).
pub fn name_columns(mut names: Vec<String>) -> (Vec<String>, bool) {
    if let Some(first) = names.first_mut()
        && let Some(rest) = first.strip_prefix('\u{feff}')
    {
        *first = rest.to_string();
    }
    for n in &mut names {
        let trimmed = n.trim_end_matches('\r').len();
        n.truncate(trimmed);
    }
    let trailing = crate::domain::header_names::ends_with_delimiter(&names);
    if trailing {
        names.pop();
    }
    crate::domain::header_names::name_the_unnamed(&mut names);
    (names, trailing)
}

fn csv_reader<R: Read>(input: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(input)
}

/// A reader that turns UTF-16 bytes into UTF-8, chunk by chunk.
struct Utf16ToUtf8<R> {
    inner: R,
    decoder: encoding_rs::Decoder,
    raw: Vec<u8>,
    out: Vec<u8>,
    at: usize,
    done: bool,
}

impl<R: Read> Read for Utf16ToUtf8<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.at == self.out.len() {
            if self.done {
                return Ok(0);
            }
            self.raw.resize(64 * 1024, 0);
            let n = self.inner.read(&mut self.raw)?;
            self.done = n == 0;
            self.out.clear();
            self.out.resize(
                self.decoder.max_utf8_buffer_length(n).unwrap_or(4 * n + 16),
                0,
            );
            let (_, _, written, _) =
                self.decoder
                    .decode_to_utf8(&self.raw[..n], &mut self.out, self.done);
            self.out.truncate(written);
            self.at = 0;
        }
        let n = buf.len().min(self.out.len() - self.at);
        buf[..n].copy_from_slice(&self.out[self.at..self.at + n]);
        self.at += n;
        Ok(n)
    }
}

/// A file's bytes as the CSV reader sees them: UTF-16 turned into UTF-8, the rest as is.
fn open_stream(path: &Path, encoding: TextEncoding) -> io::Result<Box<dyn Read>> {
    let file = BufReader::with_capacity(256 * 1024, File::open(path)?);
    Ok(match encoding {
        TextEncoding::Utf16 { big_endian } => {
            let enc = if big_endian {
                encoding_rs::UTF_16BE
            } else {
                encoding_rs::UTF_16LE
            };
            Box::new(Utf16ToUtf8 {
                inner: file,
                decoder: enc.new_decoder_with_bom_removal(),
                raw: Vec::new(),
                out: Vec::new(),
                at: 0,
                done: false,
            })
        }
        _ => Box::new(file),
    })
}

/// Why a scan stopped early.
#[derive(Debug)]
pub enum ScanError {
    /// A field is not UTF-8 in a file probed as UTF-8: read it again as Windows-1252.
    NotUtf8,
    Failed(InitError),
}

/// What a whole reading found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scanned {
    pub rows: u64,
    /// Every byte was ASCII: any of the encodings reads the file alike.
    pub ascii: bool,
}

/// Keeps the records whose value in a column passes a test; the others are not decoded.
pub type Only<'a> = Option<(usize, &'a dyn Fn(&str) -> bool)>;

/// Calls `visit` with every record after the header (with `only`, those whose value in
/// that column passes), each field as text (`None` when empty, as the engine reads it),
/// and `progress` with the bytes read now and then.
pub fn scan(
    path: &Path,
    probe: &Probe,
    only: Only,
    visit: &mut dyn FnMut(&[Option<&str>]),
    progress: &mut dyn FnMut(u64),
) -> Result<Scanned, ScanError> {
    let stream = open_stream(path, probe.format.encoding)
        .map_err(|e| ScanError::Failed(read_error(path, e)))?;
    let mut reader = csv_reader(stream, probe.format.delimiter);
    let width = probe.columns.len();
    let mut record = csv::ByteRecord::new();
    let mut decoded: Vec<String> = vec![String::new(); width];
    let windows = probe.format.encoding == TextEncoding::Windows1252;
    let mut rows = 0u64;
    let mut ascii = true;
    let mut header = true;
    let mut fields_per_line = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                return Err(ScanError::Failed(InitError::file(
                    path,
                    format!("cannot be read as delimited text: {e}"),
                )));
            }
        }
        ascii = ascii && record.as_slice().is_ascii();
        if header {
            header = false;
            fields_per_line = record.len();
            continue;
        }
        // The engine refuses a ragged line: so does the draft, before a campaign is
        // written that `check` could not read.
        if record.len() != fields_per_line {
            let line = record.position().map(|p| p.line()).unwrap_or(0);
            return Err(ScanError::Failed(InitError::file(
                path,
                format!(
                    "line {line} has {} fields where the header has {fields_per_line}: recette reads no ragged lines; check the file's quotes and delimiter",
                    record.len()
                ),
            )));
        }
        rows += 1;
        if rows.is_multiple_of(65_536) {
            progress(reader.position().byte());
        }
        if let Some((column, keep)) = only {
            let raw = record.get(column).unwrap_or(b"");
            let kept = match (raw.is_empty(), windows) {
                (true, _) => false,
                (false, true) => keep(&encoding_rs::WINDOWS_1252.decode(raw).0),
                (false, false) => keep(std::str::from_utf8(raw).map_err(|_| ScanError::NotUtf8)?),
            };
            if !kept {
                continue;
            }
        }
        // Non-ASCII fields of a Windows-1252 file are decoded one by one (ASCII is the
        // same in both encodings); a UTF-8 record is checked once, whole.
        let whole = if windows {
            for (i, raw) in record.iter().take(width).enumerate() {
                if !raw.is_ascii() {
                    decoded[i] = encoding_rs::WINDOWS_1252.decode(raw).0.into_owned();
                }
            }
            None
        } else {
            Some(std::str::from_utf8(record.as_slice()).map_err(|_| ScanError::NotUtf8)?)
        };
        let mut fields: Vec<Option<&str>> = Vec::with_capacity(width);
        for (i, text) in decoded.iter().enumerate() {
            let Some(range) = record.range(i) else {
                fields.push(None);
                continue;
            };
            fields.push(if range.is_empty() {
                None
            } else if let Some(whole) = whole {
                Some(&whole[range])
            } else if record[i].is_ascii() {
                // ASCII bytes are UTF-8 as they are.
                std::str::from_utf8(&record[i]).ok()
            } else {
                Some(text.as_str())
            });
        }
        visit(&fields);
    }
    progress(reader.position().byte());
    Ok(Scanned { rows, ascii })
}

fn read_error(path: &Path, e: io::Error) -> InitError {
    InitError::file(path, format!("cannot be read: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_recognised() {
        assert_eq!(
            detect_encoding(b"\xEF\xBB\xBFid;nom\n"),
            TextEncoding::Utf8 { bom: true }
        );
        assert_eq!(
            detect_encoding("id;nom\n1;Émery\n".as_bytes()),
            TextEncoding::Utf8 { bom: false }
        );
        assert_eq!(
            detect_encoding(b"id;nom\n1;\xC9mery\n"),
            TextEncoding::Windows1252
        );
        let le: Vec<u8> = "id;nom\n"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            detect_encoding(&le),
            TextEncoding::Utf16 { big_endian: false }
        );
        // A probe cut inside a character is still UTF-8.
        let cut = &"id;nom\n1;É".as_bytes()[..10];
        assert_eq!(detect_encoding(cut), TextEncoding::Utf8 { bom: false });
    }

    #[test]
    fn delimiters_are_recognised_and_quotes_respected() {
        assert_eq!(detect_delimiter("a;b;c\n1;\"x,y\";3\n4;5;6\n"), b';');
        assert_eq!(detect_delimiter("a,b\n1,2\n"), b',');
        assert_eq!(detect_delimiter("a\tb\tc\n1\t2\t3\n"), b'\t');
        assert_eq!(detect_delimiter("a|b\n1|2\n"), b'|');
        assert_eq!(
            detect_delimiter("id;nom\n1;\"Dupont, Jean\"\n2;\"Martin, Luc\"\n"),
            b';'
        );
        assert_eq!(detect_delimiter("alone\n1\n"), b',');
    }

    #[test]
    fn headers_are_named_as_the_engine_names_them() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            name_columns(names(&["\u{feff}id", "nom", ""])),
            (names(&["id", "nom"]), true)
        );
        assert_eq!(
            name_columns(names(&["id", "", "prenom"])),
            (names(&["id", "column2", "prenom"]), false)
        );
    }

    fn write(dir: &Path, name: &str, bytes: &[u8]) -> std::path::PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    fn rows_of(path: &Path) -> (Probe, Vec<Vec<Option<String>>>) {
        let probe = probe(path).unwrap();
        let mut rows = Vec::new();
        let n = scan(
            path,
            &probe,
            None,
            &mut |r| rows.push(r.iter().map(|f| f.map(str::to_owned)).collect()),
            &mut |_| {},
        )
        .map_err(|e| format!("{e:?}"))
        .unwrap();
        assert_eq!(n.rows as usize, rows.len());
        (probe, rows)
    }

    #[test]
    fn windows_1252_semicolon_crlf_trailing_delimiter_is_read() {
        let dir = crate::init::test_dir("read_1252");
        let p = write(
            &dir,
            "salaries.csv",
            b"num;nom;ville;\r\n1;\xC9mery;Montlu\xE7on;\r\n2;\"Pons; B.\";;\r\n",
        );
        let (probe, rows) = rows_of(&p);
        assert_eq!(probe.format.encoding, TextEncoding::Windows1252);
        assert_eq!(probe.format.delimiter, b';');
        assert_eq!(probe.columns, ["num", "nom", "ville"]);
        assert_eq!(rows[0][1].as_deref(), Some("Émery"));
        assert_eq!(rows[0][2].as_deref(), Some("Montluçon"));
        assert_eq!(rows[1][1].as_deref(), Some("Pons; B."));
        assert_eq!(rows[1][2], None);
    }

    #[test]
    fn a_ragged_line_is_named() {
        let dir = crate::init::test_dir("read_ragged");
        let mut text = b"id;nom\n".to_vec();
        for i in 0..9 {
            text.extend(format!("{i};a\n").bytes());
        }
        text.extend(b"9;b;c\n");
        let p = write(&dir, "r.csv", &text);
        let found = probe(&p).unwrap();
        let Err(ScanError::Failed(e)) = scan(&p, &found, None, &mut |_| {}, &mut |_| {}) else {
            panic!("a ragged line is an error");
        };
        assert!(
            e.to_string()
                .contains("line 11 has 3 fields where the header has 2"),
            "{e}"
        );
    }

    #[test]
    fn utf16_is_read_and_binary_files_are_named() {
        let dir = crate::init::test_dir("read_utf16");
        let mut bytes = vec![0xFF, 0xFE];
        bytes.extend(
            "id,nom\r\n1,Cœur\r\n"
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        let (found, rows) = rows_of(&write(&dir, "u.csv", &bytes));
        assert_eq!(found.columns, ["id", "nom"]);
        assert_eq!(rows, vec![vec![Some("1".into()), Some("Cœur".into())]]);
        let gz = write(&dir, "g.csv", &[0x1f, 0x8b, 8, 0, 0]);
        let e = probe(&gz).unwrap_err().to_string();
        assert!(e.contains("gzip"), "{e}");
        let empty = write(&dir, "e.csv", b"");
        assert!(probe(&empty).unwrap_err().to_string().contains("empty"));
        let headless = write(&dir, "h.csv", b"1;02/03/2020;4,5\n2;03/03/2020;5,5\n");
        assert!(probe(&headless).unwrap_err().to_string().contains("header"));
    }

    #[test]
    fn a_utf8_probe_with_latin_bytes_later_asks_for_a_second_reading() {
        let dir = crate::init::test_dir("read_late");
        let mut bytes = b"id,nom\n".to_vec();
        for i in 0..200_000 {
            bytes.extend(format!("{i},a\n").as_bytes());
        }
        bytes.extend(b"x,\xE9\n");
        let p = write(&dir, "late.csv", &bytes);
        let found = probe(&p).unwrap();
        assert_eq!(found.format.encoding, TextEncoding::Utf8 { bom: false });
        let r = scan(&p, &found, None, &mut |_| {}, &mut |_| {});
        assert!(matches!(r, Err(ScanError::NotUtf8)));
    }
}
