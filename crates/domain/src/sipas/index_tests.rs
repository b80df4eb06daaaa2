//! Table tests of the index formula with hand-computed values.

use super::*;
use crate::par::{Points, ScoreError, ScoringMethod, Threshold};
use crate::sipas::compare::{compare, par_points, proportional_survey_method};
use crate::sipas::fixture::{answers, formula, questionnaire};

/// R1–R4 of the hand computation (C1 never answered):
///
/// | resp. | A1  | A2  | B0 | B1     |
/// |-------|-----|-----|----|--------|
/// | R1    | 5   | 2   | 1  | 3      |
/// | R2    | 3   | KTL | 2  | hidden |
/// | R3    | 4   | 2   | 1  | KTL    |
/// | R4    | KTL | 5   | 1  | 5      |
fn four() -> Vec<NormalisedAnswers> {
    vec![
        answers(&[("A1", "5"), ("A2", "2"), ("B0", "1"), ("B1", "3")]),
        answers(&[("A1", "3"), ("A2", "KTL"), ("B0", "2")]),
        answers(&[("A1", "4"), ("A2", "2"), ("B0", "1"), ("B1", "KTL")]),
        answers(&[("A1", "KTL"), ("A2", "5"), ("B0", "1"), ("B1", "5")]),
    ]
}

fn pct(text: &str) -> Option<Points> {
    Points::parse(text).ok()
}

fn run(config: &FormulaConfig, set: &[NormalisedAnswers]) -> SipasResult {
    compute(&questionnaire(), config, set).unwrap_or_else(|e| panic!("{e:?}"))
}

/// (valid, satisfied, percent) of a question.
fn q_figures(r: &SipasResult, code: &str) -> (u64, u64, Option<Points>) {
    let q = r.question(code).unwrap_or_else(|| panic!("no {code}"));
    (q.valid, q.satisfied, q.share.and_then(|s| s.percent))
}

#[test]
fn index_formula_table() {
    let simple = formula(3);
    let weighted = FormulaConfig { content_mean: Mean::Weighted, factor_mean: Mean::Weighted, ..formula(3) };
    let no_answer_valid = FormulaConfig { no_answer_is_valid: true, ..formula(3) };
    let only5 = FormulaConfig { satisfied: vec![5], ..formula(3) };
    // (name, config, A1, A2, B1, factor A, factor B, index)
    type Q = (u64, u64, &'static str);
    type Case = (&'static str, FormulaConfig, Q, Q, Q, &'static str, &'static str, &'static str);
    let cases: Vec<Case> = vec![
        // A1 2/3, A2 1/3 → A 1/2; B1 1/2 (R2 hidden, R3 KTL out) → B 1/2; C has no value,
        // left out: index (1/2 + 1/2) / 2, not (1/2 + 1/2 + 0) / 3 = 33,33.
        ("simple", simple, (3, 2, "66,67"), (3, 1, "33,33"), (2, 1, "50"), "50", "50", "50"),
        // A = (2/3·1 + 1/3·3) / 4 = 5/12; index = (5/12·1 + 1/2·2) / 3 = 17/36.
        ("weighted", weighted, (3, 2, "66,67"), (3, 1, "33,33"), (2, 1, "50"), "41,67", "50", "47,22"),
        // KTL in the denominator: A1 2/4, A2 1/4 → A 3/8; B1 1/3; index (3/8 + 1/3) / 2 = 17/48.
        ("KTL valid", no_answer_valid, (4, 2, "50"), (4, 1, "25"), (3, 1, "33,33"), "37,5", "33,33", "35,42"),
        // Only "Rất hài lòng": A1 1/3, A2 1/3 → A 1/3; B1 1/2; index 5/12.
        ("only 5", only5, (3, 1, "33,33"), (3, 1, "33,33"), (2, 1, "50"), "33,33", "50", "41,67"),
    ];
    for (name, config, a1, a2, b1, fa, fb, index) in cases {
        let r = run(&config, &four());
        for (code, (valid, satisfied, percent)) in [("A1", a1), ("A2", a2), ("B1", b1)] {
            assert_eq!(q_figures(&r, code), (valid, satisfied, pct(percent)), "{name} {code}");
        }
        let factor = |code: &str| r.factor(code).and_then(|f| f.share.percent);
        assert_eq!((factor("A"), factor("B"), factor("C")), (pct(fa), pct(fb), None), "{name}");
        assert_eq!(r.index.percent, pct(index), "{name}");
        assert_eq!(r.respondents, 4, "{name}");
    }
}

#[test]
fn shares_are_exact_and_counts_are_kept() {
    let r = run(&formula(3), &four());
    let a1 = r.question("A1").unwrap_or_else(|| panic!("A1"));
    assert_eq!(a1.share.and_then(|s| s.value), crate::rank::Fraction::new(2, 3));
    assert_eq!((a1.shown, a1.no_answer, a1.in_index), (4, 1, true));
    let counts: Vec<(&str, u64)> = a1.counts.iter().map(|c| (c.code.as_str(), c.count)).collect();
    assert_eq!(counts, vec![("1", 0), ("2", 0), ("3", 1), ("4", 1), ("5", 1), ("KTL", 1)]);
    let b1 = r.question("B1").unwrap_or_else(|| panic!("B1"));
    assert_eq!((b1.shown, b1.valid, b1.no_answer), (3, 2, 1), "R2 did not see B1");
    let b0 = r.question("B0").unwrap_or_else(|| panic!("B0"));
    assert_eq!((b0.valid, b0.share, b0.in_index), (4, None, false));
    let b0_counts: Vec<u64> = b0.counts.iter().map(|c| c.count).collect();
    assert_eq!(b0_counts, vec![3, 1]);
    assert!(r.question("R2").is_none() && r.question("O1").is_none(), "numbers and texts have no figures");
    let a = r.factor("A").unwrap_or_else(|| panic!("A"));
    assert_eq!((a.contents, a.contents_with_value), (2, 2));
    let c = r.factor("C").unwrap_or_else(|| panic!("C"));
    assert_eq!((c.contents, c.contents_with_value, c.share.value), (1, 0, None));
}

#[test]
fn small_samples_are_flagged_not_hidden() {
    // Minimum 3: A has 4 respondents with a valid answer, B only 2 (R1, R4), C none.
    let r = run(&formula(3), &four());
    let flag =
        |code: &str| r.factor(code).map(|f| (f.share.respondents, f.share.insufficient, f.share.percent.is_some()));
    assert_eq!(flag("A"), Some((4, false, true)));
    assert_eq!(flag("B"), Some((2, true, true)), "flagged, still computed");
    assert_eq!(flag("C"), Some((0, true, false)));
    assert_eq!((r.index.respondents, r.index.insufficient), (4, false));
    let b1 = r.question("B1").and_then(|q| q.share).map(|s| s.insufficient);
    assert_eq!(b1, Some(true));
    let r5 = run(&formula(5), &four());
    assert!(r5.index.insufficient && r5.index.percent.is_some());
}

#[test]
fn answers_hidden_by_skip_logic_never_count() {
    // Stored answers that bypassed `validate`: B1 answered although B0 = 2 hides it.
    let mut sneaky = answers(&[("A1", "5"), ("A2", "5"), ("B0", "2")]);
    sneaky.answers.insert("B1".into(), AnswerValue::Scale(1));
    let r = run(&formula(1), &[sneaky]);
    let b1 = r.question("B1").map(|q| (q.shown, q.valid));
    assert_eq!(b1, Some((0, 0)));
    assert_eq!(r.factor("B").and_then(|f| f.share.value), None);
    assert_eq!(r.index.percent, pct("100"), "only A counts");
}

#[test]
fn no_answers_no_index() {
    let r = run(&formula(1), &[]);
    assert_eq!((r.index.value, r.index.percent, r.index.insufficient), (None, None, true));
    assert!(r.factors.iter().all(|f| f.share.value.is_none()));
    assert_eq!(par_points(&r, &proportional_survey_method(), Points::whole(10)), Err(ScoreError::ZeroDenominator));
}

#[test]
fn invalid_questionnaire_or_formula_is_refused() {
    let mut q = questionnaire();
    q.sections[0].questions[1].code = "A1".into();
    assert!(compute(&q, &formula(1), &four()).is_err());
    let bad = FormulaConfig { satisfied: vec![], ..formula(1) };
    let problems = compute(&questionnaire(), &bad, &four()).err().unwrap_or_default();
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.starts_with("Công thức:"), "{}", problems[0].message);
}

