//! Tests of the coded answer sheet: per-row errors and the round trip.

use super::*;
use crate::sipas::answers::AnswerValue;
use crate::sipas::fixture::questionnaire;

fn rows(lines: &[&str]) -> Vec<(u32, Vec<String>)> {
    lines.iter().zip(1..).map(|(line, n)| (n, line.split('|').map(|c| c.trim().to_string()).collect())).collect()
}

#[test]
fn rows_become_submissions_with_errors_by_row() {
    let q = questionnaire();
    let lines = [
        "Phiếu nhập liệu SIPAS",
        "Mã phiếu | Đơn vị | Ngày | A1 | A2 | b0 | B1 | R2 | R3 | XX",
        "P1 | Sở Tư pháp | 03/03/2025 | 5 | KTL | 1 | 4 | 30 | a;c | bỏ qua",
        "",
        "P2 | Sở Tư pháp | 2025-03-04 | hài lòng | 3 | 2 | 5 | | |",
        "P1 | Sở Tư pháp | 05/03/2025 | 5 | 5 | 2 | | | |",
        "P3 | | 31/02/2025 | 7 | 4 | 1 | | 150 | |",
        "P4 | UBND xã A | | | 4 | 2 | | mười | |",
    ];
    let parsed = parse_sheet(&q, &rows(&lines));
    let ok: Vec<(u32, &str, Option<&AnswerValue>, Vec<String>)> = parsed
        .sheets
        .iter()
        .map(|s| (s.row, s.sheet.as_str(), s.answers.answers.get("A1"), s.answers.dropped_hidden.clone()))
        .collect();
    let four = AnswerValue::Scale(4);
    let five = AnswerValue::Scale(5);
    assert_eq!(ok, vec![(3, "P1", Some(&five), vec![]), (5, "P2", Some(&four), vec!["B1".to_string()])]);
    let p1 = &parsed.sheets[0];
    assert_eq!(p1.answers.answers.get("R3"), Some(&AnswerValue::Choices(vec!["a".into(), "c".into()])));
    assert_eq!(p1.date, NaiveDate::from_ymd_opt(2025, 3, 3).unwrap_or_default());
    let s = |c: &str| c.to_string();
    let want: Vec<(u32, Vec<AnswerError>)> = vec![
        (2, vec![AnswerError::UnknownColumn(s("XX"))]),
        (6, vec![AnswerError::DuplicateSheet(s("P1"))]),
        (
            7,
            vec![
                AnswerError::BadDate(s("31/02/2025")),
                AnswerError::MissingField("đơn vị"),
                AnswerError::ScaleOutOfRange { code: s("A1"), value: 7 },
                AnswerError::NumberOutOfRange { code: s("R2"), value: 150, range: s("từ 18 đến 100") },
                AnswerError::Missing(s("B1")),
            ],
        ),
        (
            8,
            vec![
                AnswerError::Unreadable { code: s("R2"), text: s("mười") },
                AnswerError::MissingField("ngày"),
                AnswerError::Missing(s("A1")),
            ],
        ),
    ];
    assert_eq!(parsed.errors, want);
}

#[test]
fn a_sheet_without_header_is_one_error() {
    let parsed = parse_sheet(&questionnaire(), &rows(&["P1 | Sở | 03/03/2025 | 5"]));
    assert!(parsed.sheets.is_empty());
    assert_eq!(parsed.errors.len(), 1);
    assert_eq!(parsed.errors[0].0, 1);
}

#[test]
fn exported_sheets_read_back() {
    let q = questionnaire();
    let lines = [
        "Mã phiếu | Đơn vị | Ngày | A1 | A2 | B0 | B1 | R1 | R2 | R3 | O1",
        "P1 | Sở Tư pháp | 03/03/2025 | 5 | KTL | 1 | 4 | KTL | 30 | a;c | Tốt",
        "P2 | UBND xã A | 04/03/2025 | 1 | 2 | 2 | | 2 | | b |",
    ];
    let first = parse_sheet(&q, &rows(&lines));
    assert_eq!(first.errors, vec![]);
    let exported = export_sheet(&q, &first.sheets);
    assert_eq!(exported[0], sheet_header(&q));
    let numbered: Vec<(u32, Vec<String>)> = exported.into_iter().zip(1..).map(|(r, n)| (n, r)).collect();
    let again = parse_sheet(&q, &numbered);
    assert_eq!(again.errors, vec![]);
    let strip = |p: &ParsedSheets| p.sheets.iter().map(|s| CodedSheet { row: 0, ..s.clone() }).collect::<Vec<_>>();
    assert_eq!(strip(&again), strip(&first));
}
