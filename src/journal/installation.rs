//! The installation id: four random characters made once per installation of recette (a
//! user on a machine) and kept in its data folder, so that one author working from two
//! machines writes two journal files (`marie@7f3a.jsonl`, `marie@k2q9.jsonl`) and two series
//! of defect ids that never meet. Imports nothing outside `journal`.
//!
//! Where: `$RECETTE_DATA_DIR/installation`, else the user data folder
//! (`~/.local/share/recette/installation` on Linux). Made on the first recording, never
//! by a command that only reads. If that folder cannot be written (a read-only home), the
//! id is derived from the machine's and the user's names instead: stable, and still distinct
//! between machines.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::author::fnv1a;
use super::error::JournalError;
use super::id::base32;

/// The file name of the installation id inside the data folder.
pub const INSTALLATION_FILE: &str = "installation";

/// Length of an installation id: 4 characters of lower-case Crockford base32 (20 bits).
pub const INSTALLATION_LEN: usize = 4;

/// This installation's id, made and stored on first use (see the module doc).
pub fn current() -> Result<String, JournalError> {
    match data_dir() {
        Some(dir) => load_or_create(&dir),
        None => Ok(derived()),
    }
}

/// Whether `text` is an installation id (`7f3a`).
pub fn is_valid(text: &str) -> bool {
    text.len() == INSTALLATION_LEN
        && text
            .bytes()
            .all(|b| b"0123456789abcdefghjkmnpqrstvwxyz".contains(&b))
}

fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("RECETTE_DATA_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => directories::ProjectDirs::from("", "", "recette").map(|d| d.data_dir().into()),
    }
}

/// Reads `<dir>/installation`, or makes it: written to a temporary file, then linked into
/// place only if no other process made it first (whose id then wins).
pub fn load_or_create(dir: &Path) -> Result<String, JournalError> {
    let path = dir.join(INSTALLATION_FILE);
    if let Some(id) = read(&path)? {
        return Ok(id);
    }
    let made = (|| -> std::io::Result<()> {
        fs::create_dir_all(dir)?;
        let id = base32(u64::from(rand::random::<u32>()), INSTALLATION_LEN);
        let tmp = dir.join(format!(
            ".installation-{}-{}",
            std::process::id(),
            rand::random::<u32>()
        ));
        let mut out = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        out.write_all(format!("{id}\n").as_bytes())?;
        out.sync_all()?;
        let linked = fs::hard_link(&tmp, &path);
        let _ = fs::remove_file(&tmp);
        match linked {
            Err(e) if e.kind() != ErrorKind::AlreadyExists => Err(e),
            _ => Ok(()),
        }
    })();
    match made {
        Ok(()) => read(&path)?.ok_or_else(|| bad_file(&path)),
        // Nowhere to keep it: the derived id is stable without being stored.
        Err(_) => Ok(derived()),
    }
}

fn read(path: &Path) -> Result<Option<String>, JournalError> {
    match fs::read_to_string(path) {
        Ok(text) if is_valid(text.trim()) => Ok(Some(text.trim().to_owned())),
        Ok(_) => Err(bad_file(path)),
        Err(e) if e.kind() == ErrorKind::NotFound => Ok(None),
        Err(_) => Ok(None),
    }
}

fn bad_file(path: &Path) -> JournalError {
    JournalError::Invalid(format!(
        "{} does not hold an installation id (4 characters among 0-9 a-z, e.g. 7f3a); \
         delete it and recette makes a new one",
        path.display()
    ))
}

/// An id from the host and user names, for an installation that cannot store one.
fn derived() -> String {
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| fs::read_to_string("/etc/hostname").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_default();
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    let seed = format!("{}@{}", user.trim(), host.trim());
    base32(fnv1a(seed.as_bytes()), INSTALLATION_LEN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_once_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let first = load_or_create(&data).unwrap();
        assert!(is_valid(&first), "{first}");
        assert_eq!(load_or_create(&data).unwrap(), first);
        assert_eq!(
            fs::read_to_string(data.join(INSTALLATION_FILE)).unwrap(),
            format!("{first}\n")
        );
    }

    #[test]
    fn a_damaged_file_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(INSTALLATION_FILE), "not an id").unwrap();
        let err = load_or_create(dir.path()).unwrap_err().to_string();
        assert!(
            err.contains(INSTALLATION_FILE) && err.contains("delete it"),
            "{err}"
        );
    }

    #[test]
    fn derived_ids_are_valid() {
        assert!(is_valid(&derived()));
        assert!(!is_valid("7F3A") && !is_valid("7f3") && !is_valid("7f3i"));
    }
}
