//! DOCX and XLSX go through the same column detector and row interpreter as scraped text: the
//! seed-001 appendix rebuilt as a Word table (vertical merges) and as a workbook (merged
//! ranges) yields the same tasks as the text.

mod common;

use cchc_domain::plan::ParsedDocument;
use cchc_import::align::Slot;
use cchc_import::blocks::Block;
use cchc_import::{parse_document, ImportError, ParseOptions};
use common::{docx, xlsx, DocxCell};

const HEAD: [&str; 5] = [
    "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH",
    "Số: 3098/QĐ-UBND",
    "Hà Tĩnh, ngày 31 tháng 12 năm 2024",
    "QUYẾT ĐỊNH",
    "VỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH HÀ TĨNH NĂM 2025",
];

/// The seed-001 appendix as a grid: header labels, then aligned slots.
fn seed_grid() -> (Vec<String>, Vec<Vec<Slot>>) {
    let text = String::from_utf8(common::read("seeds/001_a5b74ff242722c67.txt")).unwrap_or_default();
    for b in cchc_import::plaintext::read(&text) {
        let Block::Table(t) = b else { continue };
        let found = t.rows.iter().enumerate().find_map(|(i, r)| {
            let cells: Vec<String> = r.cells.iter().map(|c| c.text.clone()).collect();
            cchc_import::columns::recognise(&cells).map(|h| (i, h))
        });
        if let Some((at, header)) = found {
            let rows = cchc_import::rows::aligned_rows(&t, at, &header, 0);
            return (header.labels.clone(), rows.into_iter().map(|r| r.slots).collect());
        }
    }
    panic!("no task table in seed 001")
}

fn key(doc: &ParsedDocument) -> Vec<String> {
    doc.tasks
        .iter()
        .map(|t| {
            format!(
                "{:?}|{}|{}|{}|{}|{:?}|{:?}|{:?}|{:?}|{:?}",
                t.area,
                t.code,
                t.title,
                t.lead.text,
                t.coordinating.text,
                t.deadline.due,
                t.deadline.kind,
                t.activities.iter().map(|a| a.code.clone()).collect::<Vec<_>>(),
                t.outputs,
                t.budget.million_vnd
            )
        })
        .collect()
}

#[test]
fn word_and_excel_tables_give_the_text_tasks() {
    let text_doc = common::parse("seeds/001_a5b74ff242722c67.txt");
    let (labels, grid) = seed_grid();
    let mut rows: Vec<Vec<DocxCell>> = vec![labels.iter().map(|l| DocxCell::Text(l.clone())).collect()];
    rows.extend(grid.iter().map(|r| {
        r.iter()
            .map(|s| match s {
                Slot::Text(t) => DocxCell::Text(t.clone()),
                Slot::Empty => DocxCell::Text(String::new()),
                Slot::Inherit => DocxCell::Continue,
            })
            .collect()
    }));
    let word = docx(&HEAD, &rows);
    let doc = parse_document(&word, Some("kh.docx"), &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.document.format, cchc_domain::plan::DocumentFormat::Docx);
    assert_eq!(doc.document.number.as_deref(), Some("3098/QĐ-UBND"));
    assert_eq!(doc.document.plan_year, Some(2025));
    assert_eq!(key(&doc), key(&text_doc));
    let src = &doc.tasks[0].source;
    assert_eq!((src.table, src.rows.map(|r| r.0)), (Some(1), Some(3)));

    let mut cells: Vec<Vec<Option<String>>> = vec![labels.iter().map(|l| Some(l.clone())).collect()];
    cells.extend(grid.iter().map(|r| {
        r.iter()
            .map(|s| match s {
                Slot::Text(t) => Some(t.clone()),
                Slot::Empty => Some(String::new()),
                Slot::Inherit => None,
            })
            .collect()
    }));
    let book = xlsx(&HEAD, &cells);
    let doc = parse_document(&book, Some("kh.xlsx"), &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.document.format, cchc_domain::plan::DocumentFormat::Xlsx);
    assert_eq!(key(&doc), key(&text_doc));
    assert_eq!(doc.tasks[0].source.sheet.as_deref(), Some("Sheet1"));
    assert_eq!(doc.tasks[0].source.cell_range().as_deref(), Some("A8:I8"));
}

