//! The issue's examples, one or more per cause, the precedence cases and values no rule
//! explains. The planted-values measure is in `tests/generator.rs`.

mod generator;

use std::collections::BTreeMap;

use super::*;

fn kind(expected: &str, migrated: &str) -> CauseKind {
    diagnose(Some(expected), Some(migrated), None).kind
}

fn detail(expected: &str, migrated: &str) -> Detail {
    diagnose(Some(expected), Some(migrated), None).detail
}

fn decoding(expected: &str, migrated: &str) -> Option<Decoding> {
    let d = diagnose(Some(expected), Some(migrated), None);
    assert_eq!(d.kind, CauseKind::Encoding, "{expected} → {migrated}");
    d.detail.decoding
}

fn vocabulary(codes: &[(&str, u64)]) -> Vocabulary {
    let rows = codes.iter().map(|(_, n)| n).sum();
    Vocabulary::from_counts(codes.iter().map(|(c, n)| (c.to_string(), *n)), rows)
        .expect("a code set")
}

fn pattern(expected: Option<&str>, migrated: Option<&str>, rows: u64) -> Pattern {
    Pattern {
        expected: expected.map(str::to_owned),
        migrated: migrated.map(str::to_owned),
        rows,
    }
}

#[test]
fn names_are_the_contract_and_round_trip() {
    let names: Vec<&str> = CauseKind::ALL.iter().map(|k| k.name()).collect();
    assert_eq!(
        names,
        [
            "encoding",
            "case",
            "whitespace",
            "accents",
            "formatting",
            "leading_zeros",
            "truncation",
            "day_month_swap",
            "date_shift",
            "number_precision",
            "mapping",
            "digits_transposed",
            "emptied",
            "filled",
            "unmapped",
            "unparseable",
            "duplicate",
            "other"
        ]
    );
    for k in CauseKind::ALL {
        assert_eq!(CauseKind::from_name(k.name()), Some(k));
        assert_eq!(serde_json::to_value(k).unwrap(), k.name());
        assert!(!k.label_fr().is_empty() && !k.label_en().is_empty());
    }
    assert_eq!(CauseKind::Encoding.label_fr(), "encodage");
    assert_eq!(CauseKind::Duplicate.label_fr(), "clés en double");
    let mut sorted = CauseKind::ALL;
    sorted.sort();
    assert_eq!(sorted, CauseKind::ALL, "Ord is the precedence");
}

#[test]
fn encoding_finds_which_decoding_happened() {
    assert_eq!(
        decoding("Grégoire", "GrÃ©goire"),
        Some(Decoding::Utf8AsWindows1252)
    );
    assert_eq!(
        decoding("Émery", "Ã‰mery"),
        Some(Decoding::Utf8AsWindows1252)
    );
    assert_eq!(
        decoding("Traoré", "TraorÃ©"),
        Some(Decoding::Utf8AsWindows1252)
    );
    // Latin-1 turns the second byte of `É` (0x89) into a control character, not `‰`.
    assert_eq!(
        decoding("Émery", "Ã\u{89}mery"),
        Some(Decoding::Utf8AsLatin1)
    );
    assert_eq!(
        decoding("Grégoire", "GrÃƒÂ©goire"),
        Some(Decoding::DoubleEncoding)
    );
    assert_eq!(
        decoding("Grégoire", "Gr\u{FFFD}goire"),
        Some(Decoding::Windows1252AsUtf8)
    );
    assert_eq!(decoding("Grégoire", "Gr?goire"), Some(Decoding::Replaced));
    // A byte-wise conversion: one `?` per UTF-8 byte.
    assert_eq!(decoding("Grégoire", "Gr??goire"), Some(Decoding::Replaced));
    assert_eq!(
        decoding("Æsop Œuvre", "?sop ?uvre"),
        Some(Decoding::Replaced)
    );
    assert_eq!(
        decoding("GrÃ©goire", "Grégoire"),
        Some(Decoding::SourceUtf8AsWindows1252)
    );
    let json = serde_json::to_value(detail("Grégoire", "GrÃ©goire")).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"decoding": "UTF-8 read as Windows-1252"})
    );
    assert_eq!(
        Decoding::Utf8AsWindows1252.label_fr(),
        "UTF-8 lu comme Windows-1252"
    );
}

#[test]
fn a_question_mark_where_the_expected_text_had_plain_letters_is_no_encoding() {
    assert_ne!(kind("Gregoire", "Gr?goire"), CauseKind::Encoding);
    assert_ne!(kind("Grégoire", "Gr?goir?"), CauseKind::Encoding);
}

