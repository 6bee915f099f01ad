//! `Journal`: the journal folder of a campaign — open (with repairs), append (locked, one
//! `write_all`, fsync), read all entries merged. Must not import the fold (`state`) nor DuckDB.

use std::collections::HashMap;
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::TimeDelta;
use serde_json::{Map, Value};

use super::actions::{DEFECT_NEW, UNDO};
use super::author::file_stem;
use super::entry::{Entry, now_millis, sort_entries};
use super::error::{JournalError, Repair};
use super::fsutil::{DirLock, ensure_dir, sync_dir};
use super::id::{new_entry_id, next_defect_id};
use super::scan::{check_tail, last_time, read_file};

/// The journal of one campaign: the folder `<campaign stem>.journal/` beside the campaign
/// file, holding one append-only `<author>.jsonl` per author. Cheap to share between threads
/// (`&self` everywhere); processes and threads are serialised by the folder lock.
#[derive(Debug)]
pub struct Journal {
    dir: PathBuf,
    /// Repairs made after `open` (by `append` or `entries`), until `take_repairs`.
    repairs: Mutex<Vec<Repair>>,
}

/// The journal folder of a campaign file: `camp/ssti03.toml` → `camp/ssti03.journal`.
pub fn journal_dir(campaign_file: &Path) -> PathBuf {
    let stem = campaign_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "campaign".to_owned());
    campaign_file
        .parent()
        .unwrap_or(Path::new(""))
        .join(format!("{stem}.journal"))
}

impl Journal {
    /// Opens the journal of `campaign_file`: checks every `*.jsonl` of its folder, cutting
    /// torn tails (each reported as a [`Repair`]). A folder that does not exist yet is an empty
    /// journal; it is created by the first append. A line that cannot be read and is not the
    /// last of its file is an error (`JournalError::Corrupt`), and nothing is changed.
    pub fn open(campaign_file: &Path) -> Result<(Journal, Vec<Repair>), JournalError> {
        let journal = Journal {
            dir: journal_dir(campaign_file),
            repairs: Mutex::new(Vec::new()),
        };
        let (_, repairs) = journal.read_all()?;
        Ok((journal, repairs))
    }

    /// The journal folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file that holds `author`'s entries.
    pub fn author_file(&self, author: &str) -> PathBuf {
        self.dir.join(format!("{}.jsonl", file_stem(author)))
    }

    /// Appends one entry to `author`'s file and returns it once it is on disk: under the folder
    /// lock, the whole line (with its `\n`) is written by one `write_all` on a file opened in
    /// append mode, then `sync_data`; the folder is synced too when the file was created.
    /// `payload` must be a JSON object (`null` stands for `{}`).
    ///
    /// The entry's time is now, or 1 ms after the latest entry of the folder (any author) if
    /// the clock has not moved past it: within a folder, journal order is the order of writing,
    /// so an `undo` or a status change always sorts after the entry it refers to.
    pub fn append(
        &self,
        author: &str,
        action: &str,
        payload: Value,
    ) -> Result<Entry, JournalError> {
        self.append_with(author, action, payload, |_| Ok(None))
    }

    /// Appends an `undo` of entry `entry_id` (payload `{"entry": id}`) after checking, under
    /// the lock, that such an entry exists. Whether undoing it makes sense is the fold's call
    /// (`State::check`).
    pub fn undo(&self, author: &str, entry_id: &str) -> Result<Entry, JournalError> {
        self.append_with(author, UNDO, super::actions::undo(entry_id), |journal| {
            let entries = journal.read_all_noting_repairs()?;
            match entries.iter().any(|e| e.id == entry_id) {
                true => Ok(None),
                false => Err(JournalError::UnknownEntry(entry_id.to_owned())),
            }
        })
    }

    /// Appends a `defect.new` whose payload `id` is assigned here, under the lock: the author's
    /// initials and 1 + the highest number used with them in any file (`MD-7`; see
    /// `journal::id`). Returns the entry; the id is `entry.payload["id"]`.
    pub fn new_defect(&self, author: &str, payload: Value) -> Result<Entry, JournalError> {
        let Value::Object(mut fields) = payload else {
            return Err(JournalError::Invalid(
                "a defect must be a JSON object".into(),
            ));
        };
        self.append_with(author, DEFECT_NEW, Value::Null, |journal| {
            let entries = journal.read_all_noting_repairs()?;
            let used = entries
                .iter()
                .filter(|e| e.action == DEFECT_NEW)
                .filter_map(|e| e.str_field("id"));
            let id = next_defect_id(author, used);
            fields.insert("id".into(), Value::String(id));
            Ok(Some(fields))
        })
    }

    /// Appends an entry after checking it, under the lock, against the state of everything
    /// written so far (`State::check`): two processes acting at once cannot both record
    /// conflicting changes (verify and reject the same defect) — the second is refused.
    pub fn append_checked(
        &self,
        author: &str,
        action: &str,
        payload: Value,
    ) -> Result<Entry, JournalError> {
        let checked = payload.clone();
        self.append_with(author, action, payload, |journal| {
            let entries = journal.read_all_noting_repairs()?;
            super::State::from_entries(&entries)
                .check(author, action, &checked)
                .map_err(|e| JournalError::Invalid(e.to_string()))?;
            Ok(None)
        })
    }

