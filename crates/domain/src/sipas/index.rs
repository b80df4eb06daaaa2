//! The SIPAS index of a set of answers under a questionnaire and a formula: per question
//! the valid and satisfied counts and the share, per factor the mean of its contents, and
//! the index as the mean of the factors.
//!
//! Rules chosen where the domain is silent:
//! - The contents of a factor are the five-point questions of its section. Only answers to
//!   questions the respondent was shown count (skip logic is re-evaluated here).
//! - Valid answers: scale values 1–5, plus "không trả lời" when the formula says it is valid
//!   (then it is in the denominator and never satisfied). No answer at all is never valid.
//! - Missing data is not zero: a content without a valid answer has no share and is left out
//!   of its factor's mean; a factor without any content share is left out of the index mean;
//!   weights are those of the parts that have a value. No factor value → no index.
//! - In a weighted mean a part of weight 0 does not count; if all parts weigh 0 there is no
//!   value.
//! - A content's share is exact. A factor's and the index's value is the mean of the parts'
//!   shares carried to 10⁻¹⁰ (10⁻⁸ percent), far below the two published decimals; published
//!   percentages are rounded half up to two decimals ([`Share::percent`]).
//! - "Insufficient" is per figure: fewer respondents with a valid answer behind it than the
//!   formula's minimum (for a factor: respondents with a valid answer to any of its contents;
//!   for the index: to any content). The figure is still computed and shown, flagged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::answers::{shown, AnswerValue, NormalisedAnswers};
use super::formula::{FormulaConfig, Mean};
use super::questionnaire::{Question, QuestionKind, Questionnaire, Section, SectionKind, SCALE_LABELS};
use super::validate::{problem, validate_questionnaire};
use crate::par::{Points, Problem, Severity};
use crate::rank::Fraction;

/// Shares of factors and of the index are carried to 10⁻¹⁰ before averaging.
const PRECISION: i64 = 10_000_000_000;

/// One satisfaction figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Share {
    /// The share of satisfied answers (0 to 1); `None` without valid answers.
    pub value: Option<Fraction>,
    /// The published percentage, two decimals (hundredths of a percent).
    pub percent: Option<Points>,
    /// Respondents with a valid answer behind the figure.
    pub respondents: u64,
    /// Fewer respondents than the formula's minimum: shown, flagged.
    pub insufficient: bool,
}

impl Share {
    fn new(value: Option<Fraction>, respondents: u64, config: &FormulaConfig) -> Share {
        Share {
            value,
            percent: value.map(|f| Points(f.scaled_round(10_000))),
            respondents,
            insufficient: respondents < config.min_respondents,
        }
    }
}

/// How many respondents gave one value of a scale or choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueCount {
    pub code: String,
    pub label: String,
    pub count: u64,
}

/// The figures of one scale or choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionResult {
    pub code: String,
    /// The section the question is in.
    pub section: String,
    /// A content of a factor (a five-point question of a factor section).
    pub in_index: bool,
    /// Respondents the question was shown to.
    pub shown: u64,
    /// Valid answers (the denominator).
    pub valid: u64,
    /// Satisfied answers (the numerator; 0 for choice questions).
    pub satisfied: u64,
    /// "Không trả lời" answers.
    pub no_answer: u64,
    /// The satisfaction share (five-point questions only).
    pub share: Option<Share>,
    /// Answers per value, in the questionnaire's order, "không trả lời" last.
    pub counts: Vec<ValueCount>,
}

/// The figure of one factor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactorResult {
    pub code: String,
    pub title: String,
    pub weight: Points,
    /// Contents (five-point questions) of the factor.
    pub contents: u32,
    /// Contents that had a share and entered the mean.
    pub contents_with_value: u32,
    pub share: Share,
}

/// The SIPAS result of one set of answers (a unit, a period).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SipasResult {
    pub questionnaire: String,
    pub questionnaire_version: u32,
    pub formula: String,
    pub formula_version: u32,
    /// Submissions counted.
    pub respondents: u64,
    pub questions: Vec<QuestionResult>,
    pub factors: Vec<FactorResult>,
    pub index: Share,
}

impl SipasResult {
    /// The result of the factor with `code`.
    pub fn factor(&self, code: &str) -> Option<&FactorResult> {
        self.factors.iter().find(|f| f.code == code)
    }

    /// The result of the question with `code`.
    pub fn question(&self, code: &str) -> Option<&QuestionResult> {
        self.questions.iter().find(|q| q.code == code)
    }
}

