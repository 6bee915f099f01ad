//! Files that are not what the campaign says, and odd-but-real legacy shapes, through the
//! real binary: each fixture is generated here and named after its edge case.

use std::fs;
use std::path::Path;

use assert_cmd::Command;

/// A campaign in a temp folder: `source/<source>` and `L1/employee.csv`.
struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new(campaign: &str, source_name: &str, source: &[u8], migrated: &[u8]) -> Case {
        let dir = tempfile::tempdir().unwrap();
        fs::create_dir_all(dir.path().join("source")).unwrap();
        fs::create_dir_all(dir.path().join("L1")).unwrap();
        fs::write(dir.path().join("source").join(source_name), source).unwrap();
        fs::write(dir.path().join("L1/employee.csv"), migrated).unwrap();
        fs::write(
            dir.path().join("campaign.toml"),
            campaign.replace("SOURCE_FILE", source_name),
        )
        .unwrap();
        Case { dir }
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("recette").unwrap();
        cmd.env("RECETTE_CACHE_DIR", self.dir.path().join("cache"))
            .args(["--lang", "en"])
            .arg("-c")
            .arg(self.dir.path().join("campaign.toml"));
        cmd
    }

    /// `check --format json`: the exit code, the report and stderr.
    fn check(&self) -> (i32, serde_json::Value, String) {
        let out = self
            .cmd()
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let code = out.status.code().unwrap();
        let report = if out.stdout.is_empty() {
            serde_json::Value::Null
        } else {
            serde_json::from_slice(&out.stdout).unwrap()
        };
        (code, report, stderr)
    }

    /// `check` fails with exit 2, nothing on stdout, and stderr holds every needle.
    fn refused(&self, needles: &[&str]) -> String {
        let (code, report, stderr) = self.check();
        assert_eq!(code, 2, "{stderr}");
        assert!(report.is_null(), "nothing on stdout: {report}");
        for n in needles {
            assert!(stderr.contains(n), "stderr lacks {n:?}: {stderr}");
        }
        assert!(
            !stderr.contains('\0') && !stderr.contains('\u{1f}'),
            "no raw byte of the file on stderr: {stderr:?}"
        );
        stderr
    }
}

const CAMPAIGN: &str = r#"
name = "odd"
[source]
dir = "source"
[[delivery]]
id = "L1"
dir = "L1"
[[resource]]
name = "employee"
source = "SOURCE_FILE"
migrated = "employee.csv"
key = ["id"]
[resource.columns]
id = "id"
nom = "nom"
"#;

const MIGRATED: &[u8] = "id,nom\n1,Cœur\n2,Dupont\n".as_bytes();

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = if bom { vec![0xff, 0xfe] } else { Vec::new() };
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    bytes
}

#[test]
fn utf16_read_as_utf8_says_to_declare_it() {
    let text = "id,nom\r\n1,Cœur\r\n2,Dupont\r\n";
    for (case_name, bom) in [("utf16le_bom.csv", true), ("utf16le_no_bom.csv", false)] {
        let case = Case::new(CAMPAIGN, case_name, &utf16le(text, bom), MIGRATED);
        let stderr = case.refused(&[case_name, "this file is UTF-16: set encoding = \"utf-16\""]);
        assert!(!stderr.contains("is not a column"), "{stderr}");
        // Declared, the same file is read.
        let declared = CAMPAIGN.replace(
            "dir = \"source\"",
            "dir = \"source\"\nencoding = \"utf-16\"",
        );
        fs::write(
            case.dir.path().join("campaign.toml"),
            declared.replace("SOURCE_FILE", case_name),
        )
        .unwrap();
        let (code, report, stderr) = case.check();
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(report["resources"][0]["matched_keys"], 2);
    }
    // Big-endian, with its BOM, declared UTF-16: read too.
    let mut be = vec![0xfe, 0xff];
    be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let declared = CAMPAIGN.replace(
        "dir = \"source\"",
        "dir = \"source\"\nencoding = \"utf-16\"",
    );
    let case = Case::new(&declared, "utf16be_bom.csv", &be, MIGRATED);
    let (code, report, stderr) = case.check();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["resources"][0]["identical_rows"], 2);
}

