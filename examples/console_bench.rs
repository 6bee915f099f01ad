//! The console benchmark (reported in `docs/performance.md`, never asserted): the real
//! runtime in-process on a campaign whose results are already stored, frames drawn by the
//! real `view::draw` on a `TestBackend`, as a user would feel them:
//!
//! - **launch**: from loading the campaign file to the first frame showing the home
//!   screen with its overview (stored results), over several launches;
//! - **keys**: on the rows table of the most differing column of a resource, `Down` and
//!   `PageDown` down to the last row, then `Up` and `PageUp` back, and again: the time from
//!   injecting a key to the frame drawn after it. When a key makes the table ask the pager
//!   for its next window, the time and the frames until that window is on screen are
//!   counted too. Keys come at a fixed pace (key repeat, 25 ms), then faster (5 ms, a
//!   flick of the mouse wheel), then back to back.
//!
//! `bash bench/console` prepares the campaign; by hand:
//! `RECETTE_CACHE_DIR=DIR cargo run --release --example console_bench -- CAMPAIGN.toml
//! [--resource employee] [--launches 10] [--keys 3000] [--pace-ms 25] [--burst-ms 5]
//! [--size 100x30]`

use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use recette::app::Level;
use recette::jobs::{JobId, Workspace};
use recette::tui::keymap::Keymap;
use recette::tui::theme::Theme;
use recette::tui::view::{self, Ui};
use recette::tui::{Event, Lang, Runtime};

struct Options {
    campaign: PathBuf,
    resource: String,
    launches: usize,
    keys: usize,
    pace: Duration,
    burst: Duration,
    width: u16,
    height: u16,
}

fn options() -> anyhow::Result<Options> {
    let mut o = Options {
        campaign: PathBuf::new(),
        resource: "employee".into(),
        launches: 10,
        keys: 3000,
        pace: Duration::from_millis(25),
        burst: Duration::from_millis(5),
        width: 100,
        height: 30,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or_else(|| anyhow::anyhow!("{arg}: a value"));
        match arg.as_str() {
            "--resource" => o.resource = value()?,
            "--launches" => o.launches = value()?.parse()?,
            "--keys" => o.keys = value()?.parse()?,
            "--pace-ms" => o.pace = Duration::from_millis(value()?.parse()?),
            "--burst-ms" => o.burst = Duration::from_millis(value()?.parse()?),
            "--size" => {
                let v = value()?;
                let (w, h) = v.split_once('x').ok_or_else(|| anyhow::anyhow!("WxH"))?;
                (o.width, o.height) = (w.parse()?, h.parse()?);
            }
            _ if !arg.starts_with('-') => o.campaign = PathBuf::from(arg),
            _ => anyhow::bail!("unknown option {arg}"),
        }
    }
    anyhow::ensure!(
        o.campaign.is_file(),
        "usage: console_bench CAMPAIGN.toml [options]"
    );
    Ok(o)
}

/// The console as `recette console` runs it, its frames drawn on a `TestBackend`.
struct Console {
    runtime: Runtime,
    events: Receiver<Event>,
    terminal: Terminal<TestBackend>,
    frames: usize,
}

impl Console {
    /// Launches the console; returns it with the time to its first frame and to the first
    /// frame that shows the overview (the first usable one).
    fn launch(o: &Options) -> anyhow::Result<(Console, Duration, Duration)> {
        let started = Instant::now();
        let campaign = recette::cli::load_campaign(Some(&o.campaign))?;
        // The results folder of `recette console`: $RECETTE_CACHE_DIR or the user cache.
        let workspace = Workspace::open(campaign)?;
        let (keymap, _) = Keymap::load();
        let ui = Ui {
            lang: Lang::Fr,
            keymap,
            theme: Theme::from_env(),
            spinner: 0,
        };
        let (sink, events) = mpsc::channel();
        let runtime = Runtime::new(workspace, ui, sink);
        let mut console = Console {
            runtime,
            events,
            terminal: Terminal::new(TestBackend::new(o.width, o.height))?,
            frames: 0,
        };
        console
            .runtime
            .handle(Event::Terminal(TermEvent::Resize(o.width, o.height)));
        console.draw();
        let first = started.elapsed();
        while console.runtime.app.current_overview().is_none() {
            let event = console
                .events
                .recv_timeout(Duration::from_secs(600))
                .map_err(|_| anyhow::anyhow!("no overview after 10 minutes"))?;
            if console.handle(event) {
                console.draw();
            }
            anyhow::ensure!(
                console.runtime.app.running().is_some()
                    || console.runtime.app.current_overview().is_some(),
                "the overview failed: {:?}",
                console.runtime.app.notice
            );
        }
        Ok((console, first, started.elapsed()))
    }

