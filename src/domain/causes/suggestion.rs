//! What the integration team can do about a cause, in a sentence (English for the JSON,
//! French for the console and the exports). Never "change the expectation to match the
//! delivery": a wrong campaign map is said apart, in neutral words.

use super::aggregate::Cause;
use super::encoding::Decoding;
use super::{CauseKind, Detail};

fn together_en(detail: &Detail) -> String {
    if detail.kinds.len() > 1 {
        let names: Vec<&str> = detail.kinds.iter().map(|k| k.label_en()).collect();
        format!(" (together: {})", names.join(", "))
    } else {
        String::new()
    }
}

fn together_fr(detail: &Detail) -> String {
    if detail.kinds.len() > 1 {
        let names: Vec<&str> = detail.kinds.iter().map(|k| k.label_fr()).collect();
        format!(" (ensemble : {})", names.join(", "))
    } else {
        String::new()
    }
}

fn first_mapping_en(detail: &Detail) -> String {
    match detail.mapping.first() {
        Some(l) => format!(
            "«{}» delivered as «{}» for {} key(s){}",
            l.expected,
            l.delivered,
            l.keys,
            l.expected_rows
                .map(|n| format!(" of {n} expected"))
                .unwrap_or_default()
        ),
        None => "codes delivered as another code of the column".to_string(),
    }
}

fn first_mapping_fr(detail: &Detail) -> String {
    match detail.mapping.first() {
        Some(l) => format!(
            "« {} » livré comme « {} » pour {} clé(s){}",
            l.expected,
            l.delivered,
            l.keys,
            l.expected_rows
                .map(|n| format!(" sur {n} attendues"))
                .unwrap_or_default()
        ),
        None => "des codes livrés comme un autre code de la colonne".to_string(),
    }
}

pub fn suggestion_en(kind: CauseKind, detail: &Detail) -> String {
    let together = together_en(detail);
    match kind {
        CauseKind::Encoding => match detail.decoding {
            Some(Decoding::SourceUtf8AsWindows1252) => "The expected values are the garbled ones: the source file is UTF-8 and the campaign reads it as Windows-1252; set the source's `encoding` in campaign.toml.".to_string(),
            Some(Decoding::Replaced) => format!("Characters the target's charset lacks were replaced by ? or U+FFFD{together}: store and deliver the column in UTF-8."),
            Some(Decoding::Windows1252AsUtf8) => format!("Windows-1252 text was read as UTF-8{together}, so accented letters were lost: read the extraction as Windows-1252 and redeliver."),
            Some(Decoding::DoubleEncoding) => format!("The values were converted to UTF-8 twice{together}: convert the extraction once and redeliver."),
            Some(d) => format!("{}{together}: read the extraction with its real charset (UTF-8) and redeliver.", d.label_en()),
            None => format!("The values were decoded with the wrong charset{together}: read the extraction with its real charset and redeliver."),
        },
        CauseKind::Case => format!("The letter case changed{together}: deliver the values with the source's case."),
        CauseKind::Whitespace => format!("Spaces were added or removed (leading, trailing, repeated or non-breaking){together}: deliver the values as extracted."),
        CauseKind::Accents => format!("Accents were removed{together}: the target must store accented letters (UTF-8)."),
        CauseKind::Formatting => match &detail.format {
            Some(format) => format!("Dates are delivered as {format}{together}: deliver ISO dates (YYYY-MM-DD)."),
            None => format!("Separators or punctuation changed{together}: deliver the source's format, or agree one with the client."),
        },
        CauseKind::LeadingZeros => format!("Leading zeros were lost{together}: the target stores this code as a number; store it as text."),
        CauseKind::Truncation => match (detail.length, detail.expected_length) {
            (Some(length), Some(needed)) => format!("Values are cut{together}: the target column holds {length} characters; it must hold at least {needed}."),
            _ => format!("Values are cut{together}: widen the target column."),
        },
        CauseKind::DayMonthSwap => "Day and month are swapped: the dates were read as mm/dd instead of dd/mm; read them as dd/mm/yyyy.".to_string(),
        CauseKind::DateShift => match (detail.years, detail.days, detail.days_min, detail.days_max) {
            (Some(years), _, _, _) => format!("Dates are {} years off: two-digit years were read in the wrong century; read four-digit years.", years.abs()),
            (None, Some(days), _, _) if days.abs() == 1 => format!("Dates are shifted by {days:+} day, a constant offset: the time-zone classic (a midnight date converted to UTC and back); store dates without time or time zone."),
            (None, Some(days), _, _) => format!("Dates are shifted by {days:+} days, a constant offset: find the rule or conversion that adds it."),
            (None, None, Some(min), Some(max)) => format!("Dates are shifted by {min:+} to {max:+} days: find the rule or conversion that moves them."),
            _ => "Dates are shifted: find the rule or conversion that moves them.".to_string(),
        },
        CauseKind::NumberPrecision => match detail.decimals {
            Some(decimals) => format!("Numbers are rounded or written with another precision ({decimals} decimal(s)): keep the source's precision (the target's numeric type may be too narrow)."),
            None => "Numbers are rounded or written with another precision: keep the source's precision (the target's numeric type may be too narrow).".to_string(),
        },
        CauseKind::Mapping => format!("Codes were mapped to another code of the column: {}; fix the migration's value map or rule for these values (table in `detail.mapping`).", first_mapping_en(detail)),
        CauseKind::DigitsTransposed => "Two adjacent characters are swapped, a typing or re-entry error: correct these values.".to_string(),
        CauseKind::Emptied => "Values were lost (NULL delivered where a value is expected): check that the migration extracts and loads this column.".to_string(),
        CauseKind::Filled => match &detail.value {
            Some(value) => format!("The delivery has «{value}» where no value is expected, a default value?: deliver NULL when the source has none."),
            None => "The delivery has values where none is expected: deliver NULL when the source has none.".to_string(),
        },
        CauseKind::Unmapped => format!("Source values are missing from the campaign's map of this column{}{}: add them to the `map` in campaign.toml once the client has said what they become.", value_en(detail), rows_en(detail)),
        CauseKind::Unparseable => format!("Source values the column's date or number setting cannot read{}{}: check the setting in campaign.toml, or the extraction.", value_en(detail), rows_en(detail)),
        CauseKind::Duplicate => "Keys held more than once by a side: deliver (or extract) each record once.".to_string(),
        CauseKind::Other => "No known transformation explains these values: look at the patterns and the rows.".to_string(),
    }
}

