//! One answer as a spreadsheet cell or a form field, and back: the coded values of the paper
//! entry sheet ("4", "KTL", "1;3") and the labels a person may type instead ("Hài lòng",
//! "Không trả lời"), matched without case and diacritics.
//!
//! Rules chosen where the domain is silent:
//! - An empty cell is no answer at all (required questions then fail in `validate`).
//! - A number written as a spreadsheet float ("4.0", "4,0") is read when it is whole.
//! - Multiple choices are separated by `;` or `,`.

use super::answers::{AnswerError, AnswerValue};
use super::questionnaire::{Question, QuestionKind, NO_ANSWER_LABEL, SCALE_LABELS};
use crate::text::fold;

/// Reads a cell (or a form field) for `question`; `Ok(None)` when it is empty. Codes are
/// checked later by [`super::answers::validate`]; this only reads the notation.
pub fn parse_cell(question: &Question, text: &str) -> Result<Option<AnswerValue>, AnswerError> {
    let raw = text.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let key = fold(raw);
    let is_no_answer = key == fold(NO_ANSWER_LABEL) || question.no_answer.as_deref().is_some_and(|na| fold(na) == key);
    if is_no_answer && !matches!(question.kind, QuestionKind::Text { .. }) {
        return Ok(Some(AnswerValue::NoAnswer));
    }
    let unreadable = || AnswerError::Unreadable { code: question.code.clone(), text: raw.to_string() };
    let value = match &question.kind {
        QuestionKind::Scale5 => {
            let by_label = SCALE_LABELS.iter().zip(1..).find(|(l, _)| fold(l) == key).map(|(_, v)| v);
            AnswerValue::Scale(by_label.or_else(|| whole_number(raw)).ok_or_else(unreadable)?)
        }
        QuestionKind::SingleChoice { options } => {
            let by_label = options.iter().find(|o| fold(&o.label) == key).map(|o| o.code.clone());
            AnswerValue::Choice(by_label.unwrap_or_else(|| raw.to_string()))
        }
        QuestionKind::MultipleChoice { options } => {
            let parts = raw.split([';', ',']).map(str::trim).filter(|p| !p.is_empty());
            let codes = parts
                .map(|p| {
                    options.iter().find(|o| fold(&o.label) == fold(p)).map_or_else(|| p.to_string(), |o| o.code.clone())
                })
                .collect();
            AnswerValue::Choices(codes)
        }
        QuestionKind::Number { .. } => AnswerValue::Number(whole_number(raw).ok_or_else(unreadable)?),
        QuestionKind::Text { .. } => AnswerValue::Text(text.to_string()),
    };
    Ok(Some(value))
}

/// The coded cell of an answer for `question` (what [`parse_cell`] reads back).
pub fn cell_of(question: &Question, value: &AnswerValue) -> String {
    match value {
        AnswerValue::Scale(v) | AnswerValue::Number(v) => v.to_string(),
        AnswerValue::Choice(c) | AnswerValue::Text(c) => c.clone(),
        AnswerValue::Choices(cs) => cs.join(";"),
        AnswerValue::NoAnswer => question.no_answer.clone().unwrap_or_else(|| NO_ANSWER_LABEL.to_string()),
    }
}

/// "12", "12.0", "12,0", "-3" → the whole number; anything else → `None`.
fn whole_number(text: &str) -> Option<i64> {
    let t = text.trim();
    let (int, frac) = match t.find(['.', ',']) {
        Some(i) => (&t[..i], &t[i + 1..]),
        None => (t, ""),
    };
    if !frac.chars().all(|c| c == '0') {
        return None;
    }
    int.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sipas::questionnaire::Choice;

    fn q(kind: QuestionKind) -> Question {
        let mut q = Question::new("Q", "Câu hỏi", kind);
        q.no_answer = Some("KTL".into());
        q
    }

    fn options() -> Vec<Choice> {
        vec![Choice { code: "1".into(), label: "Nam".into() }, Choice { code: "2".into(), label: "Nữ".into() }]
    }

    #[test]
    fn reads_codes_and_labels() {
        let scale = q(QuestionKind::Scale5);
        let single = q(QuestionKind::SingleChoice { options: options() });
        let multi = q(QuestionKind::MultipleChoice { options: options() });
        let number = q(QuestionKind::Number { min: None, max: None });
        let text = q(QuestionKind::Text { max_len: 10 });
        type Case<'a> = (&'a Question, &'static str, Result<Option<AnswerValue>, ()>);
        let cases: Vec<Case<'_>> = vec![
            (&scale, "4", Ok(Some(AnswerValue::Scale(4)))),
            (&scale, "4.0", Ok(Some(AnswerValue::Scale(4)))),
            (&scale, "rat hai long", Ok(Some(AnswerValue::Scale(5)))),
            (&scale, "Không hài lòng", Ok(Some(AnswerValue::Scale(2)))),
            (&scale, "ktl", Ok(Some(AnswerValue::NoAnswer))),
            (&scale, "Không trả lời", Ok(Some(AnswerValue::NoAnswer))),
            (&scale, "  ", Ok(None)),
            (&scale, "4,5", Err(())),
            (&scale, "tốt", Err(())),
            (&single, "nu", Ok(Some(AnswerValue::Choice("2".into())))),
            (&single, "9", Ok(Some(AnswerValue::Choice("9".into())))),
            (&multi, "1; Nữ", Ok(Some(AnswerValue::Choices(vec!["1".into(), "2".into()])))),
            (&number, "12,0", Ok(Some(AnswerValue::Number(12)))),
            (&number, "-3", Ok(Some(AnswerValue::Number(-3)))),
            (&number, "mười", Err(())),
            (&text, "KTL", Ok(Some(AnswerValue::Text("KTL".into())))),
        ];
        for (question, cell, want) in cases {
            let got = parse_cell(question, cell).map_err(|_| ());
            assert_eq!(got, want, "{cell}");
        }
    }

    #[test]
    fn cells_read_back() {
        let single = q(QuestionKind::SingleChoice { options: options() });
        let multi = q(QuestionKind::MultipleChoice { options: options() });
        let cases = [
            (&single, AnswerValue::Choice("2".into())),
            (&single, AnswerValue::NoAnswer),
            (&multi, AnswerValue::Choices(vec!["1".into(), "2".into()])),
        ];
        for (question, value) in cases {
            let cell = cell_of(question, &value);
            assert_eq!(parse_cell(question, &cell).ok().flatten(), Some(value), "{cell}");
        }
    }
}
