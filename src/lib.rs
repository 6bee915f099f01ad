//! recette: the engine, the journal and the command line of the acceptance console.
//!
//! Layers (dependencies point one way; `tests/layers.rs` fails on an import against them):
//!
//! ```text
//! domain  <-  store  <-  jobs  <-  app  <-  tui
//!    ^          ^          ^
//! journal  <- acceptance <-+-- export       cli (never app or tui)
//! ```
//!
//! - `domain`: campaign, checklist, report and result types and their pure rules; no I/O.
//! - `journal`: the durable, append-only record of human actions; imports nothing else.
//! - `store`: the only module naming DuckDB: inputs, reconciliation, result files, SQL.
//! - `acceptance`: the recette as a whole (verdicts, progress, sign-off, go/no-go); pure.
//! - `export`: workbook, CSV, Markdown and JSON from a plain snapshot.
//! - `jobs`: long work on its own thread with its own connection; cancellable.
//! - `app`: the console's state and `update`, without a terminal or a database.
//! - `tui`: crossterm + ratatui over `app`.
//! - `cli`: clap commands for scripts and CI; `demo` writes synthetic campaigns.
//! - `settings`: the user's `config.toml` (language, engine memory); imports nothing.
//! - `init`: a campaign drafted from a source folder and a delivery folder (pure inference;
//!   imports `domain` only; Parquet and JSON read through a reader `cli` gives it).

pub mod acceptance;
pub mod app;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod export;
pub mod init;
pub mod jobs;
pub mod journal;
pub mod settings;
pub mod store;
pub mod tui;
