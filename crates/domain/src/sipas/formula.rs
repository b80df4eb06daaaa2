//! The SIPAS index formula as versioned, date-effective configuration (METHODOLOGY.md §3.3:
//! the scale, what counts as satisfied and how contents aggregate are not confirmed).
//!
//! The shipped default ([`formula_template`], `data/sipas/mau-cong-thuc.json`) is a template
//! ("mẫu, chưa xác nhận"): satisfied = scale 4 and 5; "không trả lời" is not a valid answer;
//! simple means content → factor → index; figures on fewer than 30 respondents flagged.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::par::SetStatus;

/// How shares are averaged at one level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mean {
    /// Every content (or factor) counts the same.
    Simple,
    /// Weighted by the questionnaire's weights (question weight, section weight).
    Weighted,
}

impl Mean {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Mean::Simple => "bình quân giản đơn",
            Mean::Weighted => "bình quân có trọng số",
        }
    }
}

/// A version of the index formula.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormulaConfig {
    pub code: String,
    pub name: String,
    pub version: u32,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    pub status: SetStatus,
    #[serde(default)]
    pub source: String,
    /// Scale values counted as satisfied (default 4 = Hài lòng, 5 = Rất hài lòng).
    pub satisfied: Vec<i64>,
    /// Whether "không trả lời" is a valid answer (in the denominator, never satisfied).
    #[serde(default)]
    pub no_answer_is_valid: bool,
    /// Content → factor.
    pub content_mean: Mean,
    /// Factor → index.
    pub factor_mean: Mean,
    /// Below this many respondents a figure is flagged as insufficient (still shown).
    pub min_respondents: u64,
}

impl FormulaConfig {
    /// True when the formula applies on `date`.
    pub fn is_effective_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }

    /// True when scale value `v` counts as satisfied.
    pub fn is_satisfied(&self, v: i64) -> bool {
        self.satisfied.contains(&v)
    }

    /// Problems with the formula itself (empty = fine).
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if self.code.trim().is_empty() {
            out.push("Công thức chưa có mã.".to_string());
        }
        if self.name.trim().is_empty() {
            out.push("Công thức chưa có tên.".to_string());
        }
        if self.effective_to.is_some_and(|to| to < self.effective_from) {
            out.push("Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.".to_string());
        }
        if self.satisfied.is_empty() {
            out.push("Chưa nêu mức nào được tính là hài lòng.".to_string());
        }
        for v in self.satisfied.iter().filter(|v| !(1..=5).contains(*v)) {
            out.push(format!("Mức hài lòng {v} nằm ngoài thang 1–5."));
        }
        let mut sorted = self.satisfied.clone();
        sorted.sort_unstable();
        if sorted.windows(2).any(|w| w[0] == w[1]) {
            out.push("Một mức hài lòng được nêu hai lần.".to_string());
        }
        if sorted.len() == 5 && sorted.iter().all(|v| (1..=5).contains(v)) {
            out.push("Mọi mức đều được tính là hài lòng: chỉ số luôn là 100%.".to_string());
        }
        out
    }
}

/// The formula that applies on `date`: an adopted one wins over a template, then the
/// highest version.
pub fn effective_formula(list: &[FormulaConfig], date: NaiveDate) -> Option<&FormulaConfig> {
    list.iter().filter(|f| f.is_effective_on(date)).max_by_key(|f| (f.status == SetStatus::Adopted, f.version))
}

/// The shipped formula template as JSON text.
pub const FORMULA_TEMPLATE: &str = include_str!("../../data/sipas/mau-cong-thuc.json");

/// The shipped formula template, parsed.
pub fn formula_template() -> Result<FormulaConfig, serde_json::Error> {
    serde_json::from_str(FORMULA_TEMPLATE)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_is_the_working_understanding_and_flagged() -> Result<(), serde_json::Error> {
        let f = formula_template()?;
        assert_eq!(f.problems(), Vec::<String>::new());
        assert_eq!(f.status, SetStatus::Template);
        assert!(f.name.contains("mẫu, chưa xác nhận"), "{}", f.name);
        assert_eq!(f.satisfied, vec![4, 5]);
        assert!(!f.no_answer_is_valid);
        assert_eq!((f.content_mean, f.factor_mean), (Mean::Simple, Mean::Simple));
        assert!((1..=3).all(|v| !f.is_satisfied(v)) && f.is_satisfied(4) && f.is_satisfied(5));
        Ok(())
    }

    #[test]
    fn problems_and_effective_version() -> Result<(), serde_json::Error> {
        let base = formula_template()?;
        let bad = FormulaConfig { satisfied: vec![4, 4, 6], ..base.clone() };
        assert_eq!(bad.problems().len(), 2, "{:?}", bad.problems());
        let all = FormulaConfig { satisfied: vec![1, 2, 3, 4, 5], ..base.clone() };
        assert_eq!(all.problems().len(), 1);
        let none = FormulaConfig { satisfied: vec![], ..base.clone() };
        assert_eq!(none.problems().len(), 1);
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        let adopted = FormulaConfig {
            version: 2,
            status: SetStatus::Adopted,
            effective_from: d(2025, 1, 1),
            satisfied: vec![5],
            ..base.clone()
        };
        let list = vec![base.clone(), adopted];
        assert_eq!(effective_formula(&list, d(2025, 3, 1)).map(|f| f.version), Some(2));
        assert_eq!(effective_formula(&list, d(2024, 3, 1)).map(|f| f.version), Some(base.version));
        assert_eq!(effective_formula(&list, d(2000, 1, 1)), None);
        Ok(())
    }
}
