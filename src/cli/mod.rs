//! The command line: clap commands for scripts and CI. Prints with comfy-table; progress on
//! stderr only when stderr is a terminal. Never imports a terminal UI.
//!
//! Exit codes: 0 the acceptance criteria hold (`status`: GO), 1 one fails (`status`: NO-GO;
//! `signoff`: refused), 2 usage, campaign or input error, 3 `status`: GO with reservations.

mod cache;
mod check;
mod context;
mod defect;
mod defects;
mod export;
mod init;
mod journal;
mod keys;
mod record;
mod setup;
mod show;
mod status;
mod verdict;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::domain::campaign::Campaign;
use crate::domain::causes::CauseKind;
use crate::domain::i18n::{Catalogue, Lang, fill};
use crate::domain::report::KeyCategory;
use crate::domain::text::{for_terminal, for_terminal_lines};
use crate::settings::Settings;

#[derive(Debug, Parser)]
#[command(
    name = "recette",
    version,
    about = "Console de recette des reprises de données (acceptance console for data migrations)"
)]
pub struct Cli {
    /// Campaign file (default: ./campaign.toml)
    #[arg(short = 'c', long = "campaign", global = true, value_name = "CAMPAIGN")]
    pub campaign: Option<PathBuf>,
    /// Who records (default: $RECETTE_USER, else the login name)
    #[arg(long = "as", global = true, value_name = "NAME")]
    pub author: Option<String>,
    /// Language of the console and of the commands' human output (default: `lang` in the
    /// user's config.toml, else fr); JSON and CSV stay as they are
    #[arg(long, global = true, value_parser = ["fr", "en"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Reconcile deliveries against the source and say whether acceptance criteria hold
    Check {
        /// Delivery id (default: the last one)
        #[arg(long)]
        delivery: Option<String>,
        /// Only these resources (repeatable)
        #[arg(long = "resource", value_name = "NAME")]
        resources: Vec<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Leave personal values unmasked in the JSON (recorded in the journal)
        #[arg(long)]
        unmasked: bool,
    },
    /// Set a checklist item's verdict for a delivery
    Verdict {
        #[arg(long)]
        resource: String,
        #[arg(long)]
        item: String,
        #[arg(long)]
        delivery: Option<String>,
        #[arg(long = "set", value_parser = ["ok", "ko", "na", "blocked", "todo"])]
        value: String,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Sign off a resource on a delivery: refused (exit 1, every reason named) while an item
    /// is KO or without a verdict, an automated criterion fails there, an automated item was
    /// overridden or a blocking defect is open — unless given --with-reservations
    Signoff {
        #[arg(long)]
        resource: String,
        #[arg(long)]
        delivery: Option<String>,
        /// Withdraw the sign-off instead
        #[arg(long, conflicts_with = "with_reservations")]
        withdraw: bool,
        /// Sign off despite what the rules refuse, saying why (journaled as
        /// `signoff.reserved`: the go/no-go is then GO with reservations at best)
        #[arg(long, value_name = "WHY")]
        with_reservations: Option<String>,
        #[arg(long)]
        comment: Option<String>,
    },
    /// Draw the records of a sample-review item (the same for every référent of a delivery)
    Sample {
        #[arg(long)]
        resource: String,
        #[arg(long)]
        item: String,
        #[arg(long)]
        delivery: Option<String>,
    },
    /// Progress, defects, sign-offs and the go/no-go (exit 0 GO, 3 GO with reservations,
    /// 1 NO-GO)
    Status {
        #[arg(long)]
        delivery: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
    },
    /// Export the campaign for a meeting or the integration team (XLSX, CSV, Markdown, JSON)
    Export {
        #[arg(long, value_enum, default_value_t = export::ExportFormat::Xlsx)]
        format: export::ExportFormat,
        /// The file to write (for csv: a folder, one file per sheet); default:
        /// recette-<campaign>-<delivery>-<date>.<format> in the current folder
        #[arg(long)]
        out: Option<PathBuf>,
        /// Replace an existing file that recette did not write (never the campaign's own
        /// files: campaign, checklist, journal, inputs, results)
        #[arg(long)]
        force: bool,
        /// Leave personal values unmasked (recorded in the journal)
        #[arg(long)]
        unmasked: bool,
    },
    /// Records side by side: expected beside migrated, differences marked, raw source values
    Record {
        #[arg(long)]
        resource: String,
        /// A record key, as `recette keys` prints it (repeatable)
        #[arg(long = "key", required = true)]
        keys: Vec<String>,
        #[arg(long)]
        delivery: Option<String>,
    },
    /// Every key of a category, one per line, as CSV
    Keys {
        #[arg(long)]
        resource: String,
        #[arg(long, required_unless_present = "cause", value_parser = ["missing", "unexpected", "differing", "excluded_but_migrated", "duplicate", "null_key"])]
        category: Option<String>,
        /// With `differing`: only keys where this column differs
        #[arg(long)]
        column: Option<String>,
        /// With `--column`: only the differing keys of one cause (docs/causes.md)
        #[arg(long, requires = "column", value_parser = clap::builder::PossibleValuesParser::new(CauseKind::ALL.map(CauseKind::name)))]
        cause: Option<String>,
        #[arg(long)]
        delivery: Option<String>,
    },
    /// Raise a defect, or change its status
    Defect {
        #[command(subcommand)]
        command: DefectCommand,
    },
    /// The defects, their status and evidence, and uncovered value patterns
    Defects {
        #[arg(long, value_parser = ["open", "fixed", "verified", "reopened", "rejected"])]
        status: Option<String>,
        #[arg(long, value_parser = ["bloquante", "majeure", "mineure"])]
        severity: Option<String>,
        #[arg(long)]
        resource: Option<String>,
        /// Only defects found in this delivery
        #[arg(long)]
        delivery: Option<String>,
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Leave personal values unmasked in the JSON (recorded in the journal)
        #[arg(long)]
        unmasked: bool,
    },
    /// Every recorded entry of the journal, oldest first
    Journal {
        #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
        format: OutputFormat,
        /// Leave personal values unmasked in the JSON (recorded in the journal)
        #[arg(long)]
        unmasked: bool,
    },
    /// Cancel a recorded entry by a compensating one (history keeps both)
    Undo {
        /// The id of the entry to cancel (as printed when it was recorded)
        entry: String,
    },
    /// The campaign's results folder: its size, what a running recette uses, what may go
    Cache {
        /// Remove everything no running recette uses (only a recomputation is lost)
        #[arg(long)]
        clear: bool,
    },
    /// Open the console: the campaign's resources, their differences, one record side by side
    Console {
        /// Save the SQL console's results with personal values unmasked (recorded in the
        /// journal)
        #[arg(long)]
        unmasked: bool,
    },
    /// Draft campaign.toml and a starter checklist.toml from a folder of legacy extraction
    /// files and a folder holding a delivery: files paired, keys, dates, decimal commas and
    /// value maps proposed, every guess commented (exit 2 on unusable folders)
    Init {
        /// Folder of the legacy extraction files
        #[arg(long, value_name = "DIR")]
        source: PathBuf,
        /// Folder of one delivery's migrated files (its name is the delivery id)
        #[arg(long, value_name = "DIR")]
        delivery: PathBuf,
        /// The campaign file to write (default: ./campaign.toml); checklist.toml goes beside it
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// The campaign's name (default: the name of the campaign file's folder)
        #[arg(long)]
        name: Option<String>,
        /// Replace an existing campaign.toml and checklist.toml
        #[arg(long)]
        force: bool,
        /// Print the draft and write nothing
        #[arg(long)]
        dry_run: bool,
    },
    /// Write a deterministic synthetic campaign (the bundled sample, benchmark data)
    Demo {
        dir: PathBuf,
        /// Number of employees; other resources scale with it
        #[arg(long, default_value_t = 400)]
        rows: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        /// Write into a folder that is not empty (its campaign files are replaced)
        #[arg(long)]
        force: bool,
        /// Add the resource `probe`, every cause of docs/causes.md planted in known rows of
        /// L1 (listed in planted-causes.csv, described in CAUSES.md)
        #[arg(long)]
        plant_causes: bool,
    },
    /// Print the shell completion script (e.g. `recette completions bash > ~/.local/share/bash-completion/completions/recette`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff; e.g. `recette man > recette.1 && man ./recette.1`)
    Man,
}

#[derive(Debug, Subcommand)]
pub enum DefectCommand {
    /// Record a defect (attached to an open one with the same column and value pattern, or
    /// the same cause)
    New {
        #[arg(long)]
        resource: String,
        /// The checklist item it comes from
        #[arg(long)]
        item: Option<String>,
        /// A record key, as `recette keys` prints it (repeatable)
        #[arg(long = "key")]
        keys: Vec<String>,
        /// A migrated column concerned (repeatable)
        #[arg(long = "column")]
        columns: Vec<String>,
        #[arg(long, value_parser = defect::KINDS)]
        kind: Option<String>,
        /// With one `--column`: one defect for that column's cause on the delivery
        /// (docs/causes.md): the cause, its count and its first 100 keys are recorded
        #[arg(long, requires = "columns", conflicts_with_all = ["keys", "kind"], value_parser = clap::builder::PossibleValuesParser::new(CauseKind::ALL.map(CauseKind::name)))]
        cause: Option<String>,
        #[arg(long, value_parser = ["bloquante", "majeure", "mineure"])]
        severity: String,
        /// The defect's title (with `--cause`, default: the column and the cause in words)
        #[arg(long, required_unless_present = "cause")]
        title: Option<String>,
        #[arg(long)]
        description: Option<String>,
        /// Delivery it was found in (default: the last one)
        #[arg(long)]
        delivery: Option<String>,
        /// Record a new defect even when an open one matches (split a group)
        #[arg(long)]
        separate: bool,
    },
    /// Change a defect's status
    Set {
        id: String,
        #[arg(long, value_parser = ["fixed", "verified", "reopened", "rejected"])]
        status: String,
        /// With `fixed`: the delivery that fixes it (default: the last one)
        #[arg(long)]
        delivery: Option<String>,
        /// With `rejected`: why it is not a defect
        #[arg(long)]
        reason: Option<String>,
        #[arg(long)]
        comment: Option<String>,
    },
}

/// What the command line decided: a command ran (its exit code), or the console is to open
/// (`main` opens it: the command line never imports the terminal UI).
pub enum Dispatch {
    Done(ExitCode),
    Console(ConsoleLaunch),
}

/// What the console opens on.
pub struct ConsoleLaunch {
    pub campaign: Campaign,
    /// `--lang`, else the settings' `lang`, else French.
    pub lang: Lang,
    /// `--as`, if given.
    pub author: Option<String>,
    /// The folder the bundled sample was written out to, when the console opens it (the
    /// console says where what the user records goes).
    pub sample_at: Option<PathBuf>,
    /// `console --unmasked`: the SQL console's results are saved unmasked (journaled).
    pub unmasked: bool,
}

/// Where an error leads: exit 2 with the message on stderr and nothing on stdout. The
/// human output speaks `--lang`, else the settings' `lang`, else French.
pub fn main(settings: &Settings) -> Dispatch {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return Dispatch::Done(usage(&e)),
    };
    let lang = Lang::choose(cli.lang.as_deref(), settings.lang.as_deref());
    match run(cli, lang) {
        Ok(dispatch) => dispatch,
        Err(e) => Dispatch::Done(fail(&e)),
    }
}

