//! Dates as the engine writes them (`YYYY-MM-DD`, a delivery may add a time), the day
//! count between two, and the other ways a delivery may write the same date.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Date {
    pub year: i64,
    pub month: u32,
    pub day: u32,
}

impl Date {
    fn new(year: i64, month: u32, day: u32) -> Option<Date> {
        (1..=12).contains(&month).then_some(())?;
        (1..=days_in_month(year, month))
            .contains(&day)
            .then_some(Date { year, month, day })
    }

    /// Days since 1970-01-01 (proleptic Gregorian; H. Hinnant's `days_from_civil`).
    pub fn days(self) -> i64 {
        let y = if self.month <= 2 {
            self.year - 1
        } else {
            self.year
        };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }
}

fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn number(text: &str) -> Option<u32> {
    (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
        .then(|| text.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`, alone or followed by a time (`T…` or ` …`).
pub(super) fn parse_iso(text: &str) -> Option<Date> {
    let text = text.trim();
    let (date, rest) = text.split_at_checked(10)?;
    if !(rest.is_empty() || rest.starts_with('T') || rest.starts_with(' ')) {
        return None;
    }
    let b = date.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    Date::new(
        i64::from(number(&date[..4])?),
        number(&date[5..7])?,
        number(&date[8..])?,
    )
}

/// The same date written another way (`03/02/1980`, `19800203`), with the format's name.
pub(super) fn parse_other_format(text: &str) -> Option<(Date, &'static str)> {
    let text = text.trim();
    for (sep, name) in [
        ('/', "dd/mm/yyyy"),
        ('-', "dd-mm-yyyy"),
        ('.', "dd.mm.yyyy"),
    ] {
        let parts: Vec<&str> = text.split(sep).collect();
        if let [d, m, y] = parts[..]
            && d.len() <= 2
            && m.len() <= 2
            && y.len() == 4
        {
            return Some((
                Date::new(i64::from(number(y)?), number(m)?, number(d)?)?,
                name,
            ));
        }
        if sep == '/'
            && let [y, m, d] = parts[..]
            && y.len() == 4
        {
            return Some((
                Date::new(i64::from(number(y)?), number(m)?, number(d)?)?,
                "yyyy/mm/dd",
            ));
        }
    }
    if text.len() == 8 && number(text).is_some() {
        return Some((
            Date::new(
                i64::from(number(&text[..4])?),
                number(&text[4..6])?,
                number(&text[6..])?,
            )?,
            "yyyymmdd",
        ));
    }
    None
}
