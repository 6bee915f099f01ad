//! The five tables every spreadsheet export holds (one XLSX sheet or one CSV file each),
//! built once from a `Snapshot` so that XLSX and CSV always agree: headers and vocabularies
//! in the catalogue's language (`domain::i18n`), identifiers (resources, columns, keys) as
//! the campaign names them, one row per summary line, checklist verdict, defect,
//! comparison line and cause. The workbook opens on a dashboard before them
//! (`export::dashboard`).

use super::labels::{SEVERITIES, STATUSES, masked_notice, or_null};
use super::snapshot::{CauseRow, DefectRow, Snapshot};
use crate::acceptance::cause_words;
use crate::acceptance::causes::CauseChange;
use crate::domain::i18n::{Catalogue, fill};

/// One cell. Numbers stay numbers (Excel sums them); text is shown as is.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(u64),
    /// An instant, RFC 3339: a date in the workbook (local time), the text as is in CSV.
    Time(String),
    /// A verdict's label ("KO", "OK", "à faire"…): filled red or green in the workbook.
    Verdict(String),
    Empty,
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<Option<&String>> for Cell {
    fn from(s: Option<&String>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.clone()))
    }
}

impl From<Option<&str>> for Cell {
    fn from(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::from)
    }
}

impl From<u64> for Cell {
    fn from(n: u64) -> Cell {
        Cell::Number(n)
    }
}

/// A column: its header (from the catalogue), the widest it may be drawn (characters), and
/// whether its text wraps (long free text).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub header: fn(&Catalogue) -> &'static str,
    pub max_width: u16,
    pub wrap: bool,
}

const fn col(header: fn(&Catalogue) -> &'static str, max_width: u16) -> Column {
    Column {
        header,
        max_width,
        wrap: false,
    }
}

const fn wrapped(header: fn(&Catalogue) -> &'static str, max_width: u16) -> Column {
    Column {
        header,
        max_width,
        wrap: true,
    }
}

#[derive(Debug, Clone)]
pub struct Sheet {
    /// The XLSX sheet name.
    pub title: &'static str,
    /// The CSV file name.
    pub file: &'static str,
    pub columns: &'static [Column],
    pub rows: Vec<Vec<Cell>>,
}

pub const SUMMARY_COLUMNS: &[Column] = &[
    col(|t| t.h_resource, 20),
    col(|t| t.h_label, 36),
    col(|t| t.h_delivery, 10),
    col(|t| t.h_expected, 12),
    col(|t| t.h_migrated, 12),
    col(|t| t.h_identical, 12),
    col(|t| t.h_differing_rows, 12),
    col(|t| t.h_missing_rows, 12),
    col(|t| t.h_unexpected_rows, 12),
    col(|t| t.h_excluded_but_migrated, 12),
    col(|t| t.h_duplicates, 12),
    col(|t| t.h_items_done, 10),
    col(|t| t.h_items_total, 10),
    col(|t| t.verdict_ok, 8),
    col(|t| t.verdict_ko, 8),
    col(|t| t.h_signoff, 8),
    col(|t| t.h_signed_by, 30),
];

pub const CHECKLIST_COLUMNS: &[Column] = &[
    col(|t| t.h_resource, 20),
    col(|t| t.h_item, 24),
    wrapped(|t| t.h_label, 50),
    col(|t| t.h_kind, 14),
    col(|t| t.h_delivery, 10),
    col(|t| t.h_verdict, 16),
    wrapped(|t| t.h_measured, 30),
    col(|t| t.h_by, 24),
    col(|t| t.h_at, 26),
    wrapped(|t| t.h_comment, 60),
];

pub const DEFECT_COLUMNS: &[Column] = &[
    col(|t| t.h_id, 10),
    col(|t| t.h_resource, 20),
    col(|t| t.h_item, 24),
    wrapped(|t| t.h_keys, 30),
    wrapped(|t| t.h_columns, 24),
    col(|t| t.h_nature, 16),
    col(|t| t.h_severity, 12),
    col(|t| t.h_status, 12),
    wrapped(|t| t.h_title, 50),
    wrapped(|t| t.h_description, 70),
    col(|t| t.h_found_in, 10),
    col(|t| t.h_fixed_in, 10),
    col(|t| t.h_created_by, 24),
    col(|t| t.h_created_at, 26),
    wrapped(|t| t.h_evidence, 70),
    wrapped(|t| t.h_defect_history, 70),
    wrapped(|t| t.h_cause, 50),
];

pub const COMPARISON_COLUMNS: &[Column] = &[
    col(|t| t.h_resource, 20),
    col(|t| t.h_previous_delivery, 12),
    col(|t| t.h_delivery, 10),
    col(|t| t.h_scope, 10),
    col(|t| t.h_category_or_column, 30),
    col(|t| t.h_fixed, 12),
    col(|t| t.h_still_failing, 12),
    col(|t| t.h_regressed, 12),
    col(|t| t.h_new, 12),
];

