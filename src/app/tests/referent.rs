//! The référent's whole job: the next item to do, a defect raised from an item, a record
//! or a suggestion (title, description, columns, severity, evidence), the review's progress
//! and the columns a sample item shows first.

use super::*;
use crate::acceptance::defects::Suggestion;
use crate::app::defect_form::Field;
use crate::jobs::Recording;

fn typed(app: &mut App, text: &str) {
    for c in text.chars() {
        update(app, Msg::Input(InputKey::Char(c)));
    }
}

fn defect(effects: &[Effect]) -> (JobId, crate::acceptance::defects::DefectReport) {
    match recorded(effects) {
        (id, Recording::Defect(report)) => (id, *report),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_next_item_to_do_goes_item_after_item_then_resource_after_resource() {
    let mut app = loaded();
    // A second resource, whose second item only is to do.
    let overview = app.overview.as_mut().unwrap();
    let mut firm = overview.resources[0].clone();
    if let ResourceOutcome::Reconciled(r) = &mut firm {
        r.resource.name = "firm".into();
        r.verdicts[0].verdict = "ok";
    }
    overview.resources.push(firm);
    // From home: the selected resource's first item to do, its checklist open.
    act(&mut app, Action::NextTodo);
    assert_eq!(app.context(), Context::Checklist);
    assert_eq!(app.checklist_item().unwrap().item, "exam-status");
    act(&mut app, Action::NextTodo);
    assert_eq!(app.checklist_item().unwrap().item, "exam-review");
    // Then the next resource, in the same checklist layer.
    act(&mut app, Action::NextTodo);
    assert_eq!(app.checklist().unwrap().resource, "firm");
    assert_eq!(app.checklist_item().unwrap().item, "exam-review");
    assert_eq!(app.screens.layers().len(), 1);
    assert_eq!(app.home.list.selected, 1, "home follows");
    // Round the campaign, back to the first one.
    act(&mut app, Action::NextTodo);
    assert_eq!(app.checklist().unwrap().resource, "measure_request");
    // Nothing left: said, nothing moves.
    for outcome in &mut app.overview.as_mut().unwrap().resources {
        if let ResourceOutcome::Reconciled(r) = outcome {
            r.verdicts.iter_mut().for_each(|v| v.verdict = "ok");
        }
    }
    act(&mut app, Action::NextTodo);
    assert_eq!(app.notice, Some(Notice::AllDone));
}

#[test]
fn a_defect_from_a_checklist_item_picks_among_the_differing_columns_without_a_record() {
    let mut app = loaded();
    act(&mut app, Action::Checklist);
    act(&mut app, Action::Down);
    act(&mut app, Action::NewDefect);
    let form = app.defect_form().cloned().unwrap();
    assert_eq!(form.item.as_deref(), Some("exam-review"));
    assert!(form.keys.is_empty() && form.evidence.is_empty());
    assert_eq!(form.choices, ["status"], "the resource's differing columns");
    assert_eq!(form.picked, [false]);
    assert_eq!(form.title, "exam-review");
    // Tick the column; an empty title is refused and brings the focus back to it.
    for _ in 0..2 {
        update(&mut app, Msg::Input(InputKey::Tab));
    }
    update(&mut app, Msg::Input(InputKey::Char(' ')));
    assert_eq!(app.defect_form().unwrap().columns(), ["status"]);
    app.defect_form_mut().unwrap().title.clear();
    assert!(act(&mut app, Action::Submit).is_empty());
    assert_eq!(app.notice, Some(Notice::TitleRequired));
    assert_eq!(app.defect_form().unwrap().field, Field::Title);
    typed(&mut app, "Statuts à revoir");
    let (id, report) = defect(&act(&mut app, Action::Submit));
    assert_eq!(report.item.as_deref(), Some("exam-review"));
    assert_eq!(report.columns, ["status"]);
    assert!(report.keys.is_empty());
    assert!(
        act(&mut app, Action::Submit).is_empty(),
        "not recorded twice"
    );
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Recorded("MD-7".into())),
        ),
    );
    assert!(app.defect_form().is_none());
    assert_eq!(app.context(), Context::Checklist);
    // Esc cancels a form.
    act(&mut app, Action::NewDefect);
    update(&mut app, Msg::Input(InputKey::Esc));
    assert!(app.defect_form().is_none());
}

