//! `recette init`: a campaign drafted from a folder of legacy extraction files and a folder
//! holding the first delivery. Each file is read as it is, files are paired into resources
//! by their content, keys and column rules are proposed from the records whose keys match,
//! and every guess is written down with how sure it is. It drafts; a person decides.
//!
//! Pure inference over files: it imports `domain` only (to check that what it wrote is a
//! campaign the engine reads). Parquet and JSON files come through a [`ForeignReader`] the
//! command line backs with the engine. Nothing is ever written by this module.

mod columns;
mod draft;
mod error;
mod files;
mod key;
mod names;
mod overlap;
mod pair;
mod parallel;
mod pii;
mod plan;
mod profile;
mod read;
mod sample;
mod starter;
mod values;

pub use columns::{Difference, Rule};
pub use draft::percent;
pub use error::InitError;
pub use files::{ForeignReader, NoForeignReader};
pub use pii::Personal;
pub use plan::{
    FileSummary, Lang, Plan, PlannedColumn, PlannedKey, ResourcePlan, Unpaired, Why, draft_plan,
};
pub use read::{CsvFormat, TextEncoding};

use std::path::PathBuf;

use crate::domain::campaign::Campaign;
use crate::domain::checklist::Checklist;

/// What `recette init` is asked.
#[derive(Debug, Clone)]
pub struct Request {
    pub source_dir: PathBuf,
    pub delivery_dir: PathBuf,
    /// The campaign file to be written (absolute): paths in it are relative to its folder.
    pub campaign_file: PathBuf,
    /// The checklist file to be written beside it (absolute).
    pub checklist_file: PathBuf,
    pub name: Option<String>,
    pub lang: Lang,
}

/// Where the reading stands, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The first reading of every file.
    Reading,
    /// The second reading of paired files, drawing the sample.
    Drawing,
}

#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    pub step: Step,
    pub file: &'a str,
    pub done: u64,
    pub total: u64,
}

/// The campaign and checklist texts, and what was decided.
#[derive(Debug, Clone)]
pub struct Draft {
    pub campaign: String,
    pub checklist: String,
    pub plan: Plan,
}

/// Drafts a campaign from the two folders of `request`.
pub fn draft(
    request: &Request,
    foreign: &dyn ForeignReader,
    progress: &mut (dyn FnMut(Progress) + Send),
) -> Result<Draft, InitError> {
    let plan = draft_plan(request, foreign, progress)?;
    let draft = Draft {
        campaign: draft::campaign(&plan),
        checklist: starter::checklist(&plan),
        plan,
    };
    // What is handed to a person must be what the engine reads: parsed by its own
    // parsers before anything is written.
    let campaign = Campaign::parse(&request.campaign_file, &draft.campaign)
        .map_err(|e| InitError::Internal(format!("the drafted campaign does not parse: {e}")))?;
    Checklist::parse(&request.checklist_file, &draft.checklist, &campaign)
        .map_err(|e| InitError::Internal(format!("the drafted checklist does not parse: {e}")))?;
    Ok(draft)
}

/// A fresh folder under the system's temporary folder, for tests.
#[cfg(test)]
pub(crate) fn test_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("recette-init-tests-{}", std::process::id()))
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[cfg(test)]
mod tests;
