//! The référent's sample review in the console: the review and its defect form at 80×24
//! (snapshots, the differing cell highlighted), and a flow in process — on L1, the sample
//! of `firm-sample`, reach its differing record, record a KO defect from it and a verdict
//! on the item, then find both in the journal beside the campaign.

mod console_support;

use console_support::{Harness, find_below};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use recette::journal::Journal;
use recette::tui::Lang;

/// On L1, the checklist of `firm`, its sample review open (fourth item).
fn to_firm_sample(h: &mut Harness) {
    h.runtime.app.author = "Marie Dupont".into();
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    h.press(KeyCode::Tab);
    h.keys("c");
    h.keys("jjj");
    assert_eq!(h.runtime.app.checklist_item().unwrap().item, "firm-sample");
    h.press(KeyCode::Enter);
}

/// Next record until one differs.
fn to_differing(h: &mut Harness) {
    for _ in 0..20 {
        let differs = h
            .runtime
            .app
            .sample()
            .and_then(|r| r.view.as_ref())
            .is_some_and(|v| v.cells.iter().any(|c| c.differs));
        if differs {
            return;
        }
        h.keys("n");
    }
    panic!("no differing record in the sample");
}

#[test]
fn the_sample_review_and_its_defect_form_at_80_by_24() {
    let mut h = Harness::open(Lang::Fr);
    to_firm_sample(&mut h);
    insta::assert_snapshot!("console_sample_first", h.screen());
    to_differing(&mut h);
    insta::assert_snapshot!("console_sample_differing", h.screen());
    let buffer = h.buffer();
    let (x, y) =
        find_below(&buffer, "≠ Code postal (postal_code)", 2).expect("the difference shows");
    let cell = &buffer[(x + 2, y)];
    assert!(
        cell.fg == Color::Red || cell.modifier.contains(Modifier::REVERSED),
        "{cell:?}"
    );
    h.keys("x");
    insta::assert_snapshot!("console_defect_form", h.screen());
    h.press(KeyCode::Esc);
    assert!(h.runtime.app.defect_form().is_none());
    h.keys("?");
    insta::assert_snapshot!("console_help_sample", h.screen());
}

#[test]
fn a_ko_defect_from_the_sample_and_a_verdict_are_in_the_journal() {
    let mut h = Harness::open(Lang::Fr);
    to_firm_sample(&mut h);
    // The first record is right: `o` moves on.
    h.keys("o");
    assert_eq!(h.runtime.app.sample().unwrap().at, 1);
    to_differing(&mut h);
    let key = h.runtime.app.sample().unwrap().key().unwrap().clone();
    h.keys("x");
    // The title is prefilled; a word more, a description, a blocking severity.
    h.keys(" (zéro perdu)");
    h.press(KeyCode::Tab);
    h.keys("Le zéro de tête");
    h.press(KeyCode::Enter);
    h.keys("est perdu.");
    h.press(KeyCode::Tab);
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    h.press_with(
        KeyCode::Char('s'),
        ratatui::crossterm::event::KeyModifiers::CONTROL,
    );
    let screen = h.screen();
    assert!(screen.contains("✗ anomalie MD"), "{screen}");
    // Back to the checklist: the item's verdict, KO.
    h.press(KeyCode::Esc);
    h.keys("x");
    assert_eq!(h.runtime.app.checklist_item().unwrap().verdict, "ko");

    let file = h.dir.path().join("sample").join("campaign.toml");
    let (journal, _) = Journal::open(&file).unwrap();
    let entries = journal.entries().unwrap();
    let defect = entries
        .iter()
        .find(|e| e.action == "defect.new")
        .expect("the defect is in the journal");
    assert_eq!(defect.author, "Marie Dupont");
    let p = &defect.payload;
    assert_eq!(p["resource"], "firm");
    assert_eq!(p["item"], "firm-sample");
    assert_eq!(p["delivery"], "L1");
    assert_eq!(p["severity"], "bloquante");
    assert_eq!(p["kind"], "differing");
    assert_eq!(p["columns"], serde_json::json!(["postal_code"]));
    assert_eq!(p["keys"], serde_json::json!([key]));
    assert_eq!(p["title"], "Code postal : 03410 → 3410 (zéro perdu)");
    assert_eq!(p["description"], "Le zéro de tête\nest perdu.");
    assert_eq!(
        p["evidence"][0]["differences"][0]["migrated"],
        serde_json::json!("3410")
    );
    let draw = entries
        .iter()
        .find(|e| e.action == "sample.draw")
        .expect("the draw is journaled, as `recette sample` does");
    assert_eq!(draw.str_field("seed"), Some("firm-sample/L1"));
    assert_eq!(draw.payload["keys"].as_array().unwrap().len(), 16);
    let verdict = entries
        .iter()
        .find(|e| e.action == "verdict.set")
        .expect("the verdict is in the journal");
    assert_eq!(verdict.str_field("item"), Some("firm-sample"));
    assert_eq!(verdict.str_field("value"), Some("ko"));
    assert_eq!(verdict.str_field("delivery"), Some("L1"));
}

#[test]
fn a_record_found_right_is_journaled_and_shown_so_when_the_review_opens_again() {
    let mut h = Harness::open(Lang::Fr);
    to_firm_sample(&mut h);
    let key = h.runtime.app.sample().unwrap().key().unwrap().clone();
    h.keys("o");
    let screen = h.screen();
    assert!(screen.contains("Enregistré dans le journal"), "{screen}");

    let file = h.dir.path().join("sample").join("campaign.toml");
    let (journal, _) = Journal::open(&file).unwrap();
    let entries = journal.entries().unwrap();
    let mark = entries
        .iter()
        .find(|e| e.action == "sample.mark")
        .expect("the OK is in the journal");
    assert_eq!(mark.payload["item"], "firm-sample");
    assert_eq!(mark.payload["delivery"], "L1");
    assert_eq!(mark.payload["key"], serde_json::json!(key));

    // Closed and opened again: the same draw, the record still found right.
    h.press(KeyCode::Esc);
    h.press(KeyCode::Enter);
    let review = h.runtime.app.sample().unwrap();
    assert_eq!(review.keys[0], key);
    assert_eq!(review.marks[0], recette::app::Mark::Ok);
}
