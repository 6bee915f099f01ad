//! Causes in a language's words (`domain::i18n`; the kinds, headlines and suggestions are
//! `domain::causes`' own, in French and English): for the command line, the exports and the
//! console alike. Columns by their labels; raw text (whoever prints it escapes what came
//! from files).

use super::causes::{CauseChange, DefectCause};
use crate::domain::campaign::Resources;
use crate::domain::causes::{
    Cause, CauseKind, MappingLine, campaign_map_check_en, campaign_map_check_fr, headline_en,
    headline_fr, suggestion_en, suggestion_fr,
};
use crate::domain::i18n::{Catalogue, Lang, fill};

/// A cause's kind: "encodage", "clés en double" / "encoding", "duplicate keys".
pub fn label(t: &Catalogue, kind: CauseKind) -> &'static str {
    match t.lang {
        Lang::Fr => kind.label_fr(),
        Lang::En => kind.label_en(),
    }
}

/// What a cause is, without its count: "encodage : UTF-8 lu comme Windows-1252".
pub fn headline(t: &Catalogue, cause: &Cause) -> String {
    match t.lang {
        Lang::Fr => headline_fr(cause),
        Lang::En => headline_en(cause),
    }
}

/// What the integration team can do about it, in a sentence.
pub fn suggestion(t: &Catalogue, cause: &Cause) -> String {
    match t.lang {
        Lang::Fr => suggestion_fr(cause.kind, &cause.detail),
        Lang::En => suggestion_en(cause.kind, &cause.detail),
    }
}

/// `mapping` only, said apart: the campaign-map lines to check *if the campaign's own map
/// is wrong* (never a proposal to expect what was delivered).
pub fn campaign_map_check(t: &Catalogue, cause: &Cause) -> Option<String> {
    if cause.kind != CauseKind::Mapping {
        return None;
    }
    match t.lang {
        Lang::Fr => campaign_map_check_fr(&cause.detail),
        Lang::En => campaign_map_check_en(&cause.detail),
    }
}

/// One line of a `mapping` cause's table, for the integration team to fix their map:
/// "« Prescrit » → prescribed attendu, planned livré : 412 clés sur 415".
pub fn mapping_line(t: &Catalogue, line: &MappingLine) -> String {
    let keys = t.count(t.n_keys, line.keys);
    let keys = match line.expected_rows {
        Some(rows) => fill(t.of_total, &[&keys, &rows.to_string()]),
        None => keys,
    };
    match &line.source {
        Some(source) => fill(
            t.mapping_line,
            &[source, &line.expected, &line.delivered, &keys],
        ),
        None => fill(
            t.mapping_line_no_source,
            &[&line.expected, &line.delivered, &keys],
        ),
    }
}

/// The table of a `mapping` cause, one line each (empty for another kind).
pub fn mapping_table(t: &Catalogue, cause: &Cause) -> Vec<String> {
    cause
        .detail
        .mapping
        .iter()
        .map(|line| mapping_line(t, line))
        .collect()
}

/// A cause with its column (as `column` names it) and count: "Nom · encodage : UTF-8 lu
/// comme Windows-1252 · 7 clés".
pub fn with_column(t: &Catalogue, column: &str, cause: &Cause) -> String {
    format!(
        "{column} · {} · {}",
        headline(t, cause),
        t.count(t.n_keys, cause.rows)
    )
}

/// The cause a defect was raised from, with its column's label and its count then.
pub fn defect_cause(t: &Catalogue, resources: &dyn Resources, cause: &DefectCause) -> String {
    let column = resources.column_label(&cause.resource, &cause.column);
    with_column(t, column, &cause.as_cause())
}

/// The title a defect raised from a cause gets when none is given: "Nom : encodage : UTF-8
/// lu comme Windows-1252".
pub fn defect_title(t: &Catalogue, resources: &dyn Resources, cause: &DefectCause) -> String {
    fill(
        t.cause_defect_title,
        &[
            resources.column_label(&cause.resource, &cause.column),
            &headline(t, &cause.as_cause()),
        ],
    )
}

/// One cause from one delivery to the next: "Nom · encodage : cause corrigée en L2",
/// "Fin · valeur perdue : nouvelle cause en L2 (6 clés)", "Nom · encodage : 7 clés en L1,
/// 7 clés en L2".
pub fn change(
    t: &Catalogue,
    resources: &dyn Resources,
    resource: &str,
    change: &CauseChange,
    previous: &str,
    current: &str,
) -> String {
    let what = format!(
        "{} · {}",
        resources.column_label(resource, &change.column),
        label(t, change.kind)
    );
    change_of(t, &what, change, previous, current)
}

/// The same, `what` naming the cause: "encodage : cause corrigée en L2".
pub fn change_of(
    t: &Catalogue,
    what: &str,
    change: &CauseChange,
    previous: &str,
    current: &str,
) -> String {
    if change.is_fixed() {
        fill(t.cause_fixed_in, &[what, current])
    } else if change.is_new() {
        fill(
            t.cause_new_in,
            &[what, current, &t.count(t.n_keys, change.current)],
        )
    } else {
        fill(
            t.cause_keys_change,
            &[
                what,
                &t.count(t.n_keys, change.previous),
                previous,
                &t.count(t.n_keys, change.current),
                current,
            ],
        )
    }
}
