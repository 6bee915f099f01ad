//! What the exports share besides words (those are `domain::i18n`'s): the personal-data
//! notice, the order of the vocabularies in tables, and the neutralisation of values a
//! spreadsheet would run as formulas.

use std::borrow::Cow;

use crate::domain::i18n::Catalogue;

/// "Données personnelles masquées" or "Données personnelles NON masquées".
pub fn masked_notice(t: &Catalogue, masked: bool) -> &'static str {
    if masked { t.masked } else { t.not_masked }
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
    fn the_notice_says_whether_personal_data_is_masked() {
        let t = crate::domain::i18n::Lang::Fr.catalogue();
        assert_eq!(masked_notice(t, true), "Données personnelles masquées");
        assert_eq!(masked_notice(t, false), "Données personnelles NON masquées");
    }
}
