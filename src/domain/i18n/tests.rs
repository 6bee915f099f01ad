use super::*;

/// Every template of a language by its key.
fn entries(lang: Lang) -> Vec<(String, &'static str)> {
    lang.catalogue().entries()
}

#[test]
fn every_key_is_in_both_languages_and_none_is_empty() {
    let keys: Vec<String> = Catalogue::KEYS.iter().map(|k| k.to_string()).collect();
    for lang in Lang::ALL {
        let entries = entries(lang);
        let named: Vec<String> = entries
            .iter()
            .map(|(k, _)| k.trim_end_matches('+').to_string())
            .collect();
        let mut distinct = named.clone();
        distinct.dedup();
        assert_eq!(distinct, keys, "{lang:?}");
        for (key, text) in &entries {
            assert!(!text.trim().is_empty(), "{lang:?} `{key}` is empty");
        }
        assert_eq!(lang.catalogue().lang, lang);
    }
}

#[test]
fn every_template_has_the_same_placeholders_in_both_languages() {
    let placeholders = |text: &str| text.matches("{}").count();
    let (fr, en) = (entries(Lang::Fr), entries(Lang::En));
    assert_eq!(fr.len(), en.len());
    for ((key, fr), (_, en)) in fr.iter().zip(&en) {
        assert_eq!(
            placeholders(fr),
            placeholders(en),
            "`{key}`: « {fr} » / “{en}”"
        );
    }
    // The two forms of a plural take the same arguments.
    for lang in Lang::ALL {
        let entries = entries(lang);
        for pair in entries.windows(2) {
            let [(one, a), (other, b)] = pair else {
                unreachable!()
            };
            if other == &format!("{one}+") {
                assert_eq!(placeholders(a), placeholders(b), "{lang:?} `{one}`");
            }
        }
    }
}

/// Words that once slipped into French output ("mineure (1 open)", "differing : 2
/// corrigés"), and *Sévérité* and *Points* where *Gravité* and *Vérifications* are the
/// terms.
const NOT_FRENCH: [&str; 24] = [
    "open",
    "fixed",
    "verified",
    "rejected",
    "reopened",
    "differing",
    "missing",
    "unexpected",
    "excluded",
    "identical",
    "delivery",
    "resource",
    "checklist",
    "severity",
    "items",
    "rows",
    "record",
    "failed",
    "error",
    "blocking",
    "major",
    "minor",
    "points",
    "sévérité",
];

/// The words of `text` that French output must not say (names of SQL tables and options
/// are code, not words).
fn not_french(text: &str) -> Vec<&str> {
    text.split(|c: char| !c.is_alphanumeric() && c != '-' && c != '_')
        .filter(|w| !w.contains('_') && !w.starts_with("--"))
        .filter(|w| NOT_FRENCH.contains(&w.to_lowercase().as_str()))
        .collect()
}

#[test]
fn french_says_no_english_word() {
    assert_eq!(not_french("mineure (1 open)"), ["open"]);
    assert_eq!(not_french("differing : 2 corrigés"), ["differing"]);
    assert_eq!(not_french("Sévérité"), ["Sévérité"]);
    for (key, text) in entries(Lang::Fr) {
        assert!(not_french(text).is_empty(), "`{key}`: « {text} »");
    }
}

#[test]
fn plurals_follow_each_language() {
    let fr = Lang::Fr.catalogue();
    assert_eq!(fr.count(fr.n_unexpected, 0u64), "0 inattendu");
    assert_eq!(fr.count(fr.n_unexpected, 1u64), "1 inattendu");
    assert_eq!(fr.count(fr.n_unexpected, 2u64), "2 inattendus");
    let en = Lang::En.catalogue();
    assert_eq!(en.count(en.n_rows, 0u64), "0 rows");
    assert_eq!(en.count(en.n_rows, 1u64), "1 row");
    assert_eq!(
        fr.plural(fr.record_note, 3u64, &["7", "3", "12"]),
        "7 : 3 colonnes sur 12 diffèrent"
    );
}

#[test]
fn templates_numbers_and_lists() {
    assert_eq!(fill("{} sur {}", &["3", "8"]), "3 sur 8");
    assert_eq!(fill("a{}", &[]), "a");
    let (fr, en) = (Lang::Fr.catalogue(), Lang::En.catalogue());
    assert_eq!(fr.number(0.001), "0,001");
    assert_eq!(en.number(0.001), "0.001");
    assert_eq!(fr.number(12.0), "12");
    let items = ["a".to_string(), "b".to_string(), "c".to_string()];
    assert_eq!(fr.list(&items), "a, b et c");
    assert_eq!(en.list(&items[..2]), "a and b");
}

#[test]
fn the_flag_wins_over_the_setting_which_wins_over_french() {
    assert_eq!(Lang::choose(None, None), Lang::Fr);
    assert_eq!(Lang::choose(None, Some("en")), Lang::En);
    assert_eq!(Lang::choose(Some("fr"), Some("en")), Lang::Fr);
    assert_eq!(Lang::choose(Some("de"), None), Lang::Fr);
}
