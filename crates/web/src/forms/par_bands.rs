//! PAR classification band posts: the office's form saved as the next version (every problem
//! by row, what was typed kept, nothing stored on error) and the import of a TOML/JSON file.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::par::{band_version, read_bands_file, save_bands};
use cchc_domain::par::{parse_band_rows, BandRow, SetStatus, UnitGroup};
use cchc_storage::StoreError;

use super::with_status;
use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart, FormData};
use crate::pages::par_bands::{render_form, render_list, BandsDraft, GROUPS};
use crate::state::AppState;

/// The messages of a refused save, or the error.
fn refusal(e: ServiceError) -> AppResult<Vec<String>> {
    match e {
        ServiceError::Invalid(errs) => Ok(errs.0.into_iter().map(|x| x.message).collect()),
        ServiceError::Store(StoreError::Conflict(m)) => Ok(vec![format!("Không lưu được: {m}.")]),
        other => Err(other.into()),
    }
}

/// POST `/par/bands`: the office's bands, stored as the next version of the version the form
/// started from (which stays as it was).
pub async fn save(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let from = match f.get("from").trim() {
        "" => None,
        id => Some(id.parse::<i64>().map_err(|_| AppError::BadRequest("biểu mẫu thiếu phiên bản gốc".into()))?),
    };
    let source = band_version(state.store.as_ref(), from).await?;
    let (labels, mins) = (f.all("b_label"), f.all("b_min"));
    let draft = BandsDraft {
        from: f.get("from"),
        name: f.get("name"),
        effective_from: f.get("effective_from"),
        confirmed: f.checked("confirmed"),
        groups: f.all("group").into_iter().filter(|g| GROUPS.contains(&g.as_str())).collect(),
        rows: (0..labels.len().max(mins.len()))
            .map(|i| [&labels, &mins].map(|col| col.get(i).cloned().unwrap_or_default()))
            .collect(),
    };
    let mut errs = cchc_domain::validation::FieldErrors::default();
    let day = f.date("effective_from", &mut errs);
    let mut errors: Vec<String> = errs.0.into_iter().map(|e| e.message).collect();
    if draft.effective_from.trim().is_empty() {
        errors.push("Cần nhập ngày áp dụng.".into());
    }
    let rows: Vec<BandRow> = draft
        .rows
        .iter()
        .enumerate()
        .map(|(i, [label, min])| BandRow { line: i + 1, label: label.clone(), min: min.clone() })
        .collect();
    let bands = parse_band_rows(&rows).unwrap_or_else(|e| {
        errors.extend(e);
        Vec::new()
    });
    let (Some(effective_from), true) = (day, errors.is_empty()) else {
        return Ok(with_status(render_form(&ctx, &source, &draft, errors), StatusCode::UNPROCESSABLE_ENTITY));
    };
    let mut next = source.clone();
    next.name = draft.name.trim().to_string();
    next.version = source.version + 1;
    next.effective_from = effective_from;
    next.status = if draft.confirmed { SetStatus::Adopted } else { SetStatus::Template };
    next.groups = draft.groups.iter().map(|g| UnitGroup::new(g)).collect();
    next.bands = bands;
    match save_bands(state.store.as_ref(), &auth.actor(), &next).await {
        Ok(s) => {
            Ok(redirect_with_flash("/par/bands", &format!("Đã lưu mức xếp loại thành phiên bản {}.", s.bands.version)))
        }
        Err(e) => {
            let r = render_form(&ctx, &source, &draft, refusal(e)?);
            Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
        }
    }
}

/// POST `/par/bands/import`: a band set from a TOML or JSON file, stored as the next version
/// of its code; a broken file is refused with where it broke, nothing stored.
pub async fn import(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (_, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let again = |errors: Vec<String>| async {
        let r = render_list(&ctx, &state.store, true, errors).await?;
        Ok::<_, AppError>(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
    };
    let Some(up) = upload else {
        return again(vec!["Cần chọn tệp .toml hoặc .json.".into()]).await;
    };
    let lower = up.file_name.to_lowercase();
    if !(lower.ends_with(".toml") || lower.ends_with(".json")) {
        return again(vec![format!("Tệp «{}» không phải .toml hoặc .json.", up.file_name)]).await;
    }
    let bands = match read_bands_file(&up.bytes, &up.file_name) {
        Ok(b) => b,
        Err(m) => return again(vec![m]).await,
    };
    match save_bands(state.store.as_ref(), &auth.actor(), &bands).await {
        Ok(s) => Ok(redirect_with_flash(
            "/par/bands",
            &format!("Đã nhập mức xếp loại «{}», phiên bản {}.", s.bands.name, s.bands.version),
        )),
        Err(e) => again(refusal(e)?).await,
    }
}
