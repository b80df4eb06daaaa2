//! Tests of questionnaire validation: one mutation of the fixture per problem.

use super::*;
use crate::sipas::fixture::questionnaire;
use crate::sipas::questionnaire::{Condition, QuestionKind};

fn cond(question: &str, any_of: &[&str]) -> Option<Condition> {
    Some(Condition { question: question.into(), any_of: any_of.iter().map(|s| s.to_string()).collect() })
}

type Mutation = fn(&mut Questionnaire);

#[test]
fn the_fixture_is_valid() {
    assert_eq!(validate_questionnaire(&questionnaire()), vec![]);
}

#[test]
fn one_problem_per_mutation() {
    // (mutation, severity, code, part of the message)
    let cases: Vec<(Mutation, Severity, Option<&str>, &str)> = vec![
        (|q| q.sections[0].questions[1].code = "A1".into(), Severity::Error, Some("A1"), "Mã câu hỏi A1 bị trùng"),
        (|q| q.sections[1].questions[1].condition = cond("X9", &["1"]), Severity::Error, Some("B1"), "câu X9 không có"),
        (|q| q.sections[0].questions[0].condition = cond("B0", &["1"]), Severity::Error, Some("A1"), "câu đứng trước"),
        (|q| q.sections[1].questions[1].condition = cond("B1", &["1"]), Severity::Error, Some("B1"), "câu đứng trước"),
        (
            |q| q.sections[4].questions[0].condition = cond("R2", &["30"]),
            Severity::Error,
            Some("O1"),
            "chỉ dựa được vào",
        ),
        (|q| q.sections[1].questions[1].condition = cond("B0", &["3"]), Severity::Error, Some("B1"), "nêu «3»"),
        (
            |q| q.sections[1].questions[1].condition = cond("B0", &[]),
            Severity::Error,
            Some("B1"),
            "chưa nêu câu trả lời",
        ),
        (
            |q| q.sections[3].questions[0].kind = QuestionKind::SingleChoice { options: vec![] },
            Severity::Error,
            Some("R1"),
            "chưa có lựa chọn nào",
        ),
        (|q| q.sections[0].questions[0].weight = Points(-50), Severity::Error, Some("A1"), "không được âm"),
        (|q| q.sections[1].weight = Points::whole(1001), Severity::Error, Some("B"), "không được lớn hơn 1000"),
        (
            |q| q.sections[2].questions[0].kind = QuestionKind::Number { min: None, max: None },
            Severity::Error,
            Some("C"),
            "không có câu hỏi thang 5 mức",
        ),
        (
            |q| q.sections[3].questions[0].no_answer = Some("2".into()),
            Severity::Error,
            Some("R1"),
            "trùng với một câu trả lời",
        ),
        (
            |q| q.sections[0].questions[0].no_answer = Some("3".into()),
            Severity::Error,
            Some("A1"),
            "trùng với một câu trả lời",
        ),
        (|q| q.sections[4].questions[0].no_answer = Some("K".into()), Severity::Error, Some("O1"), "câu trả lời tự do"),
        (
            |q| q.sections[3].questions[1].kind = QuestionKind::Number { min: Some(9), max: Some(1) },
            Severity::Error,
            Some("R2"),
            "lớn hơn giá trị lớn nhất",
        ),
        (
            |q| q.sections[4].questions[0].kind = QuestionKind::Text { max_len: 0 },
            Severity::Error,
            Some("O1"),
            "độ dài tối đa",
        ),
        (|q| q.sections[0].questions[0].code = "A 1".into(), Severity::Error, Some("A 1"), "không hợp lệ"),
        (|q| q.sections[0].questions[0].text = " ".into(), Severity::Error, Some("A1"), "chưa có nội dung"),
        (|q| q.sections[2].code = "A".into(), Severity::Error, Some("A"), "Mã phần A bị trùng"),
        (|q| q.sections[3].questions[2].code = "C".into(), Severity::Error, Some("C"), "trùng với mã một phần"),
        (|q| q.sections[3].questions = vec![], Severity::Error, Some("R"), "chưa có câu hỏi nào"),
        (
            |q| q.sections[3].questions[0].kind = QuestionKind::Scale5,
            Severity::Warning,
            Some("R"),
            "không được tính vào chỉ số",
        ),
        (|q| q.sections[2].weight = Points::ZERO, Severity::Warning, Some("C"), "trọng số 0"),
        (|q| q.sections[0].questions[1].weight = Points::ZERO, Severity::Warning, Some("A2"), "trọng số 0"),
        (|q| q.effective_to = q.effective_from.pred_opt(), Severity::Error, None, "hết hiệu lực trước"),
        (|q| q.code = String::new(), Severity::Error, None, "chưa có mã"),
    ];
    for (mutate, severity, code, message) in cases {
        let mut q = questionnaire();
        mutate(&mut q);
        let problems = validate_questionnaire(&q);
        assert_eq!(problems.len(), 1, "{message}: {problems:?}");
        assert_eq!((problems[0].severity, problems[0].code.as_deref()), (severity, code), "{message}");
        assert!(problems[0].message.contains(message), "{message}: {}", problems[0].message);
    }
}

#[test]
fn problems_carry_the_source_row_and_questionnaire_level_ones_come_last() {
    let mut q = questionnaire();
    q.sections[0].questions[1].source_row = Some(7);
    q.sections[0].questions[1].weight = Points(-1);
    q.sections.retain(|s| s.kind != crate::sipas::SectionKind::Factor);
    q.name = String::new();
    let problems = validate_questionnaire(&q);
    let rendered: Vec<String> = problems.iter().map(ToString::to_string).collect();
    assert_eq!(rendered, vec!["Phiếu khảo sát chưa có tên.", "Phiếu khảo sát chưa có yếu tố nào để tính chỉ số."]);
    let mut q = questionnaire();
    q.sections[0].questions[1].source_row = Some(7);
    q.sections[0].questions[1].weight = Points(-1);
    let problems = validate_questionnaire(&q);
    assert_eq!(problems.iter().map(|p| p.row).collect::<Vec<_>>(), vec![Some(7)]);
    assert!(problems[0].to_string().starts_with("Dòng 7: "));
}

#[test]
fn codes() {
    for (code, ok) in [("TC1", true), ("tt-2.a_b", true), ("", false), ("A 1", false), ("A;1", false), ("A=1", false)] {
        assert_eq!(is_code(code), ok, "{code}");
    }
}
