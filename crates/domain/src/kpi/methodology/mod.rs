//! Index 766 methodology as versioned data: groups, indicators (numerator and denominator
//! as conditions), thresholds, points, bands and timeliness rules, loadable from TOML/JSON.

pub mod expr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use expr::{AtomTable, Cmp, CmpOp, Compiled, Expr, Fact, Field, FACTS};

/// The default methodology shipped with cchc (DOMAIN.md §6; unconfirmed parts are templates).
pub const DEFAULT_766_TOML: &str = include_str!("../../../data/kpi/766-default.toml");

/// Which date of a dossier puts it into a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    /// The period containing the receipt time.
    Receipt,
    /// The period containing the finish time (unfinished dossiers are not counted).
    Finish,
    /// Dossiers finished in the period, plus dossiers still open and overdue at the period
    /// end (or at the data cut-off for the current period): the national progress reports.
    Timeliness,
}

/// What the numerator and denominator count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CountBy {
    /// Dossiers.
    #[default]
    Dossiers,
    /// Distinct procedures with at least one dossier matching (e.g. "TTHC có phát sinh …").
    Procedures,
}

/// An indicator group (nhóm chỉ số).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    pub code: String,
    pub name: String,
    pub max_points: f64,
    /// True where the value is not confirmed by an official source.
    #[serde(default)]
    pub template: bool,
}

/// One indicator: `numerator / denominator`, converted to points with a threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    /// Group code; `None` for informational indicators that carry no points.
    #[serde(default)]
    pub group: Option<String>,
    pub anchor: Anchor,
    #[serde(default)]
    pub count: CountBy,
    /// Which dossiers are counted in the denominator.
    pub denominator: Expr,
    /// Which of those are also counted in the numerator.
    pub numerator: Expr,
    /// Ratio (0–1) at or above which the indicator earns full points.
    #[serde(default = "one")]
    pub threshold: f64,
    #[serde(default)]
    pub max_points: f64,
    #[serde(default)]
    pub template: bool,
    #[serde(default)]
    pub note: String,
}

fn one() -> f64 {
    1.0
}

impl Indicator {
    /// Points for a ratio: full at or above the threshold, else `ratio × max / threshold`.
    pub fn points(&self, ratio: f64) -> f64 {
        if self.threshold <= 0.0 || ratio >= self.threshold {
            self.max_points
        } else {
            ratio.max(0.0) * self.max_points / self.threshold
        }
    }
}

/// A classification band: scores at or above `min` get `label`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub min: f64,
    pub label: String,
    #[serde(default)]
    pub template: bool,
}

/// The timeliness rules (DOMAIN.md §6).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinessRules {
    /// Supplement waiting time is not processing time: it moves the deadline.
    pub exclude_supplement_time: bool,
    /// More supplement requests than this make the dossier late (1: "more than one ⇒ late").
    pub max_supplements: Option<u32>,
}

/// One version of the methodology.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Methodology {
    pub id: String,
    pub name: String,
    pub legal_basis: String,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    /// Withdrawn / refused dossiers are left out of every indicator.
    pub exclude_withdrawn: bool,
    pub timeliness: TimelinessRules,
    pub groups: Vec<Group>,
    pub indicators: Vec<Indicator>,
    /// Bands, highest first; below the last band: `lowest_label`.
    pub bands: Vec<Band>,
    pub lowest_label: String,
}

/// Why a methodology file is not acceptable.
#[derive(Debug, thiserror::Error)]
pub enum MethodologyError {
    #[error("không đọc được tệp phương pháp: {0}")]
    Parse(String),
    #[error("phương pháp không hợp lệ: {0}")]
    Invalid(String),
}

impl Methodology {
    /// The default methodology (Quyết định 766/QĐ-TTg as displayed by the portal).
    pub fn default_766() -> Result<Methodology, MethodologyError> {
        Self::from_toml(DEFAULT_766_TOML)
    }

    /// Loads and validates a TOML document.
    pub fn from_toml(s: &str) -> Result<Methodology, MethodologyError> {
        let m: Methodology = toml::from_str(s).map_err(|e| MethodologyError::Parse(e.to_string()))?;
        m.validate()?;
        Ok(m)
    }

    /// Loads and validates a JSON document.
    pub fn from_json(s: &str) -> Result<Methodology, MethodologyError> {
        let m: Methodology = serde_json::from_str(s).map_err(|e| MethodologyError::Parse(e.to_string()))?;
        m.validate()?;
        Ok(m)
    }

