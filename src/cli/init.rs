//! `recette init`: drafts `campaign.toml` and a starter `checklist.toml` from a source
//! folder and a delivery folder (`crate::init` decides), refuses to replace either without
//! `--force`, never writes into the two folders, and prints what it decided and how sure
//! it is, then the command to run next. Parquet and JSON files are read by the engine.

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use comfy_table::{Cell, ContentArrangement, Table, presets::UTF8_FULL_CONDENSED};

use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::init::{self, ForeignReader, Lang, Plan, Progress, Request, Rule, Step};
use crate::store::text_file::TextFile;

/// What `recette init` was asked.
pub struct InitArgs<'a> {
    pub source: &'a Path,
    pub delivery: &'a Path,
    pub out: Option<&'a Path>,
    pub name: Option<&'a str>,
    pub force: bool,
    pub dry_run: bool,
    pub lang: Lang,
}

/// Parquet and JSON files read by the engine, as `check` reads them.
struct EngineReader;

impl ForeignReader for EngineReader {
    fn columns(&self, path: &Path) -> Result<Vec<String>, String> {
        let file = open_text(path)?;
        Ok(file.columns().to_vec())
    }

    fn scan(&self, path: &Path, visit: &mut dyn FnMut(&[Option<&str>])) -> Result<u64, String> {
        let file = open_text(path)?;
        file.scan(visit)
            .map_err(|e| without_path(path, e.to_string()))
    }
}

fn open_text(path: &Path) -> Result<TextFile, String> {
    TextFile::open(&resolved(path)).map_err(|e| without_path(path, e.to_string()))
}

/// The engine's message without the file name `init` puts in front of it again.
fn without_path(path: &Path, message: String) -> String {
    for shown in [path.to_path_buf(), resolved(path)] {
        if let Some(rest) = message.strip_prefix(&format!("{}: ", shown.display())) {
            return rest.to_string();
        }
    }
    message
}

/// A path made absolute, its existing part resolved (so that two ways of naming a folder
/// compare equal).
fn resolved(path: &Path) -> PathBuf {
    if let Ok(p) = path.canonicalize() {
        return p;
    }
    match (path.parent(), path.file_name()) {
        (Some(dir), Some(name)) if !dir.as_os_str().is_empty() => resolved(dir).join(name),
        _ => std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf()),
    }
}

