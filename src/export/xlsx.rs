//! The Excel workbook: one sheet per table (Synthèse, Checklist, Anomalies, Comparaison
//! livraisons). Line 1 of each sheet says what it is and whether personal data is masked;
//! line 2 holds the headers, frozen and with filters; data from line 3. Text is always
//! written as text (never a formula), neutralised like the CSV.

use std::path::Path;

use rust_xlsxwriter::{
    Color, DocProperties, Format, FormatAlign, FormatBorder, Workbook, XlsxError,
};

use super::ExportError;
use super::labels::{masked_notice, neutralise};
use super::sheets::{Cell, Sheet, banner, sheets};
use super::snapshot::Snapshot;

/// The most characters Excel holds in one cell.
const CELL_LIMIT: usize = 32_767;

/// Writes the workbook to `path` (replaced if it exists).
pub fn write_xlsx(snapshot: &Snapshot, path: &Path) -> Result<(), ExportError> {
    let bytes = to_xlsx(snapshot).map_err(|source| ExportError::Xlsx {
        path: path.to_path_buf(),
        source,
    })?;
    super::write_file(path, &bytes)
}

/// The workbook as bytes.
pub fn to_xlsx(snapshot: &Snapshot) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let notice = masked_notice(snapshot.masked);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("Recette — {}", snapshot.campaign))
            .set_subject(format!("État au {}", snapshot.generated_at))
            .set_comment(notice),
    );
    let title = Format::new().set_bold().set_font_size(12);
    let header = Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(0xD9E1F2))
        .set_border_bottom(FormatBorder::Thin);
    let plain = Format::new().set_align(FormatAlign::Top);
    let wrap = Format::new().set_align(FormatAlign::Top).set_text_wrap();

    for sheet in sheets(snapshot) {
        let ws = workbook.add_worksheet();
        ws.set_name(sheet.title)?;
        ws.write_string_with_format(0, 0, neutralise(&banner(snapshot, &sheet)), &title)?;
        for (c, column) in sheet.columns.iter().enumerate() {
            ws.write_string_with_format(1, c as u16, column.header, &header)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 2;
            for (c, cell) in row.iter().enumerate() {
                let format = if sheet.columns[c].wrap { &wrap } else { &plain };
                match cell {
                    Cell::Text(text) => {
                        ws.write_string_with_format(r, c as u16, fit(&neutralise(text)), format)?;
                    }
                    Cell::Number(n) => {
                        ws.write_number_with_format(r, c as u16, *n as f64, format)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        for (c, width) in widths(&sheet).into_iter().enumerate() {
            ws.set_column_width(c as u16, width)?;
        }
        let last_col = sheet.columns.len() as u16 - 1;
        ws.set_freeze_panes(2, 0)?;
        ws.autofilter(1, 0, sheet.rows.len() as u32 + 1, last_col)?;
        ws.set_header(format!("&L{}&R&A", notice.replace('&', "&&")));
        ws.set_landscape();
    }
    workbook.save_to_buffer()
}

/// Cuts a value Excel could not hold, saying so.
fn fit(text: &str) -> String {
    if text.chars().count() <= CELL_LIMIT {
        return text.to_string();
    }
    let marker = " […tronqué]";
    let keep = CELL_LIMIT - marker.chars().count();
    text.chars().take(keep).chain(marker.chars()).collect()
}

/// Each column as wide as its header or its longest line, within the column's maximum.
fn widths(sheet: &Sheet) -> Vec<f64> {
    sheet
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let longest = sheet
                .rows
                .iter()
                .map(|row| match &row[c] {
                    Cell::Text(t) => t.lines().map(|l| l.chars().count()).max().unwrap_or(0),
                    Cell::Number(n) => n.to_string().len(),
                    Cell::Empty => 0,
                })
                .max()
                .unwrap_or(0);
            let header = column.header.chars().count().min(14);
            (longest.max(header) + 2).clamp(6, column.max_width as usize) as f64
        })
        .collect()
}
