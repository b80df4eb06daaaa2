//! Table tests of the index formula with hand-computed values.

use chrono::NaiveDate;

use super::*;
use crate::par::bands::Band;
use crate::par::criteria::{SetStatus, UnitGroup};
use crate::par::method::{Level, ScoringMethod};

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or(Points(i64::MIN))
}

fn leaf(code: &str, max: &str, method: ScoringMethod) -> Node {
    let mut n = Node::new(code, &format!("Tiêu chí {code}"), p(max));
    n.method = Some(method);
    n
}

fn parent(code: &str, max: &str, children: Vec<Node>) -> Node {
    let mut n = Node::new(code, &format!("Nhóm {code}"), p(max));
    n.children = children;
    n
}

/// Total 10: area 1 (4) = 1.1 levels 2 + 1.2 yes/no 1 + 1.3 yes/no 1 (may be n/a);
/// area 2 (3) = 2.1 (3, may be n/a) = 2.1.1 manual 1,5 + 2.1.2 deduction 1,5;
/// area 3 (3, survey) = 3.1 survey 3.
pub(crate) fn sample_set() -> CriteriaSet {
    let levels = ScoringMethod::Levels {
        levels: vec![
            Level { label: "Đạt".into(), points: p("2") },
            Level { label: "Một phần".into(), points: p("1") },
            Level { label: "Không đạt".into(), points: p("0") },
        ],
    };
    let mut l13 = leaf("1.3", "1", ScoringMethod::YesNo);
    l13.may_be_not_applicable = true;
    let mut c21 = parent(
        "2.1",
        "3",
        vec![
            leaf("2.1.1", "1,5", ScoringMethod::Manual { step: p("0,25") }),
            leaf("2.1.2", "1,5", ScoringMethod::Deduction { per_occurrence: p("0,5") }),
        ],
    );
    c21.may_be_not_applicable = true;
    let mut area3 =
        parent("3", "3", vec![leaf("3.1", "3", ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] })]);
    area3.component = Some(Component::Survey);
    CriteriaSet {
        code: "thu".into(),
        name: "Bộ thử".into(),
        group: UnitGroup::new(UnitGroup::DEPARTMENTS),
        version: 1,
        effective_from: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default(),
        effective_to: None,
        status: SetStatus::Template,
        frozen: false,
        source: String::new(),
        total: p("10"),
        components: vec![],
        areas: vec![
            parent("1", "4", vec![leaf("1.1", "2", levels), leaf("1.2", "1", ScoringMethod::YesNo), l13]),
            parent("2", "3", vec![c21]),
            area3,
        ],
    }
}

pub(crate) fn bands() -> BandSet {
    let band = |label: &str, min: &str| Band { label: label.into(), min: p(min) };
    BandSet {
        code: "mau".into(),
        name: "Mẫu".into(),
        groups: vec![],
        version: 1,
        effective_from: NaiveDate::from_ymd_opt(2020, 1, 1).unwrap_or_default(),
        effective_to: None,
        status: SetStatus::Template,
        source: String::new(),
        bands: vec![band("Tốt", "80"), band("Khá", "70"), band("Trung bình", "50"), band("Yếu", "0")],
    }
}

pub(crate) fn marks(pairs: &[(&str, Option<&str>)]) -> BTreeMap<String, Mark> {
    pairs.iter().map(|(code, v)| (code.to_string(), v.map_or(Mark::NotApplicable, |t| Mark::Points(p(t))))).collect()
}

#[test]
fn not_applicable_leaf_leaves_the_maximum() -> Result<(), Vec<MarkProblem>> {
    let m = marks(&[
        ("1.1", Some("2")),
        ("1.2", Some("1")),
        ("1.3", None),
        ("2.1.1", Some("1,25")),
        ("2.1.2", Some("1")),
        ("3.1", Some("2,47")),
    ]);
    let r = compute(&sample_set(), &m, Some(&bands()))?;
    // 7,72 / 9 × 100 = 85,777… → 85,78.
    assert_eq!((r.points, r.applicable_max, r.index), (p("7,72"), p("9"), Some(p("85,78"))));
    assert_eq!(r.class.as_deref(), Some("Tốt"));
    assert!(r.missing.is_empty());
    let areas: Vec<(&str, Points, Points, Option<Points>)> =
        r.areas().map(|a| (a.code.as_str(), a.points, a.applicable_max, a.index())).collect();
    assert_eq!(
        areas,
        vec![
            ("1", p("3"), p("3"), Some(p("100"))),
            ("2", p("2,25"), p("3"), Some(p("75"))),
            ("3", p("2,47"), p("3"), Some(p("82,33"))),
        ]
    );
    assert_eq!(
        r.components,
        vec![
            ComponentResult { component: Component::Appraised, points: p("5,25"), applicable_max: p("6") },
            ComponentResult { component: Component::Survey, points: p("2,47"), applicable_max: p("3") },
        ]
    );
    assert_eq!(r.node("1.3").map(|n| (n.not_applicable, n.applicable_max)), Some((true, p("0"))));
    assert_eq!(r.exact_index(), Fraction::new(772, 900));
    Ok(())
}

