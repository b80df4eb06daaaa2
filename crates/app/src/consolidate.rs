//! The province's consolidated report for a period: an official DOCX (Nghị định 30/2020 form)
//! and its XLSX annex, built from what units submitted and what the task instances show.
//! Both are meant to be edited afterwards by the reform office.

use cchc_domain::review::ReviewState;
use cchc_domain::tracking::{Completeness, Period, SubmissionStatus, TaskState};
use cchc_domain::unit::Unit;
use cchc_export::docx::{place_date, Block, HeadingLevel, OfficialDocument, Run, Signature};
use cchc_export::{Cell, Column, Table};
use cchc_storage::model::{InstanceFilter, InstanceRecord, UnitReport};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// Who issues the report; settings `org.*`, with defaults.
#[derive(Debug, Clone)]
pub struct Issuer {
    pub parent: String,
    pub name: String,
    pub place: String,
    pub signer_authority: String,
    pub signer_position: String,
    pub signer_name: String,
}

impl Issuer {
    /// Reads `org.issuer_parent`, `org.issuer`, `org.place`, `org.signer_*` from settings.
    pub async fn load(store: &dyn Store) -> Result<Issuer, ServiceError> {
        let get = |k: &'static str, d: &'static str| async move {
            Ok::<String, ServiceError>(store.setting(k).await?.unwrap_or_else(|| d.to_string()))
        };
        Ok(Issuer {
            parent: get("org.issuer_parent", "UBND TỈNH").await?,
            name: get("org.issuer", "SỞ NỘI VỤ").await?,
            place: get("org.place", "").await?,
            signer_authority: get("org.signer_authority", "KT. GIÁM ĐỐC").await?,
            signer_position: get("org.signer_position", "PHÓ GIÁM ĐỐC").await?,
            signer_name: get("org.signer_name", "").await?,
        })
    }
}

/// Everything the consolidated report is made of.
pub struct Consolidation<'a> {
    pub period: &'a Period,
    pub units: &'a [Unit],
    pub completeness: &'a Completeness,
    pub reports: &'a [UnitReport],
    pub instances: &'a [InstanceRecord],
    pub today: NaiveDate,
}

/// Loads the instances a period's report covers (due within it, active plans).
pub async fn period_instances(store: &dyn Store, p: &Period) -> Result<Vec<InstanceRecord>, ServiceError> {
    let f = InstanceFilter { due_from: Some(p.start), due_to: Some(p.end), active_only: true, ..Default::default() };
    Ok(store.list_instances(&f).await?)
}

fn name(units: &[Unit], id: i64) -> String {
    units.iter().find(|u| u.id == id).map(|u| u.name.clone()).unwrap_or_else(|| format!("#{id}"))
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{}%", cchc_export::table::vn_number(x, 1))).unwrap_or_else(|| "—".into())
}

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

/// The overdue and late tasks of the period (annex and section IV).
pub fn problems_table(c: &Consolidation<'_>) -> Table {
    let mut t = Table::new(
        "Nhiệm vụ chậm",
        "NHIỆM VỤ QUÁ HẠN, HOÀN THÀNH TRỄ HẠN",
        vec![
            Column::new("STT", 6.0),
            Column::new("Nhiệm vụ", 60.0),
            Column::new("Chủ trì", 32.0),
            Column::new("Hạn", 13.0),
            Column::new("Tình trạng", 18.0),
        ],
    );
    let open = [TaskState::NotStarted, TaskState::InProgress, TaskState::Returned];
    let mut n = 0;
    for i in c.instances {
        let overdue = open.contains(&i.progress.state) && i.due.is_some_and(|d| d < c.today);
        let late = i.completion.as_deref() == Some("late");
        if !(overdue || late) {
            continue;
        }
        n += 1;
        let unit = i.lead_unit_id.map(|u| name(c.units, u)).unwrap_or_default();
        let status = if overdue { "Quá hạn" } else { "Hoàn thành trễ hạn" };
        t.push(vec![
            Cell::Int(n),
            format!("{}. {}", i.task_code, i.task_title).into(),
            unit.into(),
            i.due.into(),
            status.into(),
        ]);
    }
    t
}

