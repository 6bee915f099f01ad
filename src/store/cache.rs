//! The per-campaign results folder: immutable files named after the fingerprints of what
//! they were computed from, written under a temporary name, synced and renamed into place,
//! so any number of `recette` processes can read and write it at once without a database
//! lock. Each process lists what it reads in a lease (`leases/<pid>.json`), so a sweep by
//! another process never removes a file still open (see `store::sweep`).
//!
//! The folder is a cache: deleting it only costs a recomputation.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use super::error::StoreError;

/// The layout of the results folder: what its files are called and what they hold. Bumped
/// once per release that changes it (never once per feature): a new layout lives in its
/// own sub-folder `layout-<n>`, so results are rebuilt once, and older layouts are ignored
/// and removed by `recette cache --clear`.
pub const RESULTS_LAYOUT: u32 = 2;

/// The sub-folder of a campaign's folder holding the current layout's results.
pub fn layout_dir_name() -> String {
    format!("layout-{RESULTS_LAYOUT}")
}

/// The folder of the leases, inside the results folder.
pub const LEASES: &str = "leases";

#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

/// The result names each results folder's leases hold for this process.
static HELD: Mutex<BTreeMap<PathBuf, BTreeSet<String>>> = Mutex::new(BTreeMap::new());

impl Cache {
    /// The folder for `campaign_file`: `$RECETTE_CACHE_DIR/<campaign>/layout-<n>` if set,
    /// else the user's cache directory (`~/.cache/recette/campaigns/<campaign>/layout-<n>`
    /// on Linux).
    pub fn for_campaign(campaign_file: &Path) -> Result<Cache, StoreError> {
        let base = match std::env::var_os("RECETTE_CACHE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("", "", "recette")
                .map(|d| d.cache_dir().join("campaigns"))
                .unwrap_or_else(|| std::env::temp_dir().join("recette-cache")),
        };
        let root = base
            .join(campaign_name(campaign_file))
            .join(layout_dir_name());
        fs::create_dir_all(&root).map_err(StoreError::io(&root))?;
        Ok(Cache { root })
    }

    /// A results folder at an explicit place (tests, tools).
    pub fn at(root: PathBuf) -> Result<Cache, StoreError> {
        fs::create_dir_all(&root).map_err(StoreError::io(&root))?;
        Ok(Cache { root })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.root.join(name)
    }

    /// The campaign's folder when this one is a layout sub-folder (where older layouts
    /// sit), for `recette cache --clear`.
    pub fn campaign_dir(&self) -> Option<&Path> {
        let name = self.root.file_name()?.to_string_lossy();
        name.starts_with("layout-")
            .then(|| self.root.parent())
            .flatten()
    }

    /// A spill folder for one DuckDB database of this process (two never share one; DuckDB
    /// removes it when the database closes, and a dead process's is swept).
    pub fn spill_dir(&self) -> PathBuf {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        self.root.join(format!("spill-{}-{n}", std::process::id()))
    }

    /// A fresh temporary path in the folder, for a writer that renames it into place.
    /// The name starts with `.tmp-<pid>-`, so a dead writer's leftovers can be swept.
    pub fn temp_path(&self, name: &str) -> PathBuf {
        let unique = format!(
            ".tmp-{}-{}-{}",
            std::process::id(),
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
            name
        );
        self.root.join(unique)
    }

    /// Moves a finished temporary file to its final name (atomic on one file system),
    /// after syncing it, then syncs the folder: a published file is whole after a crash.
    pub fn publish(&self, temp: &Path, name: &str) -> Result<PathBuf, StoreError> {
        let target = self.path(name);
        fs::File::open(temp)
            .and_then(|f| f.sync_all())
            .map_err(StoreError::io(temp))?;
        super::fault::point("publish");
        fs::rename(temp, &target).map_err(StoreError::io(&target))?;
        sync_dir(&self.root);
        Ok(target)
    }

