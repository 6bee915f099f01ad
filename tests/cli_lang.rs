//! The command line's human output speaks the user's language (`--lang`, else `lang` in
//! config.toml, else French) with the campaign's labels, and the words of the console: the
//! real binary on a copy of the sample, in French and in English. JSON stays technical.

mod console_support;

use assert_cmd::Command;

struct Sample {
    dir: tempfile::TempDir,
    campaign: std::path::PathBuf,
}

impl Sample {
    /// A copy of the sample with one minor defect on `last_name`.
    fn new() -> Sample {
        let (dir, campaign) = console_support::sample_copy();
        let sample = Sample { dir, campaign };
        sample.run(
            &[
                "defect",
                "new",
                "--resource",
                "employee",
                "--column",
                "last_name",
                "--key",
                "200346",
                "--severity",
                "mineure",
                "--title",
                "Nom mal encodé",
            ],
            None,
        );
        sample
    }

    /// `recette ARGS` with `--lang LANG` when given; stdout (the exit code is the
    /// command's: a NO-GO or a failing check is not an error here).
    fn run(&self, args: &[&str], lang: Option<&str>) -> String {
        let mut cmd = Command::cargo_bin("recette").unwrap();
        cmd.env("RECETTE_CACHE_DIR", self.dir.path().join("cache"))
            .env("RECETTE_CONFIG_DIR", self.dir.path().join("config"))
            .env("RECETTE_USER", "Marie Dupont")
            .arg("-c")
            .arg(&self.campaign);
        if let Some(lang) = lang {
            cmd.args(["--lang", lang]);
        }
        let out = cmd.args(args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {stderr}"
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

/// Words that must not be in French output (the campaign's data aside).
const ENGLISH: [&str; 12] = [
    "open",
    "fixed",
    "differing",
    "missing",
    "unexpected",
    "delivery",
    "resource",
    "severity",
    "verdict:",
    "defects",
    "checklist",
    "Sévérité",
];

fn says_no_english(what: &str, text: &str) {
    for word in ENGLISH {
        let found = text
            .split(|c: char| c.is_whitespace() || "│┆(),;".contains(c))
            .any(|w| w.eq_ignore_ascii_case(word));
        assert!(!found, "{what} says `{word}`:\n{text}");
    }
}

#[test]
fn the_human_output_is_french_by_default_with_labels_and_plurals() {
    let s = Sample::new();
    let check = s.run(&["check"], None);
    for said in [
        "livraison L2",
        "Salariés",
        "Nom (last_name)",
        "En écart",
        "Vérifications automatiques tenues : 15 sur 18",
        "écarts sur Poste = 5",
        "verdict : ÉCHEC",
    ] {
        assert!(check.contains(said), "check: no {said:?}:\n{check}");
    }
    assert!(!check.contains("differing(\""), "{check}");
    let status = s.run(&["status"], Some("fr"));
    for said in [
        "Vérifications",
        "Anomalies : mineure — 1 ouverte",
        "Salariés L1 → L2 : inattendus — 2 corrigés ; en écart — 3 corrigés, 12 persistants",
        "NO-GO pour la bascule (livraison L2) — non signées : Adhérents (entreprises)",
    ] {
        assert!(status.contains(said), "status: no {said:?}:\n{status}");
    }
    says_no_english("status", &status);
    let defects = s.run(&["defects"], None);
    for said in ["Gravité", "mineure", "ouverte", "Salariés", "À examiner"] {
        assert!(defects.contains(said), "defects: no {said:?}:\n{defects}");
    }
    says_no_english("defects", &defects);
}

#[test]
fn the_human_output_is_english_with_lang_en_or_the_settings_and_json_stays_technical() {
    let s = Sample::new();
    let check = s.run(&["check"], Some("en"));
    for said in [
        "delivery L2",
        "Salariés",
        "Nom (last_name)",
        "Differing",
        "Automated checklist items holding: 15 of 18",
        "differences in Poste = 5",
        "verdict: FAIL",
    ] {
        assert!(check.contains(said), "check: no {said:?}:\n{check}");
    }
    let status = s.run(&["status"], Some("en"));
    for said in [
        "Checklist",
        "Defects: minor — 1 open",
        "NO-GO for the switch-over (delivery L2) — not signed off: Adhérents (entreprises)",
    ] {
        assert!(status.contains(said), "status: no {said:?}:\n{status}");
    }
    let defects = s.run(&["defects"], Some("en"));
    assert!(
        defects.contains("Severity") && defects.contains("minor") && defects.contains("open"),
        "{defects}"
    );

    // The settings' language, and the flag over it.
    let config = s.dir.path().join("config");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(config.join("config.toml"), "lang = \"en\"\n").unwrap();
    assert!(s.run(&["status"], None).contains("Defects: minor — 1 open"));
    assert!(
        s.run(&["status"], Some("fr"))
            .contains("Anomalies : mineure — 1 ouverte")
    );

    // JSON is for scripts: technical names and spellings, in any language.
    let json = s.run(&["check", "--format", "json"], Some("fr"));
    let report: serde_json::Value = serde_json::from_str(&json).unwrap();
    let employee = report["resources"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["name"] == "employee")
        .unwrap();
    assert!(
        employee["columns"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["name"] == "last_name")
    );
    let items = report["checklist"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|i| i["measured"] == "differing(\"job_title\") = 5"),
        "{json}"
    );
}