#[test]
fn text_causes_follow_the_issue_examples() {
    assert_eq!(kind("Martin", "MARTIN"), CauseKind::Case);
    assert_eq!(kind("Moulins", "Moulins "), CauseKind::Whitespace);
    assert_eq!(
        kind("Saint  Pourçain", "Saint Pourçain"),
        CauseKind::Whitespace
    );
    assert_eq!(
        kind("12 rue Haute", "12\u{a0}rue Haute"),
        CauseKind::Whitespace
    );
    assert_eq!(kind("Hélène", "Helene"), CauseKind::Accents);
    assert_eq!(kind("04 70 12 34 56", "0470123456"), CauseKind::Formatting);
    assert_eq!(
        kind("04 70 12 34 56", "04.70.12.34.56"),
        CauseKind::Formatting
    );
    assert_eq!(kind("03100", "3100"), CauseKind::LeadingZeros);
    let cut = diagnose(
        Some("Saint-Pourçain-sur-Sioule"),
        Some("Saint-Pourçain-sur-Si"),
        None,
    );
    assert_eq!(cut.kind, CauseKind::Truncation);
    assert_eq!(
        (cut.detail.length, cut.detail.expected_length),
        (Some(21), Some(25))
    );
}

#[test]
fn dates_numbers_codes_and_characters() {
    let shift = diagnose(Some("1980-02-03"), Some("1980-02-02"), None);
    assert_eq!(shift.kind, CauseKind::DateShift);
    assert_eq!(shift.detail.days, Some(-1));
    assert_eq!(detail("2026-08-03", "2026-08-04T00:00:00").days, Some(1));
    let century = detail("1950-05-03", "2050-05-03");
    assert_eq!(century.years, Some(100));
    assert_eq!(kind("2021-03-04", "2021-04-03"), CauseKind::DayMonthSwap);
    let reformatted = diagnose(Some("1980-02-03"), Some("03/02/1980"), None);
    assert_eq!(reformatted.kind, CauseKind::Formatting);
    assert_eq!(reformatted.detail.format.as_deref(), Some("dd/mm/yyyy"));

    assert_eq!(kind("12.50", "12.5"), CauseKind::NumberPrecision);
    assert_eq!(detail("0.333", "0.33").decimals, Some(2));
    assert_eq!(
        kind("0.30000000000000004", "0.3"),
        CauseKind::NumberPrecision
    );
    assert_eq!(kind("2.5", "2"), CauseKind::NumberPrecision, "half to even");
    assert_eq!(kind("-1.25", "-1.3"), CauseKind::NumberPrecision);

    let codes = vocabulary(&[("prescribed", 415), ("planned", 300)]);
    let d = diagnose(Some("prescribed"), Some("planned"), Some(&codes));
    assert_eq!(d.kind, CauseKind::Mapping);
    assert_eq!(
        kind("prescribed", "planned"),
        CauseKind::Other,
        "no code set"
    );

    assert_eq!(
        kind("2910503123456", "2915003123456"),
        CauseKind::DigitsTransposed
    );
    assert_eq!(kind("Martin", "Matrin"), CauseKind::DigitsTransposed);
}

#[test]
fn nulls_markers_and_nothing_known() {
    assert_eq!(diagnose(Some("x"), None, None).kind, CauseKind::Emptied);
    assert_eq!(kind("Moulins", ""), CauseKind::Emptied);
    assert_eq!(
        diagnose(None, Some("2099-12-31"), None).kind,
        CauseKind::Filled
    );
    let unmapped = diagnose(Some("⟨unmapped: X⟩"), Some("male"), None);
    assert_eq!(unmapped.kind, CauseKind::Unmapped);
    assert_eq!(unmapped.detail.value.as_deref(), Some("X"));
    let bad = diagnose(Some("⟨unparseable: 31/02/2020⟩"), None, None);
    assert_eq!(bad.kind, CauseKind::Unparseable);
    assert_eq!(bad.detail.value.as_deref(), Some("31/02/2020"));
    for (e, m) in [
        ("Martin", "Durand"),
        ("2021-03-04", "1999-12-31"),
        ("2021-03-04", "2021-06-04"),
        ("12.5", "125"),
        ("12.5", "13.7"),
        ("Grégoire", "Gr?goir?"),
        ("ABCD", "BADC"),
    ] {
        assert_eq!(kind(e, m), CauseKind::Other, "{e} → {m}");
    }
    assert_eq!(diagnose(None, None, None).kind, CauseKind::Other);
}

