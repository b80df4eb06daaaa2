//! Inspection form posts: the office plans, records and closes inspections, imports
//! checklists and enters or imports outside recommendations; the inspected unit reports the
//! remedy of its findings (with evidence where required) and the office accepts, returns or
//! waives it. Refused input comes back on its page with every problem (422).

use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::inspection::checklists::ChecklistMeta;
use cchc_app::inspection::plan::PlanForm;
use cchc_app::inspection::record::{FindingFields, RecordForm};
use cchc_app::inspection::remedy::RemedyAction;
use cchc_app::inspection::ImportError;
use cchc_app::tracking::today;
use cchc_domain::tracking::{ActionKind, TaskAction};
use cchc_domain::unit::UnitKind;
use cchc_domain::validation::FieldErrors;

use super::with_status;
use crate::auth::policy::{OfficeOnly, UnitActors};
use crate::auth::{Auth, Require};
use crate::ctx::{redirect_with_flash, Ctx};
use crate::error::{AppError, AppResult};
use crate::form::{read_multipart, read_multipart_all, FormData, Upload};
use crate::pages::inspections::{render_checklists, render_finding, render_followup, render_index, render_show};
use crate::pages::inspections::{PeriodQuery, PlanQuery};
use crate::state::AppState;

fn version(f: &FormData) -> AppResult<i64> {
    f.get("version").parse().map_err(|_| AppError::BadRequest("biểu mẫu thiếu phiên bản".into()))
}

fn messages(e: &FieldErrors) -> Vec<String> {
    e.0.iter().map(|x| x.message.clone()).collect()
}

/// Files checked by the evidence rules; a refused file is a message, not an error page.
fn accept_all(
    uploads: Vec<Upload>,
    max: usize,
    errs: &mut Vec<String>,
) -> AppResult<Vec<cchc_storage::model::NewEvidence>> {
    let mut out = Vec::new();
    for up in uploads {
        match crate::evidence::accept(up, max) {
            Ok(e) => out.push(e),
            Err(AppError::BadRequest(m)) => errs.push(format!("{m}.")),
            Err(e) => return Err(e),
        }
    }
    Ok(out)
}

/// The service's refusal as messages for the page, or the error.
fn refusal(e: ServiceError) -> AppResult<Vec<String>> {
    match e {
        ServiceError::Invalid(errs) => Ok(messages(&errs)),
        ServiceError::Store(cchc_storage::StoreError::Conflict(m)) => Ok(vec![format!("{m}.")]),
        other => Err(other.into()),
    }
}

fn again(r: Response) -> AppResult<Response> {
    Ok(with_status(r, StatusCode::UNPROCESSABLE_ENTITY))
}

/// POST `/inspections/plan`: the office puts the chosen units on the year's plan.
pub async fn plan(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let mut errs = FieldErrors::default();
    let year: i32 = f.get("year").trim().parse().unwrap_or(0);
    let form = PlanForm {
        year,
        unit_ids: f.all("unit").iter().filter_map(|s| s.parse().ok()).collect(),
        team: f.get("team"),
        leader: f.get("leader"),
        date_from: f.date("date_from", &mut errs),
        date_to: f.date("date_to", &mut errs),
        prepare: f.get("prepare"),
    };
    let result = if errs.is_empty() {
        cchc_app::inspection::plan::plan(state.store.as_ref(), &auth.actor(), &form, today()).await
    } else {
        Err(ServiceError::Invalid(errs))
    };
    match result {
        Ok(p) => Ok(redirect_with_flash(
            &format!("/inspections?year={year}"),
            &format!("Đã đưa {} đơn vị vào kế hoạch kiểm tra và thông báo cho từng đơn vị.", p.len()),
        )),
        Err(e) => {
            let q = PlanQuery { year: Some(year), ..Default::default() };
            again(render_index(&ctx, &auth, &state.store, q, refusal(e)?).await?)
        }
    }
}

