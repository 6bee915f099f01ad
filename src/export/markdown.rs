//! The Markdown export, to paste into the weekly meeting's report: a title, the personal-data
//! notice and the go / no-go line, then tables — summary per resource and delivery, defects by
//! severity and status, what each delivery fixed and broke (key by key, then cause by
//! cause), the causes of the differences, the defects, the checklist; last,
//! the comment `<!-- recette export -->` that lets a later export replace the file. In the
//! words of the catalogue; resources by their labels.

use std::fmt::Write as _;
use std::path::Path;

use super::ExportError;
use super::labels::{STATUSES, masked_notice};
use super::sheets::{change_text, defect_cause_text, severity_status_counts};
use super::snapshot::{CauseRow, Snapshot};
use crate::acceptance::cause_words;
use crate::domain::i18n::{Catalogue, fill};
use crate::domain::text::for_terminal_lines;

/// Writes the Markdown export to `path` (replaced if it exists), in the words of `t`.
pub fn write_markdown(snapshot: &Snapshot, path: &Path, t: &Catalogue) -> Result<(), ExportError> {
    super::write_file(path, to_markdown(snapshot, t).as_bytes())
}

/// The Markdown export as text, in the words of `t`.
pub fn to_markdown(s: &Snapshot, t: &Catalogue) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", fill(t.x_title, &[&inline(&s.campaign)]));
    let _ = writeln!(
        out,
        "{}\n",
        fill(
            t.x_state,
            &[
                &inline(&s.generated_at),
                &inline(&s.deliveries.join(", ")),
                masked_notice(t, s.masked),
            ]
        )
    );
    if let Some(decision) = &s.go_no_go {
        let _ = writeln!(out, "**{}**\n", fill(t.x_decision, &[&inline(decision)]));
    }

    let _ = writeln!(out, "## {}\n", t.sheet_dashboard);
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
                    (true, Some(by)) => format!("{} ({by})", t.signed),
                    (true, None) => t.signed.into(),
                    (false, _) => t.not_signed.into(),
                },
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            t.h_resource,
            t.h_delivery,
            t.h_expected,
            t.h_migrated,
            t.h_identical,
            t.h_differing_rows,
            t.h_missing_rows,
            t.h_unexpected_rows,
            t.h_excluded_but_migrated,
            t.h_duplicates,
            t.h_items_done,
            t.verdict_ok,
            t.verdict_ko,
            t.h_signoff,
        ],
        &rows,
        t.x_no_resource,
    );

    let _ = writeln!(out, "## {}\n", t.x_defects_by);
    let mut headers = vec![t.h_severity];
    headers.extend(STATUSES.iter().map(|s| t.status(s)));
    headers.push(t.h_total);
    let rows: Vec<Vec<String>> = severity_status_counts(&s.defects, t)
        .into_iter()
        .map(|(severity, counts, total)| {
            let mut row = vec![severity];
            row.extend(counts.iter().map(u64::to_string));
            row.push(total.to_string());
            row
        })
        .collect();
    table(&mut out, &headers, &rows, "");

    let _ = writeln!(out, "## {}\n", t.x_comparisons);
    if s.comparison.is_empty() {
        let _ = writeln!(out, "{}\n", t.x_no_comparison);
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
            "### {}\n",
            fill(
                t.x_comparison_head,
                &[&inline(&label), &inline(&c.previous), &inline(&c.current)]
            )
        );
        let counts = |f: u64, s: u64, r: u64, n: u64| [f, s, r, n].map(|x| x.to_string());
        let mut rows: Vec<Vec<String>> = Vec::new();
        for k in &c.by_category {
            if k.fixed + k.still_failing + k.regressed + k.new > 0 {
                let mut row = vec![t.category(&k.category).to_string()];
                row.extend(counts(k.fixed, k.still_failing, k.regressed, k.new));
                rows.push(row);
            }
        }
        for k in &c.by_column {
            if k.fixed + k.still_failing + k.regressed + k.new > 0 {
                let mut row = vec![fill(t.x_column, &[&format!("`{}`", k.column)])];
                row.extend(counts(k.fixed, k.still_failing, k.regressed, k.new));
                rows.push(row);
            }
        }
        table(
            &mut out,
            &[
                t.h_category_or_column,
                t.h_fixed,
                t.h_still_failing,
                t.h_regressed,
                t.h_new,
            ],
            &rows,
            t.x_no_change,
        );
        let causes = s
            .cause_comparison
            .iter()
            .filter(|x| x.resource == c.resource && x.previous == c.previous)
            .flat_map(|x| &x.by_cause);
        for change in causes {
            let what = format!(
                "`{}` · {}",
                inline(&change.column),
                cause_words::label(t, change.kind)
            );
            let line = cause_words::change_of(t, &what, change, &c.previous, &c.current);
            let _ = writeln!(out, "- {line}");
        }
        if s.cause_comparison
            .iter()
            .any(|x| x.resource == c.resource && x.previous == c.previous && !x.by_cause.is_empty())
        {
            out.push('\n');
        }
    }

    causes(&mut out, s, t);

    let _ = writeln!(out, "## {}\n", t.sheet_defects);
    let rows: Vec<Vec<String>> = s
        .defects
        .iter()
        .map(|d| {
            vec![
                d.id.clone(),
                label_of(s, &d.resource),
                t.severity(&d.severity).to_string(),
                t.status(&d.status).to_string(),
                d.title.clone(),
                defect_cause_text(d, t).unwrap_or_default(),
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
            t.h_id,
            t.h_resource,
            t.h_severity,
            t.h_status,
            t.h_title,
            t.h_cause,
            t.h_keys,
            t.h_columns,
            t.h_found_in,
            t.h_fixed_in,
        ],
        &rows,
        t.x_no_defect,
    );

    let _ = writeln!(out, "## {}\n", t.sheet_checklist);
    let rows: Vec<Vec<String>> = s
        .checklist
        .iter()
        .map(|r| {
            vec![
                label_of(s, &r.resource),
                r.label.clone(),
                r.delivery.clone(),
                t.verdict(&r.verdict).to_string(),
                r.measured.clone().unwrap_or_default(),
                r.author.clone().unwrap_or_default(),
                r.comment.clone().unwrap_or_default(),
            ]
        })
        .collect();
    table(
        &mut out,
        &[
            t.h_resource,
            t.h_item,
            t.h_delivery,
            t.h_verdict,
            t.h_measured,
            t.h_by,
            t.h_comment,
        ],
        &rows,
        t.x_no_item,
    );
    // The mark of a file recette wrote (`export::output`): invisible once rendered.
    let _ = writeln!(out, "{}", super::output::MD_MARKER);
    out
}

