//! The six shared documents, counted by hand: tasks, activities, targets, assignments, owners,
//! deadlines and budgets of specific rows.

mod common;

use cchc_domain::budget::BudgetKind;
use cchc_domain::deadline::{Cadence, DeadlineKind};
use cchc_domain::plan::{AreaScope, DocumentKind, TargetLevel, WarningCode};
use cchc_import::ParseOptions;
use chrono::NaiveDate;
use common::{parse, task};

fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, day)
}

fn task_areas(doc: &cchc_domain::plan::ParsedDocument) -> Vec<&str> {
    doc.areas.iter().filter(|a| a.scope == AreaScope::Tasks).map(|a| a.code.as_str()).collect()
}

#[test]
fn seed_001_ha_tinh_plan() {
    let doc = parse("seeds/001_a5b74ff242722c67.txt");
    let m = &doc.document;
    assert_eq!((m.kind, m.form), (DocumentKind::Plan, DocumentKind::Decision));
    assert_eq!(m.number.as_deref(), Some("3098/QĐ-UBND"));
    assert_eq!(m.date, d(2024, 12, 31));
    assert_eq!(m.plan_year, Some(2025));
    assert_eq!(m.province.as_deref(), Some("Hà Tĩnh"));
    // Nhiệm vụ 2.x per area: I 16, II 4, III 11, IV 6, V 5, VI 11, VII 9 + 9.
    assert_eq!(doc.tasks.len(), 71);
    // Hoạt động 3.x: I 26, II 9, III 15, IV 2, V 6, VI 13, VII 9 + 9.
    assert_eq!(doc.activity_count(), 89);
    assert_eq!(task_areas(&doc), ["I", "II", "III", "IV", "V", "VI", "VII", "VII.1", "VII.2"]);
    assert_eq!(doc.tasks.iter().filter(|t| t.area.as_deref() == Some("I")).count(), 16);

    let t = task(&doc, Some("I"), "2.1");
    assert_eq!(t.lead.text, "Sở Nội vụ");
    assert_eq!(t.coordinating.text, "Các cơ quan chủ trì CCHC của tỉnh, các cơ quan liên quan khác");
    assert_eq!((t.deadline.kind, t.deadline.due), (DeadlineKind::EndOfPeriod, d(2024, 12, 31)));
    assert_eq!(t.activities.iter().filter_map(|a| a.code.as_deref()).collect::<Vec<_>>(), ["3.1", "3.2"]);
    assert!(t.objective.as_deref().is_some_and(|o| o.starts_with("1.1. Nâng cao chất lượng")));

    let t = task(&doc, Some("I"), "2.12");
    assert_eq!(
        (t.deadline.kind, t.deadline.due, t.deadline.period_start),
        (DeadlineKind::EndOfPeriod, d(2025, 9, 30), d(2025, 4, 1))
    );
    assert_eq!(t.activities.len(), 5);
    assert_eq!(task(&doc, Some("I"), "2.6").deadline.kind, DeadlineKind::EventTriggered);
    let t = task(&doc, Some("I"), "2.4");
    assert_eq!(t.lead.text, "Sở Thông tin và Truyền thông");
    assert_eq!(t.budget.kind, BudgetKind::Allocated);
    assert_eq!(t.activities[1].deadline.as_ref().map(|d| d.kind), Some(DeadlineKind::Recurring));

    // Budgets: 0 + 380 + 0 over the activity rows of II 2.1; 25 for II 2.3; a citation in V 2.4.
    let t = task(&doc, Some("II"), "2.1");
    assert_eq!((t.budget.kind, t.budget.million_vnd), (BudgetKind::Amount, Some(380.0)));
    assert_eq!(t.activities.len(), 3);
    assert_eq!(task(&doc, Some("II"), "2.3").budget.million_vnd, Some(25.0));
    assert_eq!(task(&doc, Some("II"), "2.2").deadline.due, d(2025, 3, 31));
    assert_eq!(task(&doc, Some("V"), "2.4").budget.kind, BudgetKind::Citation);

    // Two tasks in one cell, activities paired with them; a follow-up row owns the second task.
    assert_eq!(task(&doc, Some("III"), "2.6").activities[0].code.as_deref(), Some("3.7"));
    assert_eq!(task(&doc, Some("III"), "2.7").activities[0].code.as_deref(), Some("3.8"));
    let t = task(&doc, Some("VI"), "2.5");
    assert_eq!(t.lead.text, "Sở Tài chính");
    assert!(t.coordinating.text.contains("UBND UBND"), "the second row's own cell text is kept");
    assert_eq!(task(&doc, Some("IV"), "2.2").deadline.kind, DeadlineKind::EventTriggered);
    let t = task(&doc, Some("VII.2"), "2.1");
    assert_eq!((t.deadline.period_start, t.deadline.due), (d(2025, 1, 1), d(2025, 12, 31)));
    assert_eq!(t.coordinating.text, "Sở Khoa học và Công nghệ.");

    // Section II targets 1.1 … 7.7 with level-specific values.
    assert_eq!(doc.targets.len(), 28);
    let t75 = doc.targets.iter().find(|t| t.code == "7.5").unwrap_or_else(|| panic!("7.5"));
    let v: Vec<(TargetLevel, f64)> = t75.values.iter().map(|v| (v.level, v.number)).collect();
    assert_eq!(v, [(TargetLevel::Province, 100.0), (TargetLevel::District, 90.0), (TargetLevel::Commune, 70.0)]);
    let t31 = doc.targets.iter().find(|t| t.code == "3.1").unwrap_or_else(|| panic!("3.1"));
    assert_eq!(
        t31.values.iter().map(|v| (v.level, v.number)).collect::<Vec<_>>(),
        [(TargetLevel::Province, 100.0), (TargetLevel::District, 100.0), (TargetLevel::Commune, 95.0)]
    );
    let t13 = doc.targets.iter().find(|t| t.code == "1.3").unwrap_or_else(|| panic!("1.3"));
    assert_eq!(t13.values[0].number, 3.0);
    assert_eq!(t13.area.as_deref(), Some("1"));

    // The one task without a lead (empty cells in the source) is reported.
    assert!(doc.warnings.iter().any(|w| w.code == WarningCode::MissingLead && w.message.contains("2.3")));
}

