//! Campaign SQL is confined to the campaign: the real binary on a campaign whose SQL tries
//! to read a file outside it, read the session, or write a file. Every such text, in a
//! column, a derived column and `keep_if`, is refused before anything runs: exit 2, the
//! campaign file, resource and key named with the reason, no byte of the secret file in
//! any output or result, and no file written.

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// A line that only the secret file holds.
const TOKEN: &str = "S3CR3T-a61f0c-not-for-campaigns";

struct Case {
    dir: tempfile::TempDir,
}

impl Case {
    fn new() -> Case {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["source", "L1", "outside"] {
            fs::create_dir_all(dir.path().join(sub)).unwrap();
        }
        fs::write(
            dir.path().join("source/salaries.csv"),
            "num;nom;prenom\n1;Cœur;Anne\n2;Dupont;Jean\n",
        )
        .unwrap();
        fs::write(
            dir.path().join("L1/employee.csv"),
            "source_id,last_name,first_name\n1,Cœur,Anne\n2,Dupont,Jean\n",
        )
        .unwrap();
        fs::write(dir.path().join("outside/secret.txt"), format!("{TOKEN}\n")).unwrap();
        Case { dir }
    }

    fn outside(&self, name: &str) -> PathBuf {
        self.dir.path().join("outside").join(name)
    }

    /// The attacks, by what they use; `{secret}`, `{outside}` and `{target}` are paths.
    fn attacks(&self) -> Vec<(&'static str, String, &'static str)> {
        let secret = self.outside("secret.txt").display().to_string();
        let outside = self.outside("").display().to_string();
        let target = self.outside("pwn.csv").display().to_string();
        vec![
            (
                "read_text",
                format!("nom || read_text('{secret}')"),
                "`read_text` reads a file: campaign SQL may only use the resource's columns",
            ),
            (
                "read_csv",
                format!("read_csv('{secret}')"),
                "`read_csv` reads a file: campaign SQL may only use the resource's columns",
            ),
            (
                "read_blob",
                format!("read_blob('{secret}')"),
                "`read_blob` reads a file: campaign SQL may only use the resource's columns",
            ),
            (
                "glob",
                format!("glob('{outside}*')"),
                "`glob` reads a file: campaign SQL may only use the resource's columns",
            ),
            (
                "query_table",
                "query_table('duckdb_settings')".to_string(),
                "`query_table` reads a table: campaign SQL may only use the resource's columns",
            ),
            (
                "current_setting",
                "nom || current_setting('temp_directory')".to_string(),
                "`current_setting` reads the session or the machine: campaign SQL may only use the resource's columns",
            ),
            (
                "scalar subquery",
                format!("nom || (SELECT string_agg(content, '') FROM read_text('{secret}'))"),
                "a subquery reads other tables: campaign SQL may only use the resource's columns",
            ),
            (
                "FROM-first query",
                format!("nom || (FROM read_text('{secret}') SELECT content)"),
                "a subquery reads other tables: campaign SQL may only use the resource's columns",
            ),
            (
                "second statement",
                format!(
                    "1) FROM (SELECT 1) t; COPY (SELECT content FROM read_text('{secret}')) TO '{target}'; SELECT (1"
                ),
                "not one SQL expression (a statement that is not a query, such as COPY)",
            ),
        ]
    }

