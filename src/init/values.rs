//! What a text value says, read the way the engine reads it: a date written `dd/mm/yyyy`
//! or ISO, a decimal with a comma or a point. `init` predicts what `recette check` will
//! compare, so these follow the engine's casts (docs/campaign.md), not a friendlier rule.

use std::borrow::Cow;

use crate::domain::column::USUAL_DATE_FORMATS;

/// A calendar date, checked (no 31 February).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days)
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (negative before), to count days between dates.
    pub fn day_number(&self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// `yyyy-mm-dd`, written by hand: every date of every file goes through it.
    pub fn iso(&self) -> String {
        let mut out = String::with_capacity(10);
        let mut digits = |n: u32, width: u32| {
            for p in (0..width).rev() {
                out.push(char::from(b'0' + (n / 10u32.pow(p) % 10) as u8));
            }
        };
        digits(self.year.clamp(0, 9999) as u32, 4);
        digits(self.month, 2);
        digits(self.day, 2);
        out.insert(6, '-');
        out.insert(4, '-');
        out
    }
}

/// The source-side date formats `init` proposes, most usual first: the usual ones but
/// plain ISO, which the engine reads without a `date` setting.
pub fn date_formats() -> impl Iterator<Item = &'static str> {
    USUAL_DATE_FORMATS
        .iter()
        .copied()
        .filter(|f| *f != "%Y-%m-%d")
}

/// Reads `text` with a strptime `format` made of `%d %m %Y %y %H %M %S` and literal
/// characters; the whole text must match. `%Y` takes four digits (the engine counts a
/// shorter year as unparseable); `%y` follows DuckDB's century rule (00–68 → 20xx).
pub fn parse_with(format: &str, text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let mut at = 0;
    let (mut year, mut month, mut day) = (None, None, None);
    let mut spec = format.chars();
    while let Some(c) = spec.next() {
        if c != '%' {
            let mut buf = [0u8; 4];
            let lit = c.encode_utf8(&mut buf).as_bytes();
            if !bytes[at..].starts_with(lit) {
                return None;
            }
            at += lit.len();
            continue;
        }
        let field = spec.next()?;
        let (min, max) = match field {
            'Y' => (4, 4),
            'y' => (2, 2),
            // Without separators (`%Y%m%d`) each field has its full width.
            'd' | 'm' | 'H' | 'M' | 'S' if !format.contains(['/', '-', '.', ':', ' ']) => (2, 2),
            'd' | 'm' | 'H' | 'M' | 'S' => (1, 2),
            _ => return None,
        };
        let digits = bytes[at..]
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        if digits < min {
            return None;
        }
        let value: u32 = text[at..at + digits].parse().ok()?;
        at += digits;
        match field {
            'Y' => year = Some(value as i32),
            'y' => year = Some(if value <= 68 { 2000 } else { 1900 } + value as i32),
            'm' => month = Some(value),
            'd' => day = Some(value),
            'H' if value > 23 => return None,
            'M' | 'S' if value > 59 => return None,
            _ => {}
        }
    }
    if at != bytes.len() {
        return None;
    }
    Date::new(year?, month?, day?)
}

/// A migrated value read as the engine casts text to a date: `2023-02-01`, `2023-2-1`,
/// `2023/02/01`, spaces around, or a timestamp (`2023-02-01 10:30:00`, `…T10:30:00`,
/// fractions, an offset `+02`) cut to its date. `20230201`, `01/02/2023` and a trailing
/// `Z` are not dates.
pub fn engine_date(text: &str) -> Option<Date> {
    let t = text.trim();
    let b = t.as_bytes();
    let year_len = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if year_len != 4 {
        return None;
    }
    let sep = *b.get(4)?;
    if sep != b'-' && sep != b'/' {
        return None;
    }
    let rest = &t[5..];
    let month_len = rest.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&month_len) || rest.as_bytes().get(month_len) != Some(&sep) {
        return None;
    }
    let after_month = &rest[month_len + 1..];
    let day_len = after_month.bytes().take_while(u8::is_ascii_digit).count();
    if !(1..=2).contains(&day_len) {
        return None;
    }
    let tail = &after_month[day_len..];
    if !tail.is_empty() && !time_part(tail) {
        return None;
    }
    Date::new(
        t[..4].parse().ok()?,
        rest[..month_len].parse().ok()?,
        after_month[..day_len].parse().ok()?,
    )
}

