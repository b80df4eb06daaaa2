//! Demo content for the inspection pages: the checklist templates, this year's plan with two
//! departments, one inspection recorded with two findings (one remedied and accepted), and a
//! state audit recommendation.

use cchc_domain::inspection::{Answer, FindingSource, RecommendationState, Severity};
use cchc_domain::tracking::TaskState;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_inspection::{AnswerRecord, FindingChange, InspectionRecord, NewFinding};
use cchc_storage::Store;
use chrono::Datelike;

use super::plan::{plan, PlanForm};
use crate::accounts::ServiceError;

fn finding(
    inspection: Option<i64>,
    unit: i64,
    text: &str,
    rec: &str,
    due: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> NewFinding {
    NewFinding {
        inspection_id: inspection,
        unit_id: unit,
        source: if inspection.is_some() { FindingSource::Inspection } else { FindingSource::Audit },
        source_ref: if inspection.is_some() {
            format!("Kiểm tra CCHC năm {}", today.year())
        } else {
            "Báo cáo kiểm toán số 12/BC-KTNN".into()
        },
        severity: Severity::Medium,
        area: "Cải cách thủ tục hành chính".into(),
        text: text.into(),
        recommendation: rec.into(),
        due: Some(due),
        evidence_required: true,
        raised_on: today,
    }
}

/// Seeds the demo inspections (nothing when the registry lacks the demo departments).
pub async fn seed(store: &dyn Store, actor: &Actor) -> Result<(), ServiceError> {
    super::checklists::install_templates(store, actor).await?;
    let (Some(sct), Some(sxd)) = (store.unit_by_code("HT-SCT").await?, store.unit_by_code("HT-SXD").await?) else {
        return Ok(());
    };
    let today = crate::tracking::today();
    let form = PlanForm {
        year: today.year(),
        unit_ids: vec![sct.id, sxd.id],
        team: "Đoàn kiểm tra CCHC của Sở Nội vụ".into(),
        leader: "Trần Văn Hùng".into(),
        date_from: Some(today),
        date_to: Some(today + chrono::Duration::days(1)),
        prepare: "Báo cáo tự kiểm tra công tác CCHC; hồ sơ TTHC 6 tháng gần nhất".into(),
    };
    let planned = plan(store, actor, &form, today).await?;
    let Some(i) = planned.iter().find(|i| i.unit_id == sct.id) else { return Ok(()) };
    let list = store.checklist(i.checklist_id).await?.checklist;
    let answers = list
        .items
        .iter()
        .enumerate()
        .map(|(n, it)| AnswerRecord {
            item_code: it.code.clone(),
            answer: if n == 3 || n == 4 { Answer::NotMet } else { Answer::Met },
            note: if n == 3 || n == 4 { "Có tồn tại, xem phần phát hiện".into() } else { String::new() },
        })
        .collect();
    let record = InspectionRecord {
        answers,
        conclusion: "Đơn vị cơ bản thực hiện tốt công tác CCHC; còn hai tồn tại cần khắc phục.".into(),
        recorded_on: today,
    };
    let due = today + chrono::Duration::days(60);
    let findings = [
        finding(
            Some(i.id),
            sct.id,
            "Chưa niêm yết đầy đủ TTHC tại Bộ phận một cửa",
            "Niêm yết đầy đủ, đúng quy định các TTHC",
            due,
            today,
        ),
        finding(
            Some(i.id),
            sct.id,
            "Chưa có văn bản xin lỗi với 3 hồ sơ trễ hạn",
            "Gửi văn bản xin lỗi, hẹn lại ngày trả kết quả",
            due,
            today,
        ),
    ];
    store.record_inspection(actor, i.id, i.version, &record, &findings, &[]).await?;
    let vis = Visibility::Province;
    let filter = cchc_storage::model_inspection::FindingFilter { inspection_id: Some(i.id), ..Default::default() };
    if let Some(f) = store.findings(&filter, vis).await?.into_iter().next() {
        let mut progress = f.progress.clone();
        progress.state = TaskState::Accepted;
        progress.percent = Some(100);
        progress.reported_done_on = Some(today);
        progress.accepted_on = Some(today);
        progress.updated_on = Some(today);
        let change = FindingChange {
            action: "finding.resolve".into(),
            state: RecommendationState::Resolved,
            progress,
            waive_reason: None,
            note: "Đã niêm yết đầy đủ 152 TTHC".into(),
        };
        store.change_finding(actor, f.id, f.version, &change, &[]).await?;
    }
    let audit = finding(
        None,
        sxd.id,
        "Chi hỗ trợ số hóa hồ sơ chưa đúng định mức",
        "Rà soát, thu hồi khoản chi sai định mức",
        due,
        today,
    );
    store.add_findings(actor, &[audit]).await?;
    Ok(())
}
