//! Index 766 uploads (office): dossier records, the procedure catalogue and the unit-code
//! map; figures from the national portal; a new methodology version.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cchc_app::kpi::files::{
    import_catalogue, import_dossiers, import_methodology, import_portal_figures, import_unit_codes, DossierSource,
};
use cchc_app::kpi::{FileKind, ImportOutcome, KpiError};
use cchc_kpi::read::ErrorPolicy;
use minijinja::context;

use super::with_status;
use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::read_multipart;
use crate::pages::kpi::{import_page, reconcile_page};
use crate::state::AppState;

/// Issues listed on the page (the rest are counted).
const SHOWN_ISSUES: usize = 200;

fn outcome_view(o: &ImportOutcome, kind: &str) -> minijinja::Value {
    let issues: Vec<_> = o
        .issues
        .iter()
        .take(SHOWN_ISSUES)
        .map(|i| context! { line => i.line, code => i.code, message => i.message, error => i.kind.is_error() })
        .collect();
    context! {
        kind, file_name => o.file_name, rows => o.rows, accepted => o.accepted, dropped => o.dropped,
        refused => o.refused, issues, more => o.issues.len().saturating_sub(SHOWN_ISSUES),
        written => o.written.as_ref().map(|w| context! { written => w.written, stale => w.stale }),
        catalogue => o.catalogue.as_ref().map(|c| context! { created => c.created, updated => c.updated, unchanged => c.unchanged }),
    }
}

/// POST `/kpi/import`: `kind` (dossiers, catalogue, unit_codes), `policy` (`skip_bad` keeps
/// the good rows, `reject_batch` refuses the file if any row is bad) and `file`.
pub async fn import(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (f, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let kind = FileKind::parse(&f.get("kind")).ok_or(AppError::BadRequest("loại tệp không hợp lệ".into()))?;
    let policy = if f.get("policy") == "reject_batch" { ErrorPolicy::RejectBatch } else { ErrorPolicy::SkipBad };
    let Some(up) = upload else {
        let o = context! { error => "Cần chọn một tệp CSV, JSON Lines hoặc XLSX." };
        return Ok(with_status(import_page(&ctx, &state, Some(o)).await?, StatusCode::UNPROCESSABLE_ENTITY));
    };
    let actor = auth.actor();
    let result = match kind {
        FileKind::Dossiers => {
            let src = DossierSource::Bytes { file_name: up.file_name.clone(), bytes: up.bytes };
            import_dossiers(&state.store, &actor, src, policy).await.map(|o| (o, "dossiers"))
        }
        FileKind::Catalogue => {
            import_catalogue(&state.store, &actor, &up.file_name, up.bytes, policy).await.map(|o| (o, "catalogue"))
        }
        FileKind::UnitCodes => {
            let n = import_unit_codes(&state.store, &actor, &up.file_name, &up.bytes).await;
            return match n {
                Ok(n) => {
                    Ok(redirect_with_flash("/kpi/import", &format!("Đã nhập {n} mã đơn vị từ tệp «{}».", up.file_name)))
                }
                Err(KpiError::Invalid(m) | KpiError::Store(cchc_storage::StoreError::Invalid(m))) => {
                    let o = context! { error => m, file_name => up.file_name };
                    Ok(with_status(import_page(&ctx, &state, Some(o)).await?, StatusCode::UNPROCESSABLE_ENTITY))
                }
                Err(e) => Err(e.into()),
            };
        }
    };
    let (o, kind) = match result {
        Ok(x) => x,
        Err(KpiError::Invalid(m)) => {
            let o = context! { error => m, file_name => up.file_name };
            return Ok(with_status(import_page(&ctx, &state, Some(o)).await?, StatusCode::UNPROCESSABLE_ENTITY));
        }
        Err(e) => return Err(e.into()),
    };
    if !o.refused && o.issues.is_empty() {
        let what = if kind == "dossiers" { "hồ sơ" } else { "thủ tục" };
        let msg = format!("Đã nhập tệp «{}»: {} {what}, không có dòng lỗi.", o.file_name, o.accepted);
        return Ok(redirect_with_flash("/kpi/import", &msg));
    }
    let status = if o.refused { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    Ok(with_status(import_page(&ctx, &state, Some(outcome_view(&o, kind))).await?, status))
}

/// POST `/kpi/reconcile`: figures typed in from the portal (CSV or XLSX).
pub async fn reconcile(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (_, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let Some(up) = upload else {
        let r = reconcile_page(&ctx, &state, vec!["Cần chọn một tệp CSV hoặc XLSX.".into()]).await?;
        return Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY));
    };
    match import_portal_figures(&state.store, &auth.actor(), &up.file_name, up.bytes).await {
        Ok((n, issues)) if issues.is_empty() => {
            Ok(redirect_with_flash("/kpi/reconcile", &format!("Đã nhập {n} số liệu từ tệp «{}».", up.file_name)))
        }
        Ok((_, issues)) => {
            let lines = issues.iter().map(|i| format!("Dòng {}: {}", i.line, i.message)).collect();
            Ok(reconcile_page(&ctx, &state, lines).await?.into_response())
        }
        Err(KpiError::Invalid(m)) => {
            Ok(with_status(reconcile_page(&ctx, &state, vec![m]).await?, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

/// POST `/kpi/methodology`: a new methodology version (TOML or JSON); it applies to the
/// periods starting on or after its `effective_from`.
pub async fn methodology(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (_, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let error = |m: String| {
        let versions_ctx = ctx.clone();
        let state = state.clone();
        async move {
            let versions = cchc_app::kpi::lists::methodology_versions(&state.store, crate::views::today()).await?;
            let r = versions_ctx
                .render("kpi/methodology.html", context! { versions, is_office => true, errors => vec![m] });
            Ok::<_, AppError>(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
        }
    };
    let Some(up) = upload else { return error("Cần chọn một tệp TOML hoặc JSON.".into()).await };
    match import_methodology(&state.store, &auth.actor(), &up.file_name, &up.bytes).await {
        Ok((m, replaced)) => {
            let verb = if replaced { "Đã thay" } else { "Đã thêm" };
            let msg = format!(
                "{verb} phiên bản phương pháp «{}» ({}), áp dụng cho các kỳ bắt đầu từ {}.",
                m.name,
                m.id,
                m.effective_from.format("%d/%m/%Y")
            );
            Ok(redirect_with_flash("/kpi/methodology", &msg))
        }
        Err(KpiError::Invalid(m)) => error(m).await,
        Err(e) => Err(e.into()),
    }
}