/// Prints `error` the way every command does and gives the exit code of an error. Errors
/// echo file contents, headers and arguments: shown with their hidden characters escaped.
pub fn fail(error: &anyhow::Error) -> ExitCode {
    eprintln!("recette: {}", for_terminal_lines(&message(error)));
    ExitCode::from(2)
}

/// clap's own message: help, version and usage errors as clap prints them — but when an
/// argument holds a hidden character, the usage error is made again without styles (clap's
/// plain text drops what follows an ESC) and shown with those characters escaped.
fn usage(error: &clap::Error) -> ExitCode {
    let hidden = std::env::args_os().any(|a| {
        a.to_string_lossy()
            .chars()
            .any(crate::domain::text::is_hidden)
    });
    if hidden && error.use_stderr() {
        let plain = <Cli as clap::CommandFactory>::command()
            .styles(clap::builder::Styles::plain())
            .try_get_matches_from(std::env::args_os())
            .err()
            .map(|e| e.render().ansi().to_string())
            .unwrap_or_else(|| error.render().to_string());
        eprint!("{}", for_terminal_lines(&plain));
    } else {
        let _ = error.print();
    }
    match error.exit_code() {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::from(2),
    }
}

/// An error and its causes on one line, each cause said once: many errors already
/// include their cause's text (`path: Permission denied (os error 13)`).
pub fn message(error: &anyhow::Error) -> String {
    let mut out = String::new();
    for cause in error.chain() {
        let text = cause.to_string();
        if out.contains(&text) {
            continue;
        }
        if !out.is_empty() {
            out.push_str(": ");
        }
        out.push_str(&text);
    }
    out
}

