//! The French words of the exports: vocabularies (journal spelling → label), the notice on
//! personal data, and the neutralisation of values a spreadsheet would run as formulas.
//! A value outside a vocabulary is shown as given.

use std::borrow::Cow;

/// "Données personnelles masquées" or "Données personnelles NON masquées".
pub fn masked_notice(masked: bool) -> &'static str {
    if masked {
        "Données personnelles masquées"
    } else {
        "Données personnelles NON masquées"
    }
}

/// `todo` → "à faire", `ok` → "OK", `ko` → "KO", `na` → "non applicable", `blocked` → "bloqué".
pub fn verdict_label(value: &str) -> &str {
    match value {
        "todo" => "à faire",
        "ok" => "OK",
        "ko" => "KO",
        "na" => "non applicable",
        "blocked" => "bloqué",
        other => other,
    }
}

/// `open` → "ouverte", `fixed` → "corrigée", `verified` → "vérifiée", `reopened` →
/// "rouverte", `rejected` → "rejetée".
pub fn status_label(value: &str) -> &str {
    match value {
        "open" => "ouverte",
        "fixed" => "corrigée",
        "verified" => "vérifiée",
        "reopened" => "rouverte",
        "rejected" => "rejetée",
        other => other,
    }
}

/// `blocking` → "bloquante", `major` → "majeure", `minor` → "mineure".
pub fn severity_label(value: &str) -> &str {
    match value {
        "blocking" => "bloquante",
        "major" => "majeure",
        "minor" => "mineure",
        other => other,
    }
}

/// Checklist item kinds: `automated` → "automatique", `sample` → "échantillon",
/// `manual` → "manuel".
pub fn item_kind_label(value: &str) -> &str {
    match value {
        "automated" => "automatique",
        "sample" | "sample_review" => "échantillon",
        "manual" => "manuel",
        other => other,
    }
}

/// Defect kinds (`acceptance::defects::KINDS`): `missing` → "manquante", `unexpected` →
/// "inattendue", `differing` → "différente", `excluded_but_migrated` → "exclue mais migrée",
/// `duplicate` → "clé en double", `other` → "autre".
pub fn defect_kind_label(value: &str) -> &str {
    match value {
        "missing" => "manquante",
        "unexpected" => "inattendue",
        "differing" => "différente",
        "excluded_but_migrated" => "exclue mais migrée",
        "duplicate" => "clé en double",
        "other" => "autre",
        other => other,
    }
}

/// Reconciliation categories, as the comparison sheet names them.
pub fn category_label(value: &str) -> &str {
    match value {
        "missing" => "manquantes",
        "unexpected" => "inattendues",
        "differing" => "différentes",
        "excluded_but_migrated" => "exclues mais migrées",
        "duplicate" => "clés en double",
        other => other,
    }
}

/// Statuses in the order of a defect's life, for tables by status.
pub const STATUSES: [&str; 5] = ["open", "reopened", "fixed", "verified", "rejected"];
/// Severities from the worst (the journal writes them in French, `bloquante`...; the English
/// words are read too, see `severity_label`).
pub const SEVERITIES: [&str; 3] = ["bloquante", "majeure", "mineure"];

/// A text cell a spreadsheet must never run: a value starting with `=`, `+`, `-`, `@`
/// (or a tab or carriage return, which Excel skips before those) gets a leading `'`
/// (CSV / formula injection).
pub fn neutralise(value: &str) -> Cow<'_, str> {
    match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => Cow::Owned(format!("'{value}")),
        _ => Cow::Borrowed(value),
    }
}

/// A possibly NULL value as the exports show it.
pub fn or_null(value: Option<&str>) -> &str {
    value.unwrap_or("NULL")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_other_text_kept() {
        for v in ["=1+1", "+33 6", "-2", "@SUM(A1)", "\t=x", "\r=x"] {
            assert_eq!(neutralise(v), format!("'{v}"));
        }
        for v in ["Dupont", "", "1=1", "'=x", " =x"] {
            assert_eq!(neutralise(v), v);
        }
    }

    #[test]
    fn vocabularies_in_french_and_unknown_values_kept() {
        assert_eq!(status_label("fixed"), "corrigée");
        assert_eq!(severity_label("blocking"), "bloquante");
        assert_eq!(verdict_label("na"), "non applicable");
        assert_eq!(verdict_label("peut-être"), "peut-être");
        assert_eq!(category_label("duplicate"), "clés en double");
        assert_eq!(defect_kind_label("other"), "autre");
    }
}
