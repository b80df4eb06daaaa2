//! Section I's results by area (lĩnh vực CCHC of each active plan): tasks done, in progress,
//! overdue and not started among the period's instances, as the database counts them
//! (`dashboard::areas`), with the attainment of the area's targets (`crate::attainment`), and
//! a stacked column chart of the same figures.

use std::collections::HashMap;

use cchc_domain::text::fold;
use cchc_export::chart::StackedColumns;
use cchc_export::docx::{Block, Image};
use cchc_export::{Cell, Column, Table};
use cchc_storage::Store;
use chrono::NaiveDate;

use super::Consolidation;
use crate::accounts::ServiceError;
use crate::dashboard::areas::{by_area_of, PlanAreas};

/// The period's results by area, with, per plan, which task area each target area stands for.
#[derive(Debug, Clone, Default)]
pub struct AreaResults {
    pub plans: Vec<PlanAreas>,
    /// (document, target area code) → task area code.
    pub target_area: HashMap<(i64, String), String>,
}

const ROMAN: [&str; 12] = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"];

/// The task area a plan's target area stands for: the same code; else the same title (or one
/// title the start of the other, "Cải cách tổ chức bộ máy" for "Cải cách tổ chức bộ máy hành
/// chính nhà nước"); else, for a numbered target group, the task area with that Roman numeral
/// (plans list targets 1–7 and tasks I–VII by the same reform areas).
pub fn task_area_for(target_code: &str, target_title: &str, tasks: &[(String, String)]) -> Option<String> {
    if let Some((c, _)) = tasks.iter().find(|(c, _)| !c.is_empty() && c == target_code) {
        return Some(c.clone());
    }
    let t = fold(target_title);
    let titled = tasks.iter().find(|(_, title)| {
        let f = fold(title);
        !t.is_empty() && !f.is_empty() && (f == t || f.starts_with(&format!("{t} ")) || t.starts_with(&format!("{f} ")))
    });
    if let Some((c, _)) = titled {
        return Some(c.clone());
    }
    let n: usize = target_code.trim().trim_end_matches('.').parse().ok()?;
    let roman = ROMAN.get(n.checked_sub(1)?)?;
    tasks.iter().find(|(c, _)| c == roman).map(|(c, _)| c.clone())
}

/// Loads the results by area of the instances the period's report covers.
pub async fn load(
    store: &dyn Store,
    p: &cchc_domain::tracking::Period,
    today: NaiveDate,
) -> Result<AreaResults, ServiceError> {
    let plans = by_area_of(store, &super::period_filter(p), today).await?;
    let mut target_area = HashMap::new();
    for plan in &plans {
        let content = store.plan_content(plan.document_id).await?;
        let tasks: Vec<(String, String)> = plan.areas.iter().map(|a| (a.code.clone(), a.title.clone())).collect();
        for a in content.areas.iter().filter(|a| a.scope == cchc_domain::plan::AreaScope::Targets) {
            if let Some(code) = task_area_for(&a.code, &a.title, &tasks) {
                target_area.insert((plan.document_id, a.code.clone()), code);
            }
        }
    }
    Ok(AreaResults { plans, target_area })
}

/// Done, in progress, overdue, not started: the chart's colours, bottom up.
pub const COLORS: [[u8; 3]; 4] = [[46, 125, 50], [25, 118, 210], [198, 40, 40], [158, 158, 158]];

/// (met, not met, no data) of the targets of task area `code` of plan `doc`.
fn targets_of(c: &Consolidation<'_>, doc: i64, code: &str) -> (usize, usize, usize) {
    let mut t = (0, 0, 0);
    for r in &c.attainment.rows {
        let area = c.areas.target_area.get(&(r.document_id, r.area.clone()));
        if r.document_id == doc && area.is_some_and(|a| a == code) {
            t = (t.0 + r.met, t.1 + r.not_met, t.2 + r.no_data);
        }
    }
    t
}

fn area_label(title: &str, code: &str) -> String {
    match (title.trim(), code.trim()) {
        ("", "") => "Nhiệm vụ không thuộc lĩnh vực nào".into(),
        ("", code) => format!("Lĩnh vực {code}"),
        (title, _) => title.to_string(),
    }
}

/// The area table: one row per area of each plan and a total row; with `source`, a last
/// column names the task list behind each row (for the annex).
pub fn table(c: &Consolidation<'_>, source: bool) -> Table {
    let mut t = Table::new(
        "Kết quả theo lĩnh vực",
        "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC",
        vec![
            Column::new("Mã", 7.0),
            Column::new("Lĩnh vực", 36.0),
            Column::new("Tổng số", 9.0),
            Column::new("Hoàn thành", 10.0),
            Column::new("Đang thực hiện", 10.0),
            Column::new("Quá hạn", 9.0),
            Column::new("Chưa thực hiện", 10.0),
            Column::new("Chỉ tiêu đạt", 9.0),
            Column::new("Chỉ tiêu không đạt", 9.0),
            Column::new("Chỉ tiêu chưa có số liệu", 10.0),
        ],
    );
    t.subtitle.push(format!(
        "{}: số lượt nhiệm vụ đến hạn trong kỳ (hoàn thành gồm cả nhiệm vụ đang chờ xem xét kết quả); \
         số lượt đơn vị báo cáo đạt, không đạt chỉ tiêu của lĩnh vực",
        c.period.label_vi
    ));
    let several = c.areas.plans.len() > 1;
    let mut sum = [0i64; 8];
    for plan in &c.areas.plans {
        for a in &plan.areas {
            let (met, not_met, no_data) = targets_of(c, plan.document_id, &a.code);
            let label = area_label(&a.title, &a.code);
            let label = if several { format!("{} — {label}", plan.label) } else { label };
            let row =
                [a.total, a.done, a.in_progress, a.overdue, a.not_started, met as i64, not_met as i64, no_data as i64];
            for (s, v) in sum.iter_mut().zip(row) {
                *s += v;
            }
            let mut cells = vec![a.code.clone().into(), label.into()];
            cells.extend(row.map(Cell::Int));
            if source {
                cells.push(
                    format!("/tasks?period={}&document={}&area={}", c.period.key, plan.document_id, a.code).into(),
                );
            }
            t.push(cells);
        }
    }
    let mut total = vec![Cell::Text(String::new()), "Tổng cộng".into()];
    total.extend(sum.map(Cell::Int));
    if source {
        total.push(format!("/tasks?period={}", c.period.key).into());
        t.columns.push(Column::new("Nguồn", 40.0));
    }
    t.push(total);
    t
}

