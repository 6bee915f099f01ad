//! `recette demo`: writes a deterministic synthetic campaign (the committed sample, benchmarks).
//!
//! The campaign is the acceptance phase of a migration in the Allier: the occupational-health
//! service SSTI03 moves from the legacy software « préventiel » to « padoa ». [`write_campaign`]
//! writes, under a directory:
//!
//! ```text
//! campaign.toml                      the campaign definition (resources, rules, mappings)
//! source/*.csv                       the legacy extraction (`;`, Windows-1252, CRLF, dd/mm/yyyy)
//! deliveries/L1/, deliveries/L2/     two deliveries of the migrated data (UTF-8, ISO dates)
//! PLANTED.md                         the defects planted in the deliveries, with exact counts
//! ```
//!
//! The same options and seed always give byte-identical files: one seeded ChaCha8 stream drives
//! every choice, nothing depends on the clock or on hash-map order. Rows are streamed to disk,
//! so `--rows 1000000` runs in seconds with little memory.
//!
//! The committed `sample-data/` is `write_campaign(dir, &DemoOptions::default())`; a test fails
//! when it drifts from the generator. [`bundled`] embeds it in the binary (the bare `recette`
//! writes it out to the user's data folder). To regenerate it after changing the generator:
//!
//! ```text
//! cargo run --release -- demo sample-data --force
//! # or, without the command line:
//! RECETTE_REGENERATE_SAMPLE=1 cargo test --release --test demo
//! ```

mod activity;
pub mod bundled;
mod employees;
mod firms;
mod identity;
mod lexicon;
mod output;
mod planted;
pub mod probe;
mod random;
mod schema;
mod sink;
mod tally;

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use activity::Activity;
use output::ResourceOut;
use random::DemoRng;
use schema::{DELIVERIES, EMPLOYEE, FIRM};

/// What to generate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    /// Number of employees; the other resources scale with it (firms ≈ rows/25,
    /// contracts ≈ 1.1×, visits ≈ 1.5×, exams ≈ 0.6×).
    pub rows: usize,
    /// Seed of the random stream: same rows and seed, same bytes.
    pub seed: u64,
}

impl Default for DemoOptions {
    fn default() -> Self {
        DemoOptions {
            rows: 400,
            seed: 42,
        }
    }
}

/// Writes the demo campaign under `dir` (created if needed; existing demo files overwritten).
pub fn write_campaign(dir: &Path, opts: &DemoOptions) -> Result<()> {
    fs::create_dir_all(dir.join("source"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    for (_, sub, _) in DELIVERIES {
        fs::create_dir_all(dir.join(sub))
            .with_context(|| format!("cannot create {}", dir.join(sub).display()))?;
    }
    let rows = opts.rows as u64;
    let mut rng = DemoRng::new(opts.seed);

    let mut firm_out = ResourceOut::create(dir, &FIRM)?;
    let firms = firms::write(&mut firm_out, &mut rng, rows)?;
    let mut tallies = firm_out.finish()?;

    let mut employee_out = ResourceOut::create(dir, &EMPLOYEE)?;
    let mut activity = Activity::create(dir, rows)?;
    employees::write(&mut employee_out, &mut activity, &mut rng, &firms, rows)?;
    tallies.extend(employee_out.finish()?);
    tallies.extend(activity.finish()?);

    write_file(
        &dir.join("campaign.toml"),
        &schema::campaign_toml(opts.rows, opts.seed),
    )?;
    // The campaign carries its checklist, so a demo copied anywhere stays whole;
    // `checklists/ssti03.toml` is the one people edit.
    write_file(&dir.join("checklist.toml"), CHECKLIST)?;
    write_file(
        &dir.join("PLANTED.md"),
        &planted::render(&tallies, opts.rows, opts.seed),
    )?;
    Ok(())
}

/// [`write_campaign`], plus the resource `probe` whose L1 has every cause of
/// `docs/causes.md` planted in known rows (`recette demo --plant-causes`, see [`probe`]):
/// `planted-causes.csv` lists them, `CAUSES.md` says what they are. Returns what was planted.
pub fn write_campaign_with_causes(
    dir: &Path,
    opts: &DemoOptions,
) -> Result<Vec<probe::PlantedCause>> {
    write_campaign(dir, opts)?;
    let planted = probe::write(dir, opts.rows, opts.seed)?;
    let note = format!(
        "\n## Planted causes\n\nThis campaign was written with `--plant-causes`: the resource `{}` \
         is not counted above; its L1 holds the causes listed in CAUSES.md and {}.\n",
        probe::RESOURCE,
        probe::PLANTED_FILE
    );
    let planted_md = dir.join("PLANTED.md");
    let mut text = fs::read_to_string(&planted_md)
        .with_context(|| format!("cannot read {}", planted_md.display()))?;
    text.push_str(&note);
    write_file(&planted_md, &text)?;
    Ok(planted)
}

/// The checklist of the sample campaign (`checklists/ssti03.toml`).
pub const CHECKLIST: &str = include_str!("../../checklists/ssti03.toml");

fn write_file(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))
}

/// Copies the campaign folder `from` (the bundled sample, a demo) to `to`, leaving out
/// journal folders (`<campaign>.journal/`): they are what people recorded on that copy,
/// not part of the campaign. Tests, screenshots and benchmarks start from a clean copy.
pub fn copy_campaign(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    for entry in fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        let target = to.join(&name);
        if entry.file_type()?.is_dir() {
            if name.to_string_lossy().ends_with(".journal") {
                continue;
            }
            copy_campaign(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
