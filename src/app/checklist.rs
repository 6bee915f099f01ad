//! The resource checklist, the référent's path: the items of one resource for the delivery
//! shown, with their verdict (and earlier deliveries' as history); one key sets a verdict,
//! `c` adds a comment; every change goes to the journal through an effect. Pure state;
//! must not import `tui` or `duckdb`.

use super::explorer::Explorer;
use super::list::ListState;
use super::stack::Screen;
use super::update::{movement, type_line};
use super::{Action, App, Effect, InputKey, Notice, Purpose, Write, defect_form, sample, signoff};
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
        let name = &self.checklist()?.resource;
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

    /// A sample item's review under way: records reviewed (found right, or named by a
    /// defect raised from the item on its delivery), of the sample's size. `None` for
    /// another kind of item.
    pub fn sample_progress(&self, item: &ItemVerdict) -> Option<(usize, usize)> {
        let target = self.checklist_target()?;
        let spec = target.items.iter().find(|i| i.id == item.item)?;
        let crate::domain::checklist::ItemKind::Sample { size, .. } = &spec.kind else {
            return None;
        };
        let mut keys: Vec<&crate::domain::report::KeyValue> = target
            .sample_oks
            .iter()
            .filter(|(i, _)| *i == item.item)
            .map(|(_, k)| k)
            .collect();
        let named = self.all_defects().iter().filter(|d| {
            d.resource == target.resource.name
                && d.item.as_deref() == Some(item.item.as_str())
                && d.delivery.as_deref() == Some(item.delivery.as_str())
        });
        let mut defect_keys = Vec::new();
        for d in named {
            for payload in std::iter::once(&d.details).chain(&d.occurrences) {
                if let Some(found) = payload.get("keys").and_then(|k| {
                    serde_json::from_value::<Vec<crate::domain::report::KeyValue>>(k.clone()).ok()
                }) {
                    defect_keys.extend(found);
                }
            }
        }
        keys.extend(defect_keys.iter());
        keys.sort();
        keys.dedup();
        // The draw takes every matched key when there are fewer than the size.
        let report = &target.reconciled.report;
        let drawn = (*size as u64).min(report.identical_rows + report.differing_rows) as usize;
        Some((keys.len().min(drawn), drawn))
    }

    /// The selected item.
    pub fn checklist_item(&self) -> Option<&ItemVerdict> {
        let screen = self.checklist()?;
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
    if let Some(screen) = app.checklist_mut() {
        screen.commenting = Some((item, value));
        app.input = Some(String::new());
    }
    Vec::new()
}

/// The comment typed: the verdict goes to the journal with it.
pub(super) fn submit_comment(app: &mut App, text: String) -> Vec<Effect> {
    let Some((item, value)) = app.checklist_mut().and_then(|s| s.commenting.take()) else {
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
    let id = app.jobs.start(Purpose::Write(Write::Entry));
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

/// A key on the checklist.
pub(super) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows() as isize;
    let len = app.checklist_items().len();
    if let Some(value) = verdict_of(action) {
        return set_verdict(app, value);
    }
    let delta = match action {
        Action::Back | Action::Left => {
            app.close_top();
            return Vec::new();
        }
        Action::Signoff => return signoff::open(app),
        Action::NextTodo => return super::todo::go(app),
        Action::NewDefect => {
            let (Some(item), Some(target), Some(delivery)) = (
                app.checklist_item(),
                app.checklist_target(),
                app.delivery_id(),
            ) else {
                return Vec::new();
            };
            let form = defect_form::for_item(target, delivery, item);
            return defect_form::open(app, form, None);
        }
        Action::Comment => {
            let value = app.checklist_item().map(current_value);
            return match value {
                Some(value) => ask_comment(app, value),
                None => Vec::new(),
            };
        }
        Action::Enter | Action::Right => {
            // A sample-review item opens its review.
            if let Some(effects) = sample::open(app) {
                return effects;
            }
            // Any other: the item's resource in the diff explorer (its Esc comes back here).
            let target = app
                .checklist_target()
                .cloned()
                .zip(app.current_overview().map(|o| o.delivery.clone()));
            if let Some((target, delivery)) = target {
                app.open(Screen::Explorer(Explorer::new(target, delivery)));
            }
            return Vec::new();
        }
        _ => match movement(action, page) {
            Some(delta) => delta,
            None => return Vec::new(),
        },
    };
    if let Some(screen) = app.checklist_mut() {
        screen.list.move_by(delta, len);
    }
    Vec::new()
}

/// A key typed in the comment of a verdict.
pub(super) fn on_comment_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    match key {
        InputKey::Esc => {
            app.input = None;
            if let Some(screen) = app.checklist_mut() {
                screen.commenting = None;
            }
        }
        InputKey::Enter => {
            let text = app.input.take().unwrap_or_default();
            return submit_comment(app, text);
        }
        key => type_line(app, key),
    }
    Vec::new()
}
