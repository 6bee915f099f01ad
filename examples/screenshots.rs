//! The pictures of `screenshots/`: the console driven in-process on a copy of the sample
//! campaign (real jobs, results folder in a temporary folder), each screen drawn by the
//! real `view::draw` on a 100×30 `TestBackend`, and the `Buffer` written as SVG with its
//! colours and modifiers (bold, dim, italic, underlined, reversed).
//!
//! `cargo run --release --example screenshots [-- --out DIR] [--png DIR]`
//! (`--png` also converts each picture with `rsvg-convert`, when it is installed, for a
//! look; only the SVGs are kept in the repository).

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use ratatui::style::{Color, Modifier};
use ratatui::text::Span;
use recette::jobs::Workspace;
use recette::store::cache::Cache;
use recette::tui::keymap::{EMBEDDED, Keymap};
use recette::tui::theme::Theme;
use recette::tui::view::{self, Ui};
use recette::tui::{Event, Lang, Runtime};

const WIDTH: u16 = 100;
const HEIGHT: u16 = 30;

fn main() -> anyhow::Result<()> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = root.join("screenshots");
    let mut png: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--out" => out = args.next().map(PathBuf::from).expect("--out DIR"),
            "--png" => png = args.next().map(PathBuf::from),
            _ => anyhow::bail!("usage: screenshots [--out DIR] [--png DIR]"),
        }
    }
    std::fs::create_dir_all(&out)?;
    let mut shots: Vec<(&str, Buffer)> = Vec::new();

    // The home screens with `employee` selected (its differing columns show below).
    let mut en = Console::open(root, Lang::En)?;
    en.select("employee");
    shots.push(("home-en", en.buffer()));
    drop(en);

    let mut c = Console::open(root, Lang::Fr)?;
    c.select("employee");
    shots.push(("home-fr", c.buffer()));
    c.press(KeyCode::Enter);
    shots.push(("categories", c.buffer()));
    // différents (third) → columns → causes → the encoding's value patterns → all the rows
    // of `last_name` with that cause.
    c.keys("jj");
    c.press(KeyCode::Enter);
    shots.push(("columns", c.buffer()));
    c.press(KeyCode::Enter);
    c.press(KeyCode::Enter);
    shots.push(("patterns", c.buffer()));
    c.press(KeyCode::End);
    c.press(KeyCode::Enter);
    shots.push(("rows", c.buffer()));
    // Sorted by the migrated value, then how often each migrated value occurs.
    c.keys("ll>");
    shots.push(("rows-sorted", c.buffer()));
    c.keys("F");
    shots.push(("frequency", c.buffer()));
    c.press(KeyCode::Esc);
    c.keys(">hh");
    c.press(KeyCode::Enter);
    shots.push(("record", c.buffer()));
    c.keys("?");
    shots.push(("help", c.buffer()));
    // A defect raised from the record: its differing columns ticked, its values attached.
    c.press(KeyCode::Esc);
    c.keys("a");
    shots.push(("defect-form-record", c.buffer()));
    drop(c);

    // The référent's path: employee's checklist on L2; then on L1, firm's sample review at
    // a record that differs, its defect form, and the defects screen once it is recorded.
    let mut c = Console::open(root, Lang::Fr)?;
    c.select("employee");
    c.keys("c");
    shots.push(("checklist", c.buffer()));
    c.press(KeyCode::Esc);
    c.press(KeyCode::Tab);
    c.press(KeyCode::Left);
    c.press(KeyCode::Tab);
    // On L1, `last_name`'s ten value patterns read as two causes.
    c.select("employee");
    c.press(KeyCode::Enter);
    c.keys("jj");
    c.press(KeyCode::Enter);
    c.press(KeyCode::Enter);
    shots.push(("causes", c.buffer()));
    for _ in 0..3 {
        c.press(KeyCode::Esc);
    }
    c.select("firm");
    c.keys("c");
    c.select_item("firm-sample");
    c.press(KeyCode::Enter);
    for _ in 0..16 {
        let differs = c.runtime.app.sample().and_then(|s| s.view.as_ref());
        if differs.is_some_and(|v| v.cells.iter().any(|cell| cell.differs)) {
            break;
        }
        c.keys("n");
    }
    shots.push(("sample", c.buffer()));
    c.keys("x");
    shots.push(("defect-form", c.buffer()));
    c.press(KeyCode::Enter);
    // Every other record found right: the summary proposes the item's verdict.
    for _ in 0..16 {
        c.keys("p");
    }
    for _ in 0..16 {
        if c.runtime.app.context() == recette::app::Context::Summary {
            break;
        }
        c.keys("o");
    }
    shots.push(("sample-summary", c.buffer()));
    c.press(KeyCode::Esc);
    c.press(KeyCode::Esc);
    c.press(KeyCode::Esc);
    c.keys("d");
    shots.push(("defects", c.buffer()));
    c.press(KeyCode::Esc);
    // A contract L1 did not deliver: said so, not shown as empty values.
    c.select("contract");
    c.press(KeyCode::Enter);
    c.press(KeyCode::Enter);
    c.press(KeyCode::Enter);
    shots.push(("record-missing", c.buffer()));
    for _ in 0..3 {
        c.press(KeyCode::Esc);
    }

    // The engineer's SQL console on L2: which columns differ most on employees.
    c.press(KeyCode::Tab);
    c.press(KeyCode::Right);
    c.press(KeyCode::Tab);
    c.keys("s");
    c.replace_input(
        "SELECT \"column\", count(*) AS keys, any_value(expected) AS example_expected, any_value(migrated) AS example_migrated FROM differences.employee GROUP BY ALL ORDER BY keys DESC",
    );
    c.press(KeyCode::F(5));
    shots.push(("sql", c.buffer()));
    // The result saved: the file's name asked for, the text columns masked.
    c.keys("E");
    shots.push(("sql-save", c.buffer()));
    c.press(KeyCode::Esc);
    // A query DuckDB refuses: said in the user's words, DuckDB's text below.
    c.keys("e");
    c.replace_input("SELECT name FROM source.employee");
    c.press(KeyCode::F(5));
    shots.push(("sql-error", c.buffer()));

    for (name, buffer) in &shots {
        let file = out.join(format!("{name}.svg"));
        std::fs::write(&file, svg(buffer))?;
        println!("{}", file.display());
        if let Some(dir) = &png {
            std::fs::create_dir_all(dir)?;
            let target = dir.join(format!("{name}.png"));
            let status = std::process::Command::new("rsvg-convert")
                .arg("-o")
                .arg(&target)
                .arg(&file)
                .status();
            match status {
                Ok(s) if s.success() => println!("{}", target.display()),
                _ => eprintln!("rsvg-convert failed or is missing: no {}", target.display()),
            }
        }
    }
    Ok(())
}

