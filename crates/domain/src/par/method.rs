//! Scoring methods of a PAR criterion: pick a level, ratio thresholds, proportional ratio,
//! yes/no, manual with a step, survey result and deduction. Each one validates a proposed
//! score, computes points from an input and describes itself in Vietnamese for the form.
//!
//! Rules chosen where the domain is silent:
//! - 0 is always an allowed score (a criterion not carried out scores nothing), even when no
//!   level or threshold lists it.
//! - Ratios are compared exactly (`a/b ≥ t%` as `a·10000 ≥ t·b` in hundredths of a percent);
//!   a threshold applies from its lower bound inclusive; below every threshold gives 0.
//! - Proportional and survey points are rounded half up to hundredths, capped at the maximum.
//! - A zero denominator is an error ("chưa có dữ liệu"), never 0 points: the caller decides
//!   whether the criterion is "không phát sinh".

use serde::{Deserialize, Serialize};

use super::points::Points;

/// How a criterion is scored; stored as JSON with a `kind` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScoringMethod {
    /// Pick one listed level ("Đạt: 1; Không đạt: 0").
    Levels { levels: Vec<Level> },
    /// A ratio (numerator / denominator, or a percentage) mapped through thresholds
    /// ("100% = 1; 80–<100% = 0,5; <80% = 0").
    Ratio { thresholds: Vec<Threshold> },
    /// Points = max × ratio / `full_at` (capped at max): full points from `full_at` percent.
    Proportional { full_at: Points },
    /// Yes = max, no = 0.
    YesNo,
    /// Any score in `0..=max` that is a multiple of `step` (0,01 = any).
    Manual { step: Points },
    /// From a survey result on `scale` (100 for a percentage): proportional
    /// (`result × max / scale`) without thresholds, else through `thresholds` on the result.
    Survey {
        scale: Points,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        thresholds: Vec<Threshold>,
    },
    /// Start from max, subtract `per_occurrence` for each occurrence, never below 0
    /// ("trừ 0,5 điểm mỗi nhiệm vụ chậm").
    Deduction { per_occurrence: Points },
}

/// One level of a [`ScoringMethod::Levels`] method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    pub label: String,
    pub points: Points,
}

/// From `min` (a percentage, or a survey result on its scale) upwards: `points`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Threshold {
    pub min: Points,
    pub points: Points,
}

/// What the user (or a live measurement) gives a method to compute points from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ScoreInput {
    /// The index of the chosen level (levels methods).
    Level { index: usize },
    /// A ratio as counts (ratio and proportional methods).
    Counts { numerator: u64, denominator: u64 },
    /// A percentage, or a survey result on the method's scale.
    Percent { value: Points },
    /// Yes / no.
    YesNo { yes: bool },
    /// A number of occurrences (deduction).
    Occurrences { count: u32 },
    /// A score typed directly: validated against the method and returned.
    Points { value: Points },
}

/// Why a score or an input is not acceptable; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ScoreError {
    #[error("Điểm {0} không được âm.")]
    Negative(Points),
    #[error("Điểm {score} vượt điểm tối đa {max}.")]
    AboveMax { score: Points, max: Points },
    #[error("Điểm {score} không thuộc các mức cho phép: {allowed}.")]
    NotAllowed { score: Points, allowed: String },
    #[error("Điểm {score} phải là bội số của {step}.")]
    NotAStep { score: Points, step: Points },
    #[error("Mức số {0} không có trong danh sách mức điểm.")]
    NoSuchLevel(usize),
    #[error("Mẫu số bằng 0: chưa có dữ liệu để tính tỷ lệ.")]
    ZeroDenominator,
    #[error("Phương pháp chấm này cần nhập {0}.")]
    WrongInput(&'static str),
}

impl ScoringMethod {
    /// The default for criteria without a method: manual, any hundredth.
    pub fn default_manual() -> ScoringMethod {
        ScoringMethod::Manual { step: Points(1) }
    }

    /// Checks a proposed score for a criterion worth `max` points.
    pub fn validate(&self, max: Points, score: Points) -> Result<(), ScoreError> {
        if score < Points::ZERO {
            return Err(ScoreError::Negative(score));
        }
        if score > max {
            return Err(ScoreError::AboveMax { score, max });
        }
        if score == Points::ZERO {
            return Ok(());
        }
        let allowed = self.allowed_scores(max);
        match self {
            ScoringMethod::Manual { step } if step.0 > 0 && score.0 % step.0 != 0 => {
                Err(ScoreError::NotAStep { score, step: *step })
            }
            _ => match allowed {
                Some(list) if !list.contains(&score) => Err(ScoreError::NotAllowed { score, allowed: join(&list) }),
                _ => Ok(()),
            },
        }
    }

