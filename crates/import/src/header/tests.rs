use super::*;
use cchc_domain::plan::Source;

fn paras(lines: &[&str]) -> Vec<Para> {
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| Para { text: l.to_string(), source: Source::lines(i + 1, i + 1), emphasized: false })
        .collect()
}

#[test]
fn decision_issuing_a_plan() {
    let h = extract(&paras(&[
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
        "Số: 3098/QĐ-UBND",
        "Hà Tĩnh, ngày 31 tháng 12 năm 2024",
        "QUYẾT ĐỊNH",
        "VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH HÀ TĨNH NĂM 2025",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH",
    ]));
    assert_eq!(h.number.as_deref(), Some("3098/QĐ-UBND"));
    assert_eq!(h.date, NaiveDate::from_ymd_opt(2024, 12, 31));
    assert_eq!((h.kind, h.form), (Some(DocumentKind::Plan), Some(DocumentKind::Decision)));
    assert_eq!(h.plan_year, Some(2025));
    assert_eq!(h.province.as_deref(), Some("Hà Tĩnh"));
    assert_eq!(h.title.as_deref(), Some("VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH HÀ TĨNH NĂM 2025"));
}

#[test]
fn plan_years() {
    assert_eq!(plan_year("KẾ HOẠCH THỰC HIỆN LỘ TRÌNH ĐỔI MỚI CÔNG NGHỆ ĐẾN NĂM 2035"), None);
    assert_eq!(plan_year("TRIỂN KHAI QUYẾT ĐỊNH SỐ 06/QĐ-TTG NGÀY 02 THÁNG 01 NĂM 2025 CỦA THỦ TƯỚNG"), None);
    assert_eq!(plan_year("Ban hành Kế hoạch cải cách hành chính tỉnh Bình Định năm 2025"), Some(2025));
}
