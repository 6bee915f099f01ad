//! Campaign, resource and report types and their pure rules. No I/O, no threads, no
//! ratatui, no duckdb.

pub mod campaign;
pub mod checklist;
pub mod column;
pub mod criterion;
pub mod derive_order;
pub mod error;
pub mod mask;
pub mod report;
pub mod text;
