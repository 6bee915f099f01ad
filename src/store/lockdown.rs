//! The lockdown of every DuckDB session that reads a campaign (the engine's, so every
//! command's and the console's): it may read the campaign's own input files and its
//! results folder and nothing else, installs and loads no extension, and its configuration
//! is locked before any campaign SQL runs. The campaign SQL guard (`campaign_sql`) is the
//! first line; this is the second. `recette demo` (`convert`) runs no campaign SQL and
//! opens its own session. Must not import `jobs`, `app` or `tui`.

use std::path::PathBuf;

use duckdb::Connection;

use super::cache::Cache;
use super::error::StoreError;
use super::sql::quote_literal;
use crate::domain::campaign::Campaign;

/// What stays changeable once the configuration is locked (DuckDB's `allowed_configs`):
/// memory, spill size, progress, the order of results (the SQL console keeps it), and
/// which optimizer passes run (the engine skips one on wide tables: `engine::planned_for`).
const STILL_CHANGEABLE: [&str; 6] = [
    "memory_limit",
    "max_temp_directory_size",
    "enable_progress_bar",
    "enable_progress_bar_print",
    "preserve_insertion_order",
    "disabled_optimizers",
];

/// Locks `conn` down to `campaign`'s files and the results folder `cache`, with the
/// engine's settings: results are ordered explicitly where order matters, so DuckDB may
/// write in parallel; past the memory limit (`memory`), large joins spill to the results
/// folder instead of running out of memory; progress is tracked (a watch reads it).
pub fn lock(conn: &Connection, campaign: &Campaign, cache: &Cache) -> Result<(), StoreError> {
    let files: Vec<PathBuf> = campaign_files(campaign)
        .into_iter()
        .filter(|f| f.is_file())
        .collect();
    // The results folder holds this campaign's results, the UTF-8 conversions of its legacy
    // files (made in Rust by `input::open`) and the spill folder.
    let folders = [cache.root().to_path_buf()];
    // Each session spills to a folder of its own (the sweep removes those of dead
    // processes), within a limit set from the results folder's disk (`spill`).
    let spill = cache.spill_dir();
    let spill_limit = super::spill::limit(cache.root())?;
    let (memory_limit, _) = super::memory::limit()?;
    conn.execute_batch(&format!(
        "SET preserve_insertion_order = false;
         SET temp_directory = {};
         SET max_temp_directory_size = '{spill_limit} bytes';
         SET memory_limit = '{memory_limit} bytes';
         SET enable_progress_bar = true;
         SET enable_progress_bar_print = false;
         SET autoinstall_known_extensions = false;
         SET autoload_known_extensions = false;
         SET allowed_directories = {};
         SET allowed_paths = {};
         SET enable_external_access = false;
         SET allowed_configs = {};
         SET lock_configuration = true;",
        quote_literal(&spill.to_string_lossy()),
        list(folders.iter().map(|p| p.to_string_lossy())),
        list(files.iter().map(|p| p.to_string_lossy())),
        list(STILL_CHANGEABLE.iter().map(|s| (*s).into())),
    ))?;
    Ok(())
}

fn list<'a>(items: impl Iterator<Item = std::borrow::Cow<'a, str>>) -> String {
    let quoted: Vec<String> = items.map(|s| quote_literal(&s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// Every input file of the campaign: the sources and each delivery's files.
fn campaign_files(campaign: &Campaign) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = campaign
        .resources
        .iter()
        .map(|r| r.source.clone())
        .collect();
    for delivery in &campaign.deliveries {
        files.extend(
            campaign
                .resources
                .iter()
                .map(|r| delivery.dir.join(&r.migrated)),
        );
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::campaign::sample_campaign;

    fn locked() -> (tempfile::TempDir, Connection) {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::at(dir.path().join("cache")).unwrap();
        let conn = Connection::open_in_memory().unwrap();
        lock(&conn, &sample_campaign(), &cache).unwrap();
        (dir, conn)
    }

    #[test]
    fn a_locked_session_reads_the_campaign_files_and_nothing_else() {
        let (dir, conn) = locked();
        let campaign = sample_campaign();
        let source = quote_literal(&campaign.resources[0].source.to_string_lossy());
        let n: i64 = conn
            .query_row(
                &format!("SELECT count(*) FROM read_text({source})"),
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1);
        let secret = dir.path().join("secret.txt");
        std::fs::write(&secret, "s3cr3t").unwrap();
        let read = conn.query_row(
            &format!(
                "SELECT content FROM read_text({})",
                quote_literal(&secret.to_string_lossy())
            ),
            [],
            |r| r.get::<_, String>(0),
        );
        assert!(read.is_err(), "{read:?}");
        let written = dir.path().join("written.csv");
        let copy = conn.execute_batch(&format!(
            "COPY (SELECT 1) TO {}",
            quote_literal(&written.to_string_lossy())
        ));
        assert!(copy.is_err());
        assert!(!written.exists());
    }

    #[test]
    fn the_configuration_is_locked_but_memory_spill_and_progress() {
        let (_dir, conn) = locked();
        for refused in [
            "SET enable_external_access = true",
            "SET allowed_directories = ['/']",
            "SET allowed_paths = ['/etc/passwd']",
            "SET lock_configuration = false",
            "SET allowed_configs = ['enable_external_access']",
            "SET autoload_known_extensions = true",
            "SET temp_directory = '/tmp'",
        ] {
            assert!(conn.execute_batch(refused).is_err(), "{refused}");
        }
        for allowed in [
            "SET memory_limit = '1GB'",
            "SET max_temp_directory_size = '10GB'",
            "SET enable_progress_bar = true",
            "SET preserve_insertion_order = true",
        ] {
            conn.execute_batch(allowed)
                .unwrap_or_else(|e| panic!("{allowed}: {e}"));
        }
        conn.set_query_progress_tracking(true).unwrap();
    }

    #[test]
    fn no_extension_is_installed_or_loaded() {
        let (_dir, conn) = locked();
        assert!(conn.execute_batch("INSTALL httpfs").is_err());
        assert!(conn.execute_batch("LOAD httpfs").is_err());
        let http = conn.query_row(
            "SELECT count(*) FROM read_text('http://127.0.0.1:9/x')",
            [],
            |r| r.get::<_, i64>(0),
        );
        assert!(http.is_err());
    }
}
