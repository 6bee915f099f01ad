//! The per-campaign results folder: immutable files named after the fingerprints of what
//! they were computed from, written under a temporary name and renamed into place, so any
//! number of `recette` processes can read and write it at once without a database lock.
//!
//! The folder is a cache: deleting it only costs a recomputation.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use sha2::{Digest, Sha256};

use super::error::StoreError;

/// Bumped whenever what a stage file holds changes, so old results are never misread.
const LAYOUT_VERSION: &str = "recette-cache-4";

#[derive(Debug, Clone)]
pub struct Cache {
    root: PathBuf,
}

impl Cache {
    /// The folder for `campaign_file`: `$RECETTE_CACHE_DIR/<hash>` if set, else the user's
    /// cache directory (`~/.cache/recette/campaigns/<hash>` on Linux).
    pub fn for_campaign(campaign_file: &Path) -> Result<Cache, StoreError> {
        let base = match std::env::var_os("RECETTE_CACHE_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("", "", "recette")
                .map(|d| d.cache_dir().join("campaigns"))
                .unwrap_or_else(|| std::env::temp_dir().join("recette-cache")),
        };
        let root = base.join(campaign_name(campaign_file));
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

    /// A fresh temporary path in the folder, for a writer that renames it into place.
    pub fn temp_path(&self, name: &str) -> PathBuf {
        let unique = format!(
            ".tmp-{}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or(0),
            name
        );
        self.root.join(unique)
    }

    /// Moves a finished temporary file to its final name (atomic on one file system).
    pub fn publish(&self, temp: &Path, name: &str) -> Result<PathBuf, StoreError> {
        let target = self.path(name);
        fs::rename(temp, &target).map_err(StoreError::io(&target))?;
        Ok(target)
    }

    /// Writes `bytes` to `name` atomically.
    pub fn write(&self, name: &str, bytes: &[u8]) -> Result<PathBuf, StoreError> {
        let temp = self.temp_path(name);
        fs::write(&temp, bytes).map_err(StoreError::io(&temp))?;
        self.publish(&temp, name)
    }
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
    hasher.update(LAYOUT_VERSION.as_bytes());
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
