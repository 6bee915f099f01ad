//! The terminal console: crossterm + ratatui over the `app` model. An input thread and the
//! job threads send into one channel; the loop blocks on it, drains what is queued, and
//! draws only when something changed (a slow tick only while a job runs, for the spinner).
//! The terminal is restored on exit, on error, on panic and on a signal that ends the
//! process (SIGTERM, SIGHUP, SIGINT, SIGQUIT; see `signals`).
//!
//! Imports `app`, `jobs`, `domain`, `acceptance` and `journal`; never `store`, `duckdb` or
//! `cli` (`tests/layers.rs` holds this).

pub mod key;
pub mod keymap;
pub mod runtime;
pub mod settings;
mod signals;
pub mod theme;
pub mod view;

use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread;
use std::time::Duration;

use std::io::stdout;

use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event as TermEvent,
};
use ratatui::crossterm::{cursor, execute, terminal};

pub use crate::domain::i18n::Lang;
use keymap::Keymap;
pub use runtime::{Event, Runtime};
use theme::Theme;
use view::Ui;

use crate::app::Notice;
use crate::domain::campaign::Campaign;
use crate::jobs::Workspace;

/// How often the spinner moves while a job runs.
const TICK: Duration = Duration::from_millis(150);

/// How long a burst ending in Esc waits for the rest of an escape sequence.
const ESCAPE_WAIT: Duration = Duration::from_millis(15);

/// Runs the console on `campaign` until the user quits; `author` (`--as`) records in the
/// journal (else `$RECETTE_USER`, else the login name). `problem` (a broken user setting)
/// is shown on the status line at start; `unmasked` (`console --unmasked`) saves the SQL
/// console's results with their personal values (journaled).
pub fn run(
    campaign: Campaign,
    lang: Lang,
    author: Option<&str>,
    problem: Option<String>,
    sample_at: Option<String>,
    unmasked: bool,
) -> anyhow::Result<()> {
    let author = crate::journal::resolve_author(author);
    let runtime_campaign = campaign.clone();
    let workspace = Workspace::open(campaign)?;
    let (keymap, keymap_error) = Keymap::load();
    let ui = Ui {
        lang,
        keymap,
        theme: Theme::from_env(),
        spinner: 0,
    };
    let (sink, events) = mpsc::channel::<Event>();
    // The console owns the terminal: the store's notes on stderr would scribble on it.
    crate::jobs::quiet_notes();
    signals::watch(sink.clone(), leave_terminal)?;
    let mut terminal = enter_terminal()?;
    let mut unsaved = 0;
    let mut ended_by = None;
    let result = (|| -> anyhow::Result<()> {
        let mut runtime = Runtime::with_author(workspace, ui, sink.clone(), author);
        runtime.app.unmasked = unmasked;
        let problems: Vec<String> = problem
            .into_iter()
            .chain(keymap_error.map(|e| e.to_string()))
            .collect();
        if !problems.is_empty() {
            runtime.app.notice = Some(Notice::Failed(problems.join(" ; ")));
        } else if let Some(dir) = sample_at {
            runtime.app.notice = Some(Notice::SampleAt(dir));
        }
        let size = terminal.size()?;
        runtime.handle(Event::Terminal(TermEvent::Resize(size.width, size.height)));
        crate::jobs::spawn_input_watch(runtime_campaign, sink.clone());
        spawn_input(sink);
        terminal.draw(|f| view::draw(f, &runtime.app, &runtime.ui))?;
        loop {
            let first = if runtime.waiting() {
                match events.recv_timeout(TICK) {
                    Ok(e) => Some(e),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => break,
                }
            } else {
                match events.recv() {
                    Ok(e) => Some(e),
                    Err(_) => break,
                }
            };
            let Some(first) = first else {
                runtime.tick();
                terminal.draw(|f| view::draw(f, &runtime.app, &runtime.ui))?;
                continue;
            };
            // A burst (progress events, key repeat) becomes one frame.
            let mut burst = vec![first];
            burst.extend(events.try_iter());
            if key::ends_in_escape(&burst) {
                // An escape sequence cut between two reads: its rest is a moment away.
                burst.extend(events.recv_timeout(ESCAPE_WAIT));
                burst.extend(events.try_iter());
            }
            let mut changed = false;
            for e in key::rejoin_escapes(burst) {
                if let Event::Signal(signal) = e {
                    ended_by = Some(signal);
                    break;
                }
                changed |= runtime.handle(e);
            }
            if runtime.app.quit || ended_by.is_some() {
                unsaved = runtime.app.unsaved;
                break;
            }
            if changed {
                terminal.draw(|f| view::draw(f, &runtime.app, &runtime.ui))?;
            }
        }
        Ok(())
    })();
    let left = leave_terminal();
    if unsaved > 0 {
        // Quit twice without waiting: said where it stays visible.
        eprintln!(
            "recette: quit while {unsaved} journal write(s) were still under way (the journal's \
             lock held by another process?): they may not be in the journal; check with \
             `recette journal` and record them again if missing"
        );
    }
    if let Some(signal) = ended_by {
        signals::end(signal);
    }
    left?;
    result
}

/// Raw mode and the alternate screen, and a panic hook that restores the terminal before
/// the message is printed — for a panic of the UI thread. A job thread's panic is caught
/// by its job and reported on the status line; printing it would scribble on the screen.
fn enter_terminal() -> std::io::Result<ratatui::DefaultTerminal> {
    let ui_thread = thread::current().id();
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if thread::current().id() == ui_thread {
            let _ = leave_terminal();
            previous(info);
        }
    }));
    terminal::enable_raw_mode()?;
    // Bracketed paste: a pasted query arrives whole, its line breaks not read as Enter.
    execute!(
        stdout(),
        terminal::EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    ratatui::Terminal::new(ratatui::backend::CrosstermBackend::new(stdout()))
}

/// Back to the terminal as it was: cooked mode, main screen, no mouse capture, cursor.
fn leave_terminal() -> std::io::Result<()> {
    // Raw mode first: it has the most side effects.
    terminal::disable_raw_mode()?;
    execute!(
        stdout(),
        DisableBracketedPaste,
        DisableMouseCapture,
        terminal::LeaveAlternateScreen,
        cursor::Show
    )
}

/// Reads terminal events on their own thread; it ends with the process.
fn spawn_input(sink: mpsc::Sender<Event>) {
    thread::spawn(move || {
        while let Ok(e) = event::read() {
            if sink.send(Event::Terminal(e)).is_err() {
                break;
            }
        }
    });
}
