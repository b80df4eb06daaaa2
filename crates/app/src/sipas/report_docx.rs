//! The results report of a campaign as an official document in the NĐ 30 format: the
//! province's index and factors beside the previous period with a column chart, the unit
//! groups and units with the sample plan, and what the office proposes (units below the plan,
//! units whose index fell). Open answers are not in it: they are for the office's pages only.

use cchc_export::chart::StackedColumns;
use cchc_export::docx::{Block, HeadingLevel, Image, OfficialDocument};
use chrono::NaiveDate;

use super::report::{change_text, groups_table, province_table, totals, units_table, ResultsBundle};
use crate::consolidate::Issuer;

/// The column colour of the chart (satisfaction share).
const BLUE: [u8; 3] = [25, 118, 210];

/// The chart of the province's factors and index: one column per factor then the index, each
/// the satisfaction share rounded to a whole percent. `None` without results.
pub fn factor_chart(b: &ResultsBundle) -> Option<Image> {
    let overall = b.results.overall.as_ref()?;
    let mut labels = Vec::new();
    let mut columns = Vec::new();
    for (code, share) in overall.factors.iter().map(|f| (f.code.as_str(), &f.share)).chain([("chỉ số", &overall.index)])
    {
        labels.push(code.to_string());
        columns.push(vec![share.percent.map_or(0, |p| ((p.0.max(0) + 50) / 100) as u64)]);
    }
    let drawn = StackedColumns { columns, colors: vec![BLUE] }.draw(1200, 560);
    Some(Image {
        png: drawn.png,
        width_mm: 150,
        caption: format!(
            "Biểu đồ 1: Tỷ lệ hài lòng theo yếu tố và chỉ số chung (%), từ trái sang phải: {}; mỗi vạch ngang {} \
             điểm phần trăm",
            labels.join(", "),
            drawn.grid_step
        ),
        description: format!("Biểu đồ cột tỷ lệ hài lòng của {} yếu tố và chỉ số chung", labels.len() - 1),
    })
}

fn summary(b: &ResultsBundle) -> String {
    let r = &b.results;
    let (received, planned) = totals(r);
    let index = r.overall.as_ref().and_then(|o| o.index.percent);
    let head = format!(
        "Đợt khảo sát \"{}\" từ ngày {} đến ngày {} tại {} cơ quan, đơn vị đã nhận {received} phiếu trên {planned} \
         phiếu theo kế hoạch mẫu",
        r.campaign.name,
        r.campaign.period_from.format("%d/%m/%Y"),
        r.campaign.period_to.format("%d/%m/%Y"),
        r.units.len()
    );
    let below = if received < planned { " (chưa đạt kế hoạch mẫu)" } else { "" };
    let index = match index {
        Some(p) => format!("Chỉ số hài lòng chung đạt {p}%"),
        None => "Chưa tính được chỉ số hài lòng chung".into(),
    };
    let cmp = match b.comparison.as_ref().and_then(|c| c.overall.as_ref().map(|o| (c, o))) {
        Some((c, o)) => format!(
            ", so với đợt \"{}\" ({}%) thay đổi {} điểm phần trăm",
            c.previous_name,
            o.index.previous.map_or_else(|| "—".into(), |p| p.to_string()),
            change_text(o.index.change)
        ),
        None => ", chưa có đợt khảo sát trước của các cơ quan, đơn vị này để so sánh".into(),
    };
    let template = if r.template {
        " Phiếu khảo sát và công thức tính là mẫu, chưa xác nhận theo văn bản của cấp có thẩm quyền."
    } else {
        ""
    };
    format!("{head}{below}. {index}{cmp}.{template}")
}

/// The proposals: units below the sample plan, units whose index fell.
fn proposals(b: &ResultsBundle) -> Vec<Block> {
    let below: Vec<String> = b
        .results
        .units
        .iter()
        .filter(|u| u.below_plan)
        .map(|u| format!("{} ({}/{} phiếu)", u.unit_name, u.responses, u.quota))
        .collect();
    let fell: Vec<String> = b
        .results
        .units
        .iter()
        .filter_map(|u| {
            let c = b.comparison.as_ref()?.unit(u.unit_id)?.index.change?;
            (c.0 < 0).then(|| format!("{} (giảm {} điểm phần trăm)", u.unit_name, -c))
        })
        .collect();
    let mut out = Vec::new();
    if below.is_empty() {
        out.push(Block::paragraph("Các cơ quan, đơn vị đều đạt số phiếu theo kế hoạch mẫu."));
    } else {
        out.push(Block::paragraph(
            "Đề nghị các cơ quan, đơn vị chưa đạt số phiếu theo kế hoạch mẫu tiếp tục tổ chức khảo sát:",
        ));
        out.push(Block::Bullets(below));
    }
    if !fell.is_empty() {
        out.push(Block::paragraph(
            "Đề nghị các cơ quan, đơn vị có chỉ số giảm so với kỳ trước rà soát, khắc phục hạn chế:",
        ));
        out.push(Block::Bullets(fell));
    }
    out
}

/// The report of `b` issued on `today`.
pub fn results_report(b: &ResultsBundle, issuer: &Issuer, today: NaiveDate) -> OfficialDocument {
    let mut body = vec![
        Block::heading(HeadingLevel::Roman, "Kết quả chung"),
        Block::paragraph(&summary(b)),
        Block::Table(province_table(b)),
    ];
    body.extend(factor_chart(b).map(Block::Image));
    body.push(Block::heading(HeadingLevel::Roman, "Kết quả theo nhóm và theo cơ quan, đơn vị"));
    body.push(Block::Table(groups_table(b)));
    body.push(Block::Table(units_table(b)));
    body.push(Block::heading(HeadingLevel::Roman, "Đề xuất"));
    body.extend(proposals(b));
    let title = format!("Kết quả khảo sát sự hài lòng của người dân, tổ chức: {}", b.results.campaign.name);
    issuer.report(title, body, &["- UBND tỉnh;", "- Các cơ quan, đơn vị;", "- Lưu: VT, CCHC."], today)
}
