//! The follow-up figures of recommendations for a period, per unit and in total (raised /
//! resolved / waived / outstanding, overdue, the reasons given). [`figures`] is what the
//! follow-up page, its XLSX table, and the consolidated report and dashboard use.

use cchc_domain::inspection::{tally, FollowUp, FollowUpItem, RecommendationState};
use cchc_domain::visibility::Visibility;
use cchc_storage::model_inspection::{Finding, FindingFilter};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// The reason a recommendation is not resolved, as the follow-up reports it.
fn reason(f: &Finding) -> String {
    match f.state {
        RecommendationState::Waived => f.waive_reason.clone().unwrap_or_default(),
        RecommendationState::Resolved => String::new(),
        RecommendationState::Open => f.progress.return_reason.clone().unwrap_or_else(|| f.last_note.clone()),
    }
}

/// The follow-up of every recommendation raised between `from` and `to` (inclusive, either
/// open) that `vis` may read, as of `today`.
pub async fn figures(
    store: &dyn Store,
    vis: Visibility,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    today: NaiveDate,
) -> Result<(FollowUp, Vec<Finding>), ServiceError> {
    let filter = FindingFilter { raised_from: from, raised_to: to, ..Default::default() };
    let findings = store.findings(&filter, vis).await?;
    let items: Vec<FollowUpItem> = findings
        .iter()
        .map(|f| FollowUpItem {
            unit_id: f.unit_id,
            unit_name: f.unit_name.clone(),
            state: f.state,
            due: f.due,
            reason: reason(f),
        })
        .collect();
    Ok((tally(&items, today), findings))
}

/// The header and rows of the follow-up table (per unit, then the total), for XLSX.
pub fn table_rows(f: &FollowUp) -> (Vec<String>, Vec<Vec<String>>) {
    let header =
        ["Cơ quan, đơn vị", "Số kiến nghị", "Đã xử lý xong", "Không phải xử lý", "Chưa xử lý xong", "Quá hạn", "Lý do"];
    let row = |t: &cchc_domain::inspection::Tally| {
        vec![
            t.unit_name.clone(),
            t.raised.to_string(),
            t.resolved.to_string(),
            t.waived.to_string(),
            t.outstanding.to_string(),
            t.overdue.to_string(),
            t.reasons.join("; "),
        ]
    };
    let mut rows: Vec<Vec<String>> = f.units.iter().map(row).collect();
    rows.push(row(&f.total));
    (header.iter().map(|h| h.to_string()).collect(), rows)
}
