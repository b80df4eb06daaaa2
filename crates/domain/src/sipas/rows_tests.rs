//! Tests of the questionnaire row layout: a hand-written sheet, problems by row, round trips.

use super::*;
use crate::sipas::fixture::questionnaire;
use crate::sipas::templates::questionnaire_template;

fn rows(lines: &[&str]) -> Vec<(u32, Vec<String>)> {
    lines.iter().zip(1..).map(|(line, n)| (n, line.split('|').map(|c| c.replace("\\n", "\n")).collect())).collect()
}

fn without_rows(mut sections: Vec<Section>) -> Vec<Section> {
    for s in &mut sections {
        s.source_row = None;
        for q in &mut s.questions {
            q.source_row = None;
        }
    }
    sections
}

#[test]
fn reads_a_hand_written_sheet() {
    use unicode_normalization::UnicodeNormalization;
    let header: String =
        "Mã | Phần / Yếu tố | Câu hỏi | Loại | Lựa chọn | Bắt buộc | Điều kiện | Trọng số".nfd().collect();
    let lines = vec![
        "PHIẾU KHẢO SÁT | | | | | | |",
        header.as_str(),
        "TC | Tiếp cận dịch vụ | | yếu tố | | | | 2",
        "TC1 | | Có biển chỉ dẫn | Thang 5 mức | KTL = Không trả lời | x | | 0,5",
        " | | | | | | |",
        "TC2 | | Có ghế ngồi | thang 5 muc | | | Khi TC1 = 4, 5 |",
        "TTN | Thông tin người trả lời | | Thông tin người trả lời | | | |",
        "TTN1 | | Giới tính | Một lựa chọn | 1 = Nam; 2 = Nữ; 9 = Không trả lời | | |",
        "TTN2 | | Tuổi | Số | Từ 18 đến 100 | | |",
        "TTN3 | | Kênh | Nhiều lựa chọn | a = Giấy\\nb = Web | Có | TTN1: 1; 2 |",
        "MO1 | | Góp ý | Văn bản | Tối đa 200 ký tự | | |",
    ];
    // Columns are found by their titles: every row is written right to left.
    let mut parsed_rows = rows(&lines);
    for (_, cells) in parsed_rows.iter_mut() {
        cells.reverse();
    }
    let parsed = parse_rows(&parsed_rows);
    assert_eq!(parsed.problems, vec![]);
    let s = &parsed.sections;
    assert_eq!(s.len(), 2);
    assert_eq!(
        (s[0].code.as_str(), s[0].kind, s[0].weight, s[0].source_row),
        ("TC", SectionKind::Factor, Points::whole(2), Some(3))
    );
    let tc1 = &s[0].questions[0];
    assert_eq!(
        (tc1.kind.clone(), tc1.no_answer.as_deref(), tc1.required, tc1.weight),
        (QuestionKind::Scale5, Some("KTL"), true, Points(50))
    );
    let tc2 = &s[0].questions[1];
    assert_eq!(tc2.condition, Some(Condition { question: "TC1".into(), any_of: vec!["4".into(), "5".into()] }));
    assert_eq!((tc2.source_row, tc2.weight), (Some(6), Points::whole(1)));
    let ttn = &s[1].questions;
    assert_eq!(ttn[0].kind.options().len(), 2);
    assert_eq!(ttn[0].no_answer.as_deref(), Some("9"));
    assert_eq!(ttn[1].kind, QuestionKind::Number { min: Some(18), max: Some(100) });
    assert_eq!(ttn[2].kind.options().iter().map(|o| o.code.as_str()).collect::<Vec<_>>(), vec!["a", "b"]);
    assert_eq!(ttn[2].condition.as_ref().map(|c| c.any_of.len()), Some(2));
    assert!(ttn[2].required);
    assert_eq!(s[1].questions[3].kind, QuestionKind::Text { max_len: 200 });
}

