//! `update` without a terminal or a database: messages in, state and effects checked.

use super::*;
use crate::domain::report::{ColumnReport, KeyCategory, Pattern, ResourceReport};
use crate::domain::results::Reconciled;
use crate::domain::results::ResultFiles;
use crate::domain::rows::{RecordCell, RowsFilter};
use crate::jobs::{
    Anchor, JobEvent, JobEventKind, JobId, JobOutput, PagerRequest, RecordView, ResourceOutcome,
    ResourceOverview, Window, WindowRow,
};

fn campaign_resource() -> crate::domain::campaign::Resource {
    let text = r#"
name = "t"
[source]
dir = "src"
[[delivery]]
id = "L1"
dir = "L1"
[[delivery]]
id = "L2"
dir = "L2"
[[resource]]
name = "measure_request"
source = "examens.csv"
migrated = "measure_request.csv"
key = ["source_id"]
[resource.columns]
source_id = "num"
status = "statut"
planned_on = "date_prevue"
[resource.labels]
status = "Statut"
"#;
    let campaign =
        crate::domain::campaign::Campaign::parse(std::path::Path::new("/c/campaign.toml"), text)
            .unwrap();
    campaign.resources[0].clone()
}

fn overview(delivery: &str) -> Overview {
    let report = ResourceReport {
        name: "measure_request".into(),
        key: vec!["source_id".into()],
        expected_rows: 10,
        migrated_rows: 9,
        matched_keys: 9,
        differing_rows: 3,
        missing_rows: 1,
        columns: vec![
            ColumnReport {
                name: "status".into(),
                differing: 3,
                patterns: vec![Pattern {
                    expected: Some("planned".into()),
                    migrated: Some("prescribed".into()),
                    rows: 3,
                }],
                ..Default::default()
            },
            ColumnReport {
                name: "planned_on".into(),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let resource = campaign_resource();
    let verdicts = vec![
        item("exam-status", "automated"),
        item("exam-review", "sample"),
    ];
    let progress = crate::acceptance::resource_progress(
        "measure_request",
        delivery,
        &verdicts,
        &crate::journal::State::from_entries(&[]),
        Some(&report),
        &crate::domain::signoff::SignoffFiles::default(),
    );
    Overview {
        delivery: delivery.into(),
        last_delivery: "L2".into(),
        resources: vec![ResourceOutcome::Reconciled(Box::new(ResourceOverview {
            resource,
            reconciled: Reconciled {
                report,
                files: ResultFiles {
                    keys: "/r/keys.parquet".into(),
                    differences: "/r/differences.parquet".into(),
                    null_keys: "/r/nullkeys.parquet".into(),
                },
            },
            verdicts,
            items: vec![crate::domain::checklist::Item {
                id: "exam-review".into(),
                resource: "measure_request".into(),
                label: "review".into(),
                kind: crate::domain::checklist::ItemKind::Sample {
                    size: 2,
                    seed: "s".into(),
                    columns: Vec::new(),
                },
            }],
            progress: progress.clone(),
            trend: crate::jobs::Trend::FirstDelivery,
            sample_oks: Vec::new(),
            files: crate::domain::signoff::SignoffFiles::default(),
        }))],
        go: crate::acceptance::go_no_go(&[progress]),
        failed: Vec::new(),
        defects: Vec::new(),
        suggestions: Vec::new(),
        journal_notes: Vec::new(),
        journal_error: None,
    }
}

fn item(id: &str, kind: &'static str) -> crate::acceptance::ItemVerdict {
    crate::acceptance::ItemVerdict {
        resource: "measure_request".into(),
        item: id.into(),
        label: id.into(),
        kind,
        delivery: "L2".into(),
        verdict: "todo",
        computed: None,
        measured: None,
        author: None,
        time: None,
        comment: None,
        history: Vec::new(),
    }
}

fn event(id: JobId, kind: JobEventKind) -> Msg {
    Msg::Job(JobEvent { id, kind })
}

fn act(app: &mut App, action: Action) -> Vec<Effect> {
    update(app, Msg::Action(action))
}

/// An app showing L2's overview.
fn loaded() -> App {
    let (mut app, effects) = App::new("t".into(), vec!["L1".into(), "L2".into()]);
    let Some(Effect::StartOverview { id, delivery }) = effects.first().cloned() else {
        panic!("{effects:?}")
    };
    assert_eq!(delivery, "L2");
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Overview(Box::new(overview("L2")))),
        ),
    );
    app
}

fn fetched_rows(effects: &[Effect]) -> (JobId, crate::jobs::RowsQuery) {
    match effects {
        [
            Effect::Fetch {
                id,
                request: PagerRequest::Rows(q),
            },
        ] => (*id, q.clone()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_console_starts_on_the_last_delivery_and_shows_its_overview() {
    let app = loaded();
    assert_eq!(app.delivery_id(), Some("L2"));
    assert!(app.running().is_none());
    assert_eq!(app.visible_resources(), [0]);
    assert_eq!(app.context(), Context::Home);
}

#[test]
fn progress_is_kept_and_esc_cancels_the_overview() {
    let (mut app, effects) = App::new("t".into(), vec!["L1".into()]);
    let Some(Effect::StartOverview { id, .. }) = effects.first().cloned() else {
        panic!()
    };
    let progress = crate::jobs::Progress {
        done: 1,
        total: 5,
        subject: "employee · L1".into(),
        stage: None,
        percent: Some(40.0),
    };
    update(
        &mut app,
        event(id, JobEventKind::Progress(progress.clone())),
    );
    assert_eq!(
        app.running().and_then(|r| r.progress.clone()),
        Some(progress)
    );
    let effects = act(&mut app, Action::Back);
    assert!(matches!(effects.as_slice(), [Effect::Cancel(c)] if *c == id));
    assert_eq!(app.notice, Some(Notice::Cancelled));
    // The cancelled job's late result is dropped.
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Overview(Box::new(overview("L1")))),
        ),
    );
    assert!(app.overview.is_none());
}

