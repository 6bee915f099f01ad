//! How much memory DuckDB may take before it spills to the results folder: the user's
//! `RECETTE_MEMORY_LIMIT`, else `memory_limit` of their `config.toml` (given once by the
//! binary, `configure`), else half of the machine's memory, between 1 GB and 8 GB (more
//! than that buys little for a reconciliation and starves whatever else runs).

use std::sync::OnceLock;

use super::error::StoreError;

/// The user's setting, which wins over `config.toml`.
pub const VARIABLE: &str = "RECETTE_MEMORY_LIMIT";

const GB: u64 = 1_000_000_000;

/// `memory_limit` of the user's `config.toml`, set once by the binary before any engine opens.
static CONFIGURED: OnceLock<Option<u64>> = OnceLock::new();

/// Gives the engine the user's `config.toml` setting (the first call wins).
pub fn configure(from_settings: Option<u64>) {
    let _ = CONFIGURED.set(from_settings);
}

/// The memory limit in bytes, and where it comes from (said when a run spills).
pub fn limit() -> Result<(u64, &'static str), StoreError> {
    if let Some(value) = std::env::var_os(VARIABLE) {
        let text = value.to_string_lossy();
        let bytes = crate::settings::parse_size(&text).ok_or_else(|| StoreError::Setting {
            name: VARIABLE,
            message: format!(
                "`{text}` is not a size; write a number with a unit, e.g. 6GB, 500MB or 1.5GiB"
            ),
        })?;
        return Ok((bytes, VARIABLE));
    }
    if let Some(Some(bytes)) = CONFIGURED.get() {
        return Ok((*bytes, "memory_limit in config.toml"));
    }
    Ok((
        default_for(physical_memory()),
        "half of this machine's memory",
    ))
}

/// Half of `physical` bytes, within 1–8 GB; 2 GB when the machine does not say.
fn default_for(physical: Option<u64>) -> u64 {
    physical.map_or(2 * GB, |bytes| (bytes / 2).clamp(GB, 8 * GB))
}

#[cfg(unix)]
fn physical_memory() -> Option<u64> {
    // SAFETY: sysconf reads two process-independent constants; no pointer is involved.
    let (pages, page) = unsafe {
        (
            libc::sysconf(libc::_SC_PHYS_PAGES),
            libc::sysconf(libc::_SC_PAGESIZE),
        )
    };
    (pages > 0 && page > 0).then(|| pages as u64 * page as u64)
}

#[cfg(not(unix))]
fn physical_memory() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_follows_the_machine_within_bounds() {
        assert_eq!(default_for(Some(24 * GB)), 8 * GB);
        assert_eq!(default_for(Some(8 * GB)), 4 * GB);
        assert_eq!(default_for(Some(GB)), GB);
        assert_eq!(default_for(None), 2 * GB);
        assert!(physical_memory().is_some_and(|m| m > GB / 4));
    }
}
