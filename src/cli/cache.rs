//! `recette cache [--clear]`: where the campaign's results folder is, how big, what a
//! running `recette` uses, what may go; `--clear` removes everything no running `recette`
//! uses (and older layouts) and says what it freed. Always exit 0 on a readable folder.

use std::process::ExitCode;

use crate::domain::campaign::Campaign;
use crate::store::cache::Cache;
use crate::store::sweep::{self, State, human};

pub fn run(campaign: &Campaign, clear: bool) -> anyhow::Result<ExitCode> {
    let cache = Cache::for_campaign(&campaign.file)?;
    if clear {
        let cleared = sweep::clear(&cache);
        println!(
            "freed {} ({} removed) in {}",
            human(cleared.freed),
            plural(cleared.removed, "item"),
            cache.root().display()
        );
        if cleared.kept > 0 {
            println!(
                "kept {} ({}) in use by a running recette",
                plural(cleared.kept, "item"),
                human(cleared.kept_bytes)
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let survey = sweep::survey(&cache, std::time::SystemTime::now());
    let total: u64 = survey.items.iter().map(|i| i.bytes).sum::<u64>() + survey.old_layout_bytes();
    println!("results folder: {}", cache.root().display());
    println!("size: {}", human(total));
    let line = |label: &str, state: State| {
        println!(
            "{label}: {} ({})",
            plural(survey.count(state), "item"),
            human(survey.bytes(state))
        );
    };
    line("in use by a running recette", State::InUse);
    line("current, not in use (removed by --clear)", State::Kept);
    line(
        "superseded or left by a stopped recette (removed automatically)",
        State::Removable,
    );
    if !survey.old_layouts.is_empty() {
        println!(
            "older layouts (removed by --clear): {} ({})",
            plural(survey.old_layouts.len(), "item"),
            human(survey.old_layout_bytes())
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
