//! Nothing from data reaches a terminal raw (issue 9 §2): every control and invisible
//! character — C0, DEL, C1, the zero-width and direction marks, the bidirectional
//! embeddings, overrides and isolates, the word joiner, the BOM — is fed through the
//! campaign name, a resource label, a checklist label, a source header, a compared column's
//! name, source and migrated values, a key, a defect's title and description, a verdict's
//! comment, the author and the arguments, then through every command and export. What is
//! written for a person shows them escaped (`\x1b`, `\u{202e}`); CSV, XLSX and JSON values
//! stay exact (JSON writes C1 as `\u009b`), and the keys `recette keys` prints round-trip
//! into `--key`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

mod console_support;

/// Every character shown escaped, with what a person sees instead (written here by hand,
/// not computed by the function under test).
const SHOWN: [(char, &str); 30] = [
    ('\u{0}', "\\x00"),
    ('\u{1}', "\\x01"),
    ('\u{7}', "\\x07"),
    ('\u{8}', "\\x08"),
    ('\t', "\\t"),
    ('\n', "\\n"),
    ('\r', "\\r"),
    ('\u{1b}', "\\x1b"),
    ('\u{1f}', "\\x1f"),
    ('\u{7f}', "\\x7f"),
    ('\u{80}', "\\x80"),
    ('\u{9b}', "\\x9b"),
    ('\u{9d}', "\\x9d"),
    ('\u{9f}', "\\x9f"),
    ('\u{200b}', "\\u{200b}"),
    ('\u{200c}', "\\u{200c}"),
    ('\u{200d}', "\\u{200d}"),
    ('\u{200e}', "\\u{200e}"),
    ('\u{200f}', "\\u{200f}"),
    ('\u{202a}', "\\u{202a}"),
    ('\u{202b}', "\\u{202b}"),
    ('\u{202c}', "\\u{202c}"),
    ('\u{202d}', "\\u{202d}"),
    ('\u{202e}', "\\u{202e}"),
    ('\u{2060}', "\\u{2060}"),
    ('\u{2066}', "\\u{2066}"),
    ('\u{2067}', "\\u{2067}"),
    ('\u{2068}', "\\u{2068}"),
    ('\u{2069}', "\\u{2069}"),
    ('\u{feff}', "\\u{feff}"),
];

/// The characters of `SHOWN` kept by `keep`, each followed by `¦` (so each one's escape is
/// found on its own).
fn payload(keep: impl Fn(char) -> bool) -> String {
    SHOWN
        .iter()
        .filter(|(c, _)| keep(*c))
        .flat_map(|(c, _)| [*c, '¦'])
        .collect()
}

/// Everything: for TOML strings (the campaign name, labels).
fn all() -> String {
    payload(|_| true)
}

/// Everything but NUL: for files read as CSV and for arguments (which cannot hold NUL).
fn data() -> String {
    payload(|c| c != '\0')
}

/// For a header cell: no NUL and no line break.
fn header() -> String {
    payload(|c| !matches!(c, '\0' | '\n' | '\r'))
}

/// `text` as a person should see it, by the table above.
fn shown(text: &str) -> String {
    text.chars()
        .map(|c| match SHOWN.iter().find(|(h, _)| *h == c) {
            Some((_, s)) => s.to_string(),
            None => c.to_string(),
        })
        .collect()
}

/// A TOML basic string holding `text`.
fn toml(text: &str) -> String {
    let inner: String = text
        .chars()
        .map(|c| match c {
            '"' | '\\' => format!("\\{c}"),
            c if SHOWN.iter().any(|(h, _)| *h == c) => format!("\\u{:04X}", c as u32),
            c => c.to_string(),
        })
        .collect();
    format!("\"{inner}\"")
}

/// A CSV field, quoted.
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\"\""))
}

/// Text for a person: not one of the characters raw (but line breaks recette writes
/// itself), and each of `expected` present.
fn for_people(what: &str, text: &str, expected: &[String]) {
    for (c, _) in SHOWN.iter().filter(|(c, _)| *c != '\n') {
        assert!(
            !text.contains(*c),
            "{what}: U+{:04X} raw in {text:?}",
            *c as u32
        );
    }
    for e in expected {
        assert!(text.contains(e.as_str()), "{what}: no {e:?} in\n{text}");
    }
}

/// JSON text: C1, DEL and invisible characters escaped as `\u009b`... (C0 as JSON does).
fn json_text(what: &str, text: &str) -> serde_json::Value {
    for_people(what, text, &[]);
    for escaped in [
        "\\u001b", "\\u007f", "\\u009b", "\\u009d", "\\u202e", "\\ufeff",
    ] {
        assert!(text.contains(escaped), "{what}: no {escaped} in\n{text}");
    }
    serde_json::from_str(text).unwrap_or_else(|e| panic!("{what}: {e}\n{text}"))
}

