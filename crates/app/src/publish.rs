//! What the office publishes on the public site, built from approved or aggregate figures only:
//! the PAR ranking of an approved round, a SIPAS campaign's results per unit, the province's
//! plan progress by document. Each becomes a frozen table (a snapshot); nothing public is a
//! live query, so drafts and unpublished figures never show.

use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model_public::{PublishedTable, Snapshot};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

fn refused(message: &str) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add("kind", message);
    ServiceError::Invalid(e)
}

/// The ranking of an approved PAR round (units, points, index, class; no scores per criterion).
pub async fn par_ranking(store: &dyn Store, round: i64) -> Result<(String, PublishedTable), ServiceError> {
    let r = crate::par::results(store, round).await?;
    if !r.round.is_approved() {
        return Err(refused("Chỉ công khai kết quả Chỉ số CCHC đã được Hội đồng phê duyệt."));
    }
    let columns = ["Nhóm", "Xếp hạng", "Cơ quan, đơn vị", "Điểm", "Chỉ số (%)", "Xếp loại"];
    let mut rows = Vec::new();
    for (_, label, list) in &r.groups {
        for s in list.iter().filter(|s| s.rank.is_some()) {
            rows.push(vec![
                label.clone(),
                s.rank.map(|n| if s.tied { format!("{n} (đồng hạng)") } else { n.to_string() }).unwrap_or_default(),
                s.name.clone(),
                s.points.map(|p| p.to_string()).unwrap_or_default(),
                s.index.map(|p| p.to_string()).unwrap_or_default(),
                s.class.clone().unwrap_or_default(),
            ]);
        }
    }
    let approved = r.round.approved_on.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    let note = format!("Kết quả do Hội đồng thẩm định phê duyệt ngày {approved}. {}", bands_note(&r.bands));
    Ok((
        format!("Kết quả xếp hạng {}", r.round.name),
        PublishedTable { columns: columns.map(String::from).to_vec(), rows, note },
    ))
}

/// Which bands classed each group, labelled when they are still the template.
fn bands_note(bands: &[(String, Option<cchc_domain::par::BandSet>)]) -> String {
    let used: Vec<String> = bands
        .iter()
        .filter_map(|(group, b)| b.as_ref().map(|b| (group, b)))
        .map(|(group, b)| {
            let template = b.status == cchc_domain::par::SetStatus::Template;
            let tail = if template { ", mẫu, chưa xác nhận" } else { "" };
            format!("{group}: {} (phiên bản {}{tail})", b.name, b.version)
        })
        .collect();
    if used.is_empty() {
        "Chưa có mức xếp loại áp dụng.".into()
    } else {
        format!("Xếp loại theo {}.", used.join("; "))
    }
}

/// A SIPAS campaign's index per unit, with the number of questionnaires behind each figure.
pub async fn sipas(store: &dyn Store, campaign: i64) -> Result<(String, PublishedTable), ServiceError> {
    let r = crate::sipas::results(store, campaign).await?;
    let mut columns = vec!["Cơ quan, đơn vị".to_string(), "Số phiếu".to_string(), "Chỉ số hài lòng (%)".to_string()];
    let factors: Vec<(String, String)> = r
        .overall
        .as_ref()
        .map(|o| o.factors.iter().map(|f| (f.code.clone(), f.title.clone())).collect())
        .unwrap_or_default();
    columns.extend(factors.iter().map(|(_, t)| format!("{t} (%)")));
    let pct = |p: Option<cchc_domain::par::Points>| p.map(|p| p.to_string()).unwrap_or_else(|| "chưa có".into());
    let rows = r
        .units
        .iter()
        .map(|u| {
            let mut row = vec![
                u.unit_name.clone(),
                u.responses.to_string(),
                pct(u.result.as_ref().and_then(|x| x.index.percent)),
            ];
            for (code, _) in &factors {
                row.push(pct(u.result.as_ref().and_then(|x| x.factor(code)).and_then(|f| f.share.percent)));
            }
            row
        })
        .collect();
    let note = format!(
        "Tỷ lệ người trả lời «Hài lòng» hoặc «Rất hài lòng» trên số câu trả lời hợp lệ; phương pháp và phiếu {} (mẫu, chưa xác nhận). Khảo sát từ {} đến {}.",
        r.questionnaire_name,
        r.campaign.period_from.format("%d/%m/%Y"),
        r.campaign.period_to.format("%d/%m/%Y")
    );
    Ok((format!("Kết quả {}", r.campaign.name), PublishedTable { columns, rows, note }))
}

/// The province's plan progress by document on `today` (counts of task instances).
pub async fn plan_progress(store: &dyn Store, today: NaiveDate) -> Result<(String, PublishedTable), ServiceError> {
    let d = crate::dashboard::dashboard(store, None, today).await?;
    let columns = ["Văn bản", "Số lượt nhiệm vụ", "Đã hoàn thành", "Đang thực hiện", "Chưa triển khai", "Quá hạn"];
    let rows = d
        .documents
        .iter()
        .map(|p| {
            let c = &p.counts;
            vec![
                p.label.clone(),
                c.total.to_string(),
                c.accepted.to_string(),
                (c.in_progress + c.reported_done + c.returned).to_string(),
                c.not_started.to_string(),
                c.overdue.to_string(),
            ]
        })
        .collect();
    let note = format!("Số liệu theo dõi đến ngày {}.", today.format("%d/%m/%Y"));
    Ok((
        "Tiến độ thực hiện kế hoạch cải cách hành chính".into(),
        PublishedTable { columns: columns.map(String::from).to_vec(), rows, note },
    ))
}

/// Publishes `table` as the current snapshot of `kind`.
pub async fn publish(
    store: &dyn Store,
    actor: &Actor,
    kind: &str,
    (title, table): (String, PublishedTable),
) -> Result<Snapshot, ServiceError> {
    Ok(store.publish_snapshot(actor, kind, &title, &table).await?)
}