pub fn run(args: InitArgs) -> anyhow::Result<ExitCode> {
    let mut out = resolved(args.out.unwrap_or(Path::new("campaign.toml")));
    if out.is_dir() {
        out = out.join("campaign.toml");
    }
    let checklist = out.with_file_name("checklist.toml");
    for (folder, what) in [(args.source, "source"), (args.delivery, "delivery")] {
        let folder = resolved(folder);
        for file in [&out, &checklist] {
            if file.starts_with(&folder) {
                bail!(
                    "{} is inside the {what} folder {}: `recette init` writes nothing into the data folders; choose another place with --out",
                    file.display(),
                    folder.display()
                );
            }
        }
    }
    if !args.dry_run && !args.force {
        for file in [&out, &checklist] {
            if file.exists() {
                bail!(
                    "{} already exists: `recette init` does not replace it; pass --force to replace it, --out to write elsewhere, or --dry-run to see the draft",
                    file.display()
                );
            }
        }
    }
    let request = Request {
        source_dir: args.source.to_path_buf(),
        delivery_dir: args.delivery.to_path_buf(),
        campaign_file: out.clone(),
        checklist_file: checklist.clone(),
        name: args.name.map(str::to_owned),
        lang: args.lang,
    };
    let started = Instant::now();
    let mut line = ProgressLine::new();
    let drafted = init::draft(&request, &EngineReader, &mut |p| line.show(p));
    line.clear();
    let draft = drafted?;
    let elapsed = started.elapsed();
    let decisions = render(&draft.plan, elapsed);
    if args.dry_run {
        print!("{}", draft.campaign);
        println!(
            "\n# ---- checklist.toml ----------------------------------------------------------------------"
        );
        print!("{}", draft.checklist);
        eprint!("{}", for_terminal_lines(&decisions));
        eprintln!("recette init: --dry-run: nothing written");
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(dir) = out.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    write(&out, &draft.campaign)?;
    write(&checklist, &draft.checklist)?;
    print!("{}", for_terminal_lines(&decisions));
    let next = match args.out {
        None => "recette check".to_string(),
        Some(p) if p.is_dir() => format!("recette -c {} check", p.join("campaign.toml").display()),
        Some(p) => format!("recette -c {} check", p.display()),
    };
    println!(
        "wrote {} and {}; next: {}",
        for_terminal(&out.display().to_string()),
        for_terminal(&checklist.display().to_string()),
        for_terminal(&next)
    );
    Ok(ExitCode::SUCCESS)
}

/// Writes `text` to `file` through a temporary file renamed into place, so that a file
/// is never left half written.
fn write(file: &Path, text: &str) -> anyhow::Result<()> {
    let temp = file.with_extension("toml.tmp");
    std::fs::write(&temp, text).with_context(|| format!("cannot write {}", temp.display()))?;
    std::fs::rename(&temp, file).with_context(|| format!("cannot write {}", file.display()))
}

/// The progress line on stderr, on a terminal only, once reading takes more than a moment.
struct ProgressLine {
    on: bool,
    started: Instant,
    last: Option<Instant>,
    shown: bool,
}

impl ProgressLine {
    fn new() -> ProgressLine {
        ProgressLine {
            on: std::io::stderr().is_terminal(),
            started: Instant::now(),
            last: None,
            shown: false,
        }
    }

    fn show(&mut self, p: Progress) {
        let now = Instant::now();
        if !self.on
            || now - self.started < Duration::from_millis(500)
            || self
                .last
                .is_some_and(|l| now - l < Duration::from_millis(200))
        {
            return;
        }
        self.last = Some(now);
        let what = match p.step {
            Step::Reading => "reading",
            Step::Drawing => "drawing the sample of",
        };
        let share = (p.done.min(p.total) * 100)
            .checked_div(p.total)
            .map(|n| format!("{n}%"))
            .unwrap_or_default();
        eprint!(
            "\r\x1b[2Krecette init: {what} {} {share}",
            for_terminal(p.file)
        );
        let _ = std::io::stderr().flush();
        self.shown = true;
    }

    fn clear(&mut self) {
        if self.shown {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
    }
}

fn percent(share: f64) -> String {
    crate::init::percent(Lang::En, share)
}

/// What was decided and how sure, for the person who ran it.
pub fn render(plan: &Plan, elapsed: Duration) -> String {
    let mut out = format!(
        "recette init: {} source files, {} delivery files (delivery {}), read in {:.1} s\n",
        plan.source_files,
        plan.delivery_files,
        plan.delivery_id,
        elapsed.as_secs_f64()
    );
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header([
            "resource",
            "source ↔ delivery",
            "key ← source (found)",
            "compared",
            "carried",
        ]);
    for r in &plan.resources {
        let mut kinds = Vec::new();
        let count =
            |f: fn(&Rule) -> bool| r.columns.iter().filter(|c| !c.is_key && f(&c.rule)).count();
        for (n, what) in [
            (count(|r| matches!(r, Rule::Date { .. })), "date"),
            (
                count(|r| matches!(r, Rule::DecimalComma | Rule::Number)),
                "number",
            ),
            (count(|r| matches!(r, Rule::Map { .. })), "map"),
            (count(|r| matches!(r, Rule::Compact { .. })), "digits"),
        ] {
            if n > 0 {
                kinds.push(format!("{n} {what}{}", if n > 1 { "s" } else { "" }));
            }
        }
        let compared = r.columns.iter().filter(|c| !c.is_key).count();
        table.add_row(vec![
            Cell::new(&r.name),
            Cell::new(format!("{} ↔ {}", r.source.name, r.delivery.name)),
            Cell::new(format!(
                "{} ← {} ({})",
                r.key.delivery.join(" + "),
                r.key.source.join(" + "),
                percent(r.key.found)
            )),
            Cell::new(if kinds.is_empty() {
                compared.to_string()
            } else {
                format!("{compared} ({})", kinds.join(", "))
            }),
            Cell::new(r.carried.len()),
        ]);
    }
    out.push_str(&table.to_string());
    out.push('\n');
    let maps: Vec<String> = plan
        .resources
        .iter()
        .flat_map(|r| r.learned_maps().map(move |c| (r, c)))
        .map(|(r, c)| {
            let entries = match &c.rule {
                Rule::Map { map, .. } => map
                    .iter()
                    .map(|(k, v)| format!("{k} → {v}"))
                    .collect::<Vec<_>>()
                    .join(", "),
                _ => String::new(),
            };
            format!(
                "  {}.{} from {}: {entries} ({} of {} records)\n",
                r.name,
                c.delivery,
                c.source,
                percent(c.rate),
                c.compared
            )
        })
        .collect();
    if !maps.is_empty() {
        out.push_str(&format!(
            "maps learned from {}, not confirmed (marked `learned`; check each against the migration's specification, then remove the mark):\n",
            plan.delivery_id
        ));
        maps.iter().for_each(|m| out.push_str(m));
    }
    let seen: Vec<String> = plan
        .resources
        .iter()
        .flat_map(|r| r.columns.iter().map(move |c| (r, c)))
        .filter(|(_, c)| !c.differences.is_empty())
        .map(|(r, c)| {
            let parts: Vec<String> = c
                .differences
                .iter()
                .map(|(d, n)| format!("{n} {}", difference(*d)))
                .collect();
            format!("  {}.{}: {}\n", r.name, c.delivery, parts.join(", "))
        })
        .collect();
    if !seen.is_empty() {
        out.push_str("values that differ, compared as they are (no trim, case or accent rule is learned from a delivery):\n");
        seen.iter().for_each(|s| out.push_str(s));
    }
    let carried: Vec<String> = plan
        .resources
        .iter()
        .flat_map(|r| {
            r.carried
                .iter()
                .map(move |(c, _)| format!("{}.{c}", r.name))
        })
        .collect();
    if !carried.is_empty() {
        out.push_str(&format!(
            "carried, not compared (no source column gives them): {}\n",
            carried.join(", ")
        ));
    }
    let pii: Vec<String> = plan
        .resources
        .iter()
        .filter(|r| !r.pii().is_empty())
        .map(|r| format!("{} ({})", r.name, r.pii().join(", ")))
        .collect();
    if !pii.is_empty() {
        out.push_str(&format!(
            "personal data, masked in exports (pii): {}\n",
            pii.join("; ")
        ));
    }
    for (side, list) in [
        ("source", &plan.unpaired_source),
        ("delivery", &plan.unpaired_delivery),
    ] {
        for u in list {
            out.push_str(&format!(
                "left out: {side} {} — {}\n",
                u.file,
                u.why.said(Lang::En)
            ));
        }
    }
    out.push_str("rules ([resource.derive], keep_if) are yours to write: init never guesses which source rows are meant to be migrated\n");
    out
}

fn difference(d: crate::init::Difference) -> &'static str {
    use crate::init::Difference::*;
    match d {
        Encoding => "encoding (UTF-8 read as Windows-1252)",
        Truncated => "truncated",
        LeadingZeros => "leading zeros",
        Spaces => "spaces at the ends",
        Case => "case",
        Accents => "accents",
        Emptied => "empty on one side",
        DayShift => "one day off",
        Century => "a hundred years off (two-digit years)",
        Other => "other",
    }
}