/// The runtime on a copy of the sample campaign, keys injected, jobs awaited.
struct Console {
    runtime: Runtime,
    events: Receiver<Event>,
    _dir: tempfile::TempDir,
}

impl Console {
    fn open(root: &Path, lang: Lang) -> anyhow::Result<Console> {
        let dir = tempfile::tempdir()?;
        let sample = dir.path().join("sample");
        recette::demo::copy_campaign(&root.join("sample-data"), &sample)?;
        let campaign = recette::cli::load_campaign(Some(&sample.join("campaign.toml")))?;
        let cache = Cache::at(dir.path().join("cache"))?;
        let ui = Ui {
            lang,
            keymap: Keymap::parse(EMBEDDED, "embedded")?,
            theme: Theme { color: true },
            spinner: 0,
        };
        let (sink, events) = mpsc::channel();
        let workspace = Workspace::with_cache(campaign, cache);
        let runtime = Runtime::with_author(workspace, ui, sink, "Marie Dupont".into());
        let mut console = Console {
            runtime,
            events,
            _dir: dir,
        };
        console
            .runtime
            .handle(Event::Terminal(TermEvent::Resize(WIDTH, HEIGHT)));
        console.settle();
        Ok(console)
    }

    /// Moves the home screen's selection to the resource `name`.
    fn select(&mut self, name: &str) {
        let overview = self.runtime.app.current_overview().expect("reconciled");
        let at = overview
            .resources
            .iter()
            .position(|r| r.resource().name == name)
            .unwrap_or_else(|| panic!("no resource {name}"));
        self.press(KeyCode::Home);
        for _ in 0..at {
            self.press(KeyCode::Down);
        }
    }

