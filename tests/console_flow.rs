//! The console in-process on the sample campaign: keys injected, real jobs (reconciliation,
//! pager) awaited, the screen read back from a `TestBackend`.

mod console_support;

use console_support::Harness;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use recette::app::{Context, Level};
use recette::tui::Lang;

#[test]
fn an_engineer_goes_from_the_home_screen_to_a_differing_record_in_a_few_keys() {
    let mut h = Harness::open(Lang::Fr);
    let home = h.screen();
    // Resources by their labels.
    assert!(home.contains("Salariés"), "{home}");
    assert!(home.contains("NO-GO"), "{home}");
    // employee, Enter; differing (3rd category), Enter; last_name, Enter: its causes;
    // the first cause, Enter; first pattern, Enter; first row, Enter.
    h.keys("j");
    h.press(KeyCode::Enter);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    let causes = h.screen();
    assert!(causes.contains("Causes des écarts de Nom"), "{causes}");
    assert!(
        causes.contains("encodage : UTF-8 lu comme Windows-1252"),
        "{causes}"
    );
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.context(), Context::Rows);
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.context(), Context::Record);
    let screen = h.screen();
    // The record view: the label, and the technical name an engineer needs.
    assert!(screen.contains("≠ Nom (last_name)"), "{screen}");
    assert!(
        screen.contains("Grégoire") && screen.contains("GrÃ©goire"),
        "{screen}"
    );
    assert!(screen.contains("Enregistrement 200346"), "{screen}");
    // Back up to the home screen, then quit with Ctrl-C.
    for _ in 0..6 {
        h.press(KeyCode::Esc);
    }
    assert_eq!(h.runtime.app.context(), Context::Home);
    h.press_with(KeyCode::Char('c'), KeyModifiers::CONTROL);
    assert!(h.runtime.app.quit);
}

/// Issue 14's promise: on L1, `last_name`'s ten patterns read as two causes.
#[test]
fn a_referent_opening_a_column_on_l1_reads_its_causes_not_its_patterns() {
    let mut h = Harness::open(Lang::Fr);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    assert_eq!(h.runtime.app.delivery_id(), Some("L1"));
    h.press(KeyCode::Tab);
    // employee, its differing keys, last_name (its first column).
    h.keys("j");
    h.press(KeyCode::Enter);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    let screen = h.screen();
    // A line of the causes' list ends with its count of keys.
    let keys_of = |cause: &str| {
        let line = screen
            .lines()
            .find(|l| l.contains('│') && l.contains(cause))
            .unwrap_or_else(|| panic!("no {cause:?}: {screen}"));
        line.trim_end_matches('│')
            .split_whitespace()
            .last()
            .unwrap()
            .to_string()
    };
    assert_eq!(keys_of("encodage : UTF-8 lu comme Windows-1252"), "7");
    assert_eq!(keys_of("clés en double"), "3");
}

#[test]
fn another_delivery_is_reconciled_on_a_job_and_shown_when_ready() {
    let mut h = Harness::open(Lang::En);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    assert_eq!(h.runtime.app.delivery_id(), Some("L1"));
    let overview = h.runtime.app.current_overview().expect("L1 reconciled");
    assert_eq!(overview.delivery, "L1");
    assert_eq!(overview.last_delivery, "L2");
    let screen = h.screen();
    assert!(screen.contains("[L1]"), "{screen}");
    assert!(screen.contains("Expected"), "English: {screen}");
}

#[test]
fn a_table_pages_through_rows_by_key_and_goes_to_a_typed_key() {
    let mut h = Harness::open(Lang::Fr);
    // contract: differing, all rows where a column differs.
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.press(KeyCode::End);
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.context(), Context::Rows);
    let explorer = h.runtime.app.explorer().unwrap();
    let Level::Rows { table, .. } = explorer.level() else {
        panic!()
    };
    let total = table.total.unwrap();
    assert_eq!(table.rows.len() as u64, total);
    h.press(KeyCode::End);
    let explorer = h.runtime.app.explorer().unwrap();
    let Level::Rows { table, .. } = explorer.level() else {
        panic!()
    };
    assert_eq!(table.position(), Some(total));
    let last = table.selected_key().cloned().unwrap();
    // Go to the last key by typing it (a composite key: `a,b`).
    h.press(KeyCode::Home);
    h.keys("/");
    let typed: Vec<String> = last.iter().map(|k| k.clone().unwrap()).collect();
    h.keys(&typed.join(","));
    h.press(KeyCode::Enter);
    let explorer = h.runtime.app.explorer().unwrap();
    let Level::Rows { table, .. } = explorer.level() else {
        panic!()
    };
    assert_eq!(table.selected_key(), Some(&last));
}

