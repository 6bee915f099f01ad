//! The console's whole behaviour, without a terminal or a database: one model (`App`), one
//! `update(&mut App, Msg) -> Vec<Effect>` (the Elm architecture). The runtime in `tui`
//! turns keys into `Msg`s and performs the `Effect`s; the screens only draw an `&App`.
//!
//! Imports `jobs` (their requests and results), `domain`, `acceptance` (the recette's pure
//! rules) and `journal` (its entry and state types); never `tui`, `store`, `duckdb` or
//! `ratatui` (`tests/layers.rs` holds this).

pub mod checklist;
pub mod defect_filter;
pub mod defects;
pub mod explorer;
pub mod list;
mod msg;
pub mod quit;
mod receive;
pub mod sample;
pub mod signoff;
pub mod sql;
pub mod table;
mod trends;
mod update;

pub use checklist::ChecklistScreen;
pub use defects::DefectsScreen;
pub use explorer::{Explorer, Level, RowsOf};
pub use list::ListState;
pub use msg::{Action, Context, Effect, InputKey, Msg};
pub use quit::Closing;
pub use sample::{DefectForm, Mark, SampleReview};
pub use signoff::SignoffPrompt;
pub use sql::{SqlResult, SqlScreen};
pub use table::RowsTable;
pub use update::update;

use crate::jobs::{JobId, Overview, Progress, ResourceOutcome};

/// Lines of the screen around a table (header, breadcrumb, borders, column titles, status,
/// footer): a table shows `height - CHROME_ROWS` rows. The screens lay out the same lines.
pub const CHROME_ROWS: u16 = 7;