    /// Moves the checklist's selection to the item `id`.
    fn select_item(&mut self, id: &str) {
        let at = self
            .runtime
            .app
            .checklist_items()
            .iter()
            .position(|i| i.item == id)
            .unwrap_or_else(|| panic!("no item {id}"));
        self.press(KeyCode::Home);
        for _ in 0..at {
            self.press(KeyCode::Down);
        }
    }

    /// Replaces the text being typed (the SQL editor) with `text`.
    fn replace_input(&mut self, text: &str) {
        let typed = self
            .runtime
            .app
            .input
            .as_ref()
            .map_or(0, |t| t.chars().count());
        for _ in 0..typed {
            self.press(KeyCode::Backspace);
        }
        self.keys(text);
    }

    fn press(&mut self, code: KeyCode) {
        let key = KeyEvent::new(code, KeyModifiers::NONE);
        self.runtime.handle(Event::Terminal(TermEvent::Key(key)));
        self.settle();
    }

    fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Handles the jobs' events until nothing the screen waits for is under way.
    fn settle(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(300);
        loop {
            while let Ok(event) = self.events.try_recv() {
                self.runtime.handle(event);
            }
            if !self.runtime.waiting() {
                return;
            }
            assert!(Instant::now() < deadline, "the console kept waiting");
            if let Ok(event) = self.events.recv_timeout(Duration::from_millis(50)) {
                self.runtime.handle(event);
            }
        }
    }

    fn buffer(&mut self) -> Buffer {
        let app = &self.runtime.app;
        let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
        terminal
            .draw(|f| view::draw(f, app, &self.runtime.ui))
            .unwrap();
        terminal.backend().buffer().clone()
    }
}

// ---- Buffer → SVG -------------------------------------------------------------------

/// Cell size in pixels (a 15 px monospace font: its box-drawing glyphs about fill the
/// cell's height, so borders join) and the margin around the screen.
const CELL_W: f64 = 9.0;
const CELL_H: f64 = 18.0;
const FONT_SIZE: f64 = 15.0;
const MARGIN: f64 = 12.0;
const BACKGROUND: &str = "#1d1f21";
const FOREGROUND: &str = "#d8d8d8";

/// A dark terminal palette for the 16 named colours.
fn rgb(color: Color) -> Option<String> {
    let hex = match color {
        Color::Reset => return None,
        Color::Black => "#1d1f21",
        Color::Red => "#e0504c",
        Color::Green => "#8fbf5a",
        Color::Yellow => "#e6c547",
        Color::Blue => "#3d74c4",
        Color::Magenta => "#b77ee0",
        Color::Cyan => "#54c5d0",
        Color::Gray => "#c5c8c6",
        Color::DarkGray => "#7a7f85",
        Color::LightRed => "#ff6e67",
        Color::LightGreen => "#b4e07a",
        Color::LightYellow => "#fff27a",
        Color::LightBlue => "#6fa6f2",
        Color::LightMagenta => "#d7a6ff",
        Color::LightCyan => "#8ae6ee",
        Color::White => "#ffffff",
        Color::Rgb(r, g, b) => return Some(format!("#{r:02x}{g:02x}{b:02x}")),
        Color::Indexed(i) => return Some(indexed(i)),
    };
    Some(hex.to_string())
}

