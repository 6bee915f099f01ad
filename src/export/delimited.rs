//! The CSV export: one file per table in a folder, for French Excel — UTF-8 with a BOM (so
//! accents open right), `;` between fields (`,` is the decimal separator in French
//! locales), CRLF line ends, quotes where a field needs them. Line 1 is the header, so
//! scripts read the files as they are; the campaign, date and personal-data notice go in
//! `export.csv` beside them. Text is neutralised against formulas.

use std::path::{Path, PathBuf};

use super::ExportError;
use super::labels::{masked_notice, neutralise};
use super::output::{CSV_MARKER_FIELD, GENERATOR};
use super::sheets::{Cell, sheets};
use super::snapshot::Snapshot;
use crate::domain::i18n::Catalogue;

/// The byte order mark Excel needs to read a CSV file as UTF-8.
pub const BOM: &str = "\u{feff}";

/// The file that describes the export (campaign, date, deliveries, masking, decision, and
/// the `Généré par;recette …` row that marks the folder as recette's).
pub const ABOUT_FILE: &str = "export.csv";

/// Writes `synthese.csv`, `checklist.csv`, `anomalies.csv`, `comparaison-livraisons.csv`,
/// `causes.csv` and `export.csv` into `dir` (created if needed; files replaced). Returns their paths.
pub fn write_csv(
    snapshot: &Snapshot,
    dir: &Path,
    t: &Catalogue,
) -> Result<Vec<PathBuf>, ExportError> {
    std::fs::create_dir_all(dir).map_err(|source| ExportError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut written = Vec::new();
    let about = vec![
        vec![Cell::from(t.x_campaign), snapshot.campaign.as_str().into()],
        vec![Cell::from(t.x_as_of), snapshot.generated_at.as_str().into()],
        vec![
            Cell::from(t.x_deliveries),
            snapshot.deliveries.join(", ").into(),
        ],
        vec![
            Cell::from(t.x_personal_data),
            masked_notice(t, snapshot.masked).into(),
        ],
        vec![
            Cell::from(t.x_decision_head),
            snapshot.go_no_go.as_ref().into(),
        ],
        // The mark of a folder recette wrote (`export::output`): a later export replaces it.
        vec![
            Cell::from(CSV_MARKER_FIELD),
            format!("{GENERATOR} {}", env!("CARGO_PKG_VERSION")).into(),
        ],
    ];
    let path = dir.join(ABOUT_FILE);
    super::write_file(&path, &to_csv(&[t.x_field, t.x_value], &about))?;
    written.push(path);
    for sheet in sheets(snapshot, t) {
        let headers: Vec<&str> = sheet.columns.iter().map(|c| (c.header)(t)).collect();
        let path = dir.join(sheet.file);
        super::write_file(&path, &to_csv(&headers, &sheet.rows))?;
        written.push(path);
    }
    Ok(written)
}

/// One table as the bytes of a CSV file: BOM, `;`, CRLF, neutralised text.
pub fn to_csv(headers: &[&str], rows: &[Vec<Cell>]) -> Vec<u8> {
    let mut out = BOM.as_bytes().to_vec();
    {
        let mut writer = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        let text = |cell: &Cell| match cell {
            Cell::Text(t) | Cell::Verdict(t) => neutralise(t).into_owned(),
            Cell::Time(t) => t.clone(),
            Cell::Number(n) => n.to_string(),
            Cell::Empty => String::new(),
        };
        let records = std::iter::once(headers.iter().map(|h| h.to_string()).collect()).chain(
            rows.iter()
                .map(|row| row.iter().map(text).collect::<Vec<_>>()),
        );
        for record in records {
            writer
                .write_record(&record)
                .expect("writing CSV to memory cannot fail");
        }
        writer.flush().expect("writing CSV to memory cannot fail");
    }
    out
}
