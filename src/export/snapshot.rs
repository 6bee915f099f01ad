//! The plain input of every export: the state of a campaign's recette at one moment, as
//! strings and numbers. Whoever builds it (from the journal's state and the reports) applies
//! the masking (`domain::mask`) and says so in `masked`; the writers only print.
//!
//! Vocabulary fields take the journal's spellings (`open`, `blocking`, `ko`...); the
//! spreadsheet and Markdown writers say them in the catalogue's language, JSON keeps them
//! as given.

use serde::{Deserialize, Serialize};

use crate::acceptance::causes::{CauseComparison, DefectCause};
use crate::domain::causes::Cause;
use crate::domain::comparison::DeliveryComparison;

/// The state of a campaign's recette, ready to export.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// The campaign's name.
    pub campaign: String,
    /// When the state was taken, RFC 3339 (e.g. `2026-10-12T09:30:00+02:00`).
    pub generated_at: String,
    /// Whether personal data was masked (`domain::mask`) by whoever built the snapshot.
    /// Printed in every output: "Données personnelles masquées" / "NON masquées".
    pub masked: bool,
    /// Delivery ids, oldest first.
    pub deliveries: Vec<String>,
    /// The go / no-go line for the switch-over, when the caller computed one
    /// (e.g. "NO-GO pour la bascule (livraison L2) : ressources non signées : visit").
    pub go_no_go: Option<String>,
    /// The decision for the switch-over, when the caller computed one (JSON: `"go"`,
    /// `"go_with_reservations"` or `"no_go"`), beside the sentence of `go_no_go`.
    #[serde(default)]
    pub decision: Option<Decision>,
    pub summary: Vec<SummaryRow>,
    pub checklist: Vec<ChecklistRow>,
    pub defects: Vec<DefectRow>,
    /// Delivery comparisons (`store::deliveries::compare`), one per resource and pair.
    pub comparison: Vec<DeliveryComparison>,
    /// Every differing column's causes, per delivery (`docs/causes.md`), with what changed
    /// since the previous delivery; values masked like the rest.
    #[serde(default)]
    pub causes: Vec<CauseRow>,
    /// The causes of each resource from one delivery to the next (`acceptance::causes`),
    /// one per resource and pair, beside `comparison`.
    #[serde(default)]
    pub cause_comparison: Vec<CauseComparison>,
}

/// One cause of one column on one delivery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CauseRow {
    pub resource: String,
    pub delivery: String,
    pub column: String,
    /// The cause as `recette check --format json` gives it (`kind`, `rows` in keys,
    /// `detail`, `patterns`, `suggestion`, `if_campaign_map_wrong`); `rows` is 0 for a cause
    /// the previous delivery had and this one no longer has (fixed).
    pub cause: Cause,
    /// The delivery before this one, if any, and the cause's keys there (0: new).
    pub previous_delivery: Option<String>,
    pub previous_rows: Option<u64>,
}

/// The decision for the switch-over: GO, GO with reservations (sign-offs given with
/// reservations), NO-GO.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Go,
    GoWithReservations,
    NoGo,
}

/// One resource for one delivery: reconciliation counts, checklist progress, sign-off.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SummaryRow {
    pub resource: String,
    /// The resource's label (e.g. "Salariés").
    pub label: String,
    pub delivery: String,
    /// Expected rows (source rows the rules keep).
    pub expected: u64,
    /// Migrated rows (rows of the delivery's file).
    pub migrated: u64,
    /// Matched keys whose rows are the same on both sides.
    pub identical: u64,
    /// Matched keys whose rows differ.
    pub differing: u64,
    pub missing: u64,
    pub unexpected: u64,
    pub excluded_but_migrated: u64,
    /// Duplicated keys, both sides together.
    pub duplicates: u64,
    /// Checklist items with a verdict other than "to do", out of `items_total`.
    pub items_done: u64,
    pub items_total: u64,
    /// Items whose verdict is OK / KO.
    pub ok: u64,
    pub ko: u64,
    /// Signed off on the files as they are (with or without reservations).
    pub signed_off: bool,
    /// Who signed off and when (e.g. "Marie Dupont, 2026-10-12"), if anyone did, with the
    /// reservations ("… — avec réserves : …") or why it no longer counts ("… — signée avant
    /// que les fichiers de L2 changent : à renouveler").
    pub signed_off_by: Option<String>,
    /// When it was signed off, RFC 3339, if signed off.
    #[serde(default)]
    pub signed_off_at: Option<String>,
}

/// One checklist item's verdict for one delivery.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistRow {
    pub resource: String,
    /// The item's id in the checklist (e.g. `nir-format`).
    pub item: String,
    pub label: String,
    /// `automated`, `sample` or `manual`.
    pub kind: String,
    pub delivery: String,
    /// `todo`, `ok`, `ko`, `na` or `blocked`.
    pub verdict: String,
    /// What the engine measured for an automated item (e.g. "212 écarts, seuil 0").
    pub measured: Option<String>,
    pub author: Option<String>,
    /// When the verdict was given, RFC 3339.
    pub time: Option<String>,
    pub comment: Option<String>,
}

/// One defect (anomalie) as it stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefectRow {
    /// Its id (e.g. `MD-7`).
    pub id: String,
    pub resource: String,
    /// The checklist item it came from.
    pub item: Option<String>,
    /// Record keys, one string each; the parts of a composite key joined by " / ".
    pub keys: Vec<String>,
    /// Migrated column names.
    pub columns: Vec<String>,
    /// What kind of defect (e.g. `mapping`, `rule`, `encoding`), as recorded.
    pub kind: Option<String>,
    /// `bloquante`, `majeure` or `mineure` (as the journal writes them).
    pub severity: String,
    /// `open`, `fixed`, `verified`, `reopened` or `rejected`.
    pub status: String,
    pub title: String,
    pub description: String,
    /// The delivery it was found in.
    pub found_in: Option<String>,
    /// The delivery it was fixed in.
    pub fixed_in: Option<String>,
    pub author: String,
    /// When it was recorded, RFC 3339.
    pub created: String,
    /// Source (expected) and migrated values of the records concerned.
    pub evidence: Vec<Evidence>,
    /// Its history, oldest first, one line per event (e.g.
    /// "2026-10-13 10:02 Jean Martin : corrigée en L2").
    pub history: Vec<String>,
    /// The cause it was raised from (resource, column, kind, detail, keys then), if it was.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cause: Option<DefectCause>,
}

/// One value attached to a defect: the expected (source) and the migrated value of one
/// column of one record; `None` is NULL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    pub key: String,
    pub column: String,
    pub expected: Option<String>,
    pub migrated: Option<String>,
}
