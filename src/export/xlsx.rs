//! The Excel workbook: the dashboard *Synthèse* first (`export::dashboard`: the decision in
//! colour, each resource on the last delivery, defects by severity and status, a chart per
//! resource across deliveries), then one sheet per table (Par livraison, Vérifications,
//! Anomalies, Comparaison livraisons). Line 1 of each table sheet says what it is and whether
//! personal data is masked; line 2 holds the headers, frozen and with filters; data from
//! line 3. Text is always written as text (never a formula), neutralised like the CSV;
//! instants are real dates (local time); verdicts KO and OK are filled red and green. The
//! custom document property `recette-export` marks the file as recette's
//! (`export::output`).

use std::path::Path;

use rust_xlsxwriter::{
    Color, DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::ExportError;
use super::labels::{masked_notice, neutralise};
use super::output::XLSX_PROPERTY;
use super::sheets::{Cell, Sheet, banner, sheets};
use super::snapshot::Snapshot;
use crate::domain::i18n::{Catalogue, fill};

/// The most characters Excel holds in one cell.
const CELL_LIMIT: usize = 32_767;

/// Fill of a KO (Excel's "bad" red) and of an OK (its "good" green).
pub const KO_FILL: u32 = 0xFFC7CE;
pub const OK_FILL: u32 = 0xC6EFCE;
/// Fills of the decision cell: NO-GO, GO avec réserves, GO.
pub const NO_GO_FILL: u32 = 0xC00000;
pub const RESERVATIONS_FILL: u32 = 0xFFC000;
pub const GO_FILL: u32 = 0x00B050;

/// The cell formats of the workbook, made once.
pub struct Styles {
    pub title: Format,
    pub header: Format,
    pub bold: Format,
    pub plain: Format,
    pub wrap: Format,
    pub date: Format,
    pub percent: Format,
    pub ko: Format,
    pub ok: Format,
    pub go: Format,
    pub reservations: Format,
    pub no_go: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        let top = || Format::new().set_align(FormatAlign::Top);
        let decision = |fill: u32, font: u32| {
            Format::new()
                .set_bold()
                .set_font_size(16)
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(fill))
                .set_font_color(Color::RGB(font))
        };
        Styles {
            title: Format::new().set_bold().set_font_size(12),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            bold: top().set_bold(),
            plain: top(),
            wrap: top().set_text_wrap(),
            date: top().set_num_format("dd/mm/yyyy hh:mm"),
            percent: top().set_num_format("0%"),
            ko: top()
                .set_background_color(Color::RGB(KO_FILL))
                .set_font_color(Color::RGB(0x9C0006)),
            ok: top()
                .set_background_color(Color::RGB(OK_FILL))
                .set_font_color(Color::RGB(0x006100)),
            go: decision(GO_FILL, 0xFFFFFF),
            reservations: decision(RESERVATIONS_FILL, 0x000000),
            no_go: decision(NO_GO_FILL, 0xFFFFFF),
        }
    }
}

/// Writes an RFC 3339 instant as a date in local time (`dd/mm/yyyy hh:mm`); a value that is
/// not one is written as text.
pub fn write_time(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    value: &str,
    st: &Styles,
    t: &Catalogue,
) -> Result<(), XlsxError> {
    match excel_time(value) {
        Some(at) => ws.write_datetime_with_format(row, col, &at, &st.date)?,
        None => ws.write_string_with_format(row, col, fit(&neutralise(value), t), &st.plain)?,
    };
    Ok(())
}

fn excel_time(value: &str) -> Option<ExcelDateTime> {
    use chrono::{Datelike, Timelike};
    let at = chrono::DateTime::parse_from_rfc3339(value.trim()).ok()?;
    let local = at.with_timezone(&chrono::Local).naive_local();
    ExcelDateTime::from_ymd(
        u16::try_from(local.year()).ok()?,
        local.month() as u8,
        local.day() as u8,
    )
    .ok()?
    .and_hms(local.hour() as u16, local.minute() as u8, local.second())
    .ok()
}

/// Writes the workbook to `path` (replaced if it exists), in the words of `t`.
pub fn write_xlsx(snapshot: &Snapshot, path: &Path, t: &Catalogue) -> Result<(), ExportError> {
    let bytes = to_xlsx(snapshot, t).map_err(|source| ExportError::Xlsx {
        path: path.to_path_buf(),
        source,
    })?;
    super::write_file(path, &bytes)
}

/// The workbook as bytes.
pub fn to_xlsx(snapshot: &Snapshot, t: &Catalogue) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let notice = masked_notice(t, snapshot.masked);
    workbook.set_properties(
        &DocProperties::new()
            .set_title(fill(t.x_title, &[&snapshot.campaign]))
            .set_subject(fill(t.x_state_of, &[&snapshot.generated_at]))
            .set_comment(notice)
            .set_custom_property(
                XLSX_PROPERTY,
                format!("recette {}", env!("CARGO_PKG_VERSION")),
            ),
    );
    let st = Styles::new();
    super::dashboard::write(workbook.add_worksheet(), snapshot, &st, t)?;

    for sheet in sheets(snapshot, t) {
        let ws = workbook.add_worksheet();
        ws.set_name(sheet.title)?;
        let banner = banner(snapshot, &sheet, t);
        ws.write_string_with_format(0, 0, neutralise(&banner), &st.title)?;
        for (c, column) in sheet.columns.iter().enumerate() {
            ws.write_string_with_format(1, c as u16, (column.header)(t), &st.header)?;
        }
        for (r, row) in sheet.rows.iter().enumerate() {
            let r = r as u32 + 2;
            for (c, cell) in row.iter().enumerate() {
                let format = if sheet.columns[c].wrap {
                    &st.wrap
                } else {
                    &st.plain
                };
                let c = c as u16;
                match cell {
                    Cell::Text(text) => {
                        ws.write_string_with_format(r, c, fit(&neutralise(text), t), format)?;
                    }
                    Cell::Verdict(label) => {
                        let colour = match label.as_str() {
                            l if l == t.verdict_ko => &st.ko,
                            l if l == t.verdict_ok => &st.ok,
                            _ => format,
                        };
                        ws.write_string_with_format(r, c, fit(&neutralise(label), t), colour)?;
                    }
                    Cell::Time(at) => write_time(ws, r, c, at, &st, t)?,
                    Cell::Number(n) => {
                        ws.write_number_with_format(r, c, *n as f64, format)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
        for (c, width) in widths(&sheet, t).into_iter().enumerate() {
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
pub(super) fn fit(text: &str, t: &Catalogue) -> String {
    if text.chars().count() <= CELL_LIMIT {
        return text.to_string();
    }
    let marker = t.x_truncated;
    let keep = CELL_LIMIT - marker.chars().count();
    text.chars().take(keep).chain(marker.chars()).collect()
}

/// Each column as wide as its header or its longest line, within the column's maximum.
fn widths(sheet: &Sheet, t: &Catalogue) -> Vec<f64> {
    sheet
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let longest = sheet
                .rows
                .iter()
                .map(|row| match &row[c] {
                    Cell::Text(t) | Cell::Verdict(t) => {
                        t.lines().map(|l| l.chars().count()).max().unwrap_or(0)
                    }
                    Cell::Time(_) => 16,
                    Cell::Number(n) => n.to_string().len(),
                    Cell::Empty => 0,
                })
                .max()
                .unwrap_or(0);
            let header = (column.header)(t).chars().count().min(14);
            (longest.max(header) + 2).clamp(6, column.max_width as usize) as f64
        })
        .collect()
}