#[test]
fn a_defect_from_a_record_attaches_its_values_and_the_form_closes_back_to_it() {
    let mut app = loaded();
    act(&mut app, Action::Enter);
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::Enter);
    act(&mut app, Action::Enter);
    let (id, query) = fetched_rows(&act(&mut app, Action::Enter));
    let rows = vec![WindowRow {
        key: vec![Some("800001".into())],
        cells: vec![Some("planned".into()), Some("prescribed".into())],
    }];
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Window(Box::new(Window { query, rows }))),
        ),
    );
    let effects = act(&mut app, Action::Enter);
    let [Effect::Fetch { id, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let view = RecordView {
        resource: "measure_request".into(),
        key: vec![Some("800001".into())],
        category: Some("differing".into()),
        cells: vec![
            RecordCell {
                column: "planned_on".into(),
                differs: false,
                expected: Some("2024-01-01".into()),
                migrated: Some("2024-01-01".into()),
            },
            RecordCell {
                column: "status".into(),
                differs: true,
                expected: Some("planned".into()),
                migrated: Some("prescribed".into()),
            },
        ],
        source: Vec::new(),
    };
    update(
        &mut app,
        event(
            *id,
            JobEventKind::Finished(JobOutput::Record(Box::new(view))),
        ),
    );
    act(&mut app, Action::NewDefect);
    let form = app.defect_form().unwrap();
    assert_eq!(form.choices, ["status"], "the record's differing columns");
    assert_eq!(form.keys, [vec![Some("800001".to_string())]]);
    // Unticking every column keeps every difference as evidence.
    for _ in 0..2 {
        update(&mut app, Msg::Input(InputKey::Tab));
    }
    update(&mut app, Msg::Input(InputKey::Char(' ')));
    assert_eq!(
        app.defect_form().unwrap().shown_evidence()[0].values.len(),
        1
    );
    let (id, report) = defect(&act(&mut app, Action::Enter));
    assert!(report.columns.is_empty());
    assert_eq!(report.item, None);
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Recorded("MD-8".into())),
        ),
    );
    assert_eq!(app.context(), Context::Record);
}

#[test]
fn a_defect_from_a_suggestion_reads_its_records_as_evidence() {
    let mut app = loaded();
    app.overview.as_mut().unwrap().suggestions = vec![Suggestion {
        resource: "measure_request".into(),
        delivery: "L2".into(),
        column: "status".into(),
        expected: Some("planned".into()),
        migrated: Some("prescribed".into()),
        rows: 3,
    }];
    act(&mut app, Action::Defects);
    act(&mut app, Action::NextPane);
    assert!(app.defects().unwrap().on_suggestions);
    let effects = act(&mut app, Action::NewDefect);
    let (id, query) = fetched_rows(&effects);
    assert_eq!(
        query.filter(),
        Some(&RowsFilter::Pattern {
            slot: 1,
            expected: Some("planned".into()),
            migrated: Some("prescribed".into()),
        })
    );
    let form = app.defect_form().unwrap();
    assert!(form.reading);
    assert_eq!(form.columns(), ["status"]);
    assert_eq!(form.title, "Statut : planned → prescribed");
    let rows = (1..=3)
        .map(|i| WindowRow {
            key: vec![Some(format!("80000{i}"))],
            cells: vec![Some("planned".into()), Some("prescribed".into())],
        })
        .collect();
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Window(Box::new(Window { query, rows }))),
        ),
    );
    let form = app.defect_form().unwrap();
    assert!(!form.reading);
    assert_eq!(form.evidence.len(), 3);
    let (_, report) = defect(&act(&mut app, Action::Submit));
    assert_eq!(report.keys.len(), 3);
    assert_eq!(report.columns, ["status"]);
}

