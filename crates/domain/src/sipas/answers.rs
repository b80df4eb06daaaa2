//! One respondent's answers and their validation against a questionnaire: the one check the
//! anonymous public form and the paper/XLSX entry both call.
//!
//! Rules chosen where the domain is silent:
//! - Answers to questions hidden by skip logic are dropped, not refused, and listed in
//!   [`NormalisedAnswers::dropped_hidden`]: a citizen who answered, then changed the answer
//!   that hides a question, must not lose the whole anonymous form; the paper entry may show
//!   the list as a warning. Hidden answers never reach the index.
//! - An empty text, an empty set of options count as no answer at all.
//! - Option codes and the "không trả lời" code match case- and diacritic-insensitively and
//!   are stored as the questionnaire spells them; multiple choices are stored once each, in
//!   the questionnaire's order. Text is stored in NFC with whitespace collapsed, and its
//!   length is counted in characters after that.
//! - "Không trả lời" (only where the question offers it) satisfies a required question.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::questionnaire::{Question, QuestionKind, Questionnaire};
use crate::text::{clean, fold};

/// What a respondent gave for one question.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnswerValue {
    /// A value of the five-point scale, 1 to 5.
    Scale(i64),
    /// The code of the chosen option.
    Choice(String),
    /// The codes of the chosen options.
    Choices(Vec<String>),
    /// A whole number.
    Number(i64),
    /// Free text.
    Text(String),
    /// "Không trả lời".
    NoAnswer,
}

/// A submission as received: question code → value.
pub type Submission = BTreeMap<String, AnswerValue>;

/// A submission that passed [`validate`]: only shown questions, canonical codes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NormalisedAnswers {
    pub answers: BTreeMap<String, AnswerValue>,
    /// Questions answered although skip logic hid them (their answers were dropped).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dropped_hidden: Vec<String>,
}

