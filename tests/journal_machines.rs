//! The journal across machines and clocks, and writes under a held lock — the real binary on
//! copies of the sample campaign, each "machine" an installation of its own
//! (`RECETTE_DATA_DIR`): one author on two machines, journals merged by copying files, a
//! wrong clock, a last line without its newline, an action of a newer recette, a lock held
//! by another process (issue 10, §2 and §3).

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use recette::journal::{Journal, journal_dir};
use serde_json::Value;

/// A copy of the sample campaign with an installation of recette of its own.
struct Machine {
    dir: tempfile::TempDir,
}

struct Run {
    code: i32,
    out: String,
    err: String,
}

impl Machine {
    fn new() -> Machine {
        let dir = tempfile::tempdir().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-data");
        recette::demo::copy_campaign(&sample, &dir.path().join("s")).unwrap();
        Machine { dir }
    }

    fn campaign(&self) -> PathBuf {
        self.dir.path().join("s/campaign.toml")
    }

    fn journal(&self) -> PathBuf {
        journal_dir(&self.campaign())
    }

    fn run_with(&self, env: &[(&str, &str)], args: &[&str]) -> Run {
        let mut cmd = Command::cargo_bin("recette").unwrap();
        cmd.env("RECETTE_CACHE_DIR", self.dir.path().join("cache"))
            .env("RECETTE_DATA_DIR", self.dir.path().join("data"))
            .env("RECETTE_CONFIG_DIR", self.dir.path().join("config"))
            .env_remove("RECETTE_FAULT")
            .env_remove("RECETTE_LOCK_TIMEOUT");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let out = cmd
            .arg("-c")
            .arg(self.campaign())
            .args(["--as", "marie"])
            .args(args)
            .output()
            .unwrap();
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        Run {
            code: out.status.code().unwrap_or(-1),
            out: text(&out.stdout),
            err: text(&out.stderr),
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        self.run_with(&[], args)
    }

    fn ok(&self, args: &[&str]) -> Run {
        let run = self.run(args);
        assert_eq!(run.code, 0, "{args:?}: {}", run.err);
        run
    }

    fn defect(&self, title: &str) -> String {
        let run = self.ok(&[
            "defect",
            "new",
            "--resource",
            "firm",
            "--severity",
            "mineure",
            "--title",
            title,
            "--separate",
        ]);
        run.out.trim().to_owned()
    }

    fn verdict(&self, value: &str) -> String {
        self.ok(&[
            "verdict",
            "--resource",
            "firm",
            "--item",
            "firm-headcount",
            "--set",
            value,
        ])
        .out
        .trim()
        .to_owned()
    }

    /// `recette journal --format json`: every entry, in journal order.
    fn entries(&self) -> Vec<Value> {
        let run = self.ok(&["journal", "--format", "json"]);
        serde_json::from_str(&run.out).unwrap()
    }

    /// Every file of the journal folder and its bytes.
    fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        if let Ok(listing) = fs::read_dir(self.journal()) {
            for item in listing {
                let path = item.unwrap().path();
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                files.insert(name, fs::read(&path).unwrap());
            }
        }
        files
    }

    fn jsonl_files(&self) -> Vec<String> {
        self.files()
            .into_keys()
            .filter(|name| name.ends_with(".jsonl"))
            .collect()
    }

    /// Copies this machine's journal files into `other`'s folder, as a person merging the
    /// journals of two machines by hand (or through git) does.
    fn merge_into(&self, other: &Machine) {
        fs::create_dir_all(other.journal()).unwrap();
        for name in self.jsonl_files() {
            let from = self.journal().join(&name);
            let to = other.journal().join(&name);
            assert!(!to.exists(), "{name} exists on both machines");
            fs::copy(from, to).unwrap();
        }
    }
}