/// ` 10:30:00`, `T10:30`, `T10:30:00.123+02`: what may follow a date in a timestamp.
fn time_part(tail: &str) -> bool {
    let Some(time) = tail.strip_prefix([' ', 'T']) else {
        return false;
    };
    let (clock, zone) = match time.find(['+', '-']) {
        Some(i) => (&time[..i], &time[i + 1..]),
        None => (time, ""),
    };
    let (clock, fraction) = clock.split_once('.').unwrap_or((clock, ""));
    let fields: Vec<&str> = clock.split(':').collect();
    (2..=3).contains(&fields.len())
        && fields
            .iter()
            .all(|f| (1..=2).contains(&f.len()) && f.bytes().all(|b| b.is_ascii_digit()))
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && zone.bytes().all(|b| b.is_ascii_digit() || b == b':')
}

/// A source value read with `decimal_comma = true`, as the engine reads it: spaces,
/// non-breaking spaces and dots are thousands separators, the comma is the decimal point.
pub fn decimal_comma_number(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.'))
        .map(|c| if c == ',' { '.' } else { c })
        .collect();
    plain_number(&cleaned)
}

/// A value read as the engine casts text to a number (`TRY_CAST(trim(x) AS DOUBLE)`).
pub fn plain_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if !t.bytes().any(|b| b.is_ascii_digit())
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
    {
        return None;
    }
    t.parse().ok()
}

/// Two numbers the engine would find equal (tolerance 0), allowing for binary rounding.
pub fn same_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

/// A decimal written with a comma: `24,50`, `-3,1`, `1 234,5`, `1.234,50`.
pub fn is_decimal_comma(text: &str) -> bool {
    let t = text.trim();
    let Some((whole, fraction)) = t.rsplit_once(',') else {
        return false;
    };
    let whole = whole.strip_prefix(['-', '+']).unwrap_or(whole);
    !whole.is_empty()
        && !fraction.is_empty()
        && fraction.bytes().all(|b| b.is_ascii_digit())
        && whole.starts_with(|c: char| c.is_ascii_digit())
        && whole
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '.'))
}

/// The form of a value used to find shared values between files written differently: a
/// date (dd/mm/yyyy, ISO, a timestamp) becomes its ISO date, a decimal with a comma or a
/// point becomes its number written plainly (`35,00` and `35.00` are both `35`). Anything
/// else stays as it is: `03100` is not `3100`.
pub fn canonical(text: &str) -> Cow<'_, str> {
    let b = text.as_bytes();
    if b.is_empty() || !b[0].is_ascii_digit() && b[0] != b'-' {
        return Cow::Borrowed(text);
    }
    if b.contains(&b'/') || b.contains(&b'-') {
        if let Some(d) = engine_date(text).or_else(|| french_date(text)) {
            return Cow::Owned(d.iso());
        }
        return Cow::Borrowed(text);
    }
    if b.contains(&b',')
        && is_decimal_comma(text)
        && let Some(n) = decimal_comma_number(text)
    {
        return Cow::Owned(plain(n));
    }
    if b.contains(&b'.')
        && b.iter()
            .all(|c| c.is_ascii_digit() || *c == b'.' || *c == b'-')
        && let Some(n) = plain_number(text)
    {
        return Cow::Owned(plain(n));
    }
    Cow::Borrowed(text)
}

/// `dd/mm/yyyy` (one- or two-digit day and month), alone or before a time: the legacy
/// writing, read without the general strptime (every value of every file is looked at).
fn french_date(text: &str) -> Option<Date> {
    let digits = |s: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
    };
    let mut parts = text.splitn(3, '/');
    let (day, month, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let year = rest.get(..4)?;
    let tail = &rest[4..];
    if !digits(day, 1..=2) || !digits(month, 1..=2) || !digits(year, 4..=4) {
        return None;
    }
    if !tail.is_empty() && !tail.starts_with(' ') {
        return None;
    }
    Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?)
}

fn plain(n: f64) -> String {
    let s = format!("{n}");
    s.strip_suffix(".0").map(str::to_owned).unwrap_or(s)
}

/// `text` as it looks when its UTF-8 bytes are read as Windows-1252 (`Émery` → `Ã‰mery`):
/// the classic encoding defect, named in hints.
pub fn mojibake(text: &str) -> String {
    encoding_rs::WINDOWS_1252
        .decode(text.as_bytes())
        .0
        .into_owned()
}

