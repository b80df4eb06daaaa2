//! The province's consolidated report for a period: an official DOCX (Nghị định 30/2020 form)
//! and its XLSX annex, built from what units submitted and what the task instances show.
//! Both are meant to be edited afterwards by the reform office.

use cchc_domain::review::ReviewState;
use cchc_domain::tracking::{Completeness, Period, TaskState};
use cchc_domain::unit::Unit;
use cchc_export::docx::{place_date, Block, HeadingLevel, OfficialDocument, Run, Signature};
use cchc_export::Table;
use cchc_storage::model::{InstanceFilter, InstanceRecord, UnitReport};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;
use crate::config::OrgConfig;

pub mod areas;
pub mod index766;
pub mod surveys;
mod tables;

pub use tables::{attainment_table, problems_table, units_table};

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
    /// The configuration's `[org]` section, each field overridden by the setting `org.*`
    /// saved in the database (`org.place`, `org.issuer_parent`, `org.issuer`, `org.signer_*`).
    pub async fn load(store: &dyn Store, org: &OrgConfig) -> Result<Issuer, ServiceError> {
        let get = |k: &'static str, d: String| async move {
            Ok::<String, ServiceError>(store.setting(k).await?.filter(|v| !v.trim().is_empty()).unwrap_or(d))
        };
        Ok(Issuer {
            parent: get("org.issuer_parent", org.issuer_parent.clone()).await?,
            name: get("org.issuer", org.issuer.clone()).await?,
            place: get("org.place", org.place.clone()).await?,
            signer_authority: get("org.signer_authority", org.signer_authority.clone()).await?,
            signer_position: get("org.signer_position", org.signer_position.clone()).await?,
            signer_name: get("org.signer_name", org.signer_name.clone()).await?,
        })
    }

    /// A report ("BÁO CÁO", "Số: …/BC-SNV") of this office on `today`, signed by its signer.
    pub fn report(&self, title: String, body: Vec<Block>, recipients: &[&str], today: NaiveDate) -> OfficialDocument {
        OfficialDocument {
            issuer_parent: self.parent.clone(),
            issuer: self.name.clone(),
            number: cchc_export::docx::number_line(None, "BC-SNV"),
            place_date: if self.place.is_empty() {
                today.format("ngày %d tháng %m năm %Y").to_string()
            } else {
                place_date(&self.place, today)
            },
            kind_title: "BÁO CÁO".into(),
            title,
            body,
            signer: Signature {
                authority: self.signer_authority.clone(),
                position: self.signer_position.clone(),
                name: self.signer_name.clone(),
            },
            recipients: recipients.iter().map(ToString::to_string).collect(),
            ..OfficialDocument::default()
        }
    }
}