fn value_en(detail: &Detail) -> String {
    detail
        .value
        .as_ref()
        .map(|v| format!(" («{v}»)"))
        .unwrap_or_default()
}

fn rows_en(detail: &Detail) -> String {
    detail
        .source_rows
        .map(|n| format!(", {n} source row(s)"))
        .unwrap_or_default()
}

pub fn suggestion_fr(kind: CauseKind, detail: &Detail) -> String {
    let together = together_fr(detail);
    match kind {
        CauseKind::Encoding => match detail.decoding {
            Some(Decoding::SourceUtf8AsWindows1252) => "Ce sont les valeurs attendues qui sont illisibles : le fichier source est en UTF-8 et la campagne le lit en Windows-1252 ; corriger l'`encoding` de la source dans campaign.toml.".to_string(),
            Some(Decoding::Replaced) => format!("Des caractères absents du jeu de caractères cible ont été remplacés par ? ou U+FFFD{together} : stocker et livrer la colonne en UTF-8."),
            Some(Decoding::Windows1252AsUtf8) => format!("Un texte Windows-1252 a été lu comme de l'UTF-8{together}, les lettres accentuées sont perdues : lire l'extraction en Windows-1252 et relivrer."),
            Some(Decoding::DoubleEncoding) => format!("Les valeurs ont été converties deux fois en UTF-8{together} : ne convertir l'extraction qu'une fois et relivrer."),
            Some(d) => format!("{}{together} : lire l'extraction avec son vrai jeu de caractères (UTF-8) et relivrer.", d.label_fr()),
            None => format!("Les valeurs ont été décodées avec le mauvais jeu de caractères{together} : lire l'extraction avec son vrai jeu de caractères et relivrer."),
        },
        CauseKind::Case => format!("La casse a changé{together} : livrer les valeurs avec la casse de la source."),
        CauseKind::Whitespace => format!("Des espaces ont été ajoutées ou retirées (en tête, en fin, doublées ou insécables){together} : livrer les valeurs telles qu'extraites."),
        CauseKind::Accents => format!("Les accents ont été retirés{together} : la cible doit stocker les lettres accentuées (UTF-8)."),
        CauseKind::Formatting => match &detail.format {
            Some(format) => format!("Les dates sont livrées au format {format}{together} : livrer des dates ISO (AAAA-MM-JJ)."),
            None => format!("Les séparateurs ou la ponctuation ont changé{together} : livrer le format de la source, ou en convenir avec le client."),
        },
        CauseKind::LeadingZeros => format!("Les zéros de tête sont perdus{together} : la cible stocke ce code comme un nombre ; le stocker comme du texte."),
        CauseKind::Truncation => match (detail.length, detail.expected_length) {
            (Some(length), Some(needed)) => format!("Les valeurs sont coupées{together} : la colonne cible contient {length} caractères ; elle doit en contenir au moins {needed}."),
            _ => format!("Les valeurs sont coupées{together} : élargir la colonne cible."),
        },
        CauseKind::DayMonthSwap => "Le jour et le mois sont inversés : les dates ont été lues mm/jj au lieu de jj/mm ; les lire en jj/mm/aaaa.".to_string(),
        CauseKind::DateShift => match (detail.years, detail.days, detail.days_min, detail.days_max) {
            (Some(years), _, _, _) => format!("Les dates sont décalées de {} ans : des années à deux chiffres lues dans le mauvais siècle ; lire des années à quatre chiffres.", years.abs()),
            (None, Some(days), _, _) if days.abs() == 1 => format!("Les dates sont décalées de {days:+} jour, un décalage constant : le classique du fuseau horaire (une date à minuit convertie en UTC et retour) ; stocker les dates sans heure ni fuseau."),
            (None, Some(days), _, _) => format!("Les dates sont décalées de {days:+} jours, un décalage constant : trouver la règle ou la conversion qui l'ajoute."),
            (None, None, Some(min), Some(max)) => format!("Les dates sont décalées de {min:+} à {max:+} jours : trouver la règle ou la conversion qui les déplace."),
            _ => "Les dates sont décalées : trouver la règle ou la conversion qui les déplace.".to_string(),
        },
        CauseKind::NumberPrecision => match detail.decimals {
            Some(decimals) => format!("Les nombres sont arrondis ou écrits avec une autre précision ({decimals} décimale(s)) : garder la précision de la source (le type numérique cible est peut-être trop étroit)."),
            None => "Les nombres sont arrondis ou écrits avec une autre précision : garder la précision de la source (le type numérique cible est peut-être trop étroit).".to_string(),
        },
        CauseKind::Mapping => format!("Des codes ont été transformés en un autre code de la colonne : {} ; corriger la table de correspondance ou la règle de la reprise pour ces valeurs.", first_mapping_fr(detail)),
        CauseKind::DigitsTransposed => "Deux caractères voisins sont inversés, une erreur de saisie ou de ressaisie : corriger ces valeurs.".to_string(),
        CauseKind::Emptied => "Des valeurs sont perdues (NULL livré là où une valeur est attendue) : vérifier que la reprise extrait et charge cette colonne.".to_string(),
        CauseKind::Filled => match &detail.value {
            Some(value) => format!("La livraison contient « {value} » là où aucune valeur n'est attendue, une valeur par défaut ? : livrer NULL quand la source n'a rien."),
            None => "La livraison contient des valeurs là où aucune n'est attendue : livrer NULL quand la source n'a rien.".to_string(),
        },
        CauseKind::Unmapped => format!("Des valeurs source manquent à la table de correspondance de la campagne pour cette colonne{}{} : les ajouter au `map` de campaign.toml une fois que le client a dit ce qu'elles deviennent.", value_fr(detail), rows_fr(detail)),
        CauseKind::Unparseable => format!("Des valeurs source que le réglage de date ou de nombre de la colonne ne sait pas lire{}{} : vérifier ce réglage dans campaign.toml, ou l'extraction.", value_fr(detail), rows_fr(detail)),
        CauseKind::Duplicate => "Des clés présentes plusieurs fois d'un côté : livrer (ou extraire) chaque enregistrement une seule fois.".to_string(),
        CauseKind::Other => "Aucune transformation connue n'explique ces valeurs : voir les motifs et les lignes.".to_string(),
    }
}