/// A real Excel workbook, written with the library the exports use.
fn xlsx_bytes(dir: &Path) -> Vec<u8> {
    let path = dir.join("book.xlsx");
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write_string(0, 0, "id").unwrap();
    sheet.write_string(0, 1, "nom").unwrap();
    sheet.write_number(1, 0, 1).unwrap();
    sheet.write_string(1, 1, "Cœur").unwrap();
    book.save(&path).unwrap();
    fs::read(path).unwrap()
}

/// A real Parquet file, written by DuckDB.
fn parquet_bytes(dir: &Path) -> Vec<u8> {
    let path = dir.join("data.parquet");
    duckdb::Connection::open_in_memory()
        .unwrap()
        .execute_batch(&format!(
            "COPY (SELECT '1' AS id, 'Cœur' AS nom) TO '{}' (FORMAT parquet)",
            path.display()
        ))
        .unwrap();
    fs::read(path).unwrap()
}

#[test]
fn binary_content_in_a_csv_is_named_by_its_format() {
    let scratch = tempfile::tempdir().unwrap();
    // gzip's header (magic, deflate, no flags), then a deflated body.
    let gzip = [
        &[0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03][..],
        &[0xcb, 0x4c, 0xd1, 0xc9, 0xcb, 0xcf, 0xe5, 0x02, 0x00][..],
    ]
    .concat();
    let zip = b"PK\x03\x04\x14\x00\x00\x00\x08\x00\x00\x00!\x00salaries.csv\x00\x00".to_vec();
    let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    let cases = [
        (
            "gzip_named_csv.csv",
            gzip,
            "file is gzip-compressed: decompress it",
        ),
        ("zip_named_csv.csv", zip, "file is a zip archive"),
        (
            "xlsx_named_csv.csv",
            xlsx_bytes(scratch.path()),
            "file is an Excel workbook (.xlsx",
        ),
        (
            "parquet_named_csv.csv",
            parquet_bytes(scratch.path()),
            "file is Parquet, not CSV",
        ),
        ("pdf_named_csv.csv", pdf, "file is a PDF document"),
    ];
    for (name, bytes, message) in cases {
        let case = Case::new(CAMPAIGN, name, &bytes, MIGRATED);
        case.refused(&[name, message]);
        // The same content as a delivery.
        let case = Case::new(CAMPAIGN, "ok.csv", b"id,nom\n1,C\n", &bytes);
        case.refused(&["employee.csv", message]);
    }
    // A Parquet file named `.parquet` is still read.
    let case = Case::new(
        CAMPAIGN,
        "real.parquet",
        &parquet_bytes(scratch.path()),
        MIGRATED,
    );
    let (code, report, stderr) = case.check();
    assert_eq!(
        (code, &report["resources"][0]["matched_keys"]),
        (1, &1.into()),
        "{stderr}"
    );
}

#[test]
fn a_resource_without_a_key_is_named() {
    let case = Case::new(
        &CAMPAIGN.replace("key = [\"id\"]\n", ""),
        "s.csv",
        b"id,nom\n1,C\n",
        MIGRATED,
    );
    let stderr = case.refused(&["campaign.toml", "resource `employee`", "has no `key`"]);
    assert!(!stderr.contains("line "), "{stderr}");
}

fn notices(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains("notice:")).collect()
}

