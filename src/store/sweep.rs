//! Keeping the results folder small: what each file is (a result, a transcoded input, a
//! comparison, a leftover of a dead process), whether a running `recette` uses it (its
//! lease, see `Cache::hold`), and removing what nobody needs.
//!
//! Results are shared and immutable: a console open in another terminal may still read a
//! result that newer inputs superseded, so a superseded result goes only once unused for
//! an hour and held by no running process. `recette cache --clear` removes everything no
//! running process holds, and the folders of older layouts.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::cache::{Cache, LEASES};

/// How long a superseded result stays after its last use.
pub const UNUSED_FOR: Duration = Duration::from_secs(3600);

/// The files of one result, by the suffix after its name.
pub const RESULT_SUFFIXES: [&str; 4] = [
    ".json",
    "-keys.parquet",
    "-differences.parquet",
    "-nullkeys.parquet",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// Held by a running `recette` (or being written by one).
    InUse,
    /// The latest of its kind, held by nobody: kept, removed by `--clear`.
    Kept,
    /// A leftover of a dead process, or superseded and unused for an hour.
    Removable,
}

/// One thing of the folder: a result (several files), a transcoded file, a leftover...
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub name: String,
    pub paths: Vec<PathBuf>,
    pub bytes: u64,
    pub state: State,
}

/// What the results folder holds.
#[derive(Debug, Clone, Default)]
pub struct Survey {
    pub items: Vec<Item>,
    /// Folders and files of older layouts beside this one (all removable by `--clear`).
    pub old_layouts: Vec<(PathBuf, u64)>,
}

impl Survey {
    pub fn bytes(&self, state: State) -> u64 {
        self.items
            .iter()
            .filter(|i| i.state == state)
            .map(|i| i.bytes)
            .sum()
    }

    pub fn count(&self, state: State) -> usize {
        self.items.iter().filter(|i| i.state == state).count()
    }

    pub fn old_layout_bytes(&self) -> u64 {
        self.old_layouts.iter().map(|(_, b)| b).sum()
    }
}

/// Whether process `pid` runs (a lease or temporary file of a dead one is stale). Where
/// this cannot be known, every process is taken as running: nothing is removed wrongly.
pub fn alive(pid: u32) -> bool {
    pid == std::process::id() || runs(pid)
}

