//! The SQL console's history, one file per campaign in the user's data folder
//! (`$RECETTE_DATA_DIR`, else `~/.local/share/recette` on Linux): the queries run, oldest
//! first, one JSON string per line (so a query keeps its line breaks). It is the user's own
//! record, not the campaign's: it is never shared or exported.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};

use super::cache::campaign_name;
use super::error::StoreError;

/// Queries kept: older ones are dropped when the file is read.
pub const KEPT: usize = 500;

/// The user's data folder: `$RECETTE_DATA_DIR`, else the platform's
/// (`~/.local/share/recette` on Linux). Not created.
pub fn data_dir() -> Option<PathBuf> {
    match std::env::var_os("RECETTE_DATA_DIR") {
        Some(dir) => Some(PathBuf::from(dir)),
        None => directories::ProjectDirs::from("", "", "recette").map(|d| d.data_dir().into()),
    }
}

/// The history file of `campaign_file` (not created).
pub fn file_for(campaign_file: &Path) -> Option<PathBuf> {
    let base = data_dir()?;
    Some(
        base.join("sql-history")
            .join(format!("{}.sql", campaign_name(campaign_file))),
    )
}

/// The queries of `file`, oldest first (none when there is no file yet).
pub fn read(file: &Path) -> Result<Vec<String>, StoreError> {
    let bytes = match fs::read(file) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io(file)(e)),
    };
    // A line that is not UTF-8 (a hand edit in another encoding, a torn write) is read
    // with its bad bytes replaced: it never hides the other lines.
    let text = String::from_utf8_lossy(&bytes);
    let mut queries: Vec<String> = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        // A line that is not a JSON string (edited by hand, torn by a crash) is kept as
        // it is rather than dropped.
        .map(|l| serde_json::from_str::<String>(l).unwrap_or_else(|_| l.to_string()))
        .collect();
    // The same query run again is listed once, at its last place.
    let mut seen = std::collections::HashSet::new();
    queries.reverse();
    queries.retain(|q| seen.insert(q.clone()));
    queries.truncate(KEPT);
    queries.reverse();
    Ok(queries)
}

/// Adds `query` at the end of `file` (one write of one line, so concurrent consoles never
/// interleave inside a query).
pub fn append(file: &Path, query: &str) -> Result<(), StoreError> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(());
    }
    if let Some(dir) = file.parent() {
        fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
    }
    let line = format!("{}\n", serde_json::Value::from(query));
    OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .and_then(|mut f| f.write_all(line.as_bytes()))
        .map_err(StoreError::io(file))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_line_that_is_not_utf8_hides_no_other_query() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("campaign.sql");
        append(&file, "SELECT 1").unwrap();
        let mut bytes = fs::read(&file).unwrap();
        bytes.extend(b"SELECT 'caf\xe9'\n");
        fs::write(&file, bytes).unwrap();
        append(&file, "SELECT 2").unwrap();
        let queries = read(&file).unwrap();
        assert_eq!(queries.len(), 3, "{queries:?}");
        assert_eq!(queries[0], "SELECT 1");
        assert!(queries[1].starts_with("SELECT 'caf"));
        assert_eq!(queries[2], "SELECT 2");
    }

    #[test]
    fn queries_come_back_in_order_once_each_with_their_line_breaks() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("h/campaign.sql");
        assert!(read(&file).unwrap().is_empty());
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(&file, "SELECT 0 -- typed by hand\n").unwrap();
        append(&file, "SELECT 1").unwrap();
        append(&file, "SELECT *\nFROM source.firm -- C:\\temp").unwrap();
        append(&file, "  ").unwrap();
        append(&file, "SELECT 1;").unwrap();
        append(&file, "SELECT 1").unwrap();
        assert_eq!(
            read(&file).unwrap(),
            [
                "SELECT 0 -- typed by hand",
                "SELECT *\nFROM source.firm -- C:\\temp",
                "SELECT 1;",
                "SELECT 1"
            ]
        );
    }
}