#[test]
fn a_cancelled_overview_delivers_nothing() {
    use recette::jobs::{JobEventKind, JobId, Workspace, spawn_overview};
    let (dir, campaign_file) = console_support::sample_copy();
    let campaign = recette::cli::load_campaign(Some(&campaign_file)).unwrap();
    let cache = recette::store::cache::Cache::at(dir.path().join("cache")).unwrap();
    let (sink, events) = std::sync::mpsc::channel::<recette::tui::Event>();
    let job = spawn_overview(
        Workspace::with_cache(campaign, cache),
        "L2".into(),
        JobId(7),
        sink,
    );
    job.cancel();
    let mut last = None;
    while let Ok(recette::tui::Event::Job(event)) =
        events.recv_timeout(std::time::Duration::from_secs(60))
    {
        assert_eq!(event.id, JobId(7));
        assert!(
            !matches!(event.kind, JobEventKind::Finished(_)),
            "a cancelled job finished"
        );
        let end = matches!(
            event.kind,
            JobEventKind::Cancelled | JobEventKind::Failed(_)
        );
        last = Some(event.kind);
        if end {
            break;
        }
    }
    assert!(matches!(last, Some(JobEventKind::Cancelled)), "{last:?}");
    assert!(job.is_done());
}

/// The selected row of the rows table shown: its position and key.
fn selected(h: &Harness) -> (Option<u64>, Vec<Option<String>>) {
    let explorer = h.runtime.app.explorer().unwrap();
    let Level::Rows { table, .. } = explorer.level() else {
        panic!("not a rows table")
    };
    (table.position(), table.selected_key().cloned().unwrap())
}

#[test]
fn scrolling_crosses_windows_one_row_at_a_time_on_a_composite_key() {
    // 20,000 employees: 300 differing contracts (key: employee_id, contract_no), more
    // than one window of rows.
    let mut h = Harness::demo(20_000);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.press(KeyCode::End);
    h.press(KeyCode::Enter);
    let explorer = h.runtime.app.explorer().unwrap();
    let Level::Rows { table, .. } = explorer.level() else {
        panic!()
    };
    let total = table.total.unwrap();
    assert!(total > 250, "{total} rows: not enough for two windows");
    let mut keys = vec![selected(&h).1];
    for n in 2..=total {
        h.press(KeyCode::Down);
        let (position, key) = selected(&h);
        assert_eq!(position, Some(n));
        keys.push(key);
    }
    let mut sorted = keys.clone();
    sorted.sort_by_key(|k| {
        k.iter()
            .map(|p| p.clone().unwrap().parse::<u64>().unwrap())
            .collect::<Vec<_>>()
    });
    sorted.dedup();
    assert_eq!(sorted, keys, "every row once, in key order");
    h.press(KeyCode::Down);
    assert_eq!(selected(&h).0, Some(total), "the last row stays the last");
    for n in (1..total).rev() {
        h.press(KeyCode::Up);
        let (position, key) = selected(&h);
        assert_eq!(position, Some(n));
        assert_eq!(key, keys[n as usize - 1]);
    }
}