/// Why an answer (or a row of the coded answer sheet) is refused; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AnswerError {
    #[error("Câu hỏi mã {0} không có trong phiếu.")]
    UnknownQuestion(String),
    #[error("Câu {code}: cần {expected}.")]
    WrongType { code: String, expected: &'static str },
    #[error("Câu {code}: mức {value} nằm ngoài thang 1–5.")]
    ScaleOutOfRange { code: String, value: i64 },
    #[error("Câu {code}: không có lựa chọn «{option}».")]
    UnknownOption { code: String, option: String },
    #[error("Câu {code}: giá trị {value} nằm ngoài khoảng cho phép ({range}).")]
    NumberOutOfRange { code: String, value: i64, range: String },
    #[error("Câu {code}: câu trả lời dài {len} ký tự, tối đa {max} ký tự.")]
    TextTooLong { code: String, len: usize, max: u32 },
    #[error("Câu {0} không có lựa chọn «Không trả lời».")]
    NoAnswerNotAllowed(String),
    #[error("Câu {0} là câu bắt buộc, chưa được trả lời.")]
    Missing(String),
    #[error("Câu {code}: không đọc được «{text}».")]
    Unreadable { code: String, text: String },
    #[error("Cột «{0}» không phải mã câu hỏi nào của phiếu.")]
    UnknownColumn(String),
    #[error("Thiếu {0}.")]
    MissingField(&'static str),
    #[error("Không đọc được ngày «{0}»; hãy nhập dạng dd/mm/yyyy.")]
    BadDate(String),
    #[error("Mã phiếu {0} bị trùng.")]
    DuplicateSheet(String),
}

impl AnswerError {
    /// The question the error belongs to, for showing it next to the field.
    pub fn question(&self) -> Option<&str> {
        match self {
            AnswerError::UnknownQuestion(c) | AnswerError::NoAnswerNotAllowed(c) | AnswerError::Missing(c) => Some(c),
            AnswerError::WrongType { code, .. }
            | AnswerError::ScaleOutOfRange { code, .. }
            | AnswerError::UnknownOption { code, .. }
            | AnswerError::NumberOutOfRange { code, .. }
            | AnswerError::TextTooLong { code, .. }
            | AnswerError::Unreadable { code, .. } => Some(code),
            AnswerError::UnknownColumn(_)
            | AnswerError::MissingField(_)
            | AnswerError::BadDate(_)
            | AnswerError::DuplicateSheet(_) => None,
        }
    }
}

/// Whether each question is shown given (normalised) `answers`, in document order: a
/// question without a condition is shown; with one, when its condition's question is shown
/// and answered with one of the listed codes ("không trả lời" as the question's own code).
pub fn shown(q: &Questionnaire, answers: &BTreeMap<String, AnswerValue>) -> BTreeMap<String, bool> {
    let mut out: BTreeMap<String, bool> = BTreeMap::new();
    for (_, question) in q.questions() {
        let visible = match &question.condition {
            None => true,
            Some(cond) => {
                let no_answer = q.question(&cond.question).and_then(|x| x.no_answer.as_deref());
                out.get(&cond.question).copied().unwrap_or(false)
                    && answers
                        .get(&cond.question)
                        .is_some_and(|a| codes_of(a, no_answer).iter().any(|c| cond.any_of.contains(c)))
            }
        };
        out.entry(question.code.clone()).or_insert(visible);
    }
    out
}

/// The codes an answer stands for in conditions: "4" for scale 4, option codes, the
/// question's "không trả lời" code.
fn codes_of(a: &AnswerValue, no_answer: Option<&str>) -> Vec<String> {
    match a {
        AnswerValue::Scale(v) => vec![v.to_string()],
        AnswerValue::Choice(c) => vec![c.clone()],
        AnswerValue::Choices(cs) => cs.clone(),
        AnswerValue::NoAnswer => no_answer.map(str::to_string).into_iter().collect(),
        AnswerValue::Number(_) | AnswerValue::Text(_) => vec![],
    }
}

/// Checks `submission` against `q`: every problem at once, or the normalised answers.
pub fn validate(q: &Questionnaire, submission: &Submission) -> Result<NormalisedAnswers, Vec<AnswerError>> {
    let mut errors = Vec::new();
    let mut normalised: BTreeMap<String, AnswerValue> = BTreeMap::new();
    for (code, value) in submission {
        let Some(question) = q.question(code) else {
            errors.push(AnswerError::UnknownQuestion(code.clone()));
            continue;
        };
        match normalise(question, value) {
            Ok(Some(v)) => {
                normalised.insert(code.clone(), v);
            }
            Ok(None) => {}
            Err(e) => errors.push(e),
        }
    }
    let visible = shown(q, &normalised);
    let mut dropped_hidden = Vec::new();
    for (_, question) in q.questions() {
        let is_shown = visible.get(&question.code).copied().unwrap_or(false);
        let answered =
            normalised.contains_key(&question.code) || errors.iter().any(|e| e.question() == Some(&question.code));
        if !is_shown && answered {
            normalised.remove(&question.code);
            errors.retain(|e| e.question() != Some(question.code.as_str()));
            dropped_hidden.push(question.code.clone());
        } else if is_shown && question.required && !answered {
            errors.push(AnswerError::Missing(question.code.clone()));
        }
    }
    if errors.is_empty() {
        Ok(NormalisedAnswers { answers: normalised, dropped_hidden })
    } else {
        Err(errors)
    }
}

/// The canonical form of one value, `None` for an empty one.
fn normalise(question: &Question, value: &AnswerValue) -> Result<Option<AnswerValue>, AnswerError> {
    let code = || question.code.clone();
    let wrong = || AnswerError::WrongType { code: code(), expected: expected(&question.kind) };
    match (&question.kind, value) {
        (_, AnswerValue::NoAnswer) if question.no_answer.is_some() => Ok(Some(AnswerValue::NoAnswer)),
        (_, AnswerValue::NoAnswer) => Err(AnswerError::NoAnswerNotAllowed(code())),
        (QuestionKind::Scale5, AnswerValue::Scale(v)) if (1..=5).contains(v) => Ok(Some(AnswerValue::Scale(*v))),
        (QuestionKind::Scale5, AnswerValue::Scale(v)) => Err(AnswerError::ScaleOutOfRange { code: code(), value: *v }),
        (QuestionKind::SingleChoice { .. }, AnswerValue::Choice(c)) => {
            if question.no_answer.as_deref().is_some_and(|na| fold(na) == fold(c)) {
                return Ok(Some(AnswerValue::NoAnswer));
            }
            option(question, c).map(|o| Some(AnswerValue::Choice(o)))
        }
        (QuestionKind::MultipleChoice { options }, AnswerValue::Choices(cs)) => {
            let mut picked = Vec::new();
            for c in cs {
                picked.push(option(question, c)?);
            }
            let ordered: Vec<String> = options.iter().map(|o| o.code.clone()).filter(|o| picked.contains(o)).collect();
            Ok((!ordered.is_empty()).then_some(AnswerValue::Choices(ordered)))
        }
        (QuestionKind::Number { min, max }, AnswerValue::Number(n)) => {
            if min.is_some_and(|lo| *n < lo) || max.is_some_and(|hi| *n > hi) {
                return Err(AnswerError::NumberOutOfRange { code: code(), value: *n, range: range_text(*min, *max) });
            }
            Ok(Some(AnswerValue::Number(*n)))
        }
        (QuestionKind::Text { max_len }, AnswerValue::Text(t)) => {
            let text = clean(t);
            let len = text.chars().count();
            if len > *max_len as usize {
                return Err(AnswerError::TextTooLong { code: code(), len, max: *max_len });
            }
            Ok((!text.is_empty()).then_some(AnswerValue::Text(text)))
        }
        _ => Err(wrong()),
    }
}

/// The declared code of option `given` (matched without case and diacritics).
fn option(question: &Question, given: &str) -> Result<String, AnswerError> {
    let key = fold(given);
    question
        .kind
        .options()
        .iter()
        .find(|o| fold(&o.code) == key)
        .map(|o| o.code.clone())
        .ok_or_else(|| AnswerError::UnknownOption { code: question.code.clone(), option: given.trim().to_string() })
}

/// What a question of this type expects, in Vietnamese.
pub fn expected(kind: &QuestionKind) -> &'static str {
    match kind {
        QuestionKind::Scale5 => "một mức từ 1 đến 5",
        QuestionKind::SingleChoice { .. } => "một lựa chọn",
        QuestionKind::MultipleChoice { .. } => "một hoặc nhiều lựa chọn",
        QuestionKind::Number { .. } => "một số nguyên",
        QuestionKind::Text { .. } => "một câu trả lời bằng chữ",
    }
}

/// "từ 0 đến 120", "từ 1", "đến 50", "" for the bounds of a number question.
pub fn range_text(min: Option<i64>, max: Option<i64>) -> String {
    match (min, max) {
        (Some(lo), Some(hi)) => format!("từ {lo} đến {hi}"),
        (Some(lo), None) => format!("từ {lo}"),
        (None, Some(hi)) => format!("đến {hi}"),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
#[path = "answers_tests.rs"]
mod tests;
