//! The "phương pháp / hướng dẫn chấm" column as provinces write it, read into a
//! [`ScoringMethod`], and the canonical text written back on export.
//!
//! Recognised (diacritic-insensitive): "Đạt: 1; Không đạt: 0" (levels); "100% = 1;
//! 80-<100% = 0,5; <80% = 0" (ratio thresholds, lower bound inclusive, "trên 90%" = from
//! 90,01%); "Có/Không"; "Chấm theo kết quả điều tra XHH" / "SIPAS" / "khảo sát lãnh đạo,
//! quản lý" / "đánh giá tác động đến phát triển KT-XH" (survey-like, with its component); "Trừ 0,25 điểm/nhiệm vụ chậm" (deduction);
//! "Tỷ lệ × điểm tối đa" (proportional); "Chấm lẻ đến 0,25 điểm" (manual with a step).
//! A line mentioning "không phát sinh" marks the criterion as possibly not applicable.
//! Anything else is manual, with a warning: never an error.

use super::criteria::Component;
use super::method::{Level, ScoringMethod, Threshold};
use super::points::Points;
use crate::text::{clean, fold};

/// What the method column says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedMethod {
    /// `None` = manual, any hundredth (also for an empty cell).
    pub method: Option<ScoringMethod>,
    pub may_be_not_applicable: bool,
    /// The component a survey text names.
    pub component: Option<Component>,
    /// Set when the text was not understood and the criterion falls back to manual.
    pub warning: Option<String>,
}

const NOT_APPLICABLE_LINE: &str = "Được đánh dấu «không phát sinh».";

/// Reads a method cell (see the module rules).
pub fn parse_method_text(text: &str) -> ParsedMethod {
    let mut lines: Vec<&str> = Vec::new();
    let mut na = false;
    for line in text.lines() {
        if fold(line).contains("khong phat sinh") {
            na = true;
        } else if !line.trim().is_empty() {
            lines.push(line);
        }
    }
    let body = lines.join("; ");
    let f = fold(&body);
    let done = |method: Option<ScoringMethod>, component: Option<Component>| ParsedMethod {
        method,
        may_be_not_applicable: na,
        component,
        warning: None,
    };
    if f.is_empty() {
        return done(None, None);
    }
    if let Some(component) = survey_component(&f) {
        let thresholds = body.split_once(':').and_then(|(_, rest)| thresholds(rest, false)).unwrap_or_default();
        return done(Some(ScoringMethod::Survey { scale: Points::HUNDRED, thresholds }), Some(component));
    }
    if let Some(per) = number_after(&f, "tru ") {
        return done(Some(ScoringMethod::Deduction { per_occurrence: per }), None);
    }
    let compact: String = f.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.starts_with("co/khong") {
        return done(Some(ScoringMethod::YesNo), None);
    }
    if f.contains("ty le") && (f.contains("× diem toi da") || f.contains("x diem toi da")) {
        let full_at = number_after(&f, "du diem tu ").unwrap_or(Points::HUNDRED);
        return done(Some(ScoringMethod::Proportional { full_at }), None);
    }
    if let Some(step) = number_after(&f, "le den ").or_else(|| number_after(&f, "buoc ")) {
        return done(Some(ScoringMethod::Manual { step }), None);
    }
    if let Some(list) = thresholds(&body, true) {
        return done(Some(ScoringMethod::Ratio { thresholds: list }), None);
    }
    if let Some(levels) = levels(&body) {
        return done(Some(levels), None);
    }
    ParsedMethod {
        warning: Some(format!("Không nhận ra phương pháp chấm «{}»: chấm tự do từ 0 đến điểm tối đa.", clean(&body))),
        ..done(None, None)
    }
}

/// The text written for a method on export; [`parse_method_text`] reads it back.
pub fn method_text(method: Option<&ScoringMethod>, component: Component, may_be_not_applicable: bool) -> String {
    let main = match method {
        None => String::new(),
        Some(ScoringMethod::Levels { levels }) => {
            levels.iter().map(|l| format!("{}: {}", l.label, l.points)).collect::<Vec<_>>().join("; ")
        }
        Some(ScoringMethod::Ratio { thresholds }) => threshold_text(thresholds, "%"),
        Some(ScoringMethod::Proportional { full_at }) => format!("Tỷ lệ × điểm tối đa, đủ điểm từ {full_at}%"),
        Some(ScoringMethod::YesNo) => "Có/Không".to_string(),
        Some(ScoringMethod::Manual { step }) if step.0 <= 1 => String::new(),
        Some(ScoringMethod::Manual { step }) => format!("Chấm lẻ đến {step} điểm"),
        Some(ScoringMethod::Survey { thresholds, .. }) => {
            let source = match component {
                Component::Sipas => "Theo Chỉ số SIPAS",
                Component::LeaderSurvey => "Theo kết quả khảo sát lãnh đạo, quản lý",
                Component::Impact => "Theo kết quả đánh giá tác động đến phát triển KT-XH",
                _ => "Chấm theo kết quả điều tra XHH",
            };
            if thresholds.is_empty() {
                source.to_string()
            } else {
                format!("{source}: {}", threshold_text(thresholds, ""))
            }
        }
        Some(ScoringMethod::Deduction { per_occurrence }) => format!("Trừ {per_occurrence} điểm mỗi lần phát sinh"),
    };
    match (may_be_not_applicable, main.is_empty()) {
        (false, _) => main,
        (true, true) => NOT_APPLICABLE_LINE.to_string(),
        (true, false) => format!("{main}\n{NOT_APPLICABLE_LINE}"),
    }
}

