//! What lets recette run where its users are: the bare `recette` outside a campaign folder
//! opens the sample the binary carries, written out to the user's data folder on first use
//! (`demo::bundled`); `recette demo` refuses a folder in use; shell completions
//! (`clap_complete`) and the manual page (`clap_mangen`) are printed from the command line's
//! own definition.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, bail};

use super::Cli;
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::text::for_terminal;

/// Bare `recette`: `./campaign.toml` when there is one, else the bundled sample, written
/// out to the user's data folder on first use (a newcomer's first run, anywhere). Returns
/// the campaign file and, for the sample, its folder.
pub(super) fn default_campaign(t: &Catalogue) -> anyhow::Result<(PathBuf, Option<PathBuf>)> {
    let here = PathBuf::from("campaign.toml");
    if here.is_file() {
        return Ok((here, None));
    }
    let dir = sample_dir()?;
    let written = crate::demo::bundled::install(&dir).with_context(|| {
        format!(
            "writing the sample campaign to {} (set RECETTE_DATA_DIR to put it elsewhere)",
            dir.display()
        )
    })?;
    if written > 0 {
        let dir = for_terminal(&dir.display().to_string()).into_owned();
        eprintln!("recette: {}", fill(t.sample_installed, &[&dir]));
    }
    Ok((dir.join("campaign.toml"), Some(dir)))
}

/// Where the bundled sample is written out: `sample/` in the user's data folder.
fn sample_dir() -> anyhow::Result<PathBuf> {
    crate::demo::bundled::sample_dir().context(
        "no data folder for the sample campaign (no home folder?); set RECETTE_DATA_DIR, or pass a campaign with -c PATH",
    )
}

/// `recette demo DIR` never writes into a folder holding something else than a campaign
/// recette may replace, unless `--force`.
pub(super) fn refuse_a_folder_in_use(dir: &Path, force: bool) -> anyhow::Result<()> {
    if dir.exists() && !dir.is_dir() {
        bail!(
            "{} is a file; `recette demo` writes a folder",
            dir.display()
        );
    }
    let in_use = dir.is_dir()
        && std::fs::read_dir(dir)
            .with_context(|| format!("cannot read {}", dir.display()))?
            .next()
            .is_some();
    if in_use && !force {
        bail!(
            "{} is not empty: `recette demo` would replace its campaign.toml, checklist.toml and data files; choose a new or empty folder, or pass --force",
            dir.display()
        );
    }
    Ok(())
}

/// `recette completions SHELL`: the completion script on stdout.
pub(super) fn completions(shell: clap_complete::Shell) -> anyhow::Result<ExitCode> {
    let mut command = <Cli as clap::CommandFactory>::command();
    clap_complete::generate(shell, &mut command, "recette", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// `recette man`: the manual page (roff) on stdout.
pub(super) fn man() -> anyhow::Result<ExitCode> {
    let command = <Cli as clap::CommandFactory>::command();
    let mut page = Vec::new();
    clap_mangen::Man::new(command)
        .render(&mut page)
        .context("writing the manual page")?;
    std::io::Write::write_all(&mut std::io::stdout(), &page).context("writing the manual page")?;
    Ok(ExitCode::SUCCESS)
}
