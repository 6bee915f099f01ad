//! The journal's contract: round trip, merge order, torn-tail repair, corruption errors,
//! concurrent appends (threads and processes), and the fold (verdicts, undo, defects,
//! sign-offs).

use std::collections::HashSet;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use chrono::{DateTime, Utc};
use recette::journal::actions::{self, DEFECT_STATUS, SIGNOFF_WITHDRAW, UNDO, VERDICT_SET};
use recette::journal::{
    DefectStatus, Entry, FoldError, Journal, JournalError, JournalNotice, Repair, Severity, State,
    VerdictValue, journal_dir,
};
use serde_json::{Value, json};

/// A campaign file path in a fresh temporary folder (the campaign file itself is not needed).
fn campaign() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ssti03.toml");
    (dir, file)
}

/// The installation the tests write from (never the user's own).
const INSTALLATION: &str = "7f3a";

/// Opens the journal as installation `7f3a`, with the notices of the open.
fn reopen(campaign: &Path) -> (Journal, Vec<JournalNotice>) {
    let (journal, notices) = Journal::open(campaign).unwrap();
    (journal.with_installation(INSTALLATION), notices)
}

/// The torn tails and missing newlines among notices.
fn repairs(notices: &[JournalNotice]) -> Vec<Repair> {
    notices
        .iter()
        .filter_map(|n| match n {
            JournalNotice::Repair(r) => Some(r.clone()),
            _ => None,
        })
        .collect()
}

fn open(campaign: &Path) -> Journal {
    let (journal, notices) = reopen(campaign);
    let found = repairs(&notices);
    assert!(found.is_empty(), "unexpected repairs: {found:?}");
    journal
}

fn lines(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.is_empty() || text.ends_with('\n'), "{text:?}");
    text.lines().map(str::to_owned).collect()
}

// ---------------------------------------------------------------------------------------------
// Files

#[test]
fn journal_folder_is_named_after_the_campaign_stem() {
    assert_eq!(
        journal_dir(Path::new("camp/ssti03.toml")),
        Path::new("camp/ssti03.journal")
    );
    assert_eq!(
        journal_dir(Path::new("ssti03.toml")),
        Path::new("ssti03.journal")
    );
}

#[test]
fn append_then_read_round_trip() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    assert!(!journal.dir().exists(), "open alone writes nothing");
    assert!(journal.entries().unwrap().is_empty());

    let payload = json!({"resource": "employee", "comment": "NIR tronqué\nà 13 chiffres"});
    let entry = journal
        .append("Marie Dupont", "note", payload.clone())
        .unwrap();
    assert_eq!(entry.author, "Marie Dupont");
    assert_eq!(entry.action, "note");
    assert_eq!(Value::Object(entry.payload.clone()), payload);

    let file = campaign.with_file_name("ssti03.journal/marie_dupont@7f3a.jsonl");
    assert_eq!(journal.author_file("Marie Dupont").unwrap(), file);
    let written = lines(&file);
    assert_eq!(written.len(), 1);
    let raw: Value = serde_json::from_str(&written[0]).unwrap();
    assert_eq!(raw["id"], json!(entry.id));
    let time = raw["time"].as_str().unwrap();
    assert_eq!(time.len(), "2026-11-23T12:52:23.123Z".len(), "{time}");
    assert!(time.ends_with('Z') && time.as_bytes()[19] == b'.', "{time}");

    assert_eq!(journal.entries().unwrap(), vec![entry.clone()]);
    let (reopened, notices) = Journal::open(&campaign).unwrap();
    assert!(repairs(&notices).is_empty());
    assert_eq!(reopened.entries().unwrap(), vec![entry]);
}

#[test]
fn bad_arguments_are_refused_without_writing() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    for (author, action, payload) in [
        ("", "note", json!({})),
        ("marie", "", json!({})),
        ("marie", "two words", json!({})),
        ("marie", "note", json!([1, 2])),
    ] {
        let err = journal.append(author, action, payload).unwrap_err();
        assert!(matches!(err, JournalError::Invalid(_)), "{err}");
    }
    assert!(journal.entries().unwrap().is_empty());
}

#[test]
fn seq_grows_strictly_within_a_file_and_times_are_the_clock() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    let before = Utc::now() - chrono::TimeDelta::seconds(1);
    let entries: Vec<Entry> = (0..200)
        .map(|n| journal.append("marie", "note", json!({ "n": n })).unwrap())
        .collect();
    let after = Utc::now() + chrono::TimeDelta::seconds(1);
    for pair in entries.windows(2) {
        assert_eq!(
            pair[0].seq + 1,
            pair[1].seq,
            "{:?}",
            (&pair[0].id, &pair[1].id)
        );
    }
    assert!(entries.iter().all(|e| before <= e.time && e.time <= after));
    assert_eq!(journal.entries().unwrap(), entries);
}

