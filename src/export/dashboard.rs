//! The workbook's first sheet, *Synthèse* (*Overview*), for the ops manager's meeting, in
//! the words of the catalogue: the decision for the switch-over in colour in its first
//! cells (GO / GO avec réserves / NO-GO); per resource
//! on the last delivery: counts, checklist progress, sign-off, open defects by severity; the
//! defects by severity and status; and, per resource, a chart of its missing, unexpected and
//! differing records delivery after delivery (L1, L2…), drawn from a table on the sheet.
//!
//! Reads only the [`Snapshot`]; the cell formats come from `xlsx` ([`Styles`]).

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::labels::{STATUSES, masked_notice, neutralise};
use super::sheets::severity_status_counts;
use super::snapshot::{Decision, Snapshot, SummaryRow};
use super::xlsx::{Styles, write_time};
use crate::domain::i18n::{Catalogue, fill};

/// Where the decision is: A1 (the word, in colour), B1 (the sentence).
pub const DECISION_CELL: (u32, u16) = (0, 0);

/// Categories the chart follows.
const CHARTED: [&str; 3] = ["missing", "unexpected", "differing"];

/// The headers of the table per resource, in the words of `t`.
fn resource_headers(t: &Catalogue) -> [&'static str; 20] {
    [
        t.h_resource,
        t.h_expected,
        t.h_migrated,
        t.h_identical,
        t.h_differing_rows,
        t.h_missing_rows,
        t.h_unexpected_rows,
        t.h_excluded_but_migrated,
        t.h_duplicates,
        t.h_items_done,
        t.h_items_total,
        t.x_progress,
        t.verdict_ok,
        t.verdict_ko,
        t.h_signoff,
        t.h_signed_by,
        t.x_signed_at,
        t.x_open_blocking,
        t.x_open_major,
        t.x_open_minor,
    ]
}

/// The decision to show: the snapshot's, else read from its sentence (a snapshot from a
/// JSON export without `decision`, French or English).
pub fn decision_of(s: &Snapshot) -> Option<Decision> {
    s.decision.or_else(|| {
        s.go_no_go.as_deref().map(|line| {
            if line.starts_with("NO-GO") {
                Decision::NoGo
            } else if line.contains("réserve") || line.contains("reservation") {
                Decision::GoWithReservations
            } else {
                Decision::Go
            }
        })
    })
}

