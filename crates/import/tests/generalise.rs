//! Layouts not in the shared documents: agency headings with lettered items, a markdown-style
//! pipe table, a tab-separated table with its columns in another order.

use cchc_domain::plan::DocumentKind;
use cchc_import::{parse_document, ParseOptions};
use chrono::NaiveDate;

fn parse(text: &str) -> cchc_domain::plan::ParsedDocument {
    parse_document(text.as_bytes(), None, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn lettered_items_under_agency_headings() {
    let doc = parse(
        "ỦY BAN NHÂN DÂN TỈNH BÌNH ĐỊNH\nSố: 45/TB-UBND\nBình Định, ngày 10 tháng 3 năm 2025\nTHÔNG BÁO\nKẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH\nChủ tịch UBND tỉnh kết luận như sau:\n1. Sở Nội vụ\na) Tham mưu sửa đổi Bộ chỉ số, hoàn thành trước ngày 30/6/2025.\nb) Phối hợp tổ chức kiểm tra trong Quý III năm 2025.\n2. Sở Tư pháp:\n- Rà soát văn bản quy phạm pháp luật, định kỳ hằng quý báo cáo.\nVăn phòng UBND tỉnh thông báo để các cơ quan biết, thực hiện./.\n",
    );
    assert_eq!(doc.document.kind, DocumentKind::Notice);
    assert_eq!(doc.document.province.as_deref(), Some("Bình Định"));
    let got: Vec<(&str, &str)> = doc.tasks.iter().map(|t| (t.code.as_str(), t.lead.text.as_str())).collect();
    assert_eq!(got, [("1.1", "Sở Nội vụ"), ("1.2", "Sở Nội vụ"), ("2.1", "Sở Tư pháp")]);
    assert_eq!(doc.tasks[0].deadline.due, NaiveDate::from_ymd_opt(2025, 6, 30));
    assert_eq!(doc.tasks[1].deadline.due, NaiveDate::from_ymd_opt(2025, 9, 30));
    assert_eq!(doc.tasks[2].deadline.cadence, Some(cchc_domain::deadline::Cadence::Quarterly));
}

#[test]
fn markdown_pipe_table() {
    let doc = parse(
        "KẾ HOẠCH\nCải cách hành chính năm 2026\n| STT | Nội dung nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn |\n|---|---|---|---|---|\n| I | CẢI CÁCH THỂ CHẾ | | | |\n| 1 | Rà soát văn bản | Sở Tư pháp | Các sở, ngành | Quý II/2026 |\n| 2 | Kiểm tra văn bản | Sở Tư pháp | | Tháng 10 |\n",
    );
    assert_eq!(doc.tasks.len(), 2);
    assert_eq!(doc.document.plan_year, Some(2026));
    assert_eq!(doc.tasks[1].deadline.due, NaiveDate::from_ymd_opt(2026, 10, 31));
    assert_eq!(doc.tasks[0].area.as_deref(), Some("I"));
}

#[test]
fn tab_separated_columns_in_another_order() {
    let doc = parse(
        "KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025\nThời gian\tCơ quan chủ trì\tTT\tNhiệm vụ\tCơ quan phối hợp\tSản phẩm\nTháng 4\tSở Nội vụ\t1\tĐánh giá chỉ số cải cách hành chính\tCác sở, ngành\tQuyết định\nCả năm\tVăn phòng UBND tỉnh\t2\tKiểm soát thủ tục hành chính\t\tBáo cáo\n",
    );
    assert_eq!(doc.tasks.len(), 2);
    let t = &doc.tasks[0];
    assert_eq!(
        (t.code.as_str(), t.lead.text.as_str(), t.outputs.as_slice()),
        ("1", "Sở Nội vụ", &["Quyết định".to_string()][..])
    );
    assert_eq!(t.deadline.due, NaiveDate::from_ymd_opt(2025, 4, 30));
    assert_eq!(doc.tasks[1].deadline.due, NaiveDate::from_ymd_opt(2025, 12, 31));
}
