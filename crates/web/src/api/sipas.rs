//! SIPAS (citizen satisfaction) results through the API (read, province-wide readers as on
//! the SIPAS pages): the campaigns, and one campaign's index per unit and overall, computed
//! by the same app function as the campaign page.

use axum::extract::{Path, State};
use axum::Json;
use cchc_app::sipas::results;
use cchc_domain::sipas::index::{Share, SipasResult};
use cchc_storage::DynStore;
use chrono::NaiveDate;

use super::auth::{Api, SipasRead};
use super::problem::ApiResult;
use crate::auth::policy::ProvinceReaders;

crate::api_type! {
    /// A survey campaign.
    out SipasCampaignOut { id: i64, name: String, period_from: NaiveDate, period_to: NaiveDate }
}

crate::api_type! {
    /// The campaigns.
    out SipasCampaignList { items: Vec<SipasCampaignOut> }
}

crate::api_type! {
    /// A satisfaction figure: percent (two decimals) of satisfied answers, its respondents,
    /// and whether they were fewer than the formula's minimum.
    out SipasShareOut { percent: Option<f64>, respondents: i64, insufficient: bool }
}

crate::api_type! {
    /// A factor's satisfaction.
    out SipasFactorOut { code: String, share: SipasShareOut }
}

crate::api_type! {
    /// The index of a unit (or overall).
    out SipasIndexOut { respondents: i64, index: SipasShareOut, factors: Vec<SipasFactorOut> }
}

crate::api_type! {
    /// One unit's line.
    out SipasUnitOut { unit_id: i64, unit_name: String, quota: i64, responses: i64, below_plan: bool, result: Option<SipasIndexOut> }
}

crate::api_type! {
    /// A campaign's results (`template`: the formula is a sample, not confirmed).
    out SipasResultsOut { campaign: SipasCampaignOut, template: bool, overall: Option<SipasIndexOut>, units: Vec<SipasUnitOut> }
}

fn share(s: &Share) -> SipasShareOut {
    SipasShareOut {
        percent: s.percent.map(|p| p.as_f64()),
        respondents: i64::try_from(s.respondents).unwrap_or(i64::MAX),
        insufficient: s.insufficient,
    }
}

fn index(r: &SipasResult) -> SipasIndexOut {
    SipasIndexOut {
        respondents: i64::try_from(r.respondents).unwrap_or(i64::MAX),
        index: share(&r.index),
        factors: r.factors.iter().map(|f| SipasFactorOut { code: f.code.clone(), share: share(&f.share) }).collect(),
    }
}

fn campaign(c: &cchc_storage::model_sipas::Campaign) -> SipasCampaignOut {
    SipasCampaignOut { id: c.id, name: c.name.clone(), period_from: c.period_from, period_to: c.period_to }
}

/// GET `/api/v1/sipas/campaigns`.
pub async fn campaigns(
    _: Api<ProvinceReaders, SipasRead>,
    State(store): State<DynStore>,
) -> ApiResult<Json<SipasCampaignList>> {
    Ok(Json(SipasCampaignList { items: store.campaigns().await?.iter().map(campaign).collect() }))
}

/// GET `/api/v1/sipas/campaigns/{id}`.
pub async fn campaign_results(
    _: Api<ProvinceReaders, SipasRead>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> ApiResult<Json<SipasResultsOut>> {
    let r = results(store.as_ref(), id).await?;
    Ok(Json(SipasResultsOut {
        campaign: campaign(&r.campaign),
        template: r.template,
        overall: r.overall.as_ref().map(index),
        units: r
            .units
            .iter()
            .map(|u| SipasUnitOut {
                unit_id: u.unit_id,
                unit_name: u.unit_name.clone(),
                quota: u.quota,
                responses: u.responses,
                below_plan: u.below_plan,
                result: u.result.as_ref().map(index),
            })
            .collect(),
    }))
}
