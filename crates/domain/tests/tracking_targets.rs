//! Numbers typed the Vietnamese way, target values per level, achievement entry and
//! attainment.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use cchc_domain::tracking::attainment::{attainment, attainment_for, AttainmentStatus, Direction};
use cchc_domain::tracking::number::{parse_number, NumberError};
use cchc_domain::tracking::targets::{
    applicable_target, level_of_kind, parse_level_values, validate_achievement, AchievementInput, LevelValue,
    TargetLevel, TargetMeasure,
};
use cchc_domain::unit::UnitKind;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn numbers() {
    let ok = [
        ("88,18", 88.18),
        ("88.18", 88.18),
        ("1.234", 1234.0),
        ("1.234,5", 1234.5),
        ("1,234.5", 1234.5),
        ("1.234.567", 1_234_567.0),
        ("1,234,567", 1_234_567.0),
        ("1.234.567,89", 1_234_567.89),
        ("1,234", 1.234),
        ("100.000", 100_000.0),
        ("0.123", 0.123),
        ("0,5", 0.5),
        ("12.5", 12.5),
        ("1.2345", 1.2345),
        ("100%", 100.0),
        (" 70 % ", 70.0),
        ("1 234", 1234.0),
        ("1\u{a0}234,5", 1234.5),
        ("-5", -5.0),
        ("+3", 3.0),
        ("28", 28.0),
    ];
    for (text, want) in ok {
        let got = parse_number(text);
        assert!(got.as_ref().is_ok_and(|v| close(*v, want)), "{text}: {got:?}");
    }
    assert_eq!(parse_number(""), Err(NumberError::Empty));
    assert_eq!(parse_number("   "), Err(NumberError::Empty));
    for bad in ["abc", "1,2,3", "5,", ",5", "1.23.4", "1e5", "--1", "%", "-", "12,3.4", "1.2,3.4", "1..2", "½"] {
        assert!(matches!(parse_number(bad), Err(NumberError::Invalid(_))), "{bad}");
    }
    assert_eq!(
        parse_number("8x").err().map(|e| e.to_string()),
        Some("Không đọc được số «8x»; hãy nhập dạng 88,18 hoặc 1.234.".to_string())
    );
}

#[test]
fn target_for_a_unit_by_level() {
    use TargetLevel::*;
    let lv = |level, value| LevelValue { level, value };
    let levels = [lv(Province, 100.0), lv(District, 90.0), lv(Commune, 70.0)];
    let all_only = [lv(All, 80.0)];
    let mixed = [lv(Commune, 70.0), lv(All, 95.0)];
    let cases: Vec<(&[LevelValue], UnitKind, Option<f64>)> = vec![
        (&levels, UnitKind::Department, Some(100.0)),
        (&levels, UnitKind::Province, Some(100.0)),
        (&levels, UnitKind::Central, Some(100.0)),
        (&levels, UnitKind::District, Some(90.0)),
        (&levels, UnitKind::Commune, Some(70.0)),
        (&levels, UnitKind::Other, None),
        (&all_only, UnitKind::Commune, Some(80.0)),
        (&all_only, UnitKind::Other, Some(80.0)),
        (&mixed, UnitKind::District, Some(95.0)),
        (&mixed, UnitKind::Commune, Some(70.0)),
        (&[], UnitKind::Commune, None),
    ];
    for (values, kind, want) in cases {
        assert_eq!(applicable_target(values, kind), want, "{kind:?} in {values:?}");
    }
    assert_eq!(level_of_kind(UnitKind::District), Some(District));
    assert_eq!(level_of_kind(UnitKind::Other), None);
    for l in TargetLevel::ALL {
        assert_eq!(TargetLevel::parse(l.code()), Some(l));
    }
}