#[test]
fn several_transformations_name_the_first_and_list_them_all() {
    let d = diagnose(Some("Hélène"), Some("HELENE"), None);
    assert_eq!(d.kind, CauseKind::Case);
    assert_eq!(d.detail.kinds, [CauseKind::Case, CauseKind::Accents]);
    let d = diagnose(Some("Grégoire"), Some("GRÃ‰GOIRE"), None);
    assert_eq!(d.kind, CauseKind::Encoding);
    assert_eq!(d.detail.kinds, [CauseKind::Encoding, CauseKind::Case]);
    assert_eq!(d.detail.decoding, Some(Decoding::Utf8AsWindows1252));
    let d = diagnose(Some("Moulins"), Some(" MOULINS"), None);
    assert_eq!(d.detail.kinds, [CauseKind::Case, CauseKind::Whitespace]);
    // Spaces alone are whitespace, not formatting (which forgets them too).
    assert!(detail("Moulins", "Moulins ").kinds.is_empty());
    let d = diagnose(
        Some("Saint-Pourçain-sur-Sioule"),
        Some("SAINT-POURCAIN-SUR"),
        None,
    );
    assert_eq!(d.kind, CauseKind::Case);
    assert_eq!(
        d.detail.kinds,
        [CauseKind::Case, CauseKind::Accents, CauseKind::Truncation]
    );
    assert_eq!(d.detail.length, Some(18));
    // Swapped day and month are also 30 days away: the swap comes first.
    assert_eq!(detail("2021-03-04", "2021-04-03").days, None);
    let d = diagnose(Some("2021-03-04"), Some("03/04/2021"), None);
    assert_eq!(d.kind, CauseKind::Formatting);
    assert_eq!(
        d.detail.kinds,
        [CauseKind::Formatting, CauseKind::DayMonthSwap]
    );
}

#[test]
fn a_code_set_is_fifty_values_covering_99_percent_that_repeat() {
    assert!(vocabulary(&[("male", 200), ("female", 190)]).contains("male"));
    let long_tail: Vec<(String, u64)> = (0..60).map(|i| (format!("v{i}"), 10)).collect();
    assert!(Vocabulary::from_counts(long_tail, 600).is_none());
    let covered: Vec<(String, u64)> = (0..50)
        .map(|i| (format!("v{i}"), 20))
        .chain((50..55).map(|i| (format!("v{i}"), 1)))
        .collect();
    let v = Vocabulary::from_counts(covered, 1005).expect("50 values cover 99.5%");
    assert_eq!(v.len(), 50);
    assert!(!v.contains("v52"));
    let names: Vec<(String, u64)> = (0..10).map(|i| (format!("n{i}"), 1)).collect();
    assert!(
        Vocabulary::from_counts(names, 10).is_none(),
        "values must repeat"
    );
    let marked = [("⟨unmapped: X⟩".to_string(), 5), ("a".to_string(), 95)];
    assert!(
        !Vocabulary::from_counts(marked, 100)
            .unwrap()
            .contains("⟨unmapped: X⟩")
    );
}

#[test]
fn the_l1_last_name_column_is_two_causes() {
    let pairs: Vec<Pattern> = [
        ("Grégoire", "GrÃ©goire"),
        ("Traoré", "TraorÃ©"),
        ("Émery", "Ã‰mery"),
        ("Lhéritier", "LhÃ©ritier"),
        ("Pégoud", "PÃ©goud"),
        ("Bérard", "BÃ©rard"),
        ("Lefèvre", "LefÃ¨vre"),
    ]
    .iter()
    .map(|(e, m)| pattern(Some(e), Some(m), 1))
    .collect();
    let found = causes(&pairs, 3, None);
    let summary: Vec<(CauseKind, u64)> = found.iter().map(|c| (c.kind, c.rows)).collect();
    assert_eq!(
        summary,
        [(CauseKind::Encoding, 7), (CauseKind::Duplicate, 3)]
    );
    assert_eq!(found[0].detail.decoding, Some(Decoding::Utf8AsWindows1252));
    assert_eq!(found[0].patterns.len(), 7);
    assert!(found[0].suggestion.contains("UTF-8 read as Windows-1252"));
    assert!(found[1].patterns.is_empty());
}

