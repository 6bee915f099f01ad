//! The campaign text written from a plan: every guess visible, with what it rests on in a
//! comment (rates, unpaired files, carried-not-compared columns, unused source columns),
//! maps learned from the delivery marked `learned`, and the rules left to the person.

use std::fmt::Write as _;

use super::columns::{Difference, Rule};
use super::plan::{Lang, Plan, PlannedColumn, ResourcePlan, reads_as};
use super::read::{CsvFormat, TextEncoding};
use crate::domain::text::is_hidden;

/// A TOML basic string.
pub fn string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Controls and invisible characters (bidi overrides, zero-width) are written
            // as escapes: the value is the same, the file is safe to show on a terminal.
            c if is_hidden(c) => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A TOML key: bare when it may be, else quoted.
pub fn key(text: &str) -> String {
    let bare = !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if bare { text.to_string() } else { string(text) }
}

/// Text safe in a comment: one line, no control or invisible characters.
fn said(text: &str) -> String {
    text.chars()
        .map(|c| if is_hidden(c) { ' ' } else { c })
        .collect()
}

/// A share as a percentage, `99,3 %` or `99.3%`; 100 only when it is whole.
pub fn percent(lang: Lang, share: f64) -> String {
    let p = share * 100.0;
    let text = if share >= 1.0 {
        "100".to_string()
    } else if p >= 99.95 {
        "99.9".to_string()
    } else if p == p.round() {
        format!("{p:.0}")
    } else {
        format!("{p:.1}")
    };
    match lang {
        Lang::Fr => format!("{} %", text.replace('.', ",")),
        Lang::En => format!("{text}%"),
    }
}

/// A count, French with a narrow space between thousands.
fn count(lang: Lang, n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let sep = lang.pick("\u{202f}", ",");
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn sql_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

/// The value of a compared column in `[resource.columns]`.
fn column_value(c: &PlannedColumn, delivery_id: &str) -> String {
    let from = string(&c.source);
    match &c.rule {
        Rule::Same => from,
        Rule::Date { format } => format!("{{ from = {from}, date = {} }}", string(format)),
        Rule::DecimalComma => format!("{{ from = {from}, decimal_comma = true }}"),
        Rule::Number => format!("{{ from = {from}, tolerance = 0 }}"),
        Rule::Compact { separators } => {
            let sql = if separators == &[' '] {
                format!("replace({}, ' ', '')", sql_ident(&c.source))
            } else {
                let class: String = separators.iter().collect();
                format!(
                    "regexp_replace({}, '[{class}]', '', 'g')",
                    sql_ident(&c.source)
                )
            };
            string(&sql)
        }
        Rule::Map { map, .. } => {
            let entries: Vec<String> = map
                .iter()
                .map(|(k, v)| format!("{} = {}", key(k), string(v)))
                .collect();
            format!(
                "{{ from = {from}, map = {{ {} }}, learned = {} }}",
                entries.join(", "),
                string(delivery_id)
            )
        }
    }
}

fn difference_name(lang: Lang, d: Difference) -> &'static str {
    match d {
        Difference::Encoding => lang.pick(
            "encodage (UTF-8 lu comme Windows-1252)",
            "encoding (UTF-8 read as Windows-1252)",
        ),
        Difference::Truncated => lang.pick("tronquées", "truncated"),
        Difference::LeadingZeros => lang.pick("zéros initiaux", "leading zeros"),
        Difference::Spaces => lang.pick("espaces aux extrémités", "spaces at the ends"),
        Difference::Case => lang.pick("majuscules/minuscules", "case"),
        Difference::Accents => lang.pick("accents", "accents"),
        Difference::Emptied => lang.pick("vides d'un seul côté", "empty on one side"),
        Difference::DayShift => lang.pick("décalées d'un jour", "one day off"),
        Difference::Century => lang.pick(
            "à cent ans près (année sur deux chiffres : le siècle est à écrire dans un [resource.derive])",
            "a hundred years off (two-digit years: write the century in a [resource.derive])",
        ),
        Difference::Other => lang.pick("autres", "other"),
    }
}

