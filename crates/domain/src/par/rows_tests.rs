//! Tests of reading the published row layout, and of the export round trip.

use super::*;
use crate::par::criteria::{Component, CriteriaSet};
use crate::par::export::export_rows;
use crate::par::method::{Level, ScoringMethod, Threshold};
use crate::par::projection::LiveLink;
use crate::par::score::tests::sample_set;
use crate::par::validate::Severity;

fn p(text: &str) -> Points {
    Points::parse(text).unwrap_or(Points(i64::MIN))
}

fn rows(lines: &[&str]) -> Vec<(u32, Vec<String>)> {
    lines.iter().zip(1..).map(|(line, n)| (n, line.split('|').map(|c| c.trim().to_string()).collect())).collect()
}

/// A published table: a title, the header (in NFD, other titles), a repeated header, blank
/// lines, areas in Roman numerals, criteria, numbered and lettered sub-criteria.
fn published() -> Vec<(u32, Vec<String>)> {
    use unicode_normalization::UnicodeNormalization;
    let header: String =
        "STT | Lĩnh vực, tiêu chí, tiêu chí thành phần | Điểm tối đa | Hướng dẫn chấm điểm | Tài liệu kiểm chứng"
            .nfd()
            .collect();
    let lines = vec![
        "BẢNG TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CCHC CÁC SỞ, BAN, NGÀNH | | | |",
        header.as_str(),
        "I | CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH | 3 | |",
        "1 | Kế hoạch CCHC năm | 1,5 | |",
        "1.1 | Ban hành kế hoạch đúng hạn | 0,5 | Đạt: 0,5; Không đạt: 0 | Kế hoạch",
        "1.2 | Mức độ hoàn thành kế hoạch | 1 | 100% = 1; 80-<100% = 0,5; <80% = 0 | Báo cáo",
        "2 | Báo cáo CCHC định kỳ | 1,5 | Trừ 0,5 điểm/báo cáo chậm | Có",
        " | | | |",
        header.as_str(),
        "II | ĐIỀU TRA XÃ HỘI HỌC | 2 | |",
        "3 | Mức độ hài lòng | 2 | |",
        "a | Hài lòng về thủ tục | 1 | Chấm theo kết quả điều tra XHH |",
        "b) | Hài lòng về công chức | 1 | Chấm theo kết quả điều tra XHH |",
        " | Tổng cộng | 5 | |",
    ];
    rows(&lines)
}

#[test]
fn reads_a_published_table() {
    let parsed = parse_rows(&published());
    assert_eq!(parsed.problems, vec![]);
    assert_eq!((parsed.declared_total, parsed.total()), (Some(p("5")), p("5")));
    let codes: Vec<(String, Option<String>, Points, Option<u32>)> =
        crate::par::criteria::CriteriaSet { areas: parsed.areas.clone(), ..sample_set() }
            .walk()
            .iter()
            .map(|r| (r.node.code.clone(), r.node.stt.clone(), r.node.max, r.node.source_row))
            .collect();
    let want: Vec<(&str, &str, &str, u32)> = vec![
        ("1", "I", "3", 3),
        ("1.1", "1", "1,5", 4),
        ("1.1.1", "1.1", "0,5", 5),
        ("1.1.2", "1.2", "1", 6),
        ("1.2", "2", "1,5", 7),
        ("2", "II", "2", 10),
        ("2.3", "3", "2", 11),
        ("2.3.1", "a", "1", 12),
        ("2.3.2", "b)", "1", 13),
    ];
    let want: Vec<(String, Option<String>, Points, Option<u32>)> =
        want.into_iter().map(|(c, s, m, r)| (c.to_string(), Some(s.to_string()), p(m), Some(r))).collect();
    assert_eq!(codes, want);
    let area1 = &parsed.areas[0];
    assert_eq!(area1.name, "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH");
    assert_eq!(
        area1.children[0].children[0].method,
        Some(ScoringMethod::Levels {
            levels: vec![
                Level { label: "Đạt".into(), points: p("0,5") },
                Level { label: "Không đạt".into(), points: p("0") }
            ]
        })
    );
    assert_eq!(
        area1.children[0].children[1].method,
        Some(ScoringMethod::Ratio {
            thresholds: vec![Threshold { min: p("100"), points: p("1") }, Threshold { min: p("80"), points: p("0,5") }]
        })
    );
    assert_eq!(area1.children[1].method, Some(ScoringMethod::Deduction { per_occurrence: p("0,5") }));
    assert!(area1.children[1].evidence_required);
    assert_eq!(parsed.areas[1].children[0].children[1].component, Some(Component::Survey));
}

