//! `recette verdict` (a checklist item's verdict for a delivery), `recette signoff` (a
//! référent accepts a resource) and `recette sample` (the records of a sample review).

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Context, bail};
use serde_json::json;

use super::context::{self, require_checklist};
use super::record::Recorder;
use crate::acceptance::words;
use crate::domain::campaign::Campaign;
use crate::domain::checklist::ItemKind;
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::text::for_terminal;
use crate::journal::VerdictValue;
use crate::journal::actions::{self, SIGNOFF_RESERVED, SIGNOFF_SET, SIGNOFF_WITHDRAW, VERDICT_SET};
use crate::store::{Engine, sample};

pub fn set(
    campaign: &Campaign,
    recorder: &Recorder,
    resource: &str,
    item: &str,
    delivery: Option<&str>,
    value: &str,
    comment: Option<&str>,
) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, resource)?;
    let delivery = super::delivery(campaign, delivery)?;
    let checklist = require_checklist(campaign)?;
    let Some(found) = checklist.item(item).filter(|i| i.resource == resource.name) else {
        let ids: Vec<&str> = checklist
            .items_for(&resource.name)
            .map(|i| i.id.as_str())
            .collect();
        bail!(
            "no item `{item}` for resource `{}` in {}; its items: {}",
            resource.name,
            checklist.file.display(),
            ids.join(", ")
        );
    };
    let value = VerdictValue::parse(value).context("a verdict is ok, ko, na, blocked or todo")?;
    if matches!(found.kind, ItemKind::Automated { .. }) && comment.is_none() {
        bail!("`{item}` is computed by recette; overriding it needs a --comment saying why");
    }
    recorder.record(
        VERDICT_SET,
        actions::verdict_set(&resource.name, item, &delivery.id, value, comment),
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `recette signoff`: refused (exit 1, every reason named) unless the rules allow a
/// sign-off without reservation, or `with_reservations` says why it is given anyway.
#[allow(clippy::too_many_arguments)]
pub fn signoff(
    campaign: &Campaign,
    recorder: &Recorder,
    resource: &str,
    delivery: Option<&str>,
    withdraw: bool,
    with_reservations: Option<&str>,
    comment: Option<&str>,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, resource)?;
    let delivery = super::delivery(campaign, delivery)?;
    if withdraw {
        recorder.record(
            SIGNOFF_WITHDRAW,
            actions::signoff_withdraw(&resource.name, &delivery.id, comment),
        )?;
        eprintln!(
            "recette: {}",
            for_terminal(&fill(t.signoff_withdrawn, &[&resource.label, &delivery.id]))
        );
        return Ok(ExitCode::SUCCESS);
    }
    let why = match with_reservations.map(str::trim) {
        Some("") => bail!(
            "--with-reservations needs the reason, e.g. --with-reservations \"noms à reprendre en L3\""
        ),
        other => other,
    };
    let checklist = require_checklist(campaign)?;
    let state = recorder.state()?;
    let engine = Engine::open(campaign.clone())?;
    let view = context::view(
        campaign,
        &engine,
        Some(&checklist),
        &state,
        resource,
        delivery,
    )?;
    // As the journal records them (French, whatever the language), and as the user reads them.
    let refused: Vec<String> = view
        .progress
        .refusals
        .iter()
        .map(ToString::to_string)
        .collect();
    let said: Vec<String> = view
        .progress
        .refusals
        .iter()
        .map(|r| words::reason(t, campaign, &resource.name, r))
        .collect();
    let Some(why) = why else {
        if !said.is_empty() {
            eprintln!(
                "recette: {}",
                for_terminal(&fill(
                    t.signoff_refused_on,
                    &[&resource.label, &delivery.id]
                ))
            );
            for reason in &said {
                eprintln!("  - {}", for_terminal(reason));
            }
            eprintln!("recette: {}", t.signoff_refused_hint);
            return Ok(ExitCode::from(1));
        }
        recorder.record(
            SIGNOFF_SET,
            actions::signoff_set(&resource.name, &delivery.id, comment, view.files.payload()),
        )?;
        eprintln!(
            "recette: {}",
            for_terminal(&fill(t.signed_on, &[&resource.label, &delivery.id]))
        );
        return Ok(ExitCode::SUCCESS);
    };
    recorder.record(
        SIGNOFF_RESERVED,
        actions::signoff_reserved(
            &resource.name,
            &delivery.id,
            why,
            &refused,
            comment,
            view.files.payload(),
        ),
    )?;
    eprintln!(
        "recette: {}",
        for_terminal(&fill(
            t.signed_on_reserved,
            &[&resource.label, &delivery.id, why]
        ))
    );
    for reason in &said {
        eprintln!("{}", for_terminal(&fill(t.reason_accepted, &[reason])));
    }
    Ok(ExitCode::SUCCESS)
}

/// Draws the records of a sample-review item (the same for everyone on a delivery), records
/// the draw in the journal and prints the keys as CSV.
pub fn sample(
    campaign: &Campaign,
    recorder: &Recorder,
    resource: &str,
    item: &str,
    delivery: Option<&str>,
    t: &Catalogue,
) -> anyhow::Result<ExitCode> {
    let resource = super::resource(campaign, resource)?;
    let delivery = super::delivery(campaign, delivery)?;
    let checklist = require_checklist(campaign)?;
    let Some(ItemKind::Sample { size, seed, .. }) = checklist
        .item(item)
        .filter(|i| i.resource == resource.name)
        .map(|i| &i.kind)
    else {
        bail!(
            "`{item}` is not a sample-review item of resource `{}` in {}",
            resource.name,
            checklist.file.display()
        );
    };
    // One sample per delivery: the delivery is part of the seed, so each delivery's review
    // looks at other records, and every référent of a delivery gets the same ones.
    let seed = format!("{seed}/{}", delivery.id);
    let engine = Engine::open(campaign.clone())?;
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    let keys = sample::draw(
        engine.connection(),
        &reconciled.files.keys,
        resource.key.len(),
        &seed,
        *size,
    )?;
    let payload = json!({ "resource": resource.name, "item": item, "delivery": delivery.id, "seed": seed, "keys": keys });
    let entry = recorder
        .journal
        .append(
            &recorder.author,
            crate::journal::actions::SAMPLE_DRAW,
            payload,
        )
        .context("writing to the journal")?;
    eprintln!(
        "recette: {}",
        t.plural(
            t.records_drawn,
            keys.len() as u64,
            &[&keys.len().to_string(), &entry.id]
        )
    );
    // The keys as `recette keys` prints them: exact to a pipe, escaped on a terminal.
    let terminal = std::io::stdout().is_terminal();
    let mut escaped = false;
    let mut out = csv::Writer::from_writer(std::io::stdout().lock());
    out.write_record(
        super::keys::fields(&resource.key, terminal, &mut escaped)
            .iter()
            .map(|f| f.as_bytes()),
    )?;
    for key in &keys {
        let parts: Vec<&str> = key.iter().map(|v| v.as_deref().unwrap_or("")).collect();
        out.write_record(
            super::keys::fields(&parts, terminal, &mut escaped)
                .iter()
                .map(|f| f.as_bytes()),
        )?;
    }
    out.flush()?;
    drop(out);
    super::keys::said_escaped(escaped, t);
    Ok(ExitCode::SUCCESS)
}
