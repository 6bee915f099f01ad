//! Where an export may be written (the output guard). An export never lands on what recette
//! cannot give back: the campaign, its checklist, its journal folder, an input file or the
//! results folder are refused even with `--force` (paths compared once canonicalised). An
//! existing file that recette wrote as an export — recognised by the marker each writer
//! leaves in it ([`written_by_recette`]) — is replaced, so a weekly `--out recette.xlsx`
//! keeps working; any other existing file only with `--force`. Also the default name of an
//! export (`recette-<campaign>-<delivery>-<date>.xlsx`, `-2`, `-3`… when taken).
//!
//! Owns no knowledge of where a campaign keeps its files: the caller lists them in
//! [`Protected`]. Must not open DuckDB or the journal.

use std::fs;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Component, Path, PathBuf};

use super::delimited::ABOUT_FILE;
use super::sheets::CSV_FILES;

/// The kinds of export, each with its marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Xlsx,
    /// A folder of CSV files.
    Csv,
    Md,
    Json,
}

impl Format {
    /// The file name extension of the format; a CSV export is a folder, without one.
    pub fn extension(self) -> Option<&'static str> {
        match self {
            Format::Xlsx => Some("xlsx"),
            Format::Csv => None,
            Format::Md => Some("md"),
            Format::Json => Some("json"),
        }
    }
}

/// The custom document property an XLSX export carries (`docProps/custom.xml`).
pub const XLSX_PROPERTY: &str = "recette-export";
/// The last line of a Markdown export (an HTML comment: nothing shows once rendered).
pub const MD_MARKER: &str = "<!-- recette export -->";
/// The JSON export's top-level `"generator"` value.
pub const GENERATOR: &str = "recette";
/// The row of `export.csv` (in a CSV export's folder) that marks the folder as recette's.
pub const CSV_MARKER_FIELD: &str = "Généré par";

/// Why a path may not be written.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error(
        "folder {} does not exist; create it first or choose another --out",
        .0.display()
    )]
    MissingFolder(PathBuf),
    #[error(
        "refusing to write {}: it is {why}, which recette never overwrites, even with --force; choose another --out",
        path.display()
    )]
    Protected { path: PathBuf, why: String },
    #[error(
        "{} exists and was not written by `recette export`; pass --force to replace it, or choose another --out",
        .0.display()
    )]
    NotAnExport(PathBuf),
    #[error("{} is a folder; --out names the file to write", .0.display())]
    IsFolder(PathBuf),
    #[error("{} is a file; a CSV export is written to a folder", .0.display())]
    IsFile(PathBuf),
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What recette never writes over: files (compared exactly) and folders (anything under
/// them too), each with the words that say what it is.
#[derive(Debug, Clone, Default)]
pub struct Protected {
    files: Vec<(PathBuf, String)>,
    folders: Vec<(PathBuf, String)>,
}

impl Protected {
    pub fn new() -> Protected {
        Protected::default()
    }

    /// A file never to write over (e.g. "the campaign file").
    pub fn file(&mut self, path: &Path, why: impl Into<String>) -> &mut Protected {
        self.files.push((resolve(path), why.into()));
        self
    }

    /// A folder never to write into (e.g. "the journal folder").
    pub fn folder(&mut self, path: &Path, why: impl Into<String>) -> &mut Protected {
        self.folders.push((resolve(path), why.into()));
        self
    }

    /// What a campaign never lets an export write over: the campaign file, its checklist,
    /// its journal folder, every input file, and its results folder (`results`).
    pub fn campaign(campaign: &crate::domain::campaign::Campaign, results: &Path) -> Protected {
        let mut protected = Protected::new();
        protected.file(&campaign.file, "the campaign file");
        if let Some(checklist) = &campaign.checklist {
            protected.file(checklist, "the campaign's checklist");
        }
        protected.folder(
            &crate::journal::journal_dir(&campaign.file),
            "the campaign's journal folder",
        );
        for resource in &campaign.resources {
            protected.file(
                &resource.source,
                format!("the source file of resource `{}`", resource.name),
            );
            for delivery in &campaign.deliveries {
                protected.file(
                    &delivery.dir.join(&resource.migrated),
                    format!(
                        "the file of resource `{}` in delivery {}",
                        resource.name, delivery.id
                    ),
                );
            }
        }
        protected.folder(results, "the campaign's results folder");
        protected
    }

    /// What `path` (already resolved) is, if it is protected.
    fn what(&self, path: &Path) -> Option<&str> {
        let file = self.files.iter().find(|(p, _)| p == path);
        let folder = self.folders.iter().find(|(p, _)| path.starts_with(p));
        file.or(folder).map(|(_, why)| why.as_str())
    }

    fn check(&self, given: &Path, resolved: &Path) -> Result<(), OutputError> {
        match self.what(resolved) {
            Some(why) => Err(OutputError::Protected {
                path: given.to_path_buf(),
                why: why.to_string(),
            }),
            None => Ok(()),
        }
    }
}

/// A path made absolute and canonical: the whole path when it exists (symbolic links
/// followed), else its nearest existing ancestor canonicalised with the rest appended.
pub fn resolve(path: &Path) -> PathBuf {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let absolute = normalise(&absolute);
    if let Ok(canonical) = fs::canonicalize(&absolute) {
        return canonical;
    }
    let mut rest = Vec::new();
    let mut base = absolute.as_path();
    while let Some(parent) = base.parent() {
        rest.push(base.file_name().map(PathBuf::from).unwrap_or_default());
        if let Ok(canonical) = fs::canonicalize(parent) {
            return rest
                .iter()
                .rev()
                .fold(canonical, |acc, part| acc.join(part));
        }
        base = parent;
    }
    absolute
}

/// `a/./b/../c` → `a/c`, without touching the file system.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The folder `path` is to be written in must exist.
fn parent_exists(path: &Path) -> Result<(), OutputError> {
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => return Ok(()),
    };
    if parent.is_dir() {
        Ok(())
    } else {
        Err(OutputError::MissingFolder(parent.to_path_buf()))
    }
}

