//! The public transparency site (no login): the snapshots the office published, each a table
//! with its date of publication, downloadable as CSV and XLSX, cacheable (ETag). Nothing here
//! reads live data: what shows is exactly what was published.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cchc_export::{Cell, Column, Table};
use cchc_storage::model_public::Snapshot;
use cchc_storage::DynStore;
use minijinja::context;

use crate::ctx::Ctx;
use crate::error::{AppError, AppResult};
use crate::files::{build, download, CSV, XLSX};
use crate::public_pages::PublicPages;

/// A current snapshot, or "not found" (a superseded or unpublished one is not public).
async fn current(store: &DynStore, id: i64) -> AppResult<Snapshot> {
    let s = store.snapshot(id).await?;
    if !s.is_current() {
        return Err(AppError::NotFound("bảng công khai"));
    }
    Ok(s)
}

fn etag(s: &Snapshot) -> String {
    format!("\"snap-{}-{}\"", s.id, s.published_at.timestamp_millis())
}

/// `304` when the browser has this snapshot already; the headers of a public, cacheable page.
fn cached(headers: &HeaderMap, s: &Snapshot, mut r: Response) -> Response {
    let tag = etag(s);
    if headers.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) == Some(tag.as_str()) {
        r = StatusCode::NOT_MODIFIED.into_response();
    }
    if let Ok(v) = HeaderValue::from_str(&tag) {
        r.headers_mut().insert(header::ETAG, v);
    }
    r.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=300"));
    r
}

/// GET `/cong-khai`: what is published, newest first.
pub async fn index(
    ctx: Ctx,
    headers: HeaderMap,
    State(store): State<DynStore>,
    State(pages): State<Arc<PublicPages>>,
) -> AppResult<Response> {
    pages
        .serve(&store, &ctx, &headers, || async {
            let snapshots = store.current_snapshots().await?;
            Ok(ctx.render("public/index.html", context! { snapshots }))
        })
        .await
}

/// GET `/cong-khai/{id}`: one published table.
pub async fn show(
    ctx: Ctx,
    headers: HeaderMap,
    State(store): State<DynStore>,
    State(pages): State<Arc<PublicPages>>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    pages
        .serve(&store, &ctx, &headers, || async {
            let s = current(&store, id).await?;
            let r = ctx.render("public/show.html", context! { s });
            Ok(cached(&headers, &s, r))
        })
        .await
}

fn table_of(s: &Snapshot) -> Table {
    let cols = s.table.columns.iter().map(|c| Column::new(c, 20.0_f64.max(c.chars().count() as f64 + 4.0))).collect();
    let mut t = Table::new("Số liệu", &s.title.to_uppercase(), cols);
    t.subtitle.push(format!("Công khai ngày {}", cchc_domain::vn_time::local(s.published_at).format("%d/%m/%Y")));
    for row in &s.table.rows {
        t.push(row.iter().map(|c| Cell::Text(c.clone())).collect());
    }
    t
}

/// GET `/cong-khai/{id}/csv`.
pub async fn csv(headers: HeaderMap, State(store): State<DynStore>, Path(id): Path<i64>) -> AppResult<Response> {
    let s = current(&store, id).await?;
    let body = cchc_export::csv::to_csv(&table_of(&s));
    Ok(cached(&headers, &s, download(body, CSV, &format!("cong-khai-{id}.csv"))))
}

/// GET `/cong-khai/{id}/xlsx`.
pub async fn xlsx(headers: HeaderMap, State(store): State<DynStore>, Path(id): Path<i64>) -> AppResult<Response> {
    let s = current(&store, id).await?;
    let t = table_of(&s);
    let bytes = build(move || cchc_export::xlsx::to_xlsx(&[t])).await?;
    Ok(cached(&headers, &s, download(bytes, XLSX, &format!("cong-khai-{id}.xlsx"))))
}

/// GET `/publish`: the office's view of what is and was published, and what can be.
pub async fn office(
    ctx: Ctx,
    _: crate::auth::Require<crate::auth::policy::OfficeOnly>,
    State(store): State<DynStore>,
) -> AppResult<Response> {
    let snapshots = store.all_snapshots().await?;
    let rounds: Vec<_> = store.rounds().await?.into_iter().filter(|r| r.is_approved()).collect();
    let campaigns = store.campaigns().await?;
    // The index-766 quarters to choose from: the current one and the seven before it.
    let now = cchc_domain::local_time::to_secs(cchc_app::kpi::now_local());
    let mut quarter = cchc_domain::period::PeriodKey::containing(cchc_domain::period::Granularity::Quarter, now);
    let mut quarters = Vec::new();
    for _ in 0..8 {
        quarters.push(context! { code => quarter.to_string(), label => quarter.label_vi() });
        quarter = quarter.prev();
    }
    Ok(ctx.render("public/office.html", context! { snapshots, rounds, campaigns, quarters }))
}