/// Why a column is proposed, and how sure.
fn column_comment(lang: Lang, c: &PlannedColumn, delivery_id: &str) -> String {
    if c.is_key {
        return lang.pick("clé", "key").to_string();
    }
    let on = format!(
        "{} {} {}",
        percent(lang, c.rate),
        lang.pick("de", "of"),
        count(lang, c.compared as u64)
    );
    let records = match c.compared {
        1 => lang.pick("fiche", "record"),
        _ => lang.pick("fiches", "records"),
    };
    if c.by_name && c.compared == 0 {
        return lang
            .pick(
                "même nom, vide des deux côtés",
                "same name, empty on both sides",
            )
            .to_string();
    }
    if c.by_name {
        // Said first: the values did not say these columns go together, the name did.
        let head = lang.pick(
            "même nom, valeurs différentes : à vérifier",
            "same name, values differ: check it",
        );
        return format!("{head} ({on} {records} {})", lang.pick("égales", "equal"));
    }
    let mut text = match &c.rule {
        Rule::Same => format!("{} : {on} {records}", lang.pick("même texte", "same text")),
        Rule::Date { format } => format!(
            "{} {format} {} : {on} {records}",
            lang.pick("date écrite", "date written"),
            lang.pick(
                "dans la source, ISO dans la livraison",
                "in the source, ISO in the delivery"
            )
        ),
        Rule::DecimalComma => format!(
            "{} : {on} {records}",
            lang.pick(
                "décimales à virgule dans la source, égales en nombre",
                "decimal comma in the source, equal as numbers"
            )
        ),
        Rule::Number => format!(
            "{} : {on} {records}",
            lang.pick(
                "nombres écrits autrement, égaux",
                "numbers written differently, equal"
            )
        ),
        Rule::Compact { .. } => format!(
            "{} : {on} {records}",
            lang.pick(
                "mêmes chiffres, sans les séparateurs de la source",
                "same digits, without the source's separators"
            )
        ),
        Rule::Map { unseen, .. } => {
            let mut t = format!(
                "{} {delivery_id}, {} : {on} {records}",
                lang.pick("table apprise de", "map learned from"),
                lang.pick("non confirmée", "not confirmed"),
            );
            if !unseen.is_empty() {
                let shown: Vec<String> = unseen.iter().take(8).map(|v| said(v)).collect();
                let _ = write!(
                    t,
                    " ; {} : {}{}",
                    lang.pick(
                        "valeurs source jamais vues (non mappées)",
                        "source values never seen (unmapped)"
                    ),
                    shown.join(", "),
                    if unseen.len() > 8 { ", …" } else { "" }
                );
            }
            t
        }
    };
    if lang == Lang::En {
        text = text.replace(" : ", ": ").replace(" ; ", "; ");
    }
    if !c.differences.is_empty() {
        let parts: Vec<String> = c
            .differences
            .iter()
            .map(|(d, n)| format!("{} {}", count(lang, *n as u64), difference_name(lang, *d)))
            .collect();
        let _ = write!(
            text,
            "{} {}",
            lang.pick(" ; les autres diffèrent :", "; the others differ:"),
            parts.join(", ")
        );
        let normalisation = c.differences.iter().any(|(d, _)| {
            matches!(
                d,
                Difference::Spaces | Difference::Case | Difference::Accents
            )
        });
        if normalisation {
            text.push_str(lang.pick(
                " (normalisation non apprise : `compare` si la spécification le dit)",
                " (no normalisation learned: `compare` if the specification says so)",
            ));
        }
    }
    text
}

fn encoding_said(lang: Lang, e: TextEncoding) -> &'static str {
    match e {
        TextEncoding::Utf8 { bom: true } => lang.pick("UTF-8 avec BOM", "UTF-8 with a BOM"),
        other => other.described(),
    }
}

fn format_lines(out: &mut String, lang: Lang, format: CsvFormat, prefix: &str) {
    let _ = writeln!(
        out,
        "{prefix}delimiter = {}",
        string(&format.delimiter_name())
    );
    let bom = match format.encoding {
        TextEncoding::Utf8 { bom: true } => lang.pick("   # avec BOM", "   # with a BOM"),
        _ => "",
    };
    let _ = writeln!(
        out,
        "{prefix}encoding = {}{bom}",
        string(format.encoding.campaign_name())
    );
}

fn header(out: &mut String, plan: &Plan) {
    let lang = plan.lang;
    let lines: &[&str] = match lang {
        Lang::Fr => &[
            "# Campagne esquissée par `recette init` à partir de deux dossiers. Tout y est une",
            "# proposition, avec en commentaire ce qui la justifie : relisez-la avant de vous y fier.",
            "# - Les tables de valeurs (`map`) sont apprises de la livraison : une erreur constante de",
            "#   la livraison y passerait pour la règle. Elles portent `learned = \"<livraison>\"` ;",
            "#   retirez la marque quand la table est celle de la spécification de la reprise.",
            "# - Aucune normalisation (espaces, casse, accents) n'est déduite de la livraison : ces",
            "#   écarts sont ce que la recette doit trouver. `compare = [...]` si la spécification le dit.",
            "# - Les règles de reprise ([resource.derive], [resource.rules] keep_if) sont à écrire :",
            "#   init ne devine jamais quelles lignes de la source doivent être reprises.",
            "# Format : docs/campaign.md.",
        ],
        Lang::En => &[
            "# Campaign drafted by `recette init` from two folders. Everything in it is a proposal,",
            "# with what it rests on in a comment: read it before you rely on it.",
            "# - Value maps (`map`) are learned from the delivery: a consistent error of the delivery",
            "#   would pass for the rule. They carry `learned = \"<delivery>\"`; remove the mark once",
            "#   the map is the one in the migration's specification.",
            "# - No normalisation (spaces, case, accents) is learned from the delivery: those",
            "#   differences are what a recette is for. Add `compare = [...]` if the specification says so.",
            "# - Migration rules ([resource.derive], [resource.rules] keep_if) are yours to write:",
            "#   init never guesses which source rows are meant to be migrated.",
            "# Format: docs/campaign.md.",
        ],
    };
    for l in lines {
        out.push_str(l);
        out.push('\n');
    }
    out.push('\n');
}

