//! Registry pages: the tree, search, a unit's page, and the forms to edit it.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_domain::unit::{ChangeKind, UnitContact, UnitKind};
use cchc_storage::model::UnitFilter;
use cchc_storage::DynStore;
use minijinja::context;
use serde::Deserialize;

use crate::auth::policy::{AnyUser, OfficeOnly};
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::views::{kind_options, today, unit_options, Registry};

#[derive(Debug, Deserialize, Default)]
pub struct ListQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub ended: Option<String>,
}

/// `/units`: the tree of current units, or search results.
pub async fn list(
    ctx: Ctx,
    _: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let units = store.all_units().await?;
    let changes = store.list_changes(None).await?;
    let reg = Registry::new(&units, &changes, ctx.req.lang, today());
    let include_ended = q.ended.as_deref().is_some_and(|v| !v.is_empty());
    let kind = UnitKind::parse(&q.kind);
    let query = cchc_domain::text::clean(&q.q);
    let searching = !query.is_empty() || kind.is_some();
    let results = if searching {
        let filter = UnitFilter {
            query: (!query.is_empty()).then(|| query.clone()),
            kind,
            // A search finds former units too: their rows say where the work went.
            active_on: None,
            limit: Some(500),
            ..Default::default()
        };
        store.list_units(&filter).await?.iter().map(|u| reg.view(u)).collect()
    } else {
        Vec::new()
    };
    let tree = if searching { Vec::new() } else { reg.tree(&units, include_ended) };
    Ok(ctx.render(
        "units/list.html",
        context! { q => query, kind => q.kind, ended => include_ended, searching, results, tree, kinds => kind_options(ctx.req.lang), total => units.len() },
    ))
}

/// `/units/{id}`: one unit, its status, successors, children, history.
pub async fn show(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let units = store.all_units().await?;
    let changes = store.list_changes(None).await?;
    let reg = Registry::new(&units, &changes, ctx.req.lang, today());
    let unit = store.get_unit(id).await?;
    let view = reg.view(&unit);
    let children: Vec<_> = units.iter().filter(|u| u.parent_id == Some(id)).map(|u| reg.view(u)).collect();
    let contact = store.unit_contact(id).await?;
    let can_edit_contact = auth.unit_editor(id).is_ok();
    let overdue = if auth.is_office() {
        cchc_app::reminder_letter::overdue_lines(store.as_ref(), id, today()).await?.len()
    } else {
        0
    };
    Ok(ctx.render(
        "units/show.html",
        context! { unit => view, children, contact, history => reg.changes_of(id), can_edit_contact, can_manage => auth.is_office(), overdue },
    ))
}

#[derive(Debug, Deserialize, Default)]
pub struct NewQuery {
    pub parent: Option<i64>,
}

/// `/units/new`: the form to add a unit.
pub async fn new(
    ctx: Ctx,
    _: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let mut values = std::collections::BTreeMap::new();
    if let Some(p) = q.parent {
        values.insert("parent_id".to_string(), p.to_string());
    }
    unit_form(&ctx, &store, None, values, Default::default()).await
}

/// `/units/{id}/edit`.
pub async fn edit(
    ctx: Ctx,
    _: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let u = store.get_unit(id).await?;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%d/%m/%Y").to_string()).unwrap_or_default();
    let values = [
        ("code", u.code.clone()),
        ("kind", u.kind.code().to_string()),
        ("parent_id", u.parent_id.map(|p| p.to_string()).unwrap_or_default()),
        ("name", u.name.clone()),
        ("abbreviations", u.abbreviations.join("; ")),
        ("aliases", u.aliases.join("; ")),
        ("valid_from", date(u.valid_from)),
        ("valid_to", date(u.valid_to)),
        ("note", u.note.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect();
    unit_form(&ctx, &store, Some(id), values, Default::default()).await
}

/// Renders the unit form with values and per-field errors.
pub async fn unit_form(
    ctx: &Ctx,
    store: &DynStore,
    id: Option<i64>,
    values: std::collections::BTreeMap<String, String>,
    errors: cchc_domain::validation::FieldErrors,
) -> AppResult<Response> {
    let parents = parent_options(store).await?;
    Ok(ctx.render(
        "units/form.html",
        context! { id, values, errors => errors.0, kinds => kind_options(ctx.req.lang), parents },
    ))
}

/// Current units that can have subordinates, as options for the "parent" select.
pub async fn parent_options(store: &DynStore) -> AppResult<Vec<(i64, String)>> {
    let units = store.list_units(&UnitFilter { active_on: Some(today()), ..Default::default() }).await?;
    Ok(unit_options(units.iter().filter(|u| u.kind != UnitKind::Commune)))
}

/// `/units/{id}/contact`: the unit's focal point details; the unit itself may edit them.
pub async fn contact(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    auth.unit_editor(id)?;
    let unit = store.get_unit(id).await?;
    let c = store.unit_contact(id).await?;
    Ok(contact_form(&ctx, &unit, &c, Default::default()))
}

pub fn contact_form(
    ctx: &Ctx,
    unit: &cchc_domain::unit::Unit,
    c: &UnitContact,
    errors: cchc_domain::validation::FieldErrors,
) -> Response {
    ctx.render(
        "units/contact.html",
        context! { unit => context!{ id => unit.id, name => unit.name }, values => c, errors => errors.0 },
    )
}

/// `/units/{id}/change`: record a merge, split, rename or dissolution of this unit.
pub async fn change(
    ctx: Ctx,
    _: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let mut values = std::collections::BTreeMap::new();
    values.insert("kind".to_string(), "merge".to_string());
    change_form(&ctx, &store, id, values, Vec::new(), Default::default()).await
}

pub async fn change_form(
    ctx: &Ctx,
    store: &DynStore,
    id: i64,
    values: std::collections::BTreeMap<String, String>,
    checked: Vec<i64>,
    errors: cchc_domain::validation::FieldErrors,
) -> AppResult<Response> {
    let unit = store.get_unit(id).await?;
    let units = store.all_units().await?;
    let changes = store.list_changes(None).await?;
    let reg = Registry::new(&units, &changes, ctx.req.lang, today());
    let t = today();
    // Units that can merge with this one: current units of the same kind and parent.
    let siblings: Vec<_> = units
        .iter()
        .filter(|u| u.id != id && u.kind == unit.kind && u.parent_id == unit.parent_id && !u.has_ended_by(t))
        .map(|u| reg.view(u))
        .collect();
    let kinds: Vec<(&str, &str)> = ChangeKind::ALL
        .iter()
        .map(|k| (k.code(), if ctx.req.lang == Lang::En { k.label_en() } else { k.label_vi() }))
        .collect();
    Ok(ctx.render(
        "units/change.html",
        context! {
            unit => reg.view(&unit), siblings, checked, kinds, values, errors => errors.0,
            targets => unit_options(units.iter().filter(|u| u.kind == unit.kind && !u.has_ended_by(t))),
        },
    ))
}

/// `/units/import`: upload a registry file.
pub async fn import(ctx: Ctx, _: Require<OfficeOnly>) -> Response {
    ctx.render("units/import.html", context! { errors => Vec::<String>::new(), report => minijinja::Value::from(()) })
}