#[test]
fn choosing_another_delivery_cancels_the_running_overview_and_starts_its_own() {
    let (mut app, effects) = App::new("t".into(), vec!["L1".into(), "L2".into()]);
    let Some(Effect::StartOverview { id: first, .. }) = effects.first().cloned() else {
        panic!()
    };
    act(&mut app, Action::NextPane);
    assert_eq!(app.home.focus, HomePane::Deliveries);
    let effects = act(&mut app, Action::Left);
    match effects.as_slice() {
        [Effect::Cancel(c), Effect::StartOverview { delivery, .. }] => {
            assert_eq!(*c, first);
            assert_eq!(delivery, "L1");
        }
        other => panic!("{other:?}"),
    }
    assert!(
        act(&mut app, Action::Left).is_empty(),
        "already the first delivery"
    );
}

#[test]
fn from_the_home_screen_to_one_record_side_by_side() {
    let mut app = loaded();
    assert!(act(&mut app, Action::Enter).is_empty());
    assert_eq!(app.context(), Context::Explorer);
    // Categories: missing, unexpected, differing...
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    act(&mut app, Action::Enter);
    assert!(matches!(app.explorer().unwrap().level(), Level::Columns(_)));
    act(&mut app, Action::Enter);
    let Level::Patterns { column, .. } = app.explorer().unwrap().level() else {
        panic!()
    };
    assert_eq!(column, "status");
    let (id, query) = fetched_rows(&act(&mut app, Action::Enter));
    assert_eq!(app.context(), Context::Rows);
    assert_eq!(
        query.filter().unwrap(),
        &RowsFilter::Pattern {
            slot: 1,
            expected: Some("planned".into()),
            migrated: Some("prescribed".into())
        }
    );
    assert_eq!(query.anchor, Anchor::Start);
    let rows = (0..3)
        .map(|i| WindowRow {
            key: vec![Some(format!("80000{i}"))],
            cells: vec![Some("planned".into()), Some("prescribed".into())],
        })
        .collect();
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Window(Window { query, rows })),
        ),
    );
    act(&mut app, Action::Down);
    let effects = act(&mut app, Action::Enter);
    let [
        Effect::Fetch {
            id,
            request: PagerRequest::Record { key, .. },
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(key, &vec![Some("800001".to_string())]);
    assert_eq!(app.context(), Context::Record);
    let view = RecordView {
        resource: "measure_request".into(),
        key: key.clone(),
        category: Some("differing".into()),
        cells: vec![RecordCell {
            column: "status".into(),
            differs: true,
            expected: Some("planned".into()),
            migrated: Some("prescribed".into()),
        }],
        source: Vec::new(),
    };
    update(
        &mut app,
        event(
            *id,
            JobEventKind::Finished(JobOutput::Record(Box::new(view.clone()))),
        ),
    );
    let Level::Record(record) = app.explorer().unwrap().level() else {
        panic!()
    };
    assert_eq!(record.view.as_ref(), Some(&view));
    // `n`: the next row's record, without going back to the table.
    let effects = act(&mut app, Action::Next);
    let [
        Effect::Fetch {
            request: PagerRequest::Record { key, .. },
            ..
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(key, &vec![Some("800002".to_string())]);
    assert!(
        act(&mut app, Action::Next).is_empty(),
        "the last row has no next"
    );
    act(&mut app, Action::Previous);
    act(&mut app, Action::Previous);
    let Level::Record(record) = app.explorer().unwrap().level() else {
        panic!()
    };
    assert_eq!(record.key, vec![Some("800000".to_string())]);
    // Esc climbs back up to the home screen, one level at a time.
    for _ in 0..5 {
        act(&mut app, Action::Back);
    }
    assert!(app.explorer().is_none());
}

#[test]
fn a_missing_category_lists_its_keys_with_the_reports_count() {
    let mut app = loaded();
    act(&mut app, Action::Enter);
    let (_, query) = fetched_rows(&act(&mut app, Action::Enter));
    assert_eq!(
        query.filter(),
        Some(&RowsFilter::Category(KeyCategory::Missing))
    );
    let Level::Rows { table, .. } = app.explorer().unwrap().level() else {
        panic!()
    };
    assert_eq!(table.total, Some(1));
}

#[test]
fn the_filter_narrows_the_list_as_letters_are_typed_and_esc_clears_it() {
    let mut app = loaded();
    act(&mut app, Action::Enter);
    act(&mut app, Action::Filter);
    assert_eq!(app.input.as_deref(), Some(""));
    for c in "DIFF".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    let explorer = app.explorer().unwrap();
    let labels = explorer.labels();
    let visible = explorer
        .list()
        .unwrap()
        .visible(labels.iter().map(String::as_str));
    assert_eq!(visible, [2], "only `differing`");
    update(&mut app, Msg::Input(InputKey::Enter));
    assert!(app.input.is_none());
    act(&mut app, Action::Enter);
    assert!(matches!(app.explorer().unwrap().level(), Level::Columns(_)));
    act(&mut app, Action::Back);
    act(&mut app, Action::Filter);
    update(&mut app, Msg::Input(InputKey::Esc));
    assert_eq!(app.explorer().unwrap().list().unwrap().filter, "");
}

#[test]
fn typing_a_key_in_a_table_goes_to_it() {
    let mut app = loaded();
    act(&mut app, Action::Enter);
    act(&mut app, Action::Enter);
    act(&mut app, Action::Filter);
    for c in "800002".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    let (_, query) = fetched_rows(&update(&mut app, Msg::Input(InputKey::Enter)));
    assert_eq!(query.anchor, Anchor::AtOrAfter(vec![Some("800002".into())]));
}

#[test]
fn help_opens_over_any_screen_and_quit_always_quits() {
    let mut app = loaded();
    act(&mut app, Action::Help);
    assert_eq!(app.context(), Context::Help);
    assert_eq!(app.screen_context(), Context::Home);
    assert!(
        act(&mut app, Action::Enter).is_empty(),
        "keys do not reach the screen under the help"
    );
    act(&mut app, Action::Back);
    assert_eq!(app.context(), Context::Home);
    assert!(matches!(
        act(&mut app, Action::Quit).as_slice(),
        [Effect::Quit]
    ));
    assert!(app.quit);
}

#[test]
fn quit_waits_for_a_pending_journal_write_and_a_failure_keeps_the_console_open() {
    let mut app = loaded();
    let write = app.jobs.start(Purpose::Write(Write::Entry));
    assert!(
        act(&mut app, Action::Quit).is_empty(),
        "waits for the write"
    );
    assert!(!app.quit);
    assert_eq!(app.closing, Some(crate::app::Closing::Saving));
    let effects = update(
        &mut app,
        event(
            write,
            JobEventKind::Finished(JobOutput::Recorded("e1".into())),
        ),
    );
    assert!(app.quit, "quits once the entry is on disk");
    assert!(effects.iter().any(|e| matches!(e, Effect::Quit)));

    // A write that fails while quitting waits: the console stays, and says so.
    let mut app = loaded();
    let write = app.jobs.start(Purpose::Write(Write::Entry));
    act(&mut app, Action::Quit);
    let effects = update(
        &mut app,
        event(write, JobEventKind::Failed("journal: gave up".into())),
    );
    assert!(!app.quit && effects.is_empty());
    assert_eq!(app.closing, None);
    assert!(matches!(&app.notice, Some(Notice::NotSaved(m)) if m.contains("gave up")));

    // Asked twice: quits at once, counting the write that may be lost.
    app.jobs.start(Purpose::Write(Write::Entry));
    act(&mut app, Action::Quit);
    assert!(matches!(
        act(&mut app, Action::Quit).as_slice(),
        [Effect::Quit]
    ));
    assert!(app.quit);
    assert_eq!(app.unsaved, 1);
}

#[test]
fn a_failed_overview_says_why() {
    let (mut app, effects) = App::new("t".into(), vec!["L1".into()]);
    let Some(Effect::StartOverview { id, .. }) = effects.first().cloned() else {
        panic!()
    };
    update(&mut app, event(id, JobEventKind::Failed("no file".into())));
    assert_eq!(app.notice, Some(Notice::Failed("no file".into())));
    assert!(app.running().is_none());
}

#[test]
fn every_action_has_a_name_the_keymap_can_use() {
    for action in Action::ALL {
        assert_eq!(Action::from_name(action.name()), Some(action));
    }
}

fn recorded(effects: &[Effect]) -> (JobId, crate::jobs::Recording) {
    match effects {
        [Effect::Record { id, recording }] => (*id, recording.clone()),
        _ => panic!("{effects:?}"),
    }
}

#[test]
fn the_checklist_opens_from_home_and_a_key_records_a_verdict() {
    use crate::journal::VerdictValue;
    let mut app = loaded();
    assert!(act(&mut app, Action::Checklist).is_empty());
    assert_eq!(app.context(), Context::Checklist);
    assert_eq!(app.checklist_items().len(), 2);
    act(&mut app, Action::Down);
    assert_eq!(app.checklist_item().unwrap().item, "exam-review");
    let (id, recording) = recorded(&act(&mut app, Action::VerdictKo));
    assert_eq!(
        recording,
        crate::jobs::Recording::Verdict {
            resource: "measure_request".into(),
            item: "exam-review".into(),
            delivery: "L2".into(),
            value: VerdictValue::Ko,
            comment: None,
        }
    );
    assert!(app.waiting(), "the append is under way");
    // Once on disk: said on the status line, and the overview is folded again.
    let effects = update(
        &mut app,
        event(id, JobEventKind::Finished(JobOutput::Recorded("E1".into()))),
    );
    assert_eq!(app.notice, Some(Notice::Saved("E1".into())));
    assert!(matches!(effects.as_slice(), [Effect::StartOverview { .. }]));
    assert_eq!(app.context(), Context::Checklist, "still on the checklist");
    act(&mut app, Action::Back);
    assert_eq!(app.context(), Context::Home);
}

#[test]
fn an_automated_verdict_asks_for_a_comment_and_a_comment_goes_with_the_verdict() {
    use crate::journal::VerdictValue;
    let mut app = loaded();
    act(&mut app, Action::Checklist);
    assert!(
        act(&mut app, Action::VerdictKo).is_empty(),
        "asks why first"
    );
    assert_eq!(app.input.as_deref(), Some(""));
    // An empty comment is refused for an automated item.
    assert!(update(&mut app, Msg::Input(InputKey::Enter)).is_empty());
    assert_eq!(app.notice, Some(Notice::CommentRequired));
    act(&mut app, Action::VerdictKo);
    for c in "vu".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    assert_eq!(app.home.list.filter, "", "a comment is no filter");
    let (_, recording) = recorded(&update(&mut app, Msg::Input(InputKey::Enter)));
    let crate::jobs::Recording::Verdict { value, comment, .. } = recording else {
        panic!("{recording:?}")
    };
    assert_eq!((value, comment.as_deref()), (VerdictValue::Ko, Some("vu")));
    // `c` comments on the current verdict; Esc cancels it.
    act(&mut app, Action::Comment);
    update(&mut app, Msg::Input(InputKey::Esc));
    assert!(app.input.is_none() && app.checklist().unwrap().commenting.is_none());
}

#[test]
fn a_failed_append_says_why_and_enter_opens_the_explorer_over_the_checklist() {
    let mut app = loaded();
    act(&mut app, Action::Checklist);
    act(&mut app, Action::Down);
    let (id, _) = recorded(&act(&mut app, Action::VerdictOk));
    update(
        &mut app,
        event(id, JobEventKind::Failed("disk full".into())),
    );
    assert_eq!(app.notice, Some(Notice::Failed("disk full".into())));
    assert!(!app.waiting());
    // An automated item opens the explorer (a sample item, its review).
    act(&mut app, Action::Up);
    act(&mut app, Action::Enter);
    assert_eq!(app.context(), Context::Explorer);
    act(&mut app, Action::Back);
    assert_eq!(
        app.context(),
        Context::Checklist,
        "Esc comes back to the checklist"
    );
}

#[test]
fn a_sample_review_draws_shows_marks_and_a_ko_opens_a_prefilled_defect() {
    use crate::journal::Severity;
    let mut app = loaded();
    act(&mut app, Action::Checklist);
    act(&mut app, Action::Down);
    let effects = act(&mut app, Action::Enter);
    let [
        Effect::Fetch {
            id,
            request: PagerRequest::Sample { seed, size, .. },
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (seed.as_str(), *size),
        ("s/L2", 2),
        "seeded as `recette sample`"
    );
    assert_eq!(app.context(), Context::Sample);
    let keys = vec![
        vec![Some("800001".to_string())],
        vec![Some("800002".to_string())],
    ];
    let effects = update(
        &mut app,
        event(*id, JobEventKind::Finished(JobOutput::Sample(keys))),
    );
    // The draw is journaled as `recette sample` does, and the first record asked for.
    let [
        Effect::Record {
            recording: crate::jobs::Recording::SampleDraw { seed, keys, .. },
            ..
        },
        Effect::Fetch {
            id,
            request: PagerRequest::Record { key, delivery, .. },
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!((seed.as_str(), keys.len()), ("s/L2", 2));
    assert_eq!(
        (key[0].as_deref(), delivery.as_str()),
        (Some("800001"), "L2")
    );
    let view = |key: &str| RecordView {
        resource: "measure_request".into(),
        key: vec![Some(key.into())],
        category: Some("differing".into()),
        cells: vec![RecordCell {
            column: "status".into(),
            differs: true,
            expected: Some("planned".into()),
            migrated: Some("prescribed".into()),
        }],
        source: Vec::new(),
    };
    update(
        &mut app,
        event(
            *id,
            JobEventKind::Finished(JobOutput::Record(Box::new(view("800001")))),
        ),
    );
    // `o`: right, journaled as `sample.mark`, and on to the next record.
    let effects = act(&mut app, Action::VerdictOk);
    assert_eq!(app.sample().unwrap().marks[0], Mark::Ok);
    let [
        Effect::Record {
            id: mark,
            recording: crate::jobs::Recording::SampleOk { key, item, .. },
        },
        Effect::Fetch { id, .. },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        (key[0].as_deref(), item.as_str()),
        (Some("800001"), "exam-review")
    );
    assert!(app.waiting(), "the mark is being written");
    update(
        &mut app,
        event(
            *mark,
            JobEventKind::Finished(JobOutput::Recorded("e-1".into())),
        ),
    );
    assert_eq!(app.notice, Some(Notice::Saved("e-1".into())));
    let target = app.current_overview().unwrap().resources[0]
        .reconciled()
        .unwrap();
    assert_eq!(
        target.sample_oks.len(),
        1,
        "the overview shown knows it too"
    );
    update(
        &mut app,
        event(
            *id,
            JobEventKind::Finished(JobOutput::Record(Box::new(view("800002")))),
        ),
    );
    // `x`: the form, prefilled, over the review; Tab goes from field to field.
    act(&mut app, Action::VerdictKo);
    assert_eq!(app.context(), Context::DefectForm);
    let form = app.defect_form().cloned().unwrap();
    assert_eq!(form.columns(), ["status"]);
    assert_eq!(form.keys, vec![vec![Some("800002".to_string())]]);
    assert_eq!(form.item.as_deref(), Some("exam-review"));
    // The title names the column by its label; the evidence is the record's values.
    assert_eq!(form.title, "Statut : planned → prescribed");
    assert_eq!(
        form.shown_evidence()[0].values,
        [(
            "status".to_string(),
            Some("planned".to_string()),
            Some("prescribed".to_string())
        )]
    );
    // A description of two lines (Enter there is a new line), then the severity.
    update(&mut app, Msg::Input(InputKey::Tab));
    for c in "ligne 1".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    assert!(update(&mut app, Msg::Input(InputKey::Enter)).is_empty());
    for c in "ligne 2".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    update(&mut app, Msg::Input(InputKey::Tab));
    update(&mut app, Msg::Input(InputKey::Tab));
    update(&mut app, Msg::Input(InputKey::Right));
    let effects = update(&mut app, Msg::Input(InputKey::Enter));
    let (id, recording) = recorded(&effects);
    let crate::jobs::Recording::Defect(report) = recording else {
        panic!("{recording:?}")
    };
    assert_eq!(report.severity, Severity::Minor);
    assert_eq!(report.item.as_deref(), Some("exam-review"));
    assert_eq!(report.keys, vec![vec![Some("800002".to_string())]]);
    assert_eq!(report.description.as_deref(), Some("ligne 1\nligne 2"));
    update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Recorded("MD-1".into())),
        ),
    );
    let review = app.sample().unwrap();
    assert_eq!(review.marks[1], Mark::Ko(Some("MD-1".into())));
    assert!(app.defect_form().is_none());
    // Every record has its mark: the summary proposes the item's verdict.
    assert_eq!(app.context(), Context::Summary);
    let Some(Screen::Summary(summary)) = app.screens.top().map(|l| &l.screen) else {
        panic!()
    };
    assert_eq!((summary.right, summary.defects.len()), (1, 1));
    assert_eq!(summary.proposed(), crate::journal::VerdictValue::Ko);
    let (_, recording) = recorded(&act(&mut app, Action::Enter));
    assert_eq!(
        recording,
        crate::jobs::Recording::Verdict {
            resource: "measure_request".into(),
            item: "exam-review".into(),
            delivery: "L2".into(),
            value: crate::journal::VerdictValue::Ko,
            comment: Some("1 juste, 1 anomalie (MD-1)".into()),
        }
    );
    assert_eq!(app.context(), Context::Checklist, "back to the checklist");
}

#[test]
fn the_defects_screen_filters_and_changes_a_status_through_an_effect() {
    use crate::journal::{DefectRecord, DefectStatus, Severity};
    let mut app = loaded();
    let defect = |id: &str, resource: &str| DefectRecord {
        id: id.into(),
        resource: resource.into(),
        item: None,
        delivery: Some("L1".into()),
        severity: Severity::Major,
        description: String::new(),
        author: "Marie Dupont".into(),
        created: chrono::Utc::now(),
        status: DefectStatus::Open,
        history: Vec::new(),
        details: serde_json::Map::new(),
        occurrences: Vec::new(),
    };
    app.overview.as_mut().unwrap().defects =
        vec![defect("MD-1", "firm"), defect("MD-2", "measure_request")];
    act(&mut app, Action::Defects);
    assert_eq!(app.context(), Context::Defects);
    act(&mut app, Action::Filter);
    for c in "measure".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    update(&mut app, Msg::Input(InputKey::Enter));
    assert_eq!(app.visible_defects(), [1]);
    assert_eq!(app.home.list.filter, "", "the home list keeps its filter");
    let (_, recording) = recorded(&act(&mut app, Action::Fixed));
    assert_eq!(
        recording,
        crate::jobs::Recording::DefectStatus {
            defect: "MD-2".into(),
            status: DefectStatus::Fixed {
                delivery: "L2".into()
            },
        }
    );
    // A rejection asks for its reason; an empty one is refused.
    assert!(act(&mut app, Action::Rejected).is_empty());
    assert!(update(&mut app, Msg::Input(InputKey::Enter)).is_empty());
    assert_eq!(app.notice, Some(Notice::ReasonRequired));
    act(&mut app, Action::Rejected);
    for c in "voulu".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    let (_, recording) = recorded(&update(&mut app, Msg::Input(InputKey::Enter)));
    assert!(matches!(
        recording,
        crate::jobs::Recording::DefectStatus {
            status: DefectStatus::Rejected { ref reason },
            ..
        } if reason == "voulu"
    ));
    act(&mut app, Action::Back);
    assert_eq!(app.context(), Context::Home);
}

fn sql_effect(effects: &[Effect]) -> (JobId, crate::jobs::SqlRequest) {
    match effects {
        [.., Effect::Sql { id, request }] => (*id, request.clone()),
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_sql_console_runs_on_the_delivery_shown_pages_its_result_and_esc_interrupts() {
    let mut app = loaded();
    app.sql_history = vec!["SELECT 1".into()];
    act(&mut app, Action::Sql);
    assert_eq!(app.input.as_deref(), Some("SELECT 1"), "the last query");
    // ↑ from the last entry stays on the oldest; typing edits the text.
    update(&mut app, Msg::Input(InputKey::Up));
    update(&mut app, Msg::Input(InputKey::Char('0')));
    let (id, request) = sql_effect(&update(&mut app, Msg::Input(InputKey::Enter)));
    let crate::jobs::SqlRequest::Run { sql, scope } = request else {
        panic!("{request:?}")
    };
    assert_eq!(sql, "SELECT 10");
    assert_eq!(scope.delivery, "L2");
    assert_eq!(
        scope.results[0].1.keys,
        std::path::PathBuf::from("/r/keys.parquet")
    );
    assert_eq!(app.sql_history, ["SELECT 1", "SELECT 10"]);
    assert!(app.waiting());

    let result = crate::jobs::QueryResult {
        columns: vec![("n".into(), "INTEGER".into())],
        rows: 1000,
        notes: Vec::new(),
    };
    let effects = update(
        &mut app,
        event(id, JobEventKind::Finished(JobOutput::Query(result))),
    );
    let (rows_id, request) = sql_effect(&effects);
    let crate::jobs::SqlRequest::Rows(query) = request else {
        panic!("{request:?}")
    };
    assert_eq!(query.source, crate::jobs::RowsSource::QueryResult);
    assert_eq!(app.context(), Context::Sql, "the result has the focus");
    let window = Window {
        query,
        rows: (0..200)
            .map(|n| WindowRow {
                key: vec![Some(n.to_string())],
                cells: vec![Some(format!("v{n}"))],
            })
            .collect(),
    };
    update(
        &mut app,
        event(rows_id, JobEventKind::Finished(JobOutput::Window(window))),
    );
    let table = &app.sql().unwrap().result.as_ref().unwrap().table;
    assert_eq!((table.rows.len(), table.position()), (200, Some(1)));
    // The end of a 1000-row result is a window asked for by row number.
    let (_, request) = sql_effect(&act(&mut app, Action::Bottom));
    assert!(matches!(
        request,
        crate::jobs::SqlRequest::Rows(crate::jobs::RowsQuery {
            anchor: Anchor::End,
            ..
        })
    ));

    // Another query, interrupted: Esc cancels it and keeps the console open.
    act(&mut app, Action::Edit);
    let (running, _) = sql_effect(&update(&mut app, Msg::Input(InputKey::Enter)));
    let effects = update(&mut app, Msg::Input(InputKey::Esc));
    assert!(matches!(effects.as_slice(), [Effect::Cancel(id)] if *id == running));
    assert!(app.sql().is_some());
    // Esc again leaves the editor for the result, and Esc there goes home.
    update(&mut app, Msg::Input(InputKey::Esc));
    assert_eq!(app.context(), Context::Sql);
    act(&mut app, Action::Back);
    assert_eq!(app.context(), Context::Home);
}

#[test]
fn the_sql_console_waits_for_the_delivery_results() {
    let (mut app, _) = App::new("t".into(), vec!["L1".into()]);
    act(&mut app, Action::Sql);
    let effects = update(&mut app, Msg::Input(InputKey::Enter));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(app.notice, Some(Notice::NotReady));
}

/// `loaded()` with a second resource, `contract`, that could not be reconciled.
fn with_a_failed_resource() -> App {
    let mut app = loaded();
    let overview = app.overview.as_mut().unwrap();
    let mut contract = campaign_resource();
    contract.name = "contract".into();
    overview.resources.push(ResourceOutcome::Failed(Box::new(
        crate::jobs::FailedResource {
            progress: crate::acceptance::resource_progress(
                "contract",
                "L2",
                &[],
                &crate::journal::State::from_entries(&[]),
                None,
                &crate::domain::signoff::SignoffFiles::default(),
            ),
            resource: contract,
            error: "deliveries/L2/contract.csv: no file".into(),
        },
    )));
    app
}

#[test]
fn a_failed_resource_opens_neither_explorer_nor_checklist_and_says_why() {
    let mut app = with_a_failed_resource();
    act(&mut app, Action::Down);
    assert_eq!(app.selected_resource().unwrap().resource().name, "contract");
    for action in [Action::Enter, Action::Checklist] {
        assert!(act(&mut app, action).is_empty());
        assert_eq!(app.context(), Context::Home);
        assert_eq!(
            app.notice,
            Some(Notice::ResourceFailed {
                resource: "contract".into(),
                error: "deliveries/L2/contract.csv: no file".into(),
            })
        );
    }
    // The reconciled one still opens.
    act(&mut app, Action::Up);
    act(&mut app, Action::Enter);
    assert_eq!(app.context(), Context::Explorer);
}

#[test]
fn a_checklist_whose_resource_failed_on_a_new_overview_says_why() {
    let mut app = with_a_failed_resource();
    app.open(Screen::Checklist(ChecklistScreen::new("contract".into())));
    assert!(app.checklist_target().is_none());
    assert!(app.checklist_items().is_empty());
    assert_eq!(
        app.checklist_error(),
        Some("deliveries/L2/contract.csv: no file")
    );
    // Keys on it do nothing (no item to set a verdict on).
    assert!(act(&mut app, Action::VerdictOk).is_empty());
    assert!(act(&mut app, Action::Enter).is_empty());
}

/// `loaded()` with four defects: firm/blocking/L1/open, measure_request/major/L1/fixed,
/// firm/minor/L2/reopened, measure_request/blocking/L2/rejected.
fn with_defects() -> App {
    use crate::journal::{DefectRecord, DefectStatus, Severity};
    let mut app = loaded();
    let defect = |id: &str, resource: &str, severity, delivery: &str, status| DefectRecord {
        id: id.into(),
        resource: resource.into(),
        item: None,
        delivery: Some(delivery.into()),
        severity,
        description: String::new(),
        author: "Marie Dupont".into(),
        created: chrono::Utc::now(),
        status,
        history: Vec::new(),
        details: serde_json::Map::new(),
        occurrences: Vec::new(),
    };
    app.overview.as_mut().unwrap().defects = vec![
        defect("D-1", "firm", Severity::Blocking, "L1", DefectStatus::Open),
        defect(
            "D-2",
            "measure_request",
            Severity::Major,
            "L1",
            DefectStatus::Fixed {
                delivery: "L2".into(),
            },
        ),
        defect("D-3", "firm", Severity::Minor, "L2", DefectStatus::Reopened),
        defect(
            "D-4",
            "measure_request",
            Severity::Blocking,
            "L2",
            DefectStatus::Rejected {
                reason: "voulu".into(),
            },
        ),
    ];
    act(&mut app, Action::Defects);
    app
}

fn visible_ids(app: &App) -> Vec<&str> {
    app.visible_defects()
        .iter()
        .map(|&i| app.all_defects()[i].id.as_str())
        .collect()
}

#[test]
fn each_filter_key_narrows_the_defects_and_cycles_back_to_all() {
    let mut app = with_defects();
    assert_eq!(visible_ids(&app), ["D-1", "D-2", "D-3", "D-4"]);
    // Status: open (reopened too), fixed, verified, rejected, all.
    let statuses = [
        vec!["D-1", "D-3"],
        vec!["D-2"],
        vec![],
        vec!["D-4"],
        vec!["D-1", "D-2", "D-3", "D-4"],
    ];
    for expected in statuses {
        act(&mut app, Action::FilterStatus);
        assert_eq!(visible_ids(&app), expected);
    }
    act(&mut app, Action::FilterSeverity);
    assert_eq!(visible_ids(&app), ["D-1", "D-4"]);
    // The resources with defects, in the campaign's order (measure_request is the
    // overview's only resource; firm is not in it, so it comes after).
    assert_eq!(app.defect_resources(), ["measure_request", "firm"]);
    act(&mut app, Action::FilterResource);
    assert_eq!(visible_ids(&app), ["D-4"]);
    act(&mut app, Action::FilterResource);
    assert_eq!(visible_ids(&app), ["D-1"]);
    act(&mut app, Action::FilterResource);
    assert_eq!(visible_ids(&app), ["D-1", "D-4"]);
    assert_eq!(app.defect_deliveries(), ["L1", "L2"]);
    act(&mut app, Action::FilterDelivery);
    assert_eq!(visible_ids(&app), ["D-1"]);
    act(&mut app, Action::FilterDelivery);
    assert_eq!(visible_ids(&app), ["D-4"]);
    // The free-text filter still applies on top.
    act(&mut app, Action::FilterDelivery);
    act(&mut app, Action::Filter);
    for c in "firm".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    update(&mut app, Msg::Input(InputKey::Enter));
    assert_eq!(visible_ids(&app), ["D-1"]);
}

#[test]
fn a_filter_keeps_the_selection_on_its_defect_when_it_is_still_shown() {
    let mut app = with_defects();
    act(&mut app, Action::Down);
    act(&mut app, Action::Down);
    assert_eq!(app.selected_defect().unwrap().id, "D-3");
    act(&mut app, Action::FilterStatus);
    assert_eq!(visible_ids(&app), ["D-1", "D-3"]);
    assert_eq!(app.selected_defect().unwrap().id, "D-3");
    // Gone from the list: the first one shown.
    act(&mut app, Action::FilterStatus);
    assert_eq!(app.selected_defect().unwrap().id, "D-2");
    // Nothing shown: no selection, and the status keys do nothing.
    act(&mut app, Action::FilterStatus);
    assert!(app.selected_defect().is_none());
    assert!(act(&mut app, Action::Fixed).is_empty());
}

#[test]
fn grouping_orders_the_list_under_header_lines_that_are_never_selected() {
    use super::defect_filter::{DefectLine, GroupKey, StatusClass};
    use crate::journal::Severity;
    let mut app = with_defects();
    act(&mut app, Action::Group);
    let lines = app.defect_lines();
    assert_eq!(
        lines[0],
        DefectLine::Header {
            key: GroupKey::Resource("measure_request".into()),
            count: 2
        }
    );
    assert_eq!(visible_ids(&app), ["D-2", "D-4", "D-1", "D-3"]);
    act(&mut app, Action::Group);
    assert_eq!(visible_ids(&app), ["D-1", "D-4", "D-2", "D-3"]);
    assert_eq!(
        app.defect_lines()
            .iter()
            .filter_map(|l| match l {
                DefectLine::Header { key, count } => Some((key.clone(), *count)),
                DefectLine::Defect(_) => None,
            })
            .collect::<Vec<_>>(),
        [
            (GroupKey::Severity(Severity::Blocking), 2),
            (GroupKey::Severity(Severity::Major), 1),
            (GroupKey::Severity(Severity::Minor), 1),
        ]
    );
    act(&mut app, Action::Group);
    assert_eq!(visible_ids(&app), ["D-1", "D-3", "D-2", "D-4"]);
    assert!(matches!(
        app.defect_lines()[0],
        DefectLine::Header {
            key: GroupKey::Status(StatusClass::Open),
            count: 2
        }
    ));
    // Moving goes from defect to defect; a status key acts on the one selected.
    act(&mut app, Action::Bottom);
    assert_eq!(app.selected_defect().unwrap().id, "D-4");
    act(&mut app, Action::Up);
    let (_, recording) = recorded(&act(&mut app, Action::Verified));
    assert!(matches!(
        recording,
        crate::jobs::Recording::DefectStatus { ref defect, .. } if defect == "D-2"
    ));
    act(&mut app, Action::Group);
    assert_eq!(visible_ids(&app), ["D-1", "D-2", "D-3", "D-4"]);
    assert!(
        app.defect_lines()
            .iter()
            .all(|l| matches!(l, DefectLine::Defect(_)))
    );
}

#[test]
fn a_sample_mark_that_fails_to_be_written_is_undone_on_screen_and_a_new_draw_keeps_the_journals_marks()
 {
    let mut app = loaded();
    // The journal already says 800002 is right on L2.
    if let Some(ResourceOutcome::Reconciled(r)) = app.overview.as_mut().map(|o| &mut o.resources[0])
    {
        r.sample_oks
            .push(("exam-review".into(), vec![Some("800002".to_string())]));
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
    assert_eq!(app.sample().unwrap().marks, [Mark::Unseen, Mark::Ok]);
    let Some(Effect::Fetch { id, .. }) = effects.last() else {
        panic!("{effects:?}")
    };
    let view = RecordView {
        resource: "measure_request".into(),
        key: vec![Some("800001".into())],
        category: Some("identical".into()),
        cells: Vec::new(),
        source: Vec::new(),
    };
    update(
        &mut app,
        event(
            *id,
            JobEventKind::Finished(JobOutput::Record(Box::new(view))),
        ),
    );
    let effects = act(&mut app, Action::VerdictOk);
    let Some(Effect::Record { id: mark, .. }) = effects.first() else {
        panic!("{effects:?}")
    };
    update(
        &mut app,
        event(*mark, JobEventKind::Failed("disk full".into())),
    );
    assert_eq!(app.sample().unwrap().marks[0], Mark::Unseen);
    assert_eq!(app.notice, Some(Notice::Failed("disk full".into())));
    assert!(
        !app.jobs
            .any(|p| matches!(p, Purpose::Write(Write::SampleMark(_))))
    );
    // Every record had its mark: the summary opened; Esc goes back to the review.
    assert_eq!(app.context(), Context::Summary);
    act(&mut app, Action::Back);
    assert_eq!(app.context(), Context::Sample);
    // Marked again, and the review closed before the entry is written: its failure is
    // still said.
    let effects = act(&mut app, Action::Previous);
    let Some(Effect::Fetch { id, .. }) = effects.last() else {
        panic!("{effects:?}")
    };
    let view = RecordView {
        resource: "measure_request".into(),
        key: vec![Some("800001".into())],
        category: Some("identical".into()),
        cells: Vec::new(),
        source: Vec::new(),
    };
    update(
        &mut app,
        event(
            *id,
            JobEventKind::Finished(JobOutput::Record(Box::new(view))),
        ),
    );
    let effects = act(&mut app, Action::VerdictOk);
    let Some(Effect::Record { id: mark, .. }) = effects.first() else {
        panic!("{effects:?}")
    };
    act(&mut app, Action::Back);
    assert!(app.sample().is_none());
    update(
        &mut app,
        event(*mark, JobEventKind::Failed("read-only".into())),
    );
    assert_eq!(app.notice, Some(Notice::Failed("read-only".into())));
    assert!(
        !app.jobs
            .any(|p| matches!(p, Purpose::Write(Write::SampleMark(_))))
    );
}

#[test]
fn trends_come_after_the_overview_and_are_kept_when_it_is_folded_again() {
    let (mut app, effects) = App::new("t".into(), vec!["L1".into(), "L2".into()]);
    let Some(Effect::StartOverview { id, .. }) = effects.first().cloned() else {
        panic!("{effects:?}")
    };
    let pending = |mut o: Overview| {
        if let ResourceOutcome::Reconciled(r) = &mut o.resources[0] {
            r.trend = crate::jobs::Trend::Pending;
        }
        o
    };
    let effects = update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Overview(Box::new(pending(overview("L2"))))),
        ),
    );
    // Home is usable at once; the trends job starts behind it.
    assert!(app.current_overview().is_some());
    let [
        Effect::StartTrends {
            id: trends,
            delivery,
        },
    ] = effects.as_slice()
    else {
        panic!("{effects:?}")
    };
    assert_eq!(delivery, "L2");
    assert!(app.waiting());
    let comparison = crate::domain::comparison::DeliveryComparison {
        resource: "measure_request".into(),
        previous: "L1".into(),
        current: "L2".into(),
        by_category: Vec::new(),
        by_column: Vec::new(),
    };
    let found = crate::jobs::Trends {
        delivery: "L2".into(),
        trends: vec![(
            "measure_request".into(),
            crate::jobs::Trend::Compared(comparison),
        )],
    };
    update(
        &mut app,
        event(*trends, JobEventKind::Finished(JobOutput::Trends(found))),
    );
    let trend_of = |app: &App| {
        app.current_overview().unwrap().resources[0]
            .reconciled()
            .map(|r| r.trend.clone())
    };
    assert!(matches!(
        trend_of(&app),
        Some(crate::jobs::Trend::Compared(_))
    ));
    assert!(!app.waiting());

    // A journal entry folds the overview again: same results, so the trend stays and no
    // trends job runs again.
    let effects = app.start_overview();
    let Some(Effect::StartOverview { id, .. }) = effects.last().cloned() else {
        panic!("{effects:?}")
    };
    let effects = update(
        &mut app,
        event(
            id,
            JobEventKind::Finished(JobOutput::Overview(Box::new(pending(overview("L2"))))),
        ),
    );
    assert!(effects.is_empty(), "{effects:?}");
    assert!(matches!(
        trend_of(&app),
        Some(crate::jobs::Trend::Compared(_))
    ));
}

#[test]
fn another_delivery_cancels_the_trends_job_under_way() {
    let mut app = loaded();
    app.jobs.insert(JobId(999), Purpose::Trends);
    act(&mut app, Action::NextPane);
    let effects = act(&mut app, Action::Left);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::Cancel(JobId(999)))),
        "{effects:?}"
    );
    assert!(!app.computing_trends());
}

