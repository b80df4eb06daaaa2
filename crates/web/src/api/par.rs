//! PAR index results through the API (read): the rounds, and one round's units with their
//! state and — once published (approved), or for the office as they form — index, class and
//! rank within their group. Which lines a user sees is decided by the round page's own
//! functions ([`line_visible`], [`shows_results`]).

use axum::extract::{Path, State};
use axum::Json;
use cchc_app::par::{ResultsCache, RoundResults};
use cchc_domain::par::{Points, Standing};
use cchc_storage::model_par::Round;
use cchc_storage::DynStore;
use chrono::NaiveDate;

use super::auth::{Api, ParRead};
use super::problem::ApiResult;
use crate::auth::policy::AnyUser;
use crate::pages::par::{line_visible, shows_results};

crate::api_type! {
    /// An assessment round; `version` is what the council's approval names.
    out ParRoundOut {
        id: i64, year: i64, name: String, self_due: NaiveDate, appraisal_due: NaiveDate, explanation_due: NaiveDate,
        approval_due: NaiveDate, approved_on: Option<NaiveDate>, version: i64,
    }
}

crate::api_type! {
    /// The rounds.
    out ParRoundList { items: Vec<ParRoundOut> }
}

crate::api_type! {
    /// One unit of a round: its assessment (id and version, for writing), its state, and its published index, class and rank.
    out ParLineOut {
        assessment_id: i64, version: i64, unit_id: i64, unit_name: String, group: String, status: String,
        index: Option<f64>, class: Option<String>, rank: Option<u32>, tied: Option<bool>,
    }
}

crate::api_type! {
    /// A unit's score in one area (lĩnh vực): points of the applicable maximum, and the area's index.
    out ParAreaOut { code: String, name: String, points: f64, applicable_max: f64, index: Option<f64> }
}

crate::api_type! {
    /// One unit's place in its group: points, index, class (xếp loại), rank (`tied`: shared), the change against last year, and its area scores.
    out ParStandingOut {
        unit_id: i64, unit_name: String, points: Option<f64>, index: Option<f64>, class: Option<String>,
        rank: Option<u32>, tied: bool, change: Option<f64>, rank_change: Option<i64>, areas: Vec<ParAreaOut>,
    }
}

crate::api_type! {
    /// A unit group's ranking, with the bands its classes come from.
    out ParGroupOut { code: String, label: String, bands: Option<String>, units: Vec<ParStandingOut> }
}

crate::api_type! {
    /// A round's ranking per unit group; empty until published (approved), except for the office.
    out ParRankingOut { round: ParRoundOut, published: bool, groups: Vec<ParGroupOut> }
}

crate::api_type! {
    /// A round's results as the reader may see them.
    out ParResultsOut { round: ParRoundOut, published: bool, lines: Vec<ParLineOut> }
}

/// A round as the API names it.
pub fn round_out(r: &Round) -> ParRoundOut {
    ParRoundOut {
        id: r.id,
        year: i64::from(r.year),
        name: r.name.clone(),
        self_due: r.self_due,
        appraisal_due: r.appraisal_due,
        explanation_due: r.explanation_due,
        approval_due: r.approval_due,
        approved_on: r.approved_on,
        version: r.version,
    }
}

/// GET `/api/v1/par/rounds`.
pub async fn rounds(_: Api<AnyUser, ParRead>, State(store): State<DynStore>) -> ApiResult<Json<ParRoundList>> {
    Ok(Json(ParRoundList { items: store.rounds().await?.iter().map(round_out).collect() }))
}

/// GET `/api/v1/par/rounds/{id}`.
pub async fn round(
    auth: Api<AnyUser, ParRead>,
    State(store): State<DynStore>,
    State(cache): State<std::sync::Arc<ResultsCache>>,
    Path(id): Path<i64>,
) -> ApiResult<Json<ParResultsOut>> {
    let r = cache.results(store.as_ref(), id).await?;
    let published = shows_results(&auth, &r);
    let by_area = crate::pages::par::area_appraiser_in(&auth, &store, id).await?;
    let lines = r
        .lines
        .iter()
        .filter(|l| line_visible(&auth, l, by_area))
        .map(|l| {
            let result = l.result.as_ref().filter(|_| published);
            let standing = l.standing.as_ref().filter(|_| published);
            ParLineOut {
                assessment_id: l.assessment.id,
                version: l.assessment.version,
                unit_id: l.assessment.unit_id,
                unit_name: l.unit_name.clone(),
                group: l.group.clone(),
                status: l.assessment.status.code().to_string(),
                index: result.and_then(|x| x.index).map(|p| p.as_f64()),
                class: result.and_then(|x| x.class.clone()),
                rank: standing.and_then(|s| s.rank),
                tied: standing.map(|s| s.tied),
            }
        })
        .collect();
    Ok(Json(ParResultsOut { round: round_out(&r.round), published, lines }))
}

fn standing_out(s: &Standing, r: &RoundResults) -> ParStandingOut {
    let result = r.lines.iter().find(|l| l.assessment.unit_id == s.unit).and_then(|l| l.result.as_ref());
    let areas = result
        .map(|x| {
            x.areas()
                .map(|n| ParAreaOut {
                    code: n.code.clone(),
                    name: n.name.clone(),
                    points: n.points.as_f64(),
                    applicable_max: n.applicable_max.as_f64(),
                    index: n.index().map(Points::as_f64),
                })
                .collect()
        })
        .unwrap_or_default();
    ParStandingOut {
        areas,
        unit_id: s.unit,
        unit_name: s.name.clone(),
        points: s.points.map(Points::as_f64),
        index: s.index.map(Points::as_f64),
        class: s.class.clone(),
        rank: s.rank,
        tied: s.tied,
        change: s.change.map(Points::as_f64),
        rank_change: s.rank_change,
    }
}

/// GET `/api/v1/par/rounds/{id}/ranking`: the round page's ranking table, published as it
/// publishes it ([`shows_results`]).
pub async fn ranking(
    auth: Api<AnyUser, ParRead>,
    State(store): State<DynStore>,
    State(cache): State<std::sync::Arc<ResultsCache>>,
    Path(id): Path<i64>,
) -> ApiResult<Json<ParRankingOut>> {
    let r = cache.results(store.as_ref(), id).await?;
    let published = shows_results(&auth, &r);
    let groups = if published { r.groups.as_slice() } else { &[] };
    let groups = groups
        .iter()
        .map(|(code, label, standings)| ParGroupOut {
            code: code.clone(),
            label: label.clone(),
            bands: r
                .bands
                .iter()
                .find(|(l, _)| l == label)
                .and_then(|(_, b)| b.as_ref())
                .map(crate::pages::par_bands::bands_text),
            units: standings.iter().map(|x| standing_out(x, &r)).collect(),
        })
        .collect();
    Ok(Json(ParRankingOut { round: round_out(&r.round), published, groups }))
}
