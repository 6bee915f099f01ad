//! The starter checklist: per resource, the automated items every resource needs (nothing
//! missing, nothing unexpected, no key delivered twice, each compared column differing on
//! at most one record in a thousand), a sample review, and one manual item per map learned
//! from the delivery — a person confirms it is the specification's. In French, or English.

use std::fmt::Write as _;

use super::columns::Rule;
use super::draft::string;
use super::plan::{Lang, Plan, ResourcePlan};

/// An item id made of the characters ids allow (letters, digits, `-`, `_`, `.`).
fn id(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| {
            p.chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                        c
                    } else {
                        '-'
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// A criterion's column name, between double quotes inside a TOML single-quoted string;
/// a name that cannot be written so is left out.
fn column_ref(name: &str) -> Option<String> {
    (!name.contains(['"', '\'', '\n', '\r'])).then(|| format!("\"{name}\""))
}

struct Item {
    id: String,
    resource: String,
    label: String,
    body: String,
}

fn automated(r: &ResourcePlan, suffix: &str, label: String, criterion: &str) -> Item {
    Item {
        id: id(&[&r.name, suffix]),
        resource: r.name.clone(),
        label,
        body: format!(
            "kind = \"automated\"\ncriterion = {}\n",
            criterion_text(criterion)
        ),
    }
}

/// A criterion as TOML: single quotes when it holds double quotes (as docs/checklist.md
/// writes them), else a basic string.
fn criterion_text(criterion: &str) -> String {
    if criterion.contains('"') && !criterion.contains('\'') {
        format!("'{criterion}'")
    } else {
        string(criterion)
    }
}

fn items(plan: &Plan, r: &ResourcePlan) -> Vec<Item> {
    let lang = plan.lang;
    let name = &r.name;
    let colon = lang.pick(" :", ":");
    let mut out = vec![
        automated(
            r,
            "missing",
            format!(
                "{name}{colon} {}",
                lang.pick("aucune fiche manquante", "no record missing")
            ),
            "missing_rows == 0",
        ),
        automated(
            r,
            "unexpected",
            format!(
                "{name}{colon} {}",
                lang.pick(
                    "aucune fiche inconnue de l'ancien logiciel (fiches de test…)",
                    "no record unknown to the legacy software (test records…)"
                )
            ),
            "unexpected_rows == 0",
        ),
        automated(
            r,
            "duplicates",
            format!(
                "{name}{colon} {}",
                lang.pick("aucune clé livrée deux fois", "no key delivered twice")
            ),
            "duplicate_keys_migrated == 0",
        ),
    ];
    let compared: Vec<&str> = r
        .columns
        .iter()
        .filter(|c| !c.is_key)
        .map(|c| c.delivery.as_str())
        .collect();
    let terms: Vec<String> = r
        .columns
        .iter()
        .filter(|c| !c.is_key)
        .filter_map(|c| {
            let col = column_ref(&c.delivery)?;
            let mut term = format!("differing({col}) <= 0.001 * matched_keys");
            if matches!(c.rule, Rule::Map { .. }) {
                let _ = write!(term, " and unmapped({col}) == 0");
            }
            if matches!(
                c.rule,
                Rule::Date { .. } | Rule::DecimalComma | Rule::Number
            ) {
                let _ = write!(term, " and unparseable({col}) == 0");
            }
            Some(term)
        })
        .collect();
    if !terms.is_empty() {
        out.push(automated(
            r,
            "columns",
            format!(
                "{name}{colon} {}",
                lang.pick(
                    "chaque colonne comparée diffère sur au plus une fiche sur mille",
                    "each compared column differs on at most one record in a thousand"
                )
            ),
            &terms.join(" and "),
        ));
    }
    let shown: Vec<String> = compared.iter().take(6).map(|c| string(c)).collect();
    out.push(Item {
        id: id(&[name, "sample"]),
        resource: name.clone(),
        label: format!(
            "{name}{colon} {}",
            lang.pick(
                "revue de 20 fiches tirées au sort",
                "review of 20 records drawn at random"
            )
        ),
        body: if shown.is_empty() {
            "kind = \"sample\"\nsize = 20\n".to_string()
        } else {
            format!(
                "kind = \"sample\"\nsize = 20\ncolumns = [{}]\n",
                shown.join(", ")
            )
        },
    });
    for c in r.learned_maps() {
        out.push(Item {
            id: id(&[name, "map", &c.delivery]),
            resource: name.clone(),
            label: format!(
                "{name}{colon} {} `{}` {} {}",
                lang.pick("table de valeurs de", "value map of"),
                c.delivery,
                lang.pick("apprise de", "learned from"),
                plan.delivery_id
            ),
            body: format!(
                "kind = \"manual\"\nquestion = {}\n",
                string(&format!(
                    "{} `{}` {}",
                    lang.pick("La table de valeurs de", "Is the map of"),
                    c.delivery,
                    lang.pick(
                        "est-elle celle de la spécification de la reprise ? (puis retirez `learned` dans campaign.toml)",
                        "the one in the migration's specification? (then remove `learned` in campaign.toml)"
                    )
                ))
            ),
        });
    }
    out
}

/// The whole checklist text.
pub fn checklist(plan: &Plan) -> String {
    let lang = plan.lang;
    let mut out = String::new();
    let intro: &[&str] = match lang {
        Lang::Fr => &[
            "# Liste de vérifications de départ, écrite par `recette init` (format : docs/checklist.md).",
            "# Trois types d'items : automated (calculé sur le rapprochement), sample (revue de fiches",
            "# tirées au sort), manual (une question à un référent). Ajoutez les vôtres ; les `id` sont",
            "# stables (le journal s'y réfère) : ne les renommez pas en cours de recette.",
        ],
        Lang::En => &[
            "# Starter checklist, written by `recette init` (format: docs/checklist.md).",
            "# Three kinds of items: automated (computed on the reconciliation), sample (records drawn",
            "# at random, reviewed), manual (a question to a référent). Add your own; `id`s are stable",
            "# (the journal refers to them): do not rename them during a recette.",
        ],
    };
    for l in intro {
        out.push_str(l);
        out.push('\n');
    }
    for r in &plan.resources {
        let _ = write!(out, "\n# --- {} ", r.name);
        out.push_str(&"-".repeat(90usize.saturating_sub(r.name.chars().count() + 7)));
        out.push('\n');
        for item in items(plan, r) {
            let _ = write!(
                out,
                "\n[[item]]\nid = {}\nresource = {}\nlabel = {}\n{}",
                string(&item.id),
                string(&item.resource),
                string(&item.label),
                item.body
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_only_what_ids_allow() {
        assert_eq!(
            id(&["measure_request", "map", "statut dossier"]),
            "measure_request-map-statut-dossier"
        );
        assert_eq!(id(&["firm", "missing"]), "firm-missing");
    }

    #[test]
    fn criteria_are_quoted_as_the_docs_write_them() {
        assert_eq!(criterion_text("missing_rows == 0"), "\"missing_rows == 0\"");
        assert_eq!(
            criterion_text("differing(\"a\") == 0"),
            "'differing(\"a\") == 0'"
        );
        assert_eq!(column_ref("nom d'usage"), None);
    }
}
