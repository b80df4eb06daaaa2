//! Targets (chỉ tiêu): the level a target value applies to, entering the level values of a
//! target, and entering what a unit achieved in a period, with per-field Vietnamese messages.
//!
//! Rules chosen where the domain is silent:
//! - Level of a unit: provinces, departments (sở, ban, ngành) and central agencies in the
//!   province are the provincial level (`cấp tỉnh` targets name `các sở, ban, ngành`);
//!   districts and communes their own; other bodies have no level and take only `All` values.
//!   A level-specific value wins over an `All` value.
//! - A rate entered as numerator and denominator is stored as their exact ratio; a rate typed
//!   as well must agree with it within half a percentage point (rounding), else it is a typo.

use serde::{Deserialize, Serialize};

use super::number::parse_number;
use crate::period::Period;
use crate::text::clean;
use crate::unit::{UnitId, UnitKind};
use crate::validation::FieldErrors;

/// The administrative level a target value is set for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetLevel {
    Province,
    District,
    Commune,
    /// Every level (`các cấp`), or a target without levels.
    All,
}

impl TargetLevel {
    /// Every level, in form order.
    pub const ALL: [TargetLevel; 4] =
        [TargetLevel::Province, TargetLevel::District, TargetLevel::Commune, TargetLevel::All];

    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            TargetLevel::Province => "province",
            TargetLevel::District => "district",
            TargetLevel::Commune => "commune",
            TargetLevel::All => "all",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<TargetLevel> {
        let code = code.trim();
        TargetLevel::ALL.into_iter().find(|l| l.code() == code)
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            TargetLevel::Province => "Cấp tỉnh",
            TargetLevel::District => "Cấp huyện",
            TargetLevel::Commune => "Cấp xã",
            TargetLevel::All => "Các cấp",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            TargetLevel::Province => "Province level",
            TargetLevel::District => "District level",
            TargetLevel::Commune => "Commune level",
            TargetLevel::All => "All levels",
        }
    }
}

/// The level whose target values apply to a unit of `kind` (see the module rules).
pub fn level_of_kind(kind: UnitKind) -> Option<TargetLevel> {
    match kind {
        UnitKind::Province | UnitKind::Department | UnitKind::Central => Some(TargetLevel::Province),
        UnitKind::District => Some(TargetLevel::District),
        UnitKind::Commune => Some(TargetLevel::Commune),
        UnitKind::Other => None,
    }
}

/// What a target value is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetMeasure {
    /// A percentage, 0–100, possibly from a numerator and a denominator.
    Rate,
    /// A non-negative quantity (documents, meetings, posts cut).
    Count,
}

impl TargetMeasure {
    /// Stable code.
    pub fn code(self) -> &'static str {
        match self {
            TargetMeasure::Rate => "rate",
            TargetMeasure::Count => "count",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            TargetMeasure::Rate => "Tỷ lệ (%)",
            TargetMeasure::Count => "Số lượng",
        }
    }
}

/// One target value for one level (`90%` for districts).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LevelValue {
    pub level: TargetLevel,
    pub value: f64,
}

/// The target value that applies to a unit of `kind`: its level's value, else the `All`
/// value, else `None` (no target for that unit).
pub fn applicable_target(values: &[LevelValue], kind: UnitKind) -> Option<f64> {
    let find = |level: TargetLevel| values.iter().find(|v| v.level == level).map(|v| v.value);
    level_of_kind(kind).and_then(find).or_else(|| find(TargetLevel::All))
}

/// Reads the target form: one text per level (blank = no value for that level). Fields are
/// named `value_province`, `value_district`, `value_commune`, `value_all`.
pub fn parse_level_values(
    measure: TargetMeasure,
    inputs: &[(TargetLevel, &str)],
) -> Result<Vec<LevelValue>, FieldErrors> {
    let mut errs = FieldErrors::default();
    let mut out: Vec<LevelValue> = Vec::new();
    for (level, text) in inputs {
        let field = format!("value_{}", level.code());
        if text.trim().is_empty() {
            continue;
        }
        if out.iter().any(|v| v.level == *level) {
            errs.add(&field, "Mỗi cấp chỉ có một giá trị chỉ tiêu.");
            continue;
        }
        match parse_number(text) {
            Err(e) => errs.add(&field, e.to_string()),
            Ok(v) => match check_measure(measure, v) {
                Some(msg) => errs.add(&field, msg),
                None => out.push(LevelValue { level: *level, value: v }),
            },
        }
    }
    if out.is_empty() && errs.is_empty() {
        errs.add("values", "Cần nhập giá trị chỉ tiêu cho ít nhất một cấp.");
    }
    errs.into_result(out)
}

