//! The tables of the consolidated report (in the DOCX and its XLSX annex): the units'
//! submissions, the overdue and late tasks with what the records say about why, and target
//! attainment by target.

use cchc_domain::tracking::{SubmissionStatus, TaskState};
use cchc_export::table::vn_number;
use cchc_export::{Cell, Column, Table};
use cchc_storage::model::InstanceRecord;

use super::{name, short_title, Consolidation, TITLE_MAX};

/// The unit table of the annex (and of section II).
pub fn units_table(c: &Consolidation<'_>) -> Table {
    let mut t = Table::new(
        "Báo cáo đơn vị",
        "TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
        vec![
            Column::new("STT", 6.0),
            Column::new("Cơ quan, đơn vị", 48.0),
            Column::new("Ngày gửi", 14.0),
            Column::new("Tình trạng", 22.0),
        ],
    );
    t.subtitle.push(format!("{} — hạn gửi {}", c.period.label_vi, c.completeness.due.format("%d/%m/%Y")));
    for (i, u) in c.completeness.units.iter().enumerate() {
        let status = match u.status {
            SubmissionStatus::OnTime => "Đúng hạn".to_string(),
            SubmissionStatus::Late { days_late } => format!("Trễ {days_late} ngày"),
            SubmissionStatus::Missing => "Chưa gửi".to_string(),
            SubmissionStatus::Pending => "Chưa đến hạn".to_string(),
        };
        t.push(vec![Cell::Int(i as i64 + 1), name(c.units, u.unit).into(), u.submitted_on.into(), status.into()]);
    }
    t
}

/// What the records say about why an instance is overdue or was late.
fn reason(i: &InstanceRecord, overdue: bool) -> String {
    let p = &i.progress;
    if let Some(r) = p.return_reason.as_deref().filter(|r| !r.trim().is_empty()) {
        return format!("Bị trả lại: {}", short_title(r, 80));
    }
    match (overdue, p.state, p.reported_done_on) {
        (false, _, Some(d)) => format!("Báo cáo hoàn thành ngày {}", d.format("%d/%m/%Y")),
        (_, TaskState::InProgress, _) => match p.percent {
            Some(n) => format!("Đang thực hiện, tự đánh giá {n}%"),
            None => "Đang thực hiện".into(),
        },
        _ => "Đơn vị chưa báo cáo tiến độ".into(),
    }
}

/// The overdue and late tasks of the period (annex and section IV): code, short title, lead,
/// due date, state and what the records say about why.
pub fn problems_table(c: &Consolidation<'_>) -> Table {
    let mut t = Table::new(
        "Nhiệm vụ chậm",
        "NHIỆM VỤ QUÁ HẠN, HOÀN THÀNH TRỄ HẠN",
        vec![
            Column::new("STT", 6.0),
            Column::new("Mã", 8.0),
            Column::new("Nhiệm vụ", 46.0),
            Column::new("Chủ trì", 28.0),
            Column::new("Hạn", 13.0),
            Column::new("Tình trạng", 16.0),
            Column::new("Lý do, ghi chú", 30.0),
        ],
    );
    let mut n = 0;
    for i in c.instances {
        let overdue = i.progress.state.is_open() && i.due.is_some_and(|d| d < c.today);
        let late = i.completion.as_deref() == Some("late");
        if !(overdue || late) {
            continue;
        }
        n += 1;
        let unit = i.lead_unit_id.map(|u| name(c.units, u)).unwrap_or_default();
        let status = if overdue { "Quá hạn" } else { "Hoàn thành trễ hạn" };
        t.push(vec![
            Cell::Int(n),
            i.task_code.clone().into(),
            short_title(&i.task_title, TITLE_MAX).into(),
            unit.into(),
            i.due.into(),
            status.into(),
            reason(i, overdue).into(),
        ]);
    }
    t
}

/// Target attainment by target (section II and the annex).
pub fn attainment_table(c: &Consolidation<'_>) -> Table {
    let mut t = Table::new(
        "Chỉ tiêu",
        "KẾT QUẢ THỰC HIỆN CHỈ TIÊU",
        vec![
            Column::new("Mã", 8.0),
            Column::new("Lĩnh vực", 10.0),
            Column::new("Chỉ tiêu", 44.0),
            Column::new("Loại", 10.0),
            Column::new("Nguồn số liệu", 22.0),
            Column::new("Đạt", 8.0),
            Column::new("Không đạt", 10.0),
            Column::new("Chưa có số liệu", 12.0),
        ],
    );
    t.subtitle.push(format!("{}: số lượt đơn vị báo cáo đạt, không đạt chỉ tiêu", c.period.label_vi));
    for r in &c.attainment.rows {
        t.push(vec![
            r.code.clone().into(),
            r.area.clone().into(),
            r.text.clone().into(),
            r.scale.into(),
            source_of(r).into(),
            Cell::Int(r.met as i64),
            Cell::Int(r.not_met as i64),
            Cell::Int(r.no_data as i64),
        ]);
    }
    t
}

/// Where a target's figures come from: the units' reports, or the index-766 indicator that
/// measures it (with the period, the province's own figure and how many units it counted).
fn source_of(r: &crate::attainment::TargetRow) -> String {
    match &r.measured_by {
        None => "Đơn vị báo cáo".into(),
        Some(m) => {
            let province = m.province.map(|v| format!("; toàn tỉnh {}", vn_number(v, 1))).unwrap_or_default();
            format!("Chỉ số 766, {} ({}{province}): {} đơn vị", m.indicator, m.period_label, m.units)
        }
    }
}
