//! The SQL console's result saved to a file, on the SQL worker (the result lives in its
//! session): where it may go is the exports' output guard's to say (never over the
//! campaign's files; over an existing file only one recette wrote as a workbook), every
//! text column is masked (`domain::mask`) unless the console was started `--unmasked` —
//! which is journaled before the file is written, as `recette export --unmasked` does — and
//! the file is written as the exports write theirs (`export::table`). Must not import `app`
//! or `tui`.

use super::Workspace;
use super::sql::SaveRequest;
use crate::domain::mask::mask;
use crate::domain::query::TableFormat;
use crate::export::output::{self, Format, OutputError, Protected};
use crate::export::table::{SHEET_ROWS, Table, write_table};
use crate::journal::{Journal, actions};
use crate::store::query::QuerySession;

/// A result saved: where (as given), how many rows, masked or not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Saved {
    pub path: String,
    pub rows: u64,
    pub masked: bool,
}

/// Saves the session's last result as `save` asks; what went wrong, said, otherwise.
pub fn save(
    workspace: &Workspace,
    session: &QuerySession,
    save: &SaveRequest,
) -> Result<Saved, String> {
    let out = save.path.as_path();
    let protected = Protected::campaign(&workspace.campaign, workspace.results_folder());
    // Its folder exists, it is none of the campaign's files, it is no folder (the guard's
    // words name `--out`, an option of `recette export`: said here for the console).
    output::check(out, Format::Xlsx, &protected, true).map_err(|e| match e {
        OutputError::MissingFolder(folder) => {
            format!("folder {} does not exist; choose another name", folder.display())
        }
        OutputError::Protected { path, why } => format!(
            "refusing to write {}: it is {why}, which recette never overwrites; choose another name",
            path.display()
        ),
        OutputError::IsFolder(path) => format!("{} is a folder; type a file's name", path.display()),
        other => other.to_string(),
    })?;
    let ours = save.format == TableFormat::Xlsx && output::written_by_recette(out, Format::Xlsx);
    if out.exists() && !ours {
        return Err(format!(
            "{} exists; the console does not replace a file: choose another name",
            out.display()
        ));
    }
    let columns = session.columns().to_vec();
    let numbered = session
        .window(0, i64::MAX as usize, false)
        .map_err(|e| e.to_string())?;
    if save.format == TableFormat::Xlsx && numbered.len() > SHEET_ROWS {
        return Err(format!(
            "{} rows do not fit in a sheet ({SHEET_ROWS} at most): save it as CSV",
            numbered.len()
        ));
    }
    // Every text column masked: names, NIR, addresses are text.
    let text: Vec<bool> = columns
        .iter()
        .map(|(_, kind)| kind.starts_with("VARCHAR"))
        .collect();
    let rows: Vec<Vec<Option<String>>> = numbered
        .into_iter()
        .map(|(_, values)| {
            values
                .into_iter()
                .zip(&text)
                .map(|(v, &is_text)| match (v, save.masked && is_text) {
                    (Some(v), true) => Some(mask(&v)),
                    (v, _) => v,
                })
                .collect()
        })
        .collect();
    // Recorded before the file exists: an unmasked file is never written unrecorded.
    if !save.masked {
        let (journal, _) = Journal::open(&workspace.campaign.file).map_err(|e| e.to_string())?;
        journal
            .append(
                &save.author,
                actions::UNMASKED_OUTPUT,
                actions::unmasked_output("console", save.format.extension(), out),
            )
            .map_err(|e| e.to_string())?;
    }
    let table = Table {
        title: save.title.clone(),
        headers: columns.into_iter().map(|(name, _)| name).collect(),
        rows,
        masked: save.masked,
    };
    let count = table.rows.len() as u64;
    write_table(&table, out, save.format, save.lang.catalogue()).map_err(|e| e.to_string())?;
    Ok(Saved {
        path: out.display().to_string(),
        rows: count,
        masked: save.masked,
    })
}
