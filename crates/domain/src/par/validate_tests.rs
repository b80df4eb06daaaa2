//! Tests of criteria set validation: every problem listed with its row.

use super::*;
use crate::par::criteria::{Component, ComponentShare};
use crate::par::method::{Level, ScoringMethod};
use crate::par::score::tests::sample_set;

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or(Points(i64::MIN))
}

fn node_mut<'a>(nodes: &'a mut [Node], code: &str) -> Option<&'a mut Node> {
    nodes.iter_mut().find_map(|n| if n.code == code { Some(n) } else { node_mut(&mut n.children, code) })
}

fn with_rows(mut set: CriteriaSet) -> CriteriaSet {
    fn number(nodes: &mut [Node], next: &mut u32) {
        for n in nodes {
            n.source_row = Some(*next);
            *next += 1;
            number(&mut n.children, next);
        }
    }
    let mut next = 5;
    number(&mut set.areas, &mut next);
    set
}

#[test]
fn a_sound_set_has_no_problem() {
    let mut set = sample_set();
    set.components = vec![
        ComponentShare { component: Component::Appraised, points: p("7") },
        ComponentShare { component: Component::Survey, points: p("3") },
    ];
    assert_eq!(validate_set(&set), vec![]);
}

#[test]
fn every_problem_with_its_row() {
    // Rows: 1=5, 1.1=6, 1.2=7, 1.3=8, 2=9, 2.1=10, 2.1.1=11, 2.1.2=12, 3=13, 3.1=14.
    let mut set = with_rows(sample_set());
    type Edit = Box<dyn Fn(&mut Node)>;
    let edits: Vec<(&str, Edit)> = vec![
        ("1.1", Box::new(|n| n.max = p("2,5"))),
        ("1.2", Box::new(|n| n.name = " ".into())),
        ("1.3", Box::new(|n| n.max = p("0"))),
        ("2.1.2", Box::new(|n| n.code = "2.1.1".into())),
        (
            "3.1",
            Box::new(|n| {
                n.code = "4.1".into();
                n.method =
                    Some(ScoringMethod::Levels { levels: vec![Level { label: "Tốt".into(), points: p("5") }] });
            }),
        ),
    ];
    for (code, edit) in edits {
        if let Some(n) = node_mut(&mut set.areas, code) {
            edit(n);
        }
    }
    set.total = p("9,5");
    set.components = vec![ComponentShare { component: Component::Appraised, points: p("6") }];
    let got: Vec<String> = validate_set(&set).iter().map(ToString::to_string).collect();
    let want = [
        "Dòng 5: Tổng điểm tối đa các tiêu chí con của 1 là 3,5, khác điểm tối đa 4.",
        "Dòng 7: Tiêu chí 1.2 chưa có tên.",
        "Dòng 8: Điểm tối đa của tiêu chí 1.3 phải lớn hơn 0 (đang là 0).",
        "Dòng 12: Mã 2.1.1 bị trùng (đã có ở dòng 11).",
        "Dòng 14: Tiêu chí 4.1: Mức «Tốt» cho 5 điểm, vượt điểm tối đa 3.",
        "Dòng 14: Mã 4.1: không có tiêu chí cha mã 4.",
        "Dòng 14: Mã 4.1 không khớp vị trí: nằm dưới tiêu chí 3.",
        "Tổng điểm các lĩnh vực là 10, khác thang điểm 9,5.",
        "Các thành phần điểm cộng lại 6, khác thang điểm 9,5.",
        "Điểm thẩm định: các tiêu chí cộng lại 6,5, khác 6 điểm đã khai báo.",
        "Điều tra xã hội học: có 3 điểm tiêu chí nhưng chưa khai báo thành phần này.",
    ];
    assert_eq!(got, want);
    assert!(!is_valid(&validate_set(&set)));
}

#[test]
fn warnings_do_not_block() {
    let mut set = sample_set();
    if let Some(n) = node_mut(&mut set.areas, "2.1") {
        n.method = Some(ScoringMethod::YesNo);
    }
    let problems = validate_set(&set);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].severity, Severity::Warning);
    assert_eq!(problems[0].code.as_deref(), Some("2.1"));
    assert!(is_valid(&problems));
}

#[test]
fn set_level_problems() {
    let mut set = sample_set();
    set.name = String::new();
    set.effective_to = set.effective_from.pred_opt();
    set.areas.clear();
    let got: Vec<String> = validate_set(&set).iter().map(ToString::to_string).collect();
    assert_eq!(
        got,
        vec![
            "Bộ tiêu chí chưa có tên.",
            "Ngày hết hiệu lực trước ngày bắt đầu hiệu lực.",
            "Bộ tiêu chí chưa có lĩnh vực nào.",
            "Tổng điểm các lĩnh vực là 0, khác thang điểm 10.",
        ]
    );
}