fn ids(entries: &[Value]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn one_author_on_two_machines_writes_two_files_and_two_defect_series_that_merge() {
    let (a, b) = (Machine::new(), Machine::new());
    let from_a = [a.defect("NIR tronqué"), a.defect("code postal")];
    let from_b = [b.defect("SIRET faux")];
    assert_ne!(
        from_a[0], from_b[0],
        "one author, two installations, two ids"
    );
    // One file per author and installation: `marie@<installation>.jsonl`.
    let (files_a, files_b) = (a.jsonl_files(), b.jsonl_files());
    assert_eq!(files_a.len(), 1, "{files_a:?}");
    assert!(files_a[0].starts_with("marie@") && files_a[0].ends_with(".jsonl"));
    assert_ne!(files_a, files_b);
    let installation = fs::read_to_string(a.dir.path().join("data/installation")).unwrap();
    assert_eq!(files_a[0], format!("marie@{}.jsonl", installation.trim()));

    b.merge_into(&a);
    let run = a.ok(&["defects", "--format", "json"]);
    assert!(!run.err.contains("not applied"), "{}", run.err);
    let listed: Value = serde_json::from_str(&run.out).unwrap();
    let listed: Vec<&str> = listed["defects"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    for id in from_a.iter().chain(&from_b) {
        assert!(listed.contains(&id.as_str()), "{id} in {listed:?}");
    }
    // A later defect on A continues its own series.
    let next = a.defect("troisième");
    let prefix = |id: &str| id.rsplit_once('-').unwrap().0.to_owned();
    assert_eq!(prefix(&next), prefix(&from_a[0]));
    assert!(next.ends_with("-3"), "{next}");
}

/// A line as recette wrote it before installations and `seq` existed.
fn old_line(id: &str, time: &str, action: &str, payload: &str) -> String {
    format!(
        r#"{{"id":"{id}","time":"{time}","author":"marie","action":"{action}","payload":{payload}}}"#
    )
}

#[test]
fn a_merge_that_meets_one_defect_id_twice_keeps_both_addressable_and_says_so() {
    // Two machines of an older recette, one author: both made MAYS-1 in `marie.jsonl`; the
    // two files were put together (git's union merge, a `cat`).
    let a = Machine::new();
    fs::create_dir_all(a.journal()).unwrap();
    let defect = |id: &str, time: &str, title: &str| {
        old_line(
            id,
            time,
            "defect.new",
            &format!(
                r#"{{"id":"MAYS-1","resource":"firm","severity":"mineure","description":"{title}"}}"#
            ),
        )
    };
    let lines = [
        defect(
            "0pzx4k3v2a-ma-aaaaaa",
            "2026-11-20T10:00:00.000Z",
            "NIR tronqué",
        ),
        defect(
            "0pzx4k3v2b-ma-bbbbbb",
            "2026-11-20T11:00:00.000Z",
            "SIRET faux",
        ),
    ];
    fs::write(a.journal().join("marie.jsonl"), lines.join("\n") + "\n").unwrap();

    let run = a.ok(&["defects", "--format", "json"]);
    let listed: Value = serde_json::from_str(&run.out).unwrap();
    let defects = listed["defects"].as_array().unwrap();
    let ids: Vec<&str> = defects.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2, "both kept: {ids:?}");
    assert!(
        ids.contains(&"MAYS-1") && ids.contains(&"MAYS-1@bbbbbb"),
        "{ids:?}"
    );
    // Said once, naming both names; nothing "not applied".
    assert_eq!(run.err.matches("created twice").count(), 1, "{}", run.err);
    assert!(run.err.contains("MAYS-1@bbbbbb"), "{}", run.err);
    assert!(!run.err.contains("not applied"), "{}", run.err);

    // The second is addressable: rejected as a duplicate by its own name.
    a.ok(&[
        "defect",
        "set",
        "MAYS-1@bbbbbb",
        "--status",
        "rejected",
        "--reason",
        "doublon",
    ]);
    let run = a.ok(&["defects", "--format", "json"]);
    let listed: Value = serde_json::from_str(&run.out).unwrap();
    let status = |id: &str| {
        listed["defects"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["id"] == id)
            .map(|d| d["status"].as_str().unwrap_or_default().to_owned())
            .unwrap()
    };
    assert_eq!(status("MAYS-1"), "open");
    assert_eq!(status("MAYS-1@bbbbbb"), "rejected");
}

#[test]
fn a_wrong_clock_changes_no_other_entry_and_the_order_survives_a_merge() {
    let (a, b) = (Machine::new(), Machine::new());
    // Before this change: an entry dated 2099 (a wrong clock, a hand edit) in jean's file.
    fs::create_dir_all(a.journal()).unwrap();
    let future = old_line(
        "1zzzzzzzzz-je-cccccc",
        "2099-01-01T00:00:00.000Z",
        "verdict.set",
        r#"{"resource":"firm","item":"firm-headcount","delivery":"L2","value":"ok"}"#,
    );
    fs::write(a.journal().join("jean.jsonl"), future + "\n").unwrap();
    let first = a.verdict("ko");
    let entries = a.entries();
    let written = entries.iter().find(|e| e["id"] == first.as_str()).unwrap();
    let time = written["time"].as_str().unwrap();
    assert!(
        time < "2099",
        "the entry keeps its own clock's time: {time}"
    );
    assert_eq!(
        entries.last().unwrap()["id"],
        first.as_str(),
        "written last, read last"
    );
    // The later verdict is the one that stands.
    let status = a.ok(&["journal", "--format", "json"]);
    assert!(status.err.is_empty(), "{}", status.err);

    // A machine whose clock is wrong now: its entry sorts after what it saw, and the next
    // entry written elsewhere keeps its own time.
    let line = |seq: u64, id: &str| {
        format!(
            r#"{{"id":"{id}","time":"2099-06-01T00:00:00.000Z","seq":{seq},"author":"zoé","action":"defect.comment","payload":{{"defect":"none","text":"x"}}}}"#
        )
    };
    let highest = entries
        .iter()
        .filter_map(|e| e["seq"].as_u64())
        .max()
        .unwrap();
    fs::write(
        a.journal().join("zoe@zzzz.jsonl"),
        line(highest + 1, "1zzzzzzzzz-zo-zzzz-dddddd") + "\n",
    )
    .unwrap();
    let second = a.verdict("ok");
    let entries = a.entries();
    let written = entries.iter().find(|e| e["id"] == second.as_str()).unwrap();
    assert!(written["time"].as_str().unwrap() < "2099");
    assert_eq!(written["seq"].as_u64(), Some(highest + 2));
    assert_eq!(entries.last().unwrap()["id"], second.as_str());
    let nothing_moved: Vec<&Value> = entries
        .iter()
        .filter(|e| {
            e["time"]
                .as_str()
                .unwrap()
                .starts_with("2099-01-01T00:00:00.0")
        })
        .collect();
    assert_eq!(
        nothing_moved.len(),
        1,
        "only the hand-edited entry is in 2099"
    );

    // B works meanwhile; then the journals are merged. Each machine's entries keep their
    // order, and the merged order is the same whichever way it is read.
    b.verdict("ko");
    b.defect("SIRET faux");
    b.verdict("na");
    let (order_a, order_b) = (ids(&a.entries()), ids(&b.entries()));
    b.merge_into(&a);
    let merged = ids(&a.entries());
    assert_eq!(merged.len(), order_a.len() + order_b.len());
    let only = |from: &[String]| -> Vec<String> {
        merged
            .iter()
            .filter(|id| from.contains(id))
            .cloned()
            .collect()
    };
    assert_eq!(only(&order_a), order_a);
    assert_eq!(only(&order_b), order_b);
    assert_eq!(ids(&a.entries()), merged, "the same order on every read");
}

#[test]
fn entries_written_before_seq_keep_their_order() {
    let a = Machine::new();
    fs::create_dir_all(a.journal()).unwrap();
    let note = |id: &str, time: &str| {
        old_line(
            id,
            time,
            "verdict.set",
            r#"{"resource":"firm","item":"firm-headcount","delivery":"L2","value":"ok"}"#,
        )
    };
    // As the older recette's clamp left them: times strictly growing across authors.
    fs::write(
        a.journal().join("marie.jsonl"),
        [
            note("0000000001-ma-aaaaaa", "2026-11-20T10:00:00.000Z"),
            note("0000000003-ma-aaaaab", "2026-11-20T10:00:00.002Z"),
        ]
        .join("\n")
            + "\n",
    )
    .unwrap();
    fs::write(
        a.journal().join("jean.jsonl"),
        note("0000000002-je-aaaaaa", "2026-11-20T10:00:00.001Z") + "\n",
    )
    .unwrap();
    let new = a.verdict("ko");
    assert_eq!(
        ids(&a.entries()),
        [
            "0000000001-ma-aaaaaa",
            "0000000002-je-aaaaaa",
            "0000000003-ma-aaaaab",
            new.as_str()
        ]
    );
}

#[test]
fn a_last_line_without_its_newline_is_an_entry_and_reading_changes_nothing() {
    let a = Machine::new();
    let first = a.verdict("ko");
    let name = a.jsonl_files().remove(0);
    let file = a.journal().join(&name);
    let text = fs::read_to_string(&file).unwrap();
    fs::write(&file, text.trim_end_matches('\n')).unwrap();
    let before = a.files();

    // Commands that append nothing: the entry is read, no file changes, nothing is said.
    let entries = a.entries();
    assert_eq!(ids(&entries), [first]);
    let run = a.ok(&["defects", "--format", "json"]);
    assert!(!run.err.contains("incomplete"), "{}", run.err);
    assert_eq!(a.files(), before, "reading changed a journal file");

    // A writer adds the newline before its own line, and says so.
    let run = a.ok(&[
        "verdict",
        "--resource",
        "firm",
        "--item",
        "firm-headcount",
        "--set",
        "ok",
    ]);
    assert!(run.err.contains("no final newline"), "{}", run.err);
    let text = fs::read_to_string(&file).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.ends_with('\n'));
    assert_eq!(a.entries().len(), 2);
}

