//! The workbook's first sheet, *Synthèse*, for the ops manager's meeting: the decision for
//! the switch-over in colour in its first cells (GO / GO avec réserves / NO-GO); per resource
//! on the last delivery: counts, checklist progress, sign-off, open defects by severity; the
//! defects by severity and status; and, per resource, a chart of its missing, unexpected and
//! differing records delivery after delivery (L1, L2…), drawn from a table on the sheet.
//!
//! Reads only the [`Snapshot`]; the cell formats come from `xlsx` ([`Styles`]).

use rust_xlsxwriter::{Chart, ChartType, Worksheet, XlsxError};

use super::labels::{STATUSES, masked_notice, neutralise, severity_label, status_label};
use super::sheets::severity_status_counts;
use super::snapshot::{Decision, Snapshot, SummaryRow};
use super::xlsx::{Styles, write_time};

/// The name of the dashboard sheet.
pub const TITLE: &str = "Synthèse";

/// Where the decision is: A1 (the word, in colour), B1 (the sentence).
pub const DECISION_CELL: (u32, u16) = (0, 0);

/// Categories the chart follows, with their labels.
const CHARTED: [(&str, &str); 3] = [
    ("missing", "manquantes"),
    ("unexpected", "inattendues"),
    ("differing", "différentes"),
];

const RESOURCE_HEADERS: [&str; 20] = [
    "Ressource",
    "Attendues",
    "Migrées",
    "Identiques",
    "Différentes",
    "Manquantes",
    "Inattendues",
    "Exclues mais migrées",
    "Clés en double",
    "Points traités",
    "Points au total",
    "Avancement",
    "OK",
    "KO",
    "Signée",
    "Signée par",
    "Signée le",
    "Anomalies bloquantes ouvertes",
    "Anomalies majeures ouvertes",
    "Anomalies mineures ouvertes",
];

/// The decision to show: the snapshot's, else read from its sentence (a snapshot from a
/// JSON export without `decision`).
pub fn decision_of(s: &Snapshot) -> Option<Decision> {
    s.decision.or_else(|| {
        s.go_no_go.as_deref().map(|line| {
            if line.starts_with("NO-GO") {
                Decision::NoGo
            } else if line.contains("réserve") {
                Decision::GoWithReservations
            } else {
                Decision::Go
            }
        })
    })
}