#[test]
fn excel_columns_in_any_order_and_spelling() {
    let grid: Vec<Vec<Option<String>>> = [
        ["Thoi gian hoan thanh", "5- Chu tri", "STT", "NHIEM VU", "Phoi hop", "Kinh phí (nghìn đồng)"],
        ["", "", "I", "CẢI CÁCH THỂ CHẾ", "", ""],
        ["Quý II, III/2025", "Sở Tư pháp", "1", "Rà soát văn bản quy phạm pháp luật", "Các sở, ngành", "250.000"],
        ["Tháng 12/2025", "Văn phòng UBND tỉnh", "2", "Công bố thủ tục hành chính", "", "Theo dự toán được cấp"],
    ]
    .iter()
    .map(|r| r.iter().map(|c| Some(c.to_string())).collect())
    .collect();
    let book = xlsx(&["KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025"], &grid);
    let doc = parse_document(&book, None, &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.tasks.len(), 2);
    let t = &doc.tasks[0];
    assert_eq!((t.code.as_str(), t.area.as_deref(), t.lead.text.as_str()), ("1", Some("I"), "Sở Tư pháp"));
    assert_eq!(t.deadline.due, chrono::NaiveDate::from_ymd_opt(2025, 9, 30));
    assert_eq!(t.budget.million_vnd, Some(250.0));
    assert_eq!(t.source.cell_range().as_deref(), Some("A4:F4"));
    assert_eq!(doc.tasks[1].budget.kind, cchc_domain::budget::BudgetKind::Allocated);
}

#[test]
fn word_notice_paragraphs_become_assignments() {
    let word = docx(
        &[
            "ỦY BAN NHÂN DÂN TỈNH HÒA BÌNH",
            "Số: 12/TB-UBND",
            "Hòa Bình, ngày 02 tháng 6 năm 2025",
            "THÔNG BÁO",
            "KẾT LUẬN CỦA CHỦ TỊCH UBND TỈNH",
            "Chủ tịch UBND tỉnh kết luận như sau:",
            "1. Sở Tài chính: Rà soát các chỉ tiêu kinh tế - xã hội, báo cáo trước ngày 15/8/2025.",
            "2. Sở Nội vụ chủ trì tổng hợp kết quả, hoàn thành trong tháng 12 năm 2025.",
        ],
        &[],
    );
    let doc = parse_document(&word, Some("tb.docx"), &ParseOptions::default()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.tasks.len(), 2);
    assert_eq!(doc.tasks[0].lead.text, "Sở Tài chính");
    assert_eq!(doc.tasks[0].deadline.due, chrono::NaiveDate::from_ymd_opt(2025, 8, 15));
    assert_eq!(doc.tasks[1].deadline.due, chrono::NaiveDate::from_ymd_opt(2025, 12, 31));
    assert_eq!(doc.tasks[1].source.paragraph, Some(8));
}

#[test]
fn word_without_tables_or_assignments_is_refused() {
    let word = docx(&["Báo cáo tình hình", "Nội dung không có nhiệm vụ nào."], &[]);
    let err = parse_document(&word, Some("x.docx"), &ParseOptions::default()).err();
    assert_eq!(err, Some(ImportError::NothingFound("DOCX")));
    assert!(err.map(|e| e.to_string()).unwrap_or_default().contains("DOCX"));
}

#[test]
fn table_without_lead_column_names_the_column() {
    let rows: Vec<Vec<DocxCell>> =
        [["TT", "Nhiệm vụ", "Phối hợp", "Thời gian"], ["1", "Rà soát văn bản", "Các sở", "Quý I/2025"]]
            .iter()
            .map(|r| r.iter().map(|c| DocxCell::Text(c.to_string())).collect())
            .collect();
    let word = docx(&["KẾ HOẠCH"], &rows);
    let err = parse_document(&word, Some("x.docx"), &ParseOptions::default()).err();
    assert!(matches!(&err, Some(ImportError::MissingColumn { column: "Cơ quan chủ trì", .. })), "{err:?}");
    assert!(err.map(|e| e.to_string()).unwrap_or_default().contains("Cơ quan chủ trì"));
}
