//! `Journal`: the journal folder of a campaign — open and read (no lock, no change), append
//! (locked, one `write_all`, fsync; torn tails repaired there), read all entries merged.
//! Must not import DuckDB; the fold (`State::check`) only to check an entry under the lock.

use std::collections::{HashMap, HashSet};
use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use serde_json::{Map, Value};

use super::actions::{DEFECT_NEW, UNDO, is_known};
use super::author::file_stem;
use super::entry::{Entry, now_millis, sort_entries};
use super::error::{JournalError, JournalNotice};
use super::fsutil::{DirLock, ensure_dir, fault, sync_dir};
use super::id::{new_entry_id, next_defect_id};
use super::installation;
use super::scan::{check_tail, last_seq, read_file};

/// Told who holds the lock when a writer has waited for it a second.
pub type OnWaiting = Arc<dyn Fn(&JournalNotice) + Send + Sync>;

/// The journal of one campaign: the folder `<campaign stem>.journal/` beside the campaign
/// file, holding one append-only `<author>@<installation>.jsonl` per author and installation
/// (and the `<author>.jsonl` of recette versions before installations, still read). Cheap to
/// share between threads (`&self` everywhere); writers, threads and processes alike, are
/// serialised by the folder lock; readers take none.
pub struct Journal {
    dir: PathBuf,
    /// This installation's id, resolved on the first write (or given by `with_installation`).
    installation: OnceLock<String>,
    /// Notices met after `open` (by `append` or `entries`), until `take_notices`.
    notices: Mutex<Vec<JournalNotice>>,
    /// Every notice already handed out, so that each is said once.
    said: Mutex<HashSet<String>>,
    waiting: Option<OnWaiting>,
}