    /// Writes `bytes` to `name` atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        let temp = self.temp_path(name);
        fs::write(&temp, bytes).map_err(StoreError::io(&temp))?;
        self.publish(&temp, name)
    }

    /// Marks `name` (a result, a transcoded file, a comparison: the part before its
    /// suffixes) as used by this process: listed in its lease until it exits, and its
    /// use time (`path`'s modification time) set to now. Best effort: a read-only folder
    /// only loses the sweep's information.
    pub fn hold(&self, name: &str, path: &Path) {
        touch(path);
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        let names = held.entry(self.root.clone()).or_default();
        if names.insert(name.to_string()) {
            let lease = serde_json::json!({ "pid": std::process::id(), "names": names });
            let dir = self.root.join(LEASES);
            let _ = fs::create_dir_all(&dir);
            let file = dir.join(format!("{}.json", std::process::id()));
            let temp = dir.join(format!(".tmp-{}-lease", std::process::id()));
            if fs::write(&temp, lease.to_string()).is_ok() {
                let _ = fs::rename(&temp, &file);
            }
        }
    }
}

/// Removes this process's leases (at exit; a dead process's lease is ignored anyway).
pub fn release_all() {
    let held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    for root in held.keys() {
        let _ = fs::remove_file(
            root.join(LEASES)
                .join(format!("{}.json", std::process::id())),
        );
    }
}

/// How stale a "last used" time may be before a read sets it again: the sweep counts in
/// hours, and an unchanged command then writes nothing.
const TOUCH_AFTER: std::time::Duration = std::time::Duration::from_secs(600);

/// Sets `path`'s modification time to now (the "last used" time the sweep reads), unless
/// it is recent already.
pub fn touch(path: &Path) {
    let now = SystemTime::now();
    let recent = fs::metadata(path)
        .and_then(|m| m.modified())
        .is_ok_and(|m| now.duration_since(m).unwrap_or_default() < TOUCH_AFTER);
    if recent {
        return;
    }
    if let Ok(file) = fs::File::options().append(true).open(path) {
        let _ = file.set_modified(now);
    }
}

/// Syncs a folder, so a rename in it survives a crash (a no-op where folders cannot be
/// opened, as on Windows).
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A campaign's own name among others in a per-user folder: its file's stem and a hash of
/// its full path (two `campaign.toml` in different folders are different campaigns).
pub fn campaign_name(campaign_file: &Path) -> String {
    let canonical = fs::canonicalize(campaign_file).unwrap_or_else(|_| campaign_file.to_path_buf());
    let stem = campaign_file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = digest(&[canonical.to_string_lossy().as_bytes()]);
    format!("{}-{}", sanitize(&stem), &id[..16])
}

/// What identifies an input file's content without reading it: path, size, modification
/// time, and on Unix the inode and status-change time, which no copy tool (`cp -p`,
/// `rsync -t`, `touch -r`) can set back. Any edit or replacement changes it.
pub fn fingerprint(file: &Path) -> Result<String, StoreError> {
    let meta = fs::metadata(file).map_err(StoreError::io(file))?;
    #[cfg(unix)]
    let identity = {
        use std::os::unix::fs::MetadataExt;
        format!(
            "{}|{}|{}.{}",
            meta.dev(),
            meta.ino(),
            meta.ctime(),
            meta.ctime_nsec()
        )
    };
    #[cfg(not(unix))]
    let identity = String::new();
    let modified = meta
        .modified()
        .ok()
        .and_then(|m| m.duration_since(UNIX_EPOCH).ok())
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let canonical = fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf());
    Ok(format!(
        "{}|{}|{}|{identity}",
        canonical.display(),
        meta.len(),
        modified
    ))
}

/// A short hex digest of the parts, with the layout version mixed in.
pub fn digest(parts: &[&[u8]]) -> String {
    let mut hasher = Sha256::new();
    hasher.update(format!("recette-layout-{RESULTS_LAYOUT}").as_bytes());
    // A new version of recette may compute differently: it never reads an older one's results.
    hasher.update(env!("CARGO_PKG_VERSION").as_bytes());
    for part in parts {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    hasher
        .finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Keeps letters, digits, `-` and `_`, for names built from user text.
pub fn sanitize(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_changes_when_the_file_changes() {
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("a.csv");
        fs::write(&f, "a\n1\n").unwrap();
        let before = fingerprint(&f).unwrap();
        fs::write(&f, "a\n12\n").unwrap();
        assert_ne!(before, fingerprint(&f).unwrap());
    }

    #[test]
    fn digest_separates_parts() {
        assert_ne!(digest(&[b"ab", b"c"]), digest(&[b"a", b"bc"]));
    }

    #[test]
    fn sanitize_keeps_names_safe() {
        assert_eq!(sanitize("../ssti03 é"), "___ssti03__");
    }
}