/// The message for a value outside what `measure` allows.
fn check_measure(measure: TargetMeasure, v: f64) -> Option<&'static str> {
    match measure {
        TargetMeasure::Rate if !(0.0..=100.0).contains(&v) => Some("Tỷ lệ phải từ 0 đến 100%."),
        TargetMeasure::Count if v < 0.0 => Some("Số lượng không được âm."),
        _ => None,
    }
}

/// What a unit types for a target in a period (all text, as posted).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AchievementInput {
    pub unit_id: Option<UnitId>,
    /// Period key (`2025-q1`).
    pub period: String,
    /// The achieved rate or count, if typed directly.
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub note: String,
}

/// A validated achievement: what the target compares against.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Achievement {
    pub unit_id: UnitId,
    pub period: String,
    /// The achieved rate (%) or count.
    pub value: f64,
    pub numerator: Option<f64>,
    pub denominator: Option<f64>,
    pub note: String,
}

/// Tolerance between a typed rate and its numerator / denominator, in percentage points.
const RATE_TOLERANCE: f64 = 0.5;

/// Checks an achievement form for a target measured in `measure`.
pub fn validate_achievement(input: &AchievementInput, measure: TargetMeasure) -> Result<Achievement, FieldErrors> {
    let mut errs = FieldErrors::default();
    if input.unit_id.is_none() {
        errs.add("unit_id", "Cần chọn đơn vị.");
    }
    if input.period.trim().is_empty() {
        errs.add("period", "Cần chọn kỳ báo cáo.");
    } else if Period::parse_key(&input.period).is_none() {
        errs.add("period", "Kỳ báo cáo không hợp lệ.");
    }
    let mut read = |field: &str, text: &str| -> Option<f64> {
        if text.trim().is_empty() {
            return None;
        }
        parse_number(text).map_err(|e| errs.add(field, e.to_string())).ok()
    };
    let typed = read("value", &input.value);
    let num = read("numerator", &input.numerator);
    let den = read("denominator", &input.denominator);
    let given = |s: &str| !s.trim().is_empty();
    let value = match measure {
        TargetMeasure::Count => {
            if given(&input.numerator) || given(&input.denominator) {
                errs.add("numerator", "Chỉ tiêu dạng số lượng không nhập tử số, mẫu số.");
            }
            match typed {
                None if !given(&input.value) => errs.add("value", "Cần nhập kết quả đạt được."),
                Some(v) if v < 0.0 => errs.add("value", "Số lượng không được âm."),
                _ => {}
            }
            typed
        }
        TargetMeasure::Rate => rate_value(input, typed, num, den, &mut errs),
    };
    match (input.unit_id, value) {
        (Some(unit_id), Some(value)) if errs.is_empty() => Ok(Achievement {
            unit_id,
            period: input.period.trim().to_string(),
            value,
            numerator: num,
            denominator: den,
            note: clean(&input.note),
        }),
        _ => Err(errs),
    }
}

/// The achieved rate from a typed rate and / or numerator and denominator, adding messages
/// for whatever does not fit. Fields that failed to parse already have their message.
fn rate_value(
    input: &AchievementInput,
    typed: Option<f64>,
    num: Option<f64>,
    den: Option<f64>,
    errs: &mut FieldErrors,
) -> Option<f64> {
    let given = |s: &str| !s.trim().is_empty();
    let (num_given, den_given) = (given(&input.numerator), given(&input.denominator));
    if num_given && !den_given {
        errs.add("denominator", "Cần nhập mẫu số khi đã nhập tử số.");
    }
    if den_given && !num_given {
        errs.add("numerator", "Cần nhập tử số khi đã nhập mẫu số.");
    }
    if !num_given && !den_given && !given(&input.value) {
        errs.add("value", "Cần nhập kết quả: tỷ lệ (%), hoặc tử số và mẫu số.");
    }
    if let Some(v) = typed {
        if !(0.0..=100.0).contains(&v) {
            errs.add("value", "Tỷ lệ phải từ 0 đến 100%.");
            return None;
        }
    }
    let (Some(n), Some(d)) = (num, den) else {
        return if num_given || den_given { None } else { typed };
    };
    if n < 0.0 {
        errs.add("numerator", "Tử số không được âm.");
    }
    if d <= 0.0 {
        errs.add("denominator", "Mẫu số phải lớn hơn 0.");
        return None;
    }
    if n > d {
        errs.add("numerator", "Tử số không được lớn hơn mẫu số.");
        return None;
    }
    let rate = n / d * 100.0;
    if typed.is_some_and(|v| (v - rate).abs() > RATE_TOLERANCE) {
        let shown = format!("{rate:.2}").replace('.', ",");
        errs.add("value", format!("Tỷ lệ đã nhập không khớp với tử số / mẫu số (tính được {shown}%)."));
    }
    Some(rate)
}