fn survey_component(f: &str) -> Option<Component> {
    if f.contains("sipas") {
        Some(Component::Sipas)
    } else if f.contains("lanh dao, quan ly") || f.contains("khao sat lanh dao") {
        Some(Component::LeaderSurvey)
    } else if f.contains("tac dong den phat trien") {
        Some(Component::Impact)
    } else if ["dieu tra xhh", "xa hoi hoc", "dieu tra", "khao sat"].iter().any(|k| f.contains(k)) {
        Some(Component::Survey)
    } else {
        None
    }
}

/// The first number right after `key` in folded text (`trừ 0,25 điểm` → 0,25).
fn number_after(f: &str, key: &str) -> Option<Points> {
    let rest = &f[f.find(key)? + key.len()..];
    numbers(rest).first().copied().filter(|_| rest.trim_start().starts_with(|c: char| c.is_ascii_digit()))
}

/// Every number in a text, in order.
fn numbers(text: &str) -> Vec<Points> {
    text.split(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .map(|t| t.trim_matches(|c| c == ',' || c == '.'))
        .filter(|t| !t.is_empty())
        .filter_map(|t| Points::parse(t).ok())
        .collect()
}

/// "label: points" or "condition = points" segments split on `;` or new lines.
fn segments(text: &str) -> Option<Vec<(String, Points)>> {
    let parts: Vec<&str> = text.split([';', '\n']).map(str::trim).filter(|s| !s.is_empty()).collect();
    if parts.is_empty() {
        return None;
    }
    parts
        .into_iter()
        .map(|s| {
            let at = s.rfind(['=', ':'])?;
            let points = Points::parse(s[at + 1..].trim().trim_end_matches('.')).ok()?;
            Some((s[..at].trim().to_string(), points))
        })
        .collect()
}

fn levels(text: &str) -> Option<ScoringMethod> {
    let segs = segments(text)?;
    if segs.iter().any(|(label, _)| label.is_empty()) {
        return None;
    }
    Some(ScoringMethod::Levels {
        levels: segs.into_iter().map(|(label, points)| Level { label: clean(&label), points }).collect(),
    })
}

/// Thresholds from conditions; with `percent`, every condition must carry a `%`.
fn thresholds(text: &str, percent: bool) -> Option<Vec<Threshold>> {
    let segs = segments(text)?;
    let mut out = Vec::new();
    for (condition, points) in segs {
        if percent && !condition.contains('%') {
            return None;
        }
        let min = lower_bound(&fold(&condition))?;
        if !(min == Points::ZERO && points == Points::ZERO) {
            out.push(Threshold { min, points });
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.min));
    (!out.is_empty()).then_some(out)
}

/// The inclusive lower bound of a condition: "80-<100%" → 80, "<80%" → 0, "trên 90%" →
/// 90,01, "từ 90% trở lên" / "≥ 90%" / "100%" → the number.
fn lower_bound(c: &str) -> Option<Points> {
    let nums = numbers(c);
    let first = *nums.first()?;
    if nums.len() >= 2 {
        return Some(first);
    }
    let t = c.trim_start();
    if t.starts_with('<') || t.starts_with("duoi") || t.starts_with('≤') {
        Some(Points::ZERO)
    } else if (t.starts_with('>') && !t.starts_with(">=")) || t.starts_with("tren") {
        Some(first + Points(1))
    } else {
        Some(first)
    }
}

fn threshold_text(thresholds: &[Threshold], unit: &str) -> String {
    let mut sorted: Vec<&Threshold> = thresholds.iter().collect();
    sorted.sort_by_key(|t| std::cmp::Reverse(t.min));
    let mut parts: Vec<String> = sorted.iter().map(|t| format!("từ {}{unit} = {}", t.min, t.points)).collect();
    if let Some(lowest) = sorted.last().filter(|t| t.min > Points::ZERO) {
        parts.push(format!("dưới {}{unit} = 0", lowest.min));
    }
    parts.join("; ")
}

#[cfg(test)]
#[path = "method_text_tests.rs"]
mod tests;