fn value_fr(detail: &Detail) -> String {
    detail
        .value
        .as_ref()
        .map(|v| format!(" (« {v} »)"))
        .unwrap_or_default()
}

fn rows_fr(detail: &Detail) -> String {
    detail
        .source_rows
        .map(|n| format!(", {n} ligne(s) source"))
        .unwrap_or_default()
}

/// `mapping`: the campaign-map lines to check if the campaign's own map is wrong (never a
/// proposal to expect what was delivered).
pub fn campaign_map_check_en(detail: &Detail) -> Option<String> {
    let lines = campaign_lines(detail, |e| format!("the rule that gives \"{e}\""))?;
    Some(format!(
        "If the campaign's own map is wrong (not the delivery), check with the client these lines of the column's `map` (or rule) in campaign.toml: {lines}."
    ))
}

/// The same in French.
pub fn campaign_map_check_fr(detail: &Detail) -> Option<String> {
    let lines = campaign_lines(detail, |e| format!("la règle qui donne \"{e}\""))?;
    Some(format!(
        "Si c'est la table de correspondance de la campagne qui est fausse (et non la livraison), vérifier avec le client ces lignes du `map` (ou la règle) de la colonne dans campaign.toml : {lines}."
    ))
}

fn campaign_lines(detail: &Detail, rule: fn(&str) -> String) -> Option<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in &detail.mapping {
        let texts: Vec<String> = match &line.source {
            Some(sources) => sources
                .split(" / ")
                .map(|source| format!("\"{source}\" = \"{}\"", line.expected))
                .collect(),
            None => vec![rule(&line.expected)],
        };
        for text in texts {
            if !lines.contains(&text) {
                lines.push(text);
            }
        }
    }
    (!lines.is_empty()).then(|| lines.join("; "))
}