    /// The finite list of allowed scores (0 included, highest first), or `None` when any
    /// score in range is allowed (manual, proportional, proportional survey).
    pub fn allowed_scores(&self, max: Points) -> Option<Vec<Points>> {
        let mut list: Vec<Points> = match self {
            ScoringMethod::Levels { levels } => levels.iter().map(|l| l.points).collect(),
            ScoringMethod::Ratio { thresholds } => thresholds.iter().map(|t| t.points).collect(),
            ScoringMethod::Survey { thresholds, .. } if !thresholds.is_empty() => {
                thresholds.iter().map(|t| t.points).collect()
            }
            ScoringMethod::YesNo => vec![max],
            ScoringMethod::Deduction { per_occurrence } if per_occurrence.0 > 0 => {
                (0..=max.0 / per_occurrence.0).map(|k| Points(max.0 - k * per_occurrence.0)).collect()
            }
            _ => return None,
        };
        list.push(Points::ZERO);
        list.sort_by(|a, b| b.cmp(a));
        list.dedup();
        Some(list)
    }

    /// Computes the points for `input` on a criterion worth `max` points.
    pub fn points_from(&self, max: Points, input: &ScoreInput) -> Result<Points, ScoreError> {
        match (self, input) {
            (_, ScoreInput::Points { value }) => self.validate(max, *value).map(|()| *value),
            (ScoringMethod::Levels { levels }, ScoreInput::Level { index }) => {
                let level = levels.get(*index).ok_or(ScoreError::NoSuchLevel(*index))?;
                Ok(level.points.clamp_to(max))
            }
            (ScoringMethod::Ratio { thresholds }, _) => {
                let (num, den) = ratio_of(input)?;
                let percent = |min: Points| num * 10_000 >= i128::from(min.0) * den;
                Ok(by_thresholds(thresholds, percent).clamp_to(max))
            }
            (ScoringMethod::Proportional { full_at }, _) => {
                let (num, den) = ratio_of(input)?;
                let full = i128::from(full_at.0.max(1));
                Ok(Points(div_round(i128::from(max.0) * num * 10_000, den * full)).clamp_to(max))
            }
            (ScoringMethod::YesNo, ScoreInput::YesNo { yes }) => Ok(if *yes { max } else { Points::ZERO }),
            // A yes/no measurement of a levels criterion: yes is its best level, no its lowest.
            (ScoringMethod::Levels { levels }, ScoreInput::YesNo { yes }) => {
                let points = levels.iter().map(|l| l.points);
                let pick = if *yes { points.max() } else { points.min() };
                pick.map(|p| p.clamp_to(max)).ok_or(ScoreError::WrongInput(self.input_needed()))
            }
            (ScoringMethod::Survey { scale, thresholds }, ScoreInput::Percent { value }) => {
                let points = if thresholds.is_empty() {
                    Points(div_round(i128::from(value.0) * i128::from(max.0), i128::from(scale.0.max(1))))
                } else {
                    by_thresholds(thresholds, |min| *value >= min)
                };
                Ok(points.clamp_to(max))
            }
            (ScoringMethod::Deduction { per_occurrence }, ScoreInput::Occurrences { count }) => {
                Ok(Points(max.0 - per_occurrence.0 * i64::from(*count)).clamp_to(max))
            }
            _ => Err(ScoreError::WrongInput(self.input_needed())),
        }
    }

