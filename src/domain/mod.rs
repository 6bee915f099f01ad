//! Campaign, resource and report types and their pure rules. No I/O, no threads, no
//! ratatui, no duckdb.

pub mod campaign;
pub mod column;
pub mod derive_order;
pub mod error;
pub mod report;
pub mod text;