/// `text` without its accents (the letters of French, Latin-1 and Windows-1252).
pub fn without_accents(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
            'ç' => 'c',
            'Ç' => 'C',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'È' | 'É' | 'Ê' | 'Ë' => 'E',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => 'O',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
            'ý' | 'ÿ' => 'y',
            'Ý' | 'Ÿ' => 'Y',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strptime_subset_matches_whole_text_with_the_engine_year_rules() {
        let d = |y, m, d| Date::new(y, m, d);
        assert_eq!(parse_with("%d/%m/%Y", "08/07/1963"), d(1963, 7, 8));
        assert_eq!(parse_with("%d/%m/%Y", "8/7/1963"), d(1963, 7, 8));
        assert_eq!(parse_with("%d/%m/%Y", "03/02/80"), None);
        assert_eq!(parse_with("%d/%m/%Y", "31/02/2023"), None);
        assert_eq!(parse_with("%d/%m/%Y", "08/07/1963 10:00"), None);
        assert_eq!(
            parse_with("%d/%m/%Y %H:%M:%S", "08/07/1963 10:00:59"),
            d(1963, 7, 8)
        );
        assert_eq!(parse_with("%d/%m/%y", "14/07/50"), d(2050, 7, 14));
        assert_eq!(parse_with("%d/%m/%y", "14/07/80"), d(1980, 7, 14));
        assert_eq!(parse_with("%Y%m%d", "20230201"), d(2023, 2, 1));
        assert_eq!(parse_with("%Y%m%d", "2023021"), None);
    }

    #[test]
    fn iso_dates_are_padded() {
        assert_eq!(Date::new(987, 3, 9).unwrap().iso(), "0987-03-09");
        assert_eq!(Date::new(2024, 12, 31).unwrap().iso(), "2024-12-31");
    }

    #[test]
    fn day_numbers_count_days() {
        let n = |y, m, d| Date::new(y, m, d).unwrap().day_number();
        assert_eq!(n(1970, 1, 1), 0);
        assert_eq!(n(2000, 3, 1) - n(2000, 2, 28), 2);
        assert_eq!(n(2024, 1, 1) - n(2023, 12, 31), 1);
        assert_eq!(n(1969, 12, 31), -1);
    }

    #[test]
    fn engine_dates_take_iso_and_timestamps_not_french_or_compact() {
        let want = Date::new(2023, 2, 1);
        for ok in [
            "2023-02-01",
            "2023-2-1",
            "2023/02/01",
            " 2023-02-01 ",
            "2023-02-01 10:30:00",
            "2023-02-01T10:30:00",
            "2023-02-01 10:30:00.123",
            "2023-02-01 10:30:00+02",
        ] {
            assert_eq!(engine_date(ok), want, "{ok}");
        }
        for bad in ["20230201", "01/02/2023", "2023-02-01Z", "2023-02-30", "x"] {
            assert_eq!(engine_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn numbers_follow_the_decimal_comma_rule() {
        assert_eq!(decimal_comma_number("24,50"), Some(24.5));
        assert_eq!(decimal_comma_number("1 234,50"), Some(1234.5));
        assert_eq!(decimal_comma_number("1.234,50"), Some(1234.5));
        // The engine's rule: a dot is a thousands separator.
        assert_eq!(decimal_comma_number("1.5"), Some(15.0));
        assert_eq!(plain_number(" 35.00 "), Some(35.0));
        assert_eq!(plain_number("inf"), None);
        assert!(is_decimal_comma("35,00") && is_decimal_comma("-1 234,5"));
        assert!(!is_decimal_comma("Dupont, Jean") && !is_decimal_comma("35.00"));
    }

    #[test]
    fn canonical_forms_meet_across_formats_but_keep_leading_zeros() {
        assert_eq!(canonical("26/02/2018"), "2018-02-26");
        assert_eq!(canonical("2018-02-26"), "2018-02-26");
        assert_eq!(canonical("2018-02-26 10:00:00"), "2018-02-26");
        assert_eq!(canonical("26/02/2018 10:00"), "2018-02-26");
        assert_eq!(canonical("6/2/2018"), "2018-02-06");
        assert_eq!(canonical("26/02/18"), "26/02/18");
        assert_eq!(canonical("31/02/2018"), "31/02/2018");
        assert_eq!(canonical("35,00"), "35");
        assert_eq!(canonical("35.00"), "35");
        assert_eq!(canonical("24,5"), canonical("24.50"));
        assert_eq!(canonical("03100"), "03100");
        assert_eq!(canonical("Montluçon"), "Montluçon");
    }

    #[test]
    fn the_encoding_defect_is_reproduced() {
        assert_eq!(mojibake("Émery"), "Ã‰mery");
        assert_eq!(without_accents("Hélène Çà"), "Helene Ca");
    }
}