#[cfg(unix)]
fn runs(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // Signal 0 checks existence only; EPERM means it exists under another user.
    // SAFETY: `kill` with signal 0 sends nothing; it has no memory effects.
    let result = unsafe { libc::kill(pid, 0) };
    result == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

#[cfg(not(unix))]
fn runs(_pid: u32) -> bool {
    true
}

/// The names held by running processes, and the lease files of dead ones.
fn leases(root: &Path) -> (BTreeSet<String>, Vec<PathBuf>) {
    let mut held = BTreeSet::new();
    let mut stale = Vec::new();
    let Ok(entries) = fs::read_dir(root.join(LEASES)) else {
        return (held, stale);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = name
            .strip_suffix(".json")
            .or_else(|| {
                name.strip_prefix(".tmp-")
                    .and_then(|r| r.strip_suffix("-lease"))
            })
            .and_then(|p| p.parse::<u32>().ok());
        match pid {
            Some(pid) if alive(pid) => {
                let names = fs::read(&path)
                    .ok()
                    .and_then(|b| serde_json::from_slice::<serde_json::Value>(&b).ok())
                    .and_then(|v| v.get("names").cloned())
                    .and_then(|v| serde_json::from_value::<Vec<String>>(v).ok())
                    .unwrap_or_default();
                held.extend(names);
            }
            Some(_) => stale.push(path),
            None => {}
        }
    }
    (held, stale)
}

/// The pid in a `.tmp-<pid>-...` or `spill-<pid>` name.
fn owner(name: &str) -> Option<u32> {
    let rest = name
        .strip_prefix(".tmp-")
        .or_else(|| name.strip_prefix("spill-"))?;
    rest.split('-').next()?.parse().ok()
}

/// The result, transcoded file or comparison a file belongs to, and its group (results
/// of the same resource and delivery; transcodings of the same input file): the most
/// recently used of a group is current, the others are superseded.
fn classify(name: &str) -> Option<(String, String)> {
    if name.starts_with("rec-") {
        let result = RESULT_SUFFIXES
            .iter()
            .find_map(|s| name.strip_suffix(s))?
            .to_string();
        let group = result.rsplit_once('-')?.0.to_string();
        return Some((result, group));
    }
    if let Some(stem) = name
        .strip_prefix("utf8-")
        .and_then(|n| n.strip_suffix(".csv"))
    {
        let group = stem.split_once('-').map(|(g, _)| g).unwrap_or(stem);
        return Some((name.to_string(), format!("utf8-{group}")));
    }
    if name.starts_with("cmp-") && name.ends_with(".json") {
        // A comparison is never superseded: it is small and names both its results.
        return Some((name.to_string(), name.to_string()));
    }
    None
}

fn size_of(path: &Path) -> u64 {
    let Ok(meta) = fs::symlink_metadata(path) else {
        return 0;
    };
    if meta.is_dir() {
        fs::read_dir(path)
            .map(|entries| entries.flatten().map(|e| size_of(&e.path())).sum())
            .unwrap_or(0)
    } else {
        meta.len()
    }
}

/// What `cache`'s folder holds and what may go, as of `now`.
pub fn survey(cache: &Cache, now: SystemTime) -> Survey {
    let root = cache.root();
    let (held, stale) = leases(root);
    let mut items = Vec::new();
    // result or file name -> (group, paths, bytes, last use, complete)
    let mut named: BTreeMap<String, (String, Vec<PathBuf>, u64, SystemTime, bool)> =
        BTreeMap::new();
    for path in stale {
        let bytes = size_of(&path);
        items.push(Item {
            name: format!(
                "{LEASES}/{}",
                path.file_name().unwrap_or_default().display()
            ),
            paths: vec![path],
            bytes,
            state: State::Removable,
        });
    }
    for entry in fs::read_dir(root).into_iter().flatten().flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(pid) = owner(&name) {
            let bytes = size_of(&path);
            let state = if alive(pid) {
                State::InUse
            } else {
                State::Removable
            };
            items.push(Item {
                name,
                paths: vec![path],
                bytes,
                state,
            });
            continue;
        }
        let Some((item, group)) = classify(&name) else {
            continue;
        };
        let meta = entry.metadata().ok();
        let bytes = meta.as_ref().map_or(0, |m| m.len());
        let used = meta
            .and_then(|m| m.modified().ok())
            .unwrap_or(SystemTime::UNIX_EPOCH);
        let is_report = name.starts_with("rec-") && name.ends_with(".json");
        let slot = named.entry(item).or_insert_with(|| {
            (
                group,
                Vec::new(),
                0,
                SystemTime::UNIX_EPOCH,
                !name.starts_with("rec-"),
            )
        });
        slot.1.push(path);
        slot.2 += bytes;
        // A result's use time is its report's, touched on each read.
        if is_report {
            slot.3 = used;
            slot.4 = true;
        } else if !slot.4 {
            slot.3 = slot.3.max(used);
        }
    }
    // The most recently used complete member of each group is its current one.
    let mut current: BTreeMap<&str, (SystemTime, &str)> = BTreeMap::new();
    for (name, (group, _, _, used, complete)) in &named {
        if !complete {
            continue;
        }
        let slot = current
            .entry(group.as_str())
            .or_insert((*used, name.as_str()));
        if *used > slot.0 {
            *slot = (*used, name.as_str());
        }
    }
    for (name, (group, paths, bytes, used, _)) in &named {
        let is_current = current.get(group.as_str()).map(|c| c.1) == Some(name.as_str());
        let unused = now.duration_since(*used).unwrap_or_default() >= UNUSED_FOR;
        let state = if held.contains(name) {
            State::InUse
        } else if !is_current && unused {
            State::Removable
        } else {
            State::Kept
        };
        items.push(Item {
            name: name.clone(),
            paths: paths.clone(),
            bytes: *bytes,
            state,
        });
    }
    Survey {
        items,
        old_layouts: old_layouts(cache),
    }
}

