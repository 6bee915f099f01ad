//! The recette record seen as a whole: each checklist item's verdict for a delivery
//! (computed for automated items, from the journal for the others), progress per resource,
//! sign-off rules and the go/no-go for the switch-over.
//!
//! Pure: folds the checklist, the journal's state and the reconciliation reports; no
//! DuckDB (callers bring the reports and records' states). The one write is
//! `defects::record`, the journal append shared by the CLI and the console. Imports
//! `domain` and `journal` only (`tests/layers.rs`).

pub mod cause_words;
pub mod causes;
mod decision;
pub mod defects;
mod progress;
pub mod signoff;
pub mod words;

pub use decision::{Blocker, Decision, GoNoGo, Reservation, go_no_go};
pub use progress::{ItemVerdict, ResourceProgress, item_verdicts, resource_progress};
pub use signoff::{Reason, Standing};