/// POST `/inspections/{id}/record` (multipart): answers, conclusion, findings and files.
pub async fn record(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = read_multipart_all(mp, max).await?;
    let mut problems = Vec::new();
    let files = accept_all(uploads, max, &mut problems)?;
    let answers = f
        .0
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("answer-").map(|c| (c.to_string(), v.clone(), f.get(&format!("note-{c}")))))
        .collect();
    let findings = (1..=20)
        .map(|n| FindingFields {
            severity: f.get(&format!("f{n}-severity")),
            area: f.get(&format!("f{n}-area")),
            text: f.get(&format!("f{n}-text")),
            recommendation: f.get(&format!("f{n}-recommendation")),
            due: f.get(&format!("f{n}-due")),
            evidence_required: if f.checked(&format!("f{n}-evidence")) { "có".into() } else { "không".into() },
        })
        .filter(|x| !(x.text.trim().is_empty() && x.recommendation.trim().is_empty()))
        .collect();
    let form = RecordForm { answers, conclusion: f.get("conclusion"), findings };
    if problems.is_empty() {
        let r = cchc_app::inspection::record::record(
            state.store.as_ref(),
            &auth.actor(),
            id,
            version(&f)?,
            &form,
            files,
            today(),
        )
        .await;
        match r {
            Ok(_) => return Ok(redirect_with_flash(&format!("/inspections/{id}"), "Đã ghi nhận kết quả kiểm tra.")),
            Err(e) => problems = refusal(e)?,
        }
    }
    again(render_show(&ctx, &auth, &state.store, id, problems).await?)
}

/// POST `/inspections/{id}/close`: closes an inspection whose recommendations are settled.
pub async fn close(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    f: FormData,
) -> AppResult<Response> {
    match cchc_app::inspection::record::close(state.store.as_ref(), &auth.actor(), id, version(&f)?, today()).await {
        Ok(_) => Ok(redirect_with_flash(&format!("/inspections/{id}"), "Đã kết thúc cuộc kiểm tra.")),
        Err(e) => again(render_show(&ctx, &auth, &state.store, id, refusal(e)?).await?),
    }
}

/// POST `/findings/{id}/act` (multipart): the remedy's next step.
pub async fn act(
    ctx: Ctx,
    auth: Require<UnitActors>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
    mp: Multipart,
) -> AppResult<Response> {
    let max = state.config.limits.max_upload_bytes;
    let (f, uploads) = read_multipart_all(mp, max).await?;
    let finding = state.store.finding(id, auth.scope()).await?;
    auth.unit_editor(finding.unit_id)?;
    let mut problems = Vec::new();
    let files = accept_all(uploads, max, &mut problems)?;
    let action = match f.get("action").as_str() {
        "waive" => RemedyAction::Waive { reason: f.get("reason") },
        code => {
            let kind = ActionKind::parse(code).ok_or_else(|| AppError::BadRequest("thao tác không hợp lệ".into()))?;
            let percent = f.get("percent").trim().trim_end_matches('%').parse::<u8>().ok();
            RemedyAction::Task(match kind {
                ActionKind::ReportProgress => TaskAction::ReportProgress { note: f.get("note"), percent },
                ActionKind::ReportDone => TaskAction::ReportDone {
                    outputs: f.get("outputs"),
                    evidence: Vec::new(),
                    no_evidence_note: f.get("no_evidence_note"),
                },
                ActionKind::Accept => TaskAction::Accept { note: f.get("note") },
                ActionKind::Return => TaskAction::Return { reason: f.get("reason") },
                ActionKind::Contribute => TaskAction::Contribute { note: f.get("note") },
                // Remedies need no sign-off; the lifecycle refuses these (nothing waits).
                ActionKind::SignOff => TaskAction::SignOff { note: f.get("note") },
                ActionKind::SendBack => TaskAction::SendBack { reason: f.get("reason") },
            })
        }
    };
    if problems.is_empty() {
        let r = cchc_app::inspection::remedy::act(
            state.store.as_ref(),
            &auth.user,
            id,
            version(&f)?,
            action,
            files,
            today(),
        )
        .await;
        match r {
            Ok(_) => return Ok(redirect_with_flash(&format!("/findings/{id}"), "Đã cập nhật kiến nghị.")),
            Err(e) => problems = refusal(e)?,
        }
    }
    again(render_finding(&ctx, &auth, &state.store, id, problems).await?)
}