#[test]
fn journal_order_is_writing_order_across_authors() {
    // Several authors writing within the same milliseconds: an entry written after another
    // (an undo, a status change) must sort after it, whatever the initials in the ids.
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    let authors = ["zoé", "marie", "alice", "Yann"];
    let written: Vec<String> = (0..200)
        .map(|n| {
            let author = authors[n % authors.len()];
            journal
                .append(author, "note", json!({ "n": n }))
                .unwrap()
                .id
        })
        .collect();
    let read: Vec<String> = journal
        .entries()
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(read, written);
}

fn raw_line(id: &str, time: &str, author: &str) -> String {
    format!(r#"{{"id":"{id}","time":"{time}","author":"{author}","action":"note","payload":{{}}}}"#)
}

#[test]
fn entries_of_two_authors_merge_by_time_then_id() {
    let (_tmp, campaign) = campaign();
    let dir = journal_dir(&campaign);
    fs::create_dir(&dir).unwrap();
    let alice = [
        raw_line("a1", "2026-11-23T10:00:00.000Z", "alice"),
        raw_line("a2", "2026-11-23T10:00:02.000Z", "alice"),
        raw_line("b0", "2026-11-23T10:00:03.000Z", "alice"),
    ];
    let bob = [
        // An offset other than Z is still ordered by its UTC instant.
        raw_line("b1", "2026-11-23T11:00:01.000+01:00", "bob"),
        raw_line("a9", "2026-11-23T10:00:03.000Z", "bob"),
    ];
    fs::write(dir.join("alice.jsonl"), alice.join("\n") + "\n").unwrap();
    fs::write(dir.join("bob.jsonl"), bob.join("\n") + "\n").unwrap();
    // Neither read as a journal: not `*.jsonl`.
    fs::write(dir.join("notes.txt"), "not json").unwrap();
    fs::write(dir.join("bob.jsonl.torn-20261123T100000000Z"), "{half").unwrap();

    let journal = open(&campaign);
    let ids: Vec<String> = journal
        .entries()
        .unwrap()
        .into_iter()
        .map(|e| e.id)
        .collect();
    assert_eq!(ids, ["a1", "b1", "a2", "a9", "b0"]);

    let next = journal.append("alice", "note", json!({})).unwrap();
    assert_eq!(journal.entries().unwrap().last().unwrap().id, next.id);
}

#[test]
fn the_same_entry_in_two_files_is_read_once_but_a_conflicting_copy_is_an_error() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    journal.append("alice", "note", json!({})).unwrap();
    let alice = journal.author_file("alice").unwrap();
    let copy = alice.with_file_name("alice-copy.jsonl");
    fs::copy(&alice, &copy).unwrap();
    assert_eq!(journal.entries().unwrap().len(), 1);

    let changed = fs::read_to_string(&copy)
        .unwrap()
        .replace("\"note\"", "\"other\"");
    fs::write(&copy, changed).unwrap();
    let err = journal.entries().unwrap_err();
    assert!(matches!(err, JournalError::DuplicateId { .. }), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Torn tails and corruption

#[test]
fn torn_tail_is_saved_aside_cut_and_reported() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    let first = journal.append("marie", "note", json!({"n": 1})).unwrap();
    let file = journal.author_file("marie").unwrap();
    let good = fs::read(&file).unwrap();
    let half = br#"{"id":"0pzx4k3v2b-ma-aaaaaa","time":"2026-11-23T12:"#;
    fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap()
        .write_all(half)
        .unwrap();
    drop(journal);

    // A reader says so and changes nothing (issue 10: only a writer repairs, under the lock).
    let (journal, notices) = reopen(&campaign);
    let found = repairs(&notices);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!((found[0].line, found[0].saved_to.clone()), (2, None));
    assert!(
        found[0].to_string().contains("left as it is"),
        "{}",
        found[0]
    );
    assert_eq!(fs::read(&file).unwrap().len(), good.len() + half.len());
    assert_eq!(journal.entries().unwrap(), vec![first.clone()]);

    let second = journal.append("marie", "note", json!({"n": 2})).unwrap();
    let found = repairs(&journal.take_notices());
    assert_eq!(found.len(), 1, "the writer says it moved it: {found:?}");
    let repair = &found[0];
    assert_eq!(repair.file, file);
    assert_eq!(repair.line, 2);
    assert_eq!(repair.bytes, half.len());
    let side = repair.saved_to.clone().unwrap();
    assert_eq!(side.parent(), file.parent());
    assert!(!side.to_string_lossy().ends_with(".jsonl"), "{side:?}");
    assert_eq!(fs::read(&side).unwrap(), half);
    assert!(
        fs::read(&file).unwrap().starts_with(&good),
        "cut at the end of the last good line"
    );
    assert!(repair.to_string().contains("line 2"), "{repair}");
    assert!(repair.to_string().contains("moved to"), "{repair}");
    assert_eq!(journal.entries().unwrap(), vec![first, second]);
    assert_eq!(lines(&file).len(), 2);
    assert!(repairs(&reopen(&campaign).1).is_empty(), "repaired once");
}

#[test]
fn unreadable_last_line_is_a_torn_tail_too() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    journal.append("marie", "note", json!({})).unwrap();
    let file = journal.author_file("marie").unwrap();
    let mut f = fs::OpenOptions::new().append(true).open(&file).unwrap();
    f.write_all(b"\0\0\0\0\0\0\n").unwrap();
    let (journal, notices) = reopen(&campaign);
    let found = repairs(&notices);
    assert_eq!((found.len(), found[0].line, found[0].bytes), (1, 2, 7));
    assert_eq!(journal.entries().unwrap().len(), 1);
}

