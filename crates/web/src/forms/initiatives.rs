//! Initiative form posts: a unit's focal point proposes, edits and submits (attachments
//! checked by the evidence rules); the office sends to evaluation or returns for completion,
//! assigns evaluators and records the council's decision; evaluators score; a unit declares
//! it applied a recognised initiative. Refused input comes back on its page with every
//! problem (422; an upload over the size limit, 413).

use axum::extract::multipart::MultipartRejection;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::initiative::evaluate::DecisionForm;
use cchc_app::tracking::today;
use cchc_domain::initiative::{CriteriaStatus, Criterion, Decision, EvaluationCriteria, LevelRule};
use cchc_storage::model_initiative::InitiativeText;

use super::with_status;
use crate::auth::policy::{Appraisers, OfficeOnly, UnitActors, UnitFocals};
use crate::auth::Require;
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart_all, FormData, Upload};
use crate::pages::initiatives::{render_criteria_form, render_new, render_show, CriteriaDraft};
use crate::state::AppState;

fn version(f: &FormData) -> AppResult<i64> {
    f.get("version").parse().map_err(|_| AppError::BadRequest("biểu mẫu thiếu phiên bản".into()))
}

/// The service's refusal as messages for the page, or the error.
fn refusal(e: ServiceError) -> AppResult<Vec<String>> {
    match e {
        ServiceError::Invalid(errs) => Ok(errs.0.iter().map(|x| x.message.clone()).collect()),
        ServiceError::Store(cchc_storage::StoreError::Conflict(m)) => Ok(vec![format!("Không lưu được: {m}.")]),
        other => Err(other.into()),
    }
}

fn again(r: Response) -> AppResult<Response> {
    Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
}

fn too_large(max: usize) -> String {
    format!(
        "Tệp đính kèm vượt quá dung lượng cho phép (tối đa {} MB): sáng kiến chưa được lưu; hãy chọn tệp nhỏ hơn và gửi lại.",
        max / (1024 * 1024)
    )
}

/// Reads a multipart post; an upload over the limit is a message (nothing of the post can be
/// kept once the stream is cut).
async fn read(
    mp: Result<Multipart, MultipartRejection>,
    max: usize,
) -> AppResult<Result<(FormData, Vec<Upload>), String>> {
    let mp = match mp {
        Ok(mp) => mp,
        Err(r) if r.status() == StatusCode::PAYLOAD_TOO_LARGE => return Ok(Err(too_large(max))),
        Err(_) => return Err(AppError::BadRequest("biểu mẫu gửi lên bị hỏng".into())),
    };
    match read_multipart_all(mp, max).await {
        Ok(x) => Ok(Ok(x)),
        Err(AppError::TooLarge) => Ok(Err(too_large(max))),
        Err(e) => Err(e),
    }
}

/// Files checked by the evidence rules; a refused file is a message.
fn accept_all(uploads: Vec<Upload>, max: usize, errs: &mut Vec<String>) -> Vec<cchc_storage::model::NewEvidence> {
    let mut out = Vec::new();
    for up in uploads {
        match crate::evidence::accept(up, max) {
            Ok(e) => out.push(e),
            Err(AppError::TooLarge) => errs.push(too_large(max)),
            Err(e) => errs.push(format!("Tệp đính kèm bị từ chối: {e}.")),
        }
    }
    out
}

fn text_of(f: &FormData) -> InitiativeText {
    InitiativeText {
        title: f.get("title"),
        problem: f.get("problem"),
        solution: f.get("solution"),
        scope: f.get("scope"),
        benefit: f.get("benefit"),
    }
}

/// POST `/initiatives/new` (multipart): a unit's focal point proposes a draft.
pub async fn create(
    ctx: Ctx,
    auth: Require<UnitFocals>,
    State(state): State<AppState>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = match read(mp, max).await? {
        Ok(x) => x,
        Err(m) => {
            return Ok(with_status(
                render_new(&ctx, &InitiativeText::default(), vec![m]),
                StatusCode::PAYLOAD_TOO_LARGE,
            ))
        }
    };
    let text = text_of(&f);
    let mut problems = Vec::new();
    let files = accept_all(uploads, max, &mut problems);
    let editor = auth.unit_editor(auth.user.unit_id.unwrap_or(0))?;
    if let Err(e) = cchc_app::initiative::check_text(&text) {
        problems.extend(refusal(e)?);
    }
    if problems.is_empty() {
        let r =
            cchc_app::initiative::propose(state.store.as_ref(), editor.actor(), editor.unit(), &text, files, today());
        match r.await {
            Ok(i) => return Ok(redirect_with_flash(&format!("/initiatives/{}", i.id), "Đã lưu bản nháp sáng kiến.")),
            Err(e) => problems = refusal(e)?,
        }
    }
    again(render_new(&ctx, &text, problems))
}

