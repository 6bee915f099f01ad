//! The sample review, the référent's path: the seeded sample of a sample-review item (the
//! same records for every référent of a delivery), one record at a time side by side; `o`
//! says it is right (`marks`), `x` opens the defect form prefilled with the resource, the
//! item, the key and the columns that differ (`defect_form`). Once every record has its
//! mark, a summary proposes the item's verdict (`summary`). Pure state; must not import
//! `tui` or `duckdb`.

mod marks;
pub mod summary;

pub(crate) use marks::marked;
pub use marks::{Mark, PendingMark};
pub use summary::Summary;

use super::defect_form::{self, Origin};
use super::stack::{Screen, ScreenId};
use super::update::movement;
use super::{Action, App, Effect, Purpose, Write};
use crate::domain::checklist::ItemKind;
use crate::domain::report::KeyValue;
use crate::domain::rows::RecordCell;
use crate::jobs::{PagerRequest, RecordView, Recording, ResourceOverview};

#[derive(Debug, Clone)]
pub struct SampleReview {
    pub target: Box<ResourceOverview>,
    pub item: String,
    pub delivery: String,
    /// The drawn keys, once the draw is back.
    pub keys: Vec<KeyValue>,
    /// Whether the draw is over (its keys in, or it failed).
    pub drawn: bool,
    /// The record shown (index into `keys`).
    pub at: usize,
    /// The record shown, once read (`None`: being read).
    pub view: Option<RecordView>,
    pub scroll: usize,
    pub marks: Vec<Mark>,
    /// The summary was shown once every record had its mark (it is not shown again).
    pub summarized: bool,
}

impl SampleReview {
    pub fn key(&self) -> Option<&KeyValue> {
        self.keys.get(self.at)
    }

    pub fn reviewed(&self) -> usize {
        self.marks.iter().filter(|m| **m != Mark::Unseen).count()
    }

    /// The columns the item asks to show first (`columns` of a sample item).
    pub fn first_columns(&self) -> &[String] {
        self.target
            .items
            .iter()
            .find(|i| i.id == self.item)
            .map(|i| match &i.kind {
                ItemKind::Sample { columns, .. } => columns.as_slice(),
                _ => &[],
            })
            .unwrap_or(&[])
    }
}

/// A record's cells with `first` ones first, in `first`'s order, then the others in
/// theirs (a sample item's "show these first", `docs/checklist.md`).
pub fn ordered_cells<'a>(cells: &'a [RecordCell], first: &[String]) -> Vec<&'a RecordCell> {
    let mut out: Vec<&RecordCell> = first
        .iter()
        .filter_map(|name| cells.iter().find(|c| &c.column == name))
        .collect();
    out.extend(cells.iter().filter(|c| !first.contains(&c.column)));
    out
}

/// The review on top, and its id.
fn top(app: &mut App) -> Option<(ScreenId, &mut SampleReview)> {
    let layer = app.screens.top_mut()?;
    match &mut layer.screen {
        Screen::Sample(r) => Some((layer.id, r)),
        _ => None,
    }
}

fn review_mut(app: &mut App, screen: ScreenId) -> Option<&mut SampleReview> {
    match app.screens.get_mut(screen)? {
        Screen::Sample(r) => Some(r),
        _ => None,
    }
}

/// Opens the review of the selected checklist item, when it is a sample-review item; the
/// draw runs on the pager.
pub(super) fn open(app: &mut App) -> Option<Vec<Effect>> {
    let item = app.checklist_item()?.item.clone();
    let target = app.checklist_target()?.clone();
    let delivery = app.current_overview()?.delivery.clone();
    let Some(ItemKind::Sample { size, seed, .. }) = target
        .items
        .iter()
        .find(|i| i.id == item)
        .map(|i| i.kind.clone())
    else {
        return None;
    };
    let request = PagerRequest::Sample {
        keys_file: target.reconciled.files.keys.clone(),
        key_count: target.resource.key.len(),
        // As `recette sample` draws it: one sample per delivery.
        seed: format!("{seed}/{delivery}"),
        size,
    };
    let screen = app.open(Screen::Sample(SampleReview {
        target: Box::new(target),
        item,
        delivery,
        keys: Vec::new(),
        drawn: false,
        at: 0,
        view: None,
        scroll: 0,
        marks: Vec::new(),
        summarized: false,
    }));
    let id = app.jobs.start(Purpose::Draw(screen));
    Some(vec![Effect::Fetch { id, request }])
}

