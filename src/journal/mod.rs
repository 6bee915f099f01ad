//! The journal: the append-only, crash-safe record of human actions.
//!
//! Data can always be reloaded from the files; the journal is the one thing that cannot be
//! recomputed, so it must never lose a committed entry. It never opens DuckDB and imports
//! nothing outside `journal` (the domain and the UI use it, not the reverse).
//!
//! # On disk
//!
//! Beside the campaign file, a folder named after its stem, one JSON Lines file per author:
//!
//! ```text
//! ssti03.toml
//! ssti03.journal/
//!     marie_dupont.jsonl      <- only Marie's entries, one per line, oldest first
//!     jean.jsonl
//!     .lock                   <- the lock file (empty)
//!     jean.jsonl.torn-20261123T125223123Z   <- bytes of an interrupted write, if ever
//! ```
//!
//! Each line is one [`Entry`]:
//!
//! ```text
//! {"id":"0pzx4k3v2a-md-8f3k2q","time":"2026-11-23T12:52:23.123Z","author":"Marie Dupont","action":"verdict.set","payload":{"delivery":"L2","item":"nir-format","resource":"employee","value":"ko"}}
//! ```
//!
//! `id`: see [`id`]; `time`: UTC, RFC 3339 with milliseconds; `author`: as given; `action`: a
//! name (see [`state`] for the ones the fold knows); `payload`: a JSON object. One file per
//! author means people never write to the same file, and a campaign folder versioned with
//! Git merges without conflicts.
//!
//! # Guarantees
//!
//! - **Append** ([`Journal::append`]): under an OS lock on `.lock` (threads and processes
//!   alike), the full line including `\n` is written with one `write_all` on a file opened in
//!   append mode, then `sync_data` (and the folder is synced when the file or the folder was
//!   created). It returns only then: an `Ok` entry is on disk. Lines are never rewritten.
//! - **Torn tail**: a crash mid-write can leave a last line without `\n`, or one holding the
//!   zeros of blocks allocated but never written. On
//!   open (and before any append or read of that file) it is copied to a side file
//!   `<file>.torn-<UTC stamp>`, synced, then cut off with `set_len` — the one change ever
//!   made to written bytes — and reported as a [`Repair`]. Any other unreadable line is an
//!   error naming the file and line, and nothing is touched.
//! - **Order**: entries are read merged in `(time, id)` order. Each append gets a time later
//!   than every entry already in the folder, so that order is the order of writing (an undo
//!   sorts after what it undoes even when two people act within the same millisecond).
//! - **Undo** is a compensating entry (`undo`, `{"entry": id}`, [`Journal::undo`]); nothing is
//!   ever deleted. The state is a fold over all entries ([`State`]).
//!
//! # Modules
//!
//! `store` (the `Journal`), `scan` (reading a file, torn tails), `fsutil` (lock, fsync),
//! `entry`, `id`, `author`, `error`, `actions` (names and payload builders), `state` (the fold).

pub mod actions;
pub mod author;
pub mod entry;
pub mod error;
mod fsutil;
pub mod id;
mod scan;
pub mod state;
mod store;

pub use author::{file_stem, initials, resolve_author};
pub use entry::Entry;
pub use error::{JournalError, Repair};
pub use fsutil::LOCK_FILE;
pub use state::{
    DefectRecord, DefectStatus, FoldError, Severity, SignOffRecord, State, VerdictRecord,
    VerdictValue,
};
pub use store::{Journal, journal_dir};
