//! PAR points as an exact decimal with two places: an integer number of hundredths, so sums,
//! comparisons and ties are exact. Also used for percentages (hundredths of a percent).
//!
//! Text: parsed from `0,5`, `0.5`, `1`, `-0,25`, `1,50` (a trailing `điểm` or `%` is
//! allowed); more than two decimals that are not zeros is an error, never a silent rounding.
//! Displayed with a decimal comma and no trailing zeros (`0,5`, `1`, `61,5`, `88,13`).
//! JSON: a plain number (`0.5`); reading also accepts a string in either notation.

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub};

use serde::de::{self, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Points (or a percentage) in hundredths: `Points(50)` is 0,5.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(pub i64);

/// Why a text is not a number of points; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    #[error("Cần nhập điểm.")]
    Empty,
    #[error("Không đọc được điểm «{0}»; hãy nhập dạng 0,5 hoặc 1.")]
    Invalid(String),
    #[error("Điểm «{0}» có quá 2 chữ số thập phân.")]
    TooPrecise(String),
}

impl Points {
    /// Zero points.
    pub const ZERO: Points = Points(0);
    /// One hundred (the usual total, or 100 %).
    pub const HUNDRED: Points = Points(10_000);

    /// Whole points: `Points::whole(2)` is 2.
    pub const fn whole(n: i64) -> Points {
        Points(n * 100)
    }

    /// The number of hundredths.
    pub const fn hundredths(self) -> i64 {
        self.0
    }

    /// The value as a float, for charts only; never compare these.
    pub fn as_f64(self) -> f64 {
        self.0 as f64 / 100.0
    }

    /// Reads a float (e.g. from JSON) when it has at most two decimals.
    pub fn from_f64(v: f64) -> Option<Points> {
        let scaled = v * 100.0;
        let rounded = scaled.round();
        let exact = (scaled - rounded).abs() < 1e-6 && rounded.abs() < 9.0e15;
        // The range check above makes the cast lossless.
        exact.then_some(Points(rounded as i64))
    }

    /// Parses `0,5` / `0.5` / `1` / `-0,25` / `1,5 điểm` / `80%`.
    pub fn parse(text: &str) -> Result<Points, PointsError> {
        let trimmed = text.trim();
        let lower = trimmed.to_lowercase();
        let body = lower.strip_suffix("điểm").or_else(|| lower.strip_suffix('%')).unwrap_or(&lower).trim();
        if body.is_empty() {
            return Err(PointsError::Empty);
        }
        let invalid = || PointsError::Invalid(trimmed.to_string());
        let (negative, digits) = match body.strip_prefix('-') {
            Some(rest) => (true, rest.trim_start()),
            None => (false, body.strip_prefix('+').unwrap_or(body)),
        };
        let (int, frac) = match digits.find([',', '.']) {
            Some(i) => (&digits[..i], &digits[i + 1..]),
            None => (digits, ""),
        };
        let all_digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
        if (int.is_empty() && frac.is_empty()) || !all_digits(int) || !all_digits(frac) || int.len() > 12 {
            return Err(invalid());
        }
        let frac = frac.trim_end_matches('0');
        if frac.len() > 2 {
            return Err(PointsError::TooPrecise(trimmed.to_string()));
        }
        let whole: i64 = if int.is_empty() { 0 } else { int.parse().map_err(|_| invalid())? };
        let mut cents: i64 = if frac.is_empty() { 0 } else { frac.parse().map_err(|_| invalid())? };
        if frac.len() == 1 {
            cents *= 10;
        }
        let value = whole * 100 + cents;
        Ok(Points(if negative { -value } else { value }))
    }

    /// The smaller of two values.
    pub fn min(self, other: Points) -> Points {
        Points(self.0.min(other.0))
    }

    /// Clamped to `0..=max`.
    pub fn clamp_to(self, max: Points) -> Points {
        Points(self.0.clamp(0, max.0.max(0)))
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let (whole, cents) = (abs / 100, abs % 100);
        match cents {
            0 => write!(f, "{sign}{whole}"),
            c if c % 10 == 0 => write!(f, "{sign}{whole},{}", c / 10),
            c => write!(f, "{sign}{whole},{c:02}"),
        }
    }
}

