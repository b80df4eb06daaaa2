//! PAR index form posts: opening and approving a round, assigning appraisers, the unit's
//! self-scores (saved, and submitted by the unit head), evidence uploads, withdrawal,
//! explanations, the appraiser's marks with accept or return, criteria set import.

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::par::{
    appraise as do_appraise, decide, explain as do_explain, import_set as do_import, open_round as do_open,
};
use cchc_app::par::{save_self as do_save_self, submit, AppraisalInput, ParImportError, RoundForm, SelfInput, SetMeta};
use cchc_app::tracking::today;
use cchc_domain::par::{Points, UnitGroup};
use cchc_domain::review::ReviewAction;
use cchc_domain::role::Role;
use cchc_domain::validation::FieldErrors;

use super::with_status;
use crate::auth::policy::{Appraisers, OfficeOnly, UnitHeads, UnitStaff};
use crate::auth::{Auth, Require};
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart, read_multipart_all, FormData};
use crate::pages::par::{reader, render_assessment};
use crate::state::AppState;

fn version(f: &FormData) -> AppResult<i64> {
    f.get("version").parse().map_err(|_| AppError::BadRequest("biểu mẫu thiếu phiên bản".into()))
}

fn back(id: i64, msg: &str) -> Response {
    redirect_with_flash(&format!("/par/assessments/{id}"), msg)
}

/// The form again with its problems (422), or the error.
async fn again(
    ctx: &Ctx,
    auth: &Auth,
    state: &AppState,
    id: i64,
    f: &FormData,
    e: ServiceError,
) -> AppResult<Response> {
    match e {
        ServiceError::Invalid(errs) => {
            let r = render_assessment(ctx, auth, state, id, Some(f.values()), errs).await?;
            Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
        }
        e => Err(e.into()),
    }
}

/// POST `/par/rounds`: the office opens a round.
pub async fn open_round(auth: Require<OfficeOnly>, State(state): State<AppState>, f: FormData) -> AppResult<Response> {
    let mut errs = FieldErrors::default();
    let dates: Vec<_> = ["self_due", "appraisal_due", "explanation_due", "approval_due"]
        .iter()
        .map(|k| {
            let d = f.date(k, &mut errs);
            if d.is_none() && f.get(k).is_empty() {
                errs.add(k, "Cần nhập ngày.");
            }
            d
        })
        .collect();
    let year = f.get("year").parse::<i32>().ok().filter(|y| (2000..=2100).contains(y));
    let province = f.id("province", &mut errs);
    if year.is_none() {
        errs.add("year", "Năm không hợp lệ.");
    }
    let (Some(year), Some(province), [Some(s), Some(a), Some(e), Some(p)]) = (year, province, dates.as_slice()) else {
        return Err(AppError::BadRequest(errs.sentence()));
    };
    let form = RoundForm {
        year,
        name: f.get("name"),
        province,
        self_due: *s,
        appraisal_due: *a,
        explanation_due: *e,
        approval_due: *p,
    };
    match do_open(state.store.as_ref(), &auth.actor(), &form).await {
        Ok(r) => Ok(redirect_with_flash(
            &format!("/par/rounds/{}", r.id),
            "Đã mở đợt đánh giá; các đơn vị đã có bản tự đánh giá để điền.",
        )),
        Err(ServiceError::Invalid(e)) => Err(AppError::BadRequest(e.sentence())),
        Err(e) => Err(e.into()),
    }
}

/// POST `/par/rounds/{id}/approve`: the council's approval; scores lock.
pub async fn approve(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    state.store.approve_round(&auth.actor(), id, version(&f)?, today()).await?;
    Ok(redirect_with_flash(&format!("/par/rounds/{id}"), "Hội đồng đã phê duyệt kết quả; điểm đã được khóa."))
}

