//! `update` without a terminal or a database: messages in, state and effects checked.

use super::*;
use crate::domain::report::{ColumnReport, KeyCategory, Pattern, ResourceReport};
use crate::jobs::window::{RecordCell, RowsFilter};
use crate::jobs::{
    Anchor, JobEvent, JobEventKind, JobOutput, PagerRequest, RecordView, ResourceOverview, Window,
    WindowRow,
};
use crate::store::Reconciled;
use crate::store::reconcile::ResultFiles;

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
    Overview {
        delivery: delivery.into(),
        last_delivery: "L2".into(),
        resources: vec![ResourceOverview {
            resource,
            reconciled: Reconciled {
                report,
                files: ResultFiles {
                    keys: "/r/keys.parquet".into(),
                    differences: "/r/differences.parquet".into(),
                },
            },
            verdicts: Vec::new(),
            progress: crate::acceptance::resource_progress(
                "measure_request",
                delivery,
                &[],
                &crate::journal::State::from_entries(&[]),
            ),
        }],
        go: false,
        unsigned: vec!["measure_request".into()],
        open_blocking: 0,
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
    assert!(app.running.is_none());
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
        app.running.as_ref().and_then(|r| r.progress.clone()),
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
    assert!(matches!(
        app.explorer.as_ref().unwrap().level(),
        Level::Columns(_)
    ));
    act(&mut app, Action::Enter);
    let Level::Patterns { column, .. } = app.explorer.as_ref().unwrap().level() else {
        panic!()
    };
    assert_eq!(column, "status");
    let (id, query) = fetched_rows(&act(&mut app, Action::Enter));
    assert_eq!(app.context(), Context::Rows);
    assert_eq!(
        query.filter,
        RowsFilter::Pattern {
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
    };
    update(
        &mut app,
        event(
            *id,
            JobEventKind::Finished(JobOutput::Record(Box::new(view.clone()))),
        ),
    );
    let Level::Record(record) = app.explorer.as_ref().unwrap().level() else {
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
    let Level::Record(record) = app.explorer.as_ref().unwrap().level() else {
        panic!()
    };
    assert_eq!(record.key, vec![Some("800000".to_string())]);
    // Esc climbs back up to the home screen, one level at a time.
    for _ in 0..5 {
        act(&mut app, Action::Back);
    }
    assert!(app.explorer.is_none());
}

#[test]
fn a_missing_category_lists_its_keys_with_the_reports_count() {
    let mut app = loaded();
    act(&mut app, Action::Enter);
    let (_, query) = fetched_rows(&act(&mut app, Action::Enter));
    assert_eq!(query.filter, RowsFilter::Category(KeyCategory::Missing));
    let Level::Rows { table, .. } = app.explorer.as_ref().unwrap().level() else {
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
    let explorer = app.explorer.as_ref().unwrap();
    let labels = explorer.labels();
    let visible = explorer
        .list()
        .unwrap()
        .visible(labels.iter().map(String::as_str));
    assert_eq!(visible, [2], "only `differing`");
    update(&mut app, Msg::Input(InputKey::Enter));
    assert!(app.input.is_none());
    act(&mut app, Action::Enter);
    assert!(matches!(
        app.explorer.as_ref().unwrap().level(),
        Level::Columns(_)
    ));
    act(&mut app, Action::Back);
    act(&mut app, Action::Filter);
    update(&mut app, Msg::Input(InputKey::Esc));
    assert_eq!(app.explorer.as_ref().unwrap().list().unwrap().filter, "");
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
fn a_failed_overview_says_why() {
    let (mut app, effects) = App::new("t".into(), vec!["L1".into()]);
    let Some(Effect::StartOverview { id, .. }) = effects.first().cloned() else {
        panic!()
    };
    update(&mut app, event(id, JobEventKind::Failed("no file".into())));
    assert_eq!(app.notice, Some(Notice::Failed("no file".into())));
    assert!(app.running.is_none());
}

#[test]
fn every_action_has_a_name_the_keymap_can_use() {
    for action in Action::ALL {
        assert_eq!(Action::from_name(action.name()), Some(action));
    }
}
