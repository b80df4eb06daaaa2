//! Classification bands (xếp loại Tốt / Khá / Trung bình / Yếu) as versioned, date-effective
//! data: ordered lower bounds on the index with labels.
//!
//! Rules chosen where the domain is silent (METHODOLOGY.md §2.4: no province's thresholds
//! were found, so every default is a template):
//! - A band applies from its lower bound inclusive (`index ≥ min`).
//! - The index is classified at the two decimals it is published with, so a unit shown as
//!   "80,00" is never classed below a band starting at 80 (ranking stays exact).
//! - An index below every band has no class (a band set should start one band at 0).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::criteria::{SetStatus, UnitGroup};
use super::points::Points;

/// One class: from `min` percent upwards, unless a higher band applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Band {
    pub label: String,
    /// Lower bound of the index in percent, inclusive.
    pub min: Points,
}

/// A versioned list of bands.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BandSet {
    pub code: String,
    pub name: String,
    /// Groups the bands apply to; empty = every group.
    #[serde(default)]
    pub groups: Vec<UnitGroup>,
    pub version: u32,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    pub status: SetStatus,
    #[serde(default)]
    pub source: String,
    pub bands: Vec<Band>,
}

impl BandSet {
    /// True when the bands apply on `date` to `group`.
    pub fn applies(&self, group: &UnitGroup, date: NaiveDate) -> bool {
        let in_time = self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to);
        in_time && (self.groups.is_empty() || self.groups.contains(group))
    }

    /// The band of an index (percent, at two decimals), `None` below every band.
    pub fn classify(&self, index: Points) -> Option<&Band> {
        self.bands.iter().filter(|b| b.min <= index).max_by_key(|b| b.min)
    }

    /// Problems with the bands themselves (empty = fine).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.bands.is_empty() {
            out.push("Chưa có mức xếp loại nào.".to_string());
        }
        let mut mins: Vec<Points> = self.bands.iter().map(|b| b.min).collect();
        mins.sort();
        if mins.windows(2).any(|w| w[0] == w[1]) {
            out.push("Hai mức xếp loại có cùng ngưỡng.".to_string());
        }
        for b in &self.bands {
            if b.label.trim().is_empty() {
                out.push(format!("Mức từ {}% chưa có tên.", b.min));
            }
            if b.min < Points::ZERO || b.min > Points::HUNDRED {
                out.push(format!("Ngưỡng {}% của mức «{}» phải từ 0 đến 100.", b.min, b.label));
            }
        }
        if mins.first().is_some_and(|m| *m > Points::ZERO) {
            out.push(format!("Chỉ số dưới {}% sẽ không được xếp loại.", mins[0]));
        }
        out
    }
}

/// The band set that applies to `group` on `date`: adopted before template, then highest
/// version.
pub fn effective_bands<'a>(sets: &'a [BandSet], group: &UnitGroup, date: NaiveDate) -> Option<&'a BandSet> {
    sets.iter().filter(|s| s.applies(group, date)).max_by_key(|s| (s.status == SetStatus::Adopted, s.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bands() -> BandSet {
        let band = |label: &str, min: i64| Band { label: label.into(), min: Points::whole(min) };
        BandSet {
            code: "mau".into(),
            name: "Mẫu".into(),
            groups: vec![],
            version: 1,
            effective_from: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap_or_default(),
            effective_to: None,
            status: SetStatus::Template,
            source: String::new(),
            bands: vec![band("Yếu", 0), band("Tốt", 80), band("Trung bình", 50), band("Khá", 70)],
        }
    }

    #[test]
    fn classify_at_exact_boundaries() {
        let b = bands();
        let cases = [
            (Points(10_000), Some("Tốt")),
            (Points(8_000), Some("Tốt")),
            (Points(7_999), Some("Khá")),
            (Points(7_000), Some("Khá")),
            (Points(6_999), Some("Trung bình")),
            (Points(5_000), Some("Trung bình")),
            (Points(4_999), Some("Yếu")),
            (Points(0), Some("Yếu")),
            (Points(-1), None),
        ];
        for (index, want) in cases {
            assert_eq!(b.classify(index).map(|x| x.label.as_str()), want, "{index}");
        }
        assert!(b.problems().is_empty());
    }

    #[test]
    fn band_problems() {
        let mut b = bands();
        b.bands.retain(|x| x.label != "Yếu");
        b.bands.push(Band { label: " ".into(), min: Points::whole(80) });
        assert_eq!(
            b.problems(),
            vec![
                "Hai mức xếp loại có cùng ngưỡng.".to_string(),
                "Mức từ 80% chưa có tên.".to_string(),
                "Chỉ số dưới 50% sẽ không được xếp loại.".to_string(),
            ]
        );
    }

    #[test]
    fn effective_bands_by_group_and_date() {
        let mut communes = bands();
        communes.groups = vec![UnitGroup::new(UnitGroup::COMMUNES)];
        communes.status = SetStatus::Adopted;
        communes.code = "xa".into();
        let sets = vec![bands(), communes];
        let on = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default();
        let pick = |g: &str| effective_bands(&sets, &UnitGroup::new(g), on).map(|s| s.code.as_str());
        assert_eq!(pick(UnitGroup::COMMUNES), Some("xa"));
        assert_eq!(pick(UnitGroup::DEPARTMENTS), Some("mau"));
        let before = NaiveDate::from_ymd_opt(2023, 3, 1).unwrap_or_default();
        assert!(effective_bands(&sets, &UnitGroup::new(UnitGroup::COMMUNES), before).is_none());
    }
}
