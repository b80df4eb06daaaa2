//! GET handlers that return HTML pages.

pub mod account;
pub mod adhoc;
pub mod admin;
pub mod home;
pub mod home_lists;
pub mod initiatives;
pub mod inspections;
pub mod kpi;
pub mod kpi_chart;
pub mod notifications;
pub mod par;
pub mod par_areas;
pub mod par_bands;
pub mod par_history;
pub mod par_owner;
pub mod par_view;
pub mod plans;
pub mod public;
pub mod reports;
pub mod scorecard;
pub mod settings;
pub mod sipas;
pub mod sipas_office;
pub mod sipas_print;
pub mod tasks;
pub mod tasks_calendar;
pub mod tasks_timeline;
pub mod tokens;
pub mod unit_plans;
pub mod units;
pub mod workdays;

/// The current provinces of the registry, for the select of a form that opens a round or a
/// survey (a deployment may keep neighbouring provinces' units too).
pub async fn provinces(store: &cchc_storage::DynStore) -> crate::error::AppResult<Vec<minijinja::Value>> {
    Ok(store
        .all_units()
        .await?
        .into_iter()
        .filter(|u| u.kind == cchc_domain::unit::UnitKind::Province && u.valid_to.is_none())
        .map(|u| minijinja::context! { id => u.id, name => u.name })
        .collect())
}