pub const CAUSE_COLUMNS: &[Column] = &[
    col(|t| t.h_resource, 20),
    col(|t| t.h_delivery, 10),
    col(|t| t.h_column, 24),
    col(|t| t.h_cause, 24),
    col(|t| t.h_keys, 10),
    wrapped(|t| t.h_detail, 44),
    wrapped(|t| t.h_suggestion, 70),
    wrapped(|t| t.h_mapping_table, 60),
    wrapped(|t| t.h_if_campaign_map_wrong, 60),
    wrapped(|t| t.h_cause_patterns, 60),
    col(|t| t.h_previous_delivery, 12),
    wrapped(|t| t.h_change, 40),
];

/// The CSV files of the five tables, in the order of [`sheets`].
pub const CSV_FILES: [&str; 5] = [
    "synthese.csv",
    "checklist.csv",
    "anomalies.csv",
    "comparaison-livraisons.csv",
    "causes.csv",
];

/// Par livraison, Vérifications, Anomalies, Comparaison livraisons, Causes — in that order
/// (the workbook puts its dashboard, *Synthèse*, before them).
pub fn sheets(snapshot: &Snapshot, t: &Catalogue) -> [Sheet; 5] {
    [
        summary(snapshot, t),
        checklist(snapshot, t),
        defects(snapshot, t),
        comparison(snapshot, t),
        causes(snapshot, t),
    ]
}

/// The line above each sheet's header: campaign, date, deliveries, the personal-data notice.
pub fn banner(snapshot: &Snapshot, sheet: &Sheet, t: &Catalogue) -> String {
    fill(
        t.x_banner,
        &[
            &snapshot.campaign,
            sheet.title,
            &snapshot.generated_at,
            &snapshot.deliveries.join(", "),
            masked_notice(t, snapshot.masked),
        ],
    )
}

fn yes_no(t: &Catalogue, b: bool) -> Cell {
    Cell::from(if b { t.signed } else { t.not_signed })
}

fn summary(s: &Snapshot, t: &Catalogue) -> Sheet {
    let rows = s
        .summary
        .iter()
        .map(|r| {
            vec![
                r.resource.as_str().into(),
                r.label.as_str().into(),
                r.delivery.as_str().into(),
                r.expected.into(),
                r.migrated.into(),
                r.identical.into(),
                r.differing.into(),
                r.missing.into(),
                r.unexpected.into(),
                r.excluded_but_migrated.into(),
                r.duplicates.into(),
                r.items_done.into(),
                r.items_total.into(),
                r.ok.into(),
                r.ko.into(),
                yes_no(t, r.signed_off),
                r.signed_off_by.as_ref().into(),
            ]
        })
        .collect();
    Sheet {
        title: t.sheet_summary,
        file: CSV_FILES[0],
        columns: SUMMARY_COLUMNS,
        rows,
    }
}

fn checklist(s: &Snapshot, t: &Catalogue) -> Sheet {
    let rows = s
        .checklist
        .iter()
        .map(|r| {
            vec![
                r.resource.as_str().into(),
                r.item.as_str().into(),
                r.label.as_str().into(),
                t.item_kind(&r.kind).into(),
                r.delivery.as_str().into(),
                Cell::Verdict(t.verdict(&r.verdict).to_string()),
                r.measured.as_ref().into(),
                r.author.as_ref().into(),
                r.time.clone().map_or(Cell::Empty, Cell::Time),
                r.comment.as_ref().into(),
            ]
        })
        .collect();
    Sheet {
        title: t.sheet_checklist,
        file: CSV_FILES[1],
        columns: CHECKLIST_COLUMNS,
        rows,
    }
}

