//! How much a reconciliation may spill to disk: DuckDB would take 90% of the free space of
//! wherever its temporary folder was when set, whatever else needs that disk. recette sets
//! the limit itself, once the results folder exists: `RECETTE_MAX_SPILL` when the user
//! gives it (`20GB`, `500MB`, `1.5GiB`), else the folder's free space less a margin.

use std::path::Path;

use super::error::StoreError;

/// The user's setting.
pub const VARIABLE: &str = "RECETTE_MAX_SPILL";

/// Kept free on the disk of the results folder: a tenth of its free space, at least 2 GB.
fn margin(available: u64) -> u64 {
    (available / 10).max(2_000_000_000)
}

/// The spill limit in bytes for a results folder at `root`.
pub fn limit(root: &Path) -> Result<u64, StoreError> {
    if let Some(value) = std::env::var_os(VARIABLE) {
        let text = value.to_string_lossy();
        return parse_size(&text).ok_or_else(|| StoreError::Setting {
            name: VARIABLE,
            message: format!(
                "`{text}` is not a size; write a number with a unit, e.g. 20GB, 500MB or 1.5GiB"
            ),
        });
    }
    let available = fs4::available_space(root).map_err(StoreError::io(root))?;
    Ok(available.saturating_sub(margin(available)))
}

pub use crate::settings::parse_size;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_engine_spills_within_the_free_space_of_its_results_folder() {
        if std::env::var_os(VARIABLE).is_some() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let cache = crate::store::cache::Cache::at(dir.path().join("results")).unwrap();
        let engine =
            crate::store::Engine::with_cache(crate::domain::campaign::sample_campaign(), cache)
                .unwrap();
        let shown: String = engine
            .connection()
            .query_row(
                "SELECT current_setting('max_temp_directory_size')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let set = parse_size(&shown).unwrap_or_else(|| panic!("{shown}"));
        let available = fs4::available_space(dir.path()).unwrap();
        assert!(set < available, "{shown} of {available} free");
        let expected = available.saturating_sub(margin(available));
        // DuckDB shows it rounded (`52.1 GiB`); the free space moves a little meanwhile.
        assert!(
            set.abs_diff(expected) <= expected / 50 + (1 << 20),
            "{shown}, expected about {expected}"
        );
    }

    #[test]
    fn the_margin_keeps_a_tenth_and_at_least_2_gb() {
        assert_eq!(margin(58_000_000_000), 5_800_000_000);
        assert_eq!(margin(5_000_000_000), 2_000_000_000);
    }
}