/// The official DOCX and the XLSX annex tables.
pub fn build(c: &Consolidation<'_>, issuer: &Issuer) -> (OfficialDocument, Vec<Table>) {
    let count = |s: TaskState| c.instances.iter().filter(|i| i.progress.state == s).count();
    let total = c.instances.len();
    let done = count(TaskState::Accepted);
    let units = units_table(c);
    let problems = problems_table(c);
    let mut body = vec![
        Block::heading(HeadingLevel::Roman, "Kết quả thực hiện nhiệm vụ cải cách hành chính"),
        Block::paragraph(&format!(
            "Trong {}, có {total} lượt nhiệm vụ đến hạn theo kế hoạch; đã hoàn thành và được chấp nhận {done}, \
             đang chờ xem xét kết quả {}, đang thực hiện {}, chưa thực hiện {}, bị trả lại để bổ sung {}.",
            c.period.label_vi,
            count(TaskState::ReportedDone),
            count(TaskState::InProgress),
            count(TaskState::NotStarted),
            count(TaskState::Returned),
        )),
        Block::heading(HeadingLevel::Roman, "Tình hình gửi báo cáo của các cơ quan, đơn vị"),
        Block::paragraph(&format!(
            "Có {} cơ quan, đơn vị phải báo cáo; đã gửi {} (đúng hạn {}, trễ hạn {}), chưa gửi {}. \
             Tỷ lệ gửi báo cáo {}; tỷ lệ gửi đúng hạn {}.",
            c.completeness.expected,
            c.completeness.on_time + c.completeness.late,
            c.completeness.on_time,
            c.completeness.late,
            c.completeness.missing + c.completeness.pending,
            pct(c.completeness.completeness_rate),
            pct(c.completeness.timeliness_rate),
        )),
        Block::Table(units.clone()),
        Block::heading(HeadingLevel::Roman, "Tồn tại, hạn chế"),
    ];
    if problems.rows.is_empty() {
        body.push(Block::paragraph("Không có nhiệm vụ quá hạn hoặc hoàn thành trễ hạn trong kỳ."));
    } else {
        body.push(Block::paragraph(&format!(
            "Có {} nhiệm vụ quá hạn hoặc hoàn thành trễ hạn (chi tiết tại Phụ lục):",
            problems.rows.len()
        )));
        body.push(Block::Table(problems.clone()));
    }
    body.push(Block::heading(HeadingLevel::Roman, "Nội dung báo cáo của các cơ quan, đơn vị"));
    let mut any = false;
    for r in c.reports.iter().filter(|r| matches!(r.status, ReviewState::Submitted | ReviewState::Accepted)) {
        any = true;
        body.push(Block::Paragraph(vec![
            Run::bold(&format!("{}: ", name(c.units, r.unit_id))),
            Run::plain(&r.narrative),
        ]));
    }
    if !any {
        body.push(Block::paragraph("Chưa có cơ quan, đơn vị nào gửi báo cáo."));
    }
    body.push(Block::heading(HeadingLevel::Roman, "Phương hướng, nhiệm vụ kỳ tới"));
    body.push(Block::paragraph("(Cơ quan thường trực bổ sung.)"));
    let doc = OfficialDocument {
        issuer_parent: issuer.parent.clone(),
        issuer: issuer.name.clone(),
        number: cchc_export::docx::number_line(None, "BC-SNV"),
        place_date: if issuer.place.is_empty() {
            c.today.format("ngày %d tháng %m năm %Y").to_string()
        } else {
            place_date(&issuer.place, c.today)
        },
        kind_title: "BÁO CÁO".into(),
        title: format!("Kết quả thực hiện công tác cải cách hành chính {}", c.period.label_vi.to_lowercase()),
        body,
        signer: Signature {
            authority: issuer.signer_authority.clone(),
            position: issuer.signer_position.clone(),
            name: issuer.signer_name.clone(),
        },
        recipients: vec!["- Bộ Nội vụ;".into(), "- UBND tỉnh;".into(), "- Lưu: VT, CCHC.".into()],
        ..OfficialDocument::default()
    };
    (doc, vec![units, problems])
}