#[test]
fn append_never_glues_a_line_to_a_torn_tail() {
    // A writer that crashed after we opened the journal left half a line.
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    journal.append("marie", "note", json!({"n": 1})).unwrap();
    let file = journal.author_file("marie").unwrap();
    fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap()
        .write_all(b"{\"id\":\"x")
        .unwrap();
    journal.append("marie", "note", json!({"n": 2})).unwrap();
    let found = repairs(&journal.take_notices());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].line, 2);
    assert!(journal.take_notices().is_empty());
    let written = lines(&file);
    assert_eq!(written.len(), 2);
    for line in written {
        Entry::from_line(line.as_bytes()).unwrap();
    }
}

#[test]
fn corrupt_middle_line_is_an_error_naming_file_and_line() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    journal.append("marie", "note", json!({})).unwrap();
    let file = journal.author_file("marie").unwrap();
    let good = raw_line("x1", "2026-11-23T12:00:00.000Z", "marie");
    fs::OpenOptions::new()
        .append(true)
        .open(&file)
        .unwrap()
        .write_all(format!("{{this is not json}}\n{good}\n").as_bytes())
        .unwrap();
    let before = fs::read(&file).unwrap();

    let err = Journal::open(&campaign).unwrap_err();
    match &err {
        JournalError::Corrupt { file: f, line, .. } => assert_eq!((f, *line), (&file, 2)),
        other => panic!("expected Corrupt, got {other}"),
    }
    let message = err.to_string();
    assert!(message.contains("marie@7f3a.jsonl"), "{message}");
    assert!(message.contains("line 2"), "{message}");
    assert!(
        message.contains("text editor"),
        "says what to do: {message}"
    );
    assert!(journal.entries().is_err());
    // Marie's file is not appended to either (the error names the line), others' still are.
    let err = journal.append("marie", "note", json!({})).unwrap_err();
    assert!(
        matches!(err, JournalError::Corrupt { line: 2, .. }),
        "{err}"
    );
    journal.append("jean", "note", json!({})).unwrap();
    assert_eq!(fs::read(&file).unwrap(), before, "nothing changed");
}