/// What older layouts left beside the current one: other `layout-*` folders, and the
/// files the first layout kept directly in the campaign's folder.
fn old_layouts(cache: &Cache) -> Vec<(PathBuf, u64)> {
    let Some(dir) = cache.campaign_dir() else {
        return Vec::new();
    };
    let current = cache.root().file_name().map(|n| n.to_os_string());
    let mut out = Vec::new();
    for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if Some(entry.file_name()) == current {
            continue;
        }
        let old = name.starts_with("layout-")
            || name == "spill"
            || name.starts_with(".tmp-")
            || classify(&name).is_some();
        if old {
            let path = entry.path();
            let bytes = size_of(&path);
            out.push((path, bytes));
        }
    }
    out
}

fn remove(path: &Path) -> bool {
    match fs::symlink_metadata(path) {
        Ok(m) if m.is_dir() => fs::remove_dir_all(path).is_ok(),
        Ok(_) => fs::remove_file(path).is_ok(),
        Err(_) => false,
    }
}

/// Removes what is removable now (leftovers of dead processes, superseded results unused
/// for an hour); the bytes freed. Errors are ignored: a sweep only saves space.
pub fn sweep(cache: &Cache) -> u64 {
    let survey = survey(cache, SystemTime::now());
    remove_items(survey.items.iter().filter(|i| i.state == State::Removable))
}

fn remove_items<'a>(items: impl Iterator<Item = &'a Item>) -> u64 {
    let mut freed = 0;
    for item in items {
        if item.paths.iter().fold(false, |any, p| remove(p) | any) {
            freed += item.bytes;
        }
    }
    freed
}

/// What `clear` removed and kept.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cleared {
    pub freed: u64,
    pub removed: usize,
    /// Held by a running `recette`: kept.
    pub kept: usize,
    pub kept_bytes: u64,
}

/// Removes everything no running `recette` holds, and older layouts.
pub fn clear(cache: &Cache) -> Cleared {
    let survey = survey(cache, SystemTime::now());
    let gone: Vec<&Item> = survey
        .items
        .iter()
        .filter(|i| i.state != State::InUse)
        .collect();
    let mut freed = remove_items(gone.iter().copied());
    let mut removed = gone.len();
    for (path, bytes) in &survey.old_layouts {
        if remove(path) {
            freed += bytes;
            removed += 1;
        }
    }
    Cleared {
        freed,
        removed,
        kept: survey.count(State::InUse),
        kept_bytes: survey.bytes(State::InUse),
    }
}

/// Sweeps `cache` once per process (the first engine opened on it).
pub fn sweep_once(cache: &Cache) {
    static SWEPT: std::sync::Mutex<BTreeSet<PathBuf>> = std::sync::Mutex::new(BTreeSet::new());
    let first = SWEPT
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(cache.root().to_path_buf());
    if first {
        sweep(cache);
    }
}

