//! GET `/par/units/{unit}/history`: a unit's PAR results over the years, with the earlier
//! years of the units it continues (a merge's predecessors), each labelled. Only approved
//! rounds are shown: they are published results, which every signed-in user may read as on
//! the round pages; a draft or an appraisal in progress never appears here.

use axum::extract::{Path, State};
use axum::response::Response;
use cchc_domain::unit::UnitId;
use cchc_storage::DynStore;
use minijinja::context;

use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;

/// GET `/par/units/{unit}/history`.
pub async fn history(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(unit): Path<UnitId>,
) -> AppResult<Response> {
    let u = store.get_unit(unit).await?;
    let years = cchc_app::par::unit_history(store.as_ref(), unit).await?;
    let own = auth.scope().own_unit() == Some(unit);
    Ok(ctx.render("par/history.html", context! { unit => u, years, own }))
}
