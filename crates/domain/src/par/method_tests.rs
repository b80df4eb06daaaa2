//! Table tests of every scoring method.

use super::*;

type ValidateCase = (&'static str, ScoringMethod, Points, Points, Result<(), ScoreError>);
type PointsCase<'a> = (&'static str, &'a ScoringMethod, Points, ScoreInput, Result<Points, ScoreError>);

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or(Points(i64::MIN))
}

fn levels() -> ScoringMethod {
    ScoringMethod::Levels {
        levels: vec![
            Level { label: "Đạt".into(), points: p("1") },
            Level { label: "Không đạt".into(), points: p("0") },
        ],
    }
}

fn ratio() -> ScoringMethod {
    ScoringMethod::Ratio {
        thresholds: vec![
            Threshold { min: p("80"), points: p("0,5") },
            Threshold { min: p("100"), points: p("1") },
            Threshold { min: p("0"), points: p("0") },
        ],
    }
}

#[test]
fn validate_table() {
    let one = p("1");
    let cases: Vec<ValidateCase> = vec![
        ("levels ok", levels(), one, p("1"), Ok(())),
        ("levels zero", levels(), one, p("0"), Ok(())),
        (
            "levels not a level",
            levels(),
            one,
            p("0,5"),
            Err(ScoreError::NotAllowed { score: p("0,5"), allowed: "1; 0".into() }),
        ),
        ("above max", levels(), one, p("1,5"), Err(ScoreError::AboveMax { score: p("1,5"), max: one })),
        ("negative", levels(), one, p("-0,25"), Err(ScoreError::Negative(p("-0,25")))),
        ("ratio level", ratio(), one, p("0,5"), Ok(())),
        (
            "ratio between levels",
            ratio(),
            one,
            p("0,75"),
            Err(ScoreError::NotAllowed { score: p("0,75"), allowed: "1; 0,5; 0".into() }),
        ),
        ("proportional any", ScoringMethod::Proportional { full_at: Points::HUNDRED }, one, p("0,37"), Ok(())),
        ("yes", ScoringMethod::YesNo, p("2"), p("2"), Ok(())),
        (
            "yes/no half",
            ScoringMethod::YesNo,
            p("2"),
            p("1"),
            Err(ScoreError::NotAllowed { score: p("1"), allowed: "2; 0".into() }),
        ),
        ("manual step ok", ScoringMethod::Manual { step: p("0,25") }, p("2"), p("1,75"), Ok(())),
        (
            "manual off step",
            ScoringMethod::Manual { step: p("0,25") },
            p("2"),
            p("1,8"),
            Err(ScoreError::NotAStep { score: p("1,8"), step: p("0,25") }),
        ),
        ("manual any", ScoringMethod::default_manual(), p("2"), p("1,83"), Ok(())),
        (
            "survey proportional",
            ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] },
            p("10"),
            p("8,23"),
            Ok(()),
        ),
        ("deduction step", ScoringMethod::Deduction { per_occurrence: p("0,5") }, p("2"), p("1"), Ok(())),
        (
            "deduction off step",
            ScoringMethod::Deduction { per_occurrence: p("0,5") },
            p("2"),
            p("1,25"),
            Err(ScoreError::NotAllowed { score: p("1,25"), allowed: "2; 1,5; 1; 0,5; 0".into() }),
        ),
    ];
    for (name, method, max, score, want) in cases {
        assert_eq!(method.validate(max, score), want, "{name}");
    }
}

#[test]
fn error_messages_read_well() {
    let err = ScoreError::AboveMax { score: p("1,5"), max: p("1") };
    assert_eq!(err.to_string(), "Điểm 1,5 vượt điểm tối đa 1.");
    let err = ScoreError::NotAStep { score: p("1,8"), step: p("0,25") };
    assert_eq!(err.to_string(), "Điểm 1,8 phải là bội số của 0,25.");
}

