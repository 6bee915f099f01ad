//! Raising a defect from a column's cause (issue 14: one defect per cause), shared by
//! `recette defect new --column C --cause KIND` and the console: the cause as the delivery's
//! results have it, its first keys (at most `acceptance::causes::EXAMPLE_KEYS`, never all
//! of them), then the journal entry `acceptance::causes::plan_cause` decides. Must not
//! import `app` or `tui`.

use crate::acceptance::causes::{CauseReport, DefectCause, EXAMPLE_KEYS, plan_cause};
use crate::acceptance::defects::{self, DefectWrite};
use crate::domain::causes::CauseKind;
use crate::domain::report::KeyValue;
use crate::journal::{Journal, Severity, State};
use crate::store::{Engine, StoreError};

/// What a person asks: a defect for the cause `kind` of `resource`.`column` on `delivery`.
#[derive(Debug, Clone, PartialEq)]
pub struct CauseDefectRequest {
    pub resource: String,
    pub column: String,
    pub kind: CauseKind,
    pub delivery: String,
    pub severity: Severity,
    /// The caller's title (`acceptance::cause_words::defect_title` gives one in words).
    pub title: String,
    pub description: Option<String>,
    pub item: Option<String>,
    /// A new defect even when an open one has the same cause.
    pub separate: bool,
}

/// Why a cause cannot be reported.
#[derive(Debug, thiserror::Error)]
pub enum CauseDefectError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("there is no resource `{0}` in the campaign")]
    NoResource(String),
    #[error("there is no delivery `{0}` in the campaign")]
    NoDelivery(String),
    #[error("`{column}` is not a compared column of resource `{resource}` on delivery {delivery}")]
    NoColumn {
        resource: String,
        column: String,
        delivery: String,
    },
    /// The cause is not there: `found` lists the column's causes (`encoding × 7`).
    #[error(
        "column `{column}` of `{resource}` has no `{kind}` cause on delivery {delivery}; its causes: {found}"
    )]
    NoCause {
        resource: String,
        column: String,
        kind: CauseKind,
        delivery: String,
        found: String,
    },
}

/// The report of `request` from the delivery's results (reconciled, or read back from the
/// results folder): the cause, its first keys in key order.
pub fn cause_report(
    engine: &Engine,
    request: &CauseDefectRequest,
) -> Result<CauseReport, CauseDefectError> {
    let campaign = engine.campaign();
    let resource = campaign
        .resource(&request.resource)
        .ok_or_else(|| CauseDefectError::NoResource(request.resource.clone()))?;
    let delivery = campaign
        .delivery(Some(&request.delivery))
        .ok_or_else(|| CauseDefectError::NoDelivery(request.delivery.clone()))?;
    let reconciled = engine.reconcile(resource, delivery, &mut |_| {})?;
    let column =
        reconciled
            .report
            .column(&request.column)
            .ok_or_else(|| CauseDefectError::NoColumn {
                resource: request.resource.clone(),
                column: request.column.clone(),
                delivery: delivery.id.clone(),
            })?;
    let Some(cause) = column.causes.iter().find(|c| c.kind == request.kind) else {
        let found: Vec<String> = column
            .causes
            .iter()
            .map(|c| format!("{} × {}", c.kind, c.rows))
            .collect();
        return Err(CauseDefectError::NoCause {
            resource: request.resource.clone(),
            column: request.column.clone(),
            kind: request.kind,
            delivery: delivery.id.clone(),
            found: if found.is_empty() {
                "none".into()
            } else {
                found.join(", ")
            },
        });
    };
    let examples = first_keys(engine, &request.column, request.kind, resource, &reconciled)?;
    Ok(CauseReport {
        cause: DefectCause::new(&resource.name, &request.column, cause),
        examples,
        item: request.item.clone(),
        severity: request.severity,
        title: request.title.clone(),
        description: request.description.clone(),
        delivery: delivery.id.clone(),
        separate: request.separate,
    })
}

/// The first keys of a cause, in key order: the stream is stopped once enough are read.
fn first_keys(
    engine: &Engine,
    column: &str,
    kind: CauseKind,
    resource: &crate::domain::campaign::Resource,
    reconciled: &crate::store::Reconciled,
) -> Result<Vec<KeyValue>, StoreError> {
    let mut keys = Vec::new();
    let read = engine.keys_of_cause(resource, reconciled, column, kind, |key| {
        keys.push(key);
        if keys.len() >= EXAMPLE_KEYS {
            // Enough: `Cancelled` stops the stream (nothing else is read).
            Err(StoreError::Cancelled)
        } else {
            Ok(())
        }
    });
    match read {
        Ok(()) | Err(StoreError::Cancelled) => Ok(keys),
        Err(other) => Err(other),
    }
}

/// What was written: the defect's id, and whether the report joined an open defect of the
/// same cause (an occurrence) rather than making a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Raised {
    pub defect: String,
    pub joined: bool,
}

/// Raises `report` as `author` in `journal` (the journal's lock and checks apply): a new
/// defect, or an occurrence of the open defect of that cause.
pub fn raise(
    journal: &Journal,
    author: &str,
    report: &CauseReport,
) -> Result<Raised, crate::journal::JournalError> {
    let state = State::from_entries(&journal.entries()?);
    let write = plan_cause(report, &state);
    let joined = matches!(write, DefectWrite::Occurrence { .. });
    let defect = defects::record(journal, author, write)?;
    Ok(Raised { defect, joined })
}