#[test]
fn seed_003_binh_dinh_plan() {
    let doc = parse("seeds/003_cb22d10497566f9f.txt");
    assert_eq!(doc.document.kind, DocumentKind::Plan);
    assert_eq!(doc.document.number, None);
    assert_eq!(doc.document.province.as_deref(), Some("Bình Định"));
    assert!(doc.warnings.iter().any(|w| w.code == WarningCode::MissingNumber));
    // Phụ lục 2: tasks 1 … 36 (36 is on the unterminated last line) and sub-tasks 1.1 … 1.3.
    assert_eq!(doc.tasks.len(), 39);
    assert_eq!(doc.tasks.iter().filter(|t| t.parent.is_none()).count(), 36);
    assert_eq!(task_areas(&doc), ["I", "II", "III", "IV", "V", "VI", "VII"]);
    let t = task(&doc, None, "1");
    assert_eq!((t.deadline.kind, t.deadline.due), (DeadlineKind::EndOfPeriod, d(2025, 2, 28)));
    assert_eq!(t.outputs, ["Tổ chức Hội nghị của UBND tỉnh"]);
    let t = task(&doc, None, "1.2");
    assert_eq!((t.parent.as_deref(), t.lead.text.as_str()), (Some("1"), "Sở Kế hoạch và Đầu tư"));
    assert_eq!(task(&doc, None, "9").deadline.kind, DeadlineKind::EventTriggered);
    assert_eq!(task(&doc, None, "18").deadline.due, d(2025, 12, 31));
    assert_eq!(task(&doc, None, "23").deadline.due, d(2025, 12, 31));
    let t = task(&doc, None, "21");
    assert_eq!(
        (t.lead.text.as_str(), t.coordinating.text.as_str()),
        ("Sở Xây dựng, UBND thị xã Hoài Nhơn", "Sở Nội vụ, các cơ quan liên quan")
    );
    // 36 declared and 36 found: no count warning.
    assert!(!doc.warnings.iter().any(|w| w.code == WarningCode::DeclaredCountMismatch));

    // Phụ lục 1: 9 + 1 + 2 + 1 + 1 + 1 + 1 + 14 + 1 targets; 7.1 has three level rows.
    assert_eq!(doc.targets.len(), 31);
    let t71 = doc.targets.iter().find(|t| t.code == "7.1").unwrap_or_else(|| panic!("7.1"));
    assert_eq!(
        t71.values.iter().map(|v| (v.level, v.number)).collect::<Vec<_>>(),
        [(TargetLevel::Province, 90.0), (TargetLevel::District, 80.0), (TargetLevel::Commune, 60.0)]
    );
    assert_eq!(t71.monitoring.text, "Sở Thông tin và Truyền thông; Sở Nội vụ");
    let sub = doc.targets.iter().find(|t| t.code == "7.2.14").unwrap_or_else(|| panic!("7.2.14"));
    assert_eq!((sub.values[0].number, sub.monitoring.text.as_str()), (95.0, "Văn phòng Ủy ban nhân dân tỉnh"));
    let t15 = doc.targets.iter().find(|t| t.code == "1.5").unwrap_or_else(|| panic!("1.5"));
    assert!(
        t15.target_text.as_deref().is_some_and(|s| s.ends_with("Nam Trung bộ và Tây Nguyên")),
        "page-break continuation merged"
    );
}