#[test]
fn the_sql_editor_moves_inserts_deletes_and_takes_a_paste_whole() {
    let mut app = loaded();
    app.sql_history = vec!["SELECT 1 FROM t".into()];
    act(&mut app, Action::Sql);
    let key = |app: &mut App, k: InputKey| {
        update(app, Msg::Input(k));
    };
    // Into the middle: `SELECT 1, 2 FROM t`.
    key(&mut app, InputKey::Home);
    for _ in 0.."SELECT 1".len() {
        key(&mut app, InputKey::Right);
    }
    for c in ", 2".chars() {
        key(&mut app, InputKey::Char(c));
    }
    assert_eq!(app.input.as_deref(), Some("SELECT 1, 2 FROM t"));
    key(&mut app, InputKey::Backspace);
    key(&mut app, InputKey::Delete);
    assert_eq!(app.input.as_deref(), Some("SELECT 1, FROM t"));
    key(&mut app, InputKey::End);
    // A pasted query keeps its line breaks and runs only on Enter.
    let effects = update(&mut app, Msg::Paste("\rWHERE x = 'é'\r\nLIMIT 3".into()));
    assert!(effects.is_empty(), "{effects:?}");
    assert_eq!(
        app.input.as_deref(),
        Some("SELECT 1, FROM t\nWHERE x = 'é'\nLIMIT 3")
    );
    // Left past the start and right past the end stay inside the text.
    for _ in 0..100 {
        key(&mut app, InputKey::Left);
    }
    key(&mut app, InputKey::Char('-'));
    assert!(app.input.as_deref().unwrap().starts_with("-SELECT"));
}

