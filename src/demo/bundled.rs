//! The bundled sample campaign inside the binary: the files of `sample-data/` (the default
//! `recette demo`), embedded at build time so that an installed `recette` — far from the
//! source tree — still opens it. The bare `recette` writes them out to the user's data
//! folder on first use ([`install`]) and opens that copy, where what the user records goes.
//!
//! A test checks that [`FILES`] lists every file of `sample-data/`, so a file added there
//! cannot be forgotten here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// One embedded file: its path under the sample's folder (with `/`), and its bytes.
macro_rules! embedded {
    ($path:literal) => {
        (
            $path,
            include_bytes!(concat!("../../sample-data/", $path)) as &[u8],
        )
    };
}

/// Every file of the sample, by relative path.
pub const FILES: &[(&str, &[u8])] = &[
    embedded!("PLANTED.md"),
    embedded!("campaign.toml"),
    embedded!("checklist.toml"),
    embedded!("deliveries/L1/contract.csv"),
    embedded!("deliveries/L1/employee.csv"),
    embedded!("deliveries/L1/firm.csv"),
    embedded!("deliveries/L1/measure_request.parquet"),
    embedded!("deliveries/L1/visit.json"),
    embedded!("deliveries/L2/contract.csv"),
    embedded!("deliveries/L2/employee.csv"),
    embedded!("deliveries/L2/firm.csv"),
    embedded!("deliveries/L2/measure_request.parquet"),
    embedded!("deliveries/L2/visit.json"),
    embedded!("source/adherents.csv"),
    embedded!("source/contrats.csv"),
    embedded!("source/examens.csv"),
    embedded!("source/salaries.csv"),
    embedded!("source/visites.csv"),
];

/// The folder the sample is written to: `sample/` in the user's data folder
/// (`$RECETTE_DATA_DIR`, else `~/.local/share/recette` on Linux).
pub fn sample_dir() -> Option<PathBuf> {
    crate::store::history::data_dir().map(|d| d.join("sample"))
}

/// Writes every embedded file missing under `dir` (each through a temporary file renamed
/// into place, so an interrupted first run never leaves half a file); files already there
/// are left as they are (the user may have changed them). Returns how many were written.
pub fn install(dir: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    for (name, bytes) in FILES {
        let target = dir.join(name);
        if target.exists() {
            continue;
        }
        let parent = target.parent().unwrap_or(dir);
        fs::create_dir_all(parent)?;
        let mut temp = tempfile::NamedTempFile::new_in(parent)?;
        temp.write_all(bytes)?;
        temp.as_file().sync_all()?;
        temp.persist(&target).map_err(|e| e.error)?;
        written += 1;
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn install_writes_what_is_missing_and_keeps_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(install(dir.path()).unwrap(), FILES.len());
        let campaign = dir.path().join("campaign.toml");
        fs::write(&campaign, "# changed by the user").unwrap();
        fs::remove_file(dir.path().join("source/salaries.csv")).unwrap();
        assert_eq!(install(dir.path()).unwrap(), 1);
        assert_eq!(
            fs::read_to_string(&campaign).unwrap(),
            "# changed by the user"
        );
        let (_, salaries) = FILES
            .iter()
            .find(|(n, _)| *n == "source/salaries.csv")
            .unwrap();
        assert_eq!(
            &fs::read(dir.path().join("source/salaries.csv")).unwrap(),
            salaries
        );
    }
}