#[test]
fn seed_003_cut_after_task_35_warns() {
    let bytes = common::read("seeds/003_cb22d10497566f9f.txt");
    let text = String::from_utf8_lossy(&bytes);
    let cut = text.rfind("\n36\t").unwrap_or(text.len());
    let doc = cchc_import::parse_document(&text.as_bytes()[..cut], None, &ParseOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.tasks.iter().filter(|t| t.parent.is_none()).count(), 35);
    let w = doc
        .warnings
        .iter()
        .find(|w| w.code == WarningCode::DeclaredCountMismatch)
        .unwrap_or_else(|| panic!("no count warning"));
    assert!(w.message.contains("36") && w.message.contains("35"), "{}", w.message);
}

#[test]
fn seed_004_conclusion_notice() {
    let doc = parse("seeds/004_52ac1802baa48ef1.txt");
    let m = &doc.document;
    assert_eq!((m.kind, m.number.as_deref(), m.date), (DocumentKind::Notice, Some("5016/TB-VPUBND"), d(2025, 5, 17)));
    assert_eq!(m.province.as_deref(), Some("Hòa Bình"));
    assert_eq!(m.issuer.as_deref(), Some("Văn phòng Ủy ban nhân dân tỉnh"));
    // The scraped page has no "place, date" line; a body sentence "Theo đó, ngày …" is not one.
    assert_eq!(m.place, None);
    let leads: Vec<&str> = doc.tasks.iter().map(|t| t.lead.text.as_str()).collect();
    assert_eq!(
        leads,
        [
            "Các Sở, Ban, ngành, Ủy ban nhân dân các cấp",
            "Văn phòng Ủy ban nhân dân tỉnh",
            "Sở Tư pháp",
            "Sở Nội vụ",
            "Sở Tài chính",
            "Sở Khoa học và Công nghệ",
            "Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh",
            "Bưu điện tỉnh",
            "Các Sở Tài chính, Nội vụ, Nông nghiệp và Môi trường",
            "Báo Hòa Bình, Cổng Thông tin điện tử tỉnh",
            "các Sở, Ban, ngành",
            "Sở Nội vụ",
            "Văn phòng UBND tỉnh",
            "Sở Tư pháp",
            "Sở Tài chính",
            "Sở Khoa học và Công nghệ",
            "Các Sở, Ban, ngành khác",
            "các Sở Nội vụ, Tài chính, Y tế, Khoa học và Công nghệ, Xây dựng, Tư pháp, Giáo dục và Đào tạo, Công Thương, Nông nghiệp và Môi trường, Văn phòng UBND tỉnh, Thanh tra tỉnh, Công an tỉnh",
            "Uỷ ban nhân dân các cấp",
        ]
    );
    // The first assignment carries its two continuation paragraphs.
    assert_eq!(doc.tasks[0].source.lines, Some((19, 23)));
    let fin = &doc.tasks[4];
    assert_eq!((fin.deadline.kind, fin.deadline.due), (DeadlineKind::FixedDate, d(2025, 6, 30)));
    assert!(fin.milestones.iter().any(|m| m.due == d(2025, 8, 15)));
    assert_eq!(doc.tasks[5].deadline.due, d(2025, 11, 30));
    assert_eq!(doc.tasks[6].deadline.due, d(2025, 11, 30));
    assert_eq!(doc.tasks[8].deadline.due, d(2025, 11, 15));
    assert_eq!(doc.tasks[10].deadline.cadence, Some(Cadence::Quarterly));
    assert_eq!(doc.tasks[18].deadline.cadence, Some(Cadence::Quarterly));
    assert_eq!(doc.tasks[17].deadline.due, d(2024, 5, 30));
    assert!(doc.warnings.iter().any(|w| w.code == WarningCode::DeadlineBeforeDocument));
}

