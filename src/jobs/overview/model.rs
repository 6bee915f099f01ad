//! What the overview job delivers: every resource against one delivery (reconciled, or
//! why not), its trend since the previous delivery, and the go/no-go. Plain data, sent by
//! value to the screens; must not import `app`/`tui`.

use crate::acceptance::{self, ItemVerdict, ResourceProgress};
use crate::domain::campaign::{Resource, Resources};
use crate::store::Reconciled;
use crate::store::deliveries::DeliveryComparison;

/// Every resource against one delivery, with the recette record around it.
#[derive(Debug, Clone)]
pub struct Overview {
    pub delivery: String,
    /// The delivery the go/no-go is about: the last one.
    pub last_delivery: String,
    /// Every resource of the campaign, in the campaign's order: reconciled, or failed.
    pub resources: Vec<ResourceOutcome>,
    /// The go/no-go for the switch-over, on the last delivery (a resource that could not
    /// be reconciled there is a NO-GO).
    pub go: acceptance::GoNoGo,
    /// Resources the last delivery could not be reconciled for: not ready, whatever else.
    pub failed: Vec<String>,
    /// Every defect of the journal, by id.
    pub defects: Vec<crate::journal::DefectRecord>,
    /// Value patterns of the last delivery no defect covers yet.
    pub suggestions: Vec<acceptance::defects::Suggestion>,
    /// What the journal had to say (a torn last line, an action of a newer recette, a
    /// defect id met twice), each a sentence; the console shows each once.
    pub journal_notes: Vec<String>,
    /// Why the journal could not be read (file, line, what to do): then verdicts, defects
    /// and sign-offs are shown as if none were recorded, and this says so.
    pub journal_error: Option<String>,
}

/// One resource on the home screen: reconciled against the delivery, or the reason it
/// could not be. An enum so that no screen can read counts of a resource that has none.
#[derive(Debug, Clone)]
pub enum ResourceOutcome {
    Reconciled(Box<ResourceOverview>),
    Failed(Box<FailedResource>),
}

/// A resource reconciled against the delivery (what the explorer and the checklist open).
#[derive(Debug, Clone)]
pub struct ResourceOverview {
    pub resource: Resource,
    pub reconciled: Reconciled,
    pub verdicts: Vec<ItemVerdict>,
    /// The checklist's items of the resource (criteria, sample settings), in file order.
    pub items: Vec<crate::domain::checklist::Item>,
    pub progress: ResourceProgress,
    /// What changed since the delivery before this one.
    pub trend: Trend,
    /// Records of the sample-review items found right on this delivery (`sample.mark`):
    /// the item and the record's key.
    pub sample_oks: Vec<(String, crate::domain::report::KeyValue)>,
    /// The digests of the files a sign-off covers, as the overview found them (what a
    /// sign-off from the console records).
    pub files: crate::domain::signoff::SignoffFiles,
}

/// A resource whose reconciliation failed (a file missing or unreadable, data its SQL
/// cannot take): its row says why, the other resources are shown as usual.
#[derive(Debug, Clone)]
pub struct FailedResource {
    pub resource: Resource,
    /// The error as the store words it (file, line, what to do), with paths relative to the
    /// campaign's folder; raw text from files, so screens sanitise it.
    pub error: String,
    /// Where the resource stands from the journal alone: people's verdicts, open defects,
    /// sign-off (automated items cannot be computed without the reconciliation).
    pub progress: ResourceProgress,
}

/// The trend of a resource from the previous delivery to this one.
#[derive(Debug, Clone)]
pub enum Trend {
    /// The first delivery: nothing to compare with.
    FirstDelivery,
    /// Being computed by the trends job, after the overview (`jobs::spawn_trends`).
    Pending,
    /// Per failure category and column: fixed, still failing, came back, new.
    Compared(DeliveryComparison),
    /// The previous delivery (its id) could not be reconciled or compared: why.
    Unavailable { previous: String, error: String },
}

/// The labels of the resources shown, for the words of the go line and the defects.
impl Resources for Overview {
    fn find_resource(&self, name: &str) -> Option<&Resource> {
        self.resources
            .iter()
            .map(ResourceOutcome::resource)
            .find(|r| r.name == name)
    }
}

impl ResourceOutcome {
    pub fn resource(&self) -> &Resource {
        match self {
            ResourceOutcome::Reconciled(r) => &r.resource,
            ResourceOutcome::Failed(f) => &f.resource,
        }
    }

    pub fn progress(&self) -> &ResourceProgress {
        match self {
            ResourceOutcome::Reconciled(r) => &r.progress,
            ResourceOutcome::Failed(f) => &f.progress,
        }
    }

    /// The reconciled resource; `None` when it failed.
    pub fn reconciled(&self) -> Option<&ResourceOverview> {
        match self {
            ResourceOutcome::Reconciled(r) => Some(r),
            ResourceOutcome::Failed(_) => None,
        }
    }

    /// Why the resource could not be reconciled; `None` when it was.
    pub fn error(&self) -> Option<&str> {
        match self {
            ResourceOutcome::Reconciled(_) => None,
            ResourceOutcome::Failed(f) => Some(&f.error),
        }
    }
}
