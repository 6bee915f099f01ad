//! The data files of a folder, each opened as it is: delimited text read here, Parquet and
//! JSON read through a [`ForeignReader`] that the command line backs with the engine (so
//! their values are the text `recette check` will see). Nothing is ever written here.

use std::path::{Path, PathBuf};

use super::error::InitError;
use super::read::{self, Only, Probe, ScanError, Scanned, TextEncoding};

/// Reads the files `init` does not read itself: Parquet and JSON (from several threads).
pub trait ForeignReader: Sync {
    /// The column names of the file.
    fn columns(&self, path: &Path) -> Result<Vec<String>, String>;
    /// Calls `visit` with every record's values as text (`None` for NULL or empty), the
    /// way `recette check` reads them; returns the number of records.
    fn scan(&self, path: &Path, visit: &mut dyn FnMut(&[Option<&str>])) -> Result<u64, String>;
}

/// For callers without an engine: Parquet and JSON files are refused, by name.
pub struct NoForeignReader;

impl ForeignReader for NoForeignReader {
    fn columns(&self, _: &Path) -> Result<Vec<String>, String> {
        Err("Parquet and JSON files are read by the engine, which is not available here".into())
    }
    fn scan(&self, _: &Path, _: &mut dyn FnMut(&[Option<&str>])) -> Result<u64, String> {
        Err("Parquet and JSON files are read by the engine, which is not available here".into())
    }
}

/// How a file is laid out.
#[derive(Debug, Clone)]
pub enum Layout {
    Csv(Probe),
    Parquet,
    Json,
}

/// One data file of a folder.
#[derive(Debug, Clone)]
pub struct DataFile {
    pub path: PathBuf,
    /// The file name, as the campaign writes it.
    pub name: String,
    pub layout: Layout,
    pub columns: Vec<String>,
    pub size: u64,
    /// Delimited text whose every byte is ASCII (known once read): any encoding reads it.
    pub ascii: bool,
}

impl DataFile {
    /// A guess of the number of records, from the size (to size the samples before the
    /// file is read).
    pub fn estimated_rows(&self) -> u64 {
        let per_line = match &self.layout {
            Layout::Csv(p) => p.bytes_per_line.max(1.0),
            Layout::Json => 150.0,
            Layout::Parquet => 20.0,
        };
        (self.size as f64 / per_line) as u64 + 1
    }

    /// Reads the file again as Windows-1252 (its probe looked like UTF-8, a later byte
    /// did not).
    pub fn read_as_windows_1252(&mut self) {
        if let Layout::Csv(p) = &mut self.layout {
            p.format.encoding = TextEncoding::Windows1252;
        }
    }

    /// Every record (with `only`, those whose value in a column passes), as text;
    /// `progress` gets the bytes read now and then.
    pub fn scan(
        &self,
        foreign: &dyn ForeignReader,
        only: Only,
        visit: &mut dyn FnMut(&[Option<&str>]),
        progress: &mut dyn FnMut(u64),
    ) -> Result<Scanned, ScanError> {
        match &self.layout {
            Layout::Csv(probe) => read::scan(&self.path, probe, only, visit, progress),
            Layout::Parquet | Layout::Json => {
                let mut filtered = |fields: &[Option<&str>]| match only {
                    Some((column, keep)) if !fields[column].is_some_and(keep) => {}
                    _ => visit(fields),
                };
                let rows = foreign
                    .scan(&self.path, &mut filtered)
                    .map_err(|e| ScanError::Failed(InitError::file(&self.path, e)))?;
                progress(self.size);
                Ok(Scanned { rows, ascii: false })
            }
        }
    }
}

/// The data files of `dir`, sorted by name. Hidden files and backups (`~`) are left
/// aside; so are sub-folders. A file that cannot be read stops everything, named.
pub fn list(dir: &Path, foreign: &dyn ForeignReader) -> Result<Vec<DataFile>, InitError> {
    if !dir.is_dir() {
        return Err(InitError::folder(
            dir,
            "not a folder (or it does not exist)",
        ));
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| InitError::folder(dir, format!("cannot be read: {e}")))?;
    let mut paths = Vec::new();
    let mut folders = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| InitError::folder(dir, format!("cannot be read: {e}")))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let path = entry.path();
        if name.starts_with('.') || name.ends_with('~') {
            continue;
        }
        if path.is_dir() {
            folders.push(name);
        } else {
            paths.push((name, path));
        }
    }
    paths.sort();
    folders.sort();
    if paths.is_empty() {
        let inside = if folders.is_empty() {
            String::new()
        } else {
            format!(
                " (it holds the folders {}: give the one of a single delivery, e.g. {})",
                folders.join(", "),
                dir.join(&folders[0]).display()
            )
        };
        return Err(InitError::folder(
            dir,
            format!(
                "holds no data file{inside}: put the extraction's (or the delivery's) CSV, JSON or Parquet files in it"
            ),
        ));
    }
    paths
        .into_iter()
        .map(|(name, path)| open(name, path, foreign))
        .collect()
}

fn open(name: String, path: PathBuf, foreign: &dyn ForeignReader) -> Result<DataFile, InitError> {
    let size = std::fs::metadata(&path)
        .map_err(|e| InitError::file(&path, format!("cannot be read: {e}")))?
        .len();
    let extension = Path::new(&name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    let (layout, columns) = match extension.as_deref() {
        Some("parquet") => (Layout::Parquet, foreign_columns(&path, foreign)?),
        Some("json" | "jsonl" | "ndjson") => (Layout::Json, foreign_columns(&path, foreign)?),
        _ => {
            let probe = read::probe(&path)?;
            let columns = probe.columns.clone();
            (Layout::Csv(probe), columns)
        }
    };
    Ok(DataFile {
        path,
        name,
        layout,
        columns,
        size,
        ascii: false,
    })
}

fn foreign_columns(path: &Path, foreign: &dyn ForeignReader) -> Result<Vec<String>, InitError> {
    foreign
        .columns(path)
        .map_err(|e| InitError::file(path, format!("cannot be read: {e}")))
}
