//! The criteria initiatives are evaluated against: versioned, date-effective data with the
//! maximum points of each criterion and the level rule (the share of the maximum an
//! initiative's average score needs for recognition at unit or province level). The shipped
//! list is a template (no source fixes the criteria or the thresholds) and says so.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::state::{Decision, Level};
use crate::text::clean;

/// Whether a criteria list is a shipped template or the province's own confirmed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CriteriaStatus {
    /// Mẫu, chưa xác nhận.
    #[default]
    Template,
    /// Confirmed by the office.
    Confirmed,
}

/// One criterion and its maximum points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub code: String,
    pub name: String,
    pub max: u32,
}

/// The share of the maximum total (in percent) each level needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LevelRule {
    pub province_min_percent: u32,
    pub unit_min_percent: u32,
}

/// A criteria list, in force from `effective_from`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationCriteria {
    pub code: String,
    pub name: String,
    pub version: u32,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub status: CriteriaStatus,
    pub criteria: Vec<Criterion>,
    pub rule: LevelRule,
}

/// The template shipped with cchc, labelled *mẫu, chưa xác nhận*.
pub const CRITERIA_TEMPLATE: &str = include_str!("../../data/initiative/tieu-chi-sang-kien.json");

/// The shipped templates, parsed.
pub fn criteria_templates() -> Result<Vec<EvaluationCriteria>, serde_json::Error> {
    Ok(vec![serde_json::from_str(CRITERIA_TEMPLATE)?])
}

/// The evaluators' scores of one initiative, added up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Tally {
    /// How many evaluators scored every criterion.
    pub evaluators: u32,
    /// Sum of their totals.
    pub sum: u64,
    /// The maximum total of one evaluator.
    pub max_total: u64,
    /// The average as a share of the maximum, in tenths of a percent (rounded down).
    pub permille: u64,
    /// The highest level the rule allows for this average (`None`: below the unit level).
    pub reaches: Option<Level>,
}

impl EvaluationCriteria {
    /// Every problem, each with the criterion's row (1-based; 0 for the list itself).
    pub fn problems(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        if clean(&self.code).is_empty() {
            out.push((0, "Thiếu mã bộ tiêu chí.".to_string()));
        }
        if clean(&self.name).is_empty() {
            out.push((0, "Thiếu tên bộ tiêu chí.".to_string()));
        }
        if self.criteria.is_empty() {
            out.push((0, "Bộ tiêu chí chưa có tiêu chí nào.".to_string()));
        }
        let LevelRule { province_min_percent: p, unit_min_percent: u } = self.rule;
        if p > 100 || u > 100 {
            out.push((0, "Ngưỡng công nhận phải từ 0 đến 100%.".to_string()));
        }
        if u > p {
            out.push((0, format!("Ngưỡng cấp cơ sở ({u}%) cao hơn ngưỡng cấp tỉnh ({p}%).")));
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, c) in self.criteria.iter().enumerate() {
            let row = i + 1;
            let code = c.code.trim();
            if code.is_empty() {
                out.push((row, "Thiếu mã tiêu chí.".to_string()));
            } else if seen.contains(&code) {
                out.push((row, format!("Mã \"{code}\" trùng với một dòng trước.")));
            } else {
                seen.push(code);
            }
            if clean(&c.name).is_empty() {
                out.push((row, "Thiếu tên tiêu chí.".to_string()));
            }
            if c.max == 0 {
                out.push((row, "Điểm tối đa phải lớn hơn 0.".to_string()));
            }
        }
        out
    }

    /// The maximum total of one evaluator.
    pub fn max_total(&self) -> u64 {
        self.criteria.iter().map(|c| u64::from(c.max)).sum()
    }

    /// Checks one evaluator's scores (criterion code, points): every criterion scored once,
    /// within its maximum. Every problem is listed.
    pub fn check_scores(&self, scores: &[(String, u32)]) -> Result<(), Vec<String>> {
        let mut p = Vec::new();
        for c in &self.criteria {
            match scores.iter().filter(|(code, _)| *code == c.code).map(|(_, s)| *s).collect::<Vec<_>>()[..] {
                [] => p.push(format!("Tiêu chí {}: chưa chấm điểm.", c.code)),
                [s] if s > c.max => p.push(format!("Tiêu chí {}: {s} điểm vượt điểm tối đa {}.", c.code, c.max)),
                [_] => {}
                _ => p.push(format!("Tiêu chí {}: chấm nhiều lần.", c.code)),
            }
        }
        for (code, _) in scores {
            if !self.criteria.iter().any(|c| c.code == *code) {
                p.push(format!("Tiêu chí {code} không có trong bộ tiêu chí."));
            }
        }
        if p.is_empty() {
            Ok(())
        } else {
            Err(p)
        }
    }

    /// The level an average of `sum / evaluators` totals reaches under the rule.
    fn level_for(&self, sum: u64, evaluators: u64) -> Option<Level> {
        let reached = |min: u32| sum * 100 >= u64::from(min) * evaluators * self.max_total();
        if reached(self.rule.province_min_percent) {
            Some(Level::Province)
        } else if reached(self.rule.unit_min_percent) {
            Some(Level::Unit)
        } else {
            None
        }
    }
}