struct Hostile {
    dir: tempfile::TempDir,
    campaign: PathBuf,
}

const NAME: &str = "SSTI03 ";
const KEY_PREFIX: &str = "99";

impl Hostile {
    /// The sample, with the characters in every place a person later reads them.
    fn new() -> Hostile {
        let (dir, campaign) = console_support::sample_copy();
        let root = campaign.parent().unwrap().to_path_buf();
        let text = fs::read_to_string(&campaign).unwrap();
        let text = text
            .replacen(
                "name = \"SSTI03 — reprise préventiel vers padoa\"",
                &format!("name = {}", toml(&format!("{NAME}{}", all()))),
                1,
            )
            .replacen(
                "label = \"Adhérents (entreprises)\"",
                &format!("label = {}", toml(&format!("Adhérents {}", all()))),
                1,
            )
            .replacen(
                "joined_on = { from = \"date_adhesion\", date = \"%d/%m/%Y\" }",
                &format!(
                    "joined_on = {{ from = \"date_adhesion\", date = \"%d/%m/%Y\" }}\n{} = {{ from = {} }}",
                    toml(&format!("x{}", header())),
                    toml(&format!("extra{}", header()))
                ),
                1,
            );
        fs::write(&campaign, text).unwrap();
        let checklist = root.join("checklist.toml");
        let text = fs::read_to_string(&checklist).unwrap().replacen(
            "label = \"Effectifs des adhérents\"",
            &format!("label = {}", toml(&format!("Effectifs {}", all()))),
            1,
        );
        fs::write(&checklist, text).unwrap();
        // The source: a header and a value (`;`, UTF-8 with a BOM).
        add_column(
            &root.join("source/adherents.csv"),
            ';',
            &format!("extra{}", header()),
            |line| line.starts_with("10001;").then(|| format!("s{}", data())),
        );
        // Both deliveries carry the compared column; L2 differs on 10001 and holds an
        // unexpected key.
        for delivery in ["L1", "L2"] {
            let migrated = if delivery == "L2" { "m" } else { "s" };
            add_column(
                &root.join(format!("deliveries/{delivery}/firm.csv")),
                ',',
                &format!("x{}", header()),
                |line| {
                    line.starts_with("10001,")
                        .then(|| format!("{migrated}{}", data()))
                },
            );
        }
        let l2 = root.join("deliveries/L2/firm.csv");
        let mut text = fs::read_to_string(&l2).unwrap();
        let fields = [
            quoted(&key()),
            "Fantôme".into(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
            "L2".into(),
            String::new(),
        ];
        text.push_str(&format!("{}\n", fields.join(",")));
        fs::write(&l2, text).unwrap();
        Hostile { dir, campaign }
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::cargo_bin("recette")
            .unwrap()
            .env("RECETTE_CACHE_DIR", self.dir.path().join("cache"))
            .env("RECETTE_USER", format!("Zoé{}", data()))
            .arg("-c")
            .arg(&self.campaign)
            .args(args)
            .output()
            .unwrap()
    }

    /// Runs `args`, expects `code`, checks stderr is for people; returns stdout.
    fn stdout(&self, args: &[&str], code: i32) -> String {
        let out = self.run(args);
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        for_people(&format!("stderr of {args:?}"), &stderr, &[]);
        String::from_utf8(out.stdout).unwrap()
    }

    fn root(&self) -> &Path {
        self.campaign.parent().unwrap()
    }
}

/// The unexpected key of L2.
fn key() -> String {
    format!("{KEY_PREFIX}{}", data())
}

/// Appends a column to a CSV file: its quoted name on the header line, `value` (quoted) or
/// an empty field on each other line.
fn add_column(file: &Path, delimiter: char, name: &str, value: impl Fn(&str) -> Option<String>) {
    let text = fs::read_to_string(file).unwrap();
    let mut out = String::new();
    for (n, line) in text.lines().enumerate() {
        let extra = match n {
            0 => quoted(name),
            _ => value(line).map(|v| quoted(&v)).unwrap_or_default(),
        };
        out.push_str(&format!("{line}{delimiter}{extra}\n"));
    }
    fs::write(file, out).unwrap();
}

#[test]
fn every_command_shows_hidden_characters_escaped() {
    let h = Hostile::new();
    let column = format!("x{}", header());
    let name = format!("{NAME}{}", all());

    let check = h.stdout(&["check", "--delivery", "L2"], 1);
    for_people(
        "check",
        &check,
        &[
            shown(&name),
            shown(&column),
            shown(&format!("«s{}» → «m{}»", data(), data())),
        ],
    );

    let json = h.stdout(&["check", "--delivery", "L2", "--format", "json"], 1);
    let v = json_text("check --format json", &json);
    assert_eq!(v["campaign"], name.as_str());
    let firm = &v["resources"][0];
    assert_eq!(firm["name"], "firm");
    let x = firm["columns"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["name"] == column.as_str())
        .expect("the column, its name exact");
    assert_eq!(
        x["patterns"][0]["migrated"],
        format!("m{}", data()).as_str()
    );

    // `keys` to a pipe: exact CSV, which `--key` reads back.
    let keys = h.stdout(
        &[
            "keys",
            "--resource",
            "firm",
            "--category",
            "unexpected",
            "--delivery",
            "L2",
        ],
        0,
    );
    let mut reader = csv::Reader::from_reader(keys.as_bytes());
    assert_eq!(reader.headers().unwrap(), vec!["source_id"]);
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 1, "{keys:?}");
    assert_eq!(&records[0][0], key().as_str(), "exact, not escaped");
    let mut line = csv::Writer::from_writer(Vec::new());
    line.write_record(&records[0]).unwrap();
    let line = String::from_utf8(line.into_inner().unwrap()).unwrap();
    let printed = keys.split_once('\n').unwrap().1;
    assert_eq!(printed, line, "the CSV as `keys` printed it");
    let arg = line.strip_suffix('\n').unwrap();
    let record = h.stdout(
        &[
            "record",
            "--resource",
            "firm",
            "--key",
            arg,
            "--delivery",
            "L2",
        ],
        0,
    );
    for_people(
        "record of the unexpected key",
        &record,
        &[
            shown(&key()),
            "absent de la source".into(),
            "Fantôme".into(),
        ],
    );
    let differing = h.stdout(
        &[
            "keys",
            "--resource",
            "firm",
            "--category",
            "differing",
            "--column",
            &column,
            "--delivery",
            "L2",
        ],
        0,
    );
    assert_eq!(differing, "source_id\n10001\n");