#[derive(Debug, Clone)]
pub struct App {
    pub campaign: String,
    pub deliveries: Vec<String>,
    /// Index of the delivery shown.
    pub delivery: usize,
    pub home: Home,
    pub explorer: Option<Explorer>,
    /// The checklist of a resource (under the explorer when one opens from an item).
    pub checklist: Option<ChecklistScreen>,
    /// The defects screen (from home).
    pub defects: Option<DefectsScreen>,
    /// The sample review of a checklist item (over the checklist).
    pub sample: Option<SampleReview>,
    /// The SQL console (from home).
    pub sql: Option<SqlScreen>,
    /// The sign-off prompt (over home or the checklist).
    pub signoff: Option<SignoffPrompt>,
    /// The campaign's SQL history, oldest first (read by the runtime at start).
    pub sql_history: Vec<String>,
    /// Who records (journal entries' author).
    pub author: String,
    /// A journal append under way.
    pub saving: Option<JobId>,
    /// Sample records found right, being written to the journal.
    pub marking: Vec<sample::PendingMark>,
    /// The last overview received (of `overview.delivery`).
    pub overview: Option<Overview>,
    /// The overview job under way.
    pub running: Option<Running>,
    /// The trends job under way (after the overview).
    pub trends: Option<JobId>,
    pub notice: Option<Notice>,
    pub help: bool,
    /// Text being typed (`/`): a list's filter, or a key to go to in a table.
    pub input: Option<String>,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// Quit asked while journal writes were pending: waiting for them (`app::quit`).
    pub closing: Option<Closing>,
    /// Journal writes still under way when the console was made to quit without waiting.
    pub unsaved: usize,
    /// The journal's notes already shown (`Overview::journal_notes`): each is said once.
    pub journal_notes_said: std::collections::HashSet<String>,
    next_id: u64,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Home {
    pub list: ListState,
    pub focus: HomePane,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum HomePane {
    #[default]
    Resources,
    Deliveries,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Running {
    pub id: JobId,
    pub delivery: String,
    pub progress: Option<Progress>,
}

/// A message for the status line, until the next action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Failed(String),
    Cancelled,
    /// A journal entry written and synced (its id).
    Saved(String),
    /// A journal write failed while quitting waited for it: the console stays open.
    NotSaved(String),
    /// What the journal had to say (a defect id met twice, an action of a newer recette...).
    Journal(String),
    /// An automated item's verdict needs a comment saying why.
    CommentRequired,
    /// A defect needs a title.
    TitleRequired,
    /// A rejection needs its reason.
    ReasonRequired,
    /// The sign-off rules refuse a sign-off without reservation: it needs the reservations.
    ReservationsRequired,
    /// The SQL console waits for the delivery's results (the overview under way).
    NotReady,
    /// The console opened the bundled sample, written out to this folder (where what the
    /// user records goes).
    SampleAt(String),
    /// Input files changed on disk (delivery, or `None` for a source; file name): the
    /// results are being computed again.
    InputsChanged(Vec<(Option<String>, String)>),
    /// A resource that could not be reconciled has no differences or checklist to open.
    ResourceFailed {
        resource: String,
        error: String,
    },
}

impl App {
    /// The console on `deliveries` (oldest first), showing the last one; the effects start
    /// its overview.
    pub fn new(campaign: String, deliveries: Vec<String>) -> (App, Vec<Effect>) {
        App::with_author(campaign, deliveries, String::new())
    }

    /// The console with `author` recording in the journal.
    pub fn with_author(
        campaign: String,
        deliveries: Vec<String>,
        author: String,
    ) -> (App, Vec<Effect>) {
        let mut app = App {
            campaign,
            delivery: deliveries.len().saturating_sub(1),
            deliveries,
            home: Home::default(),
            explorer: None,
            checklist: None,
            sample: None,
            sql: None,
            signoff: None,
            sql_history: Vec::new(),
            defects: None,
            author,
            saving: None,
            marking: Vec::new(),
            overview: None,
            running: None,
            trends: None,
            notice: None,
            help: false,
            input: None,
            width: 80,
            height: 24,
            quit: false,
            closing: None,
            unsaved: 0,
            journal_notes_said: Default::default(),
            next_id: 0,
        };
        let effects = app.start_overview();
        (app, effects)
    }

    /// Where keys are resolved now.
    pub fn context(&self) -> Context {
        if self.help {
            Context::Help
        } else {
            self.screen_context()
        }
    }

    /// The context of the screen under the help.
    pub fn screen_context(&self) -> Context {
        match self.explorer.as_ref().map(Explorer::level) {
            None if self.sql.is_some() => Context::Sql,
            None if self.sample.is_some() => Context::Sample,
            None if self.defects.is_some() => Context::Defects,
            None if self.checklist.is_some() => Context::Checklist,
            None => Context::Home,
            Some(Level::Rows { .. }) => Context::Rows,
            Some(Level::Record(_)) => Context::Record,
            Some(_) => Context::Explorer,
        }
    }

    /// True while a job or a fetch the screens wait for is under way.
    pub fn waiting(&self) -> bool {
        let fetching = self.explorer.as_ref().is_some_and(|e| {
            e.levels.iter().any(|l| match l {
                Level::Rows { table, .. } => table.pending.is_some(),
                Level::Record(r) => r.pending.is_some(),
                _ => false,
            })
        });
        let sampling = self
            .sample
            .as_ref()
            .is_some_and(|s| s.drawing.is_some() || s.pending.is_some() || s.journaling.is_some());
        let querying = self.sql.as_ref().is_some_and(|s| {
            s.running.is_some() || s.result.as_ref().is_some_and(|r| r.table.pending.is_some())
        });
        self.running.is_some()
            || self.trends.is_some()
            || self.saving.is_some()
            || !self.marking.is_empty()
            || fetching
            || sampling
            || querying
    }

    /// Rows a table shows at the current terminal height.
    pub fn page_rows(&self) -> usize {
        usize::from(self.height.saturating_sub(CHROME_ROWS)).max(1)
    }

    pub fn delivery_id(&self) -> Option<&str> {
        self.deliveries.get(self.delivery).map(String::as_str)
    }

    /// The overview shown, if it is that of the selected delivery.
    pub fn current_overview(&self) -> Option<&Overview> {
        self.overview
            .as_ref()
            .filter(|o| Some(o.delivery.as_str()) == self.delivery_id())
    }

    /// Indexes of the resources shown on the home screen (after the filter).
    pub fn visible_resources(&self) -> Vec<usize> {
        match self.current_overview() {
            Some(o) => self
                .home
                .list
                .visible(o.resources.iter().map(|r| r.resource().name.as_str())),
            None => Vec::new(),
        }
    }

    /// The resource selected on the home screen, reconciled or failed.
    pub fn selected_resource(&self) -> Option<&ResourceOutcome> {
        let i = self.home.list.current(&self.visible_resources())?;
        self.current_overview()?.resources.get(i)
    }

    pub(crate) fn next_id(&mut self) -> JobId {
        self.next_id += 1;
        JobId(self.next_id)
    }

    /// Starts the overview of the selected delivery, cancelling one under way.
    pub(crate) fn start_overview(&mut self) -> Vec<Effect> {
        let mut effects = trends::cancel(self);
        if let Some(running) = self.running.take() {
            effects.push(Effect::Cancel(running.id));
        }
        let Some(delivery) = self.delivery_id().map(str::to_string) else {
            return effects;
        };
        let id = self.next_id();
        self.running = Some(Running {
            id,
            delivery: delivery.clone(),
            progress: None,
        });
        effects.push(Effect::StartOverview { id, delivery });
        effects
    }
}

#[cfg(test)]
mod tests;