/// POST `/par/rounds/{id}/sipas`: the satisfaction criterion of every submitted assessment
/// from a SIPAS campaign's results.
pub async fn sipas(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let campaign =
        f.get("campaign").parse::<i64>().map_err(|_| AppError::BadRequest("cần chọn đợt khảo sát".into()))?;
    survey_transfer(&state, &auth.actor(), id, campaign, &f.get("code")).await
}

/// Carries campaign `campaign`'s unit indices into criterion `code` of round `round`, then
/// back to the round with what was done (also posted from a campaign's results page).
pub(crate) async fn survey_transfer(
    state: &AppState,
    actor: &cchc_domain::user::Actor,
    round: i64,
    campaign: i64,
    code: &str,
) -> AppResult<Response> {
    let t = cchc_app::par::survey_from_sipas(state.store.as_ref(), actor, round, campaign, code.trim()).await?;
    let msg = format!(
        "Đã lấy điểm khảo sát cho {} đơn vị; {} đơn vị chưa lấy được (chưa nộp, đã thẩm định xong hoặc chưa có phiếu).",
        t.set.len(),
        t.skipped.len()
    );
    Ok(redirect_with_flash(&format!("/par/rounds/{round}"), &msg))
}

/// POST `/par/assessments/{id}/appraiser`: the office assigns an appraiser.
pub async fn assign(
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let user = f.get("appraiser").parse::<i64>().ok();
    if let Some(u) = user {
        let target = state.store.get_user(u).await?;
        if target.role != Role::Appraiser {
            return Err(AppError::BadRequest("người được phân công phải là thành viên thẩm định".into()));
        }
    }
    let a = state.store.assign_appraiser(&auth.actor(), id, user).await?;
    Ok(redirect_with_flash(&format!("/par/rounds/{}", a.round_id), "Đã phân công thẩm định."))
}

/// POST `/par/assessments/{id}/self`: the unit saves its scores; `submit=1` (the unit head
/// only) submits them too.
pub async fn save_self(
    ctx: Ctx,
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (a, _, vis) = reader(&auth, &state.store, id).await?;
    auth.unit_editor(a.unit_id)?;
    let set = state.par_results.criteria_set(state.store.as_ref(), a.set_id).await?;
    let inputs: Vec<SelfInput> = set
        .leaves()
        .iter()
        .filter(|r| !r.component.is_external())
        .map(|r| {
            let c = &r.node.code;
            SelfInput {
                code: c.clone(),
                points: f.get(&format!("p-{c}")),
                not_applicable: f.checked(&format!("na-{c}")),
                note: f.get(&format!("n-{c}")),
            }
        })
        .collect();
    let store = state.store.as_ref();
    let saved = match do_save_self(store, &auth.actor(), id, version(&f)?, vis, &inputs).await {
        Ok(a) => a,
        Err(e) => return again(&ctx, &auth, &state, id, &f, e).await,
    };
    if f.get("submit") != "1" {
        return Ok(back(id, "Đã lưu bản tự đánh giá."));
    }
    if auth.user.role != Role::UnitHead {
        return Ok(back(id, "Đã lưu. Thủ trưởng đơn vị xem lại và nộp bản tự đánh giá."));
    }
    match submit(store, &auth.actor(), id, saved.version, vis, today()).await {
        Ok(_) => Ok(back(id, "Đã nộp bản tự đánh giá để thẩm định.")),
        Err(e) => again(&ctx, &auth, &state, id, &f, e).await,
    }
}

/// POST `/par/assessments/{id}/submit`: the unit head submits (or resubmits after explaining).
pub async fn submit_form(
    ctx: Ctx,
    auth: Require<UnitHeads>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (a, _, vis) = reader(&auth, &state.store, id).await?;
    auth.unit_editor(a.unit_id)?;
    match submit(state.store.as_ref(), &auth.actor(), id, version(&f)?, vis, today()).await {
        Ok(_) => Ok(back(id, "Đã nộp bản tự đánh giá để thẩm định.")),
        Err(e) => again(&ctx, &auth, &state, id, &f, e).await,
    }
}

