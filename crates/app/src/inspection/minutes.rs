//! The minutes of an inspection (biên bản kiểm tra) as an official document in the layout of
//! Nghị định 30/2020: the team and dates, the checklist results, the findings and the
//! recommendations with their due dates, the conclusion.

use cchc_domain::inspection::Checklist;
use cchc_export::docx::{number_line, place_date, Block, HeadingLevel, OfficialDocument, Signature};
use cchc_export::{Cell, Column, Table};
use cchc_storage::model_inspection::{AnswerRecord, Finding, Inspection};
use chrono::NaiveDate;

use crate::consolidate::Issuer;

fn day(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn results_table(c: &Checklist, answers: &[AnswerRecord]) -> Table {
    let mut t = Table::new(
        "Kết quả kiểm tra",
        "KẾT QUẢ KIỂM TRA",
        vec![
            Column::new("Mã", 8.0),
            Column::new("Nội dung kiểm tra", 50.0),
            Column::new("Kết quả", 14.0),
            Column::new("Ghi chú", 30.0),
        ],
    );
    for it in &c.items {
        let a = answers.iter().find(|a| a.item_code == it.code);
        t.push(vec![
            it.code.clone().into(),
            it.text.clone().into(),
            a.map(|a| a.answer.label_vi()).unwrap_or("").to_string().into(),
            Cell::from(a.map(|a| a.note.clone()).unwrap_or_default()),
        ]);
    }
    t
}

/// The minutes of a recorded inspection.
pub fn minutes(
    i: &Inspection,
    c: &Checklist,
    answers: &[AnswerRecord],
    findings: &[Finding],
    issuer: &Issuer,
    today: NaiveDate,
) -> OfficialDocument {
    let mut body = vec![
        Block::paragraph(&format!(
            "Thực hiện Kế hoạch kiểm tra công tác cải cách hành chính năm {}, từ ngày {} đến ngày {}, Đoàn kiểm tra ({}) đã tiến hành kiểm tra công tác cải cách hành chính tại {}.",
            i.year,
            day(i.date_from),
            day(i.date_to),
            i.team,
            i.unit_name
        )),
        Block::heading(HeadingLevel::Roman, "Kết quả kiểm tra"),
        Block::paragraph(&format!("Nội dung kiểm tra theo {} (phiên bản {}).", c.name, c.version)),
        Block::Table(results_table(c, answers)),
        Block::heading(HeadingLevel::Roman, "Tồn tại, hạn chế"),
    ];
    if findings.is_empty() {
        body.push(Block::paragraph("Không phát hiện tồn tại, hạn chế."));
    } else {
        body.push(Block::Bullets(
            findings
                .iter()
                .map(|f| format!("{} (mức độ: {}; lĩnh vực: {});", f.text, f.severity.label_vi(), f.area))
                .collect(),
        ));
    }
    body.push(Block::heading(HeadingLevel::Roman, "Kiến nghị"));
    if findings.is_empty() {
        body.push(Block::paragraph("Không có kiến nghị."));
    } else {
        body.push(Block::Bullets(
            findings
                .iter()
                .map(|f| {
                    format!(
                        "{}; hạn hoàn thành: {};",
                        f.recommendation,
                        f.due.map(day).unwrap_or_else(|| "không ghi".into())
                    )
                })
                .collect(),
        ));
    }
    body.push(Block::heading(HeadingLevel::Roman, "Kết luận"));
    body.push(Block::paragraph(if i.conclusion.is_empty() { "(chưa ghi kết luận)" } else { &i.conclusion }));
    body.push(Block::paragraph(
        "Biên bản được lập thành hai bản có giá trị như nhau, Đoàn kiểm tra giữ một bản, đơn vị được kiểm tra giữ một bản.",
    ));
    let on = i.recorded_on.unwrap_or(today);
    OfficialDocument {
        issuer_parent: issuer.parent.clone(),
        issuer: issuer.name.clone(),
        number: number_line(None, "BB-ĐKT"),
        place_date: if issuer.place.is_empty() {
            on.format("ngày %d tháng %m năm %Y").to_string()
        } else {
            place_date(&issuer.place, on)
        },
        kind_title: "BIÊN BẢN".into(),
        title: format!("Kiểm tra công tác cải cách hành chính tại {}", i.unit_name),
        body,
        signer: Signature {
            authority: "TM. ĐOÀN KIỂM TRA".into(),
            position: "Trưởng đoàn".into(),
            name: i.leader.clone(),
        },
        recipients: vec![format!("- {};", i.unit_name), "- Lưu: VT, CCHC.".into()],
        ..OfficialDocument::default()
    }
}
