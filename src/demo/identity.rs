//! Identifiers and personal-data formats of the demo: NIR, SIRET, phones, e-mails, addresses,
//! and the text damage the planted defects apply (mojibake, truncation).

use chrono::{Datelike, NaiveDate};

use super::lexicon::{COMPLEMENTS, Commune, MAIL_DOMAINS, STREETS};
use super::random::DemoRng;

/// The NIR key: 97 − (13-digit number mod 97), two digits.
pub(crate) fn nir_key(first13: &str) -> u32 {
    let n: u64 = first13.parse().expect("13 digits");
    97 - (n % 97) as u32
}

/// A full NIR (15 digits): sex, year, month, department 03 (mostly), commune, order, key.
pub(crate) fn nir(rng: &mut DemoRng, male: bool, birth: NaiveDate, insee: u16) -> String {
    // Most employees were born in the Allier; some in neighbouring departments or in Paris.
    let (dept, commune) = match rng.below(10) {
        0 => (
            *rng.pick(&["63", "58", "18", "42", "23", "71", "75", "69"]),
            rng.between(1, 399) as u16,
        ),
        _ => ("03", insee),
    };
    let body = format!(
        "{}{:02}{:02}{}{:03}{:03}",
        if male { 1 } else { 2 },
        birth.year() % 100,
        birth.month(),
        dept,
        commune,
        rng.between(1, 999)
    );
    let key = nir_key(&body);
    format!("{body}{key:02}")
}

/// Luhn check digit of `digits` (as used by SIREN and SIRET).
fn luhn_digit(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// A Luhn-valid SIRET: SIREN (8 digits + key) then NIC (4 digits + key over all 14).
pub(crate) fn siret(rng: &mut DemoRng, public_body: bool) -> String {
    let head = if public_body {
        format!("2103{}", rng.digits(4))
    } else {
        format!("{}{}", rng.between(3, 9), rng.digits(7))
    };
    let siren = format!("{head}{}", luhn_digit(&head));
    let nic = format!("{siren}000{}", rng.between(1, 4));
    format!("{nic}{}", luhn_digit(&nic))
}

/// A French phone number as typed in the legacy software: `04 70 ..` (Allier) or `06/07 ..`.
pub(crate) fn phone(rng: &mut DemoRng) -> String {
    let head = match rng.below(10) {
        0..=3 => "04 70".to_string(),
        4..=7 => format!("06 {}", rng.digits(2)),
        _ => format!("07 {}", rng.digits(2)),
    };
    format!(
        "{head} {} {} {}",
        rng.digits(2),
        rng.digits(2),
        rng.digits(2)
    )
}

/// Lower-case ASCII for e-mail local parts: accents dropped, `œ` → `oe`, spaces and `’` removed.
pub(crate) fn ascii_fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars().flat_map(char::to_lowercase) {
        match ch {
            'a'..='z' | '0'..='9' | '-' => out.push(ch),
            'à' | 'â' | 'ä' | 'á' | 'ã' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' | 'í' => out.push('i'),
            'ô' | 'ö' | 'ó' | 'õ' => out.push('o'),
            'ù' | 'û' | 'ü' | 'ú' => out.push('u'),
            'ç' => out.push('c'),
            'ÿ' => out.push('y'),
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            _ => {}
        }
    }
    out
}

pub(crate) fn email(rng: &mut DemoRng, first: &str, last: &str) -> String {
    let (f, l) = (ascii_fold(first), ascii_fold(last));
    let local = match rng.below(4) {
        0 => format!("{}.{l}", &f[..1]),
        1 => format!("{f}{l}{}", rng.between(1, 99)),
        _ => format!("{f}.{l}"),
    };
    format!("{local}@{}", rng.pick(MAIL_DOMAINS))
}

/// A street address; `complement_per_mille` of them get a complement (some holding `;`).
pub(crate) fn address(rng: &mut DemoRng, complement_per_mille: u64) -> String {
    let number = rng.between(1, 180);
    let bis = if rng.chance(60) { " bis" } else { "" };
    let street = rng.pick(STREETS);
    if rng.chance(complement_per_mille) {
        format!("{}, {number}{bis} {street}", rng.pick(COMPLEMENTS))
    } else {
        format!("{number}{bis} {street}")
    }
}

/// `de Moulins`, `d’Yzeure`: French elision before a vowel.
pub(crate) fn de(commune: &Commune) -> String {
    let first = commune.name.chars().next().unwrap_or('x');
    if "AEIOUYÉ".contains(first) {
        format!("d’{}", commune.name)
    } else {
        format!("de {}", commune.name)
    }
}

/// UTF-8 bytes decoded as Windows-1252 (what people call "read as Latin-1"): `é` → `Ã©`.
pub(crate) fn mojibake(s: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(s.as_bytes())
        .0
        .into_owned()
}

/// True when [`mojibake`] visibly damages `s` (changes it without producing control characters
/// or invisible no-break spaces, which would be unreadable in the sample).
pub(crate) fn mojibake_is_visible(s: &str) -> bool {
    let m = mojibake(s);
    m != s && !m.chars().any(|c| ('\u{80}'..='\u{a0}').contains(&c))
}

/// The first 30 characters (the defect "job title truncated at 30").
pub(crate) fn truncate30(s: &str) -> String {
    s.chars().take(30).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo::random::ymd;

    #[test]
    fn nir_key_and_layout() {
        let mut rng = DemoRng::new(3);
        let n = nir(&mut rng, false, ymd(1984, 7, 12), 190);
        assert_eq!(n.len(), 15);
        assert!(n.starts_with("28407"));
        assert_eq!(nir_key(&n[..13]), n[13..].parse::<u32>().unwrap());
        // Known example from the INSEE documentation.
        assert_eq!(nir_key("2690549588157"), 80);
    }

    #[test]
    fn siret_is_luhn_valid() {
        let mut rng = DemoRng::new(5);
        for public in [false, true] {
            let s = siret(&mut rng, public);
            assert_eq!(s.len(), 14);
            assert_eq!(luhn_digit(&s[..8]), u32::from(s.as_bytes()[8] - b'0'));
            assert_eq!(luhn_digit(&s[..13]), u32::from(s.as_bytes()[13] - b'0'));
        }
    }

    #[test]
    fn text_damage() {
        assert_eq!(mojibake("Hébert"), "HÃ©bert");
        assert_eq!(mojibake("L’Hôpital"), "Lâ€™HÃ´pital");
        assert!(mojibake_is_visible("Lœuillet"));
        assert!(!mojibake_is_visible("Martin"));
        assert_eq!(ascii_fold("Lœuillet L’Hôpital"), "loeuilletlhopital");
        assert_eq!(
            truncate30("Agent de service hospitalier qualifié en stérilisation"),
            "Agent de service hospitalier q"
        );
    }
}
