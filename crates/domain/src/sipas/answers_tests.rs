//! Table tests of answer validation against the fixture questionnaire.

use super::*;
use crate::sipas::fixture::{questionnaire, submission};
use crate::sipas::questionnaire::Condition;

/// The required answers of the fixture with B0 = "không" (B1 hidden).
const BASE: [(&str, &str); 3] = [("A1", "5"), ("A2", "4"), ("B0", "2")];

fn with(extra: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut out: Vec<(&str, &str)> = BASE.iter().filter(|(c, _)| !extra.iter().any(|(e, _)| e == c)).copied().collect();
    out.extend(extra.iter().filter(|(_, v)| !v.is_empty()).copied());
    out
}

#[test]
fn refusals_table() {
    let s = |c: &str| c.to_string();
    type Case = (&'static str, Vec<(&'static str, &'static str)>, Vec<AnswerError>);
    let cases: Vec<Case> = vec![
        ("unknown question", with(&[("Z9", "1")]), vec![AnswerError::UnknownQuestion(s("Z9"))]),
        ("scale out of range", with(&[("A1", "6")]), vec![AnswerError::ScaleOutOfRange { code: s("A1"), value: 6 }]),
        ("unknown option", with(&[("B0", "3")]), vec![AnswerError::UnknownOption { code: s("B0"), option: s("3") }]),
        (
            "number below min",
            with(&[("R2", "17")]),
            vec![AnswerError::NumberOutOfRange { code: s("R2"), value: 17, range: s("từ 18 đến 100") }],
        ),
        (
            "text too long",
            with(&[("O1", "12345678901")]),
            vec![AnswerError::TextTooLong { code: s("O1"), len: 11, max: 10 }],
        ),
        ("no answer not offered", with(&[("R3", "KTL")]), vec![AnswerError::NoAnswerNotAllowed(s("R3"))]),
        ("no answer not offered (choice)", with(&[("B0", "KTL")]), vec![AnswerError::NoAnswerNotAllowed(s("B0"))]),
        ("required missing", with(&[("A2", "")]), vec![AnswerError::Missing(s("A2"))]),
        ("required when shown", with(&[("B0", "1")]), vec![AnswerError::Missing(s("B1"))]),
        (
            "every problem at once, hidden B1 not asked for",
            vec![("A1", "0"), ("Z", "1")],
            vec![
                AnswerError::ScaleOutOfRange { code: s("A1"), value: 0 },
                AnswerError::UnknownQuestion(s("Z")),
                AnswerError::Missing(s("A2")),
                AnswerError::Missing(s("B0")),
            ],
        ),
    ];
    for (name, pairs, want) in cases {
        let got = validate(&questionnaire(), &submission(&pairs));
        assert_eq!(got.err(), Some(want), "{name}");
    }
}

#[test]
fn wrong_types_are_refused() {
    let mut sub = submission(&BASE);
    sub.insert("A1".into(), AnswerValue::Choice("5".into()));
    sub.insert("R2".into(), AnswerValue::Text("30".into()));
    let errors = validate(&questionnaire(), &sub).err().unwrap_or_default();
    let codes: Vec<Option<&str>> = errors.iter().map(AnswerError::question).collect();
    assert_eq!(codes, vec![Some("A1"), Some("R2")]);
    assert!(errors[0].to_string().contains("một mức từ 1 đến 5"), "{}", errors[0]);
}

#[test]
fn accepted_answers_are_normalised() -> Result<(), Vec<AnswerError>> {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = " Hài   lòng ".nfd().collect();
    let mut sub = submission(&with(&[("A2", "KTL"), ("R2", "30"), ("R3", "C,A,a"), ("R1", "KTL")]));
    sub.insert("O1".into(), AnswerValue::Text(nfd));
    let got = validate(&questionnaire(), &sub)?;
    let want = submission(&with(&[("A2", "KTL"), ("R2", "30"), ("R3", "a,c"), ("R1", "KTL"), ("O1", "Hài lòng")]));
    assert_eq!(got.answers, want);
    assert_eq!(got.dropped_hidden, Vec::<String>::new());
    // Empty text and empty choices are no answer at all.
    let mut empty = submission(&BASE);
    empty.insert("O1".into(), AnswerValue::Text("   ".into()));
    empty.insert("R3".into(), AnswerValue::Choices(vec![]));
    assert_eq!(validate(&questionnaire(), &empty)?.answers, submission(&BASE));
    Ok(())
}

#[test]
fn hidden_answers_are_dropped_and_listed() -> Result<(), Vec<AnswerError>> {
    // B0 = 2 hides B1: its answer (even an invalid one) is dropped, not refused.
    for b1 in ["5", "9"] {
        let got = validate(&questionnaire(), &submission(&with(&[("B1", b1)])))?;
        assert_eq!(got.answers, submission(&BASE), "B1 = {b1}");
        assert_eq!(got.dropped_hidden, vec!["B1".to_string()]);
    }
    let shown_b1 = validate(&questionnaire(), &submission(&with(&[("B0", "1"), ("B1", "4")])))?;
    assert_eq!(shown_b1.answers.get("B1"), Some(&AnswerValue::Scale(4)));
    Ok(())
}

#[test]
fn conditions_may_test_the_no_answer_code_and_chain() {
    let mut q = questionnaire();
    // C1 shown only when A1 was "không trả lời".
    q.sections[2].questions[0].condition = Some(Condition { question: "A1".into(), any_of: vec!["KTL".into()] });
    let visible = |pairs: &[(&str, &str)]| {
        let v = shown(&q, &submission(pairs));
        (v.get("C1").copied(), v.get("B1").copied())
    };
    assert_eq!(visible(&[("A1", "KTL"), ("B0", "1")]), (Some(true), Some(true)));
    assert_eq!(visible(&[("A1", "4")]), (Some(false), Some(false)));
    // A chain: B1 hidden because B0 is unanswered; a question conditioned on B1 is hidden too.
    q.sections[2].questions[0].condition = Some(Condition { question: "B1".into(), any_of: vec!["5".into()] });
    let mut answers = submission(&[("B1", "5")]);
    assert_eq!(shown(&q, &answers).get("C1"), Some(&false));
    answers.insert("B0".into(), AnswerValue::Choice("1".into()));
    assert_eq!(shown(&q, &answers).get("C1"), Some(&true));
}

#[test]
fn option_codes_match_without_case() -> Result<(), Vec<AnswerError>> {
    let got = validate(&questionnaire(), &submission(&with(&[("R3", "B")])))?;
    assert_eq!(got.answers.get("R3"), Some(&AnswerValue::Choices(vec!["b".into()])));
    Ok(())
}
