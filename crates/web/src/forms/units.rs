//! Registry form posts.

use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Response};
use cchc_app::accounts::ServiceError;
use cchc_app::registry::{import_registry, RegistryImportError};
use cchc_domain::unit::{ChangeKind, UnitContact, UnitInput, UnitKind};
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::{NewChange, SuccessorSpec};
use cchc_storage::{DynStore, StoreError};
use minijinja::context;

use crate::auth::policy::{AnyUser, OfficeOnly};
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart, FormData};
use crate::pages::units::{change_form, contact_form, unit_form};
use crate::state::AppState;

fn input_from(f: &FormData, errs: &mut FieldErrors) -> UnitInput {
    let kind_raw = f.get("kind");
    let kind = UnitKind::parse(&kind_raw);
    if kind.is_none() && !kind_raw.is_empty() {
        errs.add("kind", "Loại đơn vị không hợp lệ.");
    }
    UnitInput {
        code: f.get("code"),
        kind,
        parent_id: f.id("parent_id", errs),
        name: f.get("name"),
        abbreviations: f.list("abbreviations"),
        aliases: f.list("aliases"),
        valid_from: f.date("valid_from", errs),
        valid_to: f.date("valid_to", errs),
        note: f.get("note"),
    }
}

/// Validates the form; `Err` carries the errors to show next to the fields.
fn validated(f: &FormData) -> Result<UnitInput, FieldErrors> {
    let mut errs = FieldErrors::default();
    let input = input_from(f, &mut errs);
    match input.normalized() {
        Ok(i) if errs.is_empty() => Ok(i),
        Ok(_) => Err(errs),
        Err(mut more) => {
            more.0.extend(errs.0);
            Err(more)
        }
    }
}

/// Store errors the user can fix become field errors on the form.
fn store_to_field(e: StoreError) -> Result<FieldErrors, AppError> {
    let mut errs = FieldErrors::default();
    match e {
        StoreError::Conflict(m) => errs.add("code", format!("{m}.")),
        StoreError::Invalid(m) => errs.add("parent_id", format!("{m}.")),
        other => return Err(other.into()),
    }
    Ok(errs)
}

/// POST `/units/new`.
pub async fn create(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(store): State<DynStore>,
    f: FormData,
) -> AppResult<Response> {
    let input = match validated(&f) {
        Ok(i) => i,
        Err(errs) => return unit_form(&ctx, &store, None, f.values(), errs).await,
    };
    match store.create_unit(&auth.actor(), &input).await {
        Ok(u) => Ok(redirect_with_flash(&format!("/units/{}", u.id), &format!("Đã thêm đơn vị «{}».", u.name))),
        Err(e) => unit_form(&ctx, &store, None, f.values(), store_to_field(e)?).await,
    }
}

/// POST `/units/{id}/edit`.
pub async fn update(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    store.get_unit(id).await?;
    let input = match validated(&f) {
        Ok(i) => i,
        Err(errs) => return unit_form(&ctx, &store, Some(id), f.values(), errs).await,
    };
    match store.update_unit(&auth.actor(), id, &input).await {
        Ok(u) => Ok(redirect_with_flash(&format!("/units/{id}"), &format!("Đã lưu đơn vị «{}».", u.name))),
        Err(e) => unit_form(&ctx, &store, Some(id), f.values(), store_to_field(e)?).await,
    }
}

/// POST `/units/{id}/contact`: the office, or the unit's own staff.
pub async fn contact(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let editor = auth.unit_editor(id)?;
    let unit = store.get_unit(editor.unit()).await?;
    let typed = UnitContact {
        contact_person: f.get("contact_person"),
        phone: f.get("phone"),
        email: f.get("email"),
        address: f.get("address"),
    };
    match typed.clone().normalized() {
        Ok(c) => {
            store.update_unit_contact(editor.actor(), editor.unit(), &c).await?;
            Ok(redirect_with_flash(&format!("/units/{id}"), "Đã cập nhật thông tin liên hệ."))
        }
        Err(errs) => Ok(contact_form(&ctx, &unit, &typed, errs)),
    }
}

