//! The binary: the command line decides; the console, when asked for, opens here, so that
//! `cli` never imports the terminal UI.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::bail;
use recette::cli::{self, ConsoleLaunch, Dispatch};
use recette::tui::settings::Settings;

fn main() -> ExitCode {
    match cli::main() {
        Dispatch::Done(code) => code,
        Dispatch::Console(launch) => match console(launch) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => cli::fail(&e),
        },
    }
}

fn console(launch: ConsoleLaunch) -> anyhow::Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!(
            "the console needs a terminal; in a script use `recette check`, `recette status` or `recette export`"
        );
    }
    // A mistake in config.toml is said on the status line; the console opens all the same.
    let (settings, problem) = match Settings::load() {
        Ok(settings) => (settings, None),
        Err(e) => (Settings::default(), Some(e.to_string())),
    };
    let lang = settings.lang(launch.lang.as_deref());
    let sample_at = launch.sample_at.map(|d| d.display().to_string());
    recette::tui::run(
        launch.campaign,
        lang,
        launch.author.as_deref(),
        problem,
        sample_at,
    )
}