#[test]
fn causes_merge_their_details_and_keep_ten_patterns() {
    let shifted: Vec<Pattern> = (1..=12)
        .map(|d| {
            pattern(
                Some(&format!("2024-08-{d:02}")),
                Some(&format!("2024-08-{:02}", d + 1)),
                u64::from(d as u8),
            )
        })
        .collect();
    let found = causes(&shifted, 0, None);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].rows, (1..=12).sum::<u64>());
    assert_eq!(found[0].detail.days, Some(1));
    assert_eq!(found[0].patterns.len(), 10);
    assert_eq!(found[0].patterns[0].rows, 12, "most keys first");
    assert!(found[0].suggestion.contains("+1 day"));

    let mixed = [
        pattern(Some("2024-08-01"), Some("2024-08-02"), 1),
        pattern(Some("2024-08-01"), Some("2024-08-04"), 1),
    ];
    let d = &causes(&mixed, 0, None)[0].detail;
    assert_eq!((d.days, d.days_min, d.days_max), (None, Some(1), Some(3)));

    let cut = [
        pattern(
            Some("Cuisinier en restauration collective"),
            Some("Cuisinier en restauration coll"),
            1,
        ),
        pattern(
            Some("Vendeuse en boulangerie-pâtisserie"),
            Some("Vendeuse en boulangerie-pâtiss"),
            2,
        ),
    ];
    let truncation = &causes(&cut, 0, None)[0];
    assert_eq!(truncation.kind, CauseKind::Truncation);
    assert_eq!(truncation.detail.length, Some(30));
    assert_eq!(truncation.detail.expected_length, Some(36));
    assert!(truncation.suggestion.contains("holds 30 characters"));

    let filled = [
        pattern(None, Some("1900-01-01"), 4),
        pattern(None, Some("1900-01-01"), 2),
    ];
    assert_eq!(
        causes(&filled, 0, None)[0].detail.value.as_deref(),
        Some("1900-01-01")
    );
}

#[test]
fn largest_cause_first_then_precedence() {
    let pairs = [
        pattern(Some("Martin"), Some("Durand"), 2),
        pattern(Some("Martin"), Some("MARTIN"), 2),
        pattern(Some("Moulins"), None, 5),
    ];
    let order: Vec<CauseKind> = causes(&pairs, 1, None).iter().map(|c| c.kind).collect();
    assert_eq!(
        order,
        [
            CauseKind::Emptied,
            CauseKind::Case,
            CauseKind::Other,
            CauseKind::Duplicate
        ]
    );
}

#[test]
fn a_mapping_cause_hands_over_its_table_and_keeps_the_campaign_apart() {
    let codes = vocabulary(&[("prescribed", 415), ("planned", 300), ("refused", 20)]);
    let pairs = [
        pattern(Some("prescribed"), Some("planned"), 412),
        pattern(Some("refused"), Some("planned"), 3),
    ];
    let mut found = causes(&pairs, 0, Some(&codes));
    assert_eq!(found.len(), 1);
    let cause = &mut found[0];
    assert_eq!(cause.kind, CauseKind::Mapping);
    assert_eq!(cause.rows, 415);
    let first = &cause.detail.mapping[0];
    assert_eq!(
        (
            first.expected.as_str(),
            first.delivered.as_str(),
            first.keys,
            first.expected_rows
        ),
        ("prescribed", "planned", 412, Some(415))
    );
    assert!(
        cause
            .suggestion
            .contains("«prescribed» delivered as «planned» for 412 key(s) of 415")
    );
    assert!(
        !cause.suggestion.contains("campaign"),
        "the delivery is fixed, never the expectation"
    );
    let map: BTreeMap<String, String> = [
        ("Prescrit", "prescribed"),
        ("Prévu", "planned"),
        ("Refusé", "refused"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    cause.attach_value_map(&map);
    assert_eq!(cause.detail.mapping[0].source.as_deref(), Some("Prescrit"));
    let campaign = cause.if_campaign_map_wrong.as_deref().expect("apart");
    assert!(
        campaign.contains("\"Prescrit\" = \"prescribed\""),
        "{campaign}"
    );
    assert!(
        !campaign.contains("\"planned\"\""),
        "never proposes the delivered value"
    );
    let json = serde_json::to_value(&*cause).unwrap();
    assert_eq!(json["kind"], "mapping");
    assert_eq!(json["detail"]["mapping"][0]["source"], "Prescrit");
    assert_eq!(json["detail"]["mapping"][0]["delivered"], "planned");
    assert!(json["if_campaign_map_wrong"].is_string());
    let french = campaign_map_check_fr(&cause.detail).unwrap();
    assert!(french.contains("\"Prescrit\" = \"prescribed\""));
}

#[test]
fn the_json_of_a_cause_has_the_contract_fields() {
    let found = causes(
        &[pattern(Some("1980-02-03"), Some("1980-02-02"), 9)],
        0,
        None,
    );
    let json = serde_json::to_value(&found[0]).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "kind": "date_shift",
            "rows": 9,
            "detail": {"days": -1},
            "patterns": [{"expected": "1980-02-03", "migrated": "1980-02-02", "rows": 9}],
            "suggestion": found[0].suggestion,
        })
    );
    let back: Cause = serde_json::from_value(json).unwrap();
    assert_eq!(back, found[0]);
    assert!(!suggestion_fr(CauseKind::DateShift, &found[0].detail).is_empty());
}