    let record = h.stdout(
        &[
            "record",
            "--resource",
            "firm",
            "--key",
            "10001",
            "--delivery",
            "L2",
        ],
        0,
    );
    for_people(
        "record",
        &record,
        &[
            shown(&column),
            shown(&format!("extra{}=s{}", header(), data())),
            shown(&format!("m{}", data())),
        ],
    );

    let title = format!("T{}", data());
    let description = format!("D{}", data());
    let comment = format!("C{}", data());
    h.stdout(
        &[
            "defect",
            "new",
            "--resource",
            "firm",
            "--key",
            "10001",
            "--column",
            &column,
            "--severity",
            "majeure",
            "--title",
            &title,
            "--description",
            &description,
            "--delivery",
            "L2",
        ],
        0,
    );
    h.stdout(
        &[
            "verdict",
            "--resource",
            "firm",
            "--item",
            "firm-headcount",
            "--set",
            "ko",
            "--comment",
            &comment,
            "--delivery",
            "L2",
        ],
        0,
    );

    let defects = h.stdout(&["defects"], 0);
    for_people("defects", &defects, &[shown(&title)]);
    let defects = h.stdout(&["defects", "--format", "json"], 0);
    let v = json_text("defects --format json", &defects);
    assert_eq!(v["defects"][0]["title"], title.as_str());
    assert_eq!(v["defects"][0]["description"], description.as_str());

    let journal = h.stdout(&["journal"], 0);
    // The details column is the entry's JSON: its text escapes, shown as such.
    for_people(
        "journal",
        &journal,
        &[
            shown(&format!("Zoé{}", data())),
            "C\\u0001¦\\u0007¦\\b¦\\t¦\\n¦\\r¦\\u001b¦".into(),
            "\\x9b¦\\x9d¦\\x9f¦\\u{200b}".into(),
        ],
    );
    let journal = h.stdout(&["journal", "--format", "json"], 0);
    let v = json_text("journal --format json", &journal);
    assert_eq!(v[1]["payload"]["comment"], comment.as_str());

    let status = h.stdout(&["status", "--delivery", "L2"], 1);
    for_people(
        "status",
        &status,
        &[shown(&name), shown(&format!("Adhérents {}", all()))],
    );
    let status = h.stdout(&["status", "--delivery", "L2", "--format", "json"], 1);
    let v = json_text("status --format json", &status);
    assert_eq!(v["campaign"], name.as_str());

    // `sample` prints keys as `keys` does; on the terminal it is the one that escapes.
    let drawn = h.stdout(
        &[
            "sample",
            "--resource",
            "firm",
            "--item",
            "firm-sample",
            "--delivery",
            "L2",
        ],
        0,
    );
    assert!(drawn.starts_with("source_id\n"), "{drawn}");
}

