//! PAR index results through the API (read): the rounds, and one round's units with their
//! state and — once published (approved), or for the office as they form — index, class and
//! rank within their group. Which lines a user sees is decided by the round page's own
//! functions ([`line_visible`], [`shows_results`]).

use axum::extract::{Path, State};
use axum::Json;
use cchc_app::par::ResultsCache;
use cchc_storage::model_par::Round;
use cchc_storage::DynStore;
use chrono::NaiveDate;

use super::auth::{Api, ParRead};
use super::problem::ApiResult;
use crate::auth::policy::AnyUser;
use crate::pages::par::{line_visible, shows_results};

crate::api_type! {
    /// An assessment round.
    out ParRoundOut { id: i64, year: i64, name: String, self_due: NaiveDate, approval_due: NaiveDate, approved_on: Option<NaiveDate> }
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
    /// A round's results as the reader may see them.
    out ParResultsOut { round: ParRoundOut, published: bool, lines: Vec<ParLineOut> }
}

fn round_out(r: &Round) -> ParRoundOut {
    ParRoundOut {
        id: r.id,
        year: i64::from(r.year),
        name: r.name.clone(),
        self_due: r.self_due,
        approval_due: r.approval_due,
        approved_on: r.approved_on,
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
