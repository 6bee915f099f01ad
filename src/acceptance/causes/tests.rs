//! One defect per cause on hand-made causes and journals.

use serde_json::json;

use super::*;
use crate::domain::causes::causes;
use crate::domain::report::ColumnReport;
use crate::journal::actions::DEFECT_NEW;
use crate::journal::{Entry, State};

fn entry(n: u64, action: &str, payload: Value) -> Entry {
    let line = json!({
        "id": format!("0000000{n:03}-t-aaaaaa"),
        "time": format!("2026-10-01T10:00:{n:02}.000Z"),
        "author": "Marie Dupont",
        "action": action,
        "payload": payload,
    });
    Entry::from_line(line.to_string().as_bytes()).unwrap()
}

fn pair(expected: &str, migrated: &str, rows: u64) -> Pattern {
    Pattern {
        expected: Some(expected.into()),
        migrated: Some(migrated.into()),
        rows,
    }
}

/// `last_name` as on the sample's L1: seven mojibake names and three duplicated keys.
fn last_name() -> Vec<Cause> {
    let names = [
        "Grégoire",
        "Traoré",
        "Émery",
        "Lhéritier",
        "Pégoud",
        "Bénard",
        "Ségur",
    ];
    let pairs: Vec<Pattern> = names
        .iter()
        .map(|n| {
            let bytes = n.as_bytes();
            let mojibake: String = bytes.iter().map(|b| windows_1252(*b)).collect();
            pair(n, &mojibake, 1)
        })
        .collect();
    causes(&pairs, 3, None)
}

/// A byte as Windows-1252 shows it (enough for the letters above).
fn windows_1252(b: u8) -> char {
    match b {
        0x89 => '‰',
        0xA9 => '©',
        _ => char::from(b),
    }
}

fn encoding(causes: &[Cause]) -> &Cause {
    causes
        .iter()
        .find(|c| c.kind == CauseKind::Encoding)
        .unwrap()
}

fn report(severity: Severity, examples: usize, separate: bool) -> CauseReport {
    let causes = last_name();
    CauseReport {
        cause: DefectCause::new("employee", "last_name", encoding(&causes)),
        examples: (0..examples)
            .map(|i| vec![Some(format!("{}", 200_000 + i))])
            .collect(),
        item: Some("names".into()),
        severity,
        title: "Noms mal encodés".into(),
        description: None,
        delivery: "L1".into(),
        separate,
    }
}

fn new_entry(n: u64, write: DefectWrite, id: &str) -> Entry {
    let DefectWrite::New(mut payload) = write else {
        panic!("a new defect was expected")
    };
    payload["id"] = json!(id);
    entry(n, DEFECT_NEW, payload)
}

#[test]
fn a_defect_from_a_cause_records_the_cause_its_count_and_at_most_100_keys() {
    let r = report(Severity::Major, 250, false);
    assert_eq!(r.cause.kind, CauseKind::Encoding);
    assert_eq!(r.cause.rows, 7);
    let write = plan_cause(&r, &State::default());
    let DefectWrite::New(payload) = &write else {
        panic!("{write:?}")
    };
    assert_eq!(payload["keys"].as_array().unwrap().len(), EXAMPLE_KEYS);
    assert_eq!(payload["keys"][0], json!(["200000"]));
    assert_eq!(payload["kind"], "differing");
    assert_eq!(payload["columns"], json!(["last_name"]));
    assert_eq!(payload["item"], "names");
    let cause = &payload["cause"];
    assert_eq!(
        (
            &cause["resource"],
            &cause["column"],
            &cause["kind"],
            &cause["rows"]
        ),
        (
            &json!("employee"),
            &json!("last_name"),
            &json!("encoding"),
            &json!(7)
        )
    );
    assert_eq!(cause["detail"]["decoding"], "UTF-8 read as Windows-1252");
    assert_eq!(cause["patterns"].as_array().unwrap().len(), 7);

    let state = State::from_entries(&[new_entry(1, write, "MD-1")]);
    let defect = state.defect("MD-1").unwrap();
    assert_eq!(DefectCause::of(defect), Some(r.cause.clone()));
    assert_eq!(
        DefectCause::of(defect).unwrap().as_cause().kind,
        CauseKind::Encoding
    );
}

#[test]
fn a_defect_written_before_causes_reads_as_it_did() {
    let line = json!({"resource": "employee", "severity": "majeure", "id": "MD-1",
        "keys": [["200001"]], "columns": ["last_name"], "kind": "differing"});
    let state = State::from_entries(&[entry(1, DEFECT_NEW, line)]);
    let defect = state.defect("MD-1").unwrap();
    assert_eq!(DefectCause::of(defect), None);
    assert!(state.rejected().is_empty());
}

