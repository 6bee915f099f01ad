//! The runtime between the terminal and the app: turns terminal events into `Msg`s (text
//! inputs see raw keys first, then the keymap), runs `update`, and performs the effects —
//! jobs on their threads, fetches on the pager — so the UI thread never waits on DuckDB.
//! Shared by the real loop and the in-process flow tests. Must not call `duckdb`.

use ratatui::crossterm::event::{
    Event as TermEvent, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseEventKind,
};

use super::key::Key;
use super::view::Ui;
use crate::app::{self, Action, App, Effect, HomePane, InputKey, Msg};
use crate::jobs::{self, InputsChanged, JobEvent, JobHandle, Pager, Sink, SqlWorker, Workspace};

/// The one kind of message of the console's channel: key presses and resizes from the
/// input thread, events from the job threads.
#[derive(Debug)]
pub enum Event {
    Terminal(TermEvent),
    Job(JobEvent),
    /// A signal that ends the console (SIGTERM, SIGHUP, SIGINT, SIGQUIT on Unix).
    Signal(i32),
    /// Input files changed on disk (the input watch).
    Inputs(InputsChanged),
}

impl From<JobEvent> for Event {
    fn from(event: JobEvent) -> Event {
        Event::Job(event)
    }
}

impl From<InputsChanged> for Event {
    fn from(changed: InputsChanged) -> Event {
        Event::Inputs(changed)
    }
}

pub struct Runtime {
    pub app: App,
    pub ui: Ui,
    workspace: Workspace,
    sink: Sink<Event>,
    pager: Pager,
    sql: SqlWorker,
    jobs: Vec<JobHandle>,
}

impl Runtime {
    /// The console on `workspace`'s campaign; its first overview starts at once.
    pub fn new(workspace: Workspace, ui: Ui, sink: Sink<Event>) -> Runtime {
        Runtime::with_author(workspace, ui, sink, crate::journal::resolve_author(None))
    }

    /// The console with `author` recording in the journal (`recette --as NAME console`).
    pub fn with_author(workspace: Workspace, ui: Ui, sink: Sink<Event>, author: String) -> Runtime {
        let campaign = &workspace.campaign;
        let deliveries = campaign.deliveries.iter().map(|d| d.id.clone()).collect();
        let (mut app, effects) = App::with_author(campaign.name.clone(), deliveries, author);
        // A history that cannot be read starts empty; the status line says why.
        match workspace.history.as_deref().map(jobs::history::read) {
            Some(Ok(queries)) => app.sql_history = queries,
            Some(Err(e)) => app.notice = Some(app::Notice::Failed(e.to_string())),
            None => {}
        }
        let pager = Pager::start(workspace.clone(), sink.clone());
        let sql = SqlWorker::start(workspace.clone(), sink.clone());
        let mut runtime = Runtime {
            app,
            ui,
            workspace,
            sink,
            pager,
            sql,
            jobs: Vec::new(),
        };
        runtime.perform(effects);
        runtime
    }

    /// Handles one event; true when the screen must be drawn again.
    pub fn handle(&mut self, event: Event) -> bool {
        let msg = match event {
            Event::Job(event) => {
                self.jobs.retain(|j| !j.is_done());
                Msg::Job(event)
            }
            Event::Inputs(InputsChanged(changed)) => Msg::InputsChanged(changed),
            Event::Terminal(TermEvent::Resize(width, height)) => Msg::Resize { width, height },
            Event::Terminal(TermEvent::Paste(text)) if self.app.typing() => Msg::Paste(text),
            Event::Terminal(TermEvent::Mouse(mouse)) => match self.wheel(mouse.kind) {
                Some(action) => Msg::Action(action),
                None => return false,
            },
            Event::Terminal(TermEvent::Key(key)) if key.kind != KeyEventKind::Release => {
                match self.resolve(&key) {
                    Some(msg) => msg,
                    None => return false,
                }
            }
            Event::Terminal(_) | Event::Signal(_) => return false,
        };
        let effects = app::update(&mut self.app, msg);
        self.perform(effects);
        true
    }