    /// Handles `event` and everything queued behind it (one frame for a burst, as the real
    /// loop does); true if the screen changed.
    fn handle(&mut self, event: Event) -> bool {
        let mut changed = self.runtime.handle(event);
        while let Ok(e) = self.events.try_recv() {
            changed |= self.runtime.handle(e);
        }
        changed
    }

    fn draw(&mut self) {
        let (app, ui) = (&self.runtime.app, &self.runtime.ui);
        self.terminal
            .draw(|f| view::draw(f, app, ui))
            .expect("a TestBackend draws");
        self.frames += 1;
    }

    fn key(code: KeyCode) -> Event {
        Event::Terminal(TermEvent::Key(KeyEvent::new(code, KeyModifiers::NONE)))
    }

    /// Presses a key and waits for what it started (navigation before the measure).
    fn press(&mut self, code: KeyCode) {
        self.handle(Console::key(code));
        while self.runtime.waiting() {
            if let Ok(e) = self.events.recv_timeout(Duration::from_secs(600)) {
                self.handle(e);
            }
        }
        self.draw();
    }

    /// The rows table shown: (position of the selection, total rows, window asked for).
    fn table(&self) -> Option<(u64, u64, Option<JobId>)> {
        let explorer = self.runtime.app.explorer()?;
        let Level::Rows { table, .. } = explorer.level() else {
            return None;
        };
        Some((
            table.position()?,
            table.total?,
            table.pending.as_ref().map(|p| p.id),
        ))
    }
}

/// Percentiles of durations, in milliseconds.
fn summary(label: &str, mut v: Vec<Duration>) {
    if v.is_empty() {
        println!("{label}: none");
        return;
    }
    v.sort();
    let at = |q: f64| {
        let i = ((v.len() as f64 * q).ceil() as usize).clamp(1, v.len()) - 1;
        v[i].as_secs_f64() * 1000.0
    };
    println!(
        "{label}: n={} p50={:.2} ms p90={:.2} ms p99={:.2} ms max={:.2} ms",
        v.len(),
        at(0.50),
        at(0.90),
        at(0.99),
        at(1.0)
    );
}

/// The next key of the scroll: ten `Down` and three `PageDown` down to the last row, then
/// the same upwards to the first, and again.
struct Scroll {
    down: bool,
    n: usize,
}

impl Scroll {
    fn next(&mut self, position: u64, total: u64) -> KeyCode {
        if self.down && position >= total {
            self.down = false;
        } else if !self.down && position <= 1 {
            self.down = true;
        }
        self.n += 1;
        let page = self.n % 13 >= 10;
        match (self.down, page) {
            (true, false) => KeyCode::Down,
            (true, true) => KeyCode::PageDown,
            (false, false) => KeyCode::Up,
            (false, true) => KeyCode::PageUp,
        }
    }
}

