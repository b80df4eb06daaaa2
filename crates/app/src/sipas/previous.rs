//! The previous period of a campaign: the campaign of the same units just before it, and the
//! change of each factor and of the index (the domain's `compare`) for the province and for
//! every unit surveyed both times.
//!
//! Rules chosen where the domain is silent:
//! - The previous campaign is the one that ended last before this one began and surveyed at
//!   least one of this campaign's units (ties: the later opened). Campaigns that overlap this
//!   one are not "previous".
//! - The province line compares the two campaigns' overall results as published; unit lines
//!   exist for the units of this campaign, with an empty previous side where the unit was not
//!   surveyed before (shown "—", never 0).

use cchc_domain::sipas::{compare, Comparison};
use cchc_domain::unit::UnitId;
use cchc_storage::model_sipas::Campaign;
use cchc_storage::Store;
use serde::Serialize;

use super::results::{results, CampaignResults};
use crate::accounts::ServiceError;

/// A campaign's results beside those of the previous period.
#[derive(Debug, Clone, Serialize)]
pub struct PeriodComparison {
    pub previous_id: i64,
    pub previous_name: String,
    /// The province (whole campaign); `None` when a side has no result at all.
    pub overall: Option<Comparison>,
    /// Per unit of the current campaign, in its order.
    pub units: Vec<(UnitId, Comparison)>,
}

impl PeriodComparison {
    /// The comparison of one unit.
    pub fn unit(&self, id: UnitId) -> Option<&Comparison> {
        self.units.iter().find(|(u, _)| *u == id).map(|(_, c)| c)
    }
}

/// The campaign before `current` among `all` (see the module rules).
pub fn previous_campaign<'a>(current: &Campaign, all: &'a [Campaign]) -> Option<&'a Campaign> {
    all.iter()
        .filter(|c| c.id != current.id && c.period_to < current.period_from)
        .filter(|c| c.units.iter().any(|(u, _)| current.units.iter().any(|(v, _)| u == v)))
        .max_by_key(|c| (c.period_to, c.id))
}

/// Pairs two campaigns' results.
pub fn pair(previous: &CampaignResults, current: &CampaignResults) -> PeriodComparison {
    let overall = match (&previous.overall, &current.overall) {
        (Some(p), Some(c)) => Some(compare(p, c)),
        _ => None,
    };
    let units = current
        .units
        .iter()
        .filter_map(|line| {
            let now = line.result.as_ref()?;
            let before = previous.units.iter().find(|p| p.unit_id == line.unit_id).and_then(|p| p.result.as_ref());
            Some((line.unit_id, before.map_or_else(|| one_sided(now), |b| compare(b, now))))
        })
        .collect();
    PeriodComparison {
        previous_id: previous.campaign.id,
        previous_name: previous.campaign.name.clone(),
        overall,
        units,
    }
}

/// A comparison whose previous side is empty: every line keeps its current value, no change.
fn one_sided(now: &cchc_domain::sipas::SipasResult) -> Comparison {
    let mut c = compare(now, now);
    for f in c.factors.iter_mut().chain(std::iter::once(&mut c.index)) {
        (f.previous, f.change) = (None, None);
    }
    c
}

/// The comparison of campaign `current` with its previous period, if there is one.
pub async fn compare_with_previous(
    store: &dyn Store,
    current: &CampaignResults,
) -> Result<Option<PeriodComparison>, ServiceError> {
    let all = store.campaigns().await?;
    let Some(prev) = previous_campaign(&current.campaign, &all) else { return Ok(None) };
    let before = results(store, prev.id).await?;
    Ok(Some(pair(&before, current)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn campaign(id: i64, from: (i32, u32), to: (i32, u32), units: &[i64]) -> Campaign {
        let d = |(y, m): (i32, u32)| NaiveDate::from_ymd_opt(y, m, 1).unwrap_or_default();
        Campaign {
            id,
            name: format!("Đợt {id}"),
            questionnaire_id: 1,
            period_from: d(from),
            period_to: d(to),
            units: units.iter().map(|u| (*u, 10)).collect(),
        }
    }

    #[test]
    fn the_previous_campaign_ended_before_and_shares_a_unit() {
        let current = campaign(10, (2026, 6), (2026, 9), &[1, 2]);
        let cases: Vec<(Vec<Campaign>, Option<i64>)> = vec![
            (vec![], None),
            (vec![campaign(1, (2025, 6), (2025, 9), &[3])], None),
            (vec![campaign(1, (2025, 6), (2025, 9), &[2])], Some(1)),
            (vec![campaign(1, (2025, 6), (2025, 9), &[1]), campaign(2, (2026, 1), (2026, 3), &[1, 2])], Some(2)),
            (vec![campaign(1, (2025, 6), (2025, 9), &[1]), campaign(2, (2026, 5), (2026, 7), &[1])], Some(1)),
            (vec![campaign(1, (2027, 1), (2027, 3), &[1])], None),
        ];
        for (all, want) in cases {
            let mut all = all;
            all.push(current.clone());
            assert_eq!(previous_campaign(&current, &all).map(|c| c.id), want, "{all:?}");
        }
    }
}
