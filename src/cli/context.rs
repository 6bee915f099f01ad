//! What the recette commands read together: the checklist, the reports of a delivery and
//! the item verdicts and progress built from them and the journal.

use anyhow::{Context, bail};

use crate::acceptance::{self, ItemVerdict, ResourceProgress};
use crate::domain::campaign::{Campaign, Delivery, Resource};
use crate::domain::checklist::Checklist;
use crate::domain::signoff::SignoffFiles;
use crate::journal::State;
use crate::store::{Engine, Reconciled, digests};

/// Reads the campaign's checklist, if it names one.
pub fn load_checklist(campaign: &Campaign) -> anyhow::Result<Option<Checklist>> {
    let Some(file) = &campaign.checklist else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(file).with_context(|| {
        format!(
            "cannot read the checklist {} named by {} (key `checklist`)",
            file.display(),
            campaign.file.display()
        )
    })?;
    Ok(Some(Checklist::parse(file, &text, campaign)?))
}

/// The checklist, or an error saying the campaign has none.
pub fn require_checklist(campaign: &Campaign) -> anyhow::Result<Checklist> {
    match load_checklist(campaign)? {
        Some(c) => Ok(c),
        None => bail!(
            "{} names no checklist; add `checklist = \"checklist.toml\"` (see docs/checklist.md)",
            campaign.file.display()
        ),
    }
}

/// One resource on one delivery, everything the status, sign-off and export need.
pub struct ResourceView<'a> {
    pub resource: &'a Resource,
    pub reconciled: Reconciled,
    pub verdicts: Vec<ItemVerdict>,
    pub progress: ResourceProgress,
    /// The digests of the files a sign-off of it covers, as they are now.
    pub files: SignoffFiles,
}

/// The deliveries before `delivery`, oldest first.
pub fn earlier(campaign: &Campaign, delivery: &Delivery) -> Vec<String> {
    campaign
        .deliveries
        .iter()
        .take_while(|d| d.id != delivery.id)
        .map(|d| d.id.clone())
        .collect()
}

pub fn views<'a>(
    campaign: &'a Campaign,
    engine: &Engine,
    checklist: Option<&Checklist>,
    state: &State,
    delivery: &Delivery,
) -> anyhow::Result<Vec<ResourceView<'a>>> {
    campaign
        .resources
        .iter()
        .map(|resource| view(campaign, engine, checklist, state, resource, delivery))
        .collect()
}

/// One resource on one delivery.
pub fn view<'a>(
    campaign: &Campaign,
    engine: &Engine,
    checklist: Option<&Checklist>,
    state: &State,
    resource: &'a Resource,
    delivery: &Delivery,
) -> anyhow::Result<ResourceView<'a>> {
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    let verdicts = match checklist {
        Some(c) => acceptance::item_verdicts(
            c,
            state,
            &resource.name,
            &delivery.id,
            &earlier(campaign, delivery),
            Some(&reconciled.report),
        ),
        None => Vec::new(),
    };
    let files = digests::signoff_files(engine.cache(), campaign, resource, delivery);
    let progress = acceptance::resource_progress(
        &resource.name,
        &delivery.id,
        &verdicts,
        state,
        Some(&reconciled.report),
        &files,
    );
    Ok(ResourceView {
        resource,
        reconciled,
        verdicts,
        progress,
        files,
    })
}