#[test]
fn the_code_set_is_asked_for_only_when_it_could_change_a_cause() {
    let explained = [pattern(Some("Martin"), Some("MARTIN"), 3)];
    let asked = std::cell::Cell::new(false);
    let found = causes_with(&explained, 0, |_| {
        asked.set(true);
        Ok::<_, ()>(None)
    })
    .unwrap();
    assert!(!asked.get(), "case comes before mapping");
    assert_eq!(found[0].kind, CauseKind::Case);
    let unexplained = [pattern(Some("prescribed"), Some("planned"), 6)];
    let found = causes_with(&unexplained, 0, |delivered| {
        assert_eq!(delivered, ["planned"], "what a code set would have to hold");
        asked.set(true);
        Ok::<_, ()>(Some(vocabulary(&[("prescribed", 400), ("planned", 300)])))
    })
    .unwrap();
    assert!(asked.get());
    assert_eq!(found[0].kind, CauseKind::Mapping);
    assert_eq!(
        causes_with(&unexplained, 0, |_| Err::<Option<Vocabulary>, _>(
            "no table"
        )),
        Err("no table")
    );
}

#[test]
fn a_known_column_classifies_a_pair_as_its_report_did() {
    let codes = vocabulary(&[("prescribed", 400), ("planned", 300)]);
    let pairs = [
        pattern(Some("prescribed"), Some("planned"), 6),
        pattern(Some("Martin"), Some("MARTIN"), 1),
        pattern(Some("Martin"), Some("Durand"), 1),
    ];
    let found = causes(&pairs, 0, Some(&codes));
    for p in &pairs {
        assert_eq!(
            cause_of(p.expected.as_deref(), p.migrated.as_deref(), &found),
            diagnose(p.expected.as_deref(), p.migrated.as_deref(), Some(&codes)).kind
        );
    }
}

#[test]
fn a_resource_sums_its_columns_causes() {
    let last_name = causes(&[pattern(Some("Émery"), Some("Ã‰mery"), 7)], 3, None);
    let job_title = causes(
        &[pattern(
            Some("Vendeuse en boulangerie"),
            Some("Vendeuse en"),
            5,
        )],
        3,
        None,
    );
    let summed = resource_causes([("last_name", &last_name[..]), ("job_title", &job_title[..])]);
    let got: Vec<(CauseKind, u64, Vec<String>)> = summed
        .into_iter()
        .map(|c| (c.kind, c.rows, c.columns))
        .collect();
    assert_eq!(
        got,
        [
            (CauseKind::Encoding, 7, vec!["last_name".to_string()]),
            (
                CauseKind::Duplicate,
                6,
                vec!["last_name".to_string(), "job_title".to_string()]
            ),
            (CauseKind::Truncation, 5, vec!["job_title".to_string()]),
        ]
    );
}

#[test]
fn headlines_say_what_a_referent_reads() {
    let found = causes(&[pattern(Some("Émery"), Some("Ã‰mery"), 7)], 3, None);
    assert_eq!(
        headline_fr(&found[0]),
        "encodage : UTF-8 lu comme Windows-1252"
    );
    assert_eq!(
        headline_en(&found[0]),
        "encoding: UTF-8 read as Windows-1252"
    );
    assert_eq!(headline_fr(&found[1]), "clés en double");
    let both = causes(&[pattern(Some("Hélène"), Some("HELENE"), 1)], 0, None);
    assert_eq!(headline_en(&both[0]), "case (+ accents)");
    let shifted = causes(
        &[pattern(Some("2026-08-03"), Some("2026-08-04"), 9)],
        0,
        None,
    );
    assert_eq!(headline_fr(&shifted[0]), "date décalée : +1 jour");
}