    /// Advances the spinner (the loop ticks only while a job runs).
    pub fn tick(&mut self) {
        self.ui.spinner = self.ui.spinner.wrapping_add(1);
    }

    /// True while something runs that the screen waits for (the loop ticks meanwhile).
    pub fn waiting(&self) -> bool {
        self.app.waiting()
    }

    /// The mouse wheel scrolls the list or table shown (not the deliveries, where a move
    /// would start a reconciliation).
    fn wheel(&self, kind: MouseEventKind) -> Option<Action> {
        let up = match kind {
            MouseEventKind::ScrollDown => false,
            MouseEventKind::ScrollUp => true,
            _ => return None,
        };
        if self.app.typing() {
            return None;
        }
        let home_scrolls = self.app.home.focus != HomePane::Deliveries;
        self.app.screens.wheel(up, home_scrolls)
    }

    fn resolve(&self, key: &KeyEvent) -> Option<Msg> {
        let ctrl_c =
            key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
        if self.app.typing() && !ctrl_c {
            // Keys that type nothing (Enter, Tab, F5, Ctrl-…) go through the input's own
            // section first, when it has one: the footer and the help show them.
            if let Some(context) = self.app.input_context()
                && !Key::from_event(key).is_text()
                && let Some(action) = self.ui.keymap.resolve_in(context, key)
            {
                return Some(Msg::Action(action));
            }
            return match key.code {
                KeyCode::Char(c) => Some(Msg::Input(InputKey::Char(c))),
                KeyCode::Backspace => Some(Msg::Input(InputKey::Backspace)),
                KeyCode::Enter => Some(Msg::Input(InputKey::Enter)),
                KeyCode::Esc => Some(Msg::Input(InputKey::Esc)),
                KeyCode::Tab => Some(Msg::Input(InputKey::Tab)),
                KeyCode::BackTab => Some(Msg::Input(InputKey::BackTab)),
                KeyCode::Up => Some(Msg::Input(InputKey::Up)),
                KeyCode::Down => Some(Msg::Input(InputKey::Down)),
                KeyCode::Left => Some(Msg::Input(InputKey::Left)),
                KeyCode::Right => Some(Msg::Input(InputKey::Right)),
                KeyCode::Home => Some(Msg::Input(InputKey::Home)),
                KeyCode::End => Some(Msg::Input(InputKey::End)),
                KeyCode::Delete => Some(Msg::Input(InputKey::Delete)),
                _ => None,
            };
        }
        if ctrl_c {
            // Ctrl-C always quits, whatever the keymap says (raw mode turns it into a key).
            return Some(Msg::Action(Action::Quit));
        }
        self.ui
            .keymap
            .resolve(self.app.context(), key)
            .map(Msg::Action)
    }

    fn perform(&mut self, effects: Vec<Effect>) {
        for effect in effects {
            match effect {
                Effect::StartOverview { id, delivery } => {
                    let handle = jobs::spawn_overview(
                        self.workspace.clone(),
                        delivery,
                        id,
                        self.sink.clone(),
                    );
                    self.jobs.push(handle);
                }
                Effect::StartTrends { id, delivery } => {
                    let handle =
                        jobs::spawn_trends(self.workspace.clone(), delivery, id, self.sink.clone());
                    self.jobs.push(handle);
                }
                Effect::Cancel(id) => {
                    for job in self.jobs.iter().filter(|j| j.id == id) {
                        job.cancel();
                    }
                }
                Effect::Fetch { id, request } => self.pager.request(id, request),
                Effect::Sql { id, request } => {
                    let handle = self.sql.request(id, request);
                    self.jobs.push(handle);
                }
                Effect::Record { id, recording } => jobs::spawn_record(
                    &self.workspace,
                    self.app.author.clone(),
                    id,
                    recording,
                    self.sink.clone(),
                ),
                Effect::Quit => {
                    for job in &self.jobs {
                        job.cancel();
                    }
                }
            }
        }
    }
}