fn import_refusal(e: ImportError) -> AppResult<Vec<String>> {
    match e {
        ImportError::Service(s) => refusal(s),
        other => Ok(other.lines()),
    }
}

/// POST `/inspections/checklists/import` (multipart): a checklist sheet as a new version.
pub async fn import_checklist(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (f, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let mut errs = FieldErrors::default();
    let from = f.date("effective_from", &mut errs);
    let mut problems = messages(&errs);
    let target = f.get("target_percent").trim().trim_end_matches('%').parse::<u32>().ok().filter(|t| *t <= 100);
    if target.is_none() {
        problems.push("Tỷ lệ đơn vị cần kiểm tra phải là số từ 0 đến 100.".into());
    }
    let group = f.get("group");
    if UnitKind::parse(&group).is_none() {
        problems.push("Cần chọn nhóm đơn vị.".into());
    }
    if upload.is_none() {
        problems.push("Cần chọn tệp XLSX hoặc CSV.".into());
    }
    if let (Some(up), Some(from), Some(target), true) = (upload, from, target, problems.is_empty()) {
        let meta = ChecklistMeta {
            code: f.get("code"),
            name: f.get("name"),
            group,
            effective_from: from,
            target_percent: target,
        };
        match cchc_app::inspection::checklists::import(
            state.store.as_ref(),
            &auth.actor(),
            &up.bytes,
            &up.file_name,
            meta,
        )
        .await
        {
            Ok(c) => {
                let msg = format!(
                    "Đã lưu danh mục kiểm tra, phiên bản {} ({} nội dung).",
                    c.checklist.version,
                    c.checklist.items.len()
                );
                return Ok(redirect_with_flash("/inspections/checklists", &msg));
            }
            Err(e) => problems = import_refusal(e)?,
        }
    }
    again(render_checklists(&ctx, &auth, &state.store, problems).await?)
}

/// POST `/findings/outside`: one recommendation of an outside inspection or audit.
pub async fn outside(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    f: FormData,
) -> AppResult<Response> {
    let cells: Vec<String> =
        (0..cchc_app::inspection::outside::SHEET_HEADER.len()).map(|i| f.get(&format!("c{i}"))).collect();
    match cchc_app::inspection::outside::add(state.store.as_ref(), &auth.actor(), &cells, today()).await {
        Ok(x) => Ok(redirect_with_flash(&format!("/findings/{}", x.id), "Đã ghi kiến nghị.")),
        Err(e) => followup_again(&ctx, &auth, &state, import_refusal(e)?).await,
    }
}

async fn followup_again(ctx: &Ctx, auth: &Auth, state: &AppState, problems: Vec<String>) -> AppResult<Response> {
    again(render_followup(ctx, auth, &state.store, PeriodQuery::default(), problems).await?)
}

/// POST `/findings/outside/import` (multipart): a sheet of outside recommendations, all or none.
pub async fn import_outside(
    ctx: Ctx,
    auth: Require<OfficeOnly>,
    State(state): State<AppState>,
    mp: Multipart,
) -> AppResult<Response> {
    let (_, upload) = read_multipart(mp, state.config.limits.max_upload_bytes).await?;
    let Some(up) = upload else {
        return followup_again(&ctx, &auth, &state, vec!["Cần chọn tệp XLSX hoặc CSV.".into()]).await;
    };
    match cchc_app::inspection::outside::import(state.store.as_ref(), &auth.actor(), &up.bytes, &up.file_name, today())
        .await
    {
        Ok(v) => Ok(redirect_with_flash("/inspections/followup", &format!("Đã nhập {} kiến nghị.", v.len()))),
        Err(e) => followup_again(&ctx, &auth, &state, import_refusal(e)?).await,
    }
}