#[test]
fn long_values_are_diagnosed_in_linear_time() {
    let expected = "é".repeat(20_000);
    let started = std::time::Instant::now();
    assert_eq!(
        decoding(&expected, &"?".repeat(20_000)),
        Some(Decoding::Replaced)
    );
    assert_eq!(
        decoding(&expected, &"?".repeat(40_000)),
        Some(Decoding::Replaced)
    );
    assert_eq!(kind(&expected, &"?".repeat(30_000)), CauseKind::Other);
    let text = "Vendeuse en boulangerie ".repeat(2_000);
    assert_eq!(kind(&text, &text[..30_000]), CauseKind::Truncation);
    assert!(started.elapsed().as_secs() < 2, "{:?}", started.elapsed());
}

#[test]
fn many_pairs_shared_among_threads_are_diagnosed_as_one_by_one() {
    let names = [
        "Grégoire",
        "Hélène",
        "Saint-Pourçain-sur-Sioule",
        "03100",
        "12.50",
    ];
    let delivered = [
        "GrÃ©goire",
        "HELENE",
        "Saint-Pourçain-sur-Si",
        "3100",
        "12.5",
    ];
    let pairs: Vec<Pattern> = (0..20_000)
        .map(|i| {
            let (e, m) = (names[i % 5], delivered[(i / 5) % 5]);
            pattern(Some(&format!("{e}{i}")), Some(&format!("{m}{i}")), 1)
        })
        .collect();
    let refs: Vec<&Pattern> = pairs.iter().collect();
    let shared = aggregate::diagnose_all(&refs);
    assert_eq!(shared.len(), pairs.len());
    for (p, d) in pairs.iter().zip(&shared) {
        let alone = diagnose(p.expected.as_deref(), p.migrated.as_deref(), None);
        assert_eq!(d.kind, alone.kind, "{p:?}");
        assert_eq!(d.detail, alone.detail, "{p:?}");
    }
    // Every kind of the mix shows, so the order of the threads' parts matters.
    let kinds: std::collections::BTreeSet<_> = shared.iter().map(|d| d.kind).collect();
    assert!(kinds.len() >= 4, "{kinds:?}");
}

/// The column of `rows` rows most favourable to a code set that `pairs` allow: each value
/// of the pairs has its pairs' rows, and the most frequent one takes every other row.
fn most_favourable_column(pairs: &[Pattern], rows: u64) -> Vec<(String, u64)> {
    let mut counts: Vec<(String, u64)> = pairs
        .iter()
        .filter_map(|p| Some((p.expected.clone()?, p.rows)))
        .filter(|(v, _)| !is_marker(v))
        .collect();
    let known: u64 = counts.iter().map(|(_, n)| n).sum();
    counts[0].1 += rows - known;
    counts
}

#[test]
fn a_column_is_ruled_out_of_a_code_set_by_its_pairs_exactly_when_no_column_they_allow_has_one() {
    for distinct in [10, 50, 51, 60, 120, 400] {
        // Values of one row each, but the first twenty, of five; a marker and a NULL, which
        // are no codes, must not count.
        let mut pairs: Vec<Pattern> = (0..distinct)
            .map(|i| Pattern {
                expected: Some(format!("v{i}")),
                migrated: Some(format!("w{i}")),
                rows: if i < 20 { 5 } else { 1 },
            })
            .collect();
        for expected in [Some("⟨unmapped: X⟩".to_string()), None] {
            pairs.push(Pattern {
                expected,
                migrated: Some("w".into()),
                rows: 1000,
            });
        }
        let mut ruled_both_ways = [false, false];
        for rows in [500, 1_000, 2_000, 5_000, 20_000, 100_000] {
            let ruled = Vocabulary::ruled_out(&pairs, rows);
            ruled_both_ways[ruled as usize] = true;
            let favourable = most_favourable_column(&pairs, rows);
            assert_eq!(
                Vocabulary::from_counts(favourable, rows).is_none(),
                ruled,
                "{distinct} values in {rows} rows"
            );
            if ruled {
                // `rows` is an upper bound: a shorter column is ruled out as well.
                let shorter = most_favourable_column(&pairs, rows / 2 + 300);
                assert!(Vocabulary::from_counts(shorter, rows / 2 + 300).is_none());
            }
        }
        if distinct > 60 {
            assert_eq!(ruled_both_ways, [true, true], "{distinct} values");
        }
    }
}
