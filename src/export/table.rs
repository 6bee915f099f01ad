//! One table of rows written as a file — the SQL console's result: a CSV file for French
//! Excel (the exports' conventions: UTF-8 with a BOM, `;`, CRLF, text neutralised against
//! formulas) or a one-sheet workbook (line 1 says what it is and whether personal data is
//! masked, line 2 the headers, frozen and filtered; text as text, never a formula). The
//! caller masks the values before; this only writes what it is given, through a temporary
//! file so a failed write never leaves half a file.

use std::path::Path;

use rust_xlsxwriter::{DocProperties, Workbook, XlsxError};

use super::ExportError;
use super::labels::{masked_notice, neutralise};
use super::output::XLSX_PROPERTY;
use super::sheets::Cell;
use super::xlsx::{Styles, fit};
use crate::domain::i18n::Catalogue;
pub use crate::domain::query::TableFormat;

/// A table to write: what it is (a query), its headers and its rows as text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    pub title: String,
    pub headers: Vec<String>,
    pub rows: Vec<Vec<Option<String>>>,
    /// Whether personal values were masked (said in the workbook).
    pub masked: bool,
}

/// The rows a sheet holds under its two lines of title and headers.
pub const SHEET_ROWS: usize = 1_048_576 - 2;

/// Writes `table` to `path` as `format`.
pub fn write_table(
    table: &Table,
    path: &Path,
    format: TableFormat,
    t: &Catalogue,
) -> Result<(), ExportError> {
    let bytes = match format {
        TableFormat::Csv => {
            let headers: Vec<&str> = table.headers.iter().map(String::as_str).collect();
            let rows: Vec<Vec<Cell>> = table
                .rows
                .iter()
                .map(|row| {
                    row.iter()
                        .map(|v| v.clone().map_or(Cell::Empty, Cell::Text))
                        .collect()
                })
                .collect();
            super::delimited::to_csv(&headers, &rows)
        }
        TableFormat::Xlsx => to_xlsx(table, t).map_err(|source| ExportError::Xlsx {
            path: path.to_path_buf(),
            source,
        })?,
    };
    super::write_file(path, &bytes)
}

fn to_xlsx(table: &Table, t: &Catalogue) -> Result<Vec<u8>, XlsxError> {
    let notice = masked_notice(t, table.masked);
    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(table.title.as_str())
            .set_comment(notice)
            .set_custom_property(
                XLSX_PROPERTY,
                format!("recette {}", env!("CARGO_PKG_VERSION")),
            ),
    );
    let st = Styles::new();
    let ws = workbook.add_worksheet();
    let banner = format!("{} — {notice}", table.title);
    ws.write_string_with_format(0, 0, fit(&neutralise(&banner), t), &st.title)?;
    for (c, header) in table.headers.iter().enumerate() {
        ws.write_string_with_format(1, c as u16, neutralise(header), &st.header)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            if let Some(text) = value {
                let (r, c) = (r as u32 + 2, c as u16);
                ws.write_string_with_format(r, c, fit(&neutralise(text), t), &st.plain)?;
            }
        }
    }
    if !table.headers.is_empty() {
        ws.set_freeze_panes(2, 0)?;
        let last = table.headers.len() as u16 - 1;
        ws.autofilter(1, 0, table.rows.len() as u32 + 1, last)?;
    }
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::i18n::Lang;

    fn table() -> Table {
        Table {
            title: "SELECT 1".into(),
            headers: vec!["nom".into(), "n".into()],
            rows: vec![
                vec![Some("=HYPERLINK(\"x\")".into()), Some("1".into())],
                vec![None, Some("2".into())],
            ],
            masked: true,
        }
    }

    #[test]
    fn a_csv_is_for_french_excel_and_neutralises_formulas() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.csv");
        write_table(&table(), &path, TableFormat::Csv, Lang::Fr.catalogue()).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "\u{feff}nom;n\r\n\"'=HYPERLINK(\"\"x\"\")\";1\r\n;2\r\n"
        );
    }

    #[test]
    fn a_workbook_is_marked_as_recettes_and_says_it_is_masked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("r.xlsx");
        write_table(&table(), &path, TableFormat::Xlsx, Lang::Fr.catalogue()).unwrap();
        assert!(super::super::output::written_by_recette(
            &path,
            super::super::output::Format::Xlsx
        ));
    }
}