#[test]
fn every_problem_by_row() {
    let lines = vec![
        "Mã | Phần / Yếu tố | Câu hỏi | Loại | Lựa chọn | Bắt buộc | Điều kiện | Trọng số",
        "X0 | | Trước phần đầu | Thang 5 mức | | | |",
        "TC | Tiếp cận | | Yếu tố | | | | nhiều",
        "TC1 | | Nội dung | Thang 7 mức | | | |",
        "TC2 | | Nội dung | | | | |",
        "TC3 | | Nội dung | Một lựa chọn | Nam; 2 = Nữ | | |",
        "TC4 | | Nội dung | Thang 5 mức | 6 = Tuyệt vời | có thể | TC1 | 0,125",
        "TC5 | | Nội dung | Văn bản | | | |",
        "TC6 | | Nội dung | Số | khoảng 10 | | |",
    ];
    let parsed = parse_rows(&rows(&lines));
    let got: Vec<(Option<u32>, &str)> = parsed.problems.iter().map(|p| (p.row, p.message.as_str())).collect();
    let want: Vec<(Option<u32>, &str)> = vec![
        (Some(2), "Câu X0 nằm trước phần đầu tiên của phiếu."),
        (Some(3), "Trọng số: Không đọc được điểm «nhiều»; hãy nhập dạng 0,5 hoặc 1."),
        (Some(4), "Không rõ loại câu hỏi «Thang 7 mức»."),
        (Some(5), "Câu TC2 chưa ghi loại câu hỏi."),
        (Some(6), "Lựa chọn «Nam» cần viết dạng «mã = nội dung»."),
        (Some(7), "Câu thang 5 mức chỉ có các mức 1–5 và «Không trả lời» (không có «6»)."),
        (Some(7), "Cột Bắt buộc chỉ ghi «Có» hoặc để trống (đang là «có thể»)."),
        (Some(7), "Điều kiện «TC1» cần viết dạng «TC1 = 4, 5»."),
        (Some(7), "Trọng số: Điểm «0,125» có quá 2 chữ số thập phân."),
        (Some(8), "Câu trả lời tự do cần ghi «Tối đa … ký tự» ở cột Lựa chọn."),
        (Some(9), "Không đọc được «khoảng 10» ở cột Lựa chọn."),
    ];
    assert_eq!(got, want);
    assert!(parsed.problems.iter().all(|p| p.severity == Severity::Error));
    let no_header = parse_rows(&rows(&["TC | Tiếp cận | | Yếu tố"]));
    assert_eq!((no_header.sections.len(), no_header.problems.len()), (0, 1));
}

#[test]
fn questionnaires_round_trip() -> Result<(), serde_json::Error> {
    for q in [questionnaire(), questionnaire_template()?] {
        let exported = export_rows(&q.sections);
        assert_eq!(exported[0], HEADER.map(String::from).to_vec());
        let numbered: Vec<(u32, Vec<String>)> = exported.into_iter().zip(1..).map(|(r, n)| (n, r)).collect();
        let parsed = parse_rows(&numbered);
        assert_eq!(parsed.problems, vec![], "{}", q.code);
        assert_eq!(without_rows(parsed.sections), q.sections, "{}", q.code);
    }
    Ok(())
}

#[test]
fn exported_cells_are_readable() -> Result<(), serde_json::Error> {
    let q = questionnaire_template()?;
    let exported = export_rows(&q.sections);
    let row = |code: &str| exported.iter().find(|r| r[0] == code).cloned().unwrap_or_default();
    assert_eq!(row("TC"), vec!["TC", "Tiếp cận dịch vụ hành chính công", "", "Yếu tố", "", "", "", "1"]);
    assert_eq!(row("TT5")[4], "Từ 1 đến 50\nKTL = Không trả lời");
    assert_eq!(row("KQ4")[6], "KQ3 = 3");
    assert_eq!(row("MO1")[4], "Tối đa 1000 ký tự");
    assert!(row("TC1")[4].starts_with("1 = Rất không hài lòng\n2 = Không hài lòng"));
    Ok(())
}