    /// Whether this version applies on `date`.
    pub fn is_effective_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|t| date <= t)
    }

    /// Checks codes, groups, point sums, thresholds, bands and that conditions compile.
    pub fn validate(&self) -> Result<(), MethodologyError> {
        let bad = |m: String| Err(MethodologyError::Invalid(m));
        let total: f64 = self.groups.iter().map(|g| g.max_points).sum();
        if (total - 100.0).abs() > 1e-6 {
            return bad(format!("tổng điểm các nhóm là {total}, phải bằng 100"));
        }
        for g in &self.groups {
            let sum: f64 =
                self.indicators.iter().filter(|i| i.group.as_deref() == Some(&g.code)).map(|i| i.max_points).sum();
            if (sum - g.max_points).abs() > 1e-6 {
                return bad(format!("nhóm {}: tổng điểm chỉ số {sum} ≠ {}", g.code, g.max_points));
            }
        }
        let mut table = AtomTable::default();
        for (n, i) in self.indicators.iter().enumerate() {
            if self.indicators[..n].iter().any(|j| j.code == i.code) {
                return bad(format!("mã chỉ số {} bị trùng", i.code));
            }
            if let Some(g) = &i.group {
                if !self.groups.iter().any(|x| &x.code == g) {
                    return bad(format!("chỉ số {}: không có nhóm {g}", i.code));
                }
            }
            if !(0.0..=1.0).contains(&i.threshold) {
                return bad(format!("chỉ số {}: ngưỡng phải trong khoảng 0–1", i.code));
            }
            for e in [&i.numerator, &i.denominator] {
                table.compile(e).map_err(|m| MethodologyError::Invalid(format!("{}: {m}", i.code)))?;
            }
        }
        if self.bands.windows(2).any(|w| w[0].min <= w[1].min) {
            return bad("các mức xếp loại phải xếp giảm dần".into());
        }
        Ok(())
    }

    /// Classification of a score (0–100).
    pub fn band(&self, score: f64) -> &str {
        self.bands.iter().find(|b| score >= b.min).map_or(self.lowest_label.as_str(), |b| b.label.as_str())
    }

    /// Position of an indicator by code.
    pub fn indicator_index(&self, code: &str) -> Option<usize> {
        self.indicators.iter().position(|i| i.code == code)
    }
}

/// All known versions; the one effective on a date is chosen per computation.
#[derive(Debug, Clone, Default)]
pub struct MethodologySet {
    pub versions: Vec<Methodology>,
}

impl MethodologySet {
    /// The version in force on `date`, the latest starting one if several overlap.
    pub fn effective_on(&self, date: NaiveDate) -> Option<&Methodology> {
        self.versions.iter().filter(|m| m.is_effective_on(date)).max_by_key(|m| m.effective_from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_loads_and_sums_to_100() {
        let m = Methodology::default_766().unwrap();
        let sum: f64 = m.indicators.iter().map(|i| i.max_points).sum();
        assert!((sum - 100.0).abs() < 1e-9);
        assert_eq!(m.groups.len(), 6);
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(Methodology::from_json(&json).unwrap(), m);
    }

    #[test]
    fn conversion_rule() {
        let m = Methodology::default_766().unwrap();
        let mut i = m.indicators[0].clone();
        i.max_points = 10.0;
        i.threshold = 0.8;
        let cases = [(1.0, 10.0), (0.8, 10.0), (0.4, 5.0), (0.0, 0.0), (0.6, 7.5)];
        for (ratio, want) in cases {
            assert!((i.points(ratio) - want).abs() < 1e-9, "{ratio}");
        }
    }

    #[test]
    fn bands() {
        let m = Methodology::default_766().unwrap();
        let cases = [(95.0, "Xuất sắc"), (90.0, "Xuất sắc"), (49.99, "Yếu"), (0.0, "Yếu")];
        for (s, want) in cases {
            assert_eq!(m.band(s), want, "{s}");
        }
    }

    #[test]
    fn rejects_bad_sums_and_codes() {
        let mut m = Methodology::default_766().unwrap();
        m.groups[0].max_points += 1.0;
        assert!(m.validate().is_err());
        let mut m = Methodology::default_766().unwrap();
        m.indicators[1].code = m.indicators[0].code.clone();
        assert!(m.validate().is_err());
        let mut m = Methodology::default_766().unwrap();
        m.indicators[0].numerator = Expr::Fact("nope".into());
        assert!(m.validate().is_err());
    }

    #[test]
    fn effective_version_by_date() {
        let a = Methodology::default_766().unwrap();
        let mut b = a.clone();
        b.id = "later".into();
        b.effective_from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let set = MethodologySet { versions: vec![a.clone(), b] };
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(set.effective_on(d(2025, 6, 1)).map(|m| m.id.as_str()), Some(a.id.as_str()));
        assert_eq!(set.effective_on(d(2026, 6, 1)).map(|m| m.id.as_str()), Some("later"));
        assert!(set.effective_on(d(2020, 1, 1)).is_none());
    }
}