/// Bytes as people read them (`1.2 MB`).
pub fn human(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "kB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aged(path: &Path, age: Duration) {
        let file = fs::File::options().append(true).open(path).unwrap();
        file.set_modified(SystemTime::now() - age).unwrap();
    }

    fn result(cache: &Cache, name: &str, age: Duration) {
        for suffix in RESULT_SUFFIXES {
            let path = cache.path(&format!("{name}{suffix}"));
            fs::write(&path, b"PAR1xxPAR1").unwrap();
            aged(&path, age);
        }
    }

    #[test]
    fn superseded_results_go_after_an_hour_unless_held() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("layout-2")).unwrap();
        let hour = Duration::from_secs(3700);
        result(&cache, "rec-emp-L1-aaaaaaaaaaaaaaaaaaaaaaaa", hour * 3);
        result(&cache, "rec-emp-L1-bbbbbbbbbbbbbbbbbbbbbbbb", hour * 2);
        result(&cache, "rec-emp-L1-cccccccccccccccccccccccc", hour);
        result(
            &cache,
            "rec-emp-L1-dddddddddddddddddddddddd",
            Duration::ZERO,
        );
        cache.hold(
            "rec-emp-L1-bbbbbbbbbbbbbbbbbbbbbbbb",
            &cache.path("nothing-to-touch"),
        );
        let survey = survey(&cache, SystemTime::now());
        let state = |n: &str| {
            survey
                .items
                .iter()
                .find(|i| i.name == format!("rec-emp-L1-{}", n.repeat(24)))
                .unwrap()
                .state
        };
        assert_eq!(state("a"), State::Removable);
        assert_eq!(state("b"), State::InUse);
        assert_eq!(state("c"), State::Removable);
        assert_eq!(state("d"), State::Kept);
        sweep(&cache);
        assert!(
            !cache
                .path("rec-emp-L1-aaaaaaaaaaaaaaaaaaaaaaaa.json")
                .exists()
        );
        assert!(
            cache
                .path("rec-emp-L1-bbbbbbbbbbbbbbbbbbbbbbbb-keys.parquet")
                .exists()
        );
        assert!(
            cache
                .path("rec-emp-L1-dddddddddddddddddddddddd.json")
                .exists()
        );
    }

    #[test]
    fn a_dead_process_leftovers_are_swept_a_live_one_kept() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("layout-2")).unwrap();
        // A pid above Linux's maximum (4,194,304) never runs.
        let dead = cache.path(".tmp-4194999-1-rec-x-keys.parquet");
        let spill = cache.path("spill-4194999");
        fs::write(&dead, b"partial").unwrap();
        fs::create_dir(&spill).unwrap();
        fs::write(spill.join("duckdb_temp"), b"x").unwrap();
        let mine = cache.temp_path("rec-y-keys.parquet");
        fs::write(&mine, b"partial").unwrap();
        fs::create_dir_all(cache.path(LEASES)).unwrap();
        fs::write(
            cache.path(LEASES).join("4194999.json"),
            r#"{"pid":4194999,"names":["rec-z"]}"#,
        )
        .unwrap();
        let lease = fs::metadata(cache.path(LEASES).join("4194999.json"))
            .unwrap()
            .len();
        assert_eq!(sweep(&cache), 7 + 1 + lease);
        assert!(!dead.exists() && !spill.exists());
        assert!(!cache.path(LEASES).join("4194999.json").exists());
        assert!(mine.exists());
    }

    #[test]
    fn clear_keeps_what_a_running_process_holds_and_removes_older_layouts() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("layout-2")).unwrap();
        result(
            &cache,
            "rec-emp-L1-aaaaaaaaaaaaaaaaaaaaaaaa",
            Duration::ZERO,
        );
        result(
            &cache,
            "rec-emp-L2-bbbbbbbbbbbbbbbbbbbbbbbb",
            Duration::ZERO,
        );
        fs::write(dir.path().join("rec-emp-L1-0123456789ab.json"), b"{}").unwrap();
        fs::create_dir(dir.path().join("layout-1")).unwrap();
        cache.hold(
            "rec-emp-L2-bbbbbbbbbbbbbbbbbbbbbbbb",
            &cache.path("rec-emp-L2-bbbbbbbbbbbbbbbbbbbbbbbb.json"),
        );
        let cleared = clear(&cache);
        assert_eq!(cleared.kept, 1);
        assert_eq!(cleared.removed, 3);
        assert!(
            !cache
                .path("rec-emp-L1-aaaaaaaaaaaaaaaaaaaaaaaa.json")
                .exists()
        );
        assert!(
            cache
                .path("rec-emp-L2-bbbbbbbbbbbbbbbbbbbbbbbb.json")
                .exists()
        );
        assert!(!dir.path().join("layout-1").exists());
        assert!(!dir.path().join("rec-emp-L1-0123456789ab.json").exists());
    }
}
