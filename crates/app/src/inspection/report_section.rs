//! The inspection section of the consolidated periodic report: inspections planned and done,
//! coverage of each group against its target share, the follow-up of recommendations with the
//! reasons, and the overdue remedies, each table and sentence naming the page it comes from.

use cchc_export::docx::{Block, HeadingLevel};
use cchc_export::{Cell, Column, Table};

use super::summary::Summary;

/// Coverage of each group (annex table and section).
fn coverage_table(s: &Summary) -> Table {
    let mut t = Table::new(
        "Kiểm tra CCHC",
        "TỶ LỆ CƠ QUAN, ĐƠN VỊ ĐƯỢC KIỂM TRA CÔNG TÁC CCHC",
        vec![
            Column::new("Nhóm cơ quan, đơn vị", 36.0),
            Column::new("Số đơn vị", 10.0),
            Column::new("Đưa vào kế hoạch", 12.0),
            Column::new("Tỷ lệ", 10.0),
            Column::new("Chỉ tiêu", 10.0),
            Column::new("Đánh giá", 14.0),
        ],
    );
    t.subtitle.push(format!("Năm {} — nguồn: {}", s.year, s.plan_link));
    for c in &s.coverage {
        let f = &c.figures;
        t.push(vec![
            c.label.clone().into(),
            Cell::Int(f.units as i64),
            Cell::Int(f.planned as i64),
            Cell::Percent(f64::from(f.permille) / 10.0, 1),
            Cell::Percent(f64::from(f.target_percent), 0),
            if f.reached { "Đạt" } else { "Chưa đạt" }.into(),
        ]);
    }
    t
}

/// Recommendations per unit and in total (the follow-up page's table).
fn followup_table(s: &Summary) -> Table {
    let (header, rows) = super::followup::table_rows(&s.followup);
    let widths = [40.0, 10.0, 10.0, 10.0, 10.0, 9.0, 40.0];
    let columns = header.iter().zip(widths).map(|(h, w)| Column::new(h, w)).collect();
    let mut t = Table::new("Kiến nghị", "TÌNH HÌNH XỬ LÝ KIẾN NGHỊ SAU KIỂM TRA, THANH TRA, KIỂM TOÁN", columns);
    t.subtitle.push(format!("Kiến nghị từ ngày {} đến ngày {} — nguồn: {}", day(s.from), day(s.to), s.followup_link));
    for r in rows {
        let mut cells: Vec<Cell> = Vec::with_capacity(r.len());
        for (i, v) in r.into_iter().enumerate() {
            cells.push(match (i, v.parse::<i64>()) {
                (1..=5, Ok(n)) => Cell::Int(n),
                _ => v.into(),
            });
        }
        t.push(cells);
    }
    t
}

/// Open recommendations past their due date.
fn overdue_table(s: &Summary) -> Table {
    let mut t = Table::new(
        "Kiến nghị quá hạn",
        "KIẾN NGHỊ QUÁ HẠN KHẮC PHỤC",
        vec![
            Column::new("STT", 6.0),
            Column::new("Cơ quan, đơn vị", 30.0),
            Column::new("Kiến nghị", 50.0),
            Column::new("Hạn", 13.0),
            Column::new("Nguồn", 12.0),
        ],
    );
    for (n, f) in s.overdue.iter().enumerate() {
        t.push(vec![
            Cell::Int(n as i64 + 1),
            f.unit_name.clone().into(),
            crate::consolidate::short_title(&f.recommendation, crate::consolidate::TITLE_MAX).into(),
            f.due.into(),
            format!("/findings/{}", f.id).into(),
        ]);
    }
    t
}

fn day(d: chrono::NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// The section's blocks and its annex tables; `period` is the period's label inside a sentence.
pub fn section(s: &Summary, period: &str) -> (Vec<Block>, Vec<Table>) {
    let cov = coverage_table(s);
    let fol = followup_table(s);
    let late = overdue_table(s);
    let t = &s.followup.total;
    let mut body = vec![
        Block::heading(HeadingLevel::Roman, "Kiểm tra công tác cải cách hành chính, theo dõi xử lý kiến nghị"),
        Block::paragraph(&format!(
            "Kế hoạch kiểm tra công tác CCHC năm {} có {} cơ quan, đơn vị, đã kiểm tra {}; trong {period}, có {} cuộc \
             kiểm tra theo kế hoạch, đã thực hiện {} (nguồn: {}).",
            s.year, s.planned_year, s.done_year, s.planned_period, s.done_period, s.plan_link
        )),
    ];
    if !cov.rows.is_empty() {
        body.push(Block::Table(cov.clone()));
    }
    let mut p = format!(
        "Trong {period}, có {} kiến nghị sau kiểm tra, thanh tra, kiểm toán; đã xử lý xong {}, không phải xử lý {}, \
         chưa xử lý xong {}, trong đó quá hạn {} (nguồn: {}).",
        t.raised, t.resolved, t.waived, t.outstanding, t.overdue, s.followup_link
    );
    if !t.reasons.is_empty() {
        p.push_str(&format!(" Lý do chưa xử lý hoặc không phải xử lý: {}.", t.reasons.join("; ")));
    }
    body.push(Block::paragraph(&p));
    if t.raised > 0 {
        body.push(Block::Table(fol.clone()));
    }
    if !late.rows.is_empty() {
        body.push(Block::paragraph(&format!("Có {} kiến nghị quá hạn khắc phục:", late.rows.len())));
        body.push(Block::Table(late.clone()));
    }
    (body, vec![cov, fol, late])
}