#[test]
fn a_sample_items_progress_counts_the_records_found_right_and_those_of_its_defects() {
    use crate::journal::{DefectRecord, DefectStatus, Severity};
    let mut app = loaded();
    if let Some(ResourceOutcome::Reconciled(r)) = app.overview.as_mut().map(|o| &mut o.resources[0])
    {
        r.sample_oks
            .push(("exam-review".into(), vec![Some("800001".to_string())]));
    }
    act(&mut app, Action::Checklist);
    let item = app.checklist_items()[1].clone();
    assert_eq!(app.sample_progress(&item), Some((1, 2)));
    assert_eq!(app.sample_progress(&app.checklist_items()[0].clone()), None);
    let mut details = serde_json::Map::new();
    details.insert("keys".into(), serde_json::json!([["800002"]]));
    app.overview.as_mut().unwrap().defects = vec![DefectRecord {
        id: "MD-1".into(),
        resource: "measure_request".into(),
        item: Some("exam-review".into()),
        delivery: Some("L2".into()),
        severity: Severity::Major,
        description: String::new(),
        author: "Marie".into(),
        created: chrono::Utc::now(),
        status: DefectStatus::Open,
        history: Vec::new(),
        details,
        occurrences: Vec::new(),
    }];
    assert_eq!(app.sample_progress(&item), Some((2, 2)));
}

#[test]
fn a_sample_items_columns_come_first_in_their_order() {
    let cell = |c: &str| RecordCell {
        column: c.into(),
        differs: false,
        expected: None,
        migrated: None,
    };
    let cells = [cell("a"), cell("b"), cell("c"), cell("d")];
    let first = ["c".to_string(), "zz".to_string(), "a".to_string()];
    let order: Vec<&str> = crate::app::sample::ordered_cells(&cells, &first)
        .iter()
        .map(|c| c.column.as_str())
        .collect();
    assert_eq!(order, ["c", "a", "b", "d"]);
}

#[test]
fn a_review_taken_up_again_goes_on_from_its_first_record_not_seen() {
    let mut app = loaded();
    if let Some(ResourceOutcome::Reconciled(r)) = app.overview.as_mut().map(|o| &mut o.resources[0])
    {
        r.sample_oks
            .push(("exam-review".into(), vec![Some("800001".to_string())]));
    }
    act(&mut app, Action::Checklist);
    act(&mut app, Action::Down);
    let effects = act(&mut app, Action::Enter);
    let [Effect::Fetch { id, .. }] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    let keys = vec![
        vec![Some("800001".to_string())],
        vec![Some("800002".to_string())],
    ];
    let effects = update(
        &mut app,
        event(*id, JobEventKind::Finished(JobOutput::Sample(keys))),
    );
    assert_eq!(app.sample().unwrap().at, 1);
    assert!(matches!(
        effects.last(),
        Some(Effect::Fetch { request: PagerRequest::Record { key, .. }, .. }) if key[0].as_deref() == Some("800002")
    ));
}

#[test]
fn a_defect_on_a_record_one_side_lacks_says_so_in_its_title() {
    let app = loaded();
    let target = app.current_overview().unwrap().resources[0]
        .reconciled()
        .unwrap()
        .clone();
    let view = RecordView {
        resource: "measure_request".into(),
        key: vec![Some("800009".into())],
        category: Some("missing".into()),
        cells: Vec::new(),
        source: Vec::new(),
    };
    let t = crate::domain::i18n::Lang::Fr.catalogue();
    let form = crate::app::defect_form::for_record(
        &target,
        "L2",
        &view,
        crate::app::defect_form::Origin::Record,
        t,
    );
    assert_eq!(
        form.title,
        "measure_request 800009 : absent de la livraison"
    );
    assert!(form.choices.is_empty());
    assert_eq!(form.evidence[0].category.as_deref(), Some("missing"));
}
