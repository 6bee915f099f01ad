//! `recette keys`: every key of a category, one per line, as CSV with a header.

use std::io::Write;
use std::process::ExitCode;

use anyhow::Context;

use crate::domain::campaign::Campaign;
use crate::domain::report::KeyCategory;
use crate::store::{Engine, StoreError};

pub fn run(
    campaign: &Campaign,
    resource: &str,
    category: KeyCategory,
    column: Option<&str>,
    delivery: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, resource)?;
    let delivery = super::delivery(campaign, delivery)?;
    if column.is_some() && category != KeyCategory::Differing {
        anyhow::bail!("--column goes with --category differing");
    }
    let engine = Engine::open(campaign.clone())?;
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    // Refuse a wrong --column before anything reaches stdout (scripts read it).
    if let Some(c) = column
        && !reconciled.report.columns.iter().any(|x| x.name == c)
    {
        let names: Vec<&str> = reconciled
            .report
            .columns
            .iter()
            .map(|x| x.name.as_str())
            .collect();
        anyhow::bail!(
            "`{c}` is not a compared column of resource `{}`; compared: {}",
            resource.name,
            names.join(", ")
        );
    }
    let stdout = std::io::stdout();
    let mut out = csv::Writer::from_writer(stdout.lock());
    out.write_record(&resource.key)
        .context("writing to stdout")?;
    engine.keys(resource, &reconciled, category, column, |key| {
        let fields: Vec<&str> = key.iter().map(|v| v.as_deref().unwrap_or("")).collect();
        out.write_record(&fields).map_err(|e| StoreError::Io {
            path: "stdout".into(),
            source: e.into(),
        })
    })?;
    out.flush().context("writing to stdout")?;
    drop(out);
    std::io::stdout().flush().ok();
    Ok(ExitCode::SUCCESS)
}