/// The xterm 256-colour palette (16–255; 0–15 as the named colours).
fn indexed(i: u8) -> String {
    const NAMED: [Color; 16] = [
        Color::Black,
        Color::Red,
        Color::Green,
        Color::Yellow,
        Color::Blue,
        Color::Magenta,
        Color::Cyan,
        Color::Gray,
        Color::DarkGray,
        Color::LightRed,
        Color::LightGreen,
        Color::LightYellow,
        Color::LightBlue,
        Color::LightMagenta,
        Color::LightCyan,
        Color::White,
    ];
    let (r, g, b) = match i {
        0..=15 => return rgb(NAMED[usize::from(i)]).expect("named"),
        16..=231 => {
            let n = i - 16;
            let level = |v: u8| if v == 0 { 0 } else { 55 + 40 * v };
            (level(n / 36), level(n / 6 % 6), level(n % 6))
        }
        _ => {
            let v = 8 + 10 * (i - 232);
            (v, v, v)
        }
    };
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// How a cell looks once `REVERSED` is applied: foreground, background (None: the
/// screen's), and the modifiers that change the glyphs.
#[derive(Clone, PartialEq, Eq)]
struct Look {
    fg: String,
    bg: Option<String>,
    bold: bool,
    dim: bool,
    italic: bool,
    underlined: bool,
    crossed: bool,
}

fn look(fg: Color, bg: Color, modifier: Modifier) -> Look {
    let (mut fg, mut bg) = (rgb(fg), rgb(bg));
    if modifier.contains(Modifier::REVERSED) {
        let new_fg = bg.unwrap_or_else(|| BACKGROUND.to_string());
        bg = Some(fg.unwrap_or_else(|| FOREGROUND.to_string()));
        fg = Some(new_fg);
    }
    Look {
        fg: fg.unwrap_or_else(|| FOREGROUND.to_string()),
        bg,
        bold: modifier.contains(Modifier::BOLD),
        dim: modifier.contains(Modifier::DIM),
        italic: modifier.contains(Modifier::ITALIC),
        underlined: modifier.contains(Modifier::UNDERLINED),
        crossed: modifier.contains(Modifier::CROSSED_OUT),
    }
}

/// A run of cells of one look on one row: its first column, width in cells, and its
/// symbols (graphemes) with their widths.
struct Run {
    x: u16,
    cells: u16,
    symbols: Vec<(String, u16)>,
    look: Look,
}

fn runs(buffer: &Buffer, y: u16) -> Vec<Run> {
    let area = buffer.area;
    let mut out: Vec<Run> = Vec::new();
    let mut x = area.left();
    while x < area.right() {
        let cell = &buffer[(x, y)];
        let symbol = cell.symbol();
        // A wide character covers the next cells (ratatui resets them to a space).
        let width = Span::raw(symbol).width().max(1) as u16;
        let look = look(cell.fg, cell.bg, cell.modifier);
        match out.last_mut() {
            Some(run) if run.look == look => {
                run.cells += width;
                run.symbols.push((symbol.to_string(), width));
            }
            _ => out.push(Run {
                x,
                cells: width,
                symbols: vec![(symbol.to_string(), width)],
                look,
            }),
        }
        x += width;
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Not allowed in XML 1.0 (the screens escape control characters anyway).
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

/// The buffer as an SVG picture: a rectangle per run with a background, then one `<text>`
/// per row with one `<tspan>` per run of the same look, stretched to its cells
/// (`textLength`) so that columns stay aligned whatever the monospace font.
fn svg(buffer: &Buffer) -> String {
    let area = buffer.area;
    let width = MARGIN * 2.0 + f64::from(area.width) * CELL_W;
    let height = MARGIN * 2.0 + f64::from(area.height) * CELL_H;
    let mut s = String::new();
    let _ = writeln!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" xml:space="preserve">"#
    );
    let _ = writeln!(
        s,
        r#"<rect width="100%" height="100%" rx="6" fill="{BACKGROUND}"/>"#
    );
    let _ = writeln!(
        s,
        r#"<g font-family="DejaVu Sans Mono, Menlo, Consolas, 'Liberation Mono', monospace" font-size="{FONT_SIZE}">"#
    );
    let rows: Vec<Vec<Run>> = (area.top()..area.bottom())
        .map(|y| runs(buffer, y))
        .collect();
    for (y, row) in rows.iter().enumerate() {
        for run in row {
            if let Some(bg) = &run.look.bg {
                let _ = writeln!(
                    s,
                    r#"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{CELL_H}" fill="{bg}"/>"#,
                    MARGIN + f64::from(run.x) * CELL_W,
                    MARGIN + y as f64 * CELL_H,
                    f64::from(run.cells) * CELL_W,
                );
            }
        }
    }
    for (y, row) in rows.iter().enumerate() {
        // The baseline sits a font's descent above the cell's bottom.
        let baseline = MARGIN + (y as f64 + 1.0) * CELL_H - FONT_SIZE * 0.26;
        let mut spans = String::new();
        for run in row {
            for (x, cells, text) in segments(run) {
                let _ = write!(
                    spans,
                    r#"<tspan x="{:.1}" textLength="{:.1}" lengthAdjust="spacingAndGlyphs"{}>{}</tspan>"#,
                    MARGIN + f64::from(x) * CELL_W,
                    f64::from(cells) * CELL_W,
                    attributes(&run.look),
                    escape(&text)
                );
            }
        }
        if !spans.is_empty() {
            let _ = writeln!(
                s,
                r#"<text y="{baseline:.1}" fill="{FOREGROUND}">{spans}</text>"#
            );
        }
    }
    s.push_str("</g>\n</svg>\n");
    s
}

/// The pieces of a run worth a glyph: its text split where two spaces or more leave a gap
/// (each piece placed on its own column, so no renderer can shift what follows), spaces
/// at the ends left out. Each piece: first column, width in cells, text.
fn segments(run: &Run) -> Vec<(u16, u16, String)> {
    let mut out = Vec::new();
    let mut piece: Option<(u16, u16, String)> = None;
    let mut spaces = 0u16;
    let mut x = run.x;
    for (symbol, width) in &run.symbols {
        let (symbol, width) = (symbol.as_str(), *width);
        if symbol == " " || symbol.is_empty() {
            spaces += 1;
        } else {
            match piece.as_mut() {
                Some((_, cells, text)) if spaces < 2 => {
                    text.push_str(&" ".repeat(usize::from(spaces)));
                    text.push_str(symbol);
                    *cells += spaces + width;
                }
                _ => {
                    out.extend(piece.take());
                    piece = Some((x, width, symbol.to_string()));
                }
            }
            spaces = 0;
        }
        x += width;
    }
    out.extend(piece);
    out
}

/// The SVG attributes of a look, besides the screen's foreground.
fn attributes(look: &Look) -> String {
    let mut attrs = String::new();
    if look.fg != FOREGROUND {
        let _ = write!(attrs, r#" fill="{}""#, look.fg);
    }
    if look.bold {
        attrs.push_str(r#" font-weight="bold""#);
    }
    if look.dim {
        attrs.push_str(r#" fill-opacity="0.6""#);
    }
    if look.italic {
        attrs.push_str(r#" font-style="italic""#);
    }
    match (look.underlined, look.crossed) {
        (true, true) => attrs.push_str(r#" text-decoration="underline line-through""#),
        (true, false) => attrs.push_str(r#" text-decoration="underline""#),
        (false, true) => attrs.push_str(r#" text-decoration="line-through""#),
        (false, false) => {}
    }
    attrs
}
