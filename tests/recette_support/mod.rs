//! What the command-line recette tests share: a copy of the bundled sample in a temporary
//! folder (its results folder inside it), the real binary run on it as a person, the
//! checklist walked, and an L3 in which the integration team fixed what L2 got wrong.

#![allow(dead_code)]

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

pub struct Sample {
    pub dir: tempfile::TempDir,
}

impl Sample {
    pub fn new() -> Sample {
        let dir = tempfile::tempdir().unwrap();
        let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        copy_dir(&from, &dir.path().join("s"));
        Sample { dir }
    }

    pub fn campaign(&self) -> PathBuf {
        self.dir.path().join("s/campaign.toml")
    }

    pub fn run(&self, author: &str, args: &[&str]) -> (i32, String, String) {
        let out = Command::cargo_bin("recette")
            .unwrap()
            .env("RECETTE_CACHE_DIR", self.dir.path().join("cache"))
            .arg("-c")
            .arg(self.campaign())
            .args(["--as", author])
            // The human output in French, as the référents read it.
            .args(["--lang", "fr"])
            .args(args)
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        (
            out.status.code().unwrap(),
            text(&out.stdout),
            text(&out.stderr),
        )
    }

    pub fn ok(&self, author: &str, args: &[&str]) -> String {
        let (code, out, err) = self.run(author, args);
        assert_eq!(code, 0, "{args:?}: {err}");
        out
    }
}

fn copy_dir(from: &Path, to: &Path) {
    recette::demo::copy_campaign(from, to).unwrap();
}

/// Every item still to do on the last delivery gets an OK.
pub fn walk_checklist(s: &Sample, author: &str) {
    let status: Value =
        serde_json::from_str(&s.run(author, &["status", "--format", "json"]).1).unwrap();
    for item in status["items"].as_array().unwrap() {
        if item["verdict"] == "todo" {
            let (resource, id) = (
                item["resource"].as_str().unwrap(),
                item["item"].as_str().unwrap(),
            );
            s.ok(
                author,
                &[
                    "verdict",
                    "--resource",
                    resource,
                    "--item",
                    id,
                    "--set",
                    "ok",
                    "--comment",
                    "vu",
                ],
            );
        }
    }
}

/// The integration team's L3: L2 with every differing value of employee and contract set
/// to what the engine expects (the names, job titles and end dates), declared in the
/// campaign after L2.
pub fn deliver_fixed_l3(s: &Sample) {
    use recette::domain::report::KeyCategory;
    use recette::store::{Engine, cache::Cache};
    let campaign = recette::cli::load_campaign(Some(&s.campaign())).unwrap();
    let engine = Engine::with_cache(
        campaign.clone(),
        Cache::at(s.dir.path().join("l3-cache")).unwrap(),
    )
    .unwrap();
    let l2 = campaign.delivery(Some("L2")).unwrap();
    let l3 = s.dir.path().join("s/deliveries/L3");
    recette::demo::copy_campaign(&l2.dir, &l3).unwrap();
    for name in ["employee", "contract"] {
        let resource = campaign.resource(name).unwrap();
        let reconciled = engine.reconcile(resource, l2, &mut |_| {}).unwrap();
        let mut keys = Vec::new();
        engine
            .keys(resource, &reconciled, KeyCategory::Differing, None, |k| {
                keys.push(k);
                Ok(())
            })
            .unwrap();
        assert!(!keys.is_empty(), "{name} differs in L2");
        let states = engine.key_states(resource, &reconciled, &keys).unwrap();
        let file = l2.dir.join(&resource.migrated);
        let mut reader = csv::Reader::from_path(&file).unwrap();
        let header = reader.headers().unwrap().clone();
        let at = |column: &str| header.iter().position(|h| h == column).unwrap();
        let mut writer = csv::Writer::from_path(l3.join(&resource.migrated)).unwrap();
        writer.write_record(&header).unwrap();
        for row in reader.records() {
            let mut row: Vec<String> = row.unwrap().iter().map(str::to_owned).collect();
            let key: Vec<Option<String>> = resource
                .key
                .iter()
                .map(|k| Some(row[at(k)].clone()))
                .collect();
            if let Some(state) = states.iter().find(|st| st.key == key) {
                for d in &state.differences {
                    row[at(&d.column)] = d.expected.clone().unwrap_or_default();
                }
            }
            writer.write_record(&row).unwrap();
        }
        writer.flush().unwrap();
    }
    let mut text = std::fs::read_to_string(s.campaign()).unwrap();
    text.push_str("\n[[delivery]]\nid = \"L3\"\ndir = \"deliveries/L3\"\ndate = \"2026-11-09\"\n");
    std::fs::write(s.campaign(), text).unwrap();
}
