//! File-system helpers of the journal: the folder lock (with its holder and timeout),
//! directory fsync, folder creation, side files and the fault-injection switch. The only place
//! that names `fs4`.

use std::fs::{self, File, OpenOptions};
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::error::JournalError;

/// The lock file inside the journal folder. Deleting it while a writer runs would break the
/// mutual exclusion, hence the leading dot (and `open`/`append` simply recreate it).
pub const LOCK_FILE: &str = ".lock";

/// Beside the lock file, who holds the lock: written by each writer once it has the lock,
/// emptied when it lets go, read by a writer that waits so that it can name the holder.
pub const HOLDER_FILE: &str = ".lock-holder";

/// How long a writer waits for the lock before it says so.
const SAY_AFTER: Duration = Duration::from_secs(1);

/// How long a writer waits for the lock at most, unless `RECETTE_LOCK_TIMEOUT` says.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// An exclusive OS lock (`flock` on Unix, `LockFileEx` on Windows) on the journal folder's lock
/// file, held until dropped. Every write, and every read a write depends on, happens under it:
/// threads and processes are serialised alike, because each acquisition opens the lock file
/// anew (a separate open file description). Released by the OS if the process dies. Commands
/// that only read take no lock.
pub struct DirLock {
    file: File,
    holder: Option<File>,
}

impl DirLock {
    /// Takes the lock, polling: after a second of waiting `waiting` is told who holds it
    /// (once), and after `RECETTE_LOCK_TIMEOUT` seconds (default 30) the wait ends with
    /// `JournalError::LockTimeout` naming the holder. `Ok(None)` when the folder is read-only
    /// and has no lock file we can open: then nobody can be writing there.
    pub fn acquire(dir: &Path, waiting: &dyn Fn(&str)) -> Result<Option<DirLock>, JournalError> {
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
        let timeout = lock_timeout()?;
        let start = Instant::now();
        let mut said = false;
        let mut pause = Duration::from_millis(5);
        loop {
            match fs4::FileExt::try_lock(&file) {
                Ok(()) => break,
                Err(fs4::TryLockError::WouldBlock) => {}
                Err(fs4::TryLockError::Error(e)) => {
                    return Err(JournalError::io("lock", &path)(e));
                }
            }
            let waited = start.elapsed();
            if waited >= timeout {
                return Err(JournalError::LockTimeout {
                    dir: dir.to_path_buf(),
                    holder: holder(dir),
                    seconds: timeout.as_secs(),
                });
            }
            if !said && waited >= SAY_AFTER {
                said = true;
                waiting(&holder(dir));
            }
            std::thread::sleep(pause.min(timeout.saturating_sub(waited)));
            pause = (pause * 2).min(Duration::from_millis(100));
        }
        let holder = write_holder(dir);
        Ok(Some(DirLock { file, holder }))
    }
}

impl Drop for DirLock {
    fn drop(&mut self) {
        if let Some(holder) = &self.holder {
            let _ = holder.set_len(0);
        }
        // Closing the file releases the lock too; unlocking first is merely explicit.
        let _ = fs4::FileExt::unlock(&self.file);
    }
}

/// `RECETTE_LOCK_TIMEOUT`: seconds (a decimal number) a writer waits for the lock.
pub fn lock_timeout() -> Result<Duration, JournalError> {
    let Some(text) = std::env::var_os("RECETTE_LOCK_TIMEOUT") else {
        return Ok(DEFAULT_LOCK_TIMEOUT);
    };
    let text = text.to_string_lossy();
    match text.trim().parse::<f64>() {
        Ok(seconds) if seconds.is_finite() && seconds >= 0.0 => {
            Ok(Duration::from_secs_f64(seconds.min(1e9)))
        }
        _ => Err(JournalError::Invalid(format!(
            "RECETTE_LOCK_TIMEOUT={text:?} is not a number of seconds (e.g. 30); \
             fix or unset that variable"
        ))),
    }
}

