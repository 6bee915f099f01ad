//! The defect form, one layer over whatever it was raised from: a resource (home), a
//! checklist item, a record (the explorer's, or a sample's found wrong), or a value pattern
//! no defect covers yet (a suggestion, whose example records are read when it opens). It
//! holds a title, a description of several lines, the columns concerned (picked among the
//! record's — or the resource's — differing columns), a severity, and shows the evidence it
//! will attach; it records what `recette defect new` records (`acceptance::defects`).
//! Pure state; must not import `tui` or `duckdb`.

use super::awaited::{Purpose, Write};
use super::stack::{Screen, ScreenId};
use super::{Action, App, Effect, InputKey, Notice};
use crate::acceptance::ItemVerdict;
use crate::acceptance::defects::{DefectReport, Suggestion};
use crate::domain::checklist::ItemKind;
use crate::domain::report::KeyValue;
use crate::domain::rows::{RowsFilter, RowsSource, slot_of};
use crate::jobs::{
    Anchor, PagerRequest, RecordView, Recording, ResourceOverview, RowsQuery, Window,
};
use crate::journal::Severity;

/// Example records read for a defect raised from a value pattern: its evidence.
pub const SUGGESTION_KEYS: usize = 20;

pub const SEVERITIES: [Severity; 3] = [Severity::Blocking, Severity::Major, Severity::Minor];

/// The fields, in the order Tab goes through them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    Description,
    Columns,
    Severity,
}

impl Field {
    const ORDER: [Field; 4] = [
        Field::Title,
        Field::Description,
        Field::Columns,
        Field::Severity,
    ];

    fn step(self, forward: bool) -> Field {
        let at = Field::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Field::ORDER.len();
        Field::ORDER[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }]
    }
}

/// What the form was raised from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    Resource,
    Item,
    Record,
    Suggestion,
    /// Record `record` of the sample review `screen`: marked KO once the defect is recorded.
    Sample {
        screen: ScreenId,
        record: usize,
    },
}

/// One record's values the defect will carry: its category and its differing columns.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordEvidence {
    pub key: KeyValue,
    pub category: Option<String>,
    /// `(column, expected, migrated)`.
    pub values: Vec<(String, Option<String>, Option<String>)>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct DefectForm {
    pub resource: String,
    /// The resource's label, for the form's lines.
    pub label: String,
    pub delivery: String,
    pub item: Option<String>,
    pub from: Origin,
    /// The records it is about (none for a resource or an item).
    pub keys: Vec<KeyValue>,
    pub evidence: Vec<RecordEvidence>,
    /// The example records of a suggestion are being read.
    pub reading: bool,
    /// The columns that may be picked (technical names), and which are.
    pub choices: Vec<String>,
    pub picked: Vec<bool>,
    pub severity: Severity,
    pub title: String,
    pub description: String,
    pub field: Field,
    /// The column highlighted in the columns field.
    pub column_at: usize,
}

impl DefectForm {
    fn new(target: &ResourceOverview, delivery: &str, from: Origin) -> DefectForm {
        DefectForm {
            resource: target.resource.name.clone(),
            label: target.resource.label.clone(),
            delivery: delivery.to_string(),
            item: None,
            from,
            keys: Vec::new(),
            evidence: Vec::new(),
            reading: false,
            choices: Vec::new(),
            picked: Vec::new(),
            severity: Severity::Major,
            title: String::new(),
            description: String::new(),
            field: Field::Title,
            column_at: 0,
        }
    }

    /// The resource's differing columns, most differing first, with `picked` picked.
    fn choose_among_differing(&mut self, target: &ResourceOverview, picked: &[String]) {
        let mut columns: Vec<_> = target
            .reconciled
            .report
            .columns
            .iter()
            .filter(|c| c.differing > 0 || picked.contains(&c.name))
            .collect();
        columns.sort_by_key(|c| std::cmp::Reverse(c.differing));
        self.choices = columns.iter().map(|c| c.name.clone()).collect();
        self.picked = self.choices.iter().map(|c| picked.contains(c)).collect();
    }

    /// The columns picked, in the order they are offered.
    pub fn columns(&self) -> Vec<String> {
        self.choices
            .iter()
            .zip(&self.picked)
            .filter(|(_, p)| **p)
            .map(|(c, _)| c.clone())
            .collect()
    }

    /// What the evidence will show of each record: its values in the columns picked (all
    /// its differing columns when none is), as `acceptance::defects` keeps them.
    pub fn shown_evidence(&self) -> Vec<RecordEvidence> {
        let columns = self.columns();
        self.evidence
            .iter()
            .map(|r| RecordEvidence {
                values: r
                    .values
                    .iter()
                    .filter(|(c, ..)| columns.is_empty() || columns.contains(c))
                    .cloned()
                    .collect(),
                ..r.clone()
            })
            .collect()
    }
}