/// Fills the dashboard sheet.
pub fn write(ws: &mut Worksheet, s: &Snapshot, st: &Styles) -> Result<(), XlsxError> {
    ws.set_name(TITLE)?;
    let (r, c) = DECISION_CELL;
    match decision_of(s) {
        Some(decision) => {
            let style = match decision {
                Decision::Go => &st.go,
                Decision::GoWithReservations => &st.reservations,
                Decision::NoGo => &st.no_go,
            };
            ws.write_string_with_format(r, c, decision.label(), style)?;
        }
        None => {
            ws.write_string_with_format(r, c, "Décision non calculée", &st.title)?;
        }
    }
    if let Some(line) = &s.go_no_go {
        ws.write_string_with_format(r, c + 1, neutralise(line), &st.title)?;
    }
    ws.set_row_height(0, 30)?;
    let last = s.deliveries.last().map(String::as_str).unwrap_or("");
    let facts: [(&str, &str); 5] = [
        ("Campagne", &s.campaign),
        ("État au", ""),
        ("Dernière livraison", last),
        ("Livraisons", &s.deliveries.join(", ")),
        ("Données personnelles", masked_notice(s.masked)),
    ];
    for (i, (name, value)) in facts.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string_with_format(row, 0, *name, &st.bold)?;
        if *name == "État au" {
            write_time(ws, row, 1, &s.generated_at, st)?;
        } else {
            ws.write_string_with_format(row, 1, neutralise(value), &st.plain)?;
        }
    }

    let mut row = 7;
    let current: Vec<&SummaryRow> = s.summary.iter().filter(|r| r.delivery == last).collect();
    ws.write_string_with_format(
        row,
        0,
        format!("Par ressource — livraison {last}"),
        &st.title,
    )?;
    row += 1;
    for (c, h) in RESOURCE_HEADERS.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, *h, &st.header)?;
    }
    row += 1;
    if current.is_empty() {
        ws.write_string_with_format(row, 0, "Aucune ressource.", &st.plain)?;
        row += 1;
    }
    for r in &current {
        resource_row(ws, row, s, r, st)?;
        row += 1;
    }

    row += 1;
    ws.write_string_with_format(row, 0, "Anomalies par sévérité et statut", &st.title)?;
    row += 1;
    ws.write_string_with_format(row, 0, "Sévérité", &st.header)?;
    for (c, status) in STATUSES.iter().enumerate() {
        ws.write_string_with_format(row, 1 + c as u16, status_label(status), &st.header)?;
    }
    ws.write_string_with_format(row, 1 + STATUSES.len() as u16, "Total", &st.header)?;
    row += 1;
    for (severity, counts, total) in severity_status_counts(&s.defects) {
        let style = if severity == "bloquante" && counts[..3].iter().any(|&n| n > 0) {
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
    trend(ws, row, s, st)?;
    ws.set_column_width(0, 26)?;
    ws.set_column_width(1, 14)?;
    for c in 2..RESOURCE_HEADERS.len() as u16 {
        ws.set_column_width(c, 12)?;
    }
    ws.set_column_width(15, 24)?;
    ws.set_column_width(16, 16)?;
    ws.set_header(format!(
        "&L{}&R&A",
        masked_notice(s.masked).replace('&', "&&")
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
        ws.write_string_with_format(row, 14, "oui", &st.ok)?;
    } else {
        ws.write_string_with_format(row, 14, "non", &st.plain)?;
    }
    if let Some(by) = &r.signed_off_by {
        // "Marie Dupont, 2026-10-12": the name, the date has its own column.
        let who = by.rsplit_once(", ").map_or(by.as_str(), |(who, _)| who);
        ws.write_string_with_format(row, 15, neutralise(who), &st.plain)?;
    }
    if let Some(at) = &r.signed_off_at {
        write_time(ws, row, 16, at, st)?;
    }
    for (i, severity) in ["bloquante", "majeure", "mineure"].iter().enumerate() {
        let open = s
            .defects
            .iter()
            .filter(|d| d.resource == r.resource && severity_label(&d.severity) == *severity)
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
fn trend(ws: &mut Worksheet, top: u32, s: &Snapshot, st: &Styles) -> Result<(), XlsxError> {
    let mut resources: Vec<(&str, &str)> = Vec::new();
    for r in &s.summary {
        if !resources.iter().any(|(name, _)| *name == r.resource) {
            resources.push((&r.resource, &r.label));
        }
    }
    ws.write_string_with_format(
        top,
        0,
        "Écarts par livraison (manquantes, inattendues, différentes)",
        &st.title,
    )?;
    let header = top + 1;
    ws.write_string_with_format(header, 0, "Ressource", &st.header)?;
    ws.write_string_with_format(header, 1, "Catégorie", &st.header)?;
    for (d, delivery) in s.deliveries.iter().enumerate() {
        ws.write_string_with_format(header, 2 + d as u16, neutralise(delivery), &st.header)?;
    }
    let mut row = header + 1;
    let mut blocks = Vec::new();
    for (resource, label) in &resources {
        let first = row;
        for (category, category_label) in CHARTED {
            ws.write_string_with_format(row, 0, neutralise(resource), &st.plain)?;
            ws.write_string_with_format(row, 1, category_label, &st.plain)?;
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
                .set_name((TITLE, header, col))
                .set_categories((TITLE, *first, 1, *last, 1))
                .set_values((TITLE, *first, col, *last, col));
        }
        chart.y_axis().set_name("enregistrements");
        chart.set_width(480).set_height(260);
        let at_row = charts_top + (i as u32 / 2) * 14;
        let at_col = if i % 2 == 0 { 0 } else { 5 };
        ws.insert_chart(at_row, at_col, &chart)?;
    }
    Ok(())
}
