//! The defects screen: every defect of the journal, filtered as you type (`/`: id, resource,
//! severity, status, title), the selected one's evidence and history below, and its status
//! changed in one key — fixed in the delivery shown, verified, reopened, or rejected with a
//! reason typed. Pure state; must not import `tui` or `duckdb`.

use super::list::ListState;
use super::{Action, App, Effect};
use crate::jobs::Recording;
use crate::journal::{DefectRecord, DefectStatus};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefectsScreen {
    pub list: ListState,
    /// The defect whose rejection reason is being typed.
    pub rejecting: Option<String>,
}

/// What the filter matches on for a defect.
pub fn label(d: &DefectRecord) -> String {
    let title = d
        .details
        .get("title")
        .and_then(|v| v.as_str())
        .unwrap_or("");
    format!(
        "{} {} {} {} {}",
        d.id,
        d.resource,
        d.severity.as_str(),
        d.status.name(),
        title
    )
}

impl App {
    /// Every defect of the journal (as the last overview folded it).
    pub fn all_defects(&self) -> &[DefectRecord] {
        self.overview.as_ref().map_or(&[], |o| o.defects.as_slice())
    }

    /// Indexes of the defects shown (after the filter).
    pub fn visible_defects(&self) -> Vec<usize> {
        let labels: Vec<String> = self.all_defects().iter().map(label).collect();
        match &self.defects {
            Some(screen) => screen.list.visible(labels.iter().map(String::as_str)),
            None => Vec::new(),
        }
    }

    pub fn selected_defect(&self) -> Option<&DefectRecord> {
        let screen = self.defects.as_ref()?;
        let visible = self.visible_defects();
        screen
            .list
            .current(&visible)
            .map(|i| &self.all_defects()[i])
    }
}

/// A status key on the selected defect.
pub(super) fn change(app: &mut App, action: Action) -> Vec<Effect> {
    let Some(defect) = app.selected_defect().map(|d| d.id.clone()) else {
        return Vec::new();
    };
    let status = match action {
        Action::Fixed => match app.delivery_id() {
            Some(d) => DefectStatus::Fixed {
                delivery: d.to_string(),
            },
            None => return Vec::new(),
        },
        Action::Verified => DefectStatus::Verified,
        Action::Reopened => DefectStatus::Reopened,
        Action::Rejected => {
            if let Some(screen) = app.defects.as_mut() {
                screen.rejecting = Some(defect);
                app.input = Some(String::new());
            }
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    record(app, defect, status)
}

/// The reason typed: the rejection goes to the journal.
pub(super) fn reject(app: &mut App, reason: String) -> Vec<Effect> {
    let Some(defect) = app.defects.as_mut().and_then(|s| s.rejecting.take()) else {
        return Vec::new();
    };
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        app.notice = Some(super::Notice::ReasonRequired);
        return Vec::new();
    }
    record(app, defect, DefectStatus::Rejected { reason })
}

fn record(app: &mut App, defect: String, status: DefectStatus) -> Vec<Effect> {
    let id = app.next_id();
    app.saving = Some(id);
    vec![Effect::Record {
        id,
        recording: Recording::DefectStatus { defect, status },
    }]
}