impl std::fmt::Debug for Journal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Journal")
            .field("dir", &self.dir)
            .field("installation", &self.installation.get())
            .finish_non_exhaustive()
    }
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
    /// Opens the journal of `campaign_file` and reads every `*.jsonl` of its folder, changing
    /// nothing and taking no lock: the notices say what is worth saying (a torn tail left for
    /// the next writer, an action of a newer recette). A folder that does not exist yet is an
    /// empty journal; it is created by the first append. A line that cannot be read and is
    /// not the last of its file is an error (`JournalError::Corrupt`).
    pub fn open(campaign_file: &Path) -> Result<(Journal, Vec<JournalNotice>), JournalError> {
        let journal = Journal {
            dir: journal_dir(campaign_file),
            installation: OnceLock::new(),
            notices: Mutex::new(Vec::new()),
            said: Mutex::new(HashSet::new()),
            waiting: None,
        };
        journal.read_all(false)?;
        let notices = journal.take_notices();
        Ok((journal, notices))
    }

    /// The same journal written from installation `id` instead of this one's (tests, tools).
    pub fn with_installation(self, id: &str) -> Journal {
        let installation = OnceLock::new();
        let _ = installation.set(id.to_owned());
        Journal {
            installation,
            ..self
        }
    }

    /// The same journal, telling `waiting` when a writer has waited a second for the lock.
    pub fn on_waiting(self, waiting: OnWaiting) -> Journal {
        Journal {
            waiting: Some(waiting),
            ..self
        }
    }

    /// The journal folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// This installation's id (`journal::installation`), made on first use.
    pub fn installation(&self) -> Result<&str, JournalError> {
        if let Some(id) = self.installation.get() {
            return Ok(id.as_str());
        }
        let id = installation::current()?;
        Ok(self.installation.get_or_init(|| id).as_str())
    }

    /// The file this installation writes `author`'s entries to: `marie_dupont@7f3a.jsonl`.
    pub fn author_file(&self, author: &str) -> Result<PathBuf, JournalError> {
        let installation = self.installation()?;
        Ok(self
            .dir
            .join(format!("{}@{installation}.jsonl", file_stem(author))))
    }

    /// Takes the journal's lock as a writer does (waiting, then giving up after
    /// `RECETTE_LOCK_TIMEOUT`), and holds it until the guard is dropped. For tools and tests;
    /// the writes below take it themselves.
    pub fn lock(&self) -> Result<JournalLock, JournalError> {
        ensure_dir(&self.dir)?;
        self.acquire().map(JournalLock)
    }

    fn acquire(&self) -> Result<DirLock, JournalError> {
        let waiting = |holder: &str| {
            if let Some(waiting) = &self.waiting {
                waiting(&JournalNotice::Waiting {
                    holder: holder.to_owned(),
                });
            }
        };
        DirLock::acquire(&self.dir, &waiting)?
            .ok_or_else(|| JournalError::Invalid(super::fsutil::why_not_writable(&self.dir)))
    }

    /// Appends one entry to this installation's file of `author` and returns it once it is on
    /// disk: under the folder lock, the whole line (with its `\n`) is written by one
    /// `write_all` on a file opened in append mode, then `sync_data`; the folder is synced too
    /// when the file was created. `payload` must be a JSON object (`null` stands for `{}`).
    ///
    /// The entry's time is this machine's clock, as it is. Its `seq` is 1 + the highest `seq`
    /// in the folder, so journal order `(seq, time, id)` puts it after everything written
    /// before it here, whatever the clocks say: an `undo` or a status change always sorts
    /// after the entry it refers to.
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
            let entries = journal.read_all(true)?;
            match entries.iter().any(|e| e.id == entry_id) {
                true => Ok(None),
                false => Err(JournalError::UnknownEntry(entry_id.to_owned())),
            }
        })
    }

    /// Appends a `defect.new` whose payload `id` is assigned here, under the lock: the author's
    /// prefix on this installation and 1 + the highest number used with it in any file
    /// (`MD4KQ-7`; see `journal::id`). Returns the entry; the id is `entry.payload["id"]`.
    pub fn new_defect(&self, author: &str, payload: Value) -> Result<Entry, JournalError> {
        let Value::Object(mut fields) = payload else {
            return Err(JournalError::Invalid(
                "a defect must be a JSON object".into(),
            ));
        };
        let installation = self.installation()?.to_owned();
        self.append_with(author, DEFECT_NEW, Value::Null, |journal| {
            let entries = journal.read_all(true)?;
            let used = entries
                .iter()
                .filter(|e| e.action == DEFECT_NEW)
                .filter_map(|e| e.str_field("id"));
            let id = next_defect_id(author, &installation, used);
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
            let entries = journal.read_all(true)?;
            super::State::from_entries(&entries)
                .check(author, action, &checked)
                .map_err(|e| JournalError::Invalid(e.to_string()))?;
            Ok(None)
        })
    }

    /// Every entry of every file, merged in journal order `(seq, time, id)`. Takes no lock
    /// and changes nothing; what is worth saying is kept for [`Journal::take_notices`].
    pub fn entries(&self) -> Result<Vec<Entry>, JournalError> {
        self.read_all(false)
    }

    /// The notices met since `open` by `append` and `entries` (usually none), each said once.
    pub fn take_notices(&self) -> Vec<JournalNotice> {
        std::mem::take(&mut *self.notices.lock().unwrap_or_else(|p| p.into_inner()))
    }

    fn note(&self, notice: JournalNotice) {
        let key = match &notice {
            // A torn tail left in place is said again once moved aside.
            JournalNotice::Repair(r) => format!("{r:?}"),
            other => other.to_string(),
        };
        let fresh = self
            .said
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key);
        if fresh {
            let mut pending = self.notices.lock().unwrap_or_else(|p| p.into_inner());
            pending.push(notice);
        }
    }

    /// The `*.jsonl` files of the folder, sorted.
    fn files(&self) -> Result<Vec<PathBuf>, JournalError> {
        let mut files = Vec::new();
        if !self.dir.is_dir() {
            return Ok(files);
        }
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

    /// Reads and merges all files. `repair`: the caller is a writer holding the lock, and
    /// torn tails are moved aside; otherwise nothing is changed.
    fn read_all(&self, repair: bool) -> Result<Vec<Entry>, JournalError> {
        let mut all = Vec::new();
        let mut seen: HashMap<String, (PathBuf, Entry)> = HashMap::new();
        for path in self.files()? {
            let (entries, found) = read_file(&path, repair)?;
            if let Some(found) = found {
                self.note(JournalNotice::Repair(found));
            }
            for entry in entries {
                if !is_known(&entry.action) {
                    self.note(JournalNotice::NewerAction {
                        file: path.clone(),
                        action: entry.action.clone(),
                    });
                }
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
        Ok(all)
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
        let path = self.author_file(author)?;
        let installation = self.installation()?.to_owned();
        ensure_dir(&self.dir)?;
        let _lock = self.acquire()?;
        let payload = prepare(self)?.or(payload).unwrap_or_default();
        let created = !path.exists();
        let file = OpenOptions::new()
            .read(true)
            .append(true)
            .create(true)
            .open(&path)
            .map_err(JournalError::io("open", &path))?;
        let tail = check_tail(&file, &path)?;
        if let Some(repair) = tail.repair.clone() {
            self.note(JournalNotice::Repair(repair));
        }
        let highest = self
            .files()?
            .into_iter()
            .filter(|p| *p != path)
            .filter_map(|p| last_seq(&p))
            .chain(tail.last_seq)
            .max()
            .unwrap_or(0);
        let time = now_millis();
        let entry = Entry {
            id: new_entry_id(&time, author, &installation),
            time,
            seq: highest + 1,
            author: author.to_owned(),
            action: action.to_owned(),
            payload,
        };
        let mut line = Vec::new();
        if tail.needs_newline {
            line.push(b'\n');
        }
        line.extend(entry.to_line());
        fault("journal.before_write");
        let written = write_line(&file, &line).and_then(|()| {
            fault("journal.after_write");
            file.sync_data()
        });
        if let Err(e) = written {
            // Not acknowledged: take back what may have reached the file (best effort; the
            // torn-tail rule covers a failure here).
            let _ = file.set_len(tail.len).and_then(|()| file.sync_all());
            return Err(JournalError::io("write to", &path)(e));
        }
        if created {
            sync_dir(&self.dir)?;
        }
        fault("journal.after_sync");
        Ok(entry)
    }
}

/// The whole line in one `write_all` — or, under `RECETTE_FAULT=journal.mid_write`, half of
/// it and then a crash, as an interrupted write leaves it.
fn write_line(mut file: &fs::File, line: &[u8]) -> std::io::Result<()> {
    if std::env::var_os("RECETTE_FAULT").is_some_and(|v| v == "journal.mid_write") {
        file.write_all(&line[..line.len() / 2])?;
        file.sync_data()?;
        fault("journal.mid_write");
    }
    file.write_all(line)
}

/// The journal's lock held by [`Journal::lock`], released when dropped.
pub struct JournalLock(#[allow(dead_code)] DirLock);

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