/// POST `/units/{id}/change`: record a reorganisation with this unit as a predecessor.
pub async fn change(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(store): State<DynStore>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let unit = store.get_unit(id).await?;
    let mut errs = FieldErrors::default();
    let kind = ChangeKind::parse(&f.get("kind"));
    if kind.is_none() {
        errs.add("kind", "Cần chọn hình thức thay đổi.");
    }
    let effective = f.date("effective", &mut errs);
    if effective.is_none() && f.get("effective").is_empty() {
        errs.add("effective", "Cần nhập ngày hiệu lực (dd/mm/yyyy).");
    }
    let mut predecessors = vec![id];
    let mut checked = Vec::new();
    for v in f.all("with") {
        match v.parse::<i64>() {
            Ok(p) if p != id => {
                predecessors.push(p);
                checked.push(p);
            }
            _ => errs.add("with", "Danh sách đơn vị hợp nhất không hợp lệ."),
        }
    }
    let mut successors = Vec::new();
    match f.get("target").as_str() {
        "existing" => match f.id("target_id", &mut errs) {
            Some(t) => successors.push(SuccessorSpec::Existing(t)),
            None => errs.add("target_id", "Cần chọn đơn vị kế thừa."),
        },
        "new" => {
            for i in 1..=3 {
                let (code, name) = (f.get(&format!("new_code_{i}")), f.get(&format!("new_name_{i}")));
                if code.is_empty() && name.is_empty() {
                    continue;
                }
                let input =
                    UnitInput { code, name, kind: Some(unit.kind), parent_id: unit.parent_id, ..UnitInput::default() };
                match input.normalized() {
                    Ok(i) => successors.push(SuccessorSpec::New(i)),
                    Err(e) => {
                        for fe in e.0 {
                            errs.add(&format!("new_{}_{i}", fe.field), fe.message);
                        }
                    }
                }
            }
            if successors.is_empty() && kind != Some(ChangeKind::Dissolve) {
                errs.add("new_name_1", "Cần nhập mã và tên đơn vị mới.");
            }
        }
        _ if kind == Some(ChangeKind::Dissolve) => {}
        _ => errs.add("target", "Cần chọn đơn vị kế thừa: đơn vị đã có hoặc đơn vị mới."),
    }
    let (Some(kind), Some(effective), true) = (kind, effective, errs.is_empty()) else {
        return change_form(&ctx, &store, id, f.values(), checked, errs).await;
    };
    let change = NewChange { kind, effective, predecessors, successors, note: f.get("note") };
    match cchc_app::registry::record_change(store.as_ref(), &auth.actor(), &change).await {
        Ok((c, h)) => {
            let to = c.successors.first().map(|s| format!("/units/{s}")).unwrap_or(format!("/units/{id}"));
            let mut msg = format!("Đã ghi nhận thay đổi tổ chức của «{}».", unit.name);
            if h.moved > 0 {
                msg.push_str(&format!(" {} nhiệm vụ đang thực hiện đã chuyển sang đơn vị kế thừa.", h.moved));
            }
            if h.to_choose > 0 {
                msg.push_str(&format!(" {} nhiệm vụ cần chọn đơn vị tiếp nhận.", h.to_choose));
            }
            Ok(redirect_with_flash(&to, &msg))
        }
        Err(ServiceError::Store(StoreError::Invalid(m) | StoreError::Conflict(m))) => {
            errs.add("kind", format!("{m}."));
            change_form(&ctx, &store, id, f.values(), checked, errs).await
        }
        Err(e) => Err(e.into()),
    }
}

/// POST `/units/import`: a CSV or XLSX registry file, all rows or none.
pub async fn import(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (_, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let Some(up) = upload else {
        let errors = vec!["Cần chọn một tệp CSV hoặc XLSX.".to_string()];
        return Ok(ctx.render("units/import.html", context! { errors, report => minijinja::Value::from(()) }));
    };
    let result = import_registry(state.store.as_ref(), &auth.actor(), &up.bytes, &up.file_name).await;
    let errors: Vec<String> = match result {
        Ok(r) => {
            let msg = format!(
                "Đã nhập tệp «{}»: thêm {} đơn vị, cập nhật {}, giữ nguyên {}, {} thay đổi tổ chức.",
                up.file_name, r.created, r.updated, r.unchanged, r.changes
            );
            return Ok(redirect_with_flash("/units", &msg));
        }
        Err(RegistryImportError::Rows(rows)) => rows.iter().map(|e| e.to_string()).collect(),
        Err(RegistryImportError::Unreadable(m)) => vec![m],
        Err(RegistryImportError::Service(s)) => return Err(s.into()),
    };
    let mut resp = ctx.render(
        "units/import.html",
        context! { errors, file_name => up.file_name, report => minijinja::Value::from(()) },
    );
    *resp.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    Ok(resp.into_response())
}
