//! A result as the results folder keeps it: the report, and the size of each of its
//! Parquet files, written last. A stored result is checked when read — cheaply: each
//! file's size against the recorded one and Parquet's `PAR1` at both ends, never a
//! checksum of every byte — so a damaged result (a file truncated, emptied, replaced) is
//! computed again instead of failing every command that reads it.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use super::cache::RESULTS_LAYOUT;
use super::error::StoreError;
use super::reconcile::ResultFiles;
use crate::domain::report::ResourceReport;

#[derive(Debug, Serialize, Deserialize)]
struct StoredResult {
    layout: u32,
    /// File name → size in bytes, for each result file.
    files: BTreeMap<String, u64>,
    report: ResourceReport,
}

/// What the results folder holds for one result.
#[derive(Debug)]
pub enum Stored {
    /// Nothing yet (or not all of it: the report is written last).
    Absent,
    /// Every file there and whole.
    Whole(Box<ResourceReport>),
    /// There but damaged, and why.
    Damaged(String),
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads and checks the stored result whose report is `report_file`.
pub fn read(report_file: &Path, files: &ResultFiles) -> Stored {
    let bytes = match std::fs::read(report_file) {
        Ok(bytes) => bytes,
        Err(_) => return Stored::Absent,
    };
    let stored: StoredResult = match serde_json::from_slice(&bytes) {
        Ok(stored) => stored,
        Err(e) => return Stored::Damaged(format!("{}: {e}", report_file.display())),
    };
    if stored.layout != RESULTS_LAYOUT {
        return Stored::Absent;
    }
    for path in files.all() {
        let name = file_name(path);
        let Some(&size) = stored.files.get(&name) else {
            return Stored::Damaged(format!("{}: not in its report", path.display()));
        };
        if let Err(why) = check_parquet(path, size) {
            return Stored::Damaged(format!("{}: {why}", path.display()));
        }
    }
    Stored::Whole(Box::new(stored.report))
}

/// The report's JSON as stored, with the sizes of the (written) result files.
pub fn to_json(report: &ResourceReport, files: &ResultFiles) -> Result<Vec<u8>, StoreError> {
    let mut sizes = BTreeMap::new();
    for path in files.all() {
        let size = std::fs::metadata(path).map_err(StoreError::io(path))?.len();
        sizes.insert(file_name(path), size);
    }
    let stored = StoredResult {
        layout: RESULTS_LAYOUT,
        files: sizes,
        report: report.clone(),
    };
    Ok(serde_json::to_vec_pretty(&stored).expect("a report always serialises"))
}

/// The size the report recorded, and `PAR1` at both ends.
fn check_parquet(path: &Path, size: u64) -> Result<(), String> {
    let mut file = File::open(path).map_err(|e| e.to_string())?;
    let actual = file.metadata().map_err(|e| e.to_string())?.len();
    if actual != size {
        return Err(format!("{actual} bytes where {size} were written"));
    }
    let mut head = [0u8; 4];
    let mut tail = [0u8; 4];
    let ends = size >= 8
        && file.read_exact(&mut head).is_ok()
        && file.seek(SeekFrom::End(-4)).is_ok()
        && file.read_exact(&mut tail).is_ok();
    if !ends || &head != b"PAR1" || &tail != b"PAR1" {
        return Err("not a whole Parquet file".to_string());
    }
    Ok(())
}

static QUIET: AtomicBool = AtomicBool::new(false);

/// Notes go nowhere from now on (the console owns the terminal; it says what it
/// recomputes on its own screens).
pub fn quiet_notes() {
    QUIET.store(true, Ordering::Relaxed);
}

/// Says on stderr that something was repaired (the commands; not the console).
pub fn note(message: &str) {
    if !QUIET.load(Ordering::Relaxed) {
        eprintln!("recette: {message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(dir: &Path) -> ResultFiles {
        let files = ResultFiles {
            keys: dir.join("r-keys.parquet"),
            differences: dir.join("r-differences.parquet"),
            null_keys: dir.join("r-nullkeys.parquet"),
        };
        for path in files.all() {
            std::fs::write(path, b"PAR1 some columns PAR1").unwrap();
        }
        files
    }

    #[test]
    fn a_truncated_or_emptied_file_is_damaged() {
        let dir = tempfile::tempdir().unwrap();
        let files = files(dir.path());
        let report = dir.path().join("r.json");
        assert!(matches!(read(&report, &files), Stored::Absent));
        let json = to_json(&ResourceReport::default(), &files).unwrap();
        std::fs::write(&report, &json).unwrap();
        assert!(matches!(read(&report, &files), Stored::Whole(_)));
        std::fs::write(&files.differences, b"").unwrap();
        let Stored::Damaged(why) = read(&report, &files) else {
            panic!("an empty file is damaged");
        };
        assert!(
            why.contains("r-differences.parquet: 0 bytes where"),
            "{why}"
        );
        std::fs::write(&files.differences, b"PAR1 some columns XXXX").unwrap();
        assert!(matches!(read(&report, &files), Stored::Damaged(_)));
        std::fs::write(&report, &json[..json.len() / 2]).unwrap();
        assert!(matches!(read(&report, &files), Stored::Damaged(_)));
    }
}
