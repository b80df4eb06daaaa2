//! Periodic reports of the synthetic province: every unit (but the province itself) reports
//! for every period of the reporting calendar it existed in; most past reports are accepted,
//! a few are late, returned or missing; the open period has drafts and submissions.

use cchc_domain::review::ReviewState;
use cchc_domain::tracking::ReportingCalendar;
use cchc_domain::unit::{Unit, UnitKind};
use cchc_storage::traits_bulk::BulkReport;
use chrono::{Duration, NaiveDate};

use super::names::{Rng, RETURN_REASONS, TASK_OBJECTS};

/// The reports of `units` for the calendar's periods of `years`, as of `today`.
pub fn reports(
    units: &[Unit],
    years: std::ops::RangeInclusive<i32>,
    calendar: &ReportingCalendar,
    today: NaiveDate,
    rng: &mut Rng,
) -> Vec<BulkReport> {
    let mut out = Vec::new();
    for year in years {
        for p in calendar.periods_of_year(year) {
            if p.opens > today {
                continue;
            }
            for u in units.iter().filter(|u| u.kind != UnitKind::Province && u.is_active_on(p.end)) {
                if let Some(r) = report(u, &p, today, rng) {
                    out.push(r);
                }
            }
        }
    }
    out
}

fn report(u: &Unit, p: &cchc_domain::tracking::Period, today: NaiveDate, rng: &mut Rng) -> Option<BulkReport> {
    let closed = p.report_due < today;
    let r = rng.unit();
    let status = if closed {
        match r {
            x if x < 0.82 => ReviewState::Accepted,
            x if x < 0.88 => ReviewState::Submitted,
            x if x < 0.92 => ReviewState::Returned,
            x if x < 0.95 => ReviewState::Draft,
            _ => return None,
        }
    } else {
        match r {
            x if x < 0.35 => ReviewState::Draft,
            x if x < 0.55 => ReviewState::Submitted,
            x if x < 0.60 => ReviewState::Accepted,
            _ => return None,
        }
    };
    let last = (today - Duration::days(1)).max(p.opens);
    let submitted_on = status.is_sent().then(|| {
        let late = closed && rng.chance(0.12);
        let day = if late {
            p.report_due + Duration::days(rng.range(1, 25))
        } else {
            p.report_due - Duration::days(rng.range(0, 15))
        };
        day.max(p.opens).min(last)
    });
    let reviewed_on = match (status, submitted_on) {
        (ReviewState::Accepted | ReviewState::Returned, Some(s)) => {
            Some((s + Duration::days(rng.range(1, 10))).min(last))
        }
        _ => None,
    };
    let narrative = format!(
        "Báo cáo kết quả thực hiện công tác cải cách hành chính {} của {}. Đơn vị đã triển khai các nhiệm vụ \
         theo kế hoạch; trọng tâm là lĩnh vực {} và {}; một số nhiệm vụ còn chậm do vướng mắc về nguồn lực.",
        p.label_vi.to_lowercase(),
        u.name,
        rng.pick(TASK_OBJECTS),
        rng.pick(TASK_OBJECTS)
    );
    Some(BulkReport {
        unit_id: u.id,
        period_key: p.key.clone(),
        kind: "period".into(),
        status,
        narrative,
        submitted_on,
        submitted_by: submitted_on.map(|_| format!("dm.{}", u.code.to_lowercase())),
        reviewed_on,
        return_reason: (status == ReviewState::Returned).then(|| rng.pick(RETURN_REASONS).to_string()),
    })
}
