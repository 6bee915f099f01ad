//! The fixed vocabularies of recette (verdicts, severities, statuses, categories, kinds) as
//! the journal and the reports spell them, said in a language. A spelling outside a
//! vocabulary is shown as given.

use super::Catalogue;

impl Catalogue {
    /// `todo`, `ok`, `ko`, `na`, `blocked`.
    pub fn verdict<'a>(&self, value: &'a str) -> &'a str {
        let t = self;
        match value {
            "todo" => t.verdict_todo,
            "ok" => t.verdict_ok,
            "ko" => t.verdict_ko,
            "na" => t.verdict_na,
            "blocked" => t.verdict_blocked,
            other => other,
        }
    }

    /// `bloquante`, `majeure`, `mineure` (as the journal writes them), or their English
    /// spellings.
    pub fn severity<'a>(&self, value: &'a str) -> &'a str {
        let t = self;
        match value {
            "bloquante" | "blocking" => t.sev_bloquante,
            "majeure" | "major" => t.sev_majeure,
            "mineure" | "minor" => t.sev_mineure,
            other => other,
        }
    }

    /// A defect's status without its details: `open`, `fixed`, `verified`, `reopened`,
    /// `rejected`.
    pub fn status<'a>(&self, value: &'a str) -> &'a str {
        let t = self;
        match value {
            "open" => t.st_open,
            "fixed" => t.st_fixed_plain,
            "verified" => t.st_verified,
            "reopened" => t.st_reopened,
            "rejected" => t.st_rejected,
            other => other,
        }
    }

    /// How many defects have a status: "2 ouvertes", "1 corrigée".
    pub fn status_count(&self, value: &str, n: u64) -> String {
        let t = self;
        let plural = match value {
            "open" => t.n_open,
            "fixed" => t.n_fixed_defects,
            "verified" => t.n_verified,
            "reopened" => t.n_reopened,
            "rejected" => t.n_rejected,
            other => return format!("{n} {other}"),
        };
        t.count(plural, n)
    }

    /// A checklist item's kind in full: `automated`, `sample` (or `sample_review`),
    /// `manual`.
    pub fn item_kind<'a>(&self, value: &'a str) -> &'a str {
        let t = self;
        match value {
            "automated" => t.kind_automated_full,
            "sample" | "sample_review" => t.kind_sample_full,
            "manual" => t.kind_manual,
            other => other,
        }
    }

    /// A checklist item's kind in a narrow column.
    pub fn item_kind_short<'a>(&self, value: &'a str) -> &'a str {
        let t = self;
        match value {
            "automated" => t.kind_automated,
            "sample" | "sample_review" => t.kind_sample,
            "manual" => t.kind_manual,
            other => other,
        }
    }

    /// A reconciliation category: `missing`, `unexpected`, `differing`,
    /// `excluded_but_migrated`, `duplicate`, `null_key`.
    pub fn category<'a>(&self, value: &'a str) -> &'a str {
        let t = self;
        match value {
            "missing" => t.cat_missing,
            "unexpected" => t.cat_unexpected,
            "differing" => t.cat_differing,
            "excluded_but_migrated" => t.cat_excluded_but_migrated,
            "duplicate" => t.cat_duplicate,
            "null_key" => t.cat_null_key,
            other => other,
        }
    }

    /// A defect's kind (`acceptance::defects::KINDS`).
    pub fn defect_kind<'a>(&self, value: &'a str) -> &'a str {
        let t = self;
        match value {
            "missing" => t.dk_missing,
            "unexpected" => t.dk_unexpected,
            "differing" => t.dk_differing,
            "excluded_but_migrated" => t.dk_excluded_but_migrated,
            "duplicate" => t.dk_duplicate,
            "other" => t.dk_other,
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::i18n::Lang;

    #[test]
    fn spellings_are_said_and_unknown_ones_kept() {
        let fr = Lang::Fr.catalogue();
        assert_eq!(fr.verdict("na"), "N/A");
        assert_eq!(fr.severity("blocking"), "bloquante");
        assert_eq!(fr.status("fixed"), "corrigée");
        assert_eq!(fr.status_count("open", 2), "2 ouvertes");
        assert_eq!(fr.status_count("fixed", 1), "1 corrigée");
        assert_eq!(fr.category("differing"), "en écart");
        assert_eq!(fr.defect_kind("duplicate"), "clé en double");
        assert_eq!(fr.verdict("peut-être"), "peut-être");
        let en = Lang::En.catalogue();
        assert_eq!(en.severity("mineure"), "minor");
        assert_eq!(en.item_kind("sample_review"), "sample review");
    }
}
