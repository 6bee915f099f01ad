//! The words of recette, one catalogue per language (French by default, English), shared by
//! the console, the command line's human output, the exports and the help: one term per
//! concept (*Gravité*, *Vérifications*), plurals chosen by each language's rule. `{}` in a
//! template is filled in order by [`fill`]. Pure data: imports nothing of the crate, so
//! every layer may use it.
//!
//! JSON, CSV headers of data and file names are not words: they stay technical.

mod catalogue;
mod en;
mod fr;
mod vocabulary;

pub use catalogue::Catalogue;

/// The languages recette speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    Fr,
    En,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::Fr, Lang::En];

    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "fr" => Some(Lang::Fr),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    /// The language to speak: the command line's `--lang`, else the settings' `lang`, else
    /// French.
    pub fn choose(flag: Option<&str>, setting: Option<&str>) -> Lang {
        flag.and_then(Lang::from_code)
            .or_else(|| setting.and_then(Lang::from_code))
            .unwrap_or_default()
    }

    pub fn catalogue(self) -> &'static Catalogue {
        match self {
            Lang::Fr => &fr::FR,
            Lang::En => &en::EN,
        }
    }

    /// Whether `n` takes the singular: French says "0 inattendu" and "1 inattendu", English
    /// "1 unexpected" but "0 rows".
    pub fn is_singular(self, n: u64) -> bool {
        match self {
            Lang::Fr => n <= 1,
            Lang::En => n == 1,
        }
    }
}

/// A template in its two forms, chosen by a count: `{} inattendu` / `{} inattendus`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plural {
    pub one: &'static str,
    pub other: &'static str,
}

/// Shorthand for the catalogues: `plural("{} ligne", "{} lignes")`.
pub const fn plural(one: &'static str, other: &'static str) -> Plural {
    Plural { one, other }
}

/// Fills each `{}` of `template` with the next argument (an argument missing: nothing).
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut args = args.iter();
    let mut rest = template;
    while let Some(at) = rest.find("{}") {
        out.push_str(&rest[..at]);
        out.push_str(args.next().copied().unwrap_or(""));
        rest = &rest[at + 2..];
    }
    out.push_str(rest);
    out
}

impl Catalogue {
    /// The form of `plural` for `n`, its `{}` filled with `n`: "1 inattendu", "2 inattendus".
    pub fn count(&self, plural: Plural, n: impl Into<u64>) -> String {
        let n = n.into();
        fill(self.form(plural, n), &[&n.to_string()])
    }

    /// The form of `plural` for `n`, its `{}` filled with `args` (which say `n` where the
    /// template wants it): "Revue {} · fiche {} sur {} · {} vue".
    pub fn plural(&self, plural: Plural, n: impl Into<u64>, args: &[&str]) -> String {
        fill(self.form(plural, n.into()), args)
    }

    fn form(&self, plural: Plural, n: u64) -> &'static str {
        if self.lang.is_singular(n) {
            plural.one
        } else {
            plural.other
        }
    }

    /// A number as this language writes it: `0,001` in French, `0.001` in English (at most
    /// six decimals, no trailing zeros).
    pub fn number(&self, value: f64) -> String {
        let text = if value.fract() == 0.0 && value.abs() < 1e15 {
            format!("{value:.0}")
        } else {
            let s = format!("{value:.6}");
            s.trim_end_matches('0').trim_end_matches('.').to_string()
        };
        let t = self;
        text.replace('.', t.decimal_mark)
    }

    /// Items joined as a sentence says them: "a", "a et b", "a, b et c".
    pub fn list(&self, items: &[String]) -> String {
        let t = self;
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{}{}{last}", init.join(", "), t.and),
        }
    }
}

#[cfg(test)]
mod tests;
