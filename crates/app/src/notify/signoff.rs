//! The notice to a unit's head that something waits for their sign-off: an in-app
//! notification to each active head of the unit (to the unit's staff when it has no head
//! account), keyed by the report's (or task instance's) version so that it is written once.

use cchc_domain::role::Role;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_storage::model::{InstanceRecord, UnitReport};
use cchc_storage::traits_notify::{NewNotification, NotifyClaim};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// Tells the unit's heads that `report` (named `label`) waits for their sign-off. Failures
/// are logged and never undo the submission.
pub async fn report_awaiting_signoff(store: &dyn Store, report: &UnitReport, label: &str, on: NaiveDate) {
    let by = report.submitted_by.clone().unwrap_or_default();
    let notice = Notice {
        unit_id: report.unit_id,
        key: format!("signoff:report:{}:v{}", report.id, report.version),
        kind: "report_signoff",
        title: format!("Chờ ký duyệt: {label}"),
        body: format!("Cán bộ đầu mối {by} trình lãnh đạo đơn vị ký duyệt trước khi gửi cơ quan thường trực."),
        link: format!("/reports/{}", report.period_key),
    };
    if let Err(e) = notify_heads(store, &notice, on).await {
        tracing::error!(report = report.id, error = %e, "sign-off notice not stored");
    }
}

/// Tells the lead unit's heads that the focal point `by` reported `inst` done and the claim
/// waits for their sign-off. Failures are logged and never undo the claim.
pub async fn task_awaiting_signoff(store: &dyn Store, inst: &InstanceRecord, by: &str, on: NaiveDate) {
    let Some(unit_id) = inst.lead_unit_id else { return };
    let notice = Notice {
        unit_id,
        key: format!("signoff:task_instance:{}:v{}", inst.id, inst.version),
        kind: "task_signoff",
        title: format!("Chờ ký duyệt: {}", super::instance_title(inst)),
        body: format!("{by} báo cáo hoàn thành nhiệm vụ; lãnh đạo đơn vị ký duyệt trước khi gửi cơ quan thường trực."),
        link: format!("/tasks/{}", inst.id),
    };
    if let Err(e) = notify_heads(store, &notice, on).await {
        tracing::error!(instance = inst.id, error = %e, "sign-off notice not stored");
    }
}

/// Tells the lead unit that its head sent the done claim on `inst` back, with the reason.
pub async fn task_sent_back(store: &dyn Store, inst: &InstanceRecord, reason: &str, on: NaiveDate) {
    let Some(unit_id) = inst.lead_unit_id else { return };
    let claim = NotifyClaim {
        key: format!("sentback:task_instance:{}:v{}", inst.id, inst.version),
        kind: "task_sent_back".into(),
        unit_id: Some(unit_id),
        day: on,
        reminders: Vec::new(),
        notification: NewNotification {
            unit_id: Some(unit_id),
            user_id: None,
            kind: "task_sent_back".into(),
            title: format!("Lãnh đạo đơn vị trả lại báo cáo hoàn thành: {}", super::instance_title(inst)),
            body: format!("Lý do: {reason}"),
            link: format!("/tasks/{}", inst.id),
        },
        mail: None,
    };
    if let Err(e) = store.claim_notice(&Actor::system(), &claim).await {
        tracing::error!(instance = inst.id, error = %e, "send-back notice not stored");
    }
}

/// One thing waiting for a unit head.
struct Notice {
    unit_id: UnitId,
    /// Unique per waiting version: the notice is written once.
    key: String,
    kind: &'static str,
    title: String,
    body: String,
    link: String,
}

/// Writes `notice` to each active head of its unit (to the unit's staff when it has none).
async fn notify_heads(store: &dyn Store, notice: &Notice, on: NaiveDate) -> Result<(), ServiceError> {
    let heads: Vec<i64> = store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.active && u.role == Role::UnitHead && u.unit_id == Some(notice.unit_id))
        .map(|u| u.id)
        .collect();
    let notification = |user_id: Option<i64>| NewNotification {
        unit_id: if user_id.is_some() { None } else { Some(notice.unit_id) },
        user_id,
        kind: notice.kind.into(),
        title: notice.title.clone(),
        body: notice.body.clone(),
        link: notice.link.clone(),
    };
    let targets: Vec<Option<i64>> = if heads.is_empty() { vec![None] } else { heads.into_iter().map(Some).collect() };
    for t in targets {
        let to = t.map(|u| format!("user:{u}")).unwrap_or_else(|| "unit".into());
        let claim = NotifyClaim {
            key: format!("{}:to:{to}", notice.key),
            kind: notice.kind.into(),
            unit_id: Some(notice.unit_id),
            day: on,
            reminders: Vec::new(),
            notification: notification(t),
            mail: None,
        };
        store.claim_notice(&Actor::system(), &claim).await?;
    }
    Ok(())
}