/// What a cause is, in one line without its count, for the CLI table:
/// `encoding: UTF-8 read as Windows-1252`, `truncation: the target holds 30 characters`.
/// The kind by its contract name (what `recette keys --cause` takes).
pub fn headline_en(cause: &Cause) -> String {
    let d = &cause.detail;
    let what = match cause.kind {
        CauseKind::Encoding => d.decoding.map(|x| x.label_en().to_string()),
        CauseKind::Truncation => d.length.map(|n| format!("the target holds {n} characters")),
        CauseKind::DateShift => shift_en(d),
        CauseKind::NumberPrecision => d.decimals.map(|n| format!("{n} decimal(s)")),
        CauseKind::Formatting => d.format.as_ref().map(|f| format!("dates as {f}")),
        CauseKind::Mapping => d.mapping.first().map(|l| {
            let more = d.mapping.len() - 1;
            let more = if more > 0 {
                format!(" (+{more} more)")
            } else {
                String::new()
            };
            format!("{} → {}{more}", l.expected, l.delivered)
        }),
        CauseKind::Filled | CauseKind::Unmapped | CauseKind::Unparseable => d.value.clone(),
        _ => None,
    };
    let with = others(cause, CauseKind::name);
    match what {
        Some(what) => format!("{}: {what}{with}", cause.kind.name()),
        None => format!("{}{with}", cause.kind.name()),
    }
}

/// The same for a référent: `encodage : UTF-8 lu comme Windows-1252`, `clés en double`.
pub fn headline_fr(cause: &Cause) -> String {
    let d = &cause.detail;
    let what = match cause.kind {
        CauseKind::Encoding => d.decoding.map(|x| x.label_fr().to_string()),
        CauseKind::Truncation => d
            .length
            .map(|n| format!("la cible contient {n} caractères")),
        CauseKind::DateShift => shift_fr(d),
        CauseKind::NumberPrecision => d.decimals.map(|n| format!("{n} décimale(s)")),
        CauseKind::Formatting => d.format.as_ref().map(|f| format!("dates au format {f}")),
        CauseKind::Mapping => d.mapping.first().map(|l| {
            let more = d.mapping.len() - 1;
            let more = if more > 0 {
                format!(" (+{more} autres)")
            } else {
                String::new()
            };
            format!("{} → {}{more}", l.expected, l.delivered)
        }),
        CauseKind::Filled | CauseKind::Unmapped | CauseKind::Unparseable => d.value.clone(),
        _ => None,
    };
    let with = others(cause, CauseKind::label_fr);
    match what {
        Some(what) => format!("{} : {what}{with}", cause.kind.label_fr()),
        None => format!("{}{with}", cause.kind.label_fr()),
    }
}

/// ` (+ accents)`: the other transformations acting with the cause.
fn others(cause: &Cause, name: fn(CauseKind) -> &'static str) -> String {
    let others: Vec<&str> = cause
        .detail
        .kinds
        .iter()
        .filter(|k| **k != cause.kind)
        .map(|k| name(*k))
        .collect();
    if others.is_empty() {
        String::new()
    } else {
        format!(" (+ {})", others.join(", "))
    }
}

fn shift_en(d: &Detail) -> Option<String> {
    match (d.years, d.days, d.days_min, d.days_max) {
        (Some(years), ..) => Some(format!("{years:+} years")),
        (None, Some(days), ..) if days.abs() == 1 => Some(format!("{days:+} day")),
        (None, Some(days), ..) => Some(format!("{days:+} days")),
        (None, None, Some(min), Some(max)) => Some(format!("{min:+} to {max:+} days")),
        _ => None,
    }
}

fn shift_fr(d: &Detail) -> Option<String> {
    match (d.years, d.days, d.days_min, d.days_max) {
        (Some(years), ..) => Some(format!("{years:+} ans")),
        (None, Some(days), ..) if days.abs() == 1 => Some(format!("{days:+} jour")),
        (None, Some(days), ..) => Some(format!("{days:+} jours")),
        (None, None, Some(min), Some(max)) => Some(format!("{min:+} à {max:+} jours")),
        _ => None,
    }
}