/// Checks that the export of `format` may be written at `out` (a file; for CSV, a folder),
/// and returns `out`. `force` allows replacing an existing file recette did not write.
pub fn check(
    out: &Path,
    format: Format,
    protected: &Protected,
    force: bool,
) -> Result<PathBuf, OutputError> {
    parent_exists(out)?;
    let resolved = resolve(out);
    protected.check(out, &resolved)?;
    if format == Format::Csv {
        return check_folder(out, &resolved, protected, force);
    }
    if out.is_dir() {
        return Err(OutputError::IsFolder(out.to_path_buf()));
    }
    if out.exists() && !force && !written_by_recette(out, format) {
        return Err(OutputError::NotAnExport(out.to_path_buf()));
    }
    Ok(out.to_path_buf())
}

/// A CSV export's folder: each file it writes is checked; existing ones are replaced when
/// the folder's `export.csv` is recette's.
fn check_folder(
    out: &Path,
    resolved: &Path,
    protected: &Protected,
    force: bool,
) -> Result<PathBuf, OutputError> {
    if out.exists() && !out.is_dir() {
        return Err(OutputError::IsFile(out.to_path_buf()));
    }
    let ours = written_by_recette(out, Format::Csv);
    for name in std::iter::once(ABOUT_FILE).chain(CSV_FILES) {
        let file = out.join(name);
        protected.check(&file, &resolved.join(name))?;
        if file.is_dir() {
            return Err(OutputError::IsFolder(file));
        }
        if file.exists() && !force && !ours {
            return Err(OutputError::NotAnExport(file));
        }
    }
    Ok(out.to_path_buf())
}

/// Whether the file (for CSV, the folder) at `path` is an export recette wrote, by the
/// marker its writer leaves: a custom document property (XLSX), a last line (Markdown), a
/// `"generator"` field (JSON), a `Généré par` row in `export.csv` (CSV).
pub fn written_by_recette(path: &Path, format: Format) -> bool {
    match format {
        Format::Xlsx => xlsx_marked(path),
        Format::Md => tail(path, 512).is_some_and(|t| t.trim_end().ends_with(MD_MARKER)),
        Format::Json => head(path, 512).is_some_and(|h| {
            h.trim_start().starts_with('{')
                && h.contains(&format!("\"generator\": \"{GENERATOR}\""))
        }),
        Format::Csv => csv_marked(&path.join(ABOUT_FILE)),
    }
}