/// POST `/initiatives/{id}/edit` (multipart): the unit edits its draft or returned initiative.
pub async fn edit(
    ctx: Ctx,
    auth: Require<UnitFocals>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mp: Result<Multipart, MultipartRejection>,
) -> AppResult<Response> {
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = match read(mp, max).await? {
        Ok(x) => x,
        Err(m) => return again(render_show(&ctx, &auth, &state.store, id, vec![m]).await?),
    };
    let editor = auth.unit_editor(auth.user.unit_id.unwrap_or(0))?;
    let mut problems = Vec::new();
    let files = accept_all(uploads, max, &mut problems);
    let text = text_of(&f);
    if problems.is_empty() {
        let r = cchc_app::initiative::edit(
            state.store.as_ref(),
            editor.actor(),
            editor.unit(),
            id,
            version(&f)?,
            &text,
            files,
        );
        match r.await {
            Ok(_) => return Ok(redirect_with_flash(&format!("/initiatives/{id}"), "Đã lưu sáng kiến.")),
            Err(e) => problems = refusal(e)?,
        }
    }
    again(render_show(&ctx, &auth, &state.store, id, problems).await?)
}

/// POST `/initiatives/{id}/submit`: the unit sends its initiative to the office.
pub async fn submit(
    ctx: Ctx,
    auth: Require<UnitFocals>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let editor = auth.unit_editor(auth.user.unit_id.unwrap_or(0))?;
    let r =
        cchc_app::initiative::submit(state.store.as_ref(), editor.actor(), editor.unit(), id, version(&f)?, today());
    match r.await {
        Ok(_) => Ok(redirect_with_flash(&format!("/initiatives/{id}"), "Đã gửi sáng kiến đến cơ quan thường trực.")),
        Err(e) => again(render_show(&ctx, &auth, &state.store, id, refusal(e)?).await?),
    }
}

/// POST `/initiatives/{id}/review`: the office sends to evaluation or returns for completion.
pub async fn review(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (store, actor, v) = (state.store.as_ref(), auth.actor(), version(&f)?);
    let r = match f.get("action").as_str() {
        "evaluate" => cchc_app::initiative::evaluate::send_to_evaluation(store, &actor, id, v, today()).await,
        "return" => cchc_app::initiative::send_back(store, &actor, id, v, &f.get("reason"), today()).await,
        _ => return Err(AppError::BadRequest("thao tác không hợp lệ".into())),
    };
    match r {
        Ok(_) => Ok(redirect_with_flash(&format!("/initiatives/{id}"), "Đã cập nhật sáng kiến.")),
        Err(e) => again(render_show(&ctx, &auth, &state.store, id, refusal(e)?).await?),
    }
}

/// POST `/initiatives/{id}/evaluator`: the office assigns an evaluator.
pub async fn evaluator(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let user: i64 = f.get("user").trim().parse().unwrap_or(0);
    match cchc_app::initiative::evaluate::assign(state.store.as_ref(), &auth.actor(), id, user).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/initiatives/{id}"), "Đã phân công chấm điểm.")),
        Err(ServiceError::Store(cchc_storage::StoreError::NotFound(_))) => {
            again(render_show(&ctx, &auth, &state.store, id, vec!["Cần chọn người chấm điểm.".into()]).await?)
        }
        Err(e) => again(render_show(&ctx, &auth, &state.store, id, refusal(e)?).await?),
    }
}

/// POST `/initiatives/{id}/score`: an evaluator's points per criterion.
pub async fn score(
    ctx: Ctx,
    auth: Require<Appraisers>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let typed: Vec<(String, String)> =
        f.0.iter().filter_map(|(k, v)| k.strip_prefix("score-").map(|c| (c.to_string(), v.clone()))).collect();
    let who = (auth.user.id, auth.user.role);
    match cchc_app::initiative::evaluate::score(state.store.as_ref(), &auth.actor(), who, id, &typed).await {
        Ok(()) => Ok(redirect_with_flash(&format!("/initiatives/{id}"), "Đã lưu điểm đánh giá.")),
        Err(e) => again(render_show(&ctx, &auth, &state.store, id, refusal(e)?).await?),
    }
}

