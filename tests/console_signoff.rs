//! Signing off from the console, in process on a copy of the sample: `S` on home or in a
//! checklist opens the prompt; the rules of `recette signoff` decide (every reason listed,
//! reservations required when they refuse); the entry lands in the journal as
//! `signoff.set` or `signoff.reserved`, and the go line follows.

mod console_support;

use console_support::Harness;
use ratatui::crossterm::event::KeyCode;
use recette::journal::{Entry, Journal};
use recette::tui::Lang;

fn journal(h: &Harness) -> Vec<Entry> {
    let file = h.dir.path().join("sample").join("campaign.toml");
    let (journal, _) = Journal::open(&file).unwrap();
    journal.entries().unwrap()
}

#[test]
fn a_refused_sign_off_lists_its_reasons_and_is_given_with_reservations() {
    let mut h = Harness::open(Lang::Fr);
    h.resize(100, 30);
    h.runtime.app.author = "Marie Dupont".into();
    // employee, second resource: its checklist, then `S`.
    h.keys("jc");
    h.keys("S");
    let screen = h.screen();
    assert!(
        screen.contains("Signer Salariés (employee) sur L2"),
        "{screen}"
    );
    assert!(
        screen.contains("Les règles refusent une signature sans réserve"),
        "{screen}"
    );
    assert!(screen.contains("emp-identity"), "{screen}");
    // Enter with nothing typed: refused, said in the prompt, nothing written.
    h.press(KeyCode::Enter);
    assert!(
        h.screen().contains("écrivez les réserves"),
        "{}",
        h.screen()
    );
    assert!(journal(&h).iter().all(|e| !e.action.starts_with("signoff")));
    h.keys("noms repris en L3");
    h.press(KeyCode::Enter);
    assert!(h.runtime.app.signoff().is_none());
    assert!(
        h.screen().contains("Enregistré dans le journal"),
        "{}",
        h.screen()
    );
    let entries = journal(&h);
    let reserved: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.action == "signoff.reserved")
        .collect();
    assert_eq!(reserved.len(), 1, "{entries:?}");
    assert_eq!(reserved[0].author, "Marie Dupont");
    assert_eq!(
        reserved[0].str_field("reservations"),
        Some("noms repris en L3")
    );
    assert_eq!(reserved[0].str_field("delivery"), Some("L2"));
    assert!(reserved[0].payload["files"]["migrated"].is_string());
    // Back home: its sign-off reads "réserves"; the go line is still NO-GO.
    h.press(KeyCode::Esc);
    let screen = h.screen();
    assert!(screen.contains("réserves"), "{screen}");
    assert!(screen.contains("NO-GO"), "{screen}");
    // Esc closes the prompt without writing.
    h.keys("S");
    assert!(h.runtime.app.signoff().is_some());
    h.press(KeyCode::Esc);
    assert!(h.runtime.app.signoff().is_none());
    assert_eq!(
        journal(&h)
            .iter()
            .filter(|e| e.action.starts_with("signoff"))
            .count(),
        1
    );
}

#[test]
fn when_the_rules_allow_it_enter_signs_off_without_reservation_in_english_too() {
    let mut h = Harness::open(Lang::En);
    h.resize(100, 30);
    // firm's criteria hold on L2: give its two items without verdict an OK.
    h.keys("c");
    h.press(KeyCode::End);
    h.keys("o");
    h.press(KeyCode::Up);
    h.keys("o");
    h.keys("S");
    let screen = h.screen();
    assert!(
        screen.contains("The rules allow a sign-off without reservation"),
        "{screen}"
    );
    h.press(KeyCode::Enter);
    let entries = journal(&h);
    let signed: Vec<&Entry> = entries
        .iter()
        .filter(|e| e.action == "signoff.set")
        .collect();
    assert_eq!(signed.len(), 1, "{entries:?}");
    assert_eq!(signed[0].str_field("resource"), Some("firm"));
    assert!(
        h.runtime.app.current_overview().unwrap().resources[0]
            .progress()
            .signoff
            .counts()
    );
}