/// The paragraphs, table and chart of the results by area, and the table for the annex.
pub fn section(c: &Consolidation<'_>) -> (Vec<Block>, Option<Table>) {
    let areas: Vec<_> = c.areas.plans.iter().flat_map(|p| p.areas.iter()).collect();
    if areas.is_empty() {
        return (vec![Block::paragraph("Không có nhiệm vụ nào đến hạn trong kỳ để tổng hợp theo lĩnh vực.")], None);
    }
    let t = table(c, false);
    let placed = |r: &&crate::attainment::TargetRow| {
        c.areas.target_area.contains_key(&(r.document_id, r.area.clone()))
            && c.areas.plans.iter().any(|p| p.document_id == r.document_id)
    };
    let elsewhere: usize = c.attainment.rows.iter().filter(|r| !placed(r)).map(|r| r.met + r.not_met + r.no_data).sum();
    let mut out = vec![
        Block::paragraph(&format!(
            "Kết quả theo {} lĩnh vực của kế hoạch tại bảng dưới đây và Biểu đồ 1; danh sách nhiệm vụ của từng \
             lĩnh vực tại Phụ lục (bảng \"Kết quả theo lĩnh vực\", cột Nguồn) (nguồn: /tasks?period={}).",
            areas.len(),
            c.period.key
        )),
        Block::Table(t.clone()),
    ];
    if elsewhere > 0 {
        out.push(Block::paragraph(&format!(
            "Có {elsewhere} lượt báo cáo chỉ tiêu thuộc lĩnh vực không có nhiệm vụ đến hạn trong kỳ, không tính trong \
             bảng trên (xem mục Kết quả thực hiện chỉ tiêu)."
        )));
    }
    let chart = StackedColumns {
        columns: areas
            .iter()
            .map(|a| [a.done, a.in_progress, a.overdue, a.not_started].map(|v| v.max(0) as u64).to_vec())
            .collect(),
        colors: COLORS.to_vec(),
    };
    let drawn = chart.draw(1200, 560);
    // With one plan the codes name the columns; with several they repeat, so the rows do.
    let order = if c.areas.plans.len() == 1 {
        let codes: Vec<&str> = areas.iter().map(|a| if a.code.is_empty() { "—" } else { a.code.as_str() }).collect();
        format!("theo thứ tự mã {}", codes.join(", "))
    } else {
        format!("theo thứ tự {} dòng", areas.len())
    };
    out.push(Block::Image(Image {
        png: drawn.png,
        width_mm: 160,
        caption: format!(
            "Biểu đồ 1: Nhiệm vụ theo lĩnh vực, {} (mỗi cột một lĩnh vực, từ trái sang phải {order} của bảng trên; \
             từ dưới lên: xanh lá — hoàn thành, xanh dương — đang thực hiện, đỏ — quá hạn, xám — chưa thực hiện; \
             mỗi vạch ngang {} nhiệm vụ)",
            super::in_sentence(&c.period.label_vi),
            drawn.grid_step
        ),
        description: format!("Biểu đồ cột chồng số nhiệm vụ theo {} lĩnh vực", areas.len()),
    }));
    (out, Some(table(c, true)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_groups_find_their_task_area() {
        let tasks: Vec<(String, String)> = [
            ("I", "CÔNG TÁC TRIỂN KHAI CÁC NHIỆM VỤ CCHC"),
            ("II", "CẢI CÁCH THỂ CHẾ"),
            ("IV", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC"),
            ("VII.1", "Ứng dụng công nghệ thông tin trong hoạt động của đơn vị"),
        ]
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .to_vec();
        assert_eq!(task_area_for("II", "Khác hẳn", &tasks).as_deref(), Some("II"), "same code");
        assert_eq!(task_area_for("4", "Cải cách tổ chức bộ máy", &tasks).as_deref(), Some("IV"), "title prefix");
        assert_eq!(task_area_for("9", "Cải cách thể chế", &tasks).as_deref(), Some("II"), "same title first");
        assert_eq!(task_area_for("1", "Chỉ đạo điều hành CCHC", &tasks).as_deref(), Some("I"), "numbered group");
        assert_eq!(task_area_for("7", "Chính quyền số", &tasks), None, "VII has no task of its own in the period");
        assert_eq!(task_area_for("", "", &tasks), None);
        assert_eq!(task_area_for("0", "x", &tasks), None);
    }
}
