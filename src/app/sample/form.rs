//! The defect form of a sample's record found wrong: everything prefilled (resource, item,
//! key, the columns that differ and their values), the title too but editable, Tab for the
//! severity, Enter records it. Pure state; must not import `tui` or `duckdb`.

use super::{Mark, review_mut, top};
use crate::acceptance::defects::DefectReport;
use crate::app::stack::ScreenId;
use crate::app::update::type_line;
use crate::app::{App, Effect, InputKey, Notice, Purpose, Write};
use crate::domain::report::KeyValue;
use crate::jobs::Recording;
use crate::journal::Severity;

/// The defect form of a KO: everything prefilled but the title (prefilled too, editable).
#[derive(Debug, Clone, PartialEq)]
pub struct DefectForm {
    pub key: KeyValue,
    pub columns: Vec<String>,
    /// `column: expected → migrated`, what the form shows.
    pub values: Vec<(String, Option<String>, Option<String>)>,
    pub severity: Severity,
    /// The record (index in the sample) it is about.
    pub record: usize,
}

pub const SEVERITIES: [Severity; 3] = [Severity::Blocking, Severity::Major, Severity::Minor];

/// `k`: the record is wrong; the defect form opens, prefilled, its title in the input.
pub(super) fn mark_ko(app: &mut App) -> Vec<Effect> {
    let Some((_, review)) = top(app) else {
        return Vec::new();
    };
    let Some(view) = &review.view else {
        return Vec::new();
    };
    let differing: Vec<_> = view.cells.iter().filter(|c| c.differs).collect();
    let columns: Vec<String> = differing.iter().map(|c| c.column.clone()).collect();
    let values = differing
        .iter()
        .map(|c| (c.column.clone(), c.expected.clone(), c.migrated.clone()))
        .collect();
    let title = match differing.first() {
        Some(c) => format!(
            "{} : {} → {}",
            review.target.resource.column_label(&c.column),
            c.expected.as_deref().unwrap_or("∅"),
            c.migrated.as_deref().unwrap_or("∅")
        ),
        None => String::new(),
    };
    review.form = Some(DefectForm {
        key: view.key.clone(),
        columns,
        values,
        severity: Severity::Major,
        record: review.at,
    });
    app.input = Some(crate::domain::text::for_terminal(&title).into_owned());
    Vec::new()
}

/// Keys typed while the defect form is open: the title; Tab changes the severity; Enter
/// records the defect; Esc closes the form.
pub(crate) fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    match key {
        InputKey::Tab => {
            if let Some(form) = top(app).and_then(|(_, r)| r.form.as_mut()) {
                let at = SEVERITIES
                    .iter()
                    .position(|s| *s == form.severity)
                    .unwrap_or(0);
                form.severity = SEVERITIES[(at + 1) % SEVERITIES.len()];
            }
        }
        InputKey::Esc => {
            app.input = None;
            if let Some((_, review)) = top(app) {
                review.form = None;
            }
        }
        InputKey::Enter => return submit(app),
        // A one-line title: no cursor, no history.
        key => type_line(app, key),
    }
    Vec::new()
}

fn submit(app: &mut App) -> Vec<Effect> {
    let title = app.input.clone().unwrap_or_default().trim().to_string();
    if title.is_empty() {
        app.notice = Some(Notice::TitleRequired);
        return Vec::new();
    }
    let Some((screen, review)) = top(app) else {
        return Vec::new();
    };
    let Some(form) = review.form.as_ref() else {
        return Vec::new();
    };
    let write = Write::Defect {
        screen,
        record: form.record,
    };
    let report = DefectReport {
        resource: review.target.resource.name.clone(),
        item: Some(review.item.clone()),
        keys: vec![form.key.clone()],
        columns: form.columns.clone(),
        kind: None,
        severity: form.severity,
        title,
        description: None,
        delivery: review.delivery.clone(),
        separate: false,
    };
    // Once: a form being written is not written twice.
    if app.jobs.any(|p| *p == Purpose::Write(write.clone())) {
        return Vec::new();
    }
    let id = app.jobs.start(Purpose::Write(write));
    vec![Effect::Record {
        id,
        recording: Recording::Defect(Box::new(report)),
    }]
}

/// The defect is on disk: the record is marked KO with it, the form closes.
pub(crate) fn saved(app: &mut App, screen: ScreenId, record: usize, defect: &str) {
    let Some(review) = review_mut(app, screen) else {
        return;
    };
    if review.form.as_ref().is_none_or(|f| f.record != record) {
        return;
    }
    if let Some(m) = review.marks.get_mut(record) {
        *m = Mark::Ko(Some(defect.to_string()));
    }
    review.form = None;
    app.input = None;
}