#[test]
fn level_values_form() {
    use TargetLevel::*;
    let got =
        parse_level_values(TargetMeasure::Rate, &[(Province, "100"), (District, "90%"), (Commune, "70,5"), (All, " ")]);
    let want = vec![
        LevelValue { level: Province, value: 100.0 },
        LevelValue { level: District, value: 90.0 },
        LevelValue { level: Commune, value: 70.5 },
    ];
    assert_eq!(got, Ok(want));
    type Inputs<'a> = Vec<(TargetLevel, &'a str)>;
    let cases: Vec<(TargetMeasure, Inputs, &str, &str)> = vec![
        (TargetMeasure::Rate, vec![(District, "120")], "value_district", "Tỷ lệ phải từ 0 đến 100%."),
        (TargetMeasure::Rate, vec![(Commune, "-1")], "value_commune", "Tỷ lệ phải từ 0 đến 100%."),
        (TargetMeasure::Count, vec![(All, "-28")], "value_all", "Số lượng không được âm."),
        (
            TargetMeasure::Count,
            vec![(All, ""), (Province, " ")],
            "values",
            "Cần nhập giá trị chỉ tiêu cho ít nhất một cấp.",
        ),
        (TargetMeasure::Rate, vec![(All, "90"), (All, "80")], "value_all", "Mỗi cấp chỉ có một giá trị chỉ tiêu."),
        (
            TargetMeasure::Rate,
            vec![(Province, "chín mươi")],
            "value_province",
            "Không đọc được số «chín mươi»; hãy nhập dạng 88,18 hoặc 1.234.",
        ),
    ];
    for (measure, inputs, field, message) in cases {
        let errs = parse_level_values(measure, &inputs).err().unwrap_or_default();
        assert_eq!(errs.get(field), Some(message), "{inputs:?}");
    }
    assert_eq!(
        parse_level_values(TargetMeasure::Count, &[(All, "1.234")]),
        Ok(vec![LevelValue { level: All, value: 1234.0 }])
    );
}

fn input(value: &str, numerator: &str, denominator: &str) -> AchievementInput {
    AchievementInput {
        unit_id: Some(7),
        period: "2025-q1".into(),
        value: value.into(),
        numerator: numerator.into(),
        denominator: denominator.into(),
        note: "  theo   báo cáo ".into(),
    }
}

#[test]
fn achievement_entry() {
    let rate = TargetMeasure::Rate;
    let count = TargetMeasure::Count;
    let ok: Vec<(TargetMeasure, AchievementInput, f64)> = vec![
        (rate, input("", "45", "50"), 90.0),
        (rate, input("88,18", "", ""), 88.18),
        (rate, input("90,4", "45", "50"), 90.0),
        (rate, input("", "0", "12"), 0.0),
        (rate, input("100", "1.234", "1.234"), 100.0),
        (count, input("1.234", "", ""), 1234.0),
        (count, input("0", "", ""), 0.0),
    ];
    for (measure, inp, want) in ok {
        let got = validate_achievement(&inp, measure);
        assert!(got.as_ref().is_ok_and(|a| close(a.value, want)), "{inp:?}: {got:?}");
    }
    let a = validate_achievement(&input("", "45", "50"), rate).unwrap();
    assert_eq!((a.unit_id, a.period.as_str(), a.note.as_str()), (7, "2025-q1", "theo báo cáo"));
    assert_eq!((a.numerator, a.denominator), (Some(45.0), Some(50.0)));
    let bad: Vec<(TargetMeasure, AchievementInput, &str, &str)> = vec![
        (rate, input("", "", ""), "value", "Cần nhập kết quả: tỷ lệ (%), hoặc tử số và mẫu số."),
        (rate, input("", "51", "50"), "numerator", "Tử số không được lớn hơn mẫu số."),
        (rate, input("", "0", "0"), "denominator", "Mẫu số phải lớn hơn 0."),
        (rate, input("", "3", ""), "denominator", "Cần nhập mẫu số khi đã nhập tử số."),
        (rate, input("", "", "50"), "numerator", "Cần nhập tử số khi đã nhập mẫu số."),
        (rate, input("", "-1", "50"), "numerator", "Tử số không được âm."),
        (rate, input("120", "", ""), "value", "Tỷ lệ phải từ 0 đến 100%."),
        (rate, input("80", "45", "50"), "value", "Tỷ lệ đã nhập không khớp với tử số / mẫu số (tính được 90,00%)."),
        (rate, input("", "4x", "50"), "numerator", "Không đọc được số «4x»; hãy nhập dạng 88,18 hoặc 1.234."),
        (count, input("", "", ""), "value", "Cần nhập kết quả đạt được."),
        (count, input("-2", "", ""), "value", "Số lượng không được âm."),
        (count, input("5", "5", ""), "numerator", "Chỉ tiêu dạng số lượng không nhập tử số, mẫu số."),
    ];
    for (measure, inp, field, message) in bad {
        let errs = validate_achievement(&inp, measure).err().unwrap_or_default();
        assert_eq!(errs.get(field), Some(message), "{inp:?}: {errs:?}");
    }
    let nobody = AchievementInput { unit_id: None, period: " ".into(), ..input("90", "", "") };
    let errs = validate_achievement(&nobody, rate).err().unwrap_or_default();
    assert_eq!((errs.get("unit_id"), errs.get("period")), (Some("Cần chọn đơn vị."), Some("Cần chọn kỳ báo cáo.")));
    let odd = AchievementInput { period: "quý 1".into(), ..input("90", "", "") };
    assert_eq!(
        validate_achievement(&odd, rate).err().unwrap_or_default().get("period"),
        Some("Kỳ báo cáo không hợp lệ.")
    );
}

