//! What the console tests share: a copy of the sample campaign in a temporary folder (its
//! results folder inside it, never the user's cache), the runtime driven in-process with
//! keys injected and real jobs awaited, and the screen rendered on a `TestBackend`.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use recette::jobs::Workspace;
use recette::store::cache::Cache;
use recette::tui::keymap::{EMBEDDED, Keymap};
use recette::tui::theme::Theme;
use recette::tui::view::{self, Ui};
use recette::tui::{Event, Lang, Runtime};

pub struct Harness {
    pub runtime: Runtime,
    events: Receiver<Event>,
    pub dir: tempfile::TempDir,
}

/// Copies `from` into `to`, recursively, without journals (`recette::demo::copy_campaign`).
pub fn copy_dir(from: &Path, to: &Path) {
    recette::demo::copy_campaign(from, to).unwrap();
}

/// A copy of `sample-data` in a fresh temporary folder; returns it and the campaign file.
pub fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    fixed_installation();
    let dir = tempfile::tempdir().unwrap();
    let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
    copy_dir(&sample, &dir.path().join("sample"));
    let campaign = dir.path().join("sample").join("campaign.toml");
    (dir, campaign)
}

impl Harness {
    /// The console on a copy of the sample campaign, `edit` applied to the copy first.
    pub fn open_with(lang: Lang, color: bool, edit: impl FnOnce(&Path)) -> Harness {
        let (dir, campaign_file) = sample_copy();
        edit(campaign_file.parent().unwrap());
        Harness::on(dir, &campaign_file, lang, color)
    }

    /// The console on a synthetic campaign of `rows` employees (`recette demo`).
    pub fn demo(rows: usize) -> Harness {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("demo");
        recette::demo::write_campaign(&target, &recette::demo::DemoOptions { rows, seed: 42 })
            .unwrap();
        Harness::on(dir, &target.join("campaign.toml"), Lang::Fr, true)
    }

    /// The console on `campaign_file`, its results folder in `dir`.
    pub fn on(dir: tempfile::TempDir, campaign_file: &Path, lang: Lang, color: bool) -> Harness {
        fixed_installation();
        let campaign = recette::cli::load_campaign(Some(campaign_file)).unwrap();
        let cache = Cache::at(dir.path().join("cache")).unwrap();
        let workspace = Workspace::with_cache(campaign, cache);
        let ui = Ui {
            lang,
            keymap: Keymap::parse(EMBEDDED, "embedded").unwrap(),
            theme: Theme { color },
            spinner: 0,
        };
        let (sink, events) = mpsc::channel();
        let runtime = Runtime::new(workspace, ui, sink);
        let mut harness = Harness {
            runtime,
            events,
            dir,
        };
        harness.resize(80, 24);
        harness.settle();
        harness
    }

    pub fn open(lang: Lang) -> Harness {
        Harness::open_with(lang, true, |_| {})
    }

    pub fn resize(&mut self, width: u16, height: u16) {
        self.runtime
            .handle(Event::Terminal(TermEvent::Resize(width, height)));
    }

    pub fn press(&mut self, code: KeyCode) {
        self.press_with(code, KeyModifiers::NONE);
    }

    pub fn press_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.runtime
            .handle(Event::Terminal(TermEvent::Key(KeyEvent::new(
                code, modifiers,
            ))));
        self.settle();
    }

    /// A key, without waiting for what it starts (a journal write held up by its lock).
    pub fn hit(&mut self, code: KeyCode) {
        self.hit_with(code, KeyModifiers::NONE);
    }

    /// A key with modifiers (`Ctrl-C`), without waiting for what it starts.
    pub fn hit_with(&mut self, code: KeyCode, modifiers: KeyModifiers) {
        self.runtime
            .handle(Event::Terminal(TermEvent::Key(KeyEvent::new(
                code, modifiers,
            ))));
    }

    /// Types characters one by one (`j`, `/`, letters of a filter...).
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Handles the jobs' events until nothing the screen waits for is under way.
    pub fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            while let Ok(event) = self.events.try_recv() {
                self.runtime.handle(event);
            }
            if !self.runtime.waiting() {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "the console kept waiting: {:?}",
                self.runtime.app.running()
            );
            if let Ok(event) = self.events.recv_timeout(Duration::from_millis(50)) {
                self.runtime.handle(event);
            }
        }
    }

    pub fn buffer(&self) -> Buffer {
        let (w, h) = (self.runtime.app.width, self.runtime.app.height);
        let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
        terminal
            .draw(|f| view::draw(f, &self.runtime.app, &self.runtime.ui))
            .unwrap();
        terminal.backend().buffer().clone()
    }

    /// The screen as text, one line per row, trailing spaces cut.
    pub fn screen(&self) -> String {
        text(&self.buffer())
    }
}

pub fn text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in 0..area.height {
        let line: String = (0..area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// Where `needle` starts on screen (column, row), if it shows.
pub fn find(buffer: &Buffer, needle: &str) -> Option<(u16, u16)> {
    find_below(buffer, needle, 0)
}

/// Where `needle` first starts on a row from `first_row` on.
pub fn find_below(buffer: &Buffer, needle: &str, first_row: u16) -> Option<(u16, u16)> {
    let area = buffer.area;
    for y in first_row..area.height {
        let cells: Vec<String> = (0..area.width)
            .map(|x| buffer[(x, y)].symbol().to_string())
            .collect();
        for x in 0..cells.len() {
            let mut s = String::new();
            for c in &cells[x..] {
                s.push_str(c);
                if s.len() >= needle.len() {
                    break;
                }
            }
            if s.starts_with(needle) {
                return Some((x as u16, y));
            }
        }
    }
    None
}

/// Every journal entry these tests write comes from one installation, `test`, so that defect
/// ids (`MD…-1`) and journal file names are the same on every machine: a real installation's
/// id is random (`journal::installation`).
pub fn fixed_installation() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("recette-test-installation");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("installation"), "test\n").unwrap();
        // SAFETY: set once per test process, to the same value, before any journal is
        // opened (every harness and sample copy passes here first).
        unsafe { std::env::set_var("RECETTE_DATA_DIR", &dir) };
    });
}
