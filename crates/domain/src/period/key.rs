//! Index-766 periods: month, quarter, six months and year, as compact keys with their bounds.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::PeriodKind;
use crate::local_time::{days_from_civil, year_month, DAY};

/// Length of a reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Granularity {
    /// Tháng.
    Month,
    /// Quý.
    Quarter,
    /// 6 tháng.
    Half,
    /// Năm.
    Year,
}

impl Granularity {
    /// Every granularity, shortest first.
    pub const ALL: [Granularity; 4] = [Granularity::Month, Granularity::Quarter, Granularity::Half, Granularity::Year];

    /// Months per period.
    #[inline]
    pub fn months(self) -> u32 {
        match self {
            Granularity::Month => 1,
            Granularity::Quarter => 3,
            Granularity::Half => 6,
            Granularity::Year => 12,
        }
    }

    /// Position in [`Granularity::ALL`].
    #[inline]
    pub fn index(self) -> usize {
        match self {
            Granularity::Month => 0,
            Granularity::Quarter => 1,
            Granularity::Half => 2,
            Granularity::Year => 3,
        }
    }
}

/// One period: its granularity and its ordinal (`year * periods_per_year + n`), so that
/// consecutive periods have consecutive ordinals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct PeriodKey {
    /// Granularity.
    pub granularity: Granularity,
    /// Ordinal within the granularity.
    pub ordinal: i32,
}

impl PeriodKey {
    /// The period of granularity `g` containing the time `secs`.
    #[inline]
    pub fn containing(g: Granularity, secs: i64) -> PeriodKey {
        let (y, m) = year_month(secs);
        Self::from_year_month(g, y, m)
    }

    /// The period of granularity `g` containing month `m` (1–12) of year `y`.
    #[inline]
    pub fn from_year_month(g: Granularity, y: i32, m: u32) -> PeriodKey {
        let per_year = (12 / g.months()) as i32;
        let n = ((m.clamp(1, 12) - 1) / g.months()) as i32;
        PeriodKey { granularity: g, ordinal: y * per_year + n }
    }

    /// Calendar year of the period.
    #[inline]
    pub fn year(self) -> i32 {
        self.ordinal.div_euclid(self.per_year())
    }

    /// 1-based number within the year (month 1–12, quarter 1–4, half 1–2, year 1).
    #[inline]
    pub fn number(self) -> u32 {
        self.ordinal.rem_euclid(self.per_year()) as u32 + 1
    }

    #[inline]
    fn per_year(self) -> i32 {
        (12 / self.granularity.months()) as i32
    }

    /// First month (1–12) of the period.
    #[inline]
    pub fn first_month(self) -> u32 {
        (self.number() - 1) * self.granularity.months() + 1
    }

    /// Start of the period (inclusive), seconds.
    #[inline]
    pub fn start(self) -> i64 {
        days_from_civil(self.year(), self.first_month(), 1) * DAY
    }

    /// End of the period (exclusive: the start of the next one), seconds.
    #[inline]
    pub fn end(self) -> i64 {
        self.next().start()
    }

    /// The following period.
    #[inline]
    pub fn next(self) -> PeriodKey {
        PeriodKey { ordinal: self.ordinal + 1, ..self }
    }

    /// The preceding period.
    #[inline]
    pub fn prev(self) -> PeriodKey {
        PeriodKey { ordinal: self.ordinal - 1, ..self }
    }

    /// The reporting period of the same span: (year, kind); a half is the first six months
    /// or the second half. The inverse of [`PeriodKind::period_key`].
    pub fn kind(self) -> (i32, PeriodKind) {
        let n = self.number();
        let kind = match self.granularity {
            Granularity::Month => PeriodKind::Month { month: n },
            Granularity::Quarter => PeriodKind::Quarter { quarter: n },
            Granularity::Half if n == 1 => PeriodKind::FirstMonths { months: 6 },
            Granularity::Half => PeriodKind::SecondHalf,
            Granularity::Year => PeriodKind::Year,
        };
        (self.year(), kind)
    }

    /// Vietnamese label: `Tháng 3/2025`, `Quý I/2025`, `6 tháng đầu năm 2025`, `Năm 2025`.
    pub fn label_vi(self) -> String {
        let (y, n) = (self.year(), self.number());
        match self.granularity {
            Granularity::Month => format!("Tháng {n}/{y}"),
            Granularity::Quarter => {
                format!("Quý {}/{y}", ["I", "II", "III", "IV"][(n as usize - 1).min(3)])
            }
            Granularity::Half if n == 1 => format!("6 tháng đầu năm {y}"),
            Granularity::Half => format!("6 tháng cuối năm {y}"),
            Granularity::Year => format!("Năm {y}"),
        }
    }