/// The draw is back: journaled (as `recette sample` does), and its first record not seen
/// yet shown.
pub(super) fn drawn(app: &mut App, screen: ScreenId, keys: Vec<KeyValue>) -> Vec<Effect> {
    // What the journal already says of these records on this delivery: right, or a defect.
    let defects = app
        .overview
        .as_ref()
        .map_or(Vec::new(), |o| o.defects.clone());
    // A mark still being written (the review closed and opened again meanwhile) counts.
    let writing: Vec<PendingMark> = app
        .jobs
        .purposes()
        .filter_map(|p| match p {
            Purpose::Write(Write::SampleMark(m)) => Some(m.clone()),
            _ => None,
        })
        .collect();
    let Some(review) = review_mut(app, screen) else {
        return Vec::new();
    };
    review.marks = keys
        .iter()
        .map(|key| {
            let pending = writing.iter().any(|m| m.is_of(review, key));
            match pending {
                true => Mark::Ok,
                false => marks::recorded(
                    &review.target,
                    &review.item,
                    &review.delivery,
                    &defects,
                    key,
                ),
            }
        })
        .collect();
    review.keys = keys.clone();
    review.drawn = true;
    // A review taken up again goes on from its first record not seen yet.
    let start = review
        .marks
        .iter()
        .position(|m| *m == Mark::Unseen)
        .unwrap_or(0);
    let seed = match review.target.items.iter().find(|i| i.id == review.item) {
        Some(crate::domain::checklist::Item {
            kind: ItemKind::Sample { seed, .. },
            ..
        }) => format!("{seed}/{}", review.delivery),
        _ => String::new(),
    };
    let recording = Recording::SampleDraw {
        resource: review.target.resource.name.clone(),
        item: review.item.clone(),
        delivery: review.delivery.clone(),
        seed,
        keys,
    };
    let id = app.jobs.start(Purpose::Write(Write::SampleDraw));
    let mut effects = vec![Effect::Record { id, recording }];
    effects.extend(show(app, screen, start));
    effects
}

/// The draw failed: the review says it has no records.
pub(super) fn draw_failed(app: &mut App, screen: ScreenId) {
    if let Some(review) = review_mut(app, screen) {
        review.drawn = true;
    }
}

/// Shows record `at` of the sample (its record read by the pager).
pub(super) fn show(app: &mut App, screen: ScreenId, at: usize) -> Vec<Effect> {
    let Some(review) = review_mut(app, screen) else {
        return Vec::new();
    };
    let Some(key) = review.keys.get(at).cloned() else {
        return Vec::new();
    };
    review.at = at;
    review.view = None;
    review.scroll = 0;
    let request = PagerRequest::Record {
        resource: Box::new(review.target.resource.clone()),
        reconciled: Box::new(review.target.reconciled.clone()),
        delivery: review.delivery.clone(),
        key,
    };
    let record = Purpose::Record { screen, level: 0 };
    app.jobs.forget(|p| *p == record);
    let id = app.jobs.start(record);
    vec![Effect::Fetch { id, request }]
}

/// A key on the review.
pub(super) fn on_key(app: &mut App, action: Action) -> Vec<Effect> {
    let page = app.page_rows() as isize;
    let Some((screen, review)) = top(app) else {
        return Vec::new();
    };
    let delta = match action {
        Action::Back => {
            app.close_top();
            return Vec::new();
        }
        Action::VerdictOk => return marks::mark_ok(app, screen),
        Action::VerdictKo => return raise(app, screen),
        Action::Next | Action::Previous | Action::Right | Action::Left => {
            let step = if matches!(action, Action::Next | Action::Right) {
                1
            } else {
                -1
            };
            let at = review.at as isize + step;
            if at < 0 || at as usize >= review.keys.len() {
                return Vec::new();
            }
            return show(app, screen, at as usize);
        }
        _ => match movement(action, page) {
            Some(delta) => delta,
            None => return Vec::new(),
        },
    };
    let lines = review.view.as_ref().map_or(0, |v| {
        crate::app::explorer::record_line_count(
            v,
            review.target.resource.key.len(),
            &review.target.reconciled.report,
        )
    });
    let last = lines.saturating_sub(page as usize);
    review.scroll = (review.scroll as isize + delta).clamp(0, last as isize) as usize;
    Vec::new()
}

/// `x`: the record shown is wrong; the defect form opens over the review, prefilled.
fn raise(app: &mut App, screen: ScreenId) -> Vec<Effect> {
    let t = app.lang.catalogue();
    let Some(review) = review_mut(app, screen) else {
        return Vec::new();
    };
    let Some(view) = &review.view else {
        return Vec::new();
    };
    let from = Origin::Sample {
        screen,
        record: review.at,
    };
    let mut form = defect_form::for_record(&review.target, &review.delivery, view, from, t);
    form.item = Some(review.item.clone());
    defect_form::open(app, form, None)
}

/// A defect about record `record` of review `screen` is on disk: the record reads KO.
pub(super) fn defect_recorded(
    app: &mut App,
    screen: ScreenId,
    record: usize,
    defect: &str,
) -> Vec<Effect> {
    if let Some(m) = review_mut(app, screen).and_then(|r| r.marks.get_mut(record)) {
        *m = Mark::Ko(Some(defect.to_string()));
    }
    summary::when_done(app, screen);
    Vec::new()
}