#[test]
fn points_from_table() {
    let one = p("1");
    let counts = |numerator, denominator| ScoreInput::Counts { numerator, denominator };
    let percent = |t: &str| ScoreInput::Percent { value: p(t) };
    let survey = ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] };
    let survey_thresholds = ScoringMethod::Survey {
        scale: Points::HUNDRED,
        thresholds: vec![Threshold { min: p("90"), points: p("2") }, Threshold { min: p("70"), points: p("1") }],
    };
    let proportional = ScoringMethod::Proportional { full_at: Points::HUNDRED };
    let proportional_90 = ScoringMethod::Proportional { full_at: p("90") };
    let deduction = ScoringMethod::Deduction { per_occurrence: p("0,5") };
    let levels = levels();
    let ratio = ratio();
    let yes_no = ScoringMethod::YesNo;
    let manual = ScoringMethod::Manual { step: p("0,25") };
    let cases: Vec<PointsCase<'_>> = vec![
        ("level 0", &levels, one, ScoreInput::Level { index: 0 }, Ok(p("1"))),
        ("level 1", &levels, one, ScoreInput::Level { index: 1 }, Ok(p("0"))),
        ("no level 5", &levels, one, ScoreInput::Level { index: 5 }, Err(ScoreError::NoSuchLevel(5))),
        ("measured yes is the best level", &levels, one, ScoreInput::YesNo { yes: true }, Ok(p("1"))),
        ("measured no is the lowest level", &levels, one, ScoreInput::YesNo { yes: false }, Ok(p("0"))),
        ("ratio 100%", &ratio, one, counts(20, 20), Ok(p("1"))),
        ("ratio 80% exactly", &ratio, one, counts(16, 20), Ok(p("0,5"))),
        ("ratio just under 80%", &ratio, one, counts(79_999, 100_000), Ok(p("0"))),
        ("ratio 99,99%", &ratio, one, percent("99,99"), Ok(p("0,5"))),
        ("ratio over 100%", &ratio, one, counts(21, 20), Ok(p("1"))),
        ("ratio no data", &ratio, one, counts(0, 0), Err(ScoreError::ZeroDenominator)),
        (
            "ratio wrong input",
            &ratio,
            one,
            ScoreInput::YesNo { yes: true },
            Err(ScoreError::WrongInput("tỷ lệ (tử số / mẫu số hoặc %)")),
        ),
        ("proportional 2/3 of 1", &proportional, one, counts(2, 3), Ok(p("0,67"))),
        ("proportional capped", &proportional, one, percent("120"), Ok(p("1"))),
        ("proportional full at 90", &proportional_90, p("2"), percent("45"), Ok(p("1"))),
        ("proportional full at 90 reached", &proportional_90, p("2"), percent("95"), Ok(p("2"))),
        ("yes", &yes_no, p("1,5"), ScoreInput::YesNo { yes: true }, Ok(p("1,5"))),
        ("no", &yes_no, p("1,5"), ScoreInput::YesNo { yes: false }, Ok(p("0"))),
        ("manual typed", &manual, p("2"), ScoreInput::Points { value: p("1,25") }, Ok(p("1,25"))),
        (
            "manual typed over",
            &manual,
            p("2"),
            ScoreInput::Points { value: p("2,25") },
            Err(ScoreError::AboveMax { score: p("2,25"), max: p("2") }),
        ),
        ("survey SIPAS 82,3% of 10", &survey, p("10"), percent("82,3"), Ok(p("8,23"))),
        ("survey 81,23% of 6,5 rounds half up", &survey, p("6,5"), percent("81,23"), Ok(p("5,28"))),
        ("survey thresholds top", &survey_thresholds, p("2"), percent("90"), Ok(p("2"))),
        ("survey thresholds middle", &survey_thresholds, p("2"), percent("89,99"), Ok(p("1"))),
        ("survey thresholds below", &survey_thresholds, p("2"), percent("50"), Ok(p("0"))),
        ("deduction none", &deduction, p("2"), ScoreInput::Occurrences { count: 0 }, Ok(p("2"))),
        ("deduction three", &deduction, p("2"), ScoreInput::Occurrences { count: 3 }, Ok(p("0,5"))),
        ("deduction floors at 0", &deduction, p("2"), ScoreInput::Occurrences { count: 9 }, Ok(p("0"))),
        (
            "typed score checked by levels",
            &levels,
            one,
            ScoreInput::Points { value: p("0,5") },
            Err(ScoreError::NotAllowed { score: p("0,5"), allowed: "1; 0".into() }),
        ),
    ];
    for (name, method, max, input, want) in cases {
        assert_eq!(method.points_from(max, &input), want, "{name}");
    }
}