    /// Every entry of every author file, merged in journal order `(time, id)`. Torn tails
    /// met here (a writer crashed since `open`) are cut and kept for [`Journal::take_repairs`].
    pub fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        let (entries, repairs) = self.read_all()?;
        self.note_repairs(repairs);
        Ok(entries)
    }

    /// The repairs made since `open` by `append` and `entries` (usually none), emptied.
    pub fn take_repairs(&self) -> Vec<Repair> {
        std::mem::take(&mut *self.repairs.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn note_repairs(&self, repairs: impl IntoIterator<Item = Repair>) {
        let mut pending = self.repairs.lock().unwrap_or_else(|p| p.into_inner());
        pending.extend(repairs);
    }

    /// Reads all files under the lock (without one in a read-only folder).
    fn read_all(&self) -> Result<(Vec<Entry>, Vec<Repair>), JournalError> {
        if !self.dir.is_dir() {
            return Ok((Vec::new(), Vec::new()));
        }
        let _lock = DirLock::acquire(&self.dir)?;
        self.read_all_locked()
    }

    /// `read_all_locked`, the repairs kept for `take_repairs`.
    fn read_all_noting_repairs(&self) -> Result<Vec<Entry>, JournalError> {
        let (entries, repairs) = self.read_all_locked()?;
        self.note_repairs(repairs);
        Ok(entries)
    }

    /// The `*.jsonl` files of the folder, sorted.
    fn files(&self) -> Result<Vec<PathBuf>, JournalError> {
        let mut files = Vec::new();
        let listing = fs::read_dir(&self.dir).map_err(JournalError::io("list", &self.dir))?;
        for item in listing {
            let path = item.map_err(JournalError::io("list", &self.dir))?.path();
            if path.extension().is_some_and(|ext| ext == "jsonl") && path.is_file() {
                files.push(path);
            }
        }
        files.sort();
        Ok(files)
    }

    fn other_files(&self, own: &Path) -> Result<Vec<PathBuf>, JournalError> {
        let mut files = self.files()?;
        files.retain(|p| p != own);
        Ok(files)
    }

    fn read_all_locked(&self) -> Result<(Vec<Entry>, Vec<Repair>), JournalError> {
        let files = self.files()?;
        let (mut all, mut repairs) = (Vec::new(), Vec::new());
        let mut seen: HashMap<String, (PathBuf, Entry)> = HashMap::new();
        for path in files {
            let (entries, repair) = read_file(&path)?;
            repairs.extend(repair);
            for entry in entries {
                match seen.get(&entry.id) {
                    // The very same entry twice (a copied file): keep one.
                    Some((_, first)) if *first == entry => continue,
                    Some((first, _)) => {
                        return Err(JournalError::DuplicateId {
                            id: entry.id,
                            first: first.clone(),
                            second: path,
                        });
                    }
                    None => {
                        seen.insert(entry.id.clone(), (path.clone(), entry.clone()));
                        all.push(entry);
                    }
                }
            }
        }
        sort_entries(&mut all);
        Ok((all, repairs))
    }

    /// The append protocol. `prepare` runs under the lock before the write, to read the
    /// other files or check something; a payload it returns replaces `payload`.
    fn append_with(
        &self,
        author: &str,
        action: &str,
        payload: Value,
        prepare: impl FnOnce(&Journal) -> Result<Option<Map<String, Value>>, JournalError>,
    ) -> Result<Entry, JournalError> {
        let author = author.trim();
        validate(author, action)?;
        let payload = match payload {
            Value::Object(fields) => Some(fields),
            Value::Null => None,
            _ => {
                return Err(JournalError::Invalid(format!(
                    "the payload of {action} must be a JSON object"
                )));
            }
        };
        ensure_dir(&self.dir)?;
        let _lock = DirLock::acquire(&self.dir)?
            .ok_or_else(|| JournalError::Invalid(format!("{} is read-only", self.dir.display())))?;
        let payload = prepare(self)?.or(payload).unwrap_or_default();
        let path = self.author_file(author);
        let created = !path.exists();
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(JournalError::io("open", &path))?;
        let tail = check_tail(&file, &path)?;
        self.note_repairs(tail.repair);
        let latest = self
            .other_files(&path)?
            .into_iter()
            .filter_map(|p| last_time(&p));
        let mut time = now_millis();
        if let Some(last) = latest.chain(tail.last_time).max().filter(|l| time <= *l) {
            time = last + TimeDelta::milliseconds(1);
        }
        let entry = Entry {
            id: new_entry_id(&time, author),
            time,
            author: author.to_owned(),
            action: action.to_owned(),
            payload,
        };
        let written = (&file)
            .write_all(&entry.to_line())
            .and_then(|()| file.sync_data());
        if let Err(e) = written {
            // Not acknowledged: take back what may have reached the file (best effort; the
            // torn-tail rule covers a failure here).
            let _ = file.set_len(tail.len).and_then(|()| file.sync_all());
            return Err(JournalError::io("write to", &path)(e));
        }
        if created {
            sync_dir(&self.dir)?;
        }
        Ok(entry)
    }
}

fn validate(author: &str, action: &str) -> Result<(), JournalError> {
    if author.is_empty() {
        return Err(JournalError::Invalid("the author is empty".into()));
    }
    let bad_action = action.is_empty()
        || action.len() > 64
        || !action
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-');
    if bad_action {
        return Err(JournalError::Invalid(format!(
            "{action:?} is not an action name (letters, digits, '.', '_', '-')"
        )));
    }
    Ok(())
}
