//! The command line: clap commands for scripts and CI. Prints with comfy-table; progress on
//! stderr only when stderr is a terminal. Never imports a terminal UI.
//!
//! Exit codes: 0 the acceptance criteria hold, 1 one fails, 2 usage, campaign or input error.

mod check;
mod keys;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};

use crate::domain::campaign::Campaign;
use crate::domain::report::KeyCategory;

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
    },
    /// Every key of a category, one per line, as CSV
    Keys {
        #[arg(long)]
        resource: String,
        #[arg(long, value_parser = ["missing", "unexpected", "differing", "excluded_but_migrated", "duplicate"])]
        category: String,
        /// With `differing`: only keys where this column differs
        #[arg(long)]
        column: Option<String>,
        #[arg(long)]
        delivery: Option<String>,
    },
    /// Write a deterministic synthetic campaign (the bundled sample, benchmark data)
    Demo {
        dir: PathBuf,
        /// Number of employees; other resources scale with it
        #[arg(long, default_value_t = 400)]
        rows: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
    },
}

/// Where an error leads: exit 2 with the message on stderr and nothing on stdout.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("recette: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        None => {
            // The console comes with the TUI; until then the bare command checks the sample.
            let campaign = load_campaign(Some(&bundled_sample()))?;
            check::run(&campaign, None, &[], OutputFormat::Table)
        }
        Some(Command::Check {
            delivery,
            resources,
            format,
        }) => {
            let campaign = load_campaign(cli.campaign.as_deref())?;
            check::run(&campaign, delivery.as_deref(), &resources, format)
        }
        Some(Command::Keys {
            resource,
            category,
            column,
            delivery,
        }) => {
            let campaign = load_campaign(cli.campaign.as_deref())?;
            let category = KeyCategory::from_name(&category).expect("clap checked the value");
            keys::run(
                &campaign,
                &resource,
                category,
                column.as_deref(),
                delivery.as_deref(),
            )
        }
        Some(Command::Demo { dir, rows, seed }) => {
            let options = crate::demo::DemoOptions { rows, seed };
            crate::demo::write_campaign(&dir, &options)
                .with_context(|| format!("writing the demo campaign to {}", dir.display()))?;
            eprintln!(
                "recette: campaign written to {}; try: recette -c {} check",
                dir.display(),
                dir.join("campaign.toml").display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The sample campaign shipped with the sources.
pub fn bundled_sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample-data")
        .join("campaign.toml")
}

/// Reads and checks the campaign file (`./campaign.toml` when none is given).
pub fn load_campaign(path: Option<&Path>) -> anyhow::Result<Campaign> {
    let path = match path {
        Some(p) => p.to_path_buf(),
        None => {
            let default = PathBuf::from("campaign.toml");
            if !default.is_file() {
                bail!(
                    "no campaign.toml in the current directory; pass one with -c PATH (the bundled sample: -c {})",
                    bundled_sample().display()
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
            id.unwrap_or(""),
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
            "no resource `{name}` in {}; resources: {}",
            campaign.file.display(),
            names.join(", ")
        )
    })
}
