//! File-system helpers of the journal: the folder lock, directory fsync, folder creation and
//! side files. The only place that names `fs4`.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use super::error::JournalError;

/// The lock file inside the journal folder. Deleting it while a writer runs would break the
/// mutual exclusion, hence the leading dot (and `open`/`append` simply recreate it).
pub const LOCK_FILE: &str = ".lock";

/// An exclusive OS lock (`flock` on Unix, `LockFileEx` on Windows) on the journal folder's lock
/// file, held until dropped. Every write *and* every read of the journal files happens under
/// it: threads and processes are serialised alike, because each acquisition opens the lock
/// file anew (a separate open file description). Released by the OS if the process dies.
pub struct DirLock {
    file: File,
}

impl DirLock {
    /// Waits for the lock. `Ok(None)` when the folder is read-only and has no lock file we can
    /// open: then nobody can be writing there, and the caller reads without a lock.
    pub fn acquire(dir: &Path) -> Result<Option<DirLock>, JournalError> {
        let path = dir.join(LOCK_FILE);
        let opened = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .or_else(|e| match e.kind() {
                ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => File::open(&path),
                _ => Err(e),
            });
        let file = match opened {
            Ok(file) => file,
            Err(e) if is_read_only(&e) || e.kind() == ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(JournalError::io("open the lock file", &path)(e)),
        };
        fs4::FileExt::lock(&file).map_err(JournalError::io("lock", &path))?;
        Ok(Some(DirLock { file }))
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        // Closing the file releases the lock too; unlocking first is merely explicit.
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

/// Whether an I/O error means "this place is read-only for us".
pub fn is_read_only(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem
    )
}

/// Makes a directory entry durable: fsync of the directory itself (a no-op on Windows, where
/// directories cannot be opened as files and NTFS journals the metadata).
pub fn sync_dir(dir: &Path) -> Result<(), JournalError> {
    #[cfg(unix)]
    {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        File::open(dir)
            .and_then(|d| d.sync_all())
            .map_err(JournalError::io("sync the folder", dir))?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// Creates the journal folder if needed, and makes its creation durable.
pub fn ensure_dir(dir: &Path) -> Result<(), JournalError> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir).map_err(JournalError::io("create the folder", dir))?;
    sync_dir(dir.parent().unwrap_or(Path::new(".")))
}

/// Writes `bytes` to a new file `<file name>.torn-<UTC stamp>[-n]` beside `file` and syncs it
/// and the folder. The name does not end in `.jsonl`, so it is never read as a journal.
pub fn save_side_file(file: &Path, bytes: &[u8]) -> std::io::Result<PathBuf> {
    let dir = file.parent().unwrap_or(Path::new("."));
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ");
    for n in 0..1000 {
        let suffix = if n == 0 {
            String::new()
        } else {
            format!("-{n}")
        };
        let side = dir.join(format!("{name}.torn-{stamp}{suffix}"));
        match OpenOptions::new().write(true).create_new(true).open(&side) {
            Ok(mut out) => {
                out.write_all(bytes)?;
                out.sync_all()?;
                sync_dir(dir).map_err(|e| std::io::Error::other(e.to_string()))?;
                return Ok(side);
            }
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(
        "too many side files with the same time stamp",
    ))
}
