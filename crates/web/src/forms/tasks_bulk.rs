//! Bulk actions of the office on the task list: accept, or return with one reason, the
//! selected instances, or remind their lead units (see [`remind`]). Each goes through the same app function, lifecycle rules and version
//! check as the single action (so each writes its own audit entry); the flash message says
//! how many were done and names every skipped one with its reason.

use axum::extract::State;
use axum::response::Response;
use cchc_app::accounts::ServiceError;
use cchc_app::notify::remind::{remind_task, Reminded};
use cchc_app::tracking::{act, today};
use cchc_domain::tracking::TaskAction;
use cchc_storage::StoreError;

use crate::auth::policy::OfficeOnly;
use crate::auth::{Auth, Require};
use crate::ctx::redirect_with_flash;
use crate::error::{AppError, AppResult};
use crate::form::FormData;
use crate::state::AppState;

/// Instances one bulk action takes at most (a page of the list).
const MAX: usize = crate::pages::tasks::PAGE as usize;

/// Skipped items named in the message (a cookie carries it); the others are counted.
const SKIPS_NAMED: usize = 8;

/// POST `/tasks/bulk`: `action` (`accept` | `return` | `remind`), `reason` (for a return; a
/// reminder carries it as its note), and one `item` per selected row as `id:version` (the
/// version the user saw).
pub async fn bulk(auth: Require<OfficeOnly>, State(state): State<AppState>, f: FormData) -> AppResult<Response> {
    let action = f.get("action");
    let reason = f.get("reason");
    let make = || match action.as_str() {
        "accept" => Ok(TaskAction::Accept { note: String::new() }),
        "return" if reason.trim().is_empty() => {
            Err(AppError::BadRequest("Cần ghi lý do trả lại (một lý do cho các nhiệm vụ đã chọn).".into()))
        }
        "return" => Ok(TaskAction::Return { reason: reason.clone() }),
        _ => Err(AppError::BadRequest("thao tác không hợp lệ".into())),
    };
    if action != "remind" {
        make()?;
    }
    let items = selected(&f)?;
    let back = f.get("back");
    let to = if back.starts_with("/tasks") && !back.contains("//") { back } else { "/tasks".into() };
    if action == "remind" {
        let msg = remind(&auth, &state, &items, &reason).await?;
        return Ok(redirect_with_flash(&to, &msg));
    }
    let (mut done, mut skipped) = (0usize, Vec::new());
    for (id, version) in items {
        let label = match state.store.get_instance(id).await {
            Ok(i) => format!("{} ({})", i.task_code, i.label),
            Err(StoreError::NotFound(_)) => {
                skipped.push(format!("#{id}: không tìm thấy"));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        match act(state.store.as_ref(), (&auth.user, &auth.actor()), id, version, make()?, Vec::new(), today()).await {
            Ok(_) => done += 1,
            Err(ServiceError::Invalid(e)) => skipped.push(format!("{label}: {}", e.sentence())),
            Err(ServiceError::Store(StoreError::Conflict(_))) => {
                skipped.push(format!("{label}: đã có người thay đổi trong lúc chọn"))
            }
            Err(e) => return Err(e.into()),
        }
    }
    let verb = if action == "accept" { "chấp nhận" } else { "trả lại" };
    let mut msg = format!("Đã {verb} {done} nhiệm vụ.");
    push_skipped(&mut msg, &skipped);
    Ok(redirect_with_flash(&to, &msg))
}

/// The selected rows as `(id, version)`, at least one and at most a page.
fn selected(f: &FormData) -> AppResult<Vec<(i64, i64)>> {
    let items: Vec<(i64, i64)> = f
        .all("item")
        .iter()
        .filter_map(|s| s.split_once(':').and_then(|(i, v)| Some((i.trim().parse().ok()?, v.trim().parse().ok()?))))
        .collect();
    if items.is_empty() {
        return Err(AppError::BadRequest("Chưa chọn nhiệm vụ nào.".into()));
    }
    if items.len() > MAX {
        return Err(AppError::BadRequest(format!("Mỗi lần chỉ xử lý tối đa {MAX} nhiệm vụ.")));
    }
    Ok(items)
}

/// Reminds the lead unit of each selected instance (one notification and one audit entry
/// each); the message says how many were sent, to which units, and what was skipped.
async fn remind(auth: &Auth, state: &AppState, items: &[(i64, i64)], note: &str) -> AppResult<String> {
    let (mut done, mut skipped) = (0usize, Vec::new());
    let mut units: Vec<(String, usize)> = Vec::new();
    // Units named as every list names them: with the parent when two share a name.
    let names = crate::unit_names::UnitNames::new(&state.store.all_units().await?, today());
    for (id, _) in items {
        let inst = match state.store.get_instance(*id).await {
            Ok(i) => i,
            Err(StoreError::NotFound(_)) => {
                skipped.push(format!("#{id}: không tìm thấy"));
                continue;
            }
            Err(e) => return Err(e.into()),
        };
        match remind_task(state.store.as_ref(), &auth.actor(), &inst, note, today()).await? {
            Reminded::Sent { unit_id, .. } => {
                done += 1;
                let unit_name = names.label(unit_id);
                match units.iter_mut().find(|(n, _)| *n == unit_name) {
                    Some((_, k)) => *k += 1,
                    None => units.push((unit_name, 1)),
                }
            }
            Reminded::Skipped(why) => skipped.push(format!("{} ({}): {why}", inst.task_code, inst.label)),
        }
    }
    let mut msg = format!("Đã gửi nhắc nhở {done} nhiệm vụ");
    if !units.is_empty() {
        // The message travels in a cookie: the first units are named, the rest counted.
        let to: Vec<String> = units.iter().take(SKIPS_NAMED).map(|(n, k)| format!("{n} — {k}")).collect();
        msg.push_str(&format!(" tới: {}", to.join("; ")));
        if units.len() > SKIPS_NAMED {
            msg.push_str(&format!("; và {} đơn vị khác", units.len() - SKIPS_NAMED));
        }
    }
    msg.push('.');
    push_skipped(&mut msg, &skipped);
    Ok(msg)
}

/// Names the first skipped items (the message travels in a cookie) and counts the rest.
fn push_skipped(msg: &mut String, skipped: &[String]) {
    if skipped.is_empty() {
        return;
    }
    let named: Vec<&str> = skipped.iter().take(SKIPS_NAMED).map(|s| s.as_str()).collect();
    msg.push_str(&format!(" Bỏ qua {}: {}", skipped.len(), named.join("; ")));
    if skipped.len() > SKIPS_NAMED {
        msg.push_str(&format!("; và {} nhiệm vụ khác", skipped.len() - SKIPS_NAMED));
    }
    msg.push('.');
}
