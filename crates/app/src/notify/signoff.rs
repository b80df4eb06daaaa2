//! The notice to a unit's head that something waits for their sign-off: an in-app
//! notification to each active head of the unit (to the unit's staff when it has no head
//! account), keyed by the report's version so that it is written once.

use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_storage::model::UnitReport;
use cchc_storage::traits_notify::{NewNotification, NotifyClaim};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// Tells the unit's heads that `report` (named `label`) waits for their sign-off. Failures
/// are logged and never undo the submission.
pub async fn report_awaiting_signoff(store: &dyn Store, report: &UnitReport, label: &str, on: NaiveDate) {
    if let Err(e) = notify(store, report, label, on).await {
        tracing::error!(report = report.id, error = %e, "sign-off notice not stored");
    }
}

async fn notify(store: &dyn Store, report: &UnitReport, label: &str, on: NaiveDate) -> Result<(), ServiceError> {
    let heads: Vec<i64> = store
        .list_users()
        .await?
        .into_iter()
        .filter(|u| u.active && u.role == Role::UnitHead && u.unit_id == Some(report.unit_id))
        .map(|u| u.id)
        .collect();
    let by = report.submitted_by.clone().unwrap_or_default();
    let notification = |user_id: Option<i64>| NewNotification {
        unit_id: if user_id.is_some() { None } else { Some(report.unit_id) },
        user_id,
        kind: "report_signoff".into(),
        title: format!("Chờ ký duyệt: {label}"),
        body: format!("Cán bộ đầu mối {by} trình lãnh đạo đơn vị ký duyệt trước khi gửi cơ quan thường trực."),
        link: format!("/reports/{}", report.period_key),
    };
    let targets: Vec<Option<i64>> = if heads.is_empty() { vec![None] } else { heads.into_iter().map(Some).collect() };
    for t in targets {
        let to = t.map(|u| format!("user:{u}")).unwrap_or_else(|| "unit".into());
        let claim = NotifyClaim {
            key: format!("signoff:report:{}:v{}:to:{to}", report.id, report.version),
            kind: "report_signoff".into(),
            unit_id: Some(report.unit_id),
            day: on,
            reminders: Vec::new(),
            notification: notification(t),
            mail: None,
        };
        store.claim_notice(&Actor::system(), &claim).await?;
    }
    Ok(())
}
