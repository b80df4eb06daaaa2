//! A campaign's results as tables for the XLSX export and the report: the province (each
//! factor and the index beside the previous period), every question, every unit (with its
//! factors), every unit group; each with the number of valid answers and a warning where the
//! answers received fall short of the sample plan or a figure rests on too few respondents.

use cchc_domain::par::Points;
use cchc_domain::sipas::{Change, Comparison, Questionnaire, Share, SipasResult};
use cchc_export::{Cell, Column, Table};
use cchc_storage::Store;
use serde::Serialize;

use super::breakdown::{group_results, GroupLine};
use super::previous::{compare_with_previous, PeriodComparison};
use super::results::{results, CampaignResults};
use crate::accounts::ServiceError;

/// Everything the exports of a campaign show.
#[derive(Debug, Clone, Serialize)]
pub struct ResultsBundle {
    pub results: CampaignResults,
    pub questionnaire: Questionnaire,
    pub groups: Vec<GroupLine>,
    pub comparison: Option<PeriodComparison>,
}

/// Loads the results of campaign `id` with its groups and previous period.
pub async fn load_bundle(store: &dyn Store, id: i64) -> Result<ResultsBundle, ServiceError> {
    let results = results(store, id).await?;
    let questionnaire = store.questionnaire(results.campaign.questionnaire_id).await?.questionnaire;
    let groups = group_results(store, id).await?;
    let comparison = compare_with_previous(store, &results).await?;
    Ok(ResultsBundle { results, questionnaire, groups, comparison })
}

/// A percentage cell, "—" when there is no value.
pub(crate) fn pct(p: Option<Points>) -> Cell {
    p.map_or_else(|| Cell::Text("—".into()), |p| Cell::Percent(p.as_f64(), 2))
}

/// A change in percentage points, signed, "—" when a side is missing.
pub(crate) fn change_text(c: Option<Points>) -> String {
    match c {
        Some(p) if p.0 > 0 => format!("+{p}"),
        Some(p) => p.to_string(),
        None => "—".into(),
    }
}

/// The note of a figure: too few respondents.
fn share_note(s: &Share) -> String {
    if s.insufficient {
        format!("Chưa đủ mẫu ({} người trả lời hợp lệ)", s.respondents)
    } else {
        String::new()
    }
}

/// The note of a line of the sample plan.
pub(crate) fn plan_note(responses: i64, quota: i64) -> String {
    if responses < quota {
        format!("Dưới kế hoạch mẫu ({responses}/{quota} phiếu)")
    } else {
        String::new()
    }
}

fn columns(list: &[(&str, f64)]) -> Vec<Column> {
    list.iter().map(|(h, w)| Column::new(h, *w)).collect()
}

fn compared_row(title: &str, share: &Share, change: Option<&Change>) -> Vec<Cell> {
    vec![
        Cell::Text(title.to_string()),
        pct(share.percent),
        Cell::Int(share.respondents as i64),
        pct(change.and_then(|c| c.previous)),
        Cell::Text(change_text(change.and_then(|c| c.change))),
        Cell::Text(share_note(share)),
    ]
}

/// The province: each factor and the index, beside the previous period.
pub fn province_table(b: &ResultsBundle) -> Table {
    let cols = columns(&[
        ("Yếu tố", 44.0),
        ("Tỷ lệ hài lòng (%)", 14.0),
        ("Người trả lời hợp lệ", 14.0),
        ("Kỳ trước (%)", 12.0),
        ("Thay đổi (điểm %)", 12.0),
        ("Ghi chú", 30.0),
    ]);
    let r = &b.results;
    let mut t = Table::new("Toàn tỉnh", "KẾT QUẢ KHẢO SÁT SỰ HÀI LÒNG TOÀN TỈNH", cols);
    t.subtitle.push(format!(
        "{} (từ {} đến {}); phiếu: {}{}",
        r.campaign.name,
        r.campaign.period_from.format("%d/%m/%Y"),
        r.campaign.period_to.format("%d/%m/%Y"),
        r.questionnaire_name,
        if r.template { " (mẫu, chưa xác nhận)" } else { "" }
    ));
    let (received, planned) = totals(r);
    let prev = b.comparison.as_ref().map_or_else(
        || "không có đợt khảo sát trước của các đơn vị này".to_string(),
        |c| format!("so với đợt \"{}\"", c.previous_name),
    );
    let short = if received < planned { " (chưa đạt kế hoạch mẫu)" } else { "" };
    t.subtitle.push(format!("Đã nhận {received}/{planned} phiếu theo kế hoạch mẫu{short}; {prev}."));
    let Some(overall) = &r.overall else { return t };
    let cmp = b.comparison.as_ref().and_then(|c| c.overall.as_ref());
    for f in &overall.factors {
        let change = cmp.and_then(|c| c.factors.iter().find(|x| x.code == f.code));
        t.push(compared_row(&f.title, &f.share, change));
    }
    t.push(compared_row("Chỉ số SIPAS", &overall.index, cmp.map(|c| &c.index)));
    t
}

/// Answers received and planned over the whole campaign.
pub(crate) fn totals(r: &CampaignResults) -> (i64, i64) {
    (r.units.iter().map(|u| u.responses).sum(), r.units.iter().map(|u| u.quota).sum())
}