    /// Writes the campaign with `attack` at `place`; returns the key it is under.
    fn write_campaign(&self, place: &str, attack: &str) -> &'static str {
        let literal = format!("'''{attack}'''");
        let (derive, rules, column, key) = match place {
            "column" => (String::new(), String::new(), literal, "columns.last_name"),
            "derive" => (
                format!("[resource.derive]\nzz = {literal}\n"),
                String::new(),
                "\"nom\"".to_string(),
                "derive.zz",
            ),
            "keep_if" => (
                String::new(),
                format!("[resource.rules]\nkeep_if = {literal}\n"),
                "\"nom\"".to_string(),
                "rules.keep_if",
            ),
            other => panic!("no place {other}"),
        };
        let text = format!(
            r#"name = "essai"
[source]
dir = "source"
delimiter = ";"
[[delivery]]
id = "L1"
dir = "L1"
[[resource]]
name = "employee"
source = "salaries.csv"
migrated = "employee.csv"
key = ["source_id"]
{derive}{rules}[resource.columns]
source_id = "num"
last_name = {column}
first_name = "prenom"
"#
        );
        fs::write(self.campaign(), text).unwrap();
        key
    }

    fn campaign(&self) -> PathBuf {
        self.dir.path().join("campaign.toml")
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("recette").unwrap();
        cmd.env("RECETTE_CACHE_DIR", self.dir.path().join("cache"))
            .env("RECETTE_DATA_DIR", self.dir.path().join("data"))
            .env("RECETTE_CONFIG_DIR", self.dir.path().join("config"))
            .env("RECETTE_USER", "testeur")
            .current_dir(self.dir.path())
            .args(["--lang", "en"])
            .arg("-c")
            .arg(self.campaign());
        cmd
    }

    /// Nothing written where the campaign may not write, and no file but the secret holds
    /// its bytes.
    fn assert_nothing_leaked(&self, what: &str) {
        assert!(
            !self.outside("pwn.csv").exists(),
            "{what}: a file was written"
        );
        let mut files = Vec::new();
        collect(self.dir.path(), &mut files);
        for file in files {
            if file == self.outside("secret.txt") {
                continue;
            }
            let bytes = fs::read(&file).unwrap_or_default();
            assert!(
                !contains(&bytes, TOKEN.as_bytes()),
                "{what}: {} holds the secret",
                file.display()
            );
        }
    }
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Runs `args` and checks the refusal: exit 2, nothing on stdout, the file, resource, key
/// and reason on stderr, and no byte of the secret anywhere.
fn assert_refused(case: &Case, args: &[&str], key: &str, reason: &str, what: &str) {
    let out = case.cmd().args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{what}: {stderr}");
    assert!(out.stdout.is_empty(), "{what}: stdout not empty");
    for part in [
        case.campaign().display().to_string(),
        "resource `employee`".to_string(),
        format!("key `{key}`"),
        reason.to_string(),
    ] {
        assert!(stderr.contains(&part), "{what}: `{part}` not in {stderr}");
    }
    assert!(!contains(&out.stderr, TOKEN.as_bytes()), "{what}: {stderr}");
    case.assert_nothing_leaked(what);
}

#[test]
fn every_attack_in_every_place_is_refused_before_anything_runs() {
    let case = Case::new();
    for (name, attack, reason) in case.attacks() {
        for place in ["column", "derive", "keep_if"] {
            let key = case.write_campaign(place, &attack);
            let what = format!("{name} in {place}");
            assert_refused(&case, &["check"], key, reason, &what);
            assert_refused(&case, &["check", "--format", "json"], key, reason, &what);
        }
    }
}

#[test]
fn every_command_that_reads_the_campaign_refuses_it() {
    let case = Case::new();
    let (_, attack, reason) = case
        .attacks()
        .into_iter()
        .find(|(name, _, _)| *name == "second statement")
        .unwrap();
    let out = case.outside("export.md").display().to_string();
    for place in ["column", "derive", "keep_if"] {
        let key = case.write_campaign(place, &attack);
        for args in [
            vec!["status"],
            vec!["export", "--format", "md", "--out", &out],
            vec!["keys", "--resource", "employee", "--category", "missing"],
            vec!["record", "--resource", "employee", "--key", "1"],
            vec!["defects"],
        ] {
            let what = format!("{args:?} with {place}");
            assert_refused(&case, &args, key, reason, &what);
            assert!(!Path::new(&out).exists(), "{what}: export written");
        }
    }
}

#[test]
fn the_console_refuses_it_before_it_opens() {
    let case = Case::new();
    let (_, attack, _) = case
        .attacks()
        .into_iter()
        .find(|(name, _, _)| *name == "second statement")
        .unwrap();
    case.write_campaign("derive", &attack);
    let text = fs::read_to_string(case.campaign()).unwrap();
    let campaign = recette::domain::campaign::Campaign::parse(&case.campaign(), &text).unwrap();
    let cache = recette::store::cache::Cache::at(case.dir.path().join("cache")).unwrap();
    let workspace = recette::jobs::Workspace::with_cache(campaign, cache);
    let Err(recette::store::StoreError::Campaign(e)) = workspace.engine() else {
        panic!("an engine opened on the campaign");
    };
    assert_eq!(e.key, "derive.zz");
    case.assert_nothing_leaked("console");
}

#[test]
fn ordinary_campaign_sql_still_runs() {
    let case = Case::new();
    for place in ["column", "derive", "keep_if"] {
        let expression = match place {
            "keep_if" => "num IN ('1', '2') AND length(nom) > 0",
            _ => "CASE WHEN nom IS NULL THEN NULL ELSE trim(nom) END",
        };
        case.write_campaign(place, expression);
        let out = case.cmd().arg("check").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{place}: {stderr}");
        assert!(String::from_utf8_lossy(&out.stdout).contains("verdict: pass"));
    }
}