/// Fills the dashboard sheet, in the words of `t`.
pub fn write(
    ws: &mut Worksheet,
    s: &Snapshot,
    st: &Styles,
    t: &Catalogue,
) -> Result<(), XlsxError> {
    ws.set_name(t.sheet_dashboard)?;
    let (r, c) = DECISION_CELL;
    match decision_of(s) {
        Some(decision) => {
            let style = match decision {
                Decision::Go => &st.go,
                Decision::GoWithReservations => &st.reservations,
                Decision::NoGo => &st.no_go,
            };
            let label = match decision {
                Decision::Go => t.decision_go,
                Decision::GoWithReservations => t.go_reserved,
                Decision::NoGo => t.no_go,
            };
            ws.write_string_with_format(r, c, label, style)?;
        }
        None => {
            ws.write_string_with_format(r, c, t.x_no_decision, &st.title)?;
        }
    }
    if let Some(line) = &s.go_no_go {
        ws.write_string_with_format(r, c + 1, neutralise(line), &st.title)?;
    }
    ws.set_row_height(0, 30)?;
    let last = s.deliveries.last().map(String::as_str).unwrap_or("");
    let facts: [(&str, &str); 5] = [
        (t.x_campaign, &s.campaign),
        (t.x_as_of, ""),
        (t.x_last_delivery, last),
        (t.x_deliveries, &s.deliveries.join(", ")),
        (t.x_personal_data, masked_notice(t, s.masked)),
    ];
    for (i, (name, value)) in facts.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 0, *name, &st.bold)?;
        if *name == t.x_as_of {
            write_time(ws, row, 1, &s.generated_at, st, t)?;
        } else {
            ws.write_string_with_format(row, 1, neutralise(value), &st.plain)?;
        }
    }

    let mut row = 7;
    let current: Vec<&SummaryRow> = s.summary.iter().filter(|r| r.delivery == last).collect();
    ws.write_string_with_format(
        row,
        0,
        neutralise(&fill(t.x_by_resource, &[last])),
        &st.title,
    )?;
    row += 1;
    let headers = resource_headers(t);
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &st.header)?;
    }
    row += 1;
    if current.is_empty() {
        ws.write_string_with_format(row, 0, t.x_no_resource, &st.plain)?;
        row += 1;
    }
    for r in &current {
        resource_row(ws, row, s, r, st, t)?;
        row += 1;
    }

    row += 1;
    ws.write_string_with_format(row, 0, t.x_defects_by, &st.title)?;
    row += 1;
    ws.write_string_with_format(row, 0, t.h_severity, &st.header)?;
    for (c, status) in STATUSES.iter().enumerate() {
        ws.write_string_with_format(row, 1 + c as u16, t.status(status), &st.header)?;
    }
    ws.write_string_with_format(row, 1 + STATUSES.len() as u16, t.h_total, &st.header)?;
    row += 1;
    for (severity, counts, total) in severity_status_counts(&s.defects, t) {
        let blocking = severity == t.severity("bloquante");
        let style = if blocking && counts[..3].iter().any(|&n| n > 0) {
            &st.ko
        } else {
            &st.plain
        };
        ws.write_string_with_format(row, 0, neutralise(&severity), style)?;
        for (c, n) in counts.iter().enumerate() {
            ws.write_number_with_format(row, 1 + c as u16, *n as f64, &st.plain)?;
        }
        ws.write_number_with_format(row, 1 + counts.len() as u16, total as f64, &st.bold)?;
        row += 1;
    }

    row += 1;
    trend(ws, row, s, st, t)?;
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 14)?;
    for c in 2..headers.len() as u16 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(15, 24)?;
    ws.set_column_width(16, 16)?;
    ws.set_header(format!(
        "&L{}&R&A",
        masked_notice(t, s.masked).replace('&', "&&")
    ));
    ws.set_landscape();
    Ok(())
}

fn resource_row(
    ws: &mut Worksheet,
    row: u32,
    s: &Snapshot,
    r: &SummaryRow,
    st: &Styles,
    t: &Catalogue,
) -> Result<(), XlsxError> {
    let name = if r.label.is_empty() || r.label == r.resource {
        r.resource.clone()
    } else {
        format!("{} ({})", r.label, r.resource)
    };
    ws.write_string_with_format(row, 0, neutralise(&name), &st.plain)?;
    let counts = [
        r.expected,
        r.migrated,
        r.identical,
        r.differing,
        r.missing,
        r.unexpected,
        r.excluded_but_migrated,
        r.duplicates,
        r.items_done,
        r.items_total,
    ];
    for (i, n) in counts.iter().enumerate() {
        ws.write_number_with_format(row, 1 + i as u16, *n as f64, &st.plain)?;
    }
    if r.items_total > 0 {
        let done = r.items_done as f64 / r.items_total as f64;
        ws.write_number_with_format(row, 11, done, &st.percent)?;
    }
    ws.write_number_with_format(
        row,
        12,
        r.ok as f64,
        if r.ok > 0 { &st.ok } else { &st.plain },
    )?;
    ws.write_number_with_format(
        row,
        13,
        r.ko as f64,
        if r.ko > 0 { &st.ko } else { &st.plain },
    )?;
    if r.signed_off {
        ws.write_string_with_format(row, 14, t.signed, &st.ok)?;
    } else {
        ws.write_string_with_format(row, 14, t.not_signed, &st.plain)?;
    }
    if let Some(by) = &r.signed_off_by {
        // "Marie Dupont, 2026-10-12": the name, the date has its own column.
        let who = by.rsplit_once(", ").map_or(by.as_str(), |(who, _)| who);
        ws.write_string_with_format(row, 15, neutralise(who), &st.plain)?;
    }
    if let Some(at) = &r.signed_off_at {
        write_time(ws, row, 16, at, st, t)?;
    }
    for (i, severity) in ["bloquante", "majeure", "mineure"].iter().enumerate() {
        let open = s
            .defects
            .iter()
            .filter(|d| d.resource == r.resource && t.severity(&d.severity) == t.severity(severity))
            .filter(|d| d.status != "verified" && d.status != "rejected")
            .count();
        let style = if open > 0 && i == 0 {
            &st.ko
        } else {
            &st.plain
        };
        ws.write_number_with_format(row, 17 + i as u16, open as f64, style)?;
    }
    Ok(())
}