/// Every five-point and choice question of the province.
pub fn questions_table(b: &ResultsBundle) -> Table {
    let cols = columns(&[
        ("Mã", 8.0),
        ("Câu hỏi", 50.0),
        ("Phần", 8.0),
        ("Được hỏi", 10.0),
        ("Trả lời hợp lệ", 10.0),
        ("Hài lòng", 10.0),
        ("Không trả lời", 10.0),
        ("Tỷ lệ hài lòng (%)", 12.0),
        ("Ghi chú", 28.0),
    ]);
    let mut t = Table::new("Câu hỏi", "KẾT QUẢ THEO CÂU HỎI", cols);
    let Some(overall) = &b.results.overall else { return t };
    for x in &overall.questions {
        let text = b.questionnaire.question(&x.code).map(|q| q.text.clone()).unwrap_or_default();
        let (share, note) = match &x.share {
            Some(s) => (pct(s.percent), share_note(s)),
            None => (Cell::Empty, answers_by_value(x)),
        };
        t.push(vec![
            Cell::Text(x.code.clone()),
            Cell::Text(text),
            Cell::Text(x.section.clone()),
            Cell::Int(x.shown as i64),
            Cell::Int(x.valid as i64),
            if x.share.is_some() { Cell::Int(x.satisfied as i64) } else { Cell::Empty },
            Cell::Int(x.no_answer as i64),
            share,
            Cell::Text(note),
        ]);
    }
    t
}

/// "Có: 12; Không: 3" for a choice question.
fn answers_by_value(x: &cchc_domain::sipas::QuestionResult) -> String {
    x.counts.iter().map(|c| format!("{}: {}", c.label, c.count)).collect::<Vec<_>>().join("; ")
}

fn unit_comparison(b: &ResultsBundle, unit: i64) -> Option<&Comparison> {
    b.comparison.as_ref().and_then(|c| c.unit(unit))
}

/// Every unit: the sample plan, the index and its change.
pub fn units_table(b: &ResultsBundle) -> Table {
    let cols = columns(&[
        ("Cơ quan, đơn vị", 44.0),
        ("Chỉ tiêu phiếu", 10.0),
        ("Đã nhận", 10.0),
        ("Chỉ số (%)", 12.0),
        ("Người trả lời hợp lệ", 12.0),
        ("Kỳ trước (%)", 12.0),
        ("Thay đổi (điểm %)", 12.0),
        ("Cảnh báo", 34.0),
    ]);
    let mut t = Table::new("Đơn vị", "KẾT QUẢ THEO CƠ QUAN, ĐƠN VỊ", cols);
    for u in &b.results.units {
        let index = u.result.as_ref().map(|r| &r.index);
        let change = unit_comparison(b, u.unit_id).map(|c| &c.index);
        t.push(vec![
            Cell::Text(u.unit_name.clone()),
            Cell::Int(u.quota),
            Cell::Int(u.responses),
            pct(index.and_then(|s| s.percent)),
            Cell::Int(index.map_or(0, |s| s.respondents as i64)),
            pct(change.and_then(|c| c.previous)),
            Cell::Text(change_text(change.and_then(|c| c.change))),
            Cell::Text(warnings(u.responses, u.quota, index)),
        ]);
    }
    t
}

/// Below the sample plan, too few respondents: both when both hold.
fn warnings(responses: i64, quota: i64, index: Option<&Share>) -> String {
    let notes = [plan_note(responses, quota), index.map(share_note).unwrap_or_default()];
    notes.into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; ")
}

/// Every factor of every unit, beside the previous period.
pub fn unit_factors_table(b: &ResultsBundle) -> Table {
    let cols = columns(&[
        ("Cơ quan, đơn vị", 40.0),
        ("Yếu tố", 40.0),
        ("Tỷ lệ hài lòng (%)", 12.0),
        ("Người trả lời hợp lệ", 12.0),
        ("Kỳ trước (%)", 12.0),
        ("Thay đổi (điểm %)", 12.0),
        ("Ghi chú", 28.0),
    ]);
    let mut t = Table::new("Yếu tố theo đơn vị", "KẾT QUẢ THEO YẾU TỐ CỦA TỪNG CƠ QUAN, ĐƠN VỊ", cols);
    for u in &b.results.units {
        let Some(r) = &u.result else { continue };
        let cmp = unit_comparison(b, u.unit_id);
        for f in &r.factors {
            let change = cmp.and_then(|c| c.factors.iter().find(|x| x.code == f.code));
            let mut row = compared_row(&f.title, &f.share, change);
            row.insert(0, Cell::Text(u.unit_name.clone()));
            t.push(row);
        }
    }
    t
}

/// Every unit group.
pub fn groups_table(b: &ResultsBundle) -> Table {
    let cols = columns(&[
        ("Nhóm cơ quan, đơn vị", 36.0),
        ("Số đơn vị", 10.0),
        ("Chỉ tiêu phiếu", 10.0),
        ("Đã nhận", 10.0),
        ("Chỉ số (%)", 12.0),
        ("Người trả lời hợp lệ", 12.0),
        ("Cảnh báo", 34.0),
    ]);
    let mut t = Table::new("Nhóm đơn vị", "KẾT QUẢ THEO NHÓM CƠ QUAN, ĐƠN VỊ", cols);
    for g in &b.groups {
        let index = g.result.as_ref().map(|r: &SipasResult| &r.index);
        t.push(vec![
            Cell::Text(g.label.clone()),
            Cell::Int(g.units as i64),
            Cell::Int(g.quota),
            Cell::Int(g.responses),
            pct(index.and_then(|s| s.percent)),
            Cell::Int(index.map_or(0, |s| s.respondents as i64)),
            Cell::Text(warnings(g.responses, g.quota, index)),
        ]);
    }
    t
}

/// The sheets of the XLSX export, in order.
pub fn results_tables(b: &ResultsBundle) -> Vec<Table> {
    vec![province_table(b), groups_table(b), units_table(b), unit_factors_table(b), questions_table(b)]
}
