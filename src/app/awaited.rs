//! One registry of what each job or request under way is awaited for: every id the app
//! hands the runtime is registered here with its purpose when it is made, and its events
//! are routed by that purpose alone (`receive`). A result nobody waits for any more — a
//! cancelled job, a superseded request, one of a screen since closed — finds no purpose
//! and is dropped. Pure state; must not import `tui` or `duckdb`.

use std::collections::BTreeMap;

use super::sample::PendingMark;
use super::stack::ScreenId;
use crate::jobs::{JobId, Progress};

/// Why the app waits for a job.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    /// The overview of a delivery (every resource reconciled, the journal folded).
    Overview(Running),
    /// The trends of the overview shown.
    Trends,
    /// A journal append.
    Write(Write),
    /// The seeded draw of the sample review `screen`.
    Draw(ScreenId),
    /// The record shown by `screen`: the explorer's level `level`, or a sample review's (0).
    Record { screen: ScreenId, level: usize },
    /// A window of a rows table of `screen`: the explorer's level `level`, or the SQL
    /// console's result (0).
    Window { screen: ScreenId, level: usize },
    /// The example records of the defect form `screen` (raised from a value pattern).
    Evidence(ScreenId),
    /// A query of the SQL console `screen`: its text, and whether the user waits for it
    /// (one left with `Esc` may still finish, and is then shown without taking the editor).
    Query {
        screen: ScreenId,
        sql: String,
        waited: bool,
        percent: Option<f64>,
    },
}

/// The overview under way: which delivery, how far.
#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub delivery: String,
    pub progress: Option<Progress>,
}

/// What a journal append is.
#[derive(Debug, Clone, PartialEq)]
pub enum Write {
    /// A verdict, a defect's status, a sign-off: once written, the overview is folded again.
    Entry,
    /// A defect from the form `form`; raised from record `.1` of the sample review `.0`,
    /// which reads KO once it is written.
    Defect {
        form: ScreenId,
        sample: Option<(ScreenId, usize)>,
    },
    /// The `sample.draw` of a sample review.
    SampleDraw,
    /// A record of a sample found right (`sample.mark`).
    SampleMark(PendingMark),
}

impl Purpose {
    /// The layer the purpose reads for (a write outlives its screen: it is not one).
    pub fn reads_for(&self) -> Option<ScreenId> {
        match self {
            Purpose::Draw(s)
            | Purpose::Evidence(s)
            | Purpose::Record { screen: s, .. }
            | Purpose::Window { screen: s, .. }
            | Purpose::Query { screen: s, .. } => Some(*s),
            Purpose::Overview(_) | Purpose::Trends | Purpose::Write(_) => None,
        }
    }
}

/// The ids under way and their purposes; ids are made here, so none is ever reused.
#[derive(Debug, Clone, Default)]
pub struct Awaited {
    last_id: u64,
    purposes: BTreeMap<JobId, Purpose>,
}

impl Awaited {
    /// A new id, awaited for `purpose`.
    pub fn start(&mut self, purpose: Purpose) -> JobId {
        self.last_id += 1;
        let id = JobId(self.last_id);
        self.purposes.insert(id, purpose);
        id
    }

    /// Awaits `id` (made elsewhere, as by a test) for `purpose`.
    pub fn insert(&mut self, id: JobId, purpose: Purpose) {
        self.last_id = self.last_id.max(id.0);
        self.purposes.insert(id, purpose);
    }

    pub fn get(&self, id: JobId) -> Option<&Purpose> {
        self.purposes.get(&id)
    }

    pub fn get_mut(&mut self, id: JobId) -> Option<&mut Purpose> {
        self.purposes.get_mut(&id)
    }

    /// `id` is over: its purpose, if it was still awaited.
    pub fn settle(&mut self, id: JobId) -> Option<Purpose> {
        self.purposes.remove(&id)
    }

    /// The first id awaited for a purpose `which` accepts.
    pub fn find(&self, which: impl Fn(&Purpose) -> bool) -> Option<(JobId, &Purpose)> {
        self.purposes
            .iter()
            .find(|(_, p)| which(p))
            .map(|(id, p)| (*id, p))
    }

    pub fn any(&self, which: impl Fn(&Purpose) -> bool) -> bool {
        self.purposes.values().any(which)
    }

    pub fn count(&self, which: impl Fn(&Purpose) -> bool) -> usize {
        self.purposes.values().filter(|p| which(p)).count()
    }

    /// Waits no more for the purposes `which` accepts; returns their ids.
    pub fn forget(&mut self, which: impl Fn(&Purpose) -> bool) -> Vec<JobId> {
        let ids: Vec<JobId> = self
            .purposes
            .iter()
            .filter(|(_, p)| which(p))
            .map(|(id, _)| *id)
            .collect();
        for id in &ids {
            self.purposes.remove(id);
        }
        ids
    }

    pub fn purposes(&self) -> impl Iterator<Item = &Purpose> {
        self.purposes.values()
    }
}
