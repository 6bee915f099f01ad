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
    /// Another process held the journal's lock for longer than `RECETTE_LOCK_TIMEOUT`.
    #[error(
        "journal: gave up after {seconds} s waiting for the lock of {} held by {holder}; \
         nothing was written. Record again once that process has finished (or stop it); \
         RECETTE_LOCK_TIMEOUT sets how many seconds to wait.",
        dir.display()
    )]
    LockTimeout {
        dir: PathBuf,
        holder: String,
        seconds: u64,
    },
}

impl JournalError {
    /// Builds a mapper from `io::Error` to `JournalError::Io` for `map_err`.
    pub(crate) fn io(op: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.to_path_buf();
        move |source| JournalError::Io { op, path, source }
    }
}

/// The end of a journal file that was not a complete line, found and (by a writer) repaired.
///
/// A torn tail (`RepairKind::Torn`, an interrupted write): a writer, under the lock, saves
/// the torn bytes to `saved_to` (synced) and cuts the file back to the end of its last good
/// line. `saved_to` is `None` when a reader found it (readers change nothing: it is merely
/// not read) or the folder is read-only. A last entry missing only its newline
/// (`RepairKind::NewlineAdded`) is read as an entry; a writer adds the newline before its own
/// line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// The journal file.
    pub file: PathBuf,
    /// 1-based number of the line in that file.
    pub line: usize,
    /// How many bytes were torn (0 for a missing newline).
    pub bytes: usize,
    /// The side file holding the cut bytes.
    pub saved_to: Option<PathBuf>,
    pub kind: RepairKind,
}

/// What a [`Repair`] was about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepairKind {
    Torn,
    NewlineAdded,
}

impl fmt::Display for Repair {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (file, line) = (self.file.display(), self.line);
        if self.kind == RepairKind::NewlineAdded {
            return write!(
                f,
                "{file}, line {line}: the last entry had no final newline; added before the new entry"
            );
        }
        write!(
            f,
            "{file}, line {line}: incomplete entry ({} bytes",
            self.bytes
        )?;
        match &self.saved_to {
            Some(side) => write!(f, ", an interrupted write) moved to {}", side.display()),
            None => write!(
                f,
                ", an interrupted write, or one under way) not read; the file is left as it is \
                 (the next command that records moves it aside)"
            ),
        }
    }
}

/// Something about the journal files worth saying once (the CLI prints these on stderr).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JournalNotice {
    /// A torn tail or a missing final newline.
    Repair(Repair),
    /// An action this recette does not know: written by a newer one, kept and not applied.
    NewerAction { file: PathBuf, action: String },
    /// Waiting for the lock (said after a second of waiting, see `RECETTE_LOCK_TIMEOUT`).
    Waiting { holder: String },
}

impl fmt::Display for JournalNotice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JournalNotice::Repair(repair) => write!(f, "{repair}"),
            JournalNotice::NewerAction { file, action } => write!(
                f,
                "{}: action {action:?} written by a newer recette: kept, not understood by this \
                 one (update recette to see its effect)",
                file.display()
            ),
            JournalNotice::Waiting { holder } => {
                write!(f, "waiting for the journal lock held by {holder}…")
            }
        }
    }
}