#[test]
fn exports_escape_for_people_and_keep_values_for_programs() {
    let h = Hostile::new();
    let title = format!("T{}", data());
    let comment = format!("C{}", data());
    h.stdout(
        &[
            "defect",
            "new",
            "--resource",
            "firm",
            "--key",
            "10001",
            "--severity",
            "majeure",
            "--title",
            &title,
            "--delivery",
            "L2",
        ],
        0,
    );
    h.stdout(
        &[
            "verdict",
            "--resource",
            "firm",
            "--item",
            "firm-headcount",
            "--set",
            "ko",
            "--comment",
            &comment,
            "--delivery",
            "L2",
        ],
        0,
    );
    let out = h.dir.path().join("out");
    fs::create_dir_all(&out).unwrap();
    let path = |name: &str| out.join(name).display().to_string();

    h.stdout(&["export", "--format", "md", "--out", &path("r.md")], 0);
    let md = fs::read_to_string(out.join("r.md")).unwrap();
    // In a Markdown table cell a line break is `<br>`, the rest as on a terminal.
    let in_cell = |text: &str| shown(&text.replace('\r', "\n")).replace("\\n", "<br>");
    for_people(
        "markdown",
        &md,
        &[
            shown(&format!("{NAME}{}", all()).replace(['\n', '\r'], " ")),
            in_cell(&format!("Adhérents {}", all())),
            in_cell(&title),
            in_cell(&comment),
            in_cell(&format!("Effectifs {}", all())),
        ],
    );

    h.stdout(&["export", "--format", "json", "--out", &path("r.json")], 0);
    let text = fs::read_to_string(out.join("r.json")).unwrap();
    let v = json_text("JSON export", &text);
    assert_eq!(v["campaign"], format!("{NAME}{}", all()).as_str());
    assert_eq!(v["defects"][0]["title"], title.as_str());
    let comments: Vec<&str> = v["checklist"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["comment"].as_str())
        .collect();
    assert!(comments.contains(&comment.as_str()), "{comments:?}");

    h.stdout(&["export", "--format", "csv", "--out", &path("csv")], 0);
    let mut every = String::new();
    for entry in fs::read_dir(out.join("csv")).unwrap() {
        every.push_str(&fs::read_to_string(entry.unwrap().path()).unwrap_or_default());
    }
    assert!(every.contains(&title), "CSV values stay exact");
    assert!(every.contains(&comment), "CSV values stay exact");

    h.stdout(&["export", "--format", "xlsx", "--out", &path("r.xlsx")], 0);
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(out.join("r.xlsx")).unwrap();
    let mut cells = Vec::new();
    for sheet in book.sheet_names() {
        let range = book.worksheet_range(&sheet).unwrap();
        cells.extend(range.cells().map(|(_, _, c)| c.to_string()));
    }
    assert!(
        cells.iter().any(|c| c == &title),
        "the title, exact, in the workbook"
    );
}

#[test]
fn errors_show_arguments_files_and_headers_escaped() {
    let h = Hostile::new();
    let evil = data();

    // An argument echoed by recette's own error.
    let out = h.run(&["check", "--delivery", &format!("L9{evil}")]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for_people("unknown delivery", &stderr, &[shown(&format!("L9{evil}"))]);

    // An argument echoed by clap (line breaks in its message are clap's to keep).
    let category = format!("x{}", header());
    let out = h.run(&["keys", "--resource", "firm", "--category", &category]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for_people("usage error", &stderr, &[shown(&category)]);

    // A file's header, as read, in the message of a column it lacks.
    let campaign = fs::read_to_string(&h.campaign).unwrap();
    fs::write(
        &h.campaign,
        campaign.replacen("name = \"raison_sociale\"", "name = \"raison\"", 1),
    )
    .unwrap();
    let out = h.run(&["check", "--resource", "firm"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    for_people(
        "header as read",
        &stderr,
        &["raison".into(), shown(&format!("extra{}", header()))],
    );
    fs::write(&h.campaign, &campaign).unwrap();

    // A UTF-16 file and a gzip file where a CSV was expected: no NUL, no 0x1F on stderr.
    let source = h.root().join("source/adherents.csv");
    let text = fs::read_to_string(&source).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut gzip = vec![0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03];
    gzip.extend(b"\x1b[2J\x01\x02\x1f\x00\x00 and then some bytes\n");
    for (what, bytes) in [("UTF-16", utf16), ("gzip", gzip)] {
        fs::write(&source, bytes).unwrap();
        let out = h.run(&["check", "--resource", "firm"]);
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
        for_people(what, &stderr, &[]);
    }
}
