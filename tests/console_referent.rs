//! The référent's whole job in the console (issue 13, §2), in process with real jobs: a
//! sample review that ends with a summary proposing the item's verdict, the item's review
//! progress, the sample's columns first, the next item to do, a defect raised from a record
//! and from an item, and a record absent from one side said as such — in French and in
//! English.

mod console_support;

use console_support::Harness;
use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use recette::journal::Journal;
use recette::tui::Lang;

fn journal(h: &Harness) -> Journal {
    let file = h.dir.path().join("sample").join("campaign.toml");
    Journal::open(&file).unwrap().0
}

/// Home on L1.
fn on_l1(h: &mut Harness) {
    h.runtime.app.author = "Marie Dupont".into();
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    h.press(KeyCode::Tab);
}

/// Moves the checklist's selection to `item`.
fn select_item(h: &mut Harness, item: &str) {
    let at = h
        .runtime
        .app
        .checklist_items()
        .iter()
        .position(|i| i.item == item)
        .unwrap_or_else(|| panic!("no item {item}"));
    h.press(KeyCode::Home);
    for _ in 0..at {
        h.keys("j");
    }
    assert_eq!(h.runtime.app.checklist_item().unwrap().item, item);
}

#[test]
fn a_sample_review_ends_with_a_summary_that_records_the_verdict_it_proposes() {
    let mut h = Harness::open(Lang::Fr);
    on_l1(&mut h);
    h.keys("c");
    select_item(&mut h, "firm-sample");
    h.press(KeyCode::Enter);
    h.keys("ooo");
    // Under way: the checklist says how far the review is.
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("3/16 vues"), "{screen}");
    h.press(KeyCode::Enter);
    for _ in 3..16 {
        h.keys("o");
    }
    let screen = h.screen();
    assert!(screen.contains("Revue firm-sample terminée"), "{screen}");
    assert!(screen.contains("16 justes"), "{screen}");
    assert!(screen.contains("Verdict proposé : OK"), "{screen}");
    h.press(KeyCode::Enter);
    let screen = h.screen();
    assert!(screen.contains("Vérifications de Adhérents"), "{screen}");
    assert_eq!(h.runtime.app.checklist_item().unwrap().verdict, "ok");
    assert!(screen.contains("16/16 vues"), "{screen}");
    let verdict = journal(&h)
        .entries()
        .unwrap()
        .into_iter()
        .find(|e| e.action == "verdict.set")
        .expect("the verdict is in the journal");
    assert_eq!(verdict.str_field("item"), Some("firm-sample"));
    assert_eq!(verdict.str_field("value"), Some("ok"));
    assert_eq!(verdict.str_field("comment"), Some("16 justes"));
}

#[test]
fn a_sample_review_shows_the_items_columns_first() {
    let mut h = Harness::open(Lang::En);
    h.resize(100, 40);
    h.keys("jc");
    select_item(&mut h, "emp-sample");
    h.press(KeyCode::Enter);
    let screen = h.screen();
    let line_of = |needle: &str| {
        screen
            .lines()
            .position(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("{needle}:\n{screen}"))
    };
    // The item's columns (last_name, first_name, nir, birth_date, address, job_title), then
    // the others: the address before the sex, which comes first in the campaign.
    assert!(line_of("(last_name)") < line_of("(nir)"));
    assert!(line_of("(address)") < line_of("(sex)"), "{screen}");
    assert!(line_of("(job_title)") < line_of("(email)"), "{screen}");
}