/// Computes the index of `answers`. Refuses (with every problem) a questionnaire or formula
/// that has errors, since no figure from them could be trusted.
pub fn compute(
    q: &Questionnaire,
    config: &FormulaConfig,
    answers: &[NormalisedAnswers],
) -> Result<SipasResult, Vec<Problem>> {
    let mut problems: Vec<Problem> =
        validate_questionnaire(q).into_iter().filter(|p| p.severity == Severity::Error).collect();
    problems
        .extend(config.problems().into_iter().map(|m| problem(Severity::Error, None, None, format!("Công thức: {m}"))));
    if !problems.is_empty() {
        return Err(problems);
    }
    let visible: Vec<BTreeMap<String, bool>> = answers.iter().map(|a| shown(q, &a.answers)).collect();
    let valid_of = |code: &str, i: usize| is_valid(config, visible[i].get(code).copied(), answers[i].answers.get(code));
    let mut questions = Vec::new();
    for (section, question) in q.questions() {
        if matches!(question.kind, QuestionKind::Number { .. } | QuestionKind::Text { .. }) {
            continue;
        }
        questions.push(question_result(section, question, config, answers, &visible));
    }
    let mut factors = Vec::new();
    let mut index_parts = Vec::new();
    for section in q.factors() {
        let contents: Vec<&Question> = section.questions.iter().filter(|x| x.kind == QuestionKind::Scale5).collect();
        let mut parts = Vec::new();
        for content in &contents {
            let share = questions.iter().find(|r| r.code == content.code).and_then(|r| r.share).and_then(|s| s.value);
            if let Some(value) = share {
                parts.push((weight_of(config.content_mean, content.weight), value));
            }
        }
        let respondents = (0..answers.len()).filter(|i| contents.iter().any(|c| valid_of(&c.code, *i))).count();
        let share = Share::new(mean(&parts), respondents as u64, config);
        if let Some(value) = share.value {
            index_parts.push((weight_of(config.factor_mean, section.weight), value));
        }
        factors.push(FactorResult {
            code: section.code.clone(),
            title: section.title.clone(),
            weight: section.weight,
            contents: u32::try_from(contents.len()).unwrap_or(u32::MAX),
            contents_with_value: u32::try_from(parts.len()).unwrap_or(u32::MAX),
            share,
        });
    }
    let index_respondents = (0..answers.len())
        .filter(|i| {
            q.factors().flat_map(|s| &s.questions).any(|c| c.kind == QuestionKind::Scale5 && valid_of(&c.code, *i))
        })
        .count();
    Ok(SipasResult {
        questionnaire: q.code.clone(),
        questionnaire_version: q.version,
        formula: config.code.clone(),
        formula_version: config.version,
        respondents: answers.len() as u64,
        questions,
        factors,
        index: Share::new(mean(&index_parts), index_respondents as u64, config),
    })
}

/// Whether a (shown) answer is a valid answer of a five-point question.
fn is_valid(config: &FormulaConfig, shown: Option<bool>, answer: Option<&AnswerValue>) -> bool {
    match (shown, answer) {
        (Some(true), Some(AnswerValue::Scale(v))) => (1..=5).contains(v),
        (Some(true), Some(AnswerValue::NoAnswer)) => config.no_answer_is_valid,
        _ => false,
    }
}

fn weight_of(mean: Mean, weight: Points) -> i64 {
    match mean {
        Mean::Simple => 1,
        Mean::Weighted => weight.0,
    }
}

fn question_result(
    section: &Section,
    question: &Question,
    config: &FormulaConfig,
    answers: &[NormalisedAnswers],
    visible: &[BTreeMap<String, bool>],
) -> QuestionResult {
    let code = &question.code;
    let is_scale = question.kind == QuestionKind::Scale5;
    let mut counts: Vec<ValueCount> = match &question.kind {
        QuestionKind::Scale5 => {
            SCALE_LABELS.iter().zip(1..).map(|(l, v): (&&str, i64)| value_count(&v.to_string(), l)).collect()
        }
        kind => kind.options().iter().map(|o| value_count(&o.code, &o.label)).collect(),
    };
    let (mut shown_to, mut valid, mut satisfied, mut no_answer) = (0, 0, 0, 0);
    for (a, vis) in answers.iter().zip(visible) {
        if !vis.get(code).copied().unwrap_or(false) {
            continue;
        }
        shown_to += 1;
        let picked: Vec<String> = match a.answers.get(code) {
            Some(AnswerValue::NoAnswer) => {
                no_answer += 1;
                continue;
            }
            Some(AnswerValue::Scale(v)) if is_scale && (1..=5).contains(v) => {
                satisfied += u64::from(config.is_satisfied(*v));
                vec![v.to_string()]
            }
            Some(AnswerValue::Choice(c)) if !is_scale => vec![c.clone()],
            Some(AnswerValue::Choices(cs)) if !is_scale => cs.clone(),
            _ => continue,
        };
        let mut counted = false;
        for c in counts.iter_mut().filter(|c| picked.contains(&c.code)) {
            c.count += 1;
            counted = true;
        }
        valid += u64::from(counted);
    }
    if is_scale && config.no_answer_is_valid {
        valid += no_answer;
    }
    if question.no_answer.is_some() {
        counts.push(ValueCount {
            count: no_answer,
            ..value_count(question.no_answer.as_deref().unwrap_or_default(), "Không trả lời")
        });
    }
    let share = is_scale.then(|| Share::new(Fraction::new(satisfied as i64, valid as i64), valid, config));
    QuestionResult {
        code: code.clone(),
        section: section.code.clone(),
        in_index: is_scale && section.kind == SectionKind::Factor,
        shown: shown_to,
        valid,
        satisfied,
        no_answer,
        share,
        counts,
    }
}

fn value_count(code: &str, label: &str) -> ValueCount {
    ValueCount { code: code.to_string(), label: label.to_string(), count: 0 }
}

/// The weighted mean of shares (see the module rules); `None` without parts or weight.
fn mean(parts: &[(i64, Fraction)]) -> Option<Fraction> {
    let total_weight: i128 = parts.iter().map(|(w, _)| i128::from(*w)).sum();
    if total_weight <= 0 {
        return None;
    }
    let num: i128 = parts.iter().map(|(w, f)| i128::from(*w) * i128::from(f.scaled_round(PRECISION))).sum();
    let den = total_weight * i128::from(PRECISION);
    let g = gcd(num, den).max(1);
    Fraction::new(i64::try_from(num / g).ok()?, i64::try_from(den / g).ok()?)
}

fn gcd(a: i128, b: i128) -> i128 {
    let (mut a, mut b) = (a.abs(), b.abs());
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
