//! A small questionnaire and answer builders shared by the SIPAS tests.

use chrono::NaiveDate;

use super::answers::{validate, AnswerValue, NormalisedAnswers, Submission};
use super::formula::{formula_template, FormulaConfig};
use super::questionnaire::{Choice, Condition, Question, QuestionKind, Questionnaire, Section, SectionKind};
use crate::par::{Points, SetStatus};

fn choices(list: &[(&str, &str)]) -> Vec<Choice> {
    list.iter().map(|(c, l)| Choice { code: c.to_string(), label: l.to_string() }).collect()
}

fn scale(code: &str, weight: i64) -> Question {
    let mut q = Question::new(code, &format!("Nội dung {code}"), QuestionKind::Scale5);
    q.no_answer = Some("KTL".into());
    q.required = true;
    q.weight = Points::whole(weight);
    q
}

/// Factors A (A1, A2 weight 3), B (weight 2: B0 yes/no, B1 shown when B0 = 1), C (C1);
/// respondent facts R1 (single), R2 (number 18–100), R3 (multiple); open O1 (10 chars).
pub fn questionnaire() -> Questionnaire {
    let mut a = Section::new("A", "Yếu tố A", SectionKind::Factor);
    a.questions = vec![scale("A1", 1), scale("A2", 3)];
    let mut b = Section::new("B", "Yếu tố B", SectionKind::Factor);
    b.weight = Points::whole(2);
    let mut b0 = Question::new(
        "B0",
        "Có góp ý không?",
        QuestionKind::SingleChoice { options: choices(&[("1", "Có"), ("2", "Không")]) },
    );
    b0.required = true;
    let mut b1 = scale("B1", 1);
    b1.condition = Some(Condition { question: "B0".into(), any_of: vec!["1".into()] });
    b.questions = vec![b0, b1];
    let mut c = Section::new("C", "Yếu tố C", SectionKind::Factor);
    let mut c1 = scale("C1", 1);
    c1.required = false;
    c.questions = vec![c1];
    let mut r = Section::new("R", "Thông tin người trả lời", SectionKind::Respondent);
    let mut r1 =
        Question::new("R1", "Giới tính", QuestionKind::SingleChoice { options: choices(&[("1", "Nam"), ("2", "Nữ")]) });
    r1.no_answer = Some("KTL".into());
    r.questions = vec![
        r1,
        Question::new("R2", "Tuổi", QuestionKind::Number { min: Some(18), max: Some(100) }),
        Question::new(
            "R3",
            "Kênh",
            QuestionKind::MultipleChoice {
                options: choices(&[("a", "Giấy"), ("b", "Web"), ("c", "Điện thoại")])
            },
        ),
    ];
    let mut o = Section::new("O", "Câu hỏi mở", SectionKind::Open);
    o.questions = vec![Question::new("O1", "Góp ý", QuestionKind::Text { max_len: 10 })];
    Questionnaire {
        code: "thu".into(),
        name: "Phiếu thử".into(),
        version: 1,
        effective_from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        effective_to: None,
        status: SetStatus::Adopted,
        frozen: false,
        source: String::new(),
        sections: vec![a, b, c, r, o],
    }
}

/// The template formula with a minimum of `min` respondents.
pub fn formula(min: u64) -> FormulaConfig {
    let base = formula_template().unwrap_or_else(|e| panic!("formula template: {e}"));
    FormulaConfig { min_respondents: min, ..base }
}

/// A submission from `(code, value)` of the fixture: "KTL" is no answer; B0 and R1 take an
/// option code, R2 a number, R3 codes separated by commas, O1 text, the rest a scale value
/// (an unreadable one becomes 0, out of range).
pub fn submission(pairs: &[(&str, &str)]) -> Submission {
    pairs
        .iter()
        .map(|(code, v)| {
            let value = match (*code, *v) {
                (_, "KTL") => AnswerValue::NoAnswer,
                ("B0" | "R1", v) => AnswerValue::Choice(v.to_string()),
                ("R2", v) => AnswerValue::Number(v.parse().unwrap_or(0)),
                ("R3", v) => AnswerValue::Choices(v.split(',').map(String::from).collect()),
                ("O1", v) => AnswerValue::Text(v.to_string()),
                (_, v) => AnswerValue::Scale(v.parse().unwrap_or(0)),
            };
            (code.to_string(), value)
        })
        .collect()
}

/// A validated answer set; panics (test only) when it does not validate.
pub fn answers(pairs: &[(&str, &str)]) -> NormalisedAnswers {
    validate(&questionnaire(), &submission(pairs)).unwrap_or_else(|e| panic!("{pairs:?}: {e:?}"))
}
