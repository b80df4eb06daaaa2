//! The appraisal report of a round (báo cáo kết quả thẩm định, xếp hạng Chỉ số CCHC) as an
//! official document in the NĐ 30 format: what was appraised, the ranking of each unit group
//! with points, index and class, and the units whose index fell.

use cchc_domain::par::Standing;
use cchc_export::docx::{Block, HeadingLevel, OfficialDocument};
use cchc_export::{Cell, Column, Table};
use chrono::NaiveDate;

use super::results::RoundResults;
use crate::consolidate::Issuer;

pub(crate) fn ranking_table(label: &str, list: &[Standing]) -> Table {
    let cols = vec![
        Column::new("Xếp hạng", 10.0),
        Column::new("Cơ quan, đơn vị", 50.0),
        Column::new("Điểm", 12.0),
        Column::new("Chỉ số (%)", 12.0),
        Column::new("Xếp loại", 14.0),
    ];
    let mut t = Table::new(label, &format!("Nhóm {label}"), cols);
    for s in list {
        let rank = match (s.rank, s.tied) {
            (Some(n), true) => format!("{n} (đồng hạng)"),
            (Some(n), false) => n.to_string(),
            (None, _) => "—".into(),
        };
        t.push(vec![
            Cell::Text(rank),
            Cell::Text(s.name.clone()),
            Cell::Text(s.points.map(|p| p.to_string()).unwrap_or_default()),
            Cell::Text(s.index.map(|p| p.to_string()).unwrap_or_else(|| "chưa có".into())),
            Cell::Text(s.class.clone().unwrap_or_default()),
        ]);
    }
    t
}

/// The report of `r` issued on `today`.
pub fn appraisal_report(r: &RoundResults, issuer: &Issuer, today: NaiveDate) -> OfficialDocument {
    let total = r.lines.len();
    let accepted = r.lines.iter().filter(|l| l.assessment.status == cchc_domain::review::ReviewState::Accepted).count();
    let status = match r.round.approved_on {
        Some(d) => format!("Hội đồng thẩm định đã phê duyệt kết quả ngày {}.", d.format("%d/%m/%Y")),
        None => "Kết quả dưới đây là kết quả tạm thời, chưa được Hội đồng thẩm định phê duyệt.".into(),
    };
    let mut body = vec![
        Block::heading(HeadingLevel::Roman, "Kết quả tự đánh giá và thẩm định"),
        Block::paragraph(&format!(
            "{} có {total} cơ quan, đơn vị thuộc diện đánh giá; {accepted} cơ quan, đơn vị đã được thẩm định xong. \
             Hạn tự đánh giá {}, hạn thẩm định {}. {status}",
            r.round.name,
            r.round.self_due.format("%d/%m/%Y"),
            r.round.appraisal_due.format("%d/%m/%Y"),
        )),
        Block::heading(HeadingLevel::Roman, "Kết quả xếp hạng"),
    ];
    for (_, label, list) in &r.groups {
        let ranked = list.iter().filter(|s| s.rank.is_some()).count();
        body.push(Block::paragraph(&format!("Nhóm {label}: {ranked} cơ quan, đơn vị được xếp hạng.")));
        body.push(Block::Table(ranking_table(label, list)));
    }
    let fell: Vec<String> = r
        .groups
        .iter()
        .flat_map(|(_, _, list)| list.iter())
        .filter(|s| s.change.is_some_and(|c| c.0 < 0))
        .map(|s| format!("{} (giảm {} điểm phần trăm)", s.name, s.change.map(|c| -c).unwrap_or_default()))
        .collect();
    body.push(Block::heading(HeadingLevel::Roman, "Đề nghị"));
    if fell.is_empty() {
        body.push(Block::paragraph("Không có cơ quan, đơn vị nào có chỉ số giảm so với năm trước."));
    } else {
        body.push(Block::paragraph(
            "Đề nghị các cơ quan, đơn vị có chỉ số giảm so với năm trước rà soát, khắc phục hạn chế:",
        ));
        body.push(Block::Bullets(fell));
    }
    let title = format!("Kết quả thẩm định, xếp hạng {}", r.round.name);
    issuer.report(title, body, &["- UBND tỉnh;", "- Các cơ quan, đơn vị;", "- Lưu: VT, CCHC."], today)
}