/// `Label : expected → migrated`, the title prefilled from a differing value.
fn title_of(
    target: &ResourceOverview,
    column: &str,
    expected: &Option<String>,
    migrated: &Option<String>,
) -> String {
    let text = format!(
        "{} : {} → {}",
        target.resource.column_label(column),
        expected.as_deref().unwrap_or("∅"),
        migrated.as_deref().unwrap_or("∅")
    );
    crate::domain::text::for_terminal(&text).into_owned()
}

/// The form for record `view` of `target` on `delivery`: its differing columns picked, its
/// values as evidence, the title from its first difference.
pub fn for_record(
    target: &ResourceOverview,
    delivery: &str,
    view: &RecordView,
    from: Origin,
) -> DefectForm {
    let mut form = DefectForm::new(target, delivery, from);
    let differing: Vec<_> = view.cells.iter().filter(|c| c.differs).collect();
    form.choices = differing.iter().map(|c| c.column.clone()).collect();
    form.picked = vec![true; form.choices.len()];
    form.keys = vec![view.key.clone()];
    form.evidence = vec![RecordEvidence {
        key: view.key.clone(),
        category: view.category.clone(),
        values: differing
            .iter()
            .map(|c| (c.column.clone(), c.expected.clone(), c.migrated.clone()))
            .collect(),
    }];
    if let Some(c) = differing.first() {
        form.title = title_of(target, &c.column, &c.expected, &c.migrated);
    }
    form
}

/// The form for checklist item `item`: no record; the columns its criterion names picked
/// among the resource's differing ones.
pub fn for_item(target: &ResourceOverview, delivery: &str, item: &ItemVerdict) -> DefectForm {
    let mut form = DefectForm::new(target, delivery, Origin::Item);
    let named: Vec<String> = target
        .items
        .iter()
        .find(|i| i.id == item.item)
        .map(|i| match &i.kind {
            ItemKind::Automated { criterion } => criterion
                .columns()
                .into_iter()
                .map(str::to_string)
                .collect(),
            _ => Vec::new(),
        })
        .unwrap_or_default();
    form.choose_among_differing(target, &named);
    form.item = Some(item.item.clone());
    form.title = crate::domain::text::for_terminal(&item.label).into_owned();
    form
}

/// The form for a whole resource: its differing columns to pick from.
pub fn for_resource(target: &ResourceOverview, delivery: &str) -> DefectForm {
    let mut form = DefectForm::new(target, delivery, Origin::Resource);
    form.choose_among_differing(target, &[]);
    form
}

/// The form for a value pattern no defect covers: its column picked; its example records
/// are asked for (`None` when the results shown are not of the suggestion's delivery).
pub fn for_suggestion(
    target: &ResourceOverview,
    suggestion: &Suggestion,
) -> (DefectForm, Option<RowsQuery>) {
    let mut form = DefectForm::new(target, &suggestion.delivery, Origin::Suggestion);
    form.choose_among_differing(target, std::slice::from_ref(&suggestion.column));
    form.title = title_of(
        target,
        &suggestion.column,
        &suggestion.expected,
        &suggestion.migrated,
    );
    let query = slot_of(&target.resource, &suggestion.column).map(|slot| RowsQuery {
        source: RowsSource::Results {
            key_count: target.resource.key.len(),
            files: target.reconciled.files.clone(),
            filter: RowsFilter::Pattern {
                slot,
                expected: suggestion.expected.clone(),
                migrated: suggestion.migrated.clone(),
            },
        },
        anchor: Anchor::Start,
        limit: SUGGESTION_KEYS,
    });
    form.reading = query.is_some();
    (form, query)
}

/// Opens `form` over the screen on top; the example records of a suggestion are read.
pub(super) fn open(app: &mut App, form: DefectForm, query: Option<RowsQuery>) -> Vec<Effect> {
    let column = form.columns().first().cloned();
    let screen = app.open(Screen::DefectForm(form));
    match (query, column) {
        (Some(query), Some(_)) => {
            let id = app.jobs.start(Purpose::Evidence(screen));
            vec![Effect::Fetch {
                id,
                request: PagerRequest::Rows(query),
            }]
        }
        _ => Vec::new(),
    }
}

/// The example records of a suggestion are in: the form's keys and evidence.
pub(super) fn evidence_read(app: &mut App, screen: ScreenId, window: Option<Window>) {
    let Some(Screen::DefectForm(form)) = app.screens.get_mut(screen) else {
        return;
    };
    form.reading = false;
    let (Some(window), Some(column)) = (window, form.columns().first().cloned()) else {
        return;
    };
    form.keys = window.rows.iter().map(|r| r.key.clone()).collect();
    form.evidence = window
        .rows
        .into_iter()
        .map(|r| {
            let mut cells = r.cells.into_iter();
            RecordEvidence {
                key: r.key,
                category: Some("differing".into()),
                values: vec![(
                    column.clone(),
                    cells.next().flatten(),
                    cells.next().flatten(),
                )],
            }
        })
        .collect();
}