/// POST `/par/assessments/{id}/withdraw`: the unit head takes a submission back before the
/// appraisal starts.
pub async fn withdraw(
    auth: Require<UnitHeads>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (a, _, _) = reader(&auth, &state.store, id).await?;
    let editor = auth.unit_editor(a.unit_id)?;
    state.store.move_assessment(editor.actor(), id, version(&f)?, ReviewAction::Withdraw, today(), None).await?;
    Ok(back(id, "Đã rút lại bản tự đánh giá; đơn vị có thể sửa và nộp lại."))
}

/// POST `/par/assessments/{id}/evidence` (multipart): a file for one or more criteria.
pub async fn evidence(
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let (a, _, _) = reader(&auth, &state.store, id).await?;
    let editor = auth.unit_editor(a.unit_id)?;
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = read_multipart_all(mp, max).await?;
    let codes = f.all("codes");
    if codes.is_empty() {
        return Err(AppError::BadRequest("cần chọn tiêu chí mà tài liệu kiểm chứng chứng minh".into()));
    }
    if uploads.is_empty() {
        return Err(AppError::BadRequest("cần chọn tệp tài liệu kiểm chứng".into()));
    }
    let set = state.par_results.criteria_set(state.store.as_ref(), a.set_id).await?;
    if let Some(bad) = codes.iter().find(|c| set.find(c).is_none_or(|n| !n.is_leaf())) {
        return Err(AppError::BadRequest(format!("mã tiêu chí {bad} không có trong bộ tiêu chí")));
    }
    let files: Vec<_> = uploads.into_iter().map(|u| crate::evidence::accept(u, max)).collect::<Result<_, _>>()?;
    for file in &files {
        state.store.add_par_evidence(editor.actor(), id, file, &codes).await?;
    }
    Ok(back(id, &format!("Đã thêm {} tài liệu kiểm chứng.", files.len())))
}

/// POST `/par/assessments/{id}/explain`: the unit's explanations of returned criteria.
pub async fn explain(
    ctx: Ctx,
    auth: Require<UnitStaff>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (a, _, vis) = reader(&auth, &state.store, id).await?;
    let editor = auth.unit_editor(a.unit_id)?;
    let scores = state.store.scores(id, vis).await?;
    let texts: Vec<(String, String)> = scores
        .iter()
        .filter(|s| s.explain_requested)
        .map(|s| (s.score.code.clone(), f.get(&format!("e-{}", s.score.code))))
        .collect();
    match do_explain(state.store.as_ref(), editor.actor(), id, version(&f)?, vis, &texts).await {
        Ok(_) => Ok(back(id, "Đã lưu nội dung giải trình; thủ trưởng đơn vị nộp lại để thẩm định.")),
        Err(e) => again(&ctx, &auth, &state, id, &f, e).await,
    }
}

