//! The console's whole behaviour, without a terminal or a database: one model (`App`), one
//! `update(&mut App, Msg) -> Vec<Effect>` (the Elm architecture). The runtime in `tui`
//! turns keys into `Msg`s and performs the `Effect`s; the screens only draw an `&App`.
//!
//! Imports `jobs` (their requests and results), `domain`, `acceptance` (the recette's pure
//! rules) and `journal` (its entry and state types); never `tui`, `store`, `duckdb` or
//! `ratatui` (`tests/layers.rs` holds this).

pub mod awaited;
pub mod checklist;
pub mod defect_filter;
pub mod defect_form;
pub mod defects;
pub mod explorer;
mod filter;
pub mod home;
pub mod list;
mod msg;
pub mod quit;
mod receive;
pub mod sample;
pub mod signoff;
pub mod sql;
pub mod stack;
pub mod table;
pub mod todo;
mod trends;
mod update;

pub use awaited::{Awaited, Purpose, Running, Write};
pub use checklist::ChecklistScreen;
pub use defect_form::DefectForm;
pub use defects::DefectsScreen;
pub use explorer::{Explorer, Level, RowsOf};
pub use home::{Home, HomePane};
pub use list::ListState;
pub use msg::{Action, Context, Effect, InputKey, Msg};
pub use quit::Closing;
pub use sample::{Mark, SampleReview, Summary};
pub use signoff::SignoffPrompt;
pub use sql::{SqlResult, SqlScreen};
pub use stack::{Layer, Screen, ScreenId, Stack};
pub use table::RowsTable;
pub use update::update;

use crate::jobs::{Overview, ResourceOutcome};

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
    /// The screens above home; the top one has the keys.
    pub screens: Stack,
    /// What each job under way is awaited for.
    pub jobs: Awaited,
    /// The campaign's SQL history, oldest first (read by the runtime at start).
    pub sql_history: Vec<String>,
    /// Who records (journal entries' author).
    pub author: String,
    /// The language of what the app writes itself (a sample review's summary in a verdict's
    /// comment); the screens draw in the same.
    pub lang: crate::domain::i18n::Lang,
    /// The last overview received (of `overview.delivery`).
    pub overview: Option<Overview>,
    pub notice: Option<Notice>,
    /// Text being typed: a list's filter or a key to go to (`/`), or the text of the prompt
    /// on top (a comment, a title, a reason, reservations, the SQL editor's query).
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
    /// "Next item to do" found every item with a verdict.
    AllDone,
    /// A defect was asked from a suggestion, and there is none.
    NoSuggestion,
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
            screens: Stack::default(),
            jobs: Awaited::default(),
            sql_history: Vec::new(),
            author,
            lang: Default::default(),
            overview: None,
            notice: None,
            input: None,
            width: 80,
            height: 24,
            quit: false,
            closing: None,
            unsaved: 0,
            journal_notes_said: Default::default(),
        };
        let effects = app.start_overview();
        (app, effects)
    }

    /// Where keys are resolved now: the top layer's context.
    pub fn context(&self) -> Context {
        self.screens.context()
    }

    /// The context of the screen under the help.
    pub fn screen_context(&self) -> Context {
        self.screens.screen_context()
    }

    /// True while a job or a fetch the screens wait for is under way (a query left with
    /// `Esc` is not waited for).
    pub fn waiting(&self) -> bool {
        self.jobs
            .any(|p| !matches!(p, Purpose::Query { waited: false, .. }))
    }

    /// The overview under way, if any.
    pub fn running(&self) -> Option<&Running> {
        self.jobs.purposes().find_map(|p| match p {
            Purpose::Overview(r) => Some(r),
            _ => None,
        })
    }

    /// Whether the trends job is under way.
    pub fn computing_trends(&self) -> bool {
        self.jobs.any(|p| *p == Purpose::Trends)
    }

    /// Opens `screen` over the others.
    pub(crate) fn open(&mut self, screen: Screen) -> ScreenId {
        self.screens.push(screen)
    }

    /// Closes the top layer; what it was waiting for is dropped with it.
    pub(crate) fn close_top(&mut self) {
        if let Some(layer) = self.screens.pop() {
            self.jobs.forget(|p| p.reads_for() == Some(layer.id));
        }
    }

    /// Closes layer `id`, and what it was waiting for.
    pub(crate) fn close(&mut self, id: ScreenId) {
        if self.screens.remove(id) {
            self.jobs.forget(|p| p.reads_for() == Some(id));
        }
    }

    /// Whether keys go to a text input: the one `input` holds, or the defect form's fields.
    pub fn typing(&self) -> bool {
        self.input.is_some()
            || matches!(
                self.screens.top().map(|l| &l.screen),
                Some(Screen::DefectForm(_))
            )
    }

    /// The keymap section of the text input that has the keys, if it has one: its keys that
    /// type nothing (Enter, Tab, F5, Ctrl-…) resolve there.
    pub fn input_context(&self) -> Option<Context> {
        match self.screens.top().map(|l| &l.screen) {
            Some(Screen::DefectForm(_)) => Some(Context::DefectForm),
            _ => None,
        }
    }

    /// Closes every layer `keep` refuses, and what they were waiting for.
    pub(crate) fn close_where(&mut self, keep: impl Fn(&Screen) -> bool) {
        for id in self.screens.retain(keep) {
            self.jobs.forget(|p| p.reads_for() == Some(id));
        }
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

    /// Starts the overview of the selected delivery, cancelling one under way.
    pub(crate) fn start_overview(&mut self) -> Vec<Effect> {
        let mut effects = trends::cancel(self);
        for id in self.jobs.forget(|p| matches!(p, Purpose::Overview(_))) {
            effects.push(Effect::Cancel(id));
        }
        let Some(delivery) = self.delivery_id().map(str::to_string) else {
            return effects;
        };
        let id = self.jobs.start(Purpose::Overview(Running {
            delivery: delivery.clone(),
            progress: None,
        }));
        effects.push(Effect::StartOverview { id, delivery });
        effects
    }
}

#[cfg(test)]
mod tests;
