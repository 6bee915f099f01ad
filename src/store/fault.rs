//! Fault injection for tests: `RECETTE_FAULT=<point>` makes the process end at that point
//! as a `kill -9` would leave things (no unwinding, no clean-up, exit status 137), so a
//! crash test chooses its moment instead of timing a kill.
//!
//! Points: `publish` (a result file written and synced, not yet renamed into place).

/// Dies here when `RECETTE_FAULT` names `point`.
pub fn point(point: &str) {
    if std::env::var("RECETTE_FAULT").is_ok_and(|v| v == point) {
        std::process::exit(137);
    }
}
