//! Signing off a resource from the console, under the rules of `recette signoff`
//! (`acceptance::signoff`): one key on home or on the checklist opens a small prompt over
//! the screen for the resource and the delivery shown. When the rules allow it, Enter signs
//! off without reservation; when they refuse, the prompt lists every reason and a sign-off
//! needs the reservations typed (`signoff.reserved`). The entry goes to the journal through
//! the usual effect. Pure state; must not import `tui` or `duckdb`.

use super::stack::Screen;
use super::update::type_line;
use super::{App, Effect, InputKey, Notice, Purpose, Write};
use crate::acceptance::{Reason, Standing};
use crate::domain::signoff::SignoffFiles;
use crate::jobs::{Recording, ResourceOutcome};

/// The sign-off prompt: what is signed, what the rules refuse, where it stands now. The
/// reservations are typed in the app's input.
#[derive(Debug, Clone, PartialEq)]
pub struct SignoffPrompt {
    pub resource: String,
    pub label: String,
    pub delivery: String,
    /// Why a sign-off without reservation is refused (empty: it is allowed).
    pub refusals: Vec<Reason>,
    /// The sign-off recorded now, if any (a new one replaces it).
    pub standing: Standing,
    /// The digests the rules were checked on: what the sign-off records.
    files: SignoffFiles,
}

impl App {
    /// The resource a sign-off is about: the checklist's, else the one selected on home.
    fn signoff_outcome(&self) -> Option<&ResourceOutcome> {
        match self.checklist() {
            Some(screen) => self
                .current_overview()?
                .resources
                .iter()
                .find(|r| r.resource().name == screen.resource),
            None => self.selected_resource(),
        }
    }
}

/// Opens the prompt for the resource of the screen (a resource that could not be
/// reconciled says why instead: nothing can be checked on it).
pub(super) fn open(app: &mut App) -> Vec<Effect> {
    let Some(outcome) = app.signoff_outcome() else {
        return Vec::new();
    };
    let Some(delivery) = app.delivery_id().map(str::to_string) else {
        return Vec::new();
    };
    let prompt = match outcome {
        ResourceOutcome::Failed(f) => {
            app.notice = Some(Notice::ResourceFailed {
                resource: f.resource.name.clone(),
                error: f.error.clone(),
            });
            return Vec::new();
        }
        ResourceOutcome::Reconciled(r) => SignoffPrompt {
            resource: r.resource.name.clone(),
            label: r.resource.label.clone(),
            delivery,
            refusals: r.progress.refusals.clone(),
            standing: r.progress.signoff.clone(),
            files: r.files.clone(),
        },
    };
    app.open(Screen::Signoff(prompt));
    app.input = Some(String::new());
    Vec::new()
}

/// A key while the prompt is open: the reservations typed, Enter signs, Esc cancels.
pub(super) fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    match key {
        InputKey::Esc => {
            app.input = None;
            close(app);
            app.notice = None;
        }
        InputKey::Enter => return submit(app),
        key => type_line(app, key),
    }
    Vec::new()
}

/// Signs off: without reservation when nothing is typed and the rules allow it, with the
/// reservations typed otherwise; refused (the prompt stays) when the rules refuse and
/// nothing is typed.
fn submit(app: &mut App) -> Vec<Effect> {
    let text = app.input.as_deref().unwrap_or("").trim().to_string();
    let Some(prompt) = app.signoff() else {
        app.input = None;
        return Vec::new();
    };
    if text.is_empty() && !prompt.refusals.is_empty() {
        app.notice = Some(Notice::ReservationsRequired);
        return Vec::new();
    }
    let Some(prompt) = close(app) else {
        return Vec::new();
    };
    app.input = None;
    app.notice = None;
    let id = app.jobs.start(Purpose::Write(Write::Entry));
    vec![Effect::Record {
        id,
        recording: Recording::Signoff {
            resource: prompt.resource,
            delivery: prompt.delivery,
            reservations: (!text.is_empty()).then_some(text),
            refused: prompt.refusals.iter().map(ToString::to_string).collect(),
            files: prompt.files,
        },
    }]
}

/// Closes the prompt on top; returns it.
fn close(app: &mut App) -> Option<SignoffPrompt> {
    if !matches!(
        app.screens.top().map(|l| &l.screen),
        Some(Screen::Signoff(_))
    ) {
        return None;
    }
    match app.screens.pop().map(|l| l.screen) {
        Some(Screen::Signoff(prompt)) => Some(prompt),
        _ => None,
    }
}
