//! The SQL console in-process on the sample campaign: queries typed, run on the SQL worker
//! and awaited, results paged, a long query interrupted, files outside the campaign refused,
//! the history kept per campaign.

mod console_support;

use console_support::Harness;
use ratatui::crossterm::event::{Event as TermEvent, KeyCode, KeyEvent, KeyModifiers};
use recette::app::{Context, Notice};
use recette::tui::{Event, Lang};

/// Replaces the query in the editor with `sql` and runs it.
fn run(h: &mut Harness, sql: &str) {
    if h.runtime.app.input.is_none() {
        h.keys("e");
    }
    let typed = h
        .runtime
        .app
        .input
        .as_ref()
        .map_or(0, |t| t.chars().count());
    for _ in 0..typed {
        h.press(KeyCode::Backspace);
    }
    h.keys(sql);
    h.press(KeyCode::Enter);
}

fn result_total(h: &Harness) -> Option<u64> {
    h.runtime.app.sql()?.result.as_ref()?.table.total
}

#[test]
fn a_query_on_the_stable_tables_shows_its_rows_and_pages_through_them() {
    let mut h = Harness::open(Lang::Fr);
    let overview = h.runtime.app.current_overview().unwrap();
    let employee = &overview.resources[1]
        .reconciled()
        .unwrap()
        .reconciled
        .report;
    assert_eq!(employee.name, "employee");
    let identical = employee.identical_rows;
    let migrated = employee.migrated_rows;

    h.keys("s");
    // The editor opens with a first query that answers something: run it as it is.
    assert!(
        h.runtime
            .app
            .input
            .as_deref()
            .unwrap()
            .contains("result.employee")
    );
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.context(), Context::Sql);
    let screen = h.screen();
    assert!(screen.contains("Console SQL — livraison L2"), "{screen}");
    let line = screen
        .lines()
        .find(|l| l.contains("identical"))
        .unwrap_or_else(|| panic!("{screen}"));
    assert!(line.contains(&identical.to_string()), "{line}");
    insta::assert_snapshot!("console_sql_fr", screen);

    run(
        &mut h,
        "SELECT source_id, last_name FROM migrated.employee ORDER BY source_id DESC",
    );
    assert_eq!(result_total(&h), Some(migrated));
    let table = &h.runtime.app.sql().unwrap().result.as_ref().unwrap().table;
    let first = table.rows[0].cells[0].clone().unwrap();
    let second = table.rows[1].cells[0].clone().unwrap();
    assert!(
        first >= second,
        "the query's order is kept: {first} {second}"
    );
    // To the end and one row up: windows by row number, positions exact.
    h.press(KeyCode::End);
    h.press(KeyCode::Up);
    let screen = h.screen();
    assert!(
        screen.contains(&format!("ligne {} sur {migrated}", migrated - 1)),
        "{screen}"
    );
    // Esc leaves the console for home.
    h.press(KeyCode::Esc);
    assert_eq!(h.runtime.app.context(), Context::Home);
}

#[test]
fn a_long_query_is_interrupted_with_esc_and_the_console_answers_meanwhile() {
    let mut h = Harness::open(Lang::En);
    h.keys("s");
    run(&mut h, "SELECT 1 AS one");
    assert_eq!(result_total(&h), Some(1));
    h.keys("e");
    let typed = h.runtime.app.input.as_ref().unwrap().chars().count();
    for _ in 0..typed {
        h.press(KeyCode::Backspace);
    }
    h.keys("SELECT sum(a.i * b.i) FROM range(1000000) a(i), range(1000000) b(i)");
    // Enter without waiting for the query: it runs on the SQL worker.
    h.runtime
        .handle(Event::Terminal(TermEvent::Key(KeyEvent::new(
            KeyCode::Enter,
            KeyModifiers::NONE,
        ))));
    assert!(h.runtime.app.sql_running().is_some());
    assert!(h.runtime.waiting());
    let screen = h.screen();
    assert!(screen.contains("Query running"), "{screen}");
    h.press(KeyCode::Esc);
    assert!(h.runtime.app.sql_running().is_none());
    assert_eq!(h.runtime.app.notice, Some(Notice::Cancelled));
    // The worker is free again: the next query runs.
    run(&mut h, "SELECT 2 AS two");
    assert_eq!(result_total(&h), Some(1));
    assert!(h.screen().contains("two"));
}

#[test]
fn files_outside_the_campaign_are_refused_and_the_history_is_kept() {
    let mut h = Harness::open(Lang::Fr);
    h.keys("s");
    let outside = h.dir.path().join("outside.csv");
    std::fs::write(&outside, "secret\n42\n").unwrap();
    run(
        &mut h,
        &format!("SELECT * FROM read_csv('{}')", outside.display()),
    );
    let sql = h.runtime.app.sql().unwrap();
    let error = sql.error.clone().expect("refused");
    assert!(error.contains("Permission"), "{error}");
    let screen = h.screen();
    assert!(screen.contains("Erreur"), "{screen}");
    assert!(!screen.contains("42"), "{screen}");
    // The query stays in the editor to be corrected; the history has it.
    assert!(h.runtime.app.input.is_some());
    run(&mut h, "SELECT count(*) AS n FROM source.firm");
    let file = h.dir.path().join("cache").join("sql-history.sql");
    let history = recette::jobs::history::read(&file).unwrap();
    assert_eq!(history.len(), 2, "{history:?}");
    assert!(history[1].contains("source.firm"));
    // ↑ in the editor brings back the previous query.
    h.keys("e");
    h.press(KeyCode::Up);
    h.press(KeyCode::Up);
    assert!(
        h.runtime.app.input.as_deref().unwrap().contains("read_csv"),
        "{:?}",
        h.runtime.app.input
    );
    h.press(KeyCode::Down);
    assert!(
        h.runtime
            .app
            .input
            .as_deref()
            .unwrap()
            .contains("source.firm")
    );
}
