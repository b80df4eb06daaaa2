//! Every deadline phrase of the six shared documents, and variants (spacing, case, spelling,
//! Arabic/Roman quarters, NFD), through the domain deadline parser.

use cchc_domain::deadline::{find_deadline, find_deadlines, parse_deadline, Cadence, DeadlineKind};
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

#[test]
fn cells_of_the_documents_and_variants() {
    use DeadlineKind::*;
    let y = Some(2025);
    // (text, kind, due, period_start)
    let cases: &[(&str, DeadlineKind, Option<NaiveDate>, Option<NaiveDate>)] = &[
        ("Tháng 12/2024", EndOfPeriod, d(2024, 12, 31), d(2024, 12, 1)),
        ("Tháng 01/2025", EndOfPeriod, d(2025, 1, 31), d(2025, 1, 1)),
        ("Tháng 2", EndOfPeriod, d(2025, 2, 28), d(2025, 2, 1)),
        ("Tháng 12", EndOfPeriod, d(2025, 12, 31), d(2025, 12, 1)),
        ("Tháng 12 /2024", EndOfPeriod, d(2024, 12, 31), d(2024, 12, 1)),
        ("THÁNG 6/2025", EndOfPeriod, d(2025, 6, 30), d(2025, 6, 1)),
        ("trong tháng 12 năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 12, 1)),
        ("Năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 1, 1)),
        ("Năm 2026", EndOfPeriod, d(2026, 12, 31), d(2026, 1, 1)),
        ("Năm 2025 - 2026", EndOfPeriod, d(2026, 12, 31), d(2025, 1, 1)),
        ("Năm 2025-2030", EndOfPeriod, d(2030, 12, 31), d(2025, 1, 1)),
        ("2026", EndOfPeriod, d(2026, 12, 31), d(2026, 1, 1)),
        ("2025 - 2035", EndOfPeriod, d(2035, 12, 31), d(2025, 1, 1)),
        ("đến hết năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 1, 1)),
        ("Cả năm", EndOfPeriod, d(2025, 12, 31), d(2025, 1, 1)),
        ("Trong năm", EndOfPeriod, d(2025, 12, 31), d(2025, 1, 1)),
        ("Quý I", EndOfPeriod, d(2025, 3, 31), d(2025, 1, 1)),
        ("Quý II", EndOfPeriod, d(2025, 6, 30), d(2025, 4, 1)),
        ("Quý 1", EndOfPeriod, d(2025, 3, 31), d(2025, 1, 1)),
        ("Quý I/2025", EndOfPeriod, d(2025, 3, 31), d(2025, 1, 1)),
        ("Quý IV/2025", EndOfPeriod, d(2025, 12, 31), d(2025, 10, 1)),
        ("Quý II/2027", EndOfPeriod, d(2027, 6, 30), d(2027, 4, 1)),
        ("Quý I/2030", EndOfPeriod, d(2030, 3, 31), d(2030, 1, 1)),
        ("Quý IV năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 10, 1)),
        ("Quý II, III/2025", EndOfPeriod, d(2025, 9, 30), d(2025, 4, 1)),
        ("Quý  II ,III / 2025", EndOfPeriod, d(2025, 9, 30), d(2025, 4, 1)),
        ("Quý I, II năm 2025", EndOfPeriod, d(2025, 6, 30), d(2025, 1, 1)),
        ("Quý I- IV năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 1, 1)),
        ("Quý I-IV năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 1, 1)),
        ("Quý II- IV năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 4, 1)),
        ("Quí 3/2025", EndOfPeriod, d(2025, 9, 30), d(2025, 7, 1)),
        ("quý iv năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 10, 1)),
        ("Q.II/2025", EndOfPeriod, d(2025, 6, 30), d(2025, 4, 1)),
        ("Q3/2025", EndOfPeriod, d(2025, 9, 30), d(2025, 7, 1)),
        ("trong Quý I năm 2026", EndOfPeriod, d(2026, 3, 31), d(2026, 1, 1)),
        ("6 tháng đầu năm", EndOfPeriod, d(2025, 6, 30), d(2025, 1, 1)),
        ("6 tháng cuối năm 2025", EndOfPeriod, d(2025, 12, 31), d(2025, 7, 1)),
        ("trước ngày 15/8/2025", FixedDate, d(2025, 8, 15), None),
        ("trước ngày 30/6/2025", FixedDate, d(2025, 6, 30), None),
        ("Hoàn thành trước 30/11/2025", FixedDate, d(2025, 11, 30), None),
        ("trước ngày 25 tháng 11 năm 2025", FixedDate, d(2025, 11, 25), None),
        ("trước ngày 05 tháng 12 năm 2025", FixedDate, d(2025, 12, 5), None),
        ("trước ngày 30/6", FixedDate, d(2025, 6, 30), None),
        ("31/12/ 2025", FixedDate, d(2025, 12, 31), None),
        ("Từ 01/3/2025 đến 30/6/2025", FixedDate, d(2025, 6, 30), d(2025, 3, 1)),
    ];
    for (text, kind, due, start) in cases {
        let got = parse_deadline(text, y);
        assert_eq!((got.kind, got.due, got.period_start), (*kind, *due, *start), "{text}");
        assert_eq!(got.text, cchc_domain::text::clean(text));
    }
}

#[test]
fn recurring_and_event_cells() {
    use Cadence::*;
    let cadences: &[(&str, Cadence)] = &[
        ("Thường xuyên", Continuous),
        ("Thường xuyên, định kỳ hằng quý", Quarterly),
        ("Thường xuyên, định kỳ hằng quý báo cáo về Sở Tài chính", Quarterly),
        ("Hằng năm", Yearly),
        ("Hằng năm.", Yearly),
        ("Hàng năm", Yearly),
        ("hằng tháng", Monthly),
        ("Định kỳ 6 tháng", HalfYearly),
        ("Theo kế hoạch thẩm định hằng năm", Yearly),
        ("liên tục", Continuous),
    ];
    for (text, c) in cadences {
        let got = parse_deadline(text, Some(2025));
        assert_eq!((got.kind, got.cadence, got.due), (DeadlineKind::Recurring, Some(*c), None), "{text}");
    }
    let events: &[(&str, Option<&str>)] = &[
        (
            "Sau khi các cơ quan TW công bố chỉ số PAPI, PARINDE X, SIPAS",
            Some("các cơ quan TW công bố chỉ số PAPI, PARINDE X, SIPAS"),
        ),
        (
            "Sau khi Bộ Thông tin và Truyền thông công bố chỉ số DTI năm 2025",
            Some("Bộ Thông tin và Truyền thông công bố chỉ số DTI năm 2025"),
        ),
        ("Sau khi Trung ương công bố kết quả các Chỉ số", Some("Trung ương công bố kết quả các Chỉ số")),
        ("Sau khi có hướng dẫn của Trung ương", Some("có hướng dẫn của Trung ương")),
        ("Sau khi có Quyết định công nhận của Bộ Xây dựng", Some("có Quyết định công nhận của Bộ Xây dựng")),
        ("Khi có phát sinh.", Some("có phát sinh")),
        ("Theo Kế hoạch của Bộ Nội vụ", Some("Theo Kế hoạch của Bộ Nội vụ")),
        ("Theo lộ trình đề án được phê duyệt", Some("Theo lộ trình đề án được phê duyệt")),
        ("Theo hướng dẫn của Bộ quản lý ngành, lĩnh vực", Some("Theo hướng dẫn của Bộ quản lý ngành, lĩnh vực")),
    ];
    for (text, event) in events {
        let got = parse_deadline(text, Some(2025));
        assert_eq!((got.kind, got.event.as_deref(), got.due), (DeadlineKind::EventTriggered, *event, None), "{text}");
    }
    for text in ["", "Đang cập nhật", "x"] {
        assert_eq!(parse_deadline(text, Some(2025)).kind, DeadlineKind::Unspecified, "{text}");
    }
}

#[test]
fn missing_year_without_plan_year() {
    let got = parse_deadline("Tháng 2", None);
    assert_eq!((got.kind, got.due), (DeadlineKind::EndOfPeriod, None));
    assert_eq!(parse_deadline("Quý IV/2025", None).due, d(2025, 12, 31));
}

#[test]
fn nfd_input_reads_like_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let nfd: String = "Quý II, III/2025".nfd().collect();
    assert_eq!(parse_deadline(&nfd, None).due, d(2025, 9, 30));
}

#[test]
fn phrases_inside_prose() {
    let y = Some(2025);
    let cases: &[(&str, Option<NaiveDate>, &str)] = &[
        ("tổng hợp, báo cáo kết quả thực hiện với Chủ tịch UBND tỉnh trước ngày 15/8/2025. Thực hiện tốt công tác quản lý ngân sách", d(2025, 8, 15), "trước ngày 15/8/2025"),
        ("…đạt hiệu quả rõ rệt; Hoàn thành trước 30/11/2025.", d(2025, 11, 30), "trước 30/11/2025"),
        ("Các Báo cáo trên gửi Bộ Tư pháp trước ngày 05 tháng 12 năm 2025.", d(2025, 12, 5), "trước ngày 05 tháng 12 năm 2025"),
        ("xây dựng Kế hoạch và tổ chức kiểm tra; thời hạn hoàn thành trước ngày 15/11/2025.", d(2025, 11, 15), "trước ngày 15/11/2025"),
        ("hoàn thành trong tháng 12 năm 2025", d(2025, 12, 31), "trong tháng 12 năm 2025"),
        ("tổ chức sơ kết trong Quý I năm 2026", d(2026, 3, 31), "trong Quý I năm 2026"),
        ("kiểm tra, đánh giá định kỳ trước 30/6/2025.", d(2025, 6, 30), "trước 30/6/2025"),
        ("gửi kế hoạch về UBND tỉnh (qua Sở Nội vụ) trước ngày 31/01/2025.", d(2025, 1, 31), "trước ngày 31/01/2025"),
        ("báo cáo kết quả thực hiện trước ngày 20/11 về Sở Khoa học và Công nghệ", d(2025, 11, 20), "trước ngày 20/11"),
        ("hoàn thành trước tháng 6/2025", d(2025, 5, 31), "trước tháng 6/2025"),
        ("phấn đấu đến hết năm 2025 đạt 100%", d(2025, 12, 31), "hết năm 2025"),
    ];
    for (text, due, phrase) in cases {
        let m = find_deadline(text, y).unwrap_or_else(|| panic!("no deadline in {text}"));
        assert_eq!(m.deadline.due, *due, "{text}");
        assert!(
            text[m.start..m.end].contains(phrase) || phrase.contains(&text[m.start..m.end]),
            "{text}: {:?}",
            &text[m.start..m.end]
        );
    }
    let two = "báo cáo trước ngày 15/8/2025 … Thời hạn hoàn thành trước ngày 30/6/2025.";
    assert_eq!(find_deadlines(two, y).len(), 2);
    assert_eq!(find_deadline(two, y).map(|m| m.deadline.due), Some(d(2025, 6, 30)), "the earliest applies");
    let recurring = find_deadline("định kỳ hàng quý tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân tỉnh", y);
    assert_eq!(recurring.map(|m| m.deadline.cadence), Some(Some(Cadence::Quarterly)));
    let q = find_deadline("định kỳ quý I, 6 tháng, 9 tháng, cả năm tổng hợp, báo cáo", y);
    assert_eq!(q.map(|m| m.deadline.cadence), Some(Some(Cadence::Quarterly)));
    // Dates of cited documents and work assigned in a year are not deadlines.
    assert!(find_deadline("theo Quyết định số 813/QĐ-UBND ngày 30/3/2018 của Chủ tịch", y).is_none());
    assert!(find_deadline("đối với các nhiệm vụ được giao trong năm 2025, tiếp tục rà soát", y).is_none());
}