#[test]
fn sample_05_dong_thap_plan() {
    let doc = parse("samples/05_dongthap-kh552-doimoicongnghe-phuluc.txt");
    let m = &doc.document;
    assert_eq!((m.kind, m.form, m.number.as_deref()), (DocumentKind::Plan, DocumentKind::Plan, Some("552/KH-UBND")));
    assert_eq!((m.province.as_deref(), m.plan_year), (Some("Đồng Tháp"), None));
    assert_eq!(m.issuer.as_deref(), Some("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP"));
    assert_eq!(doc.tasks.len(), 19);
    assert_eq!(task_areas(&doc), ["I", "II", "III", "IV"]);
    let t = task(&doc, Some("I"), "2");
    assert_eq!(t.coordinating.text, "Sở Công Thương; Ban Quản lý khu Kinh tế tỉnh Đồng Tháp");
    assert_eq!(t.deadline.due, d(2026, 12, 31));
    let t = task(&doc, Some("II"), "2");
    assert_eq!((t.deadline.period_start, t.deadline.due), (d(2025, 1, 1), d(2035, 12, 31)));
    assert_eq!(task(&doc, Some("IV"), "5").lead.text, "Hiệp hội Doanh nghiệp");
    assert_eq!(task(&doc, Some("IV"), "5").deadline.cadence, Some(Cadence::Continuous));
    // Section "2. Mục tiêu cụ thể": 12 targets to 2030 in six groups, 4 towards 2035.
    assert_eq!(doc.targets.len(), 16);
}

#[test]
fn sample_07_hcm_plan_with_funding() {
    let doc = parse("samples/07_hcm-qd2820-kehoach-qd06-phuluc-kinhphi.txt");
    assert_eq!(doc.document.province.as_deref(), Some("Hồ Chí Minh"));
    assert_eq!(doc.document.number.as_deref(), Some("2820/QĐ-UBND"));
    // 4 + 4 + 6 + 5 + 4 + 5, sub-rows without a number included (1b, 2b).
    assert_eq!(doc.tasks.len(), 28);
    assert_eq!(task_areas(&doc), ["I", "II", "III", "IV", "V", "VI"]);
    let t = task(&doc, Some("II"), "1b");
    assert_eq!(t.lead.text, "Trung tâm Chuyển đổi số Thành phố");
    assert_eq!(t.deadline.due, d(2026, 12, 31), "deadline continues from the merged cell above");
    let t = task(&doc, Some("IV"), "2b");
    assert_eq!((t.lead.text.as_str(), t.coordinating.text.as_str()), ("Sở Khoa học và Công nghệ", "Sở Tài chính"));
    let t = task(&doc, Some("I"), "1");
    assert_eq!(t.budget.kind, BudgetKind::Source);
    assert_eq!(t.outputs, ["Luật Quy hoạch, Quyết định của cấp có thẩm quyền"]);
    assert_eq!(task(&doc, Some("I"), "4").deadline.due, d(2027, 6, 30));
    assert_eq!(task(&doc, Some("VI"), "5").deadline.cadence, Some(Cadence::Quarterly));
    assert_eq!(task(&doc, Some("VI"), "4").deadline.kind, DeadlineKind::EventTriggered);
    assert_eq!(task(&doc, Some("IV"), "4").lead.text, "Các sở, ngành, UBND xã, phường, đặc khu; Sở Tài chính");
}

#[test]
fn sample_10_notice_with_two_step_deadline() {
    let doc = parse("samples/10_tb659-vpcp-ketluan-pttg-nq66.txt");
    let m = &doc.document;
    assert_eq!((m.kind, m.number.as_deref(), m.date), (DocumentKind::Notice, Some("659/TB-VPCP"), d(2025, 11, 29)));
    assert_eq!(m.issuer.as_deref(), Some("VĂN PHÒNG CHÍNH PHỦ"));
    assert_eq!(m.province, None);
    let codes: Vec<&str> = doc.tasks.iter().map(|t| t.code.as_str()).collect();
    assert_eq!(codes, ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "2", "3"]);
    assert!(doc.tasks[..5]
        .iter()
        .all(|t| t.lead.text == "Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ"));
    let step1 = task(&doc, None, "1.5");
    let step2 = task(&doc, None, "1.6");
    assert_eq!((step1.deadline.kind, step1.deadline.due), (DeadlineKind::FixedDate, d(2025, 12, 5)));
    assert_eq!(
        (step2.lead.text.as_str(), step2.deadline.due, step2.after.as_deref()),
        ("Bộ Tư pháp", d(2025, 12, 10), Some("1.5"))
    );
    assert_eq!(task(&doc, None, "2").lead.text, "Bộ Tài chính");
    assert_eq!(task(&doc, None, "3").lead.text, "Bộ Tư pháp");
    assert_eq!(task(&doc, None, "1.1").deadline.kind, DeadlineKind::Unspecified);
}
