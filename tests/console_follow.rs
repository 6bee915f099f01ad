//! The console follows its files (issue 10 §5), in-process on a copy of the sample: a
//! delivery file changed while the console is open is noticed, said, and reconciled again,
//! never shown as old results beside new rows; a corrupt journal line is shown where it
//! stays while the screens that do not need the journal keep working; the rows with a NULL
//! key have their own category, listed by file and row.

mod console_support;

use console_support::Harness;
use ratatui::crossterm::event::KeyCode;
use recette::app::Context;
use recette::jobs::InputsChanged;
use recette::jobs::inputs::Snapshot;
use recette::tui::{Event, Lang};

fn employee_missing(h: &Harness) -> u64 {
    let overview = h.runtime.app.current_overview().unwrap();
    overview
        .resources
        .iter()
        .find(|r| r.resource().name == "employee")
        .and_then(|r| r.reconciled())
        .unwrap()
        .reconciled
        .report
        .missing_rows
}

#[test]
fn a_delivery_file_changed_while_open_is_reconciled_again() {
    let mut h = Harness::open(Lang::En);
    let campaign_file = h.dir.path().join("sample/campaign.toml");
    let campaign = recette::cli::load_campaign(Some(&campaign_file)).unwrap();
    let mut watch = Snapshot::take(&campaign);
    let before = employee_missing(&h);
    // Into the employee's differences.
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.context(), Context::Explorer);
    // Ten delivered employees deleted.
    let delivery = h.dir.path().join("sample/deliveries/L2/employee.csv");
    let text = std::fs::read_to_string(&delivery).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    let kept: Vec<&str> = lines[..1].iter().chain(&lines[11..]).copied().collect();
    std::fs::write(&delivery, kept.join("\n") + "\n").unwrap();

    let changed = watch.changes();
    assert_eq!(changed.len(), 1, "{changed:?}");
    h.runtime.handle(Event::Inputs(InputsChanged(changed)));
    assert_eq!(
        h.runtime.app.context(),
        Context::Home,
        "the old results closed"
    );
    let screen = h.screen();
    assert!(
        screen.contains("employee.csv (delivery L2) changed: reconciling again"),
        "{screen}"
    );
    h.settle();
    assert_eq!(employee_missing(&h), before + 10);
    assert!(watch.changes().is_empty(), "said once");
}

/// Two notes in the journal, then a line that is no entry between them.
fn corrupt_journal(campaign_dir: &std::path::Path) {
    let campaign = campaign_dir.join("campaign.toml");
    let (journal, _) = recette::journal::Journal::open(&campaign).unwrap();
    journal
        .append("marie", "note", serde_json::json!({}))
        .unwrap();
    journal
        .append("marie", "note", serde_json::json!({}))
        .unwrap();
    let dir = campaign_dir.join("campaign.journal");
    let file = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "jsonl"))
        .unwrap();
    let text = std::fs::read_to_string(&file).unwrap();
    let mut lines: Vec<&str> = text.lines().collect();
    lines.insert(1, "{this is not json}");
    std::fs::write(&file, lines.join("\n") + "\n").unwrap();
}

#[test]
fn a_corrupt_journal_line_is_shown_where_it_stays_and_home_still_works() {
    let mut h = Harness::open_with(Lang::En, false, corrupt_journal);
    assert!(h.runtime.app.current_overview().is_some(), "not stuck");
    let screen = h.screen();
    assert!(screen.contains("Journal unreadable"), "{screen}");
    assert!(screen.contains("line 2"), "{screen}");
    assert!(screen.contains("Salariés"), "the resources show: {screen}");
    h.press(KeyCode::Char('j'));
    let screen = h.screen();
    assert!(screen.contains("Journal unreadable"), "it stays: {screen}");
    // The differences do not need the journal.
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.context(), Context::Explorer);
}

#[test]
fn rows_with_a_null_key_are_listed_by_file_and_row() {
    let mut h = Harness::open_with(Lang::En, false, |dir| {
        let delivery = dir.join("deliveries/L2/employee.csv");
        let text = std::fs::read_to_string(&delivery).unwrap();
        let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
        // Rows 3 and 5 lose their key.
        for n in [3, 5] {
            let (_, rest) = lines[n].split_once(',').unwrap();
            lines[n] = format!(",{rest}");
        }
        std::fs::write(&delivery, lines.join("\n") + "\n").unwrap();
    });
    h.press(KeyCode::Char('j'));
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("rows with an empty key"), "{screen}");
    // The last category.
    h.press(KeyCode::Char('G'));
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(
        screen.contains("File") && screen.contains("Row in the file"),
        "{screen}"
    );
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("employee.csv"))
        .collect();
    assert_eq!(rows.len(), 2, "{screen}");
    assert!(
        rows[0].contains(" 3 ") && rows[1].contains(" 5 "),
        "{screen}"
    );
}
