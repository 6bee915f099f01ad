//! Columns that look like personal data: names of people, NIR (French social-security
//! numbers), birth dates, e-mails, phones, addresses — by their name, or by their values
//! when the values say it plainly (a NIR, an e-mail, a phone number, a street address).

use super::names;
use super::plan::Lang;

/// What kind of personal data a column looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Personal {
    Name,
    Nir,
    BirthDate,
    Email,
    Phone,
    Address,
}

impl Personal {
    pub fn described(self, lang: Lang) -> &'static str {
        match self {
            Personal::Name => lang.pick("nom de personne", "a person's name"),
            Personal::Nir => "NIR",
            Personal::BirthDate => lang.pick("date de naissance", "birth date"),
            Personal::Email => "e-mail",
            Personal::Phone => lang.pick("téléphone", "phone"),
            Personal::Address => lang.pick("adresse", "address"),
        }
    }
}

/// By the column's name alone. A bare `name` or `nom` is left out: it names firms too.
pub fn by_name(name: &str) -> Option<Personal> {
    let words = names::words(name);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let joined = words.join("_");
    if has(&["nir", "nss", "insee", "secu", "ssn"]) {
        Some(Personal::Nir)
    } else if has(&["naissance", "birth", "birthday", "dob", "born"]) {
        Some(Personal::BirthDate)
    } else if has(&["email", "mail", "courriel", "e_mail"]) || joined.contains("e_mail") {
        Some(Personal::Email)
    } else if has(&["phone", "telephone", "tel", "mobile", "portable", "fax"]) {
        Some(Personal::Phone)
    } else if has(&["address", "adresse", "street", "rue"]) {
        Some(Personal::Address)
    } else if has(&["prenom", "firstname", "surname", "lastname", "forename"])
        || matches!(
            joined.as_str(),
            "last_name"
                | "first_name"
                | "given_name"
                | "family_name"
                | "nom_naissance"
                | "nom_usage"
                | "nom_famille"
                | "birth_name"
                | "maiden_name"
                | "nom_jeune_fille"
        )
        || (joined.starts_with("nom_")
            && !joined.contains("societe")
            && !joined.contains("entreprise"))
    {
        Some(Personal::Name)
    } else {
        None
    }
}

/// A French social-security number: 13 digits, or 15 with their key (97 minus the
/// number modulo 97); Corsica's 2A/2B accepted.
fn is_nir(v: &str) -> bool {
    let v: String = v.chars().filter(|c| *c != ' ').collect();
    let digits = v.replace("2A", "19").replace("2B", "18");
    if !(digits.len() == 13 || digits.len() == 15) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    if !matches!(
        digits.as_bytes()[0],
        b'1' | b'2' | b'3' | b'4' | b'7' | b'8'
    ) {
        return false;
    }
    if digits.len() == 13 {
        return true;
    }
    let (Ok(body), Ok(key)) = (digits[..13].parse::<u64>(), digits[13..].parse::<u64>()) else {
        return false;
    };
    97 - body % 97 == key
}

fn is_email(v: &str) -> bool {
    let Some((user, domain)) = v.trim().split_once('@') else {
        return false;
    };
    !user.is_empty() && domain.contains('.') && !domain.contains(' ') && !user.contains(' ')
}

/// A French phone number: `0X XX XX XX XX` (spaces, dots or dashes, or none), `+33 …`.
fn is_phone(v: &str) -> bool {
    let digits: String = v.chars().filter(|c| c.is_ascii_digit()).collect();
    let others = v
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '.' | '-' | '+' | '(' | ')'));
    others
        && ((digits.len() == 10 && digits.starts_with('0'))
            || (digits.len() == 11 && digits.starts_with("33") && v.trim_start().starts_with('+')))
}

/// A street address: a number, then a kind of way.
fn is_address(v: &str) -> bool {
    const WAYS: &[&str] = &[
        "rue",
        "avenue",
        "av",
        "bd",
        "boulevard",
        "chemin",
        "allee",
        "place",
        "impasse",
        "route",
        "quai",
        "cours",
        "square",
        "residence",
        "lieu-dit",
        "street",
        "road",
    ];
    let lower = super::values::without_accents(&v.to_lowercase());
    lower.starts_with(|c: char| c.is_ascii_digit())
        && lower
            .split(|c: char| !c.is_alphanumeric() && c != '-')
            .any(|w| WAYS.contains(&w))
        || lower.contains(" rue ")
}

/// What a column looks like, by its name, else by its values (most of the non-empty ones
/// must say it).
pub fn looks_personal<'a>(name: &str, values: impl Iterator<Item = &'a str>) -> Option<Personal> {
    if let Some(p) = by_name(name) {
        return Some(p);
    }
    let (mut total, mut nir, mut email, mut phone, mut address) = (0, 0, 0, 0, 0);
    for v in values.take(2000) {
        total += 1;
        nir += usize::from(is_nir(v));
        email += usize::from(is_email(v));
        phone += usize::from(is_phone(v));
        address += usize::from(is_address(v));
    }
    let most = |n: usize| total >= 3 && n * 10 >= total * 8;
    if most(nir) {
        Some(Personal::Nir)
    } else if most(email) {
        Some(Personal::Email)
    } else if most(phone) {
        Some(Personal::Phone)
    } else if total >= 3 && address * 2 >= total {
        Some(Personal::Address)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_say_it() {
        assert_eq!(by_name("last_name"), Some(Personal::Name));
        assert_eq!(by_name("prénom"), Some(Personal::Name));
        assert_eq!(by_name("date_naissance"), Some(Personal::BirthDate));
        assert_eq!(by_name("birth_date"), Some(Personal::BirthDate));
        assert_eq!(by_name("email"), Some(Personal::Email));
        assert_eq!(by_name("telephone"), Some(Personal::Phone));
        assert_eq!(by_name("adresse"), Some(Personal::Address));
        assert_eq!(by_name("nir"), Some(Personal::Nir));
        for not in [
            "name",
            "nom",
            "city",
            "postal_code",
            "doctor",
            "source_id",
            "siret",
        ] {
            assert_eq!(by_name(not), None, "{not}");
        }
    }

    #[test]
    fn values_say_it_when_the_name_does_not() {
        let nirs = ["163070318565796", "280050318516165", "277040319093251"];
        assert_eq!(
            looks_personal("x", nirs.iter().copied()),
            Some(Personal::Nir)
        );
        let mails = ["a@b.fr", "y.emery@laposte.net", "c@d.com"];
        assert_eq!(
            looks_personal("c1", mails.iter().copied()),
            Some(Personal::Email)
        );
        let phones = ["06 05 30 90 05", "0470727977", "+33 6 12 34 56 78"];
        assert_eq!(
            looks_personal("c2", phones.iter().copied()),
            Some(Personal::Phone)
        );
        let streets = [
            "43 rue de Nérondes",
            "159 rue des Forges",
            "12 bis avenue Foch",
        ];
        assert_eq!(
            looks_personal("c3", streets.iter().copied()),
            Some(Personal::Address)
        );
        let sirets = ["79462138300049", "76022764500016", "77740683600018"];
        assert_eq!(looks_personal("c4", sirets.iter().copied()), None);
        // A NIR whose key is wrong is not one.
        assert!(!is_nir("163070318565797"));
    }
}
