//! What the reminder run looks at: open task instances waiting for their lead unit (a
//! returned task is open again), periodic reports that expected units have not submitted
//! (a returned report counts as not submitted), PAR assessments, and the remedies of open
//! inspection and audit recommendations waiting for their unit, each with the page it links to.

use cchc_domain::review::ReviewState;
use cchc_domain::tracking::{ItemRef, ReminderItem, TaskState};
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{InstanceFilter, InstanceRecord};
use cchc_storage::Store;
use chrono::{Datelike, Duration, NaiveDate};

use crate::accounts::ServiceError;
use crate::tracking::TrackingConfig;

/// A reminder item and the page it links to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedItem {
    pub item: ReminderItem,
    /// A path inside the application (`/tasks/42`, `/reports/2025-q1`).
    pub link: String,
}

/// How a task instance is named in reminders: its title, and the period when recurring.
pub fn instance_title(inst: &InstanceRecord) -> String {
    if inst.key == cchc_domain::tracking::ONCE_KEY || inst.label.is_empty() {
        inst.task_title.clone()
    } else {
        format!("{} ({})", inst.task_title, inst.label)
    }
}

/// A stable number for a period key (reports have one row per unit, or none yet, so the
/// period itself is the item): FNV-1a, 48 bits.
pub fn period_item_id(key: &str) -> i64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    i64::try_from(h & 0xffff_ffff_ffff).unwrap_or(0)
}

/// Every item a reminder could be about on `today`: due no later than the largest offset
/// ahead, and still waiting for someone.
pub async fn reminder_items(
    store: &dyn Store,
    cfg: &TrackingConfig,
    today: NaiveDate,
) -> Result<Vec<LinkedItem>, ServiceError> {
    let ahead = cfg.reminders.offsets_days.iter().copied().max().unwrap_or(0).clamp(0, 365);
    let horizon = today + Duration::days(ahead);
    let mut items = task_items(store, horizon).await?;
    items.extend(report_items(store, cfg, today, horizon).await?);
    items.extend(par_items(store, horizon).await?);
    items.extend(remedy_items(store, horizon).await?);
    Ok(items)
}

/// How a remedy is named in reminders and escalation notices.
pub fn remedy_title(f: &cchc_storage::model_inspection::Finding) -> String {
    format!("Khắc phục kiến nghị: {}", crate::consolidate::short_title(&f.recommendation, 120))
}

/// Remedies of open recommendations that wait for their unit and are due by `horizon`: a
/// tracked task of the inspected unit, reminded and escalated like a plan task.
pub(crate) async fn remedy_items(store: &dyn Store, horizon: NaiveDate) -> Result<Vec<LinkedItem>, ServiceError> {
    let open = crate::inspection::remedy::open_remedies(store, Visibility::Province, None).await?;
    Ok(open
        .iter()
        .filter(|f| crate::inspection::remedy::waits_for_unit(f))
        .filter_map(|f| {
            let due = f.due.filter(|d| *d <= horizon)?;
            Some(LinkedItem {
                item: ReminderItem {
                    item: ItemRef::remedy(f.id),
                    title: remedy_title(f),
                    due,
                    units: vec![f.unit_id],
                    submitted: Vec::new(),
                },
                link: format!("/findings/{}", f.id),
            })
        })
        .collect())
}

/// The work escalation watches, due by `horizon`: task instances and remedies.
pub(crate) async fn escalated_items(store: &dyn Store, horizon: NaiveDate) -> Result<Vec<LinkedItem>, ServiceError> {
    let mut items = task_items(store, horizon).await?;
    items.extend(remedy_items(store, horizon).await?);
    Ok(items)
}

/// PAR assessments of open rounds waiting for their unit: a draft by the self-assessment
/// date, a returned one by the explanation date.
async fn par_items(store: &dyn Store, horizon: NaiveDate) -> Result<Vec<LinkedItem>, ServiceError> {
    let mut out = Vec::new();
    for round in store.rounds().await?.into_iter().filter(|r| !r.is_approved()) {
        for a in store.assessments(round.id, Visibility::Province).await? {
            let (title, due) = match a.status {
                ReviewState::Draft | ReviewState::AwaitingSignoff => {
                    (format!("Tự đánh giá Chỉ số CCHC — {}", round.name), round.self_due)
                }
                ReviewState::Returned => (format!("Giải trình Chỉ số CCHC — {}", round.name), round.explanation_due),
                ReviewState::Submitted | ReviewState::Accepted => continue,
            };
            if due > horizon {
                continue;
            }
            out.push(LinkedItem {
                item: ReminderItem {
                    item: ItemRef::par(a.id),
                    title,
                    due,
                    units: vec![a.unit_id],
                    submitted: Vec::new(),
                },
                link: format!("/par/assessments/{}", a.id),
            });
        }
    }
    Ok(out)
}

pub(crate) async fn task_items(store: &dyn Store, horizon: NaiveDate) -> Result<Vec<LinkedItem>, ServiceError> {
    let f = InstanceFilter {
        states: vec![TaskState::NotStarted, TaskState::InProgress, TaskState::Returned],
        due_to: Some(horizon),
        active_only: true,
        ..Default::default()
    };
    Ok(store
        .list_instances(&f)
        .await?
        .into_iter()
        .filter_map(|i| {
            let (unit, due) = (i.lead_unit_id?, i.due?);
            Some(LinkedItem {
                item: ReminderItem {
                    item: ItemRef::task(i.id),
                    title: instance_title(&i),
                    due,
                    units: vec![unit],
                    submitted: Vec::new(),
                },
                link: format!("/tasks/{}", i.id),
            })
        })
        .collect())
}

/// Reports of this year's and last year's periods that are due by `horizon` and still
/// accept submissions.
async fn report_items(
    store: &dyn Store,
    cfg: &TrackingConfig,
    today: NaiveDate,
    horizon: NaiveDate,
) -> Result<Vec<LinkedItem>, ServiceError> {
    let mut out = Vec::new();
    for year in [today.year() - 1, today.year()] {
        for p in cfg.calendar.periods_of_year(year) {
            if p.report_due > horizon || p.closes.is_some_and(|c| c < today) {
                continue;
            }
            let units = crate::reports::expected_units(store, &p).await?;
            if units.is_empty() {
                continue;
            }
            let submitted = store
                .reports_of_period(&p.key, Visibility::Province)
                .await?
                .into_iter()
                .filter(|r| matches!(r.status, ReviewState::Submitted | ReviewState::Accepted))
                .map(|r| r.unit_id)
                .collect();
            out.push(LinkedItem {
                item: ReminderItem {
                    item: ItemRef::report(period_item_id(&p.key)),
                    title: format!("Báo cáo CCHC {}", p.label_vi),
                    due: p.report_due,
                    units,
                    submitted,
                },
                link: format!("/reports/{}", p.key),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn period_ids_are_stable_and_distinct() {
        assert_eq!(period_item_id("2025-q1"), period_item_id("2025-q1"));
        assert_ne!(period_item_id("2025-q1"), period_item_id("2025-q2"));
        assert!(period_item_id("2025-year") >= 0);
    }
}