#[test]
fn the_same_cause_reported_again_joins_the_open_defect() {
    let first = plan_cause(&report(Severity::Major, 7, false), &State::default());
    let state = State::from_entries(&[new_entry(1, first, "MD-1")]);
    let mut again = report(Severity::Minor, 7, false);
    again.delivery = "L2".into();
    again.cause.rows = 5;
    match plan_cause(&again, &state) {
        DefectWrite::Occurrence { defect, payload } => {
            assert_eq!(defect, "MD-1");
            assert_eq!(payload["cause"]["rows"], 5);
            assert_eq!(payload["delivery"], "L2");
            assert!(
                payload.get("keys").is_none(),
                "no keys: the defect has its examples"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        plan_cause(&report(Severity::Minor, 7, true), &state),
        DefectWrite::New(_)
    ));
    // Another kind, or another column, is another defect.
    let mut duplicate = report(Severity::Minor, 3, false);
    duplicate.cause = DefectCause::new("employee", "last_name", &last_name()[1]);
    assert_eq!(duplicate.cause.kind, CauseKind::Duplicate);
    let DefectWrite::New(payload) = plan_cause(&duplicate, &state) else {
        panic!("a new defect")
    };
    assert_eq!(payload["kind"], "duplicate");
    let mut other_column = report(Severity::Minor, 7, false);
    other_column.cause.column = "first_name".into();
    assert!(matches!(
        plan_cause(&other_column, &state),
        DefectWrite::New(_)
    ));
    assert!(covered_by_a_defect(
        &state,
        "employee",
        "last_name",
        CauseKind::Encoding
    ));
    assert!(!covered_by_a_defect(
        &state,
        "employee",
        "first_name",
        CauseKind::Encoding
    ));
}

#[test]
fn a_closed_defect_takes_no_more_reports() {
    let first = plan_cause(&report(Severity::Major, 7, false), &State::default());
    let rejected = entry(
        2,
        "defect.status",
        json!({"defect": "MD-1", "status": "rejected", "reason": "attendu"}),
    );
    let state = State::from_entries(&[new_entry(1, first, "MD-1"), rejected]);
    assert!(open_defect_of_cause(&state, "employee", "last_name", CauseKind::Encoding).is_none());
    assert!(matches!(
        plan_cause(&report(Severity::Major, 7, false), &state),
        DefectWrite::New(_)
    ));
    assert!(!covered_by_a_defect(
        &state,
        "employee",
        "last_name",
        CauseKind::Encoding
    ));
}

fn resource(columns: Vec<(&str, Vec<Cause>)>) -> ResourceReport {
    ResourceReport {
        name: "employee".into(),
        columns: columns
            .into_iter()
            .map(|(name, causes)| ColumnReport {
                name: name.into(),
                differing: causes.iter().map(|c| c.rows).sum(),
                causes,
                ..Default::default()
            })
            .collect(),
        ..Default::default()
    }
}

#[test]
fn a_later_delivery_says_whether_the_cause_is_gone() {
    let cause = report(Severity::Major, 7, false).cause;
    let still = resource(vec![("last_name", last_name())]);
    assert_eq!(cause.keys_in(&still), Some(7));
    let fewer = causes(&[pair("Grégoire", "GrÃ©goire", 2)], 0, None);
    assert_eq!(
        cause.keys_in(&resource(vec![("last_name", fewer)])),
        Some(2)
    );
    let duplicates_only = causes(&[], 3, None);
    assert_eq!(
        cause.keys_in(&resource(vec![("last_name", duplicates_only)])),
        Some(0),
        "fixed: no encoding left"
    );
    assert_eq!(
        cause.keys_in(&resource(vec![("first_name", Vec::new())])),
        None,
        "the column is not compared there"
    );
}

#[test]
fn which_delivery_checks_a_defect() {
    let deliveries: Vec<String> = ["L1", "L2", "L3"].map(String::from).to_vec();
    let first = plan_cause(&report(Severity::Major, 7, false), &State::default());
    let mut state = State::from_entries(&[new_entry(1, first, "MD-1")]);
    let open = state.defect("MD-1").unwrap().clone();
    assert_eq!(delivery_to_check(&open, &deliveries), Some("L3"));
    assert_eq!(
        delivery_to_check(&open, &deliveries[..1]),
        None,
        "nothing later"
    );
    let fixed = entry(
        2,
        "defect.status",
        json!({"defect": "MD-1", "status": "fixed", "delivery": "L2"}),
    );
    state.apply(&fixed).unwrap();
    assert_eq!(
        delivery_to_check(state.defect("MD-1").unwrap(), &deliveries),
        Some("L2")
    );
    state
        .apply(&entry(
            3,
            "defect.status",
            json!({"defect": "MD-1", "status": "verified"}),
        ))
        .unwrap();
    assert_eq!(
        delivery_to_check(state.defect("MD-1").unwrap(), &deliveries),
        None
    );
}

#[test]
fn the_causes_of_two_deliveries_compared() {
    let l1 = resource(vec![
        ("last_name", last_name()),
        (
            "visit_on",
            causes(&[pair("2024-03-04", "2024-03-03", 9)], 0, None),
        ),
    ]);
    let l2 = resource(vec![
        ("last_name", causes(&last_name()[0].patterns, 0, None)),
        ("visit_on", Vec::new()),
        (
            "end_on",
            causes(
                &[Pattern {
                    expected: Some("2025-01-31".into()),
                    migrated: None,
                    rows: 6,
                }],
                0,
                None,
            ),
        ),
    ]);
    let compared = compare_causes("employee", ("L1", &l1), ("L2", &l2));
    assert_eq!(
        (compared.previous.as_str(), compared.current.as_str()),
        ("L1", "L2")
    );
    let changes: Vec<(&str, CauseKind, u64, u64)> = compared
        .by_cause
        .iter()
        .map(|c| (c.column.as_str(), c.kind, c.previous, c.current))
        .collect();
    assert_eq!(
        changes,
        [
            ("last_name", CauseKind::Encoding, 7, 7),
            ("last_name", CauseKind::Duplicate, 3, 0),
            ("visit_on", CauseKind::DateShift, 9, 0),
        ],
        "end_on is not compared in L1: nothing to say"
    );
    assert!(compared.by_cause[2].is_fixed());
    assert!(!compared.by_cause[0].is_fixed() && !compared.by_cause[0].is_new());
    let back = compare_causes("employee", ("L2", &l2), ("L1", &l1));
    assert!(
        back.by_cause
            .iter()
            .any(|c| c.kind == CauseKind::DateShift && c.is_new())
    );
}
