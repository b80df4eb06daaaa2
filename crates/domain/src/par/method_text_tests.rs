//! Table tests of reading and writing the method column.

use super::*;

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or(Points(i64::MIN))
}

fn th(min: &str, points: &str) -> Threshold {
    Threshold { min: p(min), points: p(points) }
}

#[test]
fn reads_what_provinces_write() {
    let levels = |pairs: &[(&str, &str)]| ScoringMethod::Levels {
        levels: pairs.iter().map(|(l, x)| Level { label: l.to_string(), points: p(x) }).collect(),
    };
    let survey = ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] };
    let cases: Vec<(&str, Option<ScoringMethod>, Option<Component>)> = vec![
        ("", None, None),
        ("Đạt: 1; Không đạt: 0", Some(levels(&[("Đạt", "1"), ("Không đạt", "0")])), None),
        (
            "Ban hành đúng hạn: 1\nBan hành chậm: 0,5\nKhông ban hành: 0",
            Some(levels(&[("Ban hành đúng hạn", "1"), ("Ban hành chậm", "0,5"), ("Không ban hành", "0")])),
            None,
        ),
        (
            "100% = 1; 80-<100% = 0,5; <80% = 0",
            Some(ScoringMethod::Ratio { thresholds: vec![th("100", "1"), th("80", "0,5")] }),
            None,
        ),
        (
            "Từ 90% trở lên: 2; từ 70% đến dưới 90%: 1; dưới 70%: 0",
            Some(ScoringMethod::Ratio { thresholds: vec![th("90", "2"), th("70", "1")] }),
            None,
        ),
        ("Trên 95%: 1; ≤ 95%: 0", Some(ScoringMethod::Ratio { thresholds: vec![th("95,01", "1")] }), None),
        ("Có/Không", Some(ScoringMethod::YesNo), None),
        ("có / không", Some(ScoringMethod::YesNo), None),
        ("Chấm theo kết quả điều tra XHH", Some(survey.clone()), Some(Component::Survey)),
        ("Theo Chỉ số SIPAS của tỉnh", Some(survey.clone()), Some(Component::Sipas)),
        ("Theo kết quả khảo sát lãnh đạo, quản lý", Some(survey.clone()), Some(Component::LeaderSurvey)),
        (
            "Chấm theo kết quả điều tra XHH: từ 90 = 2; từ 70 = 1",
            Some(ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![th("90", "2"), th("70", "1")] }),
            Some(Component::Survey),
        ),
        ("Trừ 0,25 điểm/nhiệm vụ chậm", Some(ScoringMethod::Deduction { per_occurrence: p("0,25") }), None),
        ("Tỷ lệ × điểm tối đa", Some(ScoringMethod::Proportional { full_at: Points::HUNDRED }), None),
        ("Tỷ lệ x điểm tối đa, đủ điểm từ 90%", Some(ScoringMethod::Proportional { full_at: p("90") }), None),
        ("Chấm lẻ đến 0,25 điểm", Some(ScoringMethod::Manual { step: p("0,25") }), None),
    ];
    for (text, method, component) in cases {
        let got = parse_method_text(text);
        assert_eq!((got.method, got.component, got.warning), (method, component, None), "{text}");
    }
}

#[test]
fn unknown_text_is_manual_with_a_warning() {
    let got = parse_method_text("Hội đồng xem xét,  đánh giá");
    assert_eq!(got.method, None);
    assert_eq!(
        got.warning.as_deref(),
        Some("Không nhận ra phương pháp chấm «Hội đồng xem xét, đánh giá»: chấm tự do từ 0 đến điểm tối đa.")
    );
}

#[test]
fn not_applicable_line() {
    let got = parse_method_text("Đạt: 1; Không đạt: 0\nTrường hợp không phát sinh thì không chấm.");
    assert!(got.may_be_not_applicable);
    assert!(matches!(got.method, Some(ScoringMethod::Levels { ref levels }) if levels.len() == 2));
    let only = parse_method_text("Không phát sinh: không tính");
    assert_eq!((only.method, only.may_be_not_applicable, only.warning), (None, true, None));
}

#[test]
fn written_text_reads_back() {
    let methods: Vec<(Option<ScoringMethod>, Component)> = vec![
        (None, Component::Appraised),
        (Some(ScoringMethod::YesNo), Component::Appraised),
        (
            Some(ScoringMethod::Levels {
                levels: vec![
                    Level { label: "Tốt".into(), points: p("1") },
                    Level { label: "Chưa tốt".into(), points: p("0,25") },
                ],
            }),
            Component::Appraised,
        ),
        (Some(ScoringMethod::Ratio { thresholds: vec![th("100", "1"), th("80", "0,5")] }), Component::Appraised),
        (Some(ScoringMethod::Proportional { full_at: p("90") }), Component::Appraised),
        (Some(ScoringMethod::Manual { step: p("0,5") }), Component::Appraised),
        (Some(ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] }), Component::Sipas),
        (Some(ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] }), Component::LeaderSurvey),
        (Some(ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] }), Component::Impact),
        (Some(ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![th("90", "2")] }), Component::Survey),
        (Some(ScoringMethod::Deduction { per_occurrence: p("0,5") }), Component::Appraised),
    ];
    for (method, component) in methods {
        for na in [false, true] {
            let text = method_text(method.as_ref(), component, na);
            let back = parse_method_text(&text);
            assert_eq!(back.method, method, "{text}");
            assert_eq!(back.may_be_not_applicable, na, "{text}");
            assert_eq!(back.warning, None, "{text}");
            if method.as_ref().is_some_and(|m| matches!(m, ScoringMethod::Survey { .. })) {
                assert_eq!(back.component, Some(component), "{text}");
            }
        }
    }
}
