//! Campaign, resource and report types and their pure rules. No I/O, no threads, no
//! ratatui, no duckdb.

pub mod campaign;
pub mod causes;
pub mod checklist;
pub mod column;
pub mod comparison;
pub mod criterion;
pub mod derive_order;
pub mod error;
pub mod evidence;
pub mod header_names;
pub mod hint;
pub mod i18n;
pub mod mask;
pub mod query;
pub mod report;
pub mod results;
pub mod rows;
pub mod signoff;
pub mod stage;
pub mod text;
