//! The Markdown export, to paste into the weekly meeting's report: a title, the personal-data
//! notice and the go / no-go line, then tables — summary per resource and delivery, defects by
//! severity and status, what each delivery fixed and broke, the defects, the checklist; last,
//! the comment `<!-- recette export -->` that lets a later export replace the file.

use std::fmt::Write as _;
use std::path::Path;

use super::ExportError;
use super::labels::{
    STATUSES, category_label, masked_notice, severity_label, status_label, verdict_label,
};
use super::sheets::severity_status_counts;
use super::snapshot::Snapshot;
use crate::domain::text::for_terminal_lines;

/// Writes the Markdown export to `path` (replaced if it exists).
pub fn write_markdown(snapshot: &Snapshot, path: &Path) -> Result<(), ExportError> {
    super::write_file(path, to_markdown(snapshot).as_bytes())
}

/// The Markdown export as text.
pub fn to_markdown(s: &Snapshot) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# Recette — {}\n", inline(&s.campaign));
    let _ = writeln!(
        out,
        "État au {} · livraisons : {} · **{}**\n",
        inline(&s.generated_at),
        inline(&s.deliveries.join(", ")),
        masked_notice(s.masked)
    );
    if let Some(decision) = &s.go_no_go {
        let _ = writeln!(out, "**Décision : {}**\n", inline(decision));
    }

    out.push_str("## Synthèse\n\n");
    let rows: Vec<Vec<String>> = s
        .summary
        .iter()
        .map(|r| {
            vec![
                named(&r.label, &r.resource),
                r.delivery.clone(),
                r.expected.to_string(),
                r.migrated.to_string(),
                r.identical.to_string(),
                r.differing.to_string(),
                r.missing.to_string(),
                r.unexpected.to_string(),
                r.excluded_but_migrated.to_string(),
                r.duplicates.to_string(),
                format!("{} / {}", r.items_done, r.items_total),
                r.ok.to_string(),
                r.ko.to_string(),
                match (&r.signed_off, &r.signed_off_by) {
                    (true, Some(by)) => format!("oui ({by})"),
                    (true, None) => "oui".into(),
                    (false, _) => "non".into(),
                },
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            "Ressource",
            "Livraison",
            "Attendues",
            "Migrées",
            "Identiques",
            "Différentes",
            "Manquantes",
            "Inattendues",
            "Exclues mais migrées",
            "Clés en double",
            "Points traités",
            "OK",
            "KO",
            "Signée",
        ],
        &rows,
        "Aucune ressource.",
    );

    out.push_str("## Anomalies par sévérité et statut\n\n");
    let mut headers = vec!["Sévérité"];
    headers.extend(STATUSES.iter().map(|s| status_label(s)));
    headers.push("Total");
    let rows: Vec<Vec<String>> = severity_status_counts(&s.defects)
        .into_iter()
        .map(|(severity, counts, total)| {
            let mut row = vec![severity];
            row.extend(counts.iter().map(u64::to_string));
            row.push(total.to_string());
            row
        })
        .collect();
    table(&mut out, &headers, &rows, "");

    out.push_str("## Comparaison des livraisons\n\n");
    if s.comparison.is_empty() {
        out.push_str("Aucune comparaison (une seule livraison).\n\n");
    }
    for c in &s.comparison {
        let label = s
            .summary
            .iter()
            .find(|r| r.resource == c.resource)
            .map(|r| named(&r.label, &r.resource))
            .unwrap_or_else(|| c.resource.clone());
        let _ = writeln!(
            out,
            "### {} : {} → {}\n",
            inline(&label),
            inline(&c.previous),
            inline(&c.current)
        );
        let counts = |f: u64, s: u64, r: u64, n: u64| [f, s, r, n].map(|x| x.to_string());
        let mut rows: Vec<Vec<String>> = Vec::new();
        for k in &c.by_category {
            if k.fixed + k.still_failing + k.regressed + k.new > 0 {
                let mut row = vec![category_label(&k.category).to_string()];
                row.extend(counts(k.fixed, k.still_failing, k.regressed, k.new));
                rows.push(row);
            }
        }
        for k in &c.by_column {
            if k.fixed + k.still_failing + k.regressed + k.new > 0 {
                let mut row = vec![format!("colonne `{}`", k.column)];
                row.extend(counts(k.fixed, k.still_failing, k.regressed, k.new));
                rows.push(row);
            }
        }
        table(
            &mut out,
            &[
                "Catégorie ou colonne",
                "Corrigées",
                "Toujours en échec",
                "Régressions",
                "Nouvelles",
            ],
            &rows,
            "Aucun écart dans l'une ou l'autre livraison.",
        );
    }

    out.push_str("## Anomalies\n\n");
    let rows: Vec<Vec<String>> = s
        .defects
        .iter()
        .map(|d| {
            vec![
                d.id.clone(),
                d.resource.clone(),
                severity_label(&d.severity).to_string(),
                status_label(&d.status).to_string(),
                d.title.clone(),
                d.keys.join(", "),
                d.columns.join(", "),
                d.found_in.clone().unwrap_or_default(),
                d.fixed_in.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            "N°",
            "Ressource",
            "Sévérité",
            "Statut",
            "Titre",
            "Clés",
            "Colonnes",
            "Trouvée en",
            "Corrigée en",
        ],
        &rows,
        "Aucune anomalie.",
    );

    out.push_str("## Checklist\n\n");
    let rows: Vec<Vec<String>> = s
        .checklist
        .iter()
        .map(|r| {
            vec![
                r.resource.clone(),
                r.label.clone(),
                r.delivery.clone(),
                verdict_label(&r.verdict).to_string(),
                r.measured.clone().unwrap_or_default(),
                r.author.clone().unwrap_or_default(),
                r.comment.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            "Ressource",
            "Point",
            "Livraison",
            "Verdict",
            "Mesure",
            "Par",
            "Commentaire",
        ],
        &rows,
        "Aucun point de checklist.",
    );
    // The mark of a file recette wrote (`export::output`): invisible once rendered.
    let _ = writeln!(out, "{}", super::output::MD_MARKER);
    out
}

/// A resource as people and scripts both recognise it: "Salariés — employee".
fn named(label: &str, resource: &str) -> String {
    if label.is_empty() || label == resource {
        resource.to_string()
    } else {
        format!("{label} — {resource}")
    }
}

/// A pipe table, or `empty` (when non-empty) instead of a table without rows.
fn table<S: AsRef<str>>(out: &mut String, headers: &[&str], rows: &[Vec<S>], empty: &str) {
    if rows.is_empty() && !empty.is_empty() {
        let _ = writeln!(out, "{empty}\n");
        return;
    }
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(headers.iter().map(|h| cell(h)).collect()));
    out.push_str(&line(headers.iter().map(|_| "---".to_string()).collect()));
    for row in rows {
        out.push_str(&line(row.iter().map(|c| cell(c.as_ref())).collect()));
    }
    out.push('\n');
}

/// A value inside a table cell: pipes escaped, line breaks as `<br>`.
fn cell(value: &str) -> String {
    escape(value.trim())
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

/// A value in running text (title, heading, decision): on one line.
fn inline(value: &str) -> String {
    escape(value).replace('\n', " ")
}

/// Values are data, not markup: backslashes and angle brackets shown as such, control and
/// invisible characters escaped (`\x1b`, `\u{202e}`) as on a terminal, line breaks kept.
fn escape(value: &str) -> String {
    let text = value
        .replace('\\', "\\\\")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    for_terminal_lines(&text).into_owned()
}
