//! What a reconciliation is doing, for progress displays (the CLI's stderr, the
//! console's status line). Plain data: no I/O.

/// What the engine is doing, for progress displays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    LoadingSource,
    LoadingDelivery,
    Comparing,
    FromCache,
}