fn run(cli: Cli, lang: Lang) -> anyhow::Result<Dispatch> {
    let t: &Catalogue = lang.catalogue();
    let console = |campaign: Campaign, sample_at: Option<PathBuf>, unmasked: bool| ConsoleLaunch {
        campaign,
        lang,
        author: cli.author.clone(),
        sample_at,
        unmasked,
    };
    // The campaign and its journal, for the commands that record.
    let recording = || -> anyhow::Result<(Campaign, record::Recorder)> {
        let campaign = load_campaign(cli.campaign.as_deref())?;
        let recorder = record::Recorder::open(&campaign, cli.author.as_deref())?;
        Ok((campaign, recorder))
    };
    let outcome = match cli.command {
        None => {
            let (file, sample_at) = match &cli.campaign {
                Some(file) => (file.clone(), None),
                None => setup::default_campaign(t)?,
            };
            let campaign = load_campaign(Some(&file))?;
            let terminal = std::io::stdin().is_terminal() && std::io::stdout().is_terminal();
            if terminal {
                return Ok(Dispatch::Console(console(campaign, sample_at, false)));
            }
            // No terminal (a pipe, CI): what the console would open on, as a table.
            eprintln!("recette: {}", t.no_terminal);
            if let Some(dir) = &sample_at {
                let dir = for_terminal(&dir.display().to_string()).into_owned();
                eprintln!("recette: {}", fill(t.sample_written_to, &[&dir]));
            }
            check::run(&campaign, None, &[], OutputFormat::Table, None, t)
        }
        Some(Command::Console { unmasked }) => {
            let campaign = load_campaign(cli.campaign.as_deref())?;
            return Ok(Dispatch::Console(console(campaign, None, unmasked)));
        }
        Some(Command::Check {
            delivery,
            resources,
            format,
            unmasked,
        }) => {
            let campaign = load_campaign(cli.campaign.as_deref())?;
            let recorder = if unmasked {
                Some(record::Recorder::open(&campaign, cli.author.as_deref())?)
            } else {
                None
            };
            check::run(
                &campaign,
                delivery.as_deref(),
                &resources,
                format,
                recorder.as_ref(),
                t,
            )
        }
        Some(Command::Keys {
            resource,
            category,
            column,
            cause,
            delivery,
        }) => {
            let campaign = load_campaign(cli.campaign.as_deref())?;
            let category = category.as_deref().map_or(KeyCategory::Differing, |c| {
                KeyCategory::from_name(c).expect("clap checked the value")
            });
            let cause = cause
                .as_deref()
                .map(|c| CauseKind::from_name(c).expect("clap checked the value"));
            keys::run(
                &campaign,
                &resource,
                category,
                column.as_deref(),
                cause,
                delivery.as_deref(),
                t,
            )
        }
        Some(Command::Defect { command }) => {
            let (campaign, recorder) = recording()?;
            match command {
                DefectCommand::New {
                    resource,
                    item,
                    keys,
                    columns,
                    kind,
                    cause,
                    severity,
                    title,
                    description,
                    delivery,
                    separate,
                } => defect::new(
                    &campaign,
                    &recorder,
                    defect::NewDefect {
                        resource: &resource,
                        item: item.as_deref(),
                        keys: &keys,
                        columns: &columns,
                        kind: kind.as_deref(),
                        cause: cause.as_deref().and_then(CauseKind::from_name),
                        severity: &severity,
                        title: title.as_deref(),
                        description: description.as_deref(),
                        delivery: delivery.as_deref(),
                        separate,
                    },
                    t,
                ),
                DefectCommand::Set {
                    id,
                    status,
                    delivery,
                    reason,
                    comment,
                } => defect::set(
                    &campaign,
                    &recorder,
                    &id,
                    &status,
                    delivery.as_deref(),
                    reason.as_deref(),
                    comment.as_deref(),
                ),
            }
        }
        Some(Command::Defects {
            status,
            severity,
            resource,
            delivery,
            format,
            unmasked,
        }) => {
            let (campaign, recorder) = recording()?;
            let filters = defects::Filters {
                status: status.as_deref(),
                severity: severity.as_deref(),
                resource: resource.as_deref(),
                delivery: delivery.as_deref(),
            };
            defects::run(&campaign, &recorder, filters, format, unmasked, t)
        }
        Some(Command::Verdict {
            resource,
            item,
            delivery,
            value,
            comment,
        }) => {
            let (campaign, recorder) = recording()?;
            verdict::set(
                &campaign,
                &recorder,
                &resource,
                &item,
                delivery.as_deref(),
                &value,
                comment.as_deref(),
            )
        }
        Some(Command::Signoff {
            resource,
            delivery,
            withdraw,
            with_reservations,
            comment,
        }) => {
            let (campaign, recorder) = recording()?;
            verdict::signoff(
                &campaign,
                &recorder,
                &resource,
                delivery.as_deref(),
                withdraw,
                with_reservations.as_deref(),
                comment.as_deref(),
                t,
            )
        }
        Some(Command::Sample {
            resource,
            item,
            delivery,
        }) => {
            let (campaign, recorder) = recording()?;
            verdict::sample(
                &campaign,
                &recorder,
                &resource,
                &item,
                delivery.as_deref(),
                t,
            )
        }
        Some(Command::Status { delivery, format }) => {
            let (campaign, recorder) = recording()?;
            status::run(&campaign, &recorder, delivery.as_deref(), format, t)
        }
        Some(Command::Export {
            format,
            out,
            force,
            unmasked,
        }) => {
            let (campaign, recorder) = recording()?;
            let request = export::ExportRequest {
                format,
                out: out.as_deref(),
                force,
                unmasked,
            };
            export::run(&campaign, &recorder, request, t)
        }
        Some(Command::Record {
            resource,
            keys,
            delivery,
        }) => {
            let campaign = load_campaign(cli.campaign.as_deref())?;
            show::run(&campaign, &resource, &keys, delivery.as_deref(), t)
        }
        Some(Command::Journal { format, unmasked }) => {
            let (campaign, recorder) = recording()?;
            journal::run(&campaign, &recorder, format, unmasked, t)
        }
        Some(Command::Undo { entry }) => {
            let (_, recorder) = recording()?;
            let undo = recorder.journal.undo(&recorder.author, &entry)?;
            println!("{}", undo.id);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Cache { clear }) => {
            let campaign = load_campaign(cli.campaign.as_deref())?;
            cache::run(&campaign, clear, t)
        }
        Some(Command::Init {
            source,
            delivery,
            out,
            name,
            force,
            dry_run,
        }) => init::run(init::InitArgs {
            source: &source,
            delivery: &delivery,
            out: out.as_deref(),
            name: name.as_deref(),
            force,
            dry_run,
            // The language of the command line (`--lang`, else config.toml's, else French).
            lang: match lang {
                Lang::En => crate::init::Lang::En,
                Lang::Fr => crate::init::Lang::Fr,
            },
        }),
        Some(Command::Completions { shell }) => setup::completions(shell),
        Some(Command::Man) => setup::man(),
        Some(Command::Demo {
            dir,
            rows,
            seed,
            force,
            plant_causes,
        }) => {
            setup::refuse_a_folder_in_use(&dir, force)?;
            let options = crate::demo::DemoOptions { rows, seed };
            let written = if plant_causes {
                crate::demo::write_campaign_with_causes(&dir, &options).map(|_| ())
            } else {
                crate::demo::write_campaign(&dir, &options)
            };
            written.with_context(|| format!("writing the demo campaign to {}", dir.display()))?;
            let campaign = dir.join("campaign.toml").display().to_string();
            let dir = dir.display().to_string();
            eprintln!(
                "recette: {}",
                for_terminal(&fill(t.demo_written, &[&dir, &campaign]))
            );
            Ok(ExitCode::SUCCESS)
        }
    };
    outcome.map(Dispatch::Done)
}