/// Adds up the totals of every evaluator (each a complete, checked set of scores).
pub fn evaluate(c: &EvaluationCriteria, totals: &[u64]) -> Tally {
    let evaluators = totals.len() as u64;
    let sum: u64 = totals.iter().sum();
    let max_total = c.max_total();
    let permille = if evaluators == 0 || max_total == 0 { 0 } else { sum * 1000 / (evaluators * max_total) };
    let reaches = if evaluators == 0 { None } else { c.level_for(sum, evaluators) };
    Tally { evaluators: evaluators as u32, sum, max_total, permille, reaches }
}

/// Whether the council may take `decision` given the tally: recognition needs at least one
/// evaluator and an average that reaches the level under the rule; "not recognised" is
/// always open to the council. Reasons are always required.
pub fn check_decision(tally: &Tally, decision: Decision, reason: &str) -> Result<String, String> {
    let reason = clean(reason);
    if reason.is_empty() {
        return Err("Cần ghi lý do của quyết định của hội đồng.".into());
    }
    match decision {
        Decision::NotRecognised => Ok(reason),
        Decision::Recognise(_) if tally.evaluators == 0 => {
            Err("Chưa có thành viên nào chấm điểm: chưa công nhận được.".into())
        }
        Decision::Recognise(level) => match tally.reaches {
            Some(r) if r >= level => Ok(reason),
            _ => Err(format!(
                "Điểm bình quân {},{}% chưa đạt ngưỡng công nhận {} theo bộ tiêu chí.",
                tally.permille / 10,
                tally.permille % 10,
                level.label_vi().to_lowercase()
            )),
        },
    }
}

/// The list in force on `day`: the latest version effective by then.
pub fn in_force(lists: &[EvaluationCriteria], day: NaiveDate) -> Option<&EvaluationCriteria> {
    lists.iter().filter(|c| c.effective_from <= day).max_by_key(|c| (c.effective_from, c.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> EvaluationCriteria {
        criteria_templates().unwrap_or_else(|e| panic!("{e}")).remove(0)
    }

    #[test]
    fn the_template_is_valid_and_labelled() {
        let t = template();
        assert!(t.problems().is_empty(), "{:?}", t.problems());
        assert_eq!(t.status, CriteriaStatus::Template);
        assert_eq!(t.max_total(), 100);
    }

    #[test]
    fn every_problem_is_listed_by_row() {
        let mut c = template();
        c.rule = LevelRule { province_min_percent: 50, unit_min_percent: 70 };
        c.criteria[1].code = c.criteria[0].code.clone();
        c.criteria[2].max = 0;
        c.criteria[2].name = " ".into();
        let rows: Vec<usize> = c.problems().iter().map(|p| p.0).collect();
        assert_eq!(rows, vec![0, 2, 3, 3]);
    }

    #[test]
    fn scores_are_checked_per_criterion() {
        let c = template();
        let s = |v: &[(&str, u32)]| v.iter().map(|(a, b)| (a.to_string(), *b)).collect::<Vec<_>>();
        let table: [(Vec<(String, u32)>, usize); 4] = [
            (s(&[("1", 30), ("2", 40), ("3", 0)]), 0),
            (s(&[("1", 31), ("2", 40)]), 2),
            (s(&[("1", 1), ("1", 2), ("2", 3), ("3", 4), ("9", 1)]), 2),
            (s(&[]), 3),
        ];
        for (scores, problems) in table {
            assert_eq!(c.check_scores(&scores).err().map_or(0, |p| p.len()), problems, "{scores:?}");
        }
    }

    #[test]
    fn the_rule_gives_the_level_and_bounds_the_decision() {
        let c = template(); // province 80 %, unit 60 %, max 100
        let table: [(&[u64], u64, Option<Level>); 5] = [
            (&[], 0, None),
            (&[85, 75], 800, Some(Level::Province)),
            (&[80, 79], 795, Some(Level::Unit)),
            (&[60], 600, Some(Level::Unit)),
            (&[59, 60], 595, None),
        ];
        for (totals, permille, reaches) in table {
            let t = evaluate(&c, totals);
            assert_eq!((t.permille, t.reaches), (permille, reaches), "{totals:?}");
        }
        let unit = evaluate(&c, &[70]);
        let p = Decision::Recognise(Level::Province);
        let u = Decision::Recognise(Level::Unit);
        assert!(check_decision(&unit, u, "Hiệu quả rõ").is_ok());
        assert!(check_decision(&unit, p, "Hiệu quả rõ").err().is_some_and(|m| m.contains("70,0%")));
        assert!(check_decision(&unit, Decision::NotRecognised, " ").is_err(), "reasons are required");
        assert!(check_decision(&evaluate(&c, &[]), u, "x").is_err(), "no score, no recognition");
        assert!(check_decision(&evaluate(&c, &[]), Decision::NotRecognised, "Trùng sáng kiến đã có").is_ok());
    }

    #[test]
    fn version_in_force_by_date() {
        let v1 = template();
        let mut v2 = v1.clone();
        v2.version = 2;
        v2.effective_from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
        let lists = vec![v1, v2];
        let d = |y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap_or_default();
        assert_eq!(in_force(&lists, d(2025)).map(|c| c.version), Some(1));
        assert_eq!(in_force(&lists, d(2026)).map(|c| c.version), Some(2));
        assert!(in_force(&lists, d(2024)).is_none());
    }
}
