//! The référent's checklist in the console: the screen at 80×24 (snapshot), and a flow in
//! process — open a resource's checklist from home, record a KO and a commented OK with one
//! key each, and find both in the journal beside the campaign.

mod console_support;

use console_support::{Harness, find};
use ratatui::crossterm::event::KeyCode;
use recette::journal::Journal;
use recette::tui::Lang;

/// From home to the checklist of `employee` (second resource).
fn to_checklist(h: &mut Harness) {
    h.runtime.app.author = "Marie Dupont".into();
    h.keys("j");
    h.keys("c");
}

#[test]
fn the_checklist_screen_at_80_by_24() {
    let mut h = Harness::open(Lang::Fr);
    to_checklist(&mut h);
    insta::assert_snapshot!("console_checklist", h.screen());
    h.keys("?");
    insta::assert_snapshot!("console_help_checklist", h.screen());
}

#[test]
fn a_verdict_and_a_comment_recorded_from_the_checklist_are_in_the_journal() {
    let mut h = Harness::open(Lang::Fr);
    to_checklist(&mut h);
    // The last item is a manual one: `x` records KO at once.
    h.press(KeyCode::End);
    let item = h.runtime.app.checklist_item().unwrap().item.clone();
    h.keys("x");
    assert!(
        h.screen().contains("Enregistré dans le journal"),
        "{}",
        h.screen()
    );
    assert_eq!(h.runtime.app.checklist_item().unwrap().verdict, "ko");
    // A comment on it: `m`, the text, Enter.
    h.keys("m");
    h.keys("adresse tronquée");
    h.press(KeyCode::Enter);
    let selected = h.runtime.app.checklist_item().unwrap();
    assert_eq!(selected.comment.as_deref(), Some("adresse tronquée"));
    assert!(find(&h.buffer(), "« adresse tronquée »").is_some());

    let campaign = &h.runtime.app.campaign;
    assert!(!campaign.is_empty());
    let file = h.dir.path().join("sample").join("campaign.toml");
    let (journal, _) = Journal::open(&file).unwrap();
    let entries = journal.entries().unwrap();
    let verdicts: Vec<_> = entries
        .iter()
        .filter(|e| e.action == "verdict.set" && e.str_field("item") == Some(item.as_str()))
        .collect();
    assert_eq!(verdicts.len(), 2, "{entries:?}");
    assert!(verdicts.iter().all(|e| e.author == "Marie Dupont"));
    assert_eq!(verdicts[0].str_field("value"), Some("ko"));
    assert_eq!(verdicts[1].str_field("comment"), Some("adresse tronquée"));
    assert!(
        std::fs::read_dir(file.with_extension("journal"))
            .unwrap()
            .any(|f| f.unwrap().path().extension().is_some_and(|x| x == "jsonl"))
    );
}