/// The evidence of a defect, one line per value: `key · column : expected → migrated`.
pub fn evidence_text(d: &DefectRow) -> String {
    d.evidence
        .iter()
        .map(|e| {
            format!(
                "{} · {} : {} → {}",
                e.key,
                e.column,
                or_null(e.expected.as_deref()),
                or_null(e.migrated.as_deref())
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn defects(s: &Snapshot, t: &Catalogue) -> Sheet {
    let rows = s
        .defects
        .iter()
        .map(|d| {
            vec![
                d.id.as_str().into(),
                d.resource.as_str().into(),
                d.item.as_ref().into(),
                d.keys.join("\n").into(),
                d.columns.join(", ").into(),
                d.kind.as_deref().map(|k| t.defect_kind(k)).into(),
                t.severity(&d.severity).into(),
                t.status(&d.status).into(),
                d.title.as_str().into(),
                d.description.as_str().into(),
                d.found_in.as_ref().into(),
                d.fixed_in.as_ref().into(),
                d.author.as_str().into(),
                Cell::Time(d.created.clone()),
                evidence_text(d).into(),
                d.history.join("\n").into(),
                defect_cause_text(d, t).as_ref().into(),
            ]
        })
        .collect();
    Sheet {
        title: t.sheet_defects,
        file: CSV_FILES[2],
        columns: DEFECT_COLUMNS,
        rows,
    }
}

/// Every category of every comparison (so a clean resource shows as such), and the columns
/// with at least one non-zero count.
fn comparison(s: &Snapshot, t: &Catalogue) -> Sheet {
    let mut rows = Vec::new();
    for c in &s.comparison {
        let line = |scope: &str, name: &str, counts: [u64; 4]| -> Vec<Cell> {
            let mut row: Vec<Cell> = vec![
                c.resource.as_str().into(),
                c.previous.as_str().into(),
                c.current.as_str().into(),
                scope.into(),
                name.into(),
            ];
            row.extend(counts.map(Cell::Number));
            row
        };
        for k in &c.by_category {
            let counts = [k.fixed, k.still_failing, k.regressed, k.new];
            rows.push(line(t.scope_category, t.category(&k.category), counts));
        }
        for k in &c.by_column {
            let counts = [k.fixed, k.still_failing, k.regressed, k.new];
            if counts.iter().any(|&n| n > 0) {
                rows.push(line(t.scope_column, &k.column, counts));
            }
        }
    }
    Sheet {
        title: t.sheet_comparison,
        file: CSV_FILES[3],
        columns: COMPARISON_COLUMNS,
        rows,
    }
}

/// The cause a defect was raised from, in words: "last_name · encodage : UTF-8 lu comme
/// Windows-1252 · 7 clés".
pub fn defect_cause_text(d: &DefectRow, t: &Catalogue) -> Option<String> {
    let cause = d.cause.as_ref()?;
    Some(cause_words::with_column(
        t,
        &cause.column,
        &cause.as_cause(),
    ))
}

/// A cause's most frequent value pairs, one per line: `expected → delivered × keys`.
pub fn patterns_text(row: &CauseRow) -> String {
    row.cause
        .patterns
        .iter()
        .map(|p| {
            format!(
                "{} → {} × {}",
                or_null(p.expected.as_deref()),
                or_null(p.migrated.as_deref()),
                p.rows
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// How a cause changed since the previous delivery, in words ("encodage : cause corrigée en
/// L2"); `None` on the first delivery.
pub fn change_text(row: &CauseRow, t: &Catalogue) -> Option<String> {
    let (previous, rows) = (row.previous_delivery.as_ref()?, row.previous_rows?);
    let change = CauseChange {
        column: row.column.clone(),
        kind: row.cause.kind,
        previous: rows,
        current: row.cause.rows,
    };
    let what = cause_words::label(t, row.cause.kind);
    Some(cause_words::change_of(
        t,
        what,
        &change,
        previous,
        &row.delivery,
    ))
}

/// One row per cause of a column on a delivery: the cause in words, its keys, what it is,
/// what the integration team can do, for `mapping` the table to fix their map and — apart,
/// under its own heading — the campaign-map lines to check if the campaign is wrong.
fn causes(s: &Snapshot, t: &Catalogue) -> Sheet {
    let rows = s
        .causes
        .iter()
        .map(|r| {
            let cause = &r.cause;
            // A cause gone since the previous delivery says so, and nothing is left to do.
            let live = cause.rows > 0;
            let to_do = |text: String| if live { Cell::Text(text) } else { Cell::Empty };
            vec![
                r.resource.as_str().into(),
                r.delivery.as_str().into(),
                r.column.as_str().into(),
                cause_words::label(t, cause.kind).into(),
                cause.rows.into(),
                cause_words::headline(t, cause).into(),
                to_do(cause_words::suggestion(t, cause)),
                to_do(cause_words::mapping_table(t, cause).join("\n")),
                cause_words::campaign_map_check(t, cause).map_or(Cell::Empty, to_do),
                patterns_text(r).into(),
                r.previous_delivery.as_ref().into(),
                change_text(r, t).as_ref().into(),
            ]
        })
        .collect();
    Sheet {
        title: t.sheet_causes,
        file: CSV_FILES[4],
        columns: CAUSE_COLUMNS,
        rows,
    }
}

/// Defects counted by severity (rows: the three severities, then any other one met) and
/// status (columns: `labels::STATUSES`), with each row's total; severities as `t` says them.
pub fn severity_status_counts(
    defects: &[DefectRow],
    t: &Catalogue,
) -> Vec<(String, [u64; 5], u64)> {
    let mut severities: Vec<&str> = SEVERITIES.to_vec();
    for d in defects {
        let label = t.severity(&d.severity);
        if !severities.iter().any(|s| t.severity(s) == label) {
            severities.push(label);
        }
    }
    severities
        .iter()
        .map(|severity| {
            let of = |d: &&DefectRow| t.severity(&d.severity) == t.severity(severity);
            let counts = STATUSES.map(|status| {
                defects
                    .iter()
                    .filter(of)
                    .filter(|d| d.status == status)
                    .count() as u64
            });
            let total = defects.iter().filter(of).count() as u64;
            (t.severity(severity).to_string(), counts, total)
        })
        .collect()
}