#[test]
fn a_query_left_with_esc_that_finishes_anyway_is_shown_without_taking_the_editor() {
    let mut app = loaded();
    act(&mut app, Action::Sql);
    let (first, _) = sql_effect(&update(&mut app, Msg::Input(InputKey::Enter)));
    update(&mut app, Msg::Input(InputKey::Esc));
    assert!(app.sql_running().is_none());
    // Typing the next query while the worker finishes the first one.
    update(&mut app, Msg::Input(InputKey::Char(' ')));
    let result = crate::jobs::QueryResult {
        columns: vec![("category".into(), "VARCHAR".into())],
        rows: 2,
        notes: Vec::new(),
    };
    let effects = update(
        &mut app,
        event(first, JobEventKind::Finished(JobOutput::Query(result))),
    );
    // The worker's last result is the screen's too; the editor keeps the focus.
    let (_, request) = sql_effect(&effects);
    assert!(matches!(request, crate::jobs::SqlRequest::Rows(_)));
    let screen = app.sql().unwrap();
    assert_eq!(screen.result.as_ref().unwrap().table.total, Some(2));
    assert!(!app.jobs.any(|p| matches!(p, Purpose::Query { .. })));
    assert!(app.input.is_some());
}

mod referent;
mod signoff;
mod stack;

