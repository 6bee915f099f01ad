//! Numbers as the engine writes them (`12.5`, `-0.333`, `1e-05`): exact decimals, so that
//! `0.33` is `0.333` rounded and `12.50` is `12.5`, with no floating-point doubt.

/// `mantissa × 10^-scale`, with the decimals as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Decimal {
    negative: bool,
    mantissa: u128,
    scale: u32,
}

/// More digits than this are not compared (a code that only looks like a number).
const MAX_DIGITS: usize = 30;

impl Decimal {
    pub fn parse(text: &str) -> Option<Decimal> {
        let (negative, body) = match text.as_bytes().first()? {
            b'-' => (true, &text[1..]),
            b'+' => (false, &text[1..]),
            _ => (false, text),
        };
        let (body, exponent) = match body.find(['e', 'E']) {
            Some(at) => (&body[..at], body[at + 1..].parse::<i32>().ok()?),
            None => (body, 0),
        };
        let (int, frac) = body.split_once('.').unwrap_or((body, ""));
        let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        if int.is_empty() && frac.is_empty()
            || !digits_ok(int)
            || !digits_ok(frac)
            || int.len() + frac.len() > MAX_DIGITS
            || exponent.unsigned_abs() > MAX_DIGITS as u32
        {
            return None;
        }
        let mantissa: u128 = format!("{int}{frac}").parse().unwrap_or(0);
        let scale = frac.len() as i32 - exponent;
        let decimal = if scale >= 0 {
            Decimal {
                negative,
                mantissa,
                scale: scale as u32,
            }
        } else {
            Decimal {
                negative,
                mantissa: mantissa.checked_mul(10u128.checked_pow(scale.unsigned_abs())?)?,
                scale: 0,
            }
        };
        Some(decimal)
    }

    /// Decimals as written (`12.50` → 2).
    pub fn decimals(self) -> u32 {
        self.scale
    }

    /// The signed mantissa at `scale` (at least this number's own).
    fn at_scale(self, scale: u32) -> Option<i128> {
        let m = i128::try_from(
            self.mantissa
                .checked_mul(10u128.checked_pow(scale - self.scale)?)?,
        )
        .ok()?;
        Some(if self.negative { -m } else { m })
    }

    pub fn same_value(self, other: Decimal) -> bool {
        let scale = self.scale.max(other.scale);
        self.at_scale(scale).is_some() && self.at_scale(scale) == other.at_scale(scale)
    }

    /// This number rounded to `decimals` (fewer than its own), in each way a system rounds:
    /// half away from zero, half to even, towards zero.
    fn roundings(self, decimals: u32) -> Vec<Decimal> {
        let Some(unit) = 10u128.checked_pow(self.scale - decimals) else {
            return Vec::new();
        };
        let (quotient, remainder) = (self.mantissa / unit, self.mantissa % unit);
        let half = unit / 2;
        let up = quotient + 1;
        let half_up = if remainder >= half { up } else { quotient };
        let half_even = match remainder.cmp(&half) {
            std::cmp::Ordering::Greater => up,
            std::cmp::Ordering::Equal if quotient % 2 == 1 => up,
            _ => quotient,
        };
        [half_up, half_even, quotient]
            .into_iter()
            .map(|mantissa| Decimal {
                negative: self.negative,
                mantissa,
                scale: decimals,
            })
            .collect()
    }
}

/// The decimals kept when one number is the other written with another precision
/// (`12.50 → 12.5`: 1) or rounded (`0.333 → 0.33`: 2); `None` otherwise.
pub(super) fn precision(expected: &str, migrated: &str) -> Option<u32> {
    let (e, m) = (
        Decimal::parse(expected.trim())?,
        Decimal::parse(migrated.trim())?,
    );
    if e.same_value(m) {
        return Some(e.decimals().min(m.decimals()));
    }
    let (precise, rounded) = if e.decimals() > m.decimals() {
        (e, m)
    } else {
        (m, e)
    };
    (precise.decimals() > rounded.decimals()
        && precise
            .roundings(rounded.decimals())
            .into_iter()
            .any(|r| r.same_value(rounded)))
    .then_some(rounded.decimals())
}

/// Both texts are numbers of different values (a separator moved is then no formatting).
pub(super) fn different_numbers(expected: &str, migrated: &str) -> bool {
    match (
        Decimal::parse(expected.trim()),
        Decimal::parse(migrated.trim()),
    ) {
        (Some(e), Some(m)) => !e.same_value(m),
        _ => false,
    }
}

/// Both texts are numbers.
pub(super) fn both_numbers(expected: &str, migrated: &str) -> bool {
    Decimal::parse(expected.trim()).is_some() && Decimal::parse(migrated.trim()).is_some()
}