#[test]
fn every_problem_of_a_broken_table() {
    let lines = [
        "TT | Nội dung | Điểm | Phương pháp chấm",
        "2.1.1 | Không có cha | 1 |",
        "1 | Chỉ đạo điều hành | | ",
        "1.1 | Kế hoạch | | Hội đồng xem xét",
        "1.2 | Báo cáo | 0,125 | Có/Không",
        "x9 | Dòng lạ | 1 |",
        " | ghi chú: chấm theo hướng dẫn | |",
        "2 | Thể chế | 2 |",
        "3.1 | Sai cha | 2 | Có/Không",
        " | Tổng điểm | một trăm |",
    ];
    let parsed = parse_rows(&rows(&lines));
    let got: Vec<(Severity, String)> = parsed.problems.iter().map(|x| (x.severity, x.to_string())).collect();
    let want = vec![
        (Severity::Error, "Dòng 2: STT «2.1.1» không có lĩnh vực hoặc tiêu chí cha."),
        (Severity::Error, "Dòng 5: Điểm tối đa: Điểm «0,125» có quá 2 chữ số thập phân."),
        (Severity::Error, "Dòng 6: Không đọc được STT «x9»."),
        (Severity::Warning, "Dòng 7: Dòng không có STT, bỏ qua: «ghi chú: chấm theo hướng dẫn»."),
        (Severity::Warning, "Dòng 9: STT «3.1» nằm dưới «2»."),
        (Severity::Error, "Dòng 10: Dòng tổng: Không đọc được điểm «một trăm»; hãy nhập dạng 0,5 hoặc 1."),
        (Severity::Error, "Dòng 4: Tiêu chí 1.1 chưa có điểm tối đa."),
        (
            Severity::Warning,
            "Dòng 4: Không nhận ra phương pháp chấm «Hội đồng xem xét»: chấm tự do từ 0 đến điểm tối đa.",
        ),
    ];
    let want: Vec<(Severity, String)> = want.into_iter().map(|(s, m)| (s, m.to_string())).collect();
    assert_eq!(got, want);
    // Without Roman areas "1" is an area; its points are the sum of its children.
    assert_eq!(
        parsed.areas.iter().map(|a| (a.code.as_str(), a.max)).collect::<Vec<_>>(),
        vec![("1", p("0")), ("2", p("2"))]
    );
    assert_eq!(parsed.areas[1].children[0].code, "2.1");
}

#[test]
fn no_header_is_one_error() {
    let parsed = parse_rows(&rows(&["a | b | c", "1 | x | 1"]));
    assert_eq!(parsed.areas, vec![]);
    assert_eq!(parsed.problems.len(), 1);
    assert!(parsed.problems[0].message.starts_with("Không tìm thấy dòng tiêu đề"));
}

#[test]
fn rows_round_trip_through_a_set() {
    let input = published();
    let parsed = parse_rows(&input);
    let set = CriteriaSet { areas: parsed.areas, total: parsed.declared_total.unwrap_or_default(), ..sample_set() };
    let exported = export_rows(&set);
    let meaningful = |rows: &[(u32, Vec<String>)]| -> Vec<Vec<String>> {
        let mut out: Vec<Vec<String>> = Vec::new();
        for (_, cells) in rows.iter().skip(1) {
            let cleaned: Vec<String> = cells.iter().map(|c| crate::text::nfc(c)).collect();
            if cleaned.iter().all(String::is_empty) || (!out.is_empty() && cleaned[0] == "STT") {
                continue;
            }
            out.push(cleaned);
        }
        out
    };
    let mut want = meaningful(&input);
    want[0] = HEADER.iter().map(ToString::to_string).collect();
    for row in &mut want {
        row.resize(5, String::new());
    }
    assert_eq!(exported, want);
}

#[test]
fn set_round_trips_through_rows() {
    let mut set = sample_set();
    set.areas[0].children[0].evidence = "Kế hoạch".into();
    set.areas[0].children[0].evidence_required = true;
    set.areas[0].children[1].owner = Some("so-noi-vu".into());
    set.areas[0].children[0].live = Some(LiveLink::Index766 { code: "TD1".into() });
    set.areas[0].children[1].live = Some(LiveLink::Target { target_id: 12 });
    let exported = export_rows(&set);
    assert_eq!(exported[0][5], OWNER_TITLE);
    assert_eq!(exported[0][6], crate::par::live_text::LIVE_TITLE);
    assert!(exported.iter().all(|r| r.len() == 7), "{exported:?}");
    assert_eq!(exported[1][0], "I");
    let numbered: Vec<(u32, Vec<String>)> = exported.into_iter().zip(1..).map(|(r, n)| (n, r)).collect();
    let parsed = parse_rows(&numbered);
    assert_eq!(parsed.problems, vec![]);
    assert_eq!(parsed.declared_total, Some(set.total));
    let back = CriteriaSet { areas: parsed.areas, ..sample_set() };
    let essence = |s: &CriteriaSet| -> Vec<String> {
        s.walk()
            .iter()
            .map(|r| {
                let n = r.node;
                let method = if n.is_leaf() { Some(n.scoring_method()) } else { None };
                format!(
                    "{} {} {} {:?} {} {} {} {:?} {:?} {:?}",
                    n.code,
                    n.name,
                    n.max,
                    method,
                    n.may_be_not_applicable,
                    n.evidence,
                    n.evidence_required,
                    n.owner,
                    r.component,
                    n.live
                )
            })
            .collect()
    };
    assert_eq!(essence(&back), essence(&set));
}

#[test]
fn an_unreadable_live_link_is_a_problem_of_its_row() {
    let input = rows(&[
        "STT | Tiêu chí | Điểm tối đa | Phương pháp chấm | Tài liệu kiểm chứng | Số liệu theo dõi",
        "I | Chỉ đạo, điều hành | 2 | | |",
        "1 | Hồ sơ đúng hạn | 1 | 100% = 1; <100% = 0 | Báo cáo | Chỉ số 766: TD1",
        "2 | Báo cáo | 1 | Đạt: 1; Không đạt: 0 | Báo cáo | điểm điều tra",
    ]);
    let parsed = parse_rows(&input);
    let errors: Vec<_> = parsed.problems.iter().filter(|p| p.severity == Severity::Error).collect();
    assert_eq!(errors.len(), 1, "{:?}", parsed.problems);
    assert_eq!(errors[0].row, Some(4));
    assert!(errors[0].message.contains("điểm điều tra"), "{}", errors[0].message);
    let first = &parsed.areas[0].children[0];
    assert_eq!(first.live, Some(LiveLink::Index766 { code: "TD1".into() }));
    assert_eq!(parsed.areas[0].children[1].live, None);
}
