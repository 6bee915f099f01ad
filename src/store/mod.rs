//! The only layer that names `duckdb`: reading input files, the stage and result files,
//! the reconciliation SQL. Identifiers from user files are always quoted.

pub mod cache;
pub mod campaign_sql;
pub mod causes;
pub mod compare_sql;
pub mod convert;
pub mod deliveries;
pub mod differences_file;
pub mod digests;
pub mod engine;
pub mod error;
pub mod evidence;
pub mod fault;
mod header;
mod hints;
pub mod history;
pub mod input;
pub mod lockdown;
pub mod memory;
pub mod query;
pub mod reconcile;
pub mod records;
pub mod sample;
pub mod shape;
pub mod slot;
mod sniff;
pub mod spill;
pub mod sql;
pub mod stages;
pub mod stored;
pub mod sweep;
pub mod text_file;
pub mod watch;
pub mod window;

pub use engine::{Engine, Reconciled, Stage};
pub use error::StoreError;