#[test]
fn attainment_table() {
    use AttainmentStatus::*;
    use Direction::*;
    // (target, achieved, direction, status, ratio)
    type Case = (Option<f64>, Option<f64>, Direction, AttainmentStatus, Option<f64>);
    let cases: Vec<Case> = vec![
        (Some(100.0), Some(100.0), HigherIsBetter, Met, Some(1.0)),
        (Some(90.0), Some(88.18), HigherIsBetter, NotMet, Some(88.18 / 90.0)),
        (Some(70.0), Some(75.0), HigherIsBetter, Met, Some(75.0 / 70.0)),
        (Some(0.3), Some(0.1 + 0.2), HigherIsBetter, Met, Some((0.1 + 0.2) / 0.3)),
        (Some(0.0), Some(0.0), HigherIsBetter, Met, None),
        (Some(90.0), None, HigherIsBetter, NoData, None),
        (None, Some(50.0), HigherIsBetter, NoTarget, None),
        // `giảm 28 biên chế` recorded as posts cut.
        (Some(28.0), Some(30.0), HigherIsBetter, Met, Some(30.0 / 28.0)),
        (Some(28.0), Some(20.0), HigherIsBetter, NotMet, Some(20.0 / 28.0)),
        // Late dossiers below 2%, or a headcount ceiling.
        (Some(2.0), Some(1.5), LowerIsBetter, Met, Some(2.0 / 1.5)),
        (Some(2.0), Some(2.5), LowerIsBetter, NotMet, Some(0.8)),
        (Some(2.0), Some(0.0), LowerIsBetter, Met, None),
        (Some(1200.0), None, LowerIsBetter, NoData, None),
    ];
    for (target, achieved, dir, status, ratio) in cases {
        let a = attainment(target, achieved, dir);
        assert_eq!(a.status, status, "{target:?} {achieved:?} {dir:?}");
        match (a.ratio, ratio) {
            (Some(x), Some(y)) => assert!(close(x, y), "ratio {x} vs {y}"),
            (x, y) => assert_eq!(x, y),
        }
    }
    let levels = [LevelValue { level: TargetLevel::District, value: 90.0 }];
    assert_eq!(attainment_for(&levels, UnitKind::District, Some(92.0), HigherIsBetter).status, Met);
    assert_eq!(attainment_for(&levels, UnitKind::Commune, Some(92.0), HigherIsBetter).status, NoTarget);
    assert_eq!(NoData.label_vi(), "Chưa có số liệu");
}
