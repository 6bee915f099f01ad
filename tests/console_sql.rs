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
    h.press(KeyCode::F(5));
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
    h.press(KeyCode::F(5));
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
    // Ctrl-R without waiting for the query: it runs on the SQL worker.
    h.runtime
        .handle(Event::Terminal(TermEvent::Key(KeyEvent::new(
            KeyCode::Char('r'),
            KeyModifiers::CONTROL,
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
    assert!(screen.contains("Texte de DuckDB"), "{screen}");
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

/// Replaces the text typed (the query, or a file's name) with `text`.
fn retype(h: &mut Harness, text: &str) {
    let typed = h
        .runtime
        .app
        .input
        .as_ref()
        .map_or(0, |t| t.chars().count());
    for _ in 0..typed {
        h.press(KeyCode::Backspace);
    }
    h.keys(text);
}

#[test]
fn the_result_is_saved_as_csv_or_xlsx_with_its_text_masked_and_unmasked_only_journaled() {
    let mut h = Harness::open(Lang::Fr);
    h.runtime.app.author = "Marie Dupont".into();
    h.keys("s");
    run(
        &mut h,
        "SELECT source_id, last_name, 12 AS n FROM migrated.employee ORDER BY source_id LIMIT 3",
    );
    assert_eq!(result_total(&h), Some(3));
    // `E`: the name proposed, then ours; CSV for French Excel, text masked.
    h.keys("E");
    assert_eq!(h.runtime.app.input.as_deref(), Some("recette-sql-L2-1.csv"));
    let csv = h.dir.path().join("employes.csv");
    retype(&mut h, &csv.display().to_string());
    assert!(h.screen().contains("texte masqué"));
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Résultat enregistré"), "{screen}");
    let text = std::fs::read_to_string(&csv).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "\u{feff}source_id;last_name;n");
    assert_eq!(lines.len(), 4);
    // Text masked (ASCII letters x or X, digits 9, the rest kept), the number as it is.
    for line in &lines[1..] {
        let fields: Vec<&str> = line.split(';').collect();
        assert_eq!(fields[0], "999999", "{text}");
        assert!(
            fields[1]
                .chars()
                .all(|c| !c.is_ascii_alphanumeric() || c == 'x' || c == 'X'),
            "{text}"
        );
        assert_eq!(fields[2], "12", "{text}");
    }
    // The same name again: refused, the file left as it was.
    h.keys("E");
    retype(&mut h, &csv.display().to_string());
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("exists"), "{}", h.screen());
    assert_eq!(std::fs::read_to_string(&csv).unwrap(), text);
    // XLSX (Tab), from a console started --unmasked: journaled before it is written.
    h.runtime.app.unmasked = true;
    h.keys("E");
    let xlsx = h.dir.path().join("employes.xlsx");
    retype(&mut h, &xlsx.with_extension("csv").display().to_string());
    h.press(KeyCode::Tab);
    assert_eq!(
        h.runtime.app.input.as_deref(),
        Some(xlsx.display().to_string().as_str())
    );
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("NON masqué"), "{}", h.screen());
    assert!(recette::export::output::written_by_recette(
        &xlsx,
        recette::export::output::Format::Xlsx
    ));
    let file = h.dir.path().join("sample").join("campaign.toml");
    let (journal, _) = recette::journal::Journal::open(&file).unwrap();
    let unmasked: Vec<_> = journal
        .entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "unmasked.output")
        .collect();
    assert_eq!(unmasked.len(), 1, "only the unmasked file: {unmasked:?}");
    assert_eq!(unmasked[0].str_field("command"), Some("console"));
    assert_eq!(unmasked[0].str_field("format"), Some("xlsx"));
    assert_eq!(unmasked[0].author, "Marie Dupont");
}

#[test]
fn a_refused_query_is_said_in_the_users_words_with_duckdbs_text_below() {
    for (lang, said, duckdb) in [
        (Lang::Fr, "La colonne name n'existe pas", "Texte de DuckDB"),
        (Lang::En, "There is no column name", "DuckDB says"),
    ] {
        let mut h = Harness::open(lang);
        h.resize(100, 30);
        h.keys("s");
        run(&mut h, "SELECT name FROM source.employee");
        let screen = h.screen();
        assert!(screen.contains(said), "{lang:?}:\n{screen}");
        assert!(screen.contains(duckdb), "{lang:?}:\n{screen}");
        assert!(screen.contains("Referenced column"), "{lang:?}:\n{screen}");
        // The query stays, to be corrected; Ctrl-L clears it in one key.
        h.press_with(KeyCode::Char('l'), KeyModifiers::CONTROL);
        assert_eq!(h.runtime.app.input.as_deref(), Some(""));
        // A chord the editor does not know types nothing (Ctrl-U is no `u`).
        h.press_with(KeyCode::Char('u'), KeyModifiers::CONTROL);
        assert_eq!(h.runtime.app.input.as_deref(), Some(""));
        // Enter starts a line; the footer says so, and how to run.
        let footer = h.screen().lines().last().unwrap_or_default().to_string();
        let (newline, runs) = match lang {
            Lang::Fr => ("nouvelle ligne", "exécuter"),
            Lang::En => ("new line", "run"),
        };
        assert!(
            footer.contains(newline) && footer.contains(runs),
            "{footer}"
        );
        h.keys("SELECT 1 AS a,");
        h.press(KeyCode::Enter);
        h.keys("2 AS b");
        h.press_with(KeyCode::Enter, KeyModifiers::ALT);
        assert_eq!(result_total(&h), Some(1), "Alt-Enter runs it");
    }
}
