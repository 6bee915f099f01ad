//! recette: the engine, the journal and the command line of the acceptance console.
//!
//! Layers (dependencies point one way): `domain` <- `store` <- `cli`; `demo` writes
//! synthetic campaigns; `journal` is the durable record of human actions.

pub mod acceptance;
pub mod app;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod export;
pub mod jobs;
pub mod journal;
pub mod store;
pub mod tui;