    /// What the form asks for, in Vietnamese.
    pub fn input_needed(&self) -> &'static str {
        match self {
            ScoringMethod::Levels { .. } => "một mức điểm",
            ScoringMethod::Ratio { .. } | ScoringMethod::Proportional { .. } => "tỷ lệ (tử số / mẫu số hoặc %)",
            ScoringMethod::YesNo => "Có hoặc Không",
            ScoringMethod::Manual { .. } => "số điểm",
            ScoringMethod::Survey { .. } => "kết quả điều tra",
            ScoringMethod::Deduction { .. } => "số lần phát sinh",
        }
    }

    /// A one-line Vietnamese description for a criterion worth `max` points.
    pub fn describe(&self, max: Points) -> String {
        match self {
            ScoringMethod::Levels { levels } => {
                let parts: Vec<String> = levels.iter().map(|l| format!("{} = {}", l.label, l.points)).collect();
                format!("Chọn một mức: {}", parts.join("; "))
            }
            ScoringMethod::Ratio { thresholds } => format!("Theo tỷ lệ: {}", describe_thresholds(thresholds, "%")),
            ScoringMethod::Proportional { full_at } if *full_at == Points::HUNDRED => {
                format!("Điểm = tỷ lệ đạt được × {max}")
            }
            ScoringMethod::Proportional { full_at } => {
                format!("Đạt {max} điểm khi tỷ lệ từ {full_at}%; dưới đó điểm = tỷ lệ / {full_at}% × {max}")
            }
            ScoringMethod::YesNo => format!("Có = {max}; Không = 0"),
            ScoringMethod::Manual { step } if step.0 <= 1 => format!("Chấm từ 0 đến {max} điểm"),
            ScoringMethod::Manual { step } => format!("Chấm từ 0 đến {max} điểm, bước {step}"),
            ScoringMethod::Survey { scale, thresholds } if thresholds.is_empty() => {
                format!("Theo kết quả điều tra XHH: điểm = kết quả × {max} / {scale}")
            }
            ScoringMethod::Survey { thresholds, .. } => {
                format!("Theo kết quả điều tra XHH: {}", describe_thresholds(thresholds, ""))
            }
            ScoringMethod::Deduction { per_occurrence } => {
                format!("Tối đa {max} điểm; trừ {per_occurrence} điểm mỗi lần phát sinh, thấp nhất 0")
            }
        }
    }

    /// Problems with the method itself for a criterion worth `max` points (empty = fine).
    pub fn problems(&self, max: Points) -> Vec<String> {
        let mut out = Vec::new();
        let check_points = |p: Points, what: &str, out: &mut Vec<String>| {
            if p < Points::ZERO {
                out.push(format!("{what} có điểm âm ({p})."));
            } else if p > max {
                out.push(format!("{what} cho {p} điểm, vượt điểm tối đa {max}."));
            }
        };
        match self {
            ScoringMethod::Levels { levels } => {
                if levels.is_empty() {
                    out.push("Phương pháp chọn mức chưa có mức nào.".to_string());
                }
                for l in levels {
                    check_points(l.points, &format!("Mức «{}»", l.label), &mut out);
                }
            }
            ScoringMethod::Ratio { thresholds } | ScoringMethod::Survey { thresholds, .. } => {
                if thresholds.is_empty() && matches!(self, ScoringMethod::Ratio { .. }) {
                    out.push("Phương pháp theo tỷ lệ chưa có ngưỡng nào.".to_string());
                }
                let mut mins: Vec<Points> = thresholds.iter().map(|t| t.min).collect();
                mins.sort();
                if mins.windows(2).any(|w| w[0] == w[1]) {
                    out.push("Hai ngưỡng có cùng giá trị bắt đầu.".to_string());
                }
                for t in thresholds {
                    check_points(t.points, &format!("Ngưỡng từ {}", t.min), &mut out);
                }
            }
            _ => {}
        }
        let positive = match self {
            ScoringMethod::Proportional { full_at } => Some(("Tỷ lệ đạt điểm tối đa", *full_at)),
            ScoringMethod::Manual { step } => Some(("Bước chấm", *step)),
            ScoringMethod::Survey { scale, .. } => Some(("Thang kết quả điều tra", *scale)),
            ScoringMethod::Deduction { per_occurrence } => Some(("Số điểm trừ mỗi lần", *per_occurrence)),
            _ => None,
        };
        if let Some((what, value)) = positive.filter(|(_, v)| *v <= Points::ZERO) {
            out.push(format!("{what} phải lớn hơn 0 (đang là {value})."));
        }
        out
    }
}

/// The ratio of an input as `(numerator, denominator)` in the same unit (a percentage
/// becomes `value / 10000`).
fn ratio_of(input: &ScoreInput) -> Result<(i128, i128), ScoreError> {
    match input {
        ScoreInput::Counts { denominator: 0, .. } => Err(ScoreError::ZeroDenominator),
        ScoreInput::Counts { numerator, denominator } => Ok((i128::from(*numerator), i128::from(*denominator))),
        ScoreInput::Percent { value } => Ok((i128::from(value.0), 10_000)),
        _ => Err(ScoreError::WrongInput("tỷ lệ (tử số / mẫu số hoặc %)")),
    }
}

/// The points of the highest threshold whose lower bound `reached` says is met, else 0.
fn by_thresholds(thresholds: &[Threshold], reached: impl Fn(Points) -> bool) -> Points {
    let mut sorted: Vec<&Threshold> = thresholds.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.min));
    sorted.into_iter().find(|t| reached(t.min)).map_or(Points::ZERO, |t| t.points)
}

/// `n / d` rounded half up (both non-negative in practice), saturating.
fn div_round(n: i128, d: i128) -> i64 {
    if d <= 0 {
        return 0;
    }
    let q = if n >= 0 { (2 * n + d) / (2 * d) } else { -((-2 * n + d) / (2 * d)) };
    i64::try_from(q).unwrap_or(if q > 0 { i64::MAX } else { i64::MIN })
}

fn describe_thresholds(thresholds: &[Threshold], unit: &str) -> String {
    let mut sorted: Vec<&Threshold> = thresholds.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.min));
    let mut parts: Vec<String> = sorted.iter().map(|t| format!("từ {}{unit} = {}", t.min, t.points)).collect();
    if let Some(lowest) = sorted.last().filter(|t| t.min > Points::ZERO) {
        parts.push(format!("dưới {}{unit} = 0", lowest.min));
    }
    parts.join("; ")
}

fn join(list: &[Points]) -> String {
    list.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")
}

#[cfg(test)]
#[path = "method_tests.rs"]
mod tests;
