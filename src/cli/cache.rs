//! `recette cache [--clear]`: where the campaign's results folder is, how big, what a
//! running `recette` uses, what may go; `--clear` removes everything no running `recette`
//! uses (and older layouts) and says what it freed. Always exit 0 on a readable folder.

use std::process::ExitCode;

use crate::domain::campaign::Campaign;
use crate::domain::i18n::{Catalogue, fill};
use crate::store::cache::Cache;
use crate::store::sweep::{self, State, human};

pub fn run(campaign: &Campaign, clear: bool, t: &Catalogue) -> anyhow::Result<ExitCode> {
    let cache = Cache::for_campaign(&campaign.file)?;
    let folder =
        crate::domain::text::for_terminal(&cache.root().display().to_string()).into_owned();
    if clear {
        let cleared = sweep::clear(&cache);
        let removed = t.count(t.n_items_removed, cleared.removed as u64);
        println!(
            "{}",
            fill(t.cache_freed, &[&human(cleared.freed), &removed, &folder])
        );
        if cleared.kept > 0 {
            let kept = t.count(t.n_items, cleared.kept as u64);
            println!(
                "{}",
                fill(t.cache_kept, &[&kept, &human(cleared.kept_bytes)])
            );
        }
        return Ok(ExitCode::SUCCESS);
    }
    let survey = sweep::survey(&cache, std::time::SystemTime::now());
    let total: u64 = survey.items.iter().map(|i| i.bytes).sum::<u64>() + survey.old_layout_bytes();
    println!("{}", fill(t.cache_folder, &[&folder]));
    println!("{}", fill(t.cache_size, &[&human(total)]));
    let line = |label: &str, items: usize, bytes: u64| {
        let items = t.count(t.n_items, items as u64);
        println!("{}", fill(t.cache_line, &[label, &items, &human(bytes)]));
    };
    for (label, state) in [
        (t.cache_in_use, State::InUse),
        (t.cache_current, State::Kept),
        (t.cache_superseded, State::Removable),
    ] {
        line(label, survey.count(state), survey.bytes(state));
    }
    if !survey.old_layouts.is_empty() {
        line(
            t.cache_old_layouts,
            survey.old_layouts.len(),
            survey.old_layout_bytes(),
        );
    }
    Ok(ExitCode::SUCCESS)
}