#[test]
fn empty_files_are_fine() {
    let (_tmp, campaign) = campaign();
    let dir = journal_dir(&campaign);
    fs::create_dir(&dir).unwrap();
    fs::write(dir.join("marie.jsonl"), "").unwrap();
    let journal = open(&campaign);
    assert!(journal.entries().unwrap().is_empty());
    journal.append("marie", "note", json!({})).unwrap();
    // The file of an older recette (no installation part) is read, never written again.
    assert_eq!(lines(&dir.join("marie@7f3a.jsonl")).len(), 1);
    assert!(lines(&dir.join("marie.jsonl")).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Concurrency

/// Every line of every journal file parses, and each writer's entries keep their order.
fn assert_all_present(campaign: &Path, expected: usize) -> Vec<Entry> {
    let journal = open(campaign);
    let entries = journal.entries().unwrap();
    assert_eq!(entries.len(), expected);
    for pair in entries.windows(2) {
        assert!(pair[0].seq < pair[1].seq, "one folder: seq strictly grows");
    }
    let ids: HashSet<&str> = entries.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids.len(), expected, "ids are unique");
    let mut raw_count = 0;
    for item in fs::read_dir(journal.dir()).unwrap() {
        let path = item.unwrap().path();
        if path.extension().is_some_and(|e| e == "jsonl") {
            let mut last: Option<u64> = None;
            for line in lines(&path) {
                let entry = Entry::from_line(line.as_bytes()).unwrap();
                assert!(last.is_none_or(|s| s < entry.seq), "seq grows in {path:?}");
                last = Some(entry.seq);
                raw_count += 1;
            }
        }
    }
    assert_eq!(raw_count, expected);
    // Per writer, the sequence numbers come out in the order they were written.
    let mut writers: std::collections::HashMap<String, i64> = Default::default();
    for entry in &entries {
        let writer = entry.payload["writer"].as_str().unwrap().to_owned();
        let n = entry.payload["n"].as_i64().unwrap();
        let previous = writers.insert(writer.clone(), n).unwrap_or(-1);
        assert_eq!(n, previous + 1, "writer {writer}");
    }
    entries
}

#[test]
fn eight_threads_append_at_once_and_nothing_is_lost() {
    const THREADS: usize = 8;
    const PER_THREAD: usize = 500;
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    std::thread::scope(|scope| {
        for t in 0..THREADS {
            let journal = &journal;
            scope.spawn(move || {
                // Two authors: four threads share each file.
                let author = if t % 2 == 0 { "alice" } else { "bob" };
                for n in 0..PER_THREAD {
                    let payload =
                        json!({"writer": format!("t{t}"), "n": n, "pad": "x".repeat(n % 97)});
                    journal.append(author, "test.thread", payload).unwrap();
                }
            });
        }
    });
    assert!(repairs(&journal.take_notices()).is_empty());
    assert_all_present(&campaign, THREADS * PER_THREAD);
}

const CHILD_CAMPAIGN: &str = "RECETTE_JOURNAL_TEST_CAMPAIGN";
const CHILD_WRITER: &str = "RECETTE_JOURNAL_TEST_WRITER";
const PER_PROCESS: usize = 2000;

/// Not a test on its own: the body of the child processes of
/// `processes_append_at_once_and_nothing_is_lost` (this test binary re-executed).
#[test]
fn child_appender() {
    let (Ok(campaign), Ok(writer)) = (std::env::var(CHILD_CAMPAIGN), std::env::var(CHILD_WRITER))
    else {
        return;
    };
    let (journal, _) = reopen(Path::new(&campaign));
    for n in 0..PER_PROCESS {
        let payload = json!({"writer": writer, "n": n});
        journal.append("shared", "test.process", payload).unwrap();
    }
}

#[test]
fn processes_append_at_once_and_nothing_is_lost() {
    let (_tmp, campaign) = campaign();
    let exe = std::env::current_exe().unwrap();
    let children: Vec<_> = (0..2)
        .map(|c| {
            Command::new(&exe)
                .args(["child_appender", "--exact", "--test-threads=1"])
                .env(CHILD_CAMPAIGN, &campaign)
                .env(CHILD_WRITER, format!("child{c}"))
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    // The parent writes to the same file meanwhile.
    let journal = open(&campaign);
    for n in 0..PER_PROCESS {
        let payload = json!({"writer": "parent", "n": n});
        journal.append("shared", "test.process", payload).unwrap();
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "child failed: {stderr}");
    }
    let entries = assert_all_present(&campaign, 3 * PER_PROCESS);
    let writers: HashSet<&str> = entries
        .iter()
        .map(|e| e.payload["writer"].as_str().unwrap())
        .collect();
    assert_eq!(writers.len(), 3, "the children really ran");
}

// ---------------------------------------------------------------------------------------------
// Journal helpers: defect ids, undo

#[test]
fn defect_ids_use_initials_and_never_repeat() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    let new = |author: &str| {
        let payload = actions::defect_new("employee", Severity::Major, "NIR tronqué");
        let entry = journal.new_defect(author, payload).unwrap();
        entry.payload["id"].as_str().unwrap().to_owned()
    };
    let marie = recette::journal::id::defect_prefix("Marie Dupont", INSTALLATION);
    assert!(marie.starts_with("MD") && marie.len() == 5, "{marie}");
    assert_eq!(new("Marie Dupont"), format!("{marie}-1"));
    assert_eq!(new("Marie Dupont"), format!("{marie}-2"));
    assert!(new("Jean Petit").starts_with("JP"));
    // Same initials, other author: another prefix, so journals kept on two machines and
    // merged later never hold the same id twice.
    let michel = recette::journal::id::defect_prefix("Michel Durand", INSTALLATION);
    assert_ne!(marie, michel);
    assert_eq!(new("Michel Durand"), format!("{michel}-1"));
    let state = State::from_entries(&journal.entries().unwrap());
    assert_eq!(state.defects().len(), 4);
    assert!(state.rejected().is_empty());
}

#[test]
fn undo_helper_appends_a_compensating_entry() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    let ok = actions::verdict_set("employee", "count", "L1", VerdictValue::Ok, None);
    let set = journal.append("marie", VERDICT_SET, ok).unwrap();
    let undo = journal.undo("jean", &set.id).unwrap();
    assert_eq!(undo.action, UNDO);
    assert_eq!(undo.payload["entry"], json!(set.id));
    let err = journal.undo("jean", "no-such-entry").unwrap_err();
    assert!(matches!(err, JournalError::UnknownEntry(_)), "{err}");
    let state = State::from_entries(&journal.entries().unwrap());
    assert!(state.verdict("employee", "count", "L1").is_none());
    assert!(state.is_undone(&set.id));
    assert_eq!(journal.entries().unwrap().len(), 2, "nothing deleted");
}

// ---------------------------------------------------------------------------------------------
// The fold

/// Builds entries with controlled times (one second apart) for fold tests.
struct Log {
    entries: Vec<Entry>,
}

impl Log {
    fn new() -> Log {
        Log {
            entries: Vec::new(),
        }
    }

