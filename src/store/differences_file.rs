//! The differences file of a reconciliation, in long form: one row per differing cell —
//! the key (`k0`...), `single` (the key is held once on each side), `slot` (the compared
//! column's index among the resource's columns) and, for single keys, the expected value
//! `x` and the migrated value `y` — ordered by key, then slot. A key of duplicated rows
//! whose rows differ while no column's multiset does has no row here (the keys file says
//! it differs).
//!
//! Long, so that neither a statement nor a file has a column per compared column: written
//! wide (a flag and two values per column), a 5,000-column table made a Parquet file of
//! 15,001 columns in 5 s, and every reader bound them all.

/// The compared column's index among the resource's columns (`INTEGER`).
pub const SLOT: &str = "slot";
/// The expected value (`VARCHAR`; NULL for duplicated keys).
pub const EXPECTED: &str = "x";
/// The migrated value (`VARCHAR`; NULL for duplicated keys).
pub const MIGRATED: &str = "y";
/// `true` where the key is held once on each side (its values are there).
pub const SINGLE: &str = "single";

/// The condition of the rows of compared column `i`.
pub fn of_column(i: usize) -> String {
    format!("{SLOT} = {i}")
}