/// The whole campaign text.
pub fn campaign(plan: &Plan) -> String {
    let lang = plan.lang;
    let mut out = String::new();
    header(&mut out, plan);
    let _ = writeln!(out, "name = {}", string(&plan.name));
    let _ = writeln!(
        out,
        "checklist = {}   # {}",
        string(&plan.checklist),
        lang.pick(
            "liste de vérifications de départ (docs/checklist.md)",
            "starter checklist (docs/checklist.md)"
        )
    );
    out.push('\n');
    let _ = writeln!(
        out,
        "# {} ({} {})",
        lang.pick("Extraction de l'ancien logiciel", "The legacy extraction"),
        plan.source_files,
        lang.pick("fichiers lus", "files read")
    );
    out.push_str("[source]\n");
    let _ = writeln!(out, "dir = {}", string(&plan.source_dir));
    if let Some(f) = plan.source_format {
        format_lines(&mut out, lang, f, "");
    }
    out.push('\n');
    let _ = writeln!(
        out,
        "# {} ({} {})",
        lang.pick(
            "La livraison lue ; ajoutez les suivantes à la suite, avec leur propre `id`",
            "The delivery read; add the next ones after it, each with its own `id`"
        ),
        plan.delivery_files,
        lang.pick("fichiers lus", "files read")
    );
    out.push_str("[[delivery]]\n");
    let _ = writeln!(out, "id = {}", string(&plan.delivery_id));
    let _ = writeln!(out, "dir = {}", string(&plan.delivery_dir));
    if let Some(f) = plan.delivery_format {
        format_lines(&mut out, lang, f, "");
    }
    if !plan.unpaired_source.is_empty() || !plan.unpaired_delivery.is_empty() {
        out.push('\n');
        let _ = writeln!(
            out,
            "# {}",
            lang.pick(
                "Fichiers laissés de côté (aucune ressource) :",
                "Files left out (no resource):"
            )
        );
        for (side, list) in [
            (lang.pick("source", "source"), &plan.unpaired_source),
            (lang.pick("livraison", "delivery"), &plan.unpaired_delivery),
        ] {
            for u in list {
                let _ = writeln!(
                    out,
                    "#   {side} {} — {}",
                    said(&u.file),
                    said(&u.why.said(lang))
                );
            }
        }
    }
    for r in &plan.resources {
        out.push('\n');
        resource(&mut out, plan, r);
    }
    out
}