#[test]
fn descriptions_table() {
    let cases: Vec<(ScoringMethod, &str, &str)> = vec![
        (levels(), "1", "Chọn một mức: Đạt = 1; Không đạt = 0"),
        (ratio(), "1", "Theo tỷ lệ: từ 100% = 1; từ 80% = 0,5; từ 0% = 0"),
        (
            ScoringMethod::Ratio { thresholds: vec![Threshold { min: p("80"), points: p("1") }] },
            "1",
            "Theo tỷ lệ: từ 80% = 1; dưới 80% = 0",
        ),
        (ScoringMethod::Proportional { full_at: Points::HUNDRED }, "2", "Điểm = tỷ lệ đạt được × 2"),
        (ScoringMethod::YesNo, "0,5", "Có = 0,5; Không = 0"),
        (ScoringMethod::Manual { step: p("0,25") }, "2", "Chấm từ 0 đến 2 điểm, bước 0,25"),
        (ScoringMethod::default_manual(), "2", "Chấm từ 0 đến 2 điểm"),
        (
            ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] },
            "10",
            "Theo kết quả điều tra XHH: điểm = kết quả × 10 / 100",
        ),
        (
            ScoringMethod::Deduction { per_occurrence: p("0,25") },
            "1",
            "Tối đa 1 điểm; trừ 0,25 điểm mỗi lần phát sinh, thấp nhất 0",
        ),
    ];
    for (method, max, want) in cases {
        assert_eq!(method.describe(p(max)), want);
    }
}

#[test]
fn method_problems_table() {
    let cases: Vec<(ScoringMethod, &str, Vec<&str>)> = vec![
        (levels(), "1", vec![]),
        (levels(), "0,5", vec!["Mức «Đạt» cho 1 điểm, vượt điểm tối đa 0,5."]),
        (ScoringMethod::Levels { levels: vec![] }, "1", vec!["Phương pháp chọn mức chưa có mức nào."]),
        (ScoringMethod::Ratio { thresholds: vec![] }, "1", vec!["Phương pháp theo tỷ lệ chưa có ngưỡng nào."]),
        (
            ScoringMethod::Ratio {
                thresholds: vec![
                    Threshold { min: p("80"), points: p("1") },
                    Threshold { min: p("80"), points: p("0,5") },
                ],
            },
            "1",
            vec!["Hai ngưỡng có cùng giá trị bắt đầu."],
        ),
        (ScoringMethod::Manual { step: p("0") }, "1", vec!["Bước chấm phải lớn hơn 0 (đang là 0)."]),
        (
            ScoringMethod::Deduction { per_occurrence: p("-1") },
            "1",
            vec!["Số điểm trừ mỗi lần phải lớn hơn 0 (đang là -1)."],
        ),
    ];
    for (method, max, want) in cases {
        assert_eq!(method.problems(p(max)), want, "{method:?}");
    }
}

#[test]
fn methods_serialise_with_a_kind_tag() -> Result<(), serde_json::Error> {
    let json = serde_json::to_string(&ratio())?;
    assert!(json.starts_with(r#"{"kind":"ratio","thresholds":[{"min":80,"points":0.5}"#), "{json}");
    let back: ScoringMethod = serde_json::from_str(&json)?;
    assert_eq!(back, ratio());
    let yes_no: ScoringMethod = serde_json::from_str(r#"{"kind":"yes_no"}"#)?;
    assert_eq!(yes_no, ScoringMethod::YesNo);
    Ok(())
}