#[test]
fn the_pager_answers_every_request_once_and_the_newest_with_its_rows() {
    use recette::domain::report::KeyCategory;
    use recette::jobs::window::{RowsFilter, RowsSource};
    use recette::jobs::{
        Anchor, JobEventKind, JobId, JobOutput, Pager, PagerRequest, RowsQuery, Workspace,
    };
    let (dir, campaign_file) = console_support::sample_copy();
    let campaign = recette::cli::load_campaign(Some(&campaign_file)).unwrap();
    let cache = recette::store::cache::Cache::at(dir.path().join("cache")).unwrap();
    let engine = recette::store::Engine::with_cache(campaign.clone(), cache.clone()).unwrap();
    let employee = campaign.resource("employee").unwrap();
    let reconciled = engine
        .reconcile(employee, campaign.delivery(None).unwrap(), &mut |_| {})
        .unwrap();
    let (sink, events) = std::sync::mpsc::channel::<recette::tui::Event>();
    let pager = Pager::start(Workspace::with_cache(campaign, cache), sink);
    for n in 1..=5 {
        pager.request(
            JobId(n),
            PagerRequest::Rows(RowsQuery {
                source: RowsSource::Results {
                    key_count: 1,
                    files: reconciled.files.clone(),
                    filter: RowsFilter::Category(KeyCategory::Differing),
                },
                anchor: Anchor::Start,
                limit: n as usize,
                order: None,
                only: Vec::new(),
            }),
        );
    }
    let mut answered = Vec::new();
    while answered.len() < 5 {
        let Ok(recette::tui::Event::Job(event)) =
            events.recv_timeout(std::time::Duration::from_secs(30))
        else {
            panic!("the pager stopped answering: {answered:?}")
        };
        if event.id == JobId(5) {
            let JobEventKind::Finished(JobOutput::Window(window)) = &event.kind else {
                panic!("{:?}", event.kind)
            };
            assert_eq!(window.rows.len(), 5);
        }
        answered.push(event.id);
    }
    answered.sort();
    assert_eq!(answered, (1..=5).map(JobId).collect::<Vec<_>>());
}

#[test]
fn the_mouse_wheel_scrolls_the_list_shown() {
    use ratatui::crossterm::event::{Event as TermEvent, MouseEvent, MouseEventKind};
    let mut h = Harness::open(Lang::Fr);
    let wheel = |kind| {
        recette::tui::Event::Terminal(TermEvent::Mouse(MouseEvent {
            kind,
            column: 10,
            row: 5,
            modifiers: KeyModifiers::NONE,
        }))
    };
    h.runtime.handle(wheel(MouseEventKind::ScrollDown));
    h.runtime.handle(wheel(MouseEventKind::ScrollDown));
    assert_eq!(h.runtime.app.home.list.selected, 2);
    h.runtime.handle(wheel(MouseEventKind::ScrollUp));
    assert_eq!(h.runtime.app.home.list.selected, 1);
    // On the deliveries, the wheel does nothing (a move would start a reconciliation).
    h.press(KeyCode::Tab);
    assert!(!h.runtime.handle(wheel(MouseEventKind::ScrollUp)));
    assert_eq!(h.runtime.app.delivery_id(), Some("L2"));
}

/// A rows table sorted by a column (`<` `>` on the column under the cursor) and one column's
/// values counted (`F`), whose Enter lists the rows of a value — with the real pager.
#[test]
fn rows_sort_by_a_column_and_a_columns_frequencies_open_the_rows_of_a_value() {
    let mut h = Harness::open(Lang::En);
    h.resize(100, 30);
    // employee on L2: differing, last_name, its patterns, all its rows.
    h.keys("j");
    h.press(KeyCode::Enter);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.press(KeyCode::End);
    h.press(KeyCode::Enter);
    let rows = |h: &Harness| match h.runtime.app.explorer().unwrap().level() {
        Level::Rows { table, .. } => table.rows.clone(),
        other => panic!("{other:?}"),
    };
    let by_key = rows(&h);
    assert!(by_key.len() > 2);
    // The migrated value (third column), descending.
    h.keys("ll>");
    let sorted = rows(&h);
    let migrated: Vec<String> = sorted
        .iter()
        .map(|r| r.cells[1].clone().unwrap_or_default())
        .collect();
    let mut expected = migrated.clone();
    expected.sort_by(|a, b| b.cmp(a));
    assert_eq!(migrated, expected);
    assert!(
        h.screen().contains("sorted by Migrated, descending"),
        "{}",
        h.screen()
    );
    // Its frequencies: every value once (seven names garbled alike).
    h.keys("F");
    let screen = h.screen();
    assert!(
        screen.contains("Frequency of the values of Migrated"),
        "{screen}"
    );
    h.press(KeyCode::Enter);
    let only = rows(&h);
    assert!(!only.is_empty());
    let value = only[0].cells[1].clone();
    assert!(only.iter().all(|r| r.cells[1] == value));
    assert!(h.screen().contains(" = "), "{}", h.screen());
}
