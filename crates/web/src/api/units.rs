//! The registry through the API: units (filters as on the registry page, diacritic-insensitive
//! `q`) and one unit with its history of merges, splits and renames.

use axum::extract::{Path, Query, State};
use axum::Json;
use cchc_domain::unit::{Unit, UnitChange, UnitKind};
use cchc_storage::model::UnitFilter;
use cchc_storage::DynStore;
use chrono::NaiveDate;
use serde::Deserialize;

use super::auth::{Api, RegistryRead};
use super::page::{by_key, Page, PageQuery};
use super::problem::ApiResult;
use crate::auth::policy::AnyUser;
use crate::views::today;

crate::api_type! {
    /// A unit of the registry, current or former.
    out UnitOut {
        id: i64, code: String, kind: String, parent_id: Option<i64>, name: String,
        abbreviations: Vec<String>, aliases: Vec<String>, valid_from: Option<NaiveDate>,
        valid_to: Option<NaiveDate>, active: bool, note: String,
    }
}

crate::api_type! {
    /// A merge, split, rename or dissolution.
    out ChangeOut { id: i64, kind: String, effective: NaiveDate, predecessors: Vec<i64>, successors: Vec<i64>, note: String }
}

crate::api_type! {
    /// A unit with its history.
    out UnitDetail { unit: UnitOut, children: Vec<i64>, history: Vec<ChangeOut> }
}

impl From<&Unit> for UnitOut {
    fn from(u: &Unit) -> UnitOut {
        UnitOut {
            id: u.id,
            code: u.code.clone(),
            kind: u.kind.code().to_string(),
            parent_id: u.parent_id,
            name: u.name.clone(),
            abbreviations: u.abbreviations.clone(),
            aliases: u.aliases.clone(),
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            active: u.is_active_on(today()),
            note: u.note.clone(),
        }
    }
}

impl From<&UnitChange> for ChangeOut {
    fn from(c: &UnitChange) -> ChangeOut {
        ChangeOut {
            id: c.id,
            kind: c.kind.code().to_string(),
            effective: c.effective,
            predecessors: c.predecessors.clone(),
            successors: c.successors.clone(),
            note: c.note.clone(),
        }
    }
}

/// `?q=&kind=&ended=1` as on the registry page.
#[derive(Debug, Deserialize, Default)]
pub struct UnitsQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub ended: String,
}

/// GET `/api/v1/units`.
pub async fn list(
    _: Api<AnyUser, RegistryRead>,
    State(store): State<DynStore>,
    Query(q): Query<UnitsQuery>,
    Query(page): Query<PageQuery>,
) -> ApiResult<Json<Page<UnitOut>>> {
    let query = cchc_domain::text::clean(&q.q);
    let filter = UnitFilter {
        query: (!query.is_empty()).then_some(query),
        kind: UnitKind::parse(&q.kind),
        active_on: q.ended.is_empty().then(today),
        ..Default::default()
    };
    let mut units: Vec<UnitOut> = store.list_units(&filter).await?.iter().map(UnitOut::from).collect();
    units.sort_by_key(|u| u.id);
    Ok(Json(by_key(units, &page, |u| u.id)?))
}

/// GET `/api/v1/units/{id}`.
pub async fn show(
    _: Api<AnyUser, RegistryRead>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> ApiResult<Json<UnitDetail>> {
    let unit = store.get_unit(id).await?;
    let all = store.all_units().await?;
    let history = store.list_changes(Some(id)).await?;
    Ok(Json(UnitDetail {
        unit: UnitOut::from(&unit),
        children: all.iter().filter(|u| u.parent_id == Some(id)).map(|u| u.id).collect(),
        history: history.iter().map(ChangeOut::from).collect(),
    }))
}
