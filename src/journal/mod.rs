//! The journal: the append-only, crash-safe record of human actions.
//!
//! Data can always be reloaded from the files; the journal is the one thing that cannot be
//! recomputed, so it must never lose a committed entry. It never opens DuckDB and imports
//! nothing outside `journal` (the domain and the UI use it, not the reverse).
//!
//! # On disk
//!
//! Beside the campaign file, a folder named after its stem, one JSON Lines file per author
//! and installation of recette (a user on a machine, `journal::installation`):
//!
//! ```text
//! ssti03.toml
//! ssti03.journal/
//!     marie_dupont@7f3a.jsonl  <- Marie's entries written from one machine, oldest first
//!     marie_dupont@k2q9.jsonl  <- ... and from her laptop
//!     marie_dupont.jsonl       <- written by a recette before installations: read, never
//!                                 written again
//!     jean@7f3a.jsonl
//!     .lock                    <- the lock file (empty)
//!     .lock-holder             <- who holds the lock (pid, user, host, command), while held
//!     jean@7f3a.jsonl.torn-20261123T125223123Z   <- bytes of an interrupted write, if ever
//! ```
//!
//! Each line is one [`Entry`]:
//!
//! ```text
//! {"id":"0pzx4k3v2a-md-7f3a-8f3k2q","time":"2026-11-23T12:52:23.123Z","seq":42,"author":"Marie Dupont","action":"verdict.set","payload":{"delivery":"L2","item":"nir-format","resource":"employee","value":"ko"}}
//! ```
//!
//! `id`: see [`id`]; `time`: the writer's clock, UTC, RFC 3339 with milliseconds, never
//! changed; `seq`: the entry's place (below); `author`: as given; `action`: a name (see
//! [`state`] for the ones the fold knows; an unknown one was written by a newer recette: kept,
//! without effect, said once per file); `payload`: a JSON object. One file per author and
//! installation means nobody ever writes to a file another machine writes, and a campaign
//! folder versioned with Git, or journals copied from several machines into one folder, merge
//! without conflicts.
//!
//! # Order
//!
//! Entries are read merged in journal order `(seq, time, id)`. `seq` is a Lamport clock: each
//! append gets 1 + the highest `seq` among the last entries of every file of the folder, under
//! the lock. So an entry comes after everything its writer could see — an undo after what it
//! undoes, a verification after the fix — whatever the machines' clocks say, and one wrong
//! clock changes no other entry's time nor the order of the others. Entries written in one
//! folder keep their order when folders are merged (each one's `seq` grows in the order of
//! writing); entries of two folders written independently interleave by `seq`, then time,
//! then id, the same on every read. Entries written before `seq` existed have none (0): they
//! come first, in the `(time, id)` order they always had.
//!
//! # Guarantees
//!
//! - **Append** ([`Journal::append`]): under an OS lock on `.lock` (threads and processes
//!   alike), the full line including `\n` is written with one `write_all` on a file opened in
//!   append mode, then `sync_data` (and the folder is synced when the file or the folder was
//!   created). It returns only then: an `Ok` entry is on disk. Lines are never rewritten.
//! - **Lock**: a writer that waits for it more than a second says who holds it (the
//!   [`JournalNotice::Waiting`] given to [`Journal::on_waiting`]); after
//!   `RECETTE_LOCK_TIMEOUT` seconds (default 30) it gives up with
//!   [`JournalError::LockTimeout`], naming the holder, having written nothing. Reading takes
//!   no lock: a command that appends nothing never waits and never changes a journal file.
//! - **Torn tail**: a crash mid-write can leave a last line without `\n` that does not parse,
//!   or one holding the zeros of blocks allocated but never written. Readers skip it and say
//!   so; the next writer, under the lock, copies it to a side file `<file>.torn-<UTC stamp>`,
//!   syncs it, then cuts it off with `set_len` — the one change ever made to written bytes —
//!   and says so ([`Repair`]). A last line that parses is an entry even without its `\n`; the
//!   next writer adds the newline before its own line. Any other unreadable line is an error
//!   naming the file and line, and nothing is touched.
//! - **Crash points**: `RECETTE_FAULT=journal.before_write|journal.mid_write|
//!   journal.after_write|journal.after_sync` stops the process dead at that point of an append
//!   (tests; inert unless set).
//! - **Undo** is a compensating entry (`undo`, `{"entry": id}`, [`Journal::undo`]); nothing is
//!   ever deleted. The state is a fold over all entries ([`State`]); a defect id created twice
//!   (journals merged) keeps both defects, the second as `<id>@<entry>` ([`DuplicateDefect`]).
//!
//! # Modules
//!
//! `store` (the `Journal`), `scan` (reading a file, torn tails), `fsutil` (lock and its
//! holder, fsync, fault points), `entry`, `id`, `installation`, `author`, `error`, `actions`
//! (names and payload builders), `state` (the fold).

pub mod actions;
pub mod author;
pub mod entry;
pub mod error;
mod fsutil;
pub mod id;
pub mod installation;
mod scan;
pub mod state;
mod store;

pub use author::{file_stem, initials, resolve_author};
pub use entry::Entry;
pub use error::{JournalError, JournalNotice, Repair, RepairKind};
pub use fsutil::{DEFAULT_LOCK_TIMEOUT, HOLDER_FILE, LOCK_FILE};
pub use state::{
    DefectRecord, DefectStatus, DuplicateDefect, FoldError, Severity, SignOffRecord, State,
    VerdictRecord, VerdictValue,
};
pub use store::{Journal, JournalLock, OnWaiting, journal_dir};