    /// Parses the stable code (`2025-03`, `2025-Q1`, `2025-H1`, `2025`) or a Vietnamese label
    /// (`Tháng 3/2025`, `Quý I/2025`, `6 tháng đầu năm 2025`, `Năm 2025`).
    pub fn parse(s: &str) -> Option<PeriodKey> {
        let f = crate::text::fold(s).replace(' ', "");
        if let Some((y, rest)) = f.split_once('-') {
            let y: i32 = y.parse().ok()?;
            let (g, n) = match rest.as_bytes().first()? {
                b'q' => (Granularity::Quarter, rest[1..].parse::<u32>().ok()?),
                b'h' => (Granularity::Half, rest[1..].parse::<u32>().ok()?),
                _ => (Granularity::Month, rest.parse::<u32>().ok()?),
            };
            return Self::from_number(g, y, n);
        }
        if let Ok(y) = f.parse::<i32>() {
            return Self::from_number(Granularity::Year, y, 1);
        }
        Self::parse_vi(&f)
    }

    fn parse_vi(f: &str) -> Option<PeriodKey> {
        let year_after = |p: &str| -> Option<i32> { p.rsplit(['/', 'm']).next()?.parse().ok() };
        if let Some(rest) = f.strip_prefix("thang") {
            let (n, y) = rest.split_once('/')?;
            return Self::from_number(Granularity::Month, y.parse().ok()?, n.parse().ok()?);
        }
        if let Some(rest) = f.strip_prefix("quy") {
            let (n, y) = rest.split_once('/')?;
            let n = match n {
                "i" | "1" => 1,
                "ii" | "2" => 2,
                "iii" | "3" => 3,
                "iv" | "4" => 4,
                _ => return None,
            };
            return Self::from_number(Granularity::Quarter, y.parse().ok()?, n);
        }
        if let Some(rest) = f.strip_prefix("6thang") {
            let n = if rest.starts_with("dau") { 1 } else { 2 };
            return Self::from_number(Granularity::Half, year_after(rest)?, n);
        }
        let rest = f.strip_prefix("nam")?;
        Self::from_number(Granularity::Year, rest.parse().ok()?, 1)
    }

    fn from_number(g: Granularity, y: i32, n: u32) -> Option<PeriodKey> {
        let per_year = 12 / g.months();
        if n == 0 || n > per_year || !(1900..=2200).contains(&y) {
            return None;
        }
        Some(PeriodKey { granularity: g, ordinal: y * per_year as i32 + n as i32 - 1 })
    }
}

impl fmt::Display for PeriodKey {
    /// The stable code: `2025-03`, `2025-Q1`, `2025-H1`, `2025`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, n) = (self.year(), self.number());
        match self.granularity {
            Granularity::Month => write!(f, "{y}-{n:02}"),
            Granularity::Quarter => write!(f, "{y}-Q{n}"),
            Granularity::Half => write!(f, "{y}-H{n}"),
            Granularity::Year => write!(f, "{y}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::local_time::parse_datetime_secs;

    fn secs(s: &str) -> i64 {
        parse_datetime_secs(s).unwrap()
    }

    #[test]
    fn containing_and_bounds() {
        let t = secs("15/05/2025 10:00:00");
        let cases = [
            (Granularity::Month, "2025-05", "01/05/2025", "01/06/2025"),
            (Granularity::Quarter, "2025-Q2", "01/04/2025", "01/07/2025"),
            (Granularity::Half, "2025-H1", "01/01/2025", "01/07/2025"),
            (Granularity::Year, "2025", "01/01/2025", "01/01/2026"),
        ];
        for (g, code, start, end) in cases {
            let p = PeriodKey::containing(g, t);
            assert_eq!(p.to_string(), code);
            assert_eq!(p.start(), secs(start), "{code}");
            assert_eq!(p.end(), secs(end), "{code}");
            assert_eq!(PeriodKey::parse(code), Some(p));
            assert_eq!(PeriodKey::parse(&p.label_vi()), Some(p), "{}", p.label_vi());
        }
    }

    #[test]
    fn december_rolls_over() {
        let p = PeriodKey::containing(Granularity::Month, secs("31/12/2024 23:59:59"));
        assert_eq!(p.to_string(), "2024-12");
        assert_eq!(p.next().to_string(), "2025-01");
        assert_eq!(p.end(), secs("01/01/2025"));
    }

    #[test]
    fn parses_labels() {
        let cases = [
            ("Quý IV/2024", Some("2024-Q4")),
            ("6 tháng cuối năm 2024", Some("2024-H2")),
            ("Tháng 12/2024", Some("2024-12")),
            ("Năm 2024", Some("2024")),
            ("2024-Q5", None),
            ("Tháng 13/2024", None),
        ];
        for (s, want) in cases {
            assert_eq!(PeriodKey::parse(s).map(|p| p.to_string()).as_deref(), want, "{s}");
        }
    }
}