#[test]
fn comparison_in_percentage_points() {
    // Previous period: R1 and R2 only. A1 1/2, A2 0/1 → A 25; B1 0/1 → B 0 (a real zero);
    // index 12,5.
    let previous = run(&formula(1), &four()[..2]);
    let current = run(&formula(1), &four());
    let cmp = compare(&previous, &current);
    type Line<'a> = (&'a str, Option<Points>, Option<Points>, Option<Points>);
    let lines: Vec<Line<'_>> = cmp.factors.iter().map(|c| (c.code.as_str(), c.previous, c.current, c.change)).collect();
    assert_eq!(
        lines,
        vec![("A", pct("25"), pct("50"), pct("25")), ("B", pct("0"), pct("50"), pct("50")), ("C", None, None, None),]
    );
    assert_eq!((cmp.index.previous, cmp.index.current, cmp.index.change), (pct("12,5"), pct("50"), pct("37,5")));
    let backwards = compare(&current, &previous);
    assert_eq!(backwards.index.change, pct("-37,5"));
}

#[test]
fn par_survey_points_from_the_index() -> Result<(), ScoreError> {
    let weighted = FormulaConfig { content_mean: Mean::Weighted, factor_mean: Mean::Weighted, ..formula(1) };
    let r = run(&weighted, &four());
    // 47,22 % of 10 points = 4,722 → 4,72.
    assert_eq!(par_points(&r, &proportional_survey_method(), Points::whole(10))?, Points(472));
    // 47,22 % of 20 points = 9,444 → 9,44.
    assert_eq!(par_points(&r, &proportional_survey_method(), Points::whole(20))?, Points(944));
    let thresholds = ScoringMethod::Survey {
        scale: Points::HUNDRED,
        thresholds: vec![
            Threshold { min: Points::whole(80), points: Points::whole(2) },
            Threshold { min: Points::whole(40), points: Points::whole(1) },
        ],
    };
    assert_eq!(par_points(&r, &thresholds, Points::whole(2))?, Points::whole(1));
    Ok(())
}
