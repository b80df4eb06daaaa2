//! PAR classification bands (xếp loại): every version (the built-in template labelled *mẫu,
//! chưa xác nhận* among them), the office's form that saves the next version, and the export
//! of a version as TOML or JSON. Anyone signed in reads the bands; only the office edits.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::par::{band_version, band_versions, bands_file};
use cchc_domain::par::{BandSet, SetStatus, UnitGroup};
use cchc_storage::DynStore;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::policy::{AnyUser, OfficeOnly};
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;

/// The unit groups a band set may be limited to.
pub const GROUPS: [&str; 5] =
    [UnitGroup::DEPARTMENTS, UnitGroup::DISTRICTS, UnitGroup::COMMUNES, UnitGroup::CENTRAL, UnitGroup::PROVINCE_876];

/// Blank rows offered below the bands, to add some.
const BLANK_ROWS: usize = 2;

/// The band form as typed: where it started from (a stored id, empty for the built-in
/// template), the set's fields, the groups ticked and one (label, lower bound) per row.
#[derive(Debug, Default, Serialize)]
pub struct BandsDraft {
    pub from: String,
    pub name: String,
    pub effective_from: String,
    pub confirmed: bool,
    pub groups: Vec<String>,
    pub rows: Vec<[String; 2]>,
}

impl BandsDraft {
    /// A version as the form shows it, with blank rows to add bands.
    pub fn of(id: Option<i64>, b: &BandSet) -> BandsDraft {
        let mut rows: Vec<[String; 2]> = b.bands.iter().map(|x| [x.label.clone(), x.min.to_string()]).collect();
        rows.extend(std::iter::repeat_with(Default::default).take(BLANK_ROWS));
        BandsDraft {
            from: id.map(|i| i.to_string()).unwrap_or_default(),
            name: b.name.clone(),
            effective_from: b.effective_from.format("%d/%m/%Y").to_string(),
            confirmed: b.status == SetStatus::Adopted,
            groups: b.groups.iter().map(|g| g.0.clone()).collect(),
            rows,
        }
    }
}

/// GET `/par/bands`: every version of the bands.
pub async fn bands(ctx: Ctx, auth: Require<AnyUser>, State(store): State<DynStore>) -> AppResult<Response> {
    render_list(&ctx, &store, auth.is_office(), Vec::new()).await
}

/// The list of versions, with the import form for the office and its problems.
pub async fn render_list(ctx: &Ctx, store: &DynStore, is_office: bool, errors: Vec<String>) -> AppResult<Response> {
    let versions = band_versions(store.as_ref()).await?;
    let rows: Vec<minijinja::Value> = versions
        .iter()
        .map(|v| {
            let groups: Vec<&str> = v.bands.groups.iter().map(|g| g.label_vi()).collect();
            context! { v, groups => groups.join(", "), text => bands_text(&v.bands) }
        })
        .collect();
    Ok(ctx.render("par/bands.html", context! { rows, is_office, errors }))
}

/// "Tốt ≥ 80 · Khá ≥ 70 · …", highest first, with the decimal comma.
pub fn bands_text(b: &BandSet) -> String {
    let mut list: Vec<_> = b.bands.iter().collect();
    list.sort_by_key(|x| std::cmp::Reverse(x.min));
    list.iter().map(|x| format!("{} ≥ {}", x.label, x.min)).collect::<Vec<_>>().join(" · ")
}

/// GET `/par/bands/new`: the form filled from the built-in template.
pub async fn new_bands(ctx: Ctx, _: Require<OfficeOnly>, State(store): State<DynStore>) -> AppResult<Response> {
    let b = band_version(store.as_ref(), None).await?;
    Ok(render_form(&ctx, &b, &BandsDraft::of(None, &b), Vec::new()))
}

/// GET `/par/bands/{id}/edit`: the form filled from a stored version; saving makes the next.
pub async fn edit_bands(
    ctx: Ctx,
    _: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let b = band_version(store.as_ref(), Some(id)).await?;
    Ok(render_form(&ctx, &b, &BandsDraft::of(Some(id), &b), Vec::new()))
}

/// The band form for version `b` with what was typed and the problems.
pub fn render_form(ctx: &Ctx, b: &BandSet, draft: &BandsDraft, errors: Vec<String>) -> Response {
    let template = b.status == SetStatus::Template;
    let groups: Vec<minijinja::Value> = GROUPS
        .iter()
        .map(|g| {
            let checked = draft.groups.iter().any(|x| x == g);
            context! { code => g, label => UnitGroup::new(g).label_vi().to_string(), checked }
        })
        .collect();
    ctx.render("par/bands_edit.html", context! { b, draft, errors, template, groups })
}

/// Which version to export and how.
#[derive(Debug, Deserialize)]
pub struct ExportQuery {
    /// A stored id; absent for the built-in template.
    pub id: Option<i64>,
    /// `toml`, else JSON.
    pub format: Option<String>,
}

/// GET `/par/bands/export`: a version as a TOML or JSON file, to edit and import back.
pub async fn export(
    _: Require<AnyUser>,
    State(store): State<DynStore>,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let b = band_version(store.as_ref(), q.id).await?;
    let toml = q.format.as_deref() == Some("toml");
    let text = bands_file(&b, toml)?;
    let (kind, ext) = if toml { ("application/toml", "toml") } else { ("application/json", "json") };
    Ok(crate::files::download(text.into_bytes(), kind, &format!("xep-loai-{}-v{}.{ext}", b.code, b.version)))
}