impl Add for Points {
    type Output = Points;
    fn add(self, rhs: Points) -> Points {
        Points(self.0 + rhs.0)
    }
}

impl AddAssign for Points {
    fn add_assign(&mut self, rhs: Points) {
        self.0 += rhs.0;
    }
}

impl Sub for Points {
    type Output = Points;
    fn sub(self, rhs: Points) -> Points {
        Points(self.0 - rhs.0)
    }
}

impl Neg for Points {
    type Output = Points;
    fn neg(self) -> Points {
        Points(-self.0)
    }
}

impl Sum for Points {
    fn sum<I: Iterator<Item = Points>>(iter: I) -> Points {
        iter.fold(Points::ZERO, Add::add)
    }
}

impl Serialize for Points {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        if self.0 % 100 == 0 {
            s.serialize_i64(self.0 / 100)
        } else {
            s.serialize_f64(self.as_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Points {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Points, D::Error> {
        d.deserialize_any(PointsVisitor)
    }
}

struct PointsVisitor;

impl Visitor<'_> for PointsVisitor {
    type Value = Points;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number of points with at most two decimals")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Points, E> {
        v.checked_mul(100).map(Points).ok_or_else(|| E::custom("points out of range"))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Points, E> {
        i64::try_from(v).map_err(|_| E::custom("points out of range")).and_then(|v| self.visit_i64(v))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Points, E> {
        Points::from_f64(v).ok_or_else(|| E::custom(format!("{v} has more than two decimals")))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Points, E> {
        Points::parse(v).map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_notations() {
        let cases: [(&str, Result<Points, PointsError>); 14] = [
            ("0,5", Ok(Points(50))),
            ("0.5", Ok(Points(50))),
            ("1", Ok(Points(100))),
            (" 61,5 ", Ok(Points(6150))),
            ("0,25", Ok(Points(25))),
            ("1,50", Ok(Points(150))),
            ("0,500", Ok(Points(50))),
            (",5", Ok(Points(50))),
            ("-0,25", Ok(Points(-25))),
            ("1,5 điểm", Ok(Points(150))),
            ("88,13%", Ok(Points(8813))),
            ("", Err(PointsError::Empty)),
            ("0,125", Err(PointsError::TooPrecise("0,125".into()))),
            ("một", Err(PointsError::Invalid("một".into()))),
        ];
        for (text, want) in cases {
            assert_eq!(Points::parse(text), want, "{text}");
        }
        assert!(Points::parse("1.000.000").is_err());
    }

    #[test]
    fn displays_with_decimal_comma() {
        let cases = [(50, "0,5"), (100, "1"), (6150, "61,5"), (8813, "88,13"), (5, "0,05"), (-25, "-0,25"), (0, "0")];
        for (h, want) in cases {
            assert_eq!(Points(h).to_string(), want);
            assert_eq!(Points::parse(want), Ok(Points(h)), "round trip {want}");
        }
    }

    #[test]
    fn json_is_a_plain_number_and_reads_strings() -> Result<(), serde_json::Error> {
        assert_eq!(serde_json::to_string(&Points(50))?, "0.5");
        assert_eq!(serde_json::to_string(&Points(200))?, "2");
        assert_eq!(serde_json::to_string(&Points(1))?, "0.01");
        for (json, want) in [("0.5", 50), ("2", 200), ("\"0,25\"", 25), ("0.1", 10), ("38.5", 3850)] {
            assert_eq!(serde_json::from_str::<Points>(json)?, Points(want), "{json}");
        }
        assert!(serde_json::from_str::<Points>("0.125").is_err());
        Ok(())
    }

    #[test]
    fn sums_are_exact() {
        // 0.1 + 0.2 is 0.3 here, unlike floats.
        let total: Points = ["0,1", "0,2"].iter().filter_map(|t| Points::parse(t).ok()).sum();
        assert_eq!(total, Points(30));
        assert_eq!(Points(30).clamp_to(Points(20)), Points(20));
        assert_eq!(Points(-5).clamp_to(Points(20)), Points(0));
    }
}
