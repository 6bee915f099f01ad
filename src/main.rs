//! The binary: the command line decides; the console, when asked for, opens here, so that
//! `cli` never imports the terminal UI.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::bail;
use recette::cli::{self, ConsoleLaunch, Dispatch};
use recette::settings::Settings;

fn main() -> ExitCode {
    // The user's config.toml, read once for the command line, the console and the engine. A
    // mistake in it is said (and on the console's status line) and the file is not used.
    let (settings, problem) = match Settings::load() {
        Ok(settings) => (settings, None),
        Err(e) => {
            let problem = e.to_string();
            eprintln!(
                "recette: {}; its settings are not used",
                recette::domain::text::for_terminal_lines(&problem)
            );
            (Settings::default(), Some(problem))
        }
    };
    recette::store::memory::configure(settings.memory_limit);
    let code = match cli::main(&settings) {
        Dispatch::Done(code) => code,
        Dispatch::Console(launch) => match console(launch, problem) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => cli::fail(&e),
        },
    };
    // What this process held in the results folder is free for a sweep.
    recette::store::cache::release_all();
    code
}

fn console(launch: ConsoleLaunch, problem: Option<String>) -> anyhow::Result<()> {
    if !(std::io::stdin().is_terminal() && std::io::stdout().is_terminal()) {
        bail!(
            "the console needs a terminal; in a script use `recette check`, `recette status` or `recette export`"
        );
    }
    // A mistake in config.toml is said on the status line; the console opens all the same.
    // The language is the command line's choice (`--lang`, else the file's, else French).
    let sample_at = launch.sample_at.map(|d| d.display().to_string());
    recette::tui::run(
        launch.campaign,
        launch.lang,
        launch.author.as_deref(),
        problem,
        sample_at,
        launch.unmasked,
    )
}