#[test]
fn a_confirmed_home_filter_is_cleared_by_esc() {
    let mut app = loaded();
    act(&mut app, Action::Filter);
    for c in "zzz".chars() {
        update(&mut app, Msg::Input(InputKey::Char(c)));
    }
    update(&mut app, Msg::Input(InputKey::Enter));
    assert_eq!(app.home.list.filter, "zzz");
    assert!(app.visible_resources().is_empty());
    assert!(act(&mut app, Action::Back).is_empty());
    assert_eq!(app.home.list.filter, "");
    assert_eq!(app.visible_resources(), [0]);
}

#[test]
fn changed_inputs_close_the_results_screens_and_reconcile_again() {
    let mut app = loaded();
    act(&mut app, Action::Enter);
    assert!(app.explorer().is_some());
    let effects = update(
        &mut app,
        Msg::InputsChanged(vec![crate::jobs::ChangedInput {
            delivery: Some("L2".into()),
            file: "/c/L2/measure_request.csv".into(),
        }]),
    );
    assert!(app.explorer().is_none(), "no old results beside new rows");
    assert!(app.current_overview().is_none());
    assert_eq!(
        app.notice,
        Some(Notice::InputsChanged(vec![(
            Some("L2".into()),
            "measure_request.csv".into()
        )]))
    );
    assert!(
        matches!(effects.as_slice(), [Effect::StartOverview { delivery, .. }] if delivery == "L2"),
        "{effects:?}"
    );
    assert!(app.running().is_some());
}

#[test]
fn rows_with_a_null_key_are_a_category_of_their_own() {
    let mut report = overview("L2").resources[0]
        .reconciled()
        .unwrap()
        .reconciled
        .report
        .clone();
    report.null_keys_source = 50_000;
    report.null_keys_migrated = 50_000;
    let categories = super::explorer::categories(&report);
    assert_eq!(
        categories.last(),
        Some(&(KeyCategory::NullKey, 100_000)),
        "{categories:?}"
    );
}