#[test]
fn not_applicable_parent_and_missing_leaf() -> Result<(), Vec<MarkProblem>> {
    let m = marks(&[("1.1", Some("2")), ("1.2", Some("1")), ("1.3", Some("1")), ("2.1", None), ("2.1.1", Some("1"))]);
    let r = compute(&sample_set(), &m, Some(&bands()))?;
    // 4 / 7 × 100 = 57,142… → 57,14; 3.1 has no mark: 0 points, maximum kept.
    assert_eq!((r.points, r.applicable_max, r.index), (p("4"), p("7"), Some(p("57,14"))));
    assert_eq!(r.class.as_deref(), Some("Trung bình"));
    assert_eq!(r.missing, vec!["3.1".to_string()]);
    let flags: Vec<(&str, bool)> = r.nodes.iter().map(|n| (n.code.as_str(), n.not_applicable)).collect();
    assert_eq!(
        flags,
        vec![
            ("1", false),
            ("1.1", false),
            ("1.2", false),
            ("1.3", false),
            ("2", true),
            ("2.1", true),
            ("2.1.1", true),
            ("2.1.2", true),
            ("3", false),
            ("3.1", false),
        ]
    );
    Ok(())
}

#[test]
fn bands_at_exact_boundaries() -> Result<(), Vec<MarkProblem>> {
    // Base: 1.1 = 2, 1.2 = 1, 1.3 = 0, 2.1.2 = 1; 2.1.1 and 3.1 vary; total 10.
    let cases = [
        ("1,5", "2,5", "80", "Tốt"),
        ("1,5", "2,49", "79,9", "Khá"),
        ("0,75", "2,25", "70", "Khá"),
        ("0,75", "2,24", "69,9", "Trung bình"),
        ("0,75", "0,25", "50", "Trung bình"),
        ("0,75", "0,24", "49,9", "Yếu"),
    ];
    for (c211, c31, want_index, want_class) in cases {
        let m = marks(&[
            ("1.1", Some("2")),
            ("1.2", Some("1")),
            ("1.3", Some("0")),
            ("2.1.1", Some(c211)),
            ("2.1.2", Some("1")),
            ("3.1", Some(c31)),
        ]);
        let r = compute(&sample_set(), &m, Some(&bands()))?;
        assert_eq!(r.index, Some(p(want_index)), "{c211} {c31}");
        assert_eq!(r.class.as_deref(), Some(want_class), "{c211} {c31}");
    }
    Ok(())
}

#[test]
fn published_index_is_rounded_half_up_and_classified_rounded() {
    let cases = [(79_995, 100_000, 8000), (79_994, 100_000, 7999), (2, 3, 6667), (1, 3, 3333), (0, 5, 0)];
    for (points, max, want) in cases {
        assert_eq!(index_of(Points(points), Points(max)), Some(Points(want)), "{points}/{max}");
    }
    assert_eq!(index_of(Points(1), Points(0)), None);
    let shown = index_of(Points(79_995), Points(100_000)).unwrap_or_default();
    assert_eq!(bands().classify(shown).map(|b| b.label.as_str()), Some("Tốt"));
}

#[test]
fn every_mark_problem_is_listed() {
    let m = marks(&[("9.9", Some("1")), ("1.2", None), ("2.1", Some("1")), ("1.1", Some("1,5")), ("2.1.1", Some("2"))]);
    let got = compute(&sample_set(), &m, None).err().unwrap_or_default();
    let messages: Vec<String> = got.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        vec![
            "Tiêu chí 1.1: Điểm 1,5 không thuộc các mức cho phép: 2; 1; 0.",
            "Tiêu chí 1.2 không được đánh dấu «không phát sinh».",
            "Tiêu chí 2.1 có tiêu chí thành phần: chỉ chấm điểm các tiêu chí thành phần.",
            "Tiêu chí 2.1.1: Điểm 2 vượt điểm tối đa 1,5.",
            "Mã tiêu chí 9.9 không có trong bộ tiêu chí.",
        ]
    );
}

#[test]
fn nothing_applicable_has_no_index() -> Result<(), Vec<MarkProblem>> {
    let mut set = sample_set();
    set.areas.truncate(2);
    set.areas.remove(0);
    let r = compute(&set, &marks(&[("2.1", None)]), Some(&bands()))?;
    assert_eq!((r.applicable_max, r.index, r.class), (p("0"), None, None));
    Ok(())
}

#[test]
fn results_serialise() -> Result<(), Box<dyn std::error::Error>> {
    let m = marks(&[("1.3", None), ("1.1", Some("2"))]);
    let r = compute(&sample_set(), &m, None).map_err(|e| format!("{e:?}"))?;
    let back: UnitResult = serde_json::from_str(&serde_json::to_string(&r)?)?;
    assert_eq!(back, r);
    assert_eq!(serde_json::to_string(&Mark::NotApplicable)?, "\"not_applicable\"");
    assert_eq!(serde_json::to_string(&Mark::Points(p("0,5")))?, r#"{"points":0.5}"#);
    Ok(())
}