    fn entry(&self, author: &str, action: &str, payload: Value) -> Entry {
        let n = self.entries.len();
        Entry {
            id: format!("e{n:03}"),
            time: DateTime::from_timestamp(1_795_000_000 + n as i64, 0).unwrap(),
            seq: 0,
            author: author.into(),
            action: action.into(),
            payload: payload.as_object().unwrap().clone(),
        }
    }

    fn push(&mut self, author: &str, action: &str, payload: Value) -> String {
        let entry = self.entry(author, action, payload);
        self.entries.push(entry.clone());
        entry.id
    }

    fn state(&self) -> State {
        State::from_entries(&self.entries)
    }
}

fn verdict(value: VerdictValue, comment: Option<&str>) -> Value {
    actions::verdict_set("employee", "nir", "L1", value, comment)
}

#[test]
fn a_later_verdict_overwrites_and_undo_restores_the_previous_one() {
    let mut log = Log::new();
    log.push(
        "marie",
        VERDICT_SET,
        verdict(VerdictValue::Ko, Some("NIR tronqué")),
    );
    let second = log.push("jean", VERDICT_SET, verdict(VerdictValue::Ok, None));
    log.push(
        "marie",
        VERDICT_SET,
        actions::verdict_set("employee", "nir", "L2", VerdictValue::Na, None),
    );
    let state = log.state();
    let now = state.verdict("employee", "nir", "L1").unwrap();
    assert_eq!((now.value, now.author.as_str()), (VerdictValue::Ok, "jean"));
    assert_eq!(now.entry, second);
    assert_eq!(state.verdicts().len(), 2, "one per delivery");

    let undo = log.push("jean", UNDO, actions::undo(&second));
    let state = log.state();
    let back = state.verdict("employee", "nir", "L1").unwrap();
    assert_eq!(
        (back.value, back.author.as_str()),
        (VerdictValue::Ko, "marie")
    );
    assert_eq!(back.comment.as_deref(), Some("NIR tronqué"));
    assert!(state.is_undone(&second));

    // Undoing the undo brings the later verdict back.
    log.push("jean", UNDO, actions::undo(&undo));
    let state = log.state();
    assert_eq!(
        state.verdict("employee", "nir", "L1").unwrap().value,
        VerdictValue::Ok
    );
    assert!(!state.is_undone(&second));
    assert!(state.rejected().is_empty());
}

#[test]
fn incremental_apply_matches_the_full_fold() {
    let mut log = Log::new();
    log.push("marie", VERDICT_SET, verdict(VerdictValue::Ko, None));
    let second = log.push("jean", VERDICT_SET, verdict(VerdictValue::Ok, None));
    log.push("jean", UNDO, actions::undo(&second));
    log.push("marie", "note", json!({"free": "form"}));
    let mut state = State::default();
    for entry in &log.entries {
        state.apply(entry).unwrap();
    }
    assert_eq!(state.verdicts(), log.state().verdicts());
    assert_eq!(
        state.apply(&log.entries[0]),
        Err(FoldError::DuplicateEntry("e000".into()))
    );
}

#[test]
fn bad_verdicts_are_refused() {
    let state = State::default();
    let bad_value =
        json!({"resource": "employee", "item": "nir", "delivery": "L1", "value": "maybe"});
    assert!(matches!(
        state.check("marie", VERDICT_SET, &bad_value),
        Err(FoldError::Payload { .. })
    ));
    let missing = json!({"resource": "employee", "value": "ok"});
    let err = state.check("marie", VERDICT_SET, &missing).unwrap_err();
    assert!(err.to_string().contains("item"), "{err}");
    // Written anyway (e.g. by hand): skipped by the fold and listed.
    let mut log = Log::new();
    let id = log.push("marie", VERDICT_SET, bad_value);
    let state = log.state();
    assert!(state.verdicts().is_empty());
    assert_eq!(state.rejected()[0].entry, id);
}

fn status(defect: &str, status: DefectStatus) -> Value {
    actions::defect_status(defect, &status, None)
}

fn fixed(delivery: &str) -> DefectStatus {
    DefectStatus::Fixed {
        delivery: delivery.into(),
    }
}

