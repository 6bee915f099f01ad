//! The defects screen: every defect of the journal, filtered as you type (`/`: id, resource,
//! severity, status, title) and by one key per status, severity, resource and delivery,
//! grouped on demand (`defect_filter`); the selected one's evidence and history below, and
//! its status changed in one key — fixed in the delivery shown, verified, reopened, or
//! rejected with a reason typed. Pure state; must not import `tui` or `duckdb`.

use super::defect_filter::{self, DefectFilters, DefectLine};
use super::list::ListState;
use super::update::{movement, type_line};
use super::{Action, App, Effect, InputKey, Purpose, Write};
use crate::jobs::Recording;
use crate::journal::{DefectRecord, DefectStatus};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DefectsScreen {
    /// The selection (an index into `visible_defects`: header lines are never selected) and
    /// the text filter.
    pub list: ListState,
    pub filters: DefectFilters,
    /// The defect whose rejection reason is being typed.
    pub rejecting: Option<String>,
    /// Whether the keys move in the suggestions (value patterns no defect covers) rather
    /// than in the defects.
    pub on_suggestions: bool,
    /// The suggestion selected (an index into the overview's suggestions).
    pub suggestion: usize,
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

    /// Indexes of the defects shown (after the filters), in the list's order (grouped).
    pub fn visible_defects(&self) -> Vec<usize> {
        self.defect_lines()
            .into_iter()
            .filter_map(|line| match line {
                DefectLine::Defect(i) => Some(i),
                DefectLine::Header { .. } => None,
            })
            .collect()
    }

    /// The lines of the defects list: the defects shown, under their group's header line
    /// when the list is grouped.
    pub fn defect_lines(&self) -> Vec<DefectLine> {
        let Some(screen) = self.defects() else {
            return Vec::new();
        };
        let all = self.all_defects();
        let labels: Vec<String> = all.iter().map(label).collect();
        let shown: Vec<usize> = screen
            .list
            .visible(labels.iter().map(String::as_str))
            .into_iter()
            .filter(|&i| screen.filters.matches(&all[i]))
            .collect();
        defect_filter::lines(all, &shown, screen.filters.grouping, &self.resource_names())
    }

    /// The resources that have defects, in the campaign's order (the resource filter's values).
    pub fn defect_resources(&self) -> Vec<String> {
        defect_filter::ordered(
            self.all_defects().iter().map(|d| d.resource.as_str()),
            &self.resource_names(),
        )
    }

    /// The deliveries defects were found in, oldest first (the delivery filter's values).
    pub fn defect_deliveries(&self) -> Vec<String> {
        defect_filter::ordered(
            self.all_defects()
                .iter()
                .filter_map(|d| d.delivery.as_deref()),
            &self.deliveries,
        )
    }

    /// The campaign's resources, in its order (as the last overview has them).
    fn resource_names(&self) -> Vec<String> {
        self.overview
            .as_ref()
            .map(|o| {
                o.resources
                    .iter()
                    .map(|r| r.resource().name.clone())
                    .collect()
            })
            .unwrap_or_default()
    }

    pub fn selected_defect(&self) -> Option<&DefectRecord> {
        let screen = self.defects()?;
        let visible = self.visible_defects();
        screen
            .list
            .current(&visible)
            .map(|i| &self.all_defects()[i])
    }
}

/// A filter key: the filter's next value; the selection stays on the same defect when it
/// is still shown, else goes to the first.
pub(super) fn filter(app: &mut App, action: Action) {
    let selected = app.selected_defect().map(|d| d.id.clone());
    let resources = app.defect_resources();
    let deliveries = app.defect_deliveries();
    let Some(screen) = app.defects_mut() else {
        return;
    };
    let filters = &mut screen.filters;
    match action {
        Action::FilterStatus => filters.next_status(),
        Action::FilterSeverity => filters.next_severity(),
        Action::FilterResource => filters.next_resource(&resources),
        Action::FilterDelivery => filters.next_delivery(&deliveries),
        Action::Group => filters.next_grouping(),
        _ => return,
    }
    let all = app.all_defects();
    let at = app
        .visible_defects()
        .iter()
        .position(|&i| Some(&all[i].id) == selected.as_ref())
        .unwrap_or(0);
    if let Some(screen) = app.defects_mut() {
        screen.list.selected = at;
    }
}

/// A new overview folded the journal again: a changed status may take the selected defect
/// out of the filtered list; the selection stays within it.
pub(super) fn refreshed(app: &mut App) {
    let shown = app.visible_defects().len();
    if let Some(screen) = app.defects_mut() {
        screen.list.move_by(0, shown);
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
            if let Some(screen) = app.defects_mut() {
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
    let Some(defect) = app.defects_mut().and_then(|s| s.rejecting.take()) else {
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
    let id = app.jobs.start(Purpose::Write(Write::Entry));
    vec![Effect::Record {
        id,
        recording: Recording::DefectStatus { defect, status },
    }]
}

/// A key on the defects screen.
pub(super) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows() as isize;
    let len = app.visible_defects().len();
    let suggestions = app.overview.as_ref().map_or(0, |o| o.suggestions.len());
    let delta = match action {
        Action::Back | Action::Left => {
            app.close_top();
            return Vec::new();
        }
        Action::NextPane | Action::PreviousPane => {
            if let Some(screen) = app.defects_mut() {
                screen.on_suggestions = !screen.on_suggestions && suggestions > 0;
            }
            return Vec::new();
        }
        Action::NewDefect => return raise(app),
        Action::Fixed | Action::Verified | Action::Reopened | Action::Rejected => {
            return change(app, action);
        }
        Action::FilterStatus
        | Action::FilterSeverity
        | Action::FilterResource
        | Action::FilterDelivery
        | Action::Group => {
            filter(app, action);
            return Vec::new();
        }
        _ => match movement(action, page) {
            Some(delta) => delta,
            None => return Vec::new(),
        },
    };
    if let Some(screen) = app.defects_mut() {
        if screen.on_suggestions {
            let last = suggestions.saturating_sub(1) as isize;
            screen.suggestion = (screen.suggestion as isize + delta).clamp(0, last) as usize;
        } else {
            screen.list.move_by(delta, len);
        }
    }
    Vec::new()
}

/// `a`: the defect form for the suggestion selected, its example records read.
fn raise(app: &mut App) -> Vec<Effect> {
    let at = app.defects().map_or(0, |d| d.suggestion);
    let Some(suggestion) = app
        .overview
        .as_ref()
        .and_then(|o| o.suggestions.get(at))
        .cloned()
    else {
        app.notice = Some(super::Notice::NoSuggestion);
        return Vec::new();
    };
    // The suggestion's resource, as reconciled against the suggestion's delivery.
    let target = app
        .overview
        .as_ref()
        .filter(|o| o.delivery == suggestion.delivery)
        .and_then(|o| {
            o.resources
                .iter()
                .filter_map(|r| r.reconciled())
                .find(|r| r.resource.name == suggestion.resource)
        });
    let Some(target) = target else {
        app.notice = Some(super::Notice::NoSuggestion);
        return Vec::new();
    };
    let (form, query) = super::defect_form::for_suggestion(target, &suggestion);
    super::defect_form::open(app, form, query)
}

/// A key typed in the reason of a rejection.
pub(super) fn on_reason_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    match key {
        InputKey::Enter => {
            let text = app.input.take().unwrap_or_default();
            return reject(app, text);
        }
        InputKey::Esc => {
            app.input = None;
            if let Some(d) = app.defects_mut() {
                d.rejecting = None;
            }
        }
        key => type_line(app, key),
    }
    Vec::new()
}