/// POST `/initiatives/{id}/decide`: the council's decision, with reasons.
pub async fn decide(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let form = DecisionForm {
        decision: Decision::parse(&f.get("decision")),
        reason: f.get("reason"),
        results: f.get("results"),
    };
    let actor = auth.actor();
    let r = cchc_app::initiative::evaluate::decide(state.store.as_ref(), &actor, id, version(&f)?, &form, today());
    match r.await {
        Ok(_) => Ok(redirect_with_flash(&format!("/initiatives/{id}"), "Đã ghi quyết định của hội đồng.")),
        Err(e) => again(render_show(&ctx, &auth, &state.store, id, refusal(e)?).await?),
    }
}

/// POST `/initiatives/{id}/adopt`: a unit declares it applied a recognised initiative.
pub async fn adopt(
    ctx: Ctx,
    auth: Require<UnitActors>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let unit = match auth.user.unit_id {
        Some(u) if auth.user.role.requires_unit() => u,
        _ => f.get("unit").trim().parse().unwrap_or(0),
    };
    let editor = auth.unit_editor(unit)?;
    let result = f.get("result");
    let r = cchc_app::initiative::adopt(state.store.as_ref(), editor.actor(), unit, id, &result, today());
    match r.await {
        Ok(_) => Ok(redirect_with_flash(&format!("/initiatives/{id}"), "Đã ghi nhận đơn vị áp dụng sáng kiến.")),
        Err(e) => again(render_show(&ctx, &auth, &state.store, id, refusal(e)?).await?),
    }
}

/// POST `/initiatives/criteria/{id}/edit`: the office's changed criteria list, stored as the
/// next version of its code (the version shown stays as it was); refused input comes back on
/// the form with every problem and what was typed.
pub async fn edit_criteria(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let stored = state.store.initiative_criteria_by_id(id).await?;
    let (codes, names, maxes) = (f.all("c_code"), f.all("c_name"), f.all("c_max"));
    let draft = CriteriaDraft {
        name: f.get("name"),
        effective_from: f.get("effective_from"),
        confirmed: f.checked("confirmed"),
        province_min: f.get("province_min"),
        unit_min: f.get("unit_min"),
        rows: (0..codes.len().max(names.len()).max(maxes.len()))
            .map(|i| [&codes, &names, &maxes].map(|col| col.get(i).cloned().unwrap_or_default()))
            .collect(),
    };
    let mut errors = Vec::new();
    let mut errs = cchc_domain::validation::FieldErrors::default();
    let from = f.date("effective_from", &mut errs);
    errors.extend(errs.0.into_iter().map(|e| e.message));
    if draft.effective_from.trim().is_empty() {
        errors.push("Cần nhập ngày áp dụng.".into());
    }
    let percent = |v: &str, what: &str, errors: &mut Vec<String>| {
        let n = v.trim().trim_end_matches('%').trim().parse::<u32>().ok();
        if n.is_none() {
            errors.push(format!("{what} phải là số nguyên từ 0 đến 100."));
        }
        n.unwrap_or(0)
    };
    let province_min_percent = percent(&draft.province_min, "Ngưỡng cấp tỉnh", &mut errors);
    let unit_min_percent = percent(&draft.unit_min, "Ngưỡng cấp cơ sở", &mut errors);
    let mut criteria = Vec::new();
    let mut rows = Vec::new();
    for (i, [code, name, max]) in draft.rows.iter().enumerate() {
        if code.trim().is_empty() && name.trim().is_empty() && max.trim().is_empty() {
            continue;
        }
        let max = match max.trim().parse::<u32>() {
            Ok(m) => m,
            Err(_) => {
                errors.push(format!("Dòng {}: điểm tối đa phải là số nguyên dương.", i + 1));
                0
            }
        };
        criteria.push(Criterion { code: code.trim().to_string(), name: name.trim().to_string(), max });
        rows.push(i + 1);
    }
    let Some(effective_from) = from.filter(|_| errors.is_empty()) else {
        return again(render_criteria_form(&ctx, &stored, &draft, errors));
    };
    let c = EvaluationCriteria {
        code: stored.criteria.code.clone(),
        name: draft.name.trim().to_string(),
        version: stored.criteria.version,
        effective_from,
        status: if draft.confirmed { CriteriaStatus::Confirmed } else { CriteriaStatus::Template },
        criteria,
        rule: LevelRule { province_min_percent, unit_min_percent },
    };
    match cchc_app::initiative::evaluate::save_criteria(state.store.as_ref(), &auth.actor(), &c, &rows).await {
        Ok(s) => Ok(redirect_with_flash(
            "/initiatives/criteria",
            &format!("Đã lưu bộ tiêu chí thành phiên bản {}.", s.criteria.version),
        )),
        Err(e) => again(render_criteria_form(&ctx, &stored, &draft, refusal(e)?)),
    }
}