#[test]
fn defect_lifecycle_follows_the_transitions() {
    let mut log = Log::new();
    let mut new = actions::defect_new("employee", Severity::Blocking, "NIR tronqué");
    // Checked before `Journal::new_defect` assigns the id.
    assert_eq!(
        State::default().check("marie", actions::DEFECT_NEW, &new),
        Ok(())
    );
    let no_severity = json!({"resource": "employee"});
    let err = State::default()
        .check("marie", actions::DEFECT_NEW, &no_severity)
        .unwrap_err();
    assert!(err.to_string().contains("severity"), "{err}");
    new["id"] = json!("MD-1");
    new["keys"] = json!(["12345"]);
    log.push("marie", actions::DEFECT_NEW, new);
    let state = log.state();
    let defect = state.defect("MD-1").unwrap();
    assert_eq!(defect.status, DefectStatus::Open);
    assert_eq!(defect.severity, Severity::Blocking);
    assert_eq!(defect.details["keys"], json!(["12345"]));

    // Open → verified is not a transition: refused before writing, skipped if written.
    let err = state
        .check(
            "marie",
            DEFECT_STATUS,
            &status("MD-1", DefectStatus::Verified),
        )
        .unwrap_err();
    assert_eq!(
        err,
        FoldError::Transition {
            defect: "MD-1".into(),
            from: "open".into(),
            to: "verified".into()
        }
    );
    // Fixed needs a delivery, rejected a reason, and the defect must exist.
    let no_delivery = json!({"defect": "MD-1", "status": "fixed"});
    assert!(state.check("luc", DEFECT_STATUS, &no_delivery).is_err());
    let no_reason = json!({"defect": "MD-1", "status": "rejected"});
    assert!(state.check("luc", DEFECT_STATUS, &no_reason).is_err());
    assert_eq!(
        state.check("luc", DEFECT_STATUS, &status("XX-9", fixed("L2"))),
        Err(FoldError::UnknownDefect("XX-9".into()))
    );

    log.push("luc", DEFECT_STATUS, status("MD-1", fixed("L2")));
    log.push(
        "marie",
        DEFECT_STATUS,
        status("MD-1", DefectStatus::Reopened),
    );
    log.push("luc", DEFECT_STATUS, status("MD-1", fixed("L3")));
    log.push(
        "marie",
        actions::DEFECT_COMMENT,
        actions::defect_comment("MD-1", "vu"),
    );
    log.push(
        "marie",
        DEFECT_STATUS,
        status("MD-1", DefectStatus::Verified),
    );
    let state = log.state();
    let defect = state.defect("MD-1").unwrap();
    assert_eq!(defect.status, DefectStatus::Verified);
    let steps: Vec<String> = defect
        .history
        .iter()
        .map(|e| {
            e.status
                .as_ref()
                .map_or("comment".into(), |s| s.to_string())
        })
        .collect();
    assert_eq!(
        steps,
        [
            "open",
            "fixed in L2",
            "reopened",
            "fixed in L3",
            "comment",
            "verified"
        ]
    );
    assert!(state.rejected().is_empty());

    // Verified twice: skipped by the fold, with the reason.
    let id = log.push(
        "jean",
        DEFECT_STATUS,
        status("MD-1", DefectStatus::Verified),
    );
    let state = log.state();
    assert_eq!(state.rejected().len(), 1);
    assert_eq!(state.rejected()[0].entry, id);
    assert!(matches!(
        state.rejected()[0].error,
        FoldError::Transition { .. }
    ));
}

#[test]
fn a_defect_can_be_rejected_with_a_reason_and_ids_are_unique() {
    let mut log = Log::new();
    let mut new = actions::defect_new("visit", Severity::Minor, "doublon");
    new["id"] = json!("JP-1");
    log.push("jean", actions::DEFECT_NEW, new.clone());
    let reject = DefectStatus::Rejected {
        reason: "règle validée".into(),
    };
    log.push("luc", DEFECT_STATUS, status("JP-1", reject.clone()));
    let state = log.state();
    assert_eq!(state.defect("JP-1").unwrap().status, reject);
    assert!(state.defect("JP-1").unwrap().status.is_closed());
    assert_eq!(
        state.check("jean", actions::DEFECT_NEW, &new),
        Err(FoldError::DuplicateDefect("JP-1".into()))
    );
}

#[test]
fn an_undo_that_would_break_a_later_entry_is_refused() {
    let mut log = Log::new();
    let mut new = actions::defect_new("employee", Severity::Major, "x");
    new["id"] = json!("MD-1");
    log.push("marie", actions::DEFECT_NEW, new);
    let fix = log.push("luc", DEFECT_STATUS, status("MD-1", fixed("L2")));
    log.push(
        "marie",
        DEFECT_STATUS,
        status("MD-1", DefectStatus::Verified),
    );
    let state = log.state();
    let err = state.check("luc", UNDO, &actions::undo(&fix)).unwrap_err();
    assert!(matches!(err, FoldError::BreaksLater { .. }), "{err}");
    assert_eq!(
        state.check("luc", UNDO, &actions::undo("nope")),
        Err(FoldError::UnknownEntry("nope".into()))
    );

    // Undoing the latest step is fine, and twice is not.
    let verified = log.entries[2].id.clone();
    assert!(
        state
            .check("marie", UNDO, &actions::undo(&verified))
            .is_ok()
    );
    let mut state = state;
    let undo = log.entry("marie", UNDO, actions::undo(&verified));
    state.apply(&undo).unwrap();
    assert_eq!(state.defect("MD-1").unwrap().status, fixed("L2"));
    assert_eq!(
        state.check("marie", UNDO, &actions::undo(&verified)),
        Err(FoldError::AlreadyUndone(verified))
    );
}

