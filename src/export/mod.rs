//! Exports of the recette state for the weekly meeting and the integration team: an Excel
//! workbook, a folder of CSV files for French Excel, Markdown to paste in a report, JSON for
//! scripts (`docs/exports.md`). The input is a plain [`Snapshot`] filled by the caller from
//! the journal's state and the reports, already masked (`domain::mask`) unless asked
//! otherwise; every output says whether it is. Where an export may be written — never over the
//! campaign's own files, over another file only when forced — is [`output`]'s to say.
//!
//! Must not open DuckDB or the journal: it only writes what it is given.

mod dashboard;
mod delimited;
mod json;
pub mod labels;
mod markdown;
pub mod output;
pub mod sheets;
mod snapshot;
pub mod table;
mod xlsx;

use std::path::{Path, PathBuf};

pub use delimited::{ABOUT_FILE, BOM, write_csv};
pub use json::{SCHEMA_VERSION, from_json, to_json, to_json_pretty, write_json};
pub use markdown::{to_markdown, write_markdown};
pub use output::{Format, OutputError, Protected};
pub use snapshot::{CauseRow, ChecklistRow, Decision, DefectRow, Evidence, Snapshot, SummaryRow};
pub use xlsx::{to_xlsx, write_xlsx};

pub use crate::domain::comparison::{CategoryChange, ColumnChange, DeliveryComparison};

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("cannot write {}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot write the workbook {}", path.display())]
    Xlsx {
        path: PathBuf,
        #[source]
        source: rust_xlsxwriter::XlsxError,
    },
    #[error("JSON export: {0}")]
    Json(#[from] serde_json::Error),
    #[error("JSON export of schema {0}; this version of recette reads schema {SCHEMA_VERSION}")]
    Schema(u32),
}

/// Writes `bytes` to `path` through a temporary file beside it, so a failed export never
/// leaves half a file where a previous one was.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let io = |source| ExportError::Io {
        path: path.to_path_buf(),
        source,
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.tmp-{}", std::process::id()));
    write_then_rename(&temp, path, bytes).map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        io(e)
    })
}

fn write_then_rename(temp: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut file = std::fs::File::create(temp)?;
    std::io::Write::write_all(&mut file, bytes)?;
    // On disk before the rename publishes it: a crash leaves the old file or the new one.
    file.sync_all()?;
    std::fs::rename(temp, path)
}