/// The form on top, and its id.
fn top(app: &mut App) -> Option<(ScreenId, &mut DefectForm)> {
    let layer = app.screens.top_mut()?;
    match &mut layer.screen {
        Screen::DefectForm(f) => Some((layer.id, f)),
        _ => None,
    }
}

/// A key of the form's section (Tab, Enter, Ctrl-S, Esc).
pub(super) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Back => {
            app.close_top();
            Vec::new()
        }
        Action::Submit => submit(app),
        Action::Enter => on_input(app, InputKey::Enter),
        Action::NextPane => on_input(app, InputKey::Tab),
        Action::PreviousPane => on_input(app, InputKey::BackTab),
        _ => Vec::new(),
    }
}

/// A key typed in the form: into the field that has the focus.
pub(super) fn on_input(app: &mut App, key: InputKey) -> Vec<Effect> {
    let Some((_, form)) = top(app) else {
        return Vec::new();
    };
    match (form.field, key) {
        (_, InputKey::Esc) => {
            app.close_top();
            return Vec::new();
        }
        (_, InputKey::Tab) => form.field = form.field.step(true),
        (_, InputKey::BackTab) => form.field = form.field.step(false),
        (Field::Description, InputKey::Enter) => form.description.push('\n'),
        (_, InputKey::Enter) => return submit(app),
        (Field::Title, InputKey::Char(c)) => form.title.push(c),
        (Field::Title, InputKey::Backspace) => {
            form.title.pop();
        }
        (Field::Description, InputKey::Char(c)) => form.description.push(c),
        (Field::Description, InputKey::Backspace) => {
            form.description.pop();
        }
        (Field::Columns, InputKey::Left | InputKey::Up) => {
            form.column_at = form.column_at.saturating_sub(1);
        }
        (Field::Columns, InputKey::Right | InputKey::Down) => {
            form.column_at = (form.column_at + 1).min(form.choices.len().saturating_sub(1));
        }
        (Field::Columns, InputKey::Char(' ')) => {
            if let Some(p) = form.picked.get_mut(form.column_at) {
                *p = !*p;
            }
        }
        (
            Field::Severity,
            InputKey::Left | InputKey::Up | InputKey::Right | InputKey::Down | InputKey::Char(' '),
        ) => {
            let forward = !matches!(key, InputKey::Left | InputKey::Up);
            let at = SEVERITIES
                .iter()
                .position(|s| *s == form.severity)
                .unwrap_or(0);
            let n = SEVERITIES.len();
            form.severity = SEVERITIES[if forward {
                (at + 1) % n
            } else {
                (at + n - 1) % n
            }];
        }
        _ => {}
    }
    Vec::new()
}

/// Records the defect (once: a form being written is not written twice).
fn submit(app: &mut App) -> Vec<Effect> {
    let Some((screen, form)) = top(app) else {
        return Vec::new();
    };
    let title = form.title.trim().to_string();
    if title.is_empty() {
        form.field = Field::Title;
        app.notice = Some(Notice::TitleRequired);
        return Vec::new();
    }
    let description = form.description.trim().to_string();
    let report = DefectReport {
        resource: form.resource.clone(),
        item: form.item.clone(),
        keys: form.keys.clone(),
        columns: form.columns(),
        kind: None,
        severity: form.severity,
        title,
        description: (!description.is_empty()).then_some(description),
        delivery: form.delivery.clone(),
        separate: false,
    };
    let sample = match form.from {
        Origin::Sample { screen, record } => Some((screen, record)),
        _ => None,
    };
    let write = Write::Defect {
        form: screen,
        sample,
    };
    if app.jobs.any(|p| *p == Purpose::Write(write.clone())) {
        return Vec::new();
    }
    let id = app.jobs.start(Purpose::Write(write));
    vec![Effect::Record {
        id,
        recording: Recording::Defect(Box::new(report)),
    }]
}

/// Whether form `screen` is being recorded.
pub fn saving(app: &App, screen: ScreenId) -> bool {
    app.jobs
        .any(|p| matches!(p, Purpose::Write(Write::Defect { form, .. }) if *form == screen))
}

/// The defect is on disk: the form closes; a sample's record it came from reads KO.
pub(super) fn saved(
    app: &mut App,
    form: ScreenId,
    sample: Option<(ScreenId, usize)>,
    defect: &str,
) -> Vec<Effect> {
    app.close(form);
    match sample {
        Some((screen, record)) => super::sample::defect_recorded(app, screen, record, defect),
        None => Vec::new(),
    }
}