#[test]
fn sign_off_can_be_withdrawn() {
    let mut log = Log::new();
    log.push(
        "marie",
        actions::SIGNOFF_SET,
        actions::signoff_set("employee", "L2", Some("conforme"), json!({})),
    );
    let state = log.state();
    let signoff = state.signoff("employee", "L2").unwrap();
    assert_eq!(
        (signoff.author.as_str(), signoff.comment.as_deref()),
        ("marie", Some("conforme"))
    );
    assert!(state.signoff("employee", "L1").is_none());

    log.push(
        "marie",
        SIGNOFF_WITHDRAW,
        actions::signoff_withdraw("employee", "L2", Some("MD-4 rouvert")),
    );
    let state = log.state();
    assert!(state.signoff("employee", "L2").is_none());
    assert_eq!(
        state.check(
            "marie",
            SIGNOFF_WITHDRAW,
            &actions::signoff_withdraw("employee", "L2", None)
        ),
        Err(FoldError::NotSignedOff {
            resource: "employee".into(),
            delivery: "L2".into()
        })
    );
}

#[test]
fn a_sign_off_with_reservations_is_its_own_action_and_never_a_clean_one() {
    let files = json!({"campaign": "sha256:c", "migrated": "sha256:m"});
    let reserved = actions::signoff_reserved(
        "contract",
        "L2",
        "end_on perdue sur 6 contrats, acceptée",
        &["contract-dates : differing(\"end_on\") = 6".to_string()],
        None,
        files.clone(),
    );
    let mut log = Log::new();
    log.push("marie", actions::SIGNOFF_RESERVED, reserved.clone());
    let state = log.state();
    let signoff = state.signoff("contract", "L2").unwrap();
    assert_eq!(
        signoff.reservations.as_deref(),
        Some("end_on perdue sur 6 contrats, acceptée")
    );
    assert_eq!(signoff.files["migrated"], "sha256:m");
    assert_ne!(actions::SIGNOFF_RESERVED, actions::SIGNOFF_SET);

    // A recette that does not know the action folds it to nothing (as it does any action it
    // does not know): the same payload under an action name it does not know signs nothing.
    let mut older = Log::new();
    older.push("marie", "signoff.reserved-by-a-later-recette", reserved);
    assert!(older.state().signoff("contract", "L2").is_none());
    assert!(older.state().rejected().is_empty());

    // A reserved sign-off without its reason is refused; a clean one replaces it.
    let mut no_reason = reserved_without_reason();
    no_reason.as_object_mut().unwrap().remove("reservations");
    assert!(
        state
            .check("marie", actions::SIGNOFF_RESERVED, &no_reason)
            .is_err()
    );
    log.push(
        "marie",
        actions::SIGNOFF_SET,
        actions::signoff_set("contract", "L2", None, files),
    );
    assert!(
        log.state()
            .signoff("contract", "L2")
            .unwrap()
            .reservations
            .is_none()
    );
}

fn reserved_without_reason() -> Value {
    actions::signoff_reserved("contract", "L2", "x", &[], None, json!({}))
}

#[test]
fn a_sample_record_found_right_is_kept_per_item_and_delivery_and_can_be_undone() {
    let mut log = Log::new();
    let key = vec![Some("200346".to_string())];
    let ok = log.push(
        "marie",
        actions::SAMPLE_MARK,
        actions::sample_mark("employee", "employee-sample", "L2", &key),
    );
    let state = log.state();
    let marks = state
        .sample_marks("employee", "employee-sample", "L2")
        .unwrap();
    assert_eq!(marks[&key].author, "marie");
    assert!(
        state
            .sample_marks("employee", "employee-sample", "L1")
            .is_none()
    );
    log.push("marie", UNDO, actions::undo(&ok));
    let state = log.state();
    assert!(
        state
            .sample_marks("employee", "employee-sample", "L2")
            .is_none_or(|m| m.is_empty())
    );
    // Only `ok` is a mark; a key must be an array of text parts.
    let mut wrong = actions::sample_mark("employee", "employee-sample", "L2", &key);
    wrong["mark"] = json!("ko");
    assert!(state.check("marie", actions::SAMPLE_MARK, &wrong).is_err());
    let mut wrong = actions::sample_mark("employee", "employee-sample", "L2", &key);
    wrong["key"] = json!("200346");
    assert!(state.check("marie", actions::SAMPLE_MARK, &wrong).is_err());
}

#[test]
fn unknown_actions_are_kept_but_ignored() {
    let mut log = Log::new();
    log.push("marie", "sample.draw", json!({"seed": 42}));
    let state = log.state();
    assert!(state.rejected().is_empty());
    assert!(state.verdicts().is_empty());
}