/// Who holds the lock, as the holder wrote it; a generic description if it wrote nothing
/// (an older recette, or another tool holding the lock file).
pub fn holder(dir: &Path) -> String {
    match fs::read_to_string(dir.join(HOLDER_FILE)) {
        Ok(text) if !text.trim().is_empty() => text.trim().to_owned(),
        _ => format!(
            "another process (it left no details in {})",
            dir.join(HOLDER_FILE).display()
        ),
    }
}

/// Writes this process's description to the holder file (best effort: the lock is what
/// matters; a folder where it cannot be written simply leaves the holder unnamed).
fn write_holder(dir: &Path) -> Option<File> {
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .open(dir.join(HOLDER_FILE))
        .ok()?;
    file.write_all(describe_self().as_bytes()).ok()?;
    Some(file)
}

/// `pid 4242 (marie on pc-42, since 12:03:04 UTC): recette -c campaign.toml verdict ...`.
fn describe_self() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_else(|_| "?".into());
    let host = std::env::var("HOSTNAME")
        .ok()
        .or_else(|| fs::read_to_string("/etc/hostname").ok())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "?".into());
    let command: String = std::env::args()
        .map(|arg| {
            // The program's path shortened to its name: `recette`.
            let name = arg
                .rsplit(['/', '\\'])
                .next()
                .unwrap_or_default()
                .to_owned();
            match name.as_str() {
                "recette" | "recette.exe" => name,
                _ => arg,
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    format!(
        "pid {} ({user} on {host}, since {} UTC): {command}\n",
        std::process::id(),
        chrono::Utc::now().format("%H:%M:%S")
    )
}

/// Fault injection for the crash tests: when `RECETTE_FAULT` names `point` (e.g.
/// `journal.after_write`), the process stops dead there (no destructor, no further write,
/// exit code 134), as a crash or a `kill -9` would — at a chosen point instead of a random
/// moment, so the tests cannot flake. Inert otherwise. (Not `abort`: no core file.)
pub fn fault(point: &str) {
    if std::env::var_os("RECETTE_FAULT").is_some_and(|v| v == point) {
        eprintln!("recette: RECETTE_FAULT={point}: stopping here, as a crash would");
        std::process::exit(134);
    }
}

/// Why recording in `dir` is refused, for the person: the lock file belongs to another
/// user (a shared folder where a colleague recorded first), or the folder is read-only.
pub fn why_not_writable(dir: &Path) -> String {
    let lock = dir.join(LOCK_FILE);
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // SAFETY: geteuid has no arguments and cannot fail.
        let me = unsafe { libc::geteuid() };
        if let Ok(meta) = std::fs::metadata(&lock)
            && meta.uid() != me
        {
            return format!(
                "{} belongs to another user (uid {}) and you may not write it: ask them or an administrator to let the team write it (`chmod g+w`, same group), then record again",
                lock.display(),
                meta.uid()
            );
        }
    }
    if lock.exists() {
        format!(
            "{} may not be written by you: check its permissions, then record again",
            lock.display()
        )
    } else {
        format!(
            "{} is read-only for you: recette cannot record here; check the folder's permissions",
            dir.display()
        )
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_file_of_another_user_is_said_as_such_not_as_read_only() {
        let dir = tempfile::tempdir().unwrap();
        let said = why_not_writable(dir.path());
        assert!(said.contains("read-only"), "{said}");
        let lock = dir.path().join(LOCK_FILE);
        std::fs::write(&lock, b"").unwrap();
        #[cfg(unix)]
        {
            // Giving a file away needs root (CI runs as root); elsewhere this part is moot.
            if std::os::unix::fs::chown(&lock, Some(54_321), None).is_ok() {
                let said = why_not_writable(dir.path());
                assert!(
                    said.contains("belongs to another user (uid 54321)") && said.contains(".lock"),
                    "{said}"
                );
                return;
            }
        }
        assert!(why_not_writable(dir.path()).contains("may not be written by you"));
    }
}