/// POST `/par/assessments/{id}/appraise`: the appraiser's marks, then accept, return for
/// explanation (`decision=return` with a reason) or only save. An appraiser assigned to areas
/// posts the criteria of their areas; a criterion of another area typed in is refused.
pub async fn appraise(
    ctx: Ctx,
    auth: Require<Appraisers>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (a, _, _) = reader(&auth, &state.store, id).await?;
    let store = state.store.as_ref();
    let (actor, role) = (auth.actor(), auth.user.role);
    let scope = cchc_app::par::appraisal_scope(store, &actor, role, &a).await?;
    let set = state.par_results.criteria_set(state.store.as_ref(), a.set_id).await?;
    let inputs: Vec<AppraisalInput> = set
        .leaves()
        .iter()
        .map(|r| {
            let c = &r.node.code;
            AppraisalInput {
                code: c.clone(),
                points: f.get(&format!("ap-{c}")),
                not_applicable: f.checked(&format!("ana-{c}")),
                reason: f.get(&format!("ar-{c}")),
                explain: f.checked(&format!("ax-{c}")),
            }
        })
        // Outside the scope only what was typed goes on, to be refused by name.
        .filter(|i| scope.covers(&i.code) || typed(i))
        .collect();
    let saved = match do_appraise(store, &actor, role, id, version(&f)?, &inputs).await {
        Ok(a) => a,
        Err(e) => return again(&ctx, &auth, &state, id, &f, e).await,
    };
    let (action, reason, msg) = match f.get("decision").as_str() {
        "accept" => (ReviewAction::Accept, None, "Đã thẩm định xong bản đánh giá của đơn vị."),
        "return" => {
            (ReviewAction::Return, Some(f.get("reason")), "Đã trả lại để đơn vị giải trình các tiêu chí đã chọn.")
        }
        _ => return Ok(back(id, "Đã lưu kết quả thẩm định.")),
    };
    match decide(store, &actor, role, id, saved.version, action, today(), reason.as_deref()).await {
        Ok(_) => Ok(back(id, msg)),
        Err(e) => again(&ctx, &auth, &state, id, &f, e).await,
    }
}

fn typed(i: &AppraisalInput) -> bool {
    !i.points.trim().is_empty() || i.not_applicable || !i.reason.trim().is_empty() || i.explain
}

/// POST `/par/assessments/{id}/revise`: after approval, the office corrects one criterion by a
/// reasoned, audited revision.
pub async fn revise(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    let (code, points, reason) = (f.get("code"), f.get("points"), f.get("reason"));
    match cchc_app::par::revise(state.store.as_ref(), &auth.actor(), id, &code, &points, f.checked("na"), &reason).await
    {
        Ok(()) => Ok(back(id, &format!("Đã điều chỉnh điểm tiêu chí {code}."))),
        Err(e) => again(&ctx, &auth, &state, id, &f, e).await,
    }
}

/// POST `/par/sets/import` (multipart): a criteria set from XLSX in the published layout.
pub async fn import_set(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (f, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let mut errs = FieldErrors::default();
    let from = f.date("effective_from", &mut errs);
    let total = Points::parse(&f.get("total")).ok().filter(|p| p.0 > 0);
    let mut problems: Vec<String> = errs.0.iter().map(|e| e.message.clone()).collect();
    if f.get("code").trim().is_empty() || f.get("name").trim().is_empty() {
        problems.push("Cần mã và tên bộ tiêu chí.".into());
    }
    let (Some(up), Some(from), Some(total), true) = (upload, from, total, problems.is_empty()) else {
        problems.push("Cần chọn tệp, ngày hiệu lực và thang điểm.".into());
        return sets_again(&ctx, &state, problems).await;
    };
    let meta = SetMeta {
        code: f.get("code").trim().to_string(),
        name: f.get("name").trim().to_string(),
        group: UnitGroup::new(&f.get("group")),
        effective_from: from,
        total,
    };
    match do_import(state.store.as_ref(), &auth.actor(), &up.bytes, &up.file_name, meta).await {
        Ok(s) => Ok(redirect_with_flash(
            &format!("/par/sets/{}", s.id),
            &format!("Đã nhập bộ tiêu chí, phiên bản {}.", s.set.version),
        )),
        Err(ParImportError::Unreadable(m)) => sets_again(&ctx, &state, vec![m]).await,
        Err(ParImportError::Problems(ps)) => {
            let lines = ps
                .iter()
                .map(|p| match p.row {
                    Some(r) => format!("Dòng {r}: {}", p.message),
                    None => p.message.clone(),
                })
                .collect();
            sets_again(&ctx, &state, lines).await
        }
        Err(ParImportError::Service(e)) => Err(e.into()),
    }
}

async fn sets_again(ctx: &Ctx, state: &AppState, errors: Vec<String>) -> AppResult<Response> {
    let r = crate::pages::par::render_sets(ctx, &state.store, true, errors).await?;
    Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
}