#[test]
fn a_checked_append_is_refused_under_the_lock_when_the_state_forbids_it() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    let new = actions::defect_new("employee", Severity::Major, "NIR tronqué");
    let id = journal.new_defect("Marie Dupont", new).unwrap().payload["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let fixed = status(&id, fixed("L2"));
    journal
        .append_checked("Jean Roux", DEFECT_STATUS, fixed.clone())
        .unwrap();
    // Two people at once: one verifies, the other rejects; the second comes too late.
    journal
        .append_checked(
            "Marie Dupont",
            DEFECT_STATUS,
            status(&id, DefectStatus::Verified),
        )
        .unwrap();
    let reject = status(
        &id,
        DefectStatus::Rejected {
            reason: "doublon".into(),
        },
    );
    let refused = journal.append_checked("Luc Blanc", DEFECT_STATUS, reject);
    assert!(refused.is_err(), "{refused:?}");
    assert_eq!(
        journal.entries().unwrap().len(),
        3,
        "nothing written for the refused entry"
    );
}

#[test]
fn a_complete_but_unreadable_last_line_is_corruption_not_a_torn_write() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    journal.append("marie", "note", json!({})).unwrap();
    let file = journal.author_file("marie").unwrap();
    let mut f = fs::OpenOptions::new().append(true).open(&file).unwrap();
    f.write_all(b"garbage from a bad merge\n").unwrap();
    let error = match Journal::open(&campaign) {
        Ok(_) => panic!("an error, not a repair"),
        Err(e) => e.to_string(),
    };
    assert!(error.contains("marie") && error.contains('2'), "{error}");
    assert!(
        fs::read_to_string(&file).unwrap().contains("garbage"),
        "nothing is cut"
    );
}

#[test]
fn a_defect_id_created_twice_keeps_both_and_the_second_is_addressable() {
    let mut log = Log::new();
    let new = |title: &str| {
        let mut payload = actions::defect_new("employee", Severity::Major, title);
        payload["id"] = json!("MAYS-1");
        payload
    };
    let first = log.push("marie", "defect.new", new("NIR tronqué"));
    let second = log.push("marie", "defect.new", new("SIRET faux"));
    let alias = format!("MAYS-1@{}", second.rsplit('-').next().unwrap());
    log.push(
        "jean",
        DEFECT_STATUS,
        status(
            &alias,
            DefectStatus::Rejected {
                reason: "doublon".into(),
            },
        ),
    );
    let state = log.state();
    assert!(state.rejected().is_empty(), "{:?}", state.rejected());
    assert_eq!(state.defects().len(), 2);
    assert_eq!(state.defect("MAYS-1").unwrap().description, "NIR tronqué");
    assert_eq!(state.defect(&alias).unwrap().description, "SIRET faux");
    assert!(matches!(
        state.defect(&alias).unwrap().status,
        DefectStatus::Rejected { .. }
    ));
    let first_alias = format!("MAYS-1@{}", first.rsplit('-').next().unwrap());
    assert_eq!(state.defect(&first_alias).unwrap().id, "MAYS-1");
    let said = state.duplicates();
    assert_eq!(said.len(), 1);
    assert!(said[0].to_string().contains(&alias), "{}", said[0]);
}

#[test]
fn a_later_entry_comes_after_one_with_a_wrong_clock_and_keeps_its_own_time() {
    let (_tmp, campaign) = campaign();
    let dir = journal_dir(&campaign);
    fs::create_dir(&dir).unwrap();
    let future = r#"{"id":"1zzzzzzzzz-zo-zzzz-aaaaaa","time":"2099-01-01T00:00:00.000Z","seq":7,"author":"zoé","action":"verdict.set","payload":{"resource":"employee","item":"nir","delivery":"L1","value":"ok"}}"#;
    fs::write(dir.join("zoe@zzzz.jsonl"), format!("{future}\n")).unwrap();
    let journal = open(&campaign);
    let entry = journal
        .append_checked("marie", VERDICT_SET, verdict(VerdictValue::Ko, None))
        .unwrap();
    assert!(entry.time < DateTime::parse_from_rfc3339("2099-01-01T00:00:00Z").unwrap());
    assert_eq!(entry.seq, 8);
    let entries = journal.entries().unwrap();
    assert_eq!(entries.last().unwrap().id, entry.id);
    let state = State::from_entries(&entries);
    assert_eq!(
        state.verdict("employee", "nir", "L1").unwrap().value,
        VerdictValue::Ko,
        "the later entry stands, whatever the clocks"
    );
}

#[test]
fn an_unknown_action_is_said_once_per_file_and_action() {
    let (_tmp, campaign) = campaign();
    let journal = open(&campaign);
    journal.append("marie", "future.thing", json!({})).unwrap();
    journal.append("marie", "future.thing", json!({})).unwrap();
    let (reopened, notices) = reopen(&campaign);
    let newer: Vec<String> = notices
        .iter()
        .filter(|n| matches!(n, JournalNotice::NewerAction { .. }))
        .map(ToString::to_string)
        .collect();
    assert_eq!(newer.len(), 1, "{newer:?}");
    assert!(newer[0].contains("future.thing") && newer[0].contains("marie@7f3a.jsonl"));
    assert!(
        newer[0].contains("written by a newer recette"),
        "{}",
        newer[0]
    );
    reopened.entries().unwrap();
    assert!(reopened.take_notices().is_empty(), "said once");
}
