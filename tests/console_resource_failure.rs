//! A resource that cannot be reconciled fails only its own row: the overview still
//! finishes, the other resources show their counts, the go/no-go counts the failed one as
//! not ready, and home shows the error (snapshot at 80×24); its explorer and checklist say
//! why instead of opening.

mod console_support;

use console_support::{Harness, find};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Color;
use recette::app::Context;
use recette::jobs::ResourceOutcome;
use recette::tui::Lang;

/// The sample campaign whose L2 lost `contract.csv` and whose `firm.csv` has no key column.
fn broken() -> Harness {
    Harness::open_with(Lang::Fr, true, |dir| {
        let l2 = dir.join("deliveries/L2");
        std::fs::remove_file(l2.join("contract.csv")).unwrap();
        let firm = l2.join("firm.csv");
        let text = std::fs::read_to_string(&firm).unwrap();
        std::fs::write(&firm, text.replacen("source_id", "legacy_id", 1)).unwrap();
    })
}

#[test]
fn the_overview_finishes_and_only_the_failed_resources_carry_their_error() {
    let h = broken();
    let app = &h.runtime.app;
    assert_eq!(app.notice, None, "the overview itself did not fail");
    let overview = app.current_overview().expect("the overview finished");
    let outcome = |name: &str| {
        overview
            .resources
            .iter()
            .find(|r| r.resource().name == name)
            .unwrap()
    };
    let contract = outcome("contract").error().expect("contract failed");
    assert!(
        contract.starts_with("deliveries/L2/contract.csv: delivery L2 has no file"),
        "paths relative to the campaign's folder: {contract}"
    );
    let firm = outcome("firm").error().expect("firm failed");
    assert!(firm.contains("source_id"), "{firm}");
    let ResourceOutcome::Reconciled(employee) = outcome("employee") else {
        panic!("employee reconciled")
    };
    assert_eq!(employee.reconciled.report.differing_rows, 12);
    assert!(outcome("visit").reconciled().is_some());
    // Not ready: the go/no-go says which resources could not be reconciled.
    assert!(!overview.go.go);
    assert_eq!(overview.failed, ["firm", "contract"]);
    // The checklist still counts people's verdicts from the journal.
    assert_eq!(outcome("contract").progress().resource, "contract");
}

#[test]
fn home_shows_the_failed_row_in_red_and_its_whole_error_below() {
    let mut h = broken();
    h.keys("jj");
    insta::assert_snapshot!("console_home_failed_resource", h.screen());
    let buffer = h.buffer();
    let (x, y) = find(&buffer, "⚠ échec").expect("the failed row shows its error");
    assert_eq!(buffer[(x, y)].fg, Color::Red);
    // Nothing to explore or check: the status line says why, no screen opens.
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.context(), Context::Home);
    assert!(
        h.screen()
            .contains("Rapprochement de Contrats de travail impossible"),
        "{}",
        h.screen()
    );
    h.keys("c");
    assert_eq!(h.runtime.app.context(), Context::Home);
    // The other resources open as usual.
    h.keys("j");
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.context(), Context::Explorer);
}

#[test]
fn on_the_first_delivery_the_same_resources_reconcile_and_have_no_trend() {
    let mut h = broken();
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    let overview = h.runtime.app.current_overview().expect("L1 reconciled");
    assert_eq!(overview.delivery, "L1");
    assert!(overview.resources.iter().all(|r| r.error().is_none()));
    // The go/no-go is about L2, where two resources fail.
    assert_eq!(overview.failed, ["firm", "contract"]);
    // By their labels.
    assert!(
        h.screen()
            .contains("non rapprochées : Adhérents (entreprises), Contrats de"),
        "{}",
        h.screen()
    );
}