/// The causes of every differing column, per delivery and resource: a table (cause, keys,
/// what it is, what the integration team can do, what changed since the previous
/// delivery), then for each `mapping` cause the table for the team to fix their map and,
/// under its own heading, the campaign-map lines to check if it is the campaign that is
/// wrong.
fn causes(out: &mut String, s: &Snapshot, t: &Catalogue) {
    let _ = writeln!(out, "## {}\n", t.sheet_causes);
    if s.causes.is_empty() {
        let _ = writeln!(out, "{}\n", t.x_no_cause);
        return;
    }
    let mut groups: Vec<(&str, &str)> = Vec::new();
    for r in &s.causes {
        if !groups.contains(&(r.delivery.as_str(), r.resource.as_str())) {
            groups.push((r.delivery.as_str(), r.resource.as_str()));
        }
    }
    for (delivery, resource) in groups {
        let rows: Vec<&CauseRow> = s
            .causes
            .iter()
            .filter(|r| r.delivery == delivery && r.resource == resource)
            .collect();
        let label = named(&label_of(s, resource), resource);
        let _ = writeln!(
            out,
            "### {}\n",
            fill(t.x_causes_head, &[&inline(&label), &inline(delivery)])
        );
        let cells: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let live = r.cause.rows > 0;
                vec![
                    format!("`{}`", r.column),
                    cause_words::label(t, r.cause.kind).to_string(),
                    r.cause.rows.to_string(),
                    cause_words::headline(t, &r.cause),
                    if live {
                        cause_words::suggestion(t, &r.cause)
                    } else {
                        String::new()
                    },
                    change_text(r, t).unwrap_or_default(),
                ]
            })
            .collect();
        table(
            out,
            &[
                t.h_column,
                t.h_cause,
                t.h_keys,
                t.h_detail,
                t.h_suggestion,
                t.h_change,
            ],
            &cells,
            "",
        );
        for r in rows
            .iter()
            .filter(|r| r.cause.rows > 0 && !r.cause.detail.mapping.is_empty())
        {
            let _ = writeln!(
                out,
                "**`{}` · {}**\n",
                inline(&r.column),
                inline(t.h_mapping_table)
            );
            for line in cause_words::mapping_table(t, &r.cause) {
                let _ = writeln!(out, "- {}", inline(&line));
            }
            out.push('\n');
            if let Some(check) = cause_words::campaign_map_check(t, &r.cause) {
                let _ = writeln!(out, "**{}**\n", inline(t.h_if_campaign_map_wrong));
                let _ = writeln!(out, "{}\n", inline(&check));
            }
        }
    }
}

/// A resource by its label, as the summary rows give it (its name when none does).
fn label_of(s: &Snapshot, resource: &str) -> String {
    s.summary
        .iter()
        .find(|r| r.resource == resource && !r.label.is_empty())
        .map_or_else(|| resource.to_string(), |r| r.label.clone())
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
