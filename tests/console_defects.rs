//! The defects screen: after a defect recorded from a sample review, the list and the
//! detail at 80×24 (snapshot), a filter as you type, and status changes (fixed in the
//! delivery shown, rejected with a reason) found in the journal.

mod console_support;

use console_support::Harness;
use ratatui::crossterm::event::KeyCode;
use recette::journal::Journal;
use recette::tui::Lang;

/// A defect recorded from `firm-sample` on L1 (its sixth record differs), then home.
fn with_a_defect(h: &mut Harness) {
    h.runtime.app.author = "Marie Dupont".into();
    h.press(KeyCode::Tab);
    h.press(KeyCode::Left);
    h.press(KeyCode::Tab);
    h.keys("c");
    h.keys("jjj");
    h.press(KeyCode::Enter);
    h.keys("nnnnn");
    h.keys("x");
    h.press(KeyCode::Enter);
    h.press(KeyCode::Esc);
    h.press(KeyCode::Esc);
}

/// The history's times (`2026-11-23 14:49`) masked, so that the snapshot is stable.
fn without_times(screen: &str) -> String {
    screen
        .lines()
        .map(|line| match line.find("│20") {
            Some(at) if line[at..].contains(" : ") => {
                let start = at + "│".len();
                format!("{}YYYY-MM-DD HH:MM{}", &line[..start], &line[start + 16..])
            }
            _ => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn the_defects_screen_lists_filters_and_changes_a_status_through_the_journal() {
    let mut h = Harness::open(Lang::Fr);
    with_a_defect(&mut h);
    h.keys("d");
    insta::assert_snapshot!("console_defects", without_times(&h.screen()));
    // The filter matches the status, the severity, the resource...
    h.keys("/rejet");
    assert_eq!(h.runtime.app.visible_defects().len(), 0);
    h.press(KeyCode::Esc);
    h.keys("/firm");
    h.press(KeyCode::Enter);
    assert_eq!(h.runtime.app.visible_defects().len(), 1);
    // Fixed in the delivery shown (L1), then a rejection needs its reason.
    h.keys("f");
    assert!(h.screen().contains("corrigée en L1"), "{}", h.screen());
    h.keys("r");
    h.keys("X");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("Un rejet a besoin de sa raison"));
    h.keys("X");
    h.keys("comportement attendu");
    h.press(KeyCode::Enter);
    assert!(h.screen().contains("rejetée"), "{}", h.screen());

    let file = h.dir.path().join("sample").join("campaign.toml");
    let (journal, _) = Journal::open(&file).unwrap();
    let statuses: Vec<(String, Option<String>)> = journal
        .entries()
        .unwrap()
        .iter()
        .filter(|e| e.action == "defect.status")
        .map(|e| {
            (
                e.str_field("status").unwrap_or("").to_string(),
                e.str_field("reason").map(str::to_string),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            ("fixed".to_string(), None),
            ("reopened".to_string(), None),
            (
                "rejected".to_string(),
                Some("comportement attendu".to_string())
            ),
        ]
    );
}

/// Five defects in the journal of the copy, before the console opens: each resource, each
/// severity, found in L1 or L2, open, fixed, reopened, rejected (Marie Dupont's ids are
/// `MDCV6-n`).
fn five_defects(dir: &std::path::Path) {
    use recette::journal::actions::{defect_new, defect_status};
    use recette::journal::{DefectStatus, Severity};
    let (journal, _) = Journal::open(&dir.join("campaign.toml")).unwrap();
    let author = "Marie Dupont";
    let defects = [
        ("firm", Severity::Blocking, "L1", "SIRET tronqué"),
        ("employee", Severity::Major, "L1", "Prénoms mal encodés"),
        (
            "employee",
            Severity::Minor,
            "L2",
            "Téléphone sans indicatif",
        ),
        (
            "contract",
            Severity::Blocking,
            "L2",
            "Temps partiels perdus",
        ),
        ("visit", Severity::Major, "L1", "Visite en double"),
    ];
    for (resource, severity, delivery, title) in defects {
        let mut payload = defect_new(resource, severity, title);
        let fields = payload.as_object_mut().unwrap();
        fields.insert("delivery".into(), delivery.into());
        fields.insert("title".into(), title.into());
        journal.new_defect(author, payload).unwrap();
    }
    let status = |id: &str, status: DefectStatus| {
        journal
            .append(author, "defect.status", defect_status(id, &status, None))
            .unwrap();
    };
    let fixed = || DefectStatus::Fixed {
        delivery: "L2".into(),
    };
    status("MDCV6-2", fixed());
    status("MDCV6-4", fixed());
    status("MDCV6-4", DefectStatus::Reopened);
    status(
        "MDCV6-5",
        DefectStatus::Rejected {
            reason: "comportement attendu".into(),
        },
    );
}

fn shown_ids(h: &Harness) -> Vec<String> {
    let app = &h.runtime.app;
    app.visible_defects()
        .iter()
        .map(|&i| app.all_defects()[i].id.clone())
        .collect()
}

#[test]
fn the_defects_are_filtered_by_status_severity_resource_delivery_and_grouped() {
    let mut h = Harness::open_with(Lang::Fr, true, five_defects);
    h.runtime.app.author = "Marie Dupont".into();
    h.keys("d");
    assert_eq!(
        shown_ids(&h),
        ["MDCV6-1", "MDCV6-2", "MDCV6-3", "MDCV6-4", "MDCV6-5"]
    );
    // Status: open takes the reopened one too.
    h.keys("1");
    assert_eq!(shown_ids(&h), ["MDCV6-1", "MDCV6-3", "MDCV6-4"]);
    // Severity: blocking; then back to all after the three severities.
    h.keys("2");
    assert_eq!(shown_ids(&h), ["MDCV6-1", "MDCV6-4"]);
    h.keys("222");
    assert_eq!(shown_ids(&h), ["MDCV6-1", "MDCV6-3", "MDCV6-4"]);
    // Resource, in the campaign's order: firm, then employee.
    h.keys("3");
    assert_eq!(shown_ids(&h), ["MDCV6-1"]);
    h.keys("3");
    assert_eq!(shown_ids(&h), ["MDCV6-3"]);
    h.keys("333");
    assert_eq!(h.runtime.app.defects().unwrap().filters.resource, None);
    // Delivery found in: L1, then L2.
    h.keys("4");
    assert_eq!(shown_ids(&h), ["MDCV6-1"]);
    h.keys("4");
    assert_eq!(shown_ids(&h), ["MDCV6-3", "MDCV6-4"]);
    h.keys("4");
    // Grouped by resource: contract's defect comes after employee's, under headers.
    h.keys("5");
    assert_eq!(shown_ids(&h), ["MDCV6-1", "MDCV6-3", "MDCV6-4"]);
    h.keys("gj");
    assert_eq!(
        h.runtime.app.selected_defect().map(|d| d.id.as_str()),
        Some("MDCV6-3"),
        "moving skips the header lines"
    );
    insta::assert_snapshot!("console_defects_grouped", without_times(&h.screen()));
    // The status keys act on the selected defect, never on a header line.
    h.keys("j");
    h.keys("f");
    let file = h.dir.path().join("sample").join("campaign.toml");
    let (journal, _) = Journal::open(&file).unwrap();
    let last = journal.entries().unwrap().pop().unwrap();
    assert_eq!(last.str_field("defect"), Some("MDCV6-4"));
    assert_eq!(last.str_field("status"), Some("fixed"));
    // Fixed now: the open filter no longer shows it; the selection stays on a defect.
    assert_eq!(shown_ids(&h), ["MDCV6-1", "MDCV6-3"]);
    assert!(h.runtime.app.selected_defect().is_some());
}