fn head(path: &Path, n: u64) -> Option<String> {
    let mut bytes = Vec::new();
    fs::File::open(path)
        .ok()?
        .take(n)
        .read_to_end(&mut bytes)
        .ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn tail(path: &Path, n: u64) -> Option<String> {
    let mut file = fs::File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    file.seek(SeekFrom::Start(len.saturating_sub(n))).ok()?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).ok()?;
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn xlsx_marked(path: &Path) -> bool {
    let Ok(file) = fs::File::open(path) else {
        return false;
    };
    let Ok(mut zip) = zip::ZipArchive::new(file) else {
        return false;
    };
    let Ok(entry) = zip.by_name("docProps/custom.xml") else {
        return false;
    };
    let mut xml = String::new();
    if entry.take(1 << 20).read_to_string(&mut xml).is_err() {
        return false;
    }
    xml.contains(&format!("name=\"{XLSX_PROPERTY}\""))
}

fn csv_marked(about: &Path) -> bool {
    let Some(text) = head(about, 4096) else {
        return false;
    };
    text.lines().any(|l| {
        l.trim_start_matches('\u{feff}')
            .starts_with(&format!("{CSV_MARKER_FIELD};{GENERATOR}"))
    })
}

/// The campaign's name as a file name: letters and digits (French accents dropped), other
/// characters as `-`; "campagne" when nothing is left.
pub fn file_safe(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        let plain = match c {
            'à' | 'â' | 'ä' | 'á' => "a",
            'À' | 'Â' | 'Ä' | 'Á' => "A",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'É' | 'È' | 'Ê' | 'Ë' => "E",
            'î' | 'ï' | 'í' => "i",
            'Î' | 'Ï' | 'Í' => "I",
            'ô' | 'ö' | 'ó' => "o",
            'Ô' | 'Ö' | 'Ó' => "O",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'Ù' | 'Û' | 'Ü' | 'Ú' => "U",
            'ç' => "c",
            'Ç' => "C",
            'œ' => "oe",
            'Œ' => "OE",
            'æ' => "ae",
            'Æ' => "AE",
            c if c.is_ascii_alphanumeric() || c == '_' => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        if plain == "-" && (out.is_empty() || out.ends_with('-')) {
            continue;
        }
        out.push_str(plain);
    }
    let out = out.trim_end_matches('-');
    if out.is_empty() {
        "campagne".to_string()
    } else {
        out.to_string()
    }
}

/// `recette-<campaign>-<delivery>-<date>.<ext>` in `dir` (for CSV a folder, no extension),
/// or with `-2`, `-3`… before the extension when that name is taken.
pub fn default_path(
    dir: &Path,
    campaign: &str,
    delivery: &str,
    date: chrono::NaiveDate,
    format: Format,
) -> PathBuf {
    let stem = format!(
        "recette-{}-{}-{}",
        file_safe(campaign),
        file_safe(delivery),
        date.format("%Y-%m-%d")
    );
    let name = |n: usize| {
        let stem = if n == 1 {
            stem.clone()
        } else {
            format!("{stem}-{n}")
        };
        match format.extension() {
            Some(ext) => format!("{stem}.{ext}"),
            None => stem,
        }
    };
    (1..)
        .map(|n| dir.join(name(n)))
        .find(|p| fs::symlink_metadata(p).is_err())
        .expect("some name is free")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn campaign_names_become_file_safe() {
        assert_eq!(
            file_safe("SSTI03 — reprise préventiel vers padoa"),
            "SSTI03-reprise-preventiel-vers-padoa"
        );
        assert_eq!(file_safe("a/b\\c:d*?\"<>|"), "a-b-c-d");
        assert_eq!(file_safe("Cœur & Ça"), "Coeur-Ca");
        assert_eq!(file_safe("  ../  "), "campagne");
    }

    #[test]
    fn a_taken_default_name_gets_a_number() {
        let dir = tempfile::tempdir().unwrap();
        let date = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let first = default_path(dir.path(), "SSTI03 é", "L2", date, Format::Xlsx);
        assert_eq!(
            first.file_name().unwrap(),
            "recette-SSTI03-e-L2-2026-12-02.xlsx"
        );
        fs::write(&first, b"x").unwrap();
        let second = default_path(dir.path(), "SSTI03 é", "L2", date, Format::Xlsx);
        assert_eq!(
            second.file_name().unwrap(),
            "recette-SSTI03-e-L2-2026-12-02-2.xlsx"
        );
        fs::write(&second, b"x").unwrap();
        let third = default_path(dir.path(), "SSTI03 é", "L2", date, Format::Xlsx);
        assert!(third.ends_with("recette-SSTI03-e-L2-2026-12-02-3.xlsx"));
        let csv = default_path(dir.path(), "x", "L1", date, Format::Csv);
        assert!(csv.ends_with("recette-x-L1-2026-12-02"));
    }

    #[test]
    fn protected_paths_compare_once_canonicalised() {
        let dir = tempfile::tempdir().unwrap();
        let campaign = dir.path().join("campaign.toml");
        fs::write(&campaign, "x").unwrap();
        fs::create_dir(dir.path().join("campaign.journal")).unwrap();
        fs::create_dir(dir.path().join("sub")).unwrap();
        let mut protected = Protected::new();
        protected
            .file(&campaign, "the campaign file")
            .folder(&dir.path().join("campaign.journal"), "the journal folder");
        let sideways = dir.path().join("sub/../campaign.toml");
        let err = check(&sideways, Format::Md, &protected, true).unwrap_err();
        assert!(err.to_string().contains("the campaign file"), "{err}");
        let inside = dir.path().join("campaign.journal/new.jsonl");
        let err = check(&inside, Format::Json, &protected, true).unwrap_err();
        assert!(err.to_string().contains("journal folder"), "{err}");
        let err = check(
            &dir.path().join("nope/x.xlsx"),
            Format::Xlsx,
            &protected,
            false,
        )
        .unwrap_err();
        assert!(
            matches!(&err, OutputError::MissingFolder(p) if p.ends_with("nope")),
            "{err}"
        );
        assert!(check(&dir.path().join("new.md"), Format::Md, &protected, false).is_ok());
    }
}