#[test]
fn a_torn_last_line_is_left_by_readers_and_moved_aside_by_the_next_writer() {
    let a = Machine::new();
    a.verdict("ko");
    let name = a.jsonl_files().remove(0);
    let file = a.journal().join(&name);
    let mut bytes = fs::read(&file).unwrap();
    bytes.extend_from_slice(br#"{"id":"0pzx4k3v2b-ma-7f3a-aaaaaa","time":"2026-11-23T12:"#);
    fs::write(&file, &bytes).unwrap();
    let before = a.files();
    let run = a.ok(&["journal"]);
    assert!(run.err.contains("left as it is"), "{}", run.err);
    assert_eq!(a.files(), before, "a reader moved the torn line");
    let run = a.ok(&[
        "verdict",
        "--resource",
        "firm",
        "--item",
        "firm-headcount",
        "--set",
        "ok",
    ]);
    assert!(run.err.contains("moved to"), "{}", run.err);
    assert!(a.files().keys().any(|n| n.contains(".torn-")));
    assert_eq!(a.entries().len(), 2);
}

#[test]
fn an_action_of_a_newer_recette_is_said_once_naming_the_file_and_the_action() {
    let a = Machine::new();
    fs::create_dir_all(a.journal()).unwrap();
    let future = |id: &str| {
        old_line(
            id,
            "2026-11-20T10:00:00.000Z",
            "gonogo.future",
            r#"{"x":1}"#,
        )
    };
    fs::write(
        a.journal().join("jean.jsonl"),
        [
            future("0000000001-je-aaaaaa"),
            future("0000000002-je-aaaaaa"),
        ]
        .join("\n")
            + "\n",
    )
    .unwrap();
    let run = a.ok(&["journal"]);
    let said: Vec<&str> = run
        .err
        .lines()
        .filter(|l| l.contains("written by a newer recette"))
        .collect();
    assert_eq!(said.len(), 1, "{}", run.err);
    assert!(
        said[0].contains("jean.jsonl") && said[0].contains("gonogo.future"),
        "{}",
        said[0]
    );
    // A writer says it once too, and writes.
    let run = a.ok(&[
        "verdict",
        "--resource",
        "firm",
        "--item",
        "firm-headcount",
        "--set",
        "ok",
    ]);
    assert_eq!(
        run.err.matches("written by a newer recette").count(),
        1,
        "{}",
        run.err
    );
}

#[test]
fn a_held_lock_makes_a_writer_say_who_holds_it_and_give_up_with_exit_2() {
    let a = Machine::new();
    a.verdict("ko");
    let before = a.files();
    let (journal, _) = Journal::open(&a.campaign()).unwrap();
    let held = journal.lock().unwrap();
    let me = format!("pid {}", std::process::id());

    let run = a.run_with(
        &[("RECETTE_LOCK_TIMEOUT", "2")],
        &[
            "verdict",
            "--resource",
            "firm",
            "--item",
            "firm-headcount",
            "--set",
            "ok",
        ],
    );
    assert_eq!(run.code, 2, "{}", run.err);
    assert!(run.out.is_empty(), "no id printed: {}", run.out);
    assert!(
        run.err.contains("waiting for the journal lock held by") && run.err.contains(&me),
        "{}",
        run.err
    );
    assert!(run.err.contains("gave up after 2 s"), "{}", run.err);
    assert!(run.err.contains("nothing was written"), "{}", run.err);

    // Commands that append nothing take no lock and never wait.
    let run = a.run_with(
        &[("RECETTE_LOCK_TIMEOUT", "1")],
        &["journal", "--format", "json"],
    );
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(!run.err.contains("waiting"), "{}", run.err);
    let read: Vec<Value> = serde_json::from_str(&run.out).unwrap();
    assert_eq!(read.len(), 1);
    drop(held);
    let mut after = a.files();
    // The lock's own files aside (the holder note is emptied), nothing changed.
    for name in [".lock", ".lock-holder"] {
        after.remove(name);
    }
    let mut before = before;
    for name in [".lock", ".lock-holder"] {
        before.remove(name);
    }
    assert_eq!(after, before, "nothing half-written");
    // Once released, the same command writes.
    a.verdict("ok");
}

#[test]
fn a_lock_timeout_that_is_not_a_number_is_an_error_naming_the_variable() {
    let a = Machine::new();
    let run = a.run_with(
        &[("RECETTE_LOCK_TIMEOUT", "soon")],
        &[
            "verdict",
            "--resource",
            "firm",
            "--item",
            "firm-headcount",
            "--set",
            "ok",
        ],
    );
    assert_eq!(run.code, 2);
    assert!(run.err.contains("RECETTE_LOCK_TIMEOUT"), "{}", run.err);
}
