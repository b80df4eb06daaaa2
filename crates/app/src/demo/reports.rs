//! The demo's periodic reports of the year so far: each unit that owes a report of a period
//! whose deadline has passed writes it from its tasks' results of the period and submits it
//! (most on time, some late, a few not at all), with figures for its rate targets (most met,
//! some short); the office accepts some and returns one. A unit whose head signs off leaves
//! the period still open to the head.

use std::collections::HashMap;

use cchc_domain::plan::ValueUnit;
use cchc_domain::tracking::Period;
use cchc_domain::unit::UnitId;
use cchc_domain::user::{Actor, User};
use cchc_storage::model::{InstanceFilter, SubmitMode};
use cchc_storage::Store;
use chrono::{Duration, NaiveDate};

use crate::accounts::ServiceError;
use crate::reports::{expected_units, save_post, ReportForm, TargetInput};

/// Rate targets each demo report gives a figure for.
const FIGURES: usize = 4;

const RETURN_REASON: &str = "Báo cáo chưa nêu số liệu nhiệm vụ chậm tiến độ và nguyên nhân; đề nghị bổ sung.";

/// The narrative a unit writes for `period` on `day`: its tasks of the period and how many
/// it had finished by then.
async fn narrative(store: &dyn Store, unit: UnitId, period: &Period, day: NaiveDate) -> Result<String, ServiceError> {
    let f = InstanceFilter {
        unit_id: Some(unit),
        lead_only: true,
        active_only: true,
        due_from: Some(period.start),
        due_to: Some(period.end),
        ..Default::default()
    };
    let all = store.list_instances(&f).await?;
    let done = all.iter().filter(|i| i.progress.reported_done_on.is_some_and(|d| d <= day)).count();
    Ok(format!(
        "Kết quả thực hiện nhiệm vụ cải cách hành chính {}: đơn vị chủ trì {} nhiệm vụ có hạn trong kỳ, \
         đã hoàn thành {done}, còn {} nhiệm vụ đang thực hiện. Đơn vị tiếp tục rà soát thủ tục hành chính, \
         đẩy mạnh dịch vụ công trực tuyến và số hóa hồ sơ.",
        period.label_vi.to_lowercase(),
        all.len(),
        all.len() - done
    ))
}

/// The figures a unit gives for its first [`FIGURES`] rate targets: the target's value (met),
/// or for every fourth unit and target a few points short of it (not met).
async fn figures(store: &dyn Store, unit: UnitId, j: usize) -> Result<Vec<TargetInput>, ServiceError> {
    let mut out = Vec::new();
    for (k, t) in store.targets_for_unit(unit).await?.into_iter().enumerate() {
        let Some(v) = t.target.values.iter().find(|v| v.unit == ValueUnit::Percent && v.number > 10.0) else {
            continue;
        };
        let short = (j + k).is_multiple_of(4);
        let value = if short { v.number - 7.5 } else { v.number };
        out.push(TargetInput {
            target_id: t.id,
            rate: true,
            value: format!("{value}").replace('.', ","),
            ..Default::default()
        });
        if out.len() == FIGURES {
            break;
        }
    }
    Ok(out)
}

/// Submits the reports of the periods opened before `today` (of one still open, only some);
/// returns how many were submitted.
pub async fn replay_reports(
    store: &dyn Store,
    accounts: &HashMap<UnitId, User>,
    office: &User,
    today: NaiveDate,
) -> Result<usize, ServiceError> {
    let cfg = crate::tracking::config(store).await?;
    let year = chrono::Datelike::year(&today);
    let opened: Vec<Period> = cfg.calendar.periods_of_year(year).into_iter().filter(|p| p.opens < today).collect();
    let last_past = opened.iter().rposition(|p| p.report_due < today);
    let office_actor = Actor::user(office);
    let mut submitted = 0;
    for (pi, period) in opened.iter().enumerate() {
        let last = Some(pi) == last_past;
        let due_passed = period.report_due < today;
        for (j, unit_id) in expected_units(store, period).await?.into_iter().enumerate() {
            let day = match j % 8 {
                // A period still open: the early third of the units have sent theirs.
                _ if !due_passed && j % 3 != 0 => continue,
                _ if !due_passed => (period.opens + Duration::days((j % 5) as i64)).min(today - Duration::days(1)),
                7 => continue,
                6 => period.report_due + Duration::days(4),
                _ => (period.report_due - Duration::days((j % 5) as i64)).max(period.opens),
            };
            if day >= today || period.closes.is_some_and(|c| day > c) {
                continue;
            }
            // A unit with a head account leaves the period still open to its head's sign-off.
            if !due_passed && crate::reports::unit_has_head(store, unit_id).await? {
                continue;
            }
            let unit = store.get_unit(unit_id).await?;
            let actor = accounts.get(&unit_id).map(Actor::user).unwrap_or_else(Actor::system);
            let form = ReportForm {
                key: period.key.clone(),
                narrative: narrative(store, unit_id, period, day).await?,
                targets: if period.key.ends_with("-plan") { Vec::new() } else { figures(store, unit_id, j).await? },
                expected_version: None,
            };
            // The year's history predates sign-off: reports went straight to the office.
            let r = save_post(store, &actor, &cfg, &unit, &form, Vec::new(), Some(SubmitMode::Direct), day).await?;
            submitted += 1;
            let review = (day + Duration::days(3)).min(today);
            if last && j == 1 {
                store.review_report(&office_actor, r.id, r.version, review, Some(RETURN_REASON)).await?;
            } else if j % 3 == 0 {
                store.review_report(&office_actor, r.id, r.version, review, None).await?;
            }
        }
    }
    Ok(submitted)
}
