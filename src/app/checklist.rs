//! The resource checklist, the référent's path: the items of one resource for the delivery
//! shown, with their verdict (and earlier deliveries' as history); one key sets a verdict,
//! `c` adds a comment; every change goes to the journal through an effect. Pure state;
//! must not import `tui` or `duckdb`.

use super::list::ListState;
use super::{App, Effect, Notice};
use crate::acceptance::ItemVerdict;
use crate::jobs::{Recording, ResourceOutcome, ResourceOverview};
use crate::journal::VerdictValue;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChecklistScreen {
    /// The resource whose items are shown.
    pub resource: String,
    pub list: ListState,
    /// The verdict a comment being typed goes with (and the item), while the input is open.
    pub commenting: Option<(String, VerdictValue)>,
}

impl ChecklistScreen {
    pub fn new(resource: String) -> ChecklistScreen {
        ChecklistScreen {
            resource,
            ..ChecklistScreen::default()
        }
    }
}

impl App {
    /// The resource of the checklist, as the current overview has it (`None` if it could
    /// not be reconciled: `checklist_error` says why).
    pub fn checklist_target(&self) -> Option<&ResourceOverview> {
        self.checklist_outcome()?.reconciled()
    }

    /// Why the resource of the checklist could not be reconciled, if it could not.
    pub fn checklist_error(&self) -> Option<&str> {
        self.checklist_outcome()?.error()
    }

    pub fn checklist_outcome(&self) -> Option<&ResourceOutcome> {
        let name = &self.checklist.as_ref()?.resource;
        self.current_overview()?
            .resources
            .iter()
            .find(|r| &r.resource().name == name)
    }

    /// The items of the checklist shown, in the checklist's order.
    pub fn checklist_items(&self) -> &[ItemVerdict] {
        self.checklist_target()
            .map(|r| r.verdicts.as_slice())
            .unwrap_or(&[])
    }

    /// The selected item.
    pub fn checklist_item(&self) -> Option<&ItemVerdict> {
        let screen = self.checklist.as_ref()?;
        self.checklist_items().get(screen.list.selected)
    }
}

/// The verdict a key sets.
pub fn verdict_of(action: super::Action) -> Option<VerdictValue> {
    use super::Action::*;
    match action {
        VerdictOk => Some(VerdictValue::Ok),
        VerdictKo => Some(VerdictValue::Ko),
        VerdictNa => Some(VerdictValue::Na),
        VerdictBlocked => Some(VerdictValue::Blocked),
        VerdictTodo => Some(VerdictValue::Todo),
        _ => None,
    }
}

/// Sets the selected item's verdict. An automated item is computed by recette: a person
/// overriding it says why, so its verdict opens the comment first.
pub(super) fn set_verdict(app: &mut App, value: VerdictValue) -> Vec<Effect> {
    let Some(item) = app.checklist_item().cloned() else {
        return Vec::new();
    };
    if item.kind == "automated" {
        return ask_comment(app, value);
    }
    record_verdict(app, &item, value, None)
}

/// Opens the comment input for the selected item's verdict (`value`).
pub(super) fn ask_comment(app: &mut App, value: VerdictValue) -> Vec<Effect> {
    let Some(item) = app.checklist_item().map(|i| i.item.clone()) else {
        return Vec::new();
    };
    if let Some(screen) = app.checklist.as_mut() {
        screen.commenting = Some((item, value));
        app.input = Some(String::new());
    }
    Vec::new()
}

/// The comment typed: the verdict goes to the journal with it.
pub(super) fn submit_comment(app: &mut App, text: String) -> Vec<Effect> {
    let Some((item, value)) = app.checklist.as_mut().and_then(|s| s.commenting.take()) else {
        return Vec::new();
    };
    let Some(found) = app
        .checklist_items()
        .iter()
        .find(|i| i.item == item)
        .cloned()
    else {
        return Vec::new();
    };
    let text = text.trim().to_string();
    if text.is_empty() && found.kind == "automated" {
        app.notice = Some(Notice::CommentRequired);
        return Vec::new();
    }
    let comment = (!text.is_empty()).then_some(text);
    record_verdict(app, &found, value, comment)
}

fn record_verdict(
    app: &mut App,
    item: &ItemVerdict,
    value: VerdictValue,
    comment: Option<String>,
) -> Vec<Effect> {
    let id = app.next_id();
    app.saving = Some(id);
    vec![Effect::Record {
        id,
        recording: Recording::Verdict {
            resource: item.resource.clone(),
            item: item.item.clone(),
            delivery: item.delivery.clone(),
            value,
            comment,
        },
    }]
}

/// The current verdict of an item as a value (for a comment on it).
pub fn current_value(item: &ItemVerdict) -> VerdictValue {
    VerdictValue::parse(item.verdict).unwrap_or(VerdictValue::Todo)
}