#[test]
fn the_next_item_to_do_opens_its_checklist_from_home_resource_after_resource() {
    let mut h = Harness::open(Lang::Fr);
    h.keys("t");
    let first = h.runtime.app.checklist_item().unwrap().clone();
    assert_eq!((first.resource.as_str(), first.verdict), ("firm", "todo"));
    // Each item of firm given a verdict in turn, `t` goes on to the next resource's.
    for _ in 0..10 {
        let item = h.runtime.app.checklist_item().unwrap().clone();
        if item.resource != "firm" {
            assert_eq!((item.resource.as_str(), item.verdict), ("employee", "todo"));
            assert!(h.screen().contains("Vérifications de Salariés"));
            return;
        }
        assert_eq!(item.verdict, "todo", "{item:?}");
        if item.kind == "automated" {
            h.keys("o");
            h.keys("vu");
            h.press(KeyCode::Enter);
        } else {
            h.keys("i");
        }
        h.keys("t");
    }
    panic!("never left firm");
}

#[test]
fn a_defect_raised_from_a_record_and_one_from_an_item_are_in_the_journal() {
    let mut h = Harness::open(Lang::Fr);
    on_l1(&mut h);
    // firm on L1: differing, its column, its cause, its pattern, the rows, a record.
    h.press(KeyCode::Enter);
    h.keys("jj");
    for _ in 0..5 {
        h.press(KeyCode::Enter);
    }
    assert!(h.screen().contains("≠ Code postal (postal_code)"));
    h.keys("a");
    let screen = h.screen();
    assert!(screen.contains("Nouvelle anomalie"), "{screen}");
    assert!(screen.contains("[x] Code postal"), "{screen}");
    assert!(screen.contains("Preuves jointes"), "{screen}");
    h.press(KeyCode::Tab);
    h.keys("Le zéro de tête est perdu");
    h.press(KeyCode::Enter);
    h.keys("sur toutes les communes de l'Allier.");
    h.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let screen = h.screen();
    assert!(screen.contains("Enregistré dans le journal"), "{screen}");
    assert!(
        !screen.contains("Nouvelle anomalie"),
        "the form closed: {screen}"
    );
    // An item of the checklist: no record, the columns to pick.
    for _ in 0..6 {
        h.press(KeyCode::Esc);
    }
    h.keys("c");
    select_item(&mut h, "firm-postal");
    h.keys("a");
    h.press_with(KeyCode::Char('s'), KeyModifiers::CONTROL);
    let defects: Vec<_> = journal(&h)
        .entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "defect.new")
        .collect();
    assert_eq!(defects.len(), 2, "{defects:?}");
    let record = &defects[0].payload;
    assert_eq!(record["resource"], "firm");
    assert_eq!(record["columns"], serde_json::json!(["postal_code"]));
    assert_eq!(record["keys"].as_array().unwrap().len(), 1);
    assert_eq!(
        record["description"],
        "Le zéro de tête est perdu\nsur toutes les communes de l'Allier."
    );
    assert_eq!(
        record["evidence"][0]["differences"][0]["column"],
        "postal_code"
    );
    let item = &defects[1].payload;
    assert_eq!(item["item"], "firm-postal");
    assert_eq!(item["keys"], serde_json::json!([]));
}

#[test]
fn a_record_absent_from_one_side_says_so_in_french_and_in_english() {
    for (lang, delivery, source) in [
        (Lang::Fr, "absent de la livraison", "absent de la source"),
        (Lang::En, "not in the delivery", "not in the source"),
    ] {
        let mut h = Harness::open(lang);
        on_l1(&mut h);
        // contract on L1: its missing keys (the first category), the first one.
        h.keys("jj");
        h.press(KeyCode::Enter);
        h.press(KeyCode::Enter);
        h.press(KeyCode::Enter);
        let screen = h.screen();
        // Said once, on the side that has no row, instead of empty values.
        assert_eq!(screen.matches(delivery).count(), 1, "{lang:?}:\n{screen}");
        // employee on L1: its unexpected keys (the second category).
        for _ in 0..3 {
            h.press(KeyCode::Esc);
        }
        h.press(KeyCode::Up);
        h.press(KeyCode::Enter);
        h.keys("j");
        h.press(KeyCode::Enter);
        h.press(KeyCode::Enter);
        let screen = h.screen();
        assert!(screen.contains(source), "{lang:?}:\n{screen}");
    }
}