#[test]
fn a_delimiter_at_the_end_of_every_line_is_read_with_one_notice() {
    let semicolons = CAMPAIGN.replace("dir = \"source\"", "dir = \"source\"\ndelimiter = \";\"");
    let source = b"id;nom;\r\n1;C\xc5\x93ur;\r\n2;Dupond;\r\n3;;\r\n";
    let case = Case::new(
        &semicolons,
        "sqlplus_trailing_delimiter.csv",
        source,
        MIGRATED,
    );
    let (code, report, stderr) = case.check();
    assert_eq!(code, 1, "{stderr}");
    let r = &report["resources"][0];
    assert_eq!(
        (
            &r["source_rows"],
            &r["matched_keys"],
            &r["identical_rows"],
            &r["missing_rows"]
        ),
        (&3.into(), &2.into(), &1.into(), &1.into()),
        "{r}"
    );
    assert_eq!(r["unmapped_migrated_columns"], serde_json::json!([]));
    let found = notices(&stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert!(
        found[0].contains("sqlplus_trailing_delimiter.csv, line 1")
            && found[0].contains("ends with the delimiter \";\""),
        "{stderr}"
    );
    // A stored result says it again.
    assert_eq!(notices(&case.check().2).len(), 1);

    // Held to its own shape: a line without the trailing delimiter, a value after it.
    let missing = "id;nom;\r\n1;Cœur;\r\n2;Dupond\r\n".as_bytes();
    let case = Case::new(
        &semicolons,
        "trailing_delimiter_missing.csv",
        missing,
        MIGRATED,
    );
    case.refused(&[
        "trailing_delimiter_missing.csv",
        "line 3",
        "2 fields where the header has 3",
    ]);
    let extra = "id;nom;\r\n1;Cœur;\r\n2;Dupond;x\r\n".as_bytes();
    let case = Case::new(&semicolons, "trailing_delimiter_value.csv", extra, MIGRATED);
    case.refused(&["trailing_delimiter_value.csv", "line 3", "names no column"]);
}

#[test]
fn an_unnamed_header_column_is_named_after_its_position() {
    let campaign = CAMPAIGN.replace("nom = \"nom\"", "nom = \"column2\"");
    let source = "id,,prenom\n1,Cœur,Jeanne\n2,Dupont,Paul\n";
    let case = Case::new(
        &campaign,
        "empty_header_name.csv",
        source.as_bytes(),
        MIGRATED,
    );
    let (code, report, stderr) = case.check();
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(report["resources"][0]["identical_rows"], 2);
    let found = notices(&stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert!(
        found[0].contains("empty_header_name.csv, line 1: column 2 of the header has no name")
            && found[0].contains("`column2`"),
        "{stderr}"
    );
    // Its name taken by another column, it takes a suffix.
    let campaign = CAMPAIGN.replace("nom = \"nom\"", "nom = \"column2_1\"");
    let source = "id,,column2\n1,Cœur,x\n2,Dupont,y\n";
    let case = Case::new(
        &campaign,
        "empty_header_name_taken.csv",
        source.as_bytes(),
        MIGRATED,
    );
    let (code, _, stderr) = case.check();
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("`column2_1`"), "{stderr}");
}

const DATES: &str = r#"
name = "dates"
[source]
dir = "source"
[[delivery]]
id = "L1"
dir = "L1"
[[resource]]
name = "employee"
source = "SOURCE_FILE"
migrated = "employee.csv"
key = ["id"]
[resource.columns]
id = "id"
born = { from = "naissance", date = "FORMAT" }
"#;

#[test]
fn a_two_digit_year_read_with_percent_capital_y_is_unparseable() {
    let source = b"id,naissance\n1,03/02/80\n2,03/02/1980\n";
    let migrated = b"id,born\n1,1980-02-03\n2,1980-02-03\n";
    let case = Case::new(
        &DATES.replace("FORMAT", "%d/%m/%Y"),
        "two_digit_year.csv",
        source,
        migrated,
    );
    let (code, report, stderr) = case.check();
    assert_eq!(code, 1, "{stderr}");
    let born = &report["resources"][0]["columns"][0];
    assert_eq!(
        (&born["unparseable"], &born["differing"]),
        (&1.into(), &1.into()),
        "{born}"
    );
    assert_eq!(born["patterns"][0]["expected"], "⟨unparseable: 03/02/80⟩");
}

#[test]
fn percent_small_y_reads_two_digit_years_and_warns_of_future_ones() {
    let source = b"id,naissance\n1,03/02/80\n2,14/07/50\n3,01/01/69\n";
    let migrated = b"id,born\n1,1980-02-03\n2,1950-07-14\n3,1969-01-01\n";
    let case = Case::new(
        &DATES.replace("FORMAT", "%d/%m/%y"),
        "two_digit_year_y.csv",
        source,
        migrated,
    );
    let (code, report, stderr) = case.check();
    assert_eq!(code, 1, "{stderr}");
    let born = &report["resources"][0]["columns"][0];
    assert_eq!(
        (&born["unparseable"], &born["differing"]),
        (&0.into(), &1.into()),
        "{born}"
    );
    assert_eq!(
        born["patterns"][0],
        serde_json::json!({"expected": "2050-07-14", "migrated": "1950-07-14", "rows": 1})
    );
    let found = notices(&stderr);
    assert_eq!(found.len(), 1, "{stderr}");
    assert!(
        found[0].contains("column `born`: 1 source value(s)") && found[0].contains("after today"),
        "{stderr}"
    );
}

#[test]
fn a_derived_name_may_not_differ_from_a_source_column_by_case_alone() {
    let campaign = CAMPAIGN.replace(
        "[resource.columns]",
        "[resource.derive]\nNOM = \"upper(nom)\"\n[resource.columns]",
    );
    let case = Case::new(&campaign, "s.csv", "id,nom\n1,Cœur\n".as_bytes(), MIGRATED);
    case.refused(&["derive.NOM", "already a column", "`nom`", "ignore case"]);
}

#[test]
fn a_semicolon_file_read_with_commas_asks_whether_the_delimiter_is_a_semicolon() {
    let source = "id;nom;prenom\n1;Cœur;Anne\n2;Dupont;Jean\n".as_bytes();
    let case = Case::new(CAMPAIGN, "salaries.csv", source, MIGRATED);
    let stderr = case.refused(&[
        "salaries.csv, line 1",
        "the header was read as one column `id;nom;prenom`: is the delimiter `;`?",
    ]);
    assert!(!stderr.contains("is not a column"), "{stderr}");
    // The other way round, and a tab file, name their delimiter too.
    let semicolons = CAMPAIGN.replace("dir = \"source\"", "dir = \"source\"\ndelimiter = \";\"");
    let case = Case::new(&semicolons, "virgules.csv", b"id,nom\n1,Coeur\n", MIGRATED);
    case.refused(&["one column `id,nom`: is the delimiter `,`?"]);
    let case = Case::new(CAMPAIGN, "tabs.csv", b"id\tnom\n1\tCoeur\n", MIGRATED);
    case.refused(&["one column `id\\tnom`", "is the delimiter `tab`?"]);
}

#[test]
fn a_source_column_with_a_space_unquoted_in_sql_says_quote_it() {
    let source = "id,Nom famille\n1,Cœur\n2,Dupont\n".as_bytes();
    for written in [
        "nom = \"upper(Nom famille)\"",
        "nom = { expr = \"upper(Nom famille)\" }",
    ] {
        let campaign = CAMPAIGN.replace("nom = \"nom\"", written);
        let case = Case::new(&campaign, "noms.csv", source, MIGRATED);
        case.refused(&["columns.nom", "quote it: \"Nom famille\""]);
    }
    // Quoted, it runs.
    let campaign = CAMPAIGN.replace("nom = \"nom\"", "nom = 'upper(\"Nom famille\")'");
    let case = Case::new(&campaign, "noms.csv", source, MIGRATED);
    let (code, _, stderr) = case.check();
    assert!(code == 0 || code == 1, "{stderr}");
    assert!(!stderr.contains("quote it"), "{stderr}");
}

/// `check`'s hints: (kind, column) of each, from the JSON, and the lines said on stderr.
fn hints(case: &Case) -> (Vec<serde_json::Value>, Vec<String>) {
    let (code, report, stderr) = case.check();
    assert!(code == 0 || code == 1, "{stderr}");
    let json = report["resources"][0]["hints"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let said = stderr
        .lines()
        .filter(|l| l.starts_with("recette: hint: "))
        .map(str::to_string)
        .collect();
    (json, said)
}

#[test]
fn a_date_format_most_values_do_not_follow_gets_a_hint_with_the_format_they_follow() {
    let campaign = CAMPAIGN.replace(
        "nom = \"nom\"",
        "nom = \"nom\"\nne_le = { from = \"ne_le\", date = \"%Y-%m-%d\" }",
    );
    let source = "id,nom,ne_le\n1,Cœur,03/02/1980\n2,Dupont,14/11/1975\n3,Martin,1990-01-01\n";
    let migrated = "id,nom,ne_le\n1,Cœur,1980-02-03\n2,Dupont,1975-11-14\n3,Martin,1990-01-01\n";
    let case = Case::new(
        &campaign,
        "dates.csv",
        source.as_bytes(),
        migrated.as_bytes(),
    );
    let (json, said) = hints(&case);
    assert_eq!(json.len(), 1, "{json:?}");
    assert_eq!(json[0]["kind"], "date_format");
    assert_eq!(json[0]["column"], "ne_le");
    assert_eq!(json[0]["unparseable"], 2);
    assert_eq!(json[0]["values"], 3);
    assert_eq!(json[0]["suggested"], "%d/%m/%Y");
    assert_eq!(said.len(), 1);
    assert!(
        said[0].contains("column `ne_le`: 2 of 3 source values do not read as date = \"%Y-%m-%d\"")
            && said[0].contains("2 of them read as date = \"%d/%m/%Y\""),
        "{said:?}"
    );
    // Half or less unparseable is the data's problem, not the format's: no hint.
    let source = "id,nom,ne_le\n1,Cœur,1980-02-03\n2,Dupont,14/11/1975\n3,Martin,1990-01-01\n";
    let case = Case::new(
        &campaign,
        "dates.csv",
        source.as_bytes(),
        migrated.as_bytes(),
    );
    assert!(hints(&case).0.is_empty());
}

#[test]
fn a_map_missing_a_frequent_value_gets_a_hint_naming_it() {
    let campaign = CAMPAIGN.replace(
        "nom = \"nom\"",
        "nom = \"nom\"\nsexe = { from = \"sexe\", map = { M = \"male\", F = \"female\" } }",
    );
    // `I` on 12 rows of 300 (4%): named; `X` on one row (0.3%, fewer than 10): not.
    let mut source = String::from("id,nom,sexe\n");
    let mut migrated = String::from("id,nom,sexe\n");
    for i in 0..300 {
        let sexe = match i {
            0..12 => "I",
            12 => "X",
            _ if i % 2 == 0 => "M",
            _ => "F",
        };
        source.push_str(&format!("{i},Nom{i},{sexe}\n"));
        migrated.push_str(&format!("{i},Nom{i},unknown\n"));
    }
    let case = Case::new(
        &campaign,
        "sexes.csv",
        source.as_bytes(),
        migrated.as_bytes(),
    );
    let (json, said) = hints(&case);
    assert_eq!(json.len(), 1, "{json:?}");
    assert_eq!(json[0]["kind"], "map_misses_value");
    assert_eq!(json[0]["value"], "I");
    assert_eq!(json[0]["rows"], 12);
    assert_eq!(json[0]["of"], 300);
    assert!(
        said[0].contains("the source value `I` (12 rows of 300) has no entry in its `map`")
            && said[0].contains("add `I = \"…\"`"),
        "{said:?}"
    );
}
