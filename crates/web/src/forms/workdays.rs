//! Changing the working-day calendar (a day added, changed or removed; a spreadsheet
//! imported) and moving the due dates of open tasks it shifts. Every change is checked in
//! full first and written with its audit entry.

use axum::extract::{Multipart, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::workdays::{apply, import as import_days, put_day, remove_day};
use cchc_domain::tracking::{CalendarDay, DayKind};
use cchc_domain::validation::FieldErrors;
use chrono::Datelike;

use super::with_status;
use crate::auth::policy::OfficeOnly;
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::AppResult;
use crate::form::{read_multipart, FormData};
use crate::pages::workdays::{page, recompute_page};
use crate::state::AppState;

const RECOMPUTE_HINT: &str = "Hạn của các nhiệm vụ đã có chưa đổi: xem «Tính lại hạn nhiệm vụ đang mở».";

/// Where to go back to: the calendar of `year`.
fn back(year: i32, message: &str) -> Response {
    redirect_with_flash(&format!("/settings/workdays?year={year}"), message)
}

/// The outcome of a change: back to the calendar, or the page again with the errors (422).
async fn answer(
    ctx: &Ctx,
    state: &AppState,
    year: Option<i32>,
    f: &FormData,
    r: Result<String, ServiceError>,
) -> AppResult<Response> {
    match r {
        Ok(message) => Ok(back(year.unwrap_or_else(|| crate::views::today().year()), &message)),
        Err(ServiceError::Invalid(errors)) => {
            let page = page(ctx, state, year, f.values(), errors).await?;
            Ok(with_status(page, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(e) => Err(e.into()),
    }
}

/// POST `/settings/workdays`: adds a day or changes the entry of its date.
pub async fn put(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let date = f.date("date", &mut errors);
    if date.is_none() && errors.get("date").is_none() {
        errors.add("date", "Cần nhập ngày (dd/mm/yyyy).");
    }
    let kind = DayKind::parse(&f.get("kind"));
    if kind.is_none() {
        errors.add("kind", "Cần chọn loại ngày: ngày nghỉ hoặc ngày làm bù.");
    }
    let r = match (date, kind) {
        (Some(date), Some(kind)) if errors.is_empty() => {
            let day = CalendarDay { date, kind, name: f.get("name") };
            put_day(state.store.as_ref(), &auth.actor(), day)
                .await
                .map(|()| format!("Đã lưu ngày {}. {RECOMPUTE_HINT}", date.format("%d/%m/%Y")))
        }
        _ => Err(ServiceError::Invalid(errors)),
    };
    answer(&ctx, &state, date.map(|d| d.year()), &f, r).await
}

/// POST `/settings/workdays/delete`: removes the entry of a date.
pub async fn delete(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let mut errors = FieldErrors::default();
    let r = match f.date("date", &mut errors) {
        Some(date) if errors.is_empty() => remove_day(state.store.as_ref(), &auth.actor(), date)
            .await
            .map(|()| format!("Đã xóa ngày {} khỏi lịch. {RECOMPUTE_HINT}", date.format("%d/%m/%Y"))),
        _ => {
            errors.add("date", "Cần chọn ngày để xóa.");
            Err(ServiceError::Invalid(errors))
        }
    };
    let year = f.date("date", &mut FieldErrors::default()).map(|d| d.year());
    answer(&ctx, &state, year, &FormData::default(), r).await
}

/// POST `/settings/workdays/import`: a CSV or XLSX `Ngày | Loại | Tên`; the years it covers
/// are replaced, all or nothing.
pub async fn import(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (f, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let r = match upload {
        None => {
            let mut e = FieldErrors::default();
            e.add("file", "Cần chọn tệp lịch (CSV hoặc XLSX).");
            Err(ServiceError::Invalid(e))
        }
        Some(up) => import_days(state.store.as_ref(), &auth.actor(), &up.file_name, &up.bytes).await.map(|i| {
            let years: Vec<String> = i.years.iter().map(|y| y.to_string()).collect();
            format!("Đã nhập {} ngày của năm {}. {RECOMPUTE_HINT}", i.days, years.join(", "))
        }),
    };
    answer(&ctx, &state, None, &f, r).await
}

/// POST `/settings/workdays/recompute`: moves the due dates the preview listed (`id`s).
pub async fn recompute(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let seen: Vec<i64> = f.all("id").iter().filter_map(|v| v.parse().ok()).collect();
    match apply(state.store.as_ref(), &auth.actor(), &seen, crate::views::today()).await {
        Ok(n) => Ok(redirect_with_flash("/settings/workdays/recompute", &format!("Đã dời hạn {n} nhiệm vụ đang mở."))),
        Err(ServiceError::Invalid(errors)) => {
            Ok(with_status(recompute_page(&ctx, &state, errors).await?, StatusCode::UNPROCESSABLE_ENTITY))
        }
        Err(ServiceError::Store(cchc_storage::StoreError::Conflict(m))) => {
            let mut e = FieldErrors::default();
            e.add("moves", m);
            Ok(with_status(recompute_page(&ctx, &state, e).await?, StatusCode::CONFLICT))
        }
        Err(e) => Err(e.into()),
    }
}