/// A task's short title for tables: its first clause (up to `:`, `;` or the end of the first
/// sentence) cut at a word boundary to at most `max` characters, with `…` when cut.
pub fn short_title(title: &str, max: usize) -> String {
    let title = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let clause = title
        .find([':', ';', '\n'])
        .or_else(|| title.find(". "))
        .map(|i| title[..i].trim_end().to_string())
        .filter(|c| c.chars().count() >= 20)
        .unwrap_or(title.clone());
    if clause.chars().count() <= max {
        return clause;
    }
    let mut out = String::new();
    for w in clause.split(' ') {
        if out.chars().count() + w.chars().count() + 2 > max {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = clause.chars().take(max.saturating_sub(1)).collect();
    }
    out.push('…');
    out
}

/// A period label inside a sentence: its first letter in lower case (`Năm 2026` → `năm 2026`).
pub(crate) fn in_sentence(label: &str) -> String {
    let mut c = label.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Everything the consolidated report is made of.
pub struct Consolidation<'a> {
    pub period: &'a Period,
    pub units: &'a [Unit],
    pub completeness: &'a Completeness,
    pub reports: &'a [UnitReport],
    pub instances: &'a [InstanceRecord],
    /// Target attainment of the period (`crate::attainment::panel`).
    pub attainment: &'a crate::attainment::Panel,
    pub today: NaiveDate,
    /// Inspection and follow-up figures of the period (`crate::inspection::summary`).
    pub inspections: Option<&'a crate::inspection::summary::Summary>,
    /// Results by area of the same instances ([`areas::load`]).
    pub areas: &'a areas::AreaResults,
    /// Index 766 of the period (`None`: not computed by the caller; the section is left out).
    pub index766: Option<&'a index766::Index766>,
    /// PAR INDEX and SIPAS of the period's year ([`surveys::load`]).
    pub surveys: Option<&'a surveys::Surveys>,
}

/// The instances a period's report covers: due within it, of active plans.
pub fn period_filter(p: &Period) -> InstanceFilter {
    InstanceFilter { due_from: Some(p.start), due_to: Some(p.end), active_only: true, ..Default::default() }
}

/// Loads the instances a period's report covers (due within it, active plans).
pub async fn period_instances(store: &dyn Store, p: &Period) -> Result<Vec<InstanceRecord>, ServiceError> {
    Ok(store.list_instances(&period_filter(p)).await?)
}

/// A unit's name as the report prints it: a name another current unit shares carries its
/// parent's name ("Sở Tư pháp (Tỉnh Hà Tĩnh)"), as the pages show it.
pub(crate) fn name(units: &[Unit], id: i64) -> String {
    let Some(u) = units.iter().find(|u| u.id == id) else { return format!("#{id}") };
    let shared = units.iter().any(|o| o.id != u.id && o.name == u.name && o.valid_to.is_none());
    match u.parent_id.and_then(|p| units.iter().find(|o| o.id == p)) {
        Some(parent) if shared => format!("{} ({})", u.name, parent.name),
        _ => u.name.clone(),
    }
}

fn pct(v: Option<f64>) -> String {
    v.map(|x| format!("{}%", cchc_export::table::vn_number(x, 1))).unwrap_or_else(|| "—".into())
}

/// Longest task title in the tables, in characters (a row stays readable on one page).
pub const TITLE_MAX: usize = 120;

/// The attainment in one sentence: how many reported figures met their target.
fn attainment_sentence(c: &Consolidation<'_>) -> String {
    let a = c.attainment;
    if a.rows.is_empty() {
        return format!(
            "Trong {}, chưa có cơ quan, đơn vị nào báo cáo giá trị chỉ tiêu.",
            in_sentence(&c.period.label_vi)
        );
    }
    format!(
        "Trong {}, các cơ quan, đơn vị báo cáo kết quả {} chỉ tiêu: {} lượt đạt, {} lượt không đạt, {} lượt chưa có số liệu.",
        in_sentence(&c.period.label_vi),
        a.rows.len(),
        a.met,
        a.not_met,
        a.no_data
    )
}

/// The work carried into the next period, from the records: unfinished tasks, the overdue
/// ones among them, and the units whose report is missing.
fn next_steps(c: &Consolidation<'_>, problems: usize) -> String {
    let open = c.instances.iter().filter(|i| i.progress.state.is_open()).count();
    let waiting = c.instances.iter().filter(|i| i.progress.state == TaskState::ReportedDone).count();
    let missing = c.completeness.missing;
    let mut s = format!(
        "Tiếp tục thực hiện {open} lượt nhiệm vụ chưa hoàn thành trong kỳ; xem xét, đánh giá kết quả {waiting} lượt \
         nhiệm vụ các cơ quan, đơn vị đã báo cáo hoàn thành"
    );
    if problems > 0 {
        s.push_str(&format!("; đôn đốc các cơ quan chủ trì {problems} nhiệm vụ quá hạn hoặc trễ hạn tại Phụ lục"));
    }
    if missing > 0 {
        s.push_str(&format!("; nhắc nhở {missing} cơ quan, đơn vị chưa gửi báo cáo"));
    }
    s.push('.');
    s
}

/// The official DOCX and the XLSX annex tables.
pub fn build(c: &Consolidation<'_>, issuer: &Issuer) -> (OfficialDocument, Vec<Table>) {
    let count = |s: TaskState| c.instances.iter().filter(|i| i.progress.state == s).count();
    let total = c.instances.len();
    let done = count(TaskState::Accepted);
    let units = units_table(c);
    let problems = problems_table(c);
    let targets = attainment_table(c);
    let (area_blocks, area_table) = areas::section(c);
    let mut body = vec![
        Block::heading(HeadingLevel::Roman, "Kết quả thực hiện nhiệm vụ cải cách hành chính"),
        Block::paragraph(&format!(
            "Trong {}, có {total} lượt nhiệm vụ đến hạn theo kế hoạch; đã hoàn thành và được chấp nhận {done}, \
             đang chờ xem xét kết quả {}, đang thực hiện {}, chưa thực hiện {}, bị trả lại để bổ sung {} \
             (nguồn: /tasks?period={}).",
            in_sentence(&c.period.label_vi),
            count(TaskState::ReportedDone),
            count(TaskState::InProgress),
            count(TaskState::NotStarted),
            count(TaskState::Returned),
            c.period.key,
        )),
    ];
    body.extend(area_blocks);
    body.push(Block::heading(HeadingLevel::Roman, "Kết quả thực hiện chỉ tiêu"));
    body.push(Block::paragraph(&attainment_sentence(c)));
    if !targets.rows.is_empty() {
        body.push(Block::Table(targets.clone()));
    }
    let mut index_tables = Vec::new();
    if c.index766.is_some() || c.surveys.is_some() {
        body.push(Block::heading(HeadingLevel::Roman, "Kết quả các chỉ số đánh giá cải cách hành chính"));
        if let Some(i) = c.index766 {
            let (b, t) = index766::section(i, &c.period.label_vi);
            body.extend(b);
            index_tables.extend(t);
        }
        if let Some(s) = c.surveys {
            let (b, t) = surveys::section(s);
            body.extend(b);
            index_tables.extend(t);
        }
    }
    body.extend([
        Block::heading(HeadingLevel::Roman, "Tình hình gửi báo cáo của các cơ quan, đơn vị"),
        Block::paragraph(&format!(
            "Có {} cơ quan, đơn vị phải báo cáo; đã gửi {} (đúng hạn {}, trễ hạn {}), chưa gửi {}. \
             Tỷ lệ gửi báo cáo {}; tỷ lệ gửi đúng hạn {} (nguồn: /reports?period={}).",
            c.completeness.expected,
            c.completeness.on_time + c.completeness.late,
            c.completeness.on_time,
            c.completeness.late,
            c.completeness.missing + c.completeness.pending,
            pct(c.completeness.completeness_rate),
            pct(c.completeness.timeliness_rate),
            c.period.key,
        )),
        Block::Table(units.clone()),
        Block::heading(HeadingLevel::Roman, "Tồn tại, hạn chế"),
    ]);
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
    let extra = c.inspections.map(|s| crate::inspection::report_section::section(s, &in_sentence(&c.period.label_vi)));
    let mut more = Vec::new();
    if let Some((blocks, tables)) = extra {
        body.extend(blocks);
        more = tables;
    }
    body.push(Block::heading(HeadingLevel::Roman, "Phương hướng, nhiệm vụ kỳ tới"));
    body.push(Block::paragraph(&next_steps(c, problems.rows.len())));
    let title = format!("Kết quả thực hiện công tác cải cách hành chính {}", in_sentence(&c.period.label_vi));
    let doc = issuer.report(title, body, &["- Bộ Nội vụ;", "- UBND tỉnh;", "- Lưu: VT, CCHC."], c.today);
    let mut annex = vec![units, problems, targets];
    annex.extend(area_table);
    annex.extend(index_tables);
    annex.extend(more);
    (doc, annex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_titles_and_labels_in_sentences() {
        let long = "Tiếp tục rà soát, đơn giản hóa thủ tục hành chính: tập trung vào các lĩnh vực đất đai, \
                    xây dựng, đầu tư, kinh doanh; công bố, công khai đầy đủ, kịp thời.";
        assert_eq!(short_title(long, 120), "Tiếp tục rà soát, đơn giản hóa thủ tục hành chính");
        let words = "Xây dựng ".repeat(40);
        let cut = short_title(&words, 30);
        assert!(cut.chars().count() <= 30 && cut.ends_with('…'), "{cut}");
        assert_eq!(short_title("Ngắn: x", 120), "Ngắn: x", "a clause under 20 characters keeps the rest");
        assert_eq!(in_sentence("Năm 2026"), "năm 2026");
        assert_eq!(in_sentence("Quý I/2026"), "quý I/2026");
        assert_eq!(in_sentence("6 tháng đầu năm 2026"), "6 tháng đầu năm 2026");
    }

    #[test]
    fn a_shared_unit_name_carries_its_parent() {
        let unit = |id, name: &str, parent| Unit {
            id,
            code: format!("U{id}"),
            kind: cchc_domain::unit::UnitKind::Department,
            parent_id: parent,
            name: name.into(),
            abbreviations: vec![],
            aliases: vec![],
            valid_from: None,
            valid_to: None,
            note: String::new(),
        };
        let units = [
            unit(1, "Tỉnh Hà Tĩnh", None),
            unit(2, "Tỉnh Bình Định", None),
            unit(3, "Sở Tư pháp", Some(1)),
            unit(4, "Sở Tư pháp", Some(2)),
            unit(5, "Sở Tài chính", Some(1)),
        ];
        assert_eq!(name(&units, 3), "Sở Tư pháp (Tỉnh Hà Tĩnh)");
        assert_eq!(name(&units, 4), "Sở Tư pháp (Tỉnh Bình Định)");
        assert_eq!(name(&units, 5), "Sở Tài chính");
        assert_eq!(name(&units, 9), "#9");
    }
}
