//! Errors of the journal files and the `Repair` report; each error names the file (and line)
//! and says what to do. Must not import the fold (`state`) or anything outside `journal`.

use std::fmt;
use std::path::{Path, PathBuf};

/// What can go wrong while reading or writing the journal files.
///
/// An `append` that returns an error has not been acknowledged: the entry is not known to be
/// on disk (a half-written line is rolled back when possible, and cut at the next open if not).
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// A file operation failed.
    #[error("journal: cannot {op} {}: {source}", path.display())]
    Io {
        op: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A line that is not the last one cannot be read: this is not an interrupted write, so
    /// nothing is changed automatically.
    #[error(
        "journal: {}, line {line}: not a valid journal entry ({reason}). Nothing was changed. \
         Keep a copy of the file, then fix or remove that line in a text editor and open the \
         campaign again.",
        file.display()
    )]
    Corrupt {
        file: PathBuf,
        line: usize,
        reason: String,
    },
    /// The same entry id with two different contents (e.g. a hand-edited copy of a file).
    #[error(
        "journal: entry id {id} appears twice with different contents, in {} and {}. \
         Remove the copy that should not be there.",
        first.display(),
        second.display()
    )]
    DuplicateId {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },
    /// The caller passed something that cannot be journalled (empty author, bad action...).
    #[error("journal: {0}")]
    Invalid(String),
    /// `undo` names an entry that is in no journal file.
    #[error("journal: no entry with id {0} to undo")]
    UnknownEntry(String),
}

impl JournalError {
    /// Builds a mapper from `io::Error` to `JournalError::Io` for `map_err`.
    pub(crate) fn io(op: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.to_path_buf();
        move |source| JournalError::Io { op, path, source }
    }
}

/// A torn tail found and cut: the last line of `file` was an interrupted write.
///
/// The torn bytes were saved to `saved_to` (synced) before the journal file was cut back to
/// the end of its last good line. `saved_to` is `None` only when the journal folder is
/// read-only: then nothing was changed and the torn line was merely skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// The journal file that had a torn tail.
    pub file: PathBuf,
    /// 1-based number of the torn line in that file.
    pub line: usize,
    /// How many bytes were cut.
    pub bytes: usize,
    /// The side file holding the cut bytes.
    pub saved_to: Option<PathBuf>,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}, line {}: incomplete entry ({} bytes, an interrupted write) ",
            self.file.display(),
            self.line,
            self.bytes
        )?;
        match &self.saved_to {
            Some(side) => write!(f, "moved to {}", side.display()),
            None => write!(f, "skipped (read-only folder, file left unchanged)"),
        }
    }
}
