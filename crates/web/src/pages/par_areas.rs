//! The office's view of a round's appraisers per area (lĩnh vực): the areas of the sets the
//! round uses, and who is assigned to which.

use std::collections::{BTreeMap, BTreeSet};

use cchc_app::par::RoundResults;
use cchc_domain::role::Role;
use cchc_storage::DynStore;
use minijinja::{context, Value};

use crate::error::AppResult;

/// The areas of the criteria sets round `r` uses, by code: (code, name of the first set that
/// has it).
pub async fn round_areas(store: &DynStore, r: &RoundResults) -> AppResult<BTreeMap<String, String>> {
    let sets: BTreeSet<i64> = r.lines.iter().map(|l| l.assessment.set_id).collect();
    let mut areas = BTreeMap::new();
    for id in sets {
        for n in store.criteria_set(id).await?.set.areas {
            areas.entry(n.code).or_insert(n.name);
        }
    }
    Ok(areas)
}

/// What the round page's "appraisers per area" part shows: the areas, the active appraisers
/// and each one's current areas.
pub async fn area_assignments(store: &DynStore, r: &RoundResults) -> AppResult<Value> {
    let areas = round_areas(store, r).await?;
    let users = store.list_users().await?;
    let current = store.area_appraisers(r.round.id).await?;
    let assigned: Vec<Value> = current
        .iter()
        .map(|x| {
            let name = users.iter().find(|u| u.id == x.user_id).map(|u| u.full_name.clone()).unwrap_or_default();
            let names: Vec<String> =
                x.areas.iter().map(|c| format!("{c}. {}", areas.get(c).cloned().unwrap_or_default())).collect();
            context! { name, areas => names }
        })
        .collect();
    let appraisers: Vec<Value> = users
        .iter()
        .filter(|u| u.role == Role::Appraiser && u.active)
        .map(|u| context! { id => u.id, name => u.full_name })
        .collect();
    let areas: Vec<Value> = areas.iter().map(|(code, name)| context! { code, name }).collect();
    Ok(context! { areas, appraisers, assigned })
}
