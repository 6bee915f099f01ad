//! Streaming writers of the demo files: legacy CSV (`;`, CRLF, Windows-1252 or UTF-8 with BOM)
//! and migrated files (UTF-8 CSV with `,` and LF, or newline-delimited JSON).
//!
//! Rows are written as they are generated; nothing is kept in memory but the current line.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// One migrated value; `None` is NULL (an empty CSV field, a JSON `null`).
pub(crate) type Cell = Option<String>;

/// How a legacy export is encoded.
#[derive(Clone, Copy)]
pub(crate) enum Legacy {
    /// Windows-1252, the usual legacy export.
    Windows1252,
    /// UTF-8 with a byte-order mark (one legacy query was exported from a newer tool).
    Utf8Bom,
}

/// Appends `value` to `line`, quoted only when it holds the delimiter, a quote or a line break.
fn push_field(line: &mut String, value: &str, delimiter: char) {
    if value.contains([delimiter, '"', '\n', '\r']) {
        line.push('"');
        line.push_str(&value.replace('"', "\"\""));
        line.push('"');
    } else {
        line.push_str(value);
    }
}

fn create(path: &Path) -> Result<BufWriter<File>> {
    let file = File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
    Ok(BufWriter::with_capacity(1 << 16, file))
}

/// A legacy (source) CSV export: `;`-separated, CRLF, header row, empty field = NULL.
pub(crate) struct SourceCsv {
    out: BufWriter<File>,
    path: PathBuf,
    encoding: Legacy,
    line: String,
}

impl SourceCsv {
    pub fn create(path: &Path, encoding: Legacy, header: &[&str]) -> Result<Self> {
        let mut out = create(path)?;
        if let Legacy::Utf8Bom = encoding {
            out.write_all(b"\xEF\xBB\xBF")?;
        }
        let mut csv = SourceCsv {
            out,
            path: path.to_path_buf(),
            encoding,
            line: String::new(),
        };
        csv.row(header)?;
        Ok(csv)
    }

    /// Writes one row; `""` is an empty field (NULL).
    pub fn row(&mut self, fields: &[&str]) -> Result<()> {
        self.line.clear();
        for (i, f) in fields.iter().enumerate() {
            if i > 0 {
                self.line.push(';');
            }
            push_field(&mut self.line, f, ';');
        }
        self.line.push_str("\r\n");
        match self.encoding {
            Legacy::Utf8Bom => self.out.write_all(self.line.as_bytes())?,
            Legacy::Windows1252 => {
                let (bytes, _, unmappable) = encoding_rs::WINDOWS_1252.encode(&self.line);
                if unmappable {
                    bail!(
                        "{}: not encodable in Windows-1252: {}",
                        self.path.display(),
                        self.line.trim_end()
                    );
                }
                self.out.write_all(&bytes)?;
            }
        }
        Ok(())
    }

    pub fn finish(mut self) -> Result<()> {
        self.out
            .flush()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

/// The layout of a migrated file.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Layout {
    /// UTF-8, `,`-separated, LF, header row.
    Csv,
    /// One JSON object per line, every value a string or null.
    JsonLines,
}

/// A migrated (new system) file, written row by row.
pub(crate) struct MigratedFile {
    out: BufWriter<File>,
    path: PathBuf,
    layout: Layout,
    columns: &'static [&'static str],
    line: String,
}

impl MigratedFile {
    pub fn create(path: &Path, layout: Layout, columns: &'static [&'static str]) -> Result<Self> {
        let mut out = create(path)?;
        if layout == Layout::Csv {
            let mut line = String::new();
            for (i, c) in columns.iter().enumerate() {
                if i > 0 {
                    line.push(',');
                }
                push_field(&mut line, c, ',');
            }
            line.push('\n');
            out.write_all(line.as_bytes())?;
        }
        Ok(MigratedFile {
            out,
            path: path.to_path_buf(),
            layout,
            columns,
            line: String::new(),
        })
    }

    pub fn row(&mut self, row: &[Cell]) -> Result<()> {
        debug_assert_eq!(row.len(), self.columns.len());
        self.line.clear();
        match self.layout {
            Layout::Csv => {
                for (i, v) in row.iter().enumerate() {
                    if i > 0 {
                        self.line.push(',');
                    }
                    push_field(&mut self.line, v.as_deref().unwrap_or(""), ',');
                }
            }
            Layout::JsonLines => {
                self.line.push('{');
                for (i, (c, v)) in self.columns.iter().zip(row).enumerate() {
                    if i > 0 {
                        self.line.push(',');
                    }
                    self.line.push_str(&serde_json::to_string(c)?);
                    self.line.push(':');
                    match v {
                        Some(s) => self.line.push_str(&serde_json::to_string(s)?),
                        None => self.line.push_str("null"),
                    }
                }
                self.line.push('}');
            }
        }
        self.line.push('\n');
        self.out
            .write_all(self.line.as_bytes())
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    pub fn finish(mut self) -> Result<()> {
        self.out
            .flush()
            .with_context(|| format!("cannot write {}", self.path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_only_when_needed() {
        let mut line = String::new();
        push_field(&mut line, "Appt 12; Résidence", ';');
        line.push(';');
        push_field(&mut line, "SARL \"Le Fournil\"", ';');
        line.push(';');
        push_field(&mut line, "12, rue de Paris", ';');
        assert_eq!(
            line,
            "\"Appt 12; Résidence\";\"SARL \"\"Le Fournil\"\"\";12, rue de Paris"
        );
    }
}