/// Reads and checks the campaign file (`./campaign.toml` when none is given).
pub fn load_campaign(path: Option<&Path>) -> anyhow::Result<Campaign> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => {
            let default = PathBuf::from("campaign.toml");
            if !default.is_file() {
                bail!(
                    "no campaign.toml in the current directory; pass one with -c PATH (`recette` alone opens the bundled sample)"
                );
            }
            default
        }
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the campaign file {}", path.display()))?;
    let absolute = std::path::absolute(&path).unwrap_or(path);
    Ok(Campaign::parse(&absolute, &text)?)
}

/// Finds the delivery, or says which ones exist.
pub(crate) fn delivery<'a>(
    campaign: &'a Campaign,
    id: Option<&str>,
) -> anyhow::Result<&'a crate::domain::campaign::Delivery> {
    campaign.delivery(id).with_context(|| {
        let ids: Vec<&str> = campaign.deliveries.iter().map(|d| d.id.as_str()).collect();
        format!(
            "no delivery `{}` in {}; deliveries: {}",
            for_terminal(id.unwrap_or("")),
            campaign.file.display(),
            ids.join(", ")
        )
    })
}

/// Finds the resource, or says which ones exist.
pub(crate) fn resource<'a>(
    campaign: &'a Campaign,
    name: &str,
) -> anyhow::Result<&'a crate::domain::campaign::Resource> {
    campaign.resource(name).with_context(|| {
        let names: Vec<&str> = campaign.resources.iter().map(|r| r.name.as_str()).collect();
        format!(
            "no resource `{}` in {}; resources: {}",
            for_terminal(name),
            campaign.file.display(),
            names.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_cause_already_said_is_not_said_twice() {
        let io = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        let store = crate::store::StoreError::io("/x/results")(io);
        let error = anyhow::Error::from(store).context("opening the results folder");
        let text = super::message(&error);
        assert_eq!(text.matches("permission denied").count(), 1, "{text}");
        assert!(
            text.starts_with("opening the results folder: /x/results: "),
            "{text}"
        );
    }
}