/// The table of missing, unexpected and differing records per resource and delivery, and
/// one column chart per resource drawn from it (a series per delivery), below the table.
fn trend(
    ws: &mut Worksheet,
    top: u32,
    s: &Snapshot,
    st: &Styles,
    t: &Catalogue,
) -> Result<(), XlsxError> {
    let mut resources: Vec<(&str, &str)> = Vec::new();
    for r in &s.summary {
        if !resources.iter().any(|(name, _)| *name == r.resource) {
            resources.push((&r.resource, &r.label));
        }
    }
    ws.write_string_with_format(top, 0, t.x_trend_title, &st.title)?;
    let header = top + 1;
    ws.write_string_with_format(header, 0, t.h_resource, &st.header)?;
    ws.write_string_with_format(header, 1, t.h_category, &st.header)?;
    for (d, delivery) in s.deliveries.iter().enumerate() {
        ws.write_string_with_format(header, 2 + d as u16, neutralise(delivery), &st.header)?;
    }
    let mut row = header + 1;
    let mut blocks = Vec::new();
    for (resource, label) in &resources {
        let first = row;
        for category in CHARTED {
            ws.write_string_with_format(row, 0, neutralise(resource), &st.plain)?;
            ws.write_string_with_format(row, 1, t.category(category), &st.plain)?;
            for (d, delivery) in s.deliveries.iter().enumerate() {
                let found = s
                    .summary
                    .iter()
                    .find(|r| r.resource == *resource && r.delivery == *delivery);
                if let Some(r) = found {
                    let n = match category {
                        "missing" => r.missing,
                        "unexpected" => r.unexpected,
                        _ => r.differing,
                    };
                    ws.write_number_with_format(row, 2 + d as u16, n as f64, &st.plain)?;
                }
            }
            row += 1;
        }
        blocks.push((*resource, *label, first, row - 1));
    }
    if s.deliveries.is_empty() {
        return Ok(());
    }
    // Charts below the table, two a row.
    let charts_top = row + 1;
    for (i, (resource, label, first, last)) in blocks.iter().enumerate() {
        let mut chart = Chart::new(ChartType::Column);
        let title = if label.is_empty() {
            resource.to_string()
        } else {
            format!("{label} ({resource})")
        };
        chart.title().set_name(&title);
        for (d, _) in s.deliveries.iter().enumerate() {
            let col = 2 + d as u16;
            chart
                .add_series()
                .set_name((t.sheet_dashboard, header, col))
                .set_categories((t.sheet_dashboard, *first, 1, *last, 1))
                .set_values((t.sheet_dashboard, *first, col, *last, col));
        }
        chart.y_axis().set_name(t.x_records);
        chart.set_width(480).set_height(260);
        let at_row = charts_top + (i as u32 / 2) * 14;
        let at_col = if i % 2 == 0 { 0 } else { 5 };
        ws.insert_chart(at_row, at_col, &chart)?;
    }
    Ok(())
}