fn resource(out: &mut String, plan: &Plan, r: &ResourcePlan) {
    let lang = plan.lang;
    let rows = lang.pick("lignes", "rows");
    out.push_str("# ---------------------------------------------------------------------------------------------\n");
    let _ = writeln!(
        out,
        "# {} ({} {rows}) ↔ {} ({} {rows})",
        said(&r.source.name),
        count(lang, r.source.rows),
        said(&r.delivery.name),
        count(lang, r.delivery.rows)
    );
    let _ = writeln!(
        out,
        "#   {} {}{}",
        percent(lang, r.content),
        lang.pick(
            "des valeurs de la livraison se retrouvent dans la source",
            "of the delivery's values are found in the source"
        ),
        if r.name_likeness > 0.5 {
            lang.pick(" ; noms proches", "; names alike")
        } else {
            ""
        }
    );
    if r.modulus > 1 {
        let _ = writeln!(
            out,
            "#   {} {} ({} {})",
            lang.pick(
                "décisions prises sur les fiches dont la clé a un hachage nul modulo",
                "decided on the records whose key hashes to 0 modulo"
            ),
            r.modulus,
            count(lang, r.matched as u64),
            lang.pick("fiches appariées", "matched records")
        );
    }
    out.push_str("[[resource]]\n");
    let _ = writeln!(out, "name = {}", string(&r.name));
    let _ = writeln!(out, "source = {}", string(&r.source.name));
    if let (Some(f), Some(default)) = (r.source.csv, plan.source_format) {
        let differs = lang.pick(
            "   # ce fichier-là diffère de [source]",
            "   # this file differs from [source]",
        );
        let (same_delimiter, same_encoding) = reads_as(&r.source, default);
        if !same_delimiter {
            let _ = writeln!(
                out,
                "source_delimiter = {}{differs}",
                string(&f.delimiter_name())
            );
        }
        if !same_encoding {
            let _ = writeln!(
                out,
                "source_encoding = {}{differs} ({})",
                string(f.encoding.campaign_name()),
                encoding_said(lang, f.encoding)
            );
        }
    }
    let _ = writeln!(out, "migrated = {}", string(&r.delivery.name));
    let key_list: Vec<String> = r.key.delivery.iter().map(|k| string(k)).collect();
    let _ = writeln!(
        out,
        "key = [{}]   # {} {}{} {} {} {} ({} {})",
        key_list.join(", "),
        lang.pick("unique sur", "unique on"),
        percent(lang, r.key.uniqueness),
        lang.pick(" ;", ";"),
        percent(lang, r.key.found),
        lang.pick("trouvées dans", "found in"),
        said(&r.key.source.join(" + ")),
        count(lang, r.key.measured as u64),
        lang.pick("clés", "keys")
    );
    let pii: Vec<String> = r.pii().iter().map(|p| string(p)).collect();
    let kinds: Vec<String> = r
        .columns
        .iter()
        .filter_map(|c| {
            c.personal
                .map(|p| format!("{} ({})", said(&c.delivery), p.described(lang)))
        })
        .collect();
    if kinds.is_empty() {
        let _ = writeln!(out, "pii = []");
    } else {
        let _ = writeln!(
            out,
            "pii = [{}]   # {} {}",
            pii.join(", "),
            lang.pick("semblent personnelles :", "look personal:"),
            kinds.join(", ")
        );
    }
    let _ = writeln!(
        out,
        "# {}",
        lang.pick(
            "Règles de reprise ([resource.derive], [resource.rules] keep_if) : à écrire.",
            "Migration rules ([resource.derive], [resource.rules] keep_if): yours to write."
        )
    );
    out.push_str("[resource.columns]\n");
    for c in &r.columns {
        let _ = writeln!(
            out,
            "{} = {}   # {}",
            key(&c.delivery),
            column_value(c, &plan.delivery_id),
            said(&column_comment(lang, c, &plan.delivery_id))
        );
    }
    if !r.carried.is_empty() {
        let _ = writeln!(
            out,
            "# {}",
            lang.pick(
                "Transportées, non comparées (aucune colonne source ne leur correspond) :",
                "Carried, not compared (no source column gives them):"
            )
        );
        for (name, best) in &r.carried {
            let why = match best {
                None => lang
                    .pick(
                        "aucune valeur sur les fiches appariées",
                        "no value on the matched records",
                    )
                    .to_string(),
                Some((_, rate)) if *rate == 0.0 => lang
                    .pick(
                        "aucune colonne source n'a ses valeurs",
                        "no source column holds its values",
                    )
                    .to_string(),
                Some((s, rate)) => format!(
                    "{} {}{} {}",
                    lang.pick("au mieux", "at best"),
                    said(s),
                    lang.pick(" :", ":"),
                    percent(lang, *rate)
                ),
            };
            let _ = writeln!(out, "#   {} ({why})", said(name));
        }
    }
    if !r.unused_source.is_empty() {
        let names: Vec<String> = r.unused_source.iter().map(|s| said(s)).collect();
        let _ = writeln!(
            out,
            "# {} {}",
            lang.pick(
                "Colonnes source que personne n'a prises :",
                "Source columns nobody took:"
            ),
            names.join(", ")
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_strings_and_keys_are_quoted_when_they_must() {
        assert_eq!(string("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        assert_eq!(key("source_id"), "source_id");
        assert_eq!(key("Code postal"), "\"Code postal\"");
        assert_eq!(key("Prévu"), "\"Prévu\"");
        let hostile = "x\u{1}\"y\u{202e}z";
        let written = string(hostile);
        assert!(!written.chars().any(is_hidden), "{written}");
        let v: toml::Value = toml::from_str(&format!("{} = {}", key("a b"), written)).unwrap();
        assert_eq!(v["a b"].as_str(), Some(hostile));
    }

    #[test]
    fn percentages_never_round_up_to_a_whole() {
        assert_eq!(percent(Lang::Fr, 1.0), "100 %");
        assert_eq!(percent(Lang::Fr, 0.9996), "99,9 %");
        assert_eq!(percent(Lang::En, 0.993), "99.3%");
        assert_eq!(percent(Lang::En, 0.5), "50%");
        assert_eq!(count(Lang::Fr, 1_234_567u64), "1\u{202f}234\u{202f}567");
        assert_eq!(count(Lang::En, 999u64), "999");
    }
}
