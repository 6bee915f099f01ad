//! Each screen of the console rendered on a `TestBackend` at 80×24 from the sample
//! campaign (insta snapshots of the text), and the styles that carry meaning checked on the
//! `Buffer`: a differing cell is highlighted, with colour and under `NO_COLOR`.

mod console_support;

use console_support::{Harness, find, find_below};
use ratatui::crossterm::event::KeyCode;
use ratatui::style::{Color, Modifier};
use recette::tui::Lang;

/// From the home screen to the first differing record of `employee`: its differing keys,
/// `last_name`, its first cause, its first pattern, its row.
fn to_record(h: &mut Harness) {
    h.keys("j");
    h.press(KeyCode::Enter);
    h.keys("jj");
    for _ in 0..5 {
        h.press(KeyCode::Enter);
    }
}

#[test]
fn every_screen_of_the_engineers_path_at_80_by_24() {
    let mut h = Harness::open(Lang::Fr);
    insta::assert_snapshot!("console_home_fr", h.screen());
    h.keys("j");
    h.press(KeyCode::Enter);
    insta::assert_snapshot!("console_categories", h.screen());
    h.keys("jj");
    h.press(KeyCode::Enter);
    insta::assert_snapshot!("console_columns", h.screen());
    h.press(KeyCode::Enter);
    insta::assert_snapshot!("console_causes", h.screen());
    h.press(KeyCode::Enter);
    insta::assert_snapshot!("console_patterns", h.screen());
    h.press(KeyCode::End);
    h.press(KeyCode::Enter);
    insta::assert_snapshot!("console_rows", h.screen());
    h.press(KeyCode::Enter);
    insta::assert_snapshot!("console_record", h.screen());
    h.keys("?");
    insta::assert_snapshot!("console_help_record", h.screen());
}

#[test]
fn the_home_screen_in_english_and_its_help() {
    let mut h = Harness::open(Lang::En);
    insta::assert_snapshot!("console_home_en", h.screen());
    h.keys("?");
    insta::assert_snapshot!("console_help_home_en", h.screen());
}

#[test]
fn a_differing_cell_is_highlighted_with_colour_and_without() {
    for color in [true, false] {
        let mut h = Harness::open_with(Lang::Fr, color, |_| {});
        to_record(&mut h);
        let buffer = h.buffer();
        // Below the header and the breadcrumb (which names the pattern too).
        let (x, y) = find_below(&buffer, "GrÃ©goire", 2).expect("the migrated value shows");
        let cell = &buffer[(x, y)];
        let (ex, ey) = find(&buffer, "first_name").expect("an identical column shows");
        let identical = &buffer[(ex, ey)];
        if color {
            assert_eq!(cell.fg, Color::Red);
            assert!(cell.modifier.contains(Modifier::BOLD));
            assert_ne!(identical.fg, Color::Red);
        } else {
            assert_eq!(cell.fg, Color::Reset, "NO_COLOR: no colour at all");
            assert!(cell.modifier.contains(Modifier::REVERSED));
            assert!(!identical.modifier.contains(Modifier::REVERSED));
        }
    }
}

#[test]
fn escape_sequences_in_the_data_are_shown_not_run() {
    let mut h = Harness::open_with(Lang::Fr, true, |dir| {
        let file = dir.join("deliveries/L2/employee.csv");
        let text = std::fs::read_to_string(&file).unwrap();
        let hostile = "G\u{1b}\u{200d}\u{202e}";
        std::fs::write(&file, text.replacen("GrÃ©goire", hostile, 1)).unwrap();
    });
    // The hostile value is no known transformation of `Grégoire`: the second cause, `other`.
    h.keys("j");
    h.press(KeyCode::Enter);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Enter);
    h.keys("j");
    for _ in 0..3 {
        h.press(KeyCode::Enter);
    }
    let buffer = h.buffer();
    let shown = "G\\x1b\\u{200d}\\u{202e}";
    assert!(find(&buffer, shown).is_some(), "{}", h.screen());
    for cell in buffer.content() {
        assert!(
            !cell.symbol().chars().any(recette::domain::text::is_hidden),
            "a control or invisible character reached the screen"
        );
    }
}

#[test]
fn the_screens_follow_a_resize_and_survive_a_tiny_terminal() {
    let mut h = Harness::open(Lang::Fr);
    to_record(&mut h);
    h.resize(100, 30);
    assert_eq!(h.runtime.app.page_rows(), 23);
    assert_eq!(h.buffer().area.width, 100);
    for (w, h_) in [(20, 5), (1, 1), (80, 24)] {
        h.resize(w, h_);
        let _ = h.buffer();
    }
    h.press(KeyCode::Esc);
    h.resize(10, 4);
    let _ = h.buffer();
}