/// One run of `keys` key presses, `pace` apart (zero: back to back, the pager's answers
/// handled only when already queued).
fn scroll(c: &mut Console, keys: usize, pace: Duration) {
    let mut key_to_frame = Vec::with_capacity(keys);
    let mut fetch_to_rows = Vec::new();
    let mut frames_to_rows = Vec::new();
    let mut stalled = 0usize;
    // The window asked for: its id, when, and the frames drawn since.
    let mut asked: Option<(JobId, Instant, usize)> = None;
    let mut scroll = Scroll { down: true, n: 0 };
    let mut windows = 0usize;
    let started = Instant::now();
    let mut next_key = Instant::now();
    let mut pressed = 0;
    // Takes note of the window on screen once it came.
    let mut check = |c: &Console, asked: &mut Option<(JobId, Instant, usize)>| {
        if let (Some((id, at, frames)), Some((_, _, pending))) = (*asked, c.table())
            && pending != Some(id)
        {
            fetch_to_rows.push(at.elapsed());
            frames_to_rows.push(c.frames - frames);
            *asked = None;
        }
    };
    while pressed < keys {
        let now = Instant::now();
        if now < next_key {
            // Between keys, the loop waits on the channel like the real one.
            if let Ok(e) = c.events.recv_timeout(next_key - now)
                && c.handle(e)
            {
                c.draw();
                check(c, &mut asked);
            }
            continue;
        }
        let (position, total, _) = c.table().expect("a rows table");
        let code = scroll.next(position, total);
        let injected = Instant::now();
        let mut changed = c.runtime.handle(Console::key(code));
        if pace.is_zero() {
            while let Ok(e) = c.events.try_recv() {
                changed |= c.runtime.handle(e);
            }
        }
        if changed {
            c.draw();
        }
        key_to_frame.push(injected.elapsed());
        pressed += 1;
        let (after, _, pending) = c.table().expect("a rows table");
        let at_edge = (code == KeyCode::Down || code == KeyCode::PageDown) && position >= total
            || (code == KeyCode::Up || code == KeyCode::PageUp) && position <= 1;
        if after == position && !at_edge {
            stalled += 1;
        }
        check(c, &mut asked);
        if let Some(id) = pending
            && asked.is_none_or(|(a, _, _)| a != id)
        {
            asked = Some((id, injected, c.frames - 1));
            windows += 1;
        }
        next_key = if pace.is_zero() {
            Instant::now()
        } else {
            next_key + pace
        };
    }
    let elapsed = started.elapsed();
    let mode = if pace.is_zero() {
        "back to back".to_string()
    } else {
        format!("one key every {} ms", pace.as_millis())
    };
    println!(
        "keys ({mode}): {keys} keys in {:.1} s, {windows} windows asked, {stalled} keys \
         that did not move the selection (waiting for a window)",
        elapsed.as_secs_f64()
    );
    summary("  key -> frame", key_to_frame);
    summary("  key asking a window -> its rows drawn", fetch_to_rows);
    if !frames_to_rows.is_empty() {
        frames_to_rows.sort();
        println!(
            "  frames until a window's rows are drawn (the key's frame included): p50={} max={}",
            frames_to_rows[frames_to_rows.len() / 2],
            frames_to_rows[frames_to_rows.len() - 1]
        );
    }
}

fn main() -> anyhow::Result<()> {
    let o = options()?;
    println!(
        "campaign {}, terminal {}x{}, results folder {}",
        o.campaign.display(),
        o.width,
        o.height,
        std::env::var("RECETTE_CACHE_DIR").unwrap_or_else(|_| "(user cache)".into())
    );

    let mut firsts = Vec::new();
    let mut usables = Vec::new();
    let mut console = None;
    for n in 0..o.launches.max(1) {
        drop(console.take());
        let (c, first, usable) = Console::launch(&o)?;
        println!(
            "launch {}: first frame {:.1} ms, first usable frame (overview) {:.1} ms",
            n + 1,
            first.as_secs_f64() * 1000.0,
            usable.as_secs_f64() * 1000.0
        );
        firsts.push(first);
        usables.push(usable);
        console = Some(c);
    }
    summary("launch -> first frame", firsts);
    summary("launch -> first usable frame", usables);

    let mut c = console.expect("launched");
    let overview = c.runtime.app.current_overview().expect("reconciled");
    let at = overview
        .resources
        .iter()
        .position(|r| r.resource().name == o.resource)
        .ok_or_else(|| anyhow::anyhow!("no resource {}", o.resource))?;
    for _ in 0..at {
        c.press(KeyCode::Down);
    }
    // Categories → differing (third) → its most differing column → all its rows.
    c.press(KeyCode::Enter);
    c.press(KeyCode::Down);
    c.press(KeyCode::Down);
    c.press(KeyCode::Enter);
    c.press(KeyCode::Enter);
    c.press(KeyCode::End);
    c.press(KeyCode::Enter);
    let (_, total, _) = c
        .table()
        .ok_or_else(|| anyhow::anyhow!("no rows table on {}", o.resource))?;
    let crumb: String = {
        let buffer = c.terminal.backend().buffer();
        (0..buffer.area.width)
            .map(|x| buffer[(x, 1)].symbol().to_string())
            .collect()
    };
    println!(
        "rows table: {} ({total} rows, {} per page, windows of {})",
        crumb.trim(),
        c.runtime.app.page_rows(),
        recette::app::table::WINDOW_ROWS
    );
    scroll(&mut c, o.keys, o.pace);
    // Faster than any key repeat: a flick of the mouse wheel (one `Down` per notch).
    c.press(KeyCode::Home);
    scroll(&mut c, o.keys, o.burst);
    // Back to back: the pager's answers are taken only between keys already queued.
    c.press(KeyCode::Home);
    scroll(&mut c, o.keys, Duration::ZERO);
    Ok(())
}
