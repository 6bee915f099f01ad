//! How alike two names are, a legacy French one and a migrated English one
//! (`salaries.csv` ↔ `employee.csv`, `date_naissance` ↔ `birth_date`). Names only settle
//! ties and explain a pairing: what pairs files and columns is their content.

use std::collections::BTreeSet;

use super::values::without_accents;

/// French words of legacy extractions and the English words migrated files use for them.
const WORDS: &[(&str, &[&str])] = &[
    (
        "salarie",
        &["employee", "worker", "staff", "person", "patient"],
    ),
    (
        "adherent",
        &[
            "firm", "company", "employer", "member", "customer", "client",
        ],
    ),
    ("entreprise", &["firm", "company", "employer"]),
    ("etablissement", &["establishment", "site", "firm"]),
    ("contrat", &["contract", "employment"]),
    ("visite", &["visit", "appointment", "consultation"]),
    ("examen", &["exam", "measure", "test", "request"]),
    ("medecin", &["doctor", "physician"]),
    ("nom", &["name", "last", "surname", "lastname"]),
    ("prenom", &["first", "firstname", "given"]),
    ("naissance", &["birth", "born"]),
    ("sexe", &["sex", "gender"]),
    ("civilite", &["civility", "title"]),
    ("adresse", &["address", "street"]),
    ("ville", &["city", "town"]),
    ("commune", &["city", "town"]),
    ("postal", &["postal", "zip", "postcode"]),
    ("telephone", &["phone", "telephone", "tel", "mobile"]),
    ("tel", &["phone"]),
    ("courriel", &["email", "mail"]),
    ("mail", &["email"]),
    ("poste", &["job", "position", "title"]),
    ("metier", &["job", "occupation"]),
    ("debut", &["start", "begin", "from"]),
    ("fin", &["end", "until", "to"]),
    ("statut", &["status", "state"]),
    ("etat", &["status", "state"]),
    ("commentaire", &["comment", "note", "remark"]),
    ("valeur", &["value", "result"]),
    ("resultat", &["result", "value"]),
    ("horaire", &["hours", "schedule"]),
    ("hebdo", &["weekly"]),
    ("temps", &["time"]),
    ("partiel", &["part"]),
    ("num", &["id", "number", "no"]),
    ("numero", &["id", "number", "no"]),
    ("raison", &["name"]),
    ("sociale", &["name"]),
    ("effectif", &["headcount", "staff", "employees"]),
    ("prevue", &["planned", "scheduled"]),
    ("prevu", &["planned", "scheduled"]),
    ("prescription", &["prescribed", "prescription"]),
    ("annulation", &["cancelled", "cancellation"]),
    ("heure", &["time", "hour"]),
    ("motif", &["reason"]),
    ("libelle", &["label", "name"]),
    ("date", &["date", "on", "at"]),
    ("unite", &["unit"]),
];

/// The words of a name: lower case, no accents, no extension, split on anything that is
/// not a letter or digit, a final plural `s` dropped.
pub fn words(name: &str) -> Vec<String> {
    let stem = match name.rsplit_once('.') {
        Some((stem, ext)) if ext.len() <= 7 && !stem.is_empty() => stem,
        _ => name,
    };
    let mut out = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in without_accents(stem).chars() {
        // camelCase splits too: `birthDate` is `birth date`.
        if c.is_alphanumeric() && !(c.is_uppercase() && previous_lower) {
            word.extend(c.to_lowercase());
        } else {
            push_word(&mut out, &mut word);
            if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            }
        }
        previous_lower = c.is_lowercase();
    }
    push_word(&mut out, &mut word);
    out
}

fn push_word(out: &mut Vec<String>, word: &mut String) {
    if word.is_empty() {
        return;
    }
    let w = std::mem::take(word);
    let w = match w.strip_suffix('s') {
        Some(stem) if stem.len() >= 3 && !w.ends_with("ss") => stem.to_string(),
        _ => w,
    };
    out.push(w);
}

/// A name's words with their translations.
fn meanings(name: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for w in words(name) {
        for (french, english) in WORDS {
            if w == *french {
                out.extend(english.iter().map(|e| e.to_string()));
            }
        }
        out.insert(w);
    }
    out
}

/// How alike two names are, from 0 (nothing in common) to 1 (the same words).
pub fn similarity(a: &str, b: &str) -> f64 {
    let (wa, wb) = (words(a), words(b));
    if wa.is_empty() || wb.is_empty() {
        return 0.0;
    }
    if wa == wb {
        return 1.0;
    }
    let (ma, mb) = (meanings(a), meanings(b));
    // The share of each name's words found, through translation, in the other's.
    let found = |ws: &[String], other: &BTreeSet<String>| {
        let hits = ws
            .iter()
            .filter(|w| meanings(w).iter().any(|m| other.contains(m)))
            .count();
        hits as f64 / ws.len() as f64
    };
    let score = (found(&wa, &mb) + found(&wb, &ma)) / 2.0;
    score.min(0.95)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_drop_accents_plurals_and_extensions() {
        assert_eq!(words("salariés.csv"), ["salarie"]);
        assert_eq!(words("date_naissance"), ["date", "naissance"]);
        assert_eq!(words("birthDate"), ["birth", "date"]);
        assert_eq!(words("measure_request.parquet"), ["measure", "request"]);
        assert_eq!(words("adresse"), ["adresse"]);
    }

    #[test]
    fn french_legacy_names_meet_their_english_counterparts() {
        let pairs = [
            ("salaries.csv", "employee.csv", "firm.csv"),
            ("adherents.csv", "firm.csv", "visit.json"),
            ("contrats.csv", "contract.csv", "employee.csv"),
            ("visites.csv", "visit.json", "contract.csv"),
            ("examens.csv", "measure_request.parquet", "firm.csv"),
            ("date_naissance", "birth_date", "start_on"),
            ("code_postal", "postal_code", "city"),
        ];
        for (french, right, wrong) in pairs {
            let (good, bad) = (similarity(french, right), similarity(french, wrong));
            assert!(good > bad, "{french}: {right} {good} vs {wrong} {bad}");
            assert!(good >= 0.4, "{french} ↔ {right}: {good}");
        }
        assert_eq!(similarity("city", "city"), 1.0);
        assert_eq!(similarity("", "city"), 0.0);
    }
}
