//! Task pages: the list of instances (scoped to the user's unit for unit staff), and one
//! instance with its history, evidence and the actions the user may take.

use axum::extract::{Path, Query, State};
use axum::response::Response;
use cchc_app::tracking::{config, relation, today, TrackingConfig};
use cchc_domain::plan::AreaScope;
use cchc_domain::tracking::{allowed_actions, TaskState};
use cchc_storage::model::{InstanceFilter, InstanceSort};
use cchc_storage::DynStore;
use chrono::Datelike;
use minijinja::context;
use serde::{Deserialize, Serialize};

use crate::auth::policy::AnyUser;
use crate::auth::{Auth, Require, Scope};
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::pages::scorecard::check_unit_visible;
use crate::state::AppState;
use crate::views_tasks::{check_visible, Shaper};

/// The list's filters, as typed in the page (also used by the export).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct TaskQuery {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub q: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub state: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub overdue: String,
    #[serde(default, deserialize_with = "blank_is_none", skip_serializing_if = "Option::is_none")]
    pub unit: Option<i64>,
    #[serde(default, deserialize_with = "blank_is_none", skip_serializing_if = "Option::is_none")]
    pub document: Option<i64>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub area: String,
    /// A reporting period's key (`2026-q2`): tasks due within it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub period: String,
    /// `1`: open tasks due within the "due soon" window from today (not yet overdue).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub soon: String,
    /// A sortable column (`due`, `-due`, `plan`, `unit`, `state`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub sort: String,
    /// `1`: every row on one page, laid out for printing.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub print: String,
    #[serde(default)]
    pub page: Option<i64>,
}

pub const PAGE: i64 = 50;

/// A number from a form's choice list, where "Tất cả" sends an empty value.
fn blank_is_none<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    let s = String::deserialize(d)?;
    match s.trim() {
        "" => Ok(None),
        t => t.parse().map(Some).map_err(serde::de::Error::custom),
    }
}

impl TaskQuery {
    /// The store filter, scoped by construction: unit staff only ever get their own unit.
    pub fn filter(&self, auth: &Auth, cfg: &TrackingConfig) -> InstanceFilter {
        let unit = auth.scope().root().or(self.unit);
        let period = cfg.calendar.find(self.period.trim());
        let soon = !self.soon.is_empty();
        let window = (today(), today() + chrono::Duration::days(cfg.timeliness.due_soon_days));
        let states: Vec<TaskState> = if soon {
            vec![TaskState::NotStarted, TaskState::InProgress, TaskState::Returned]
        } else {
            TaskState::parse(&self.state).into_iter().collect()
        };
        InstanceFilter {
            unit_id: unit,
            lead_only: false,
            document_id: self.document,
            states,
            overdue_on: (!self.overdue.is_empty()).then(today),
            query: Some(cchc_domain::text::clean(&self.q)).filter(|q| !q.is_empty()),
            area: Some(self.area.trim().to_string()).filter(|a| !a.is_empty()),
            due_from: if soon { Some(window.0) } else { period.as_ref().map(|p| p.start) },
            due_to: if soon { Some(window.1) } else { period.as_ref().map(|p| p.end) },
            sort: InstanceSort::parse(&self.sort),
            active_only: true,
            ..Default::default()
        }
    }
}

/// The most rows a print view holds (a whole province's plan fits).
pub const PRINT_ROWS: i64 = 5_000;

fn state_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    [
        TaskState::NotStarted,
        TaskState::InProgress,
        TaskState::AwaitingSignoff,
        TaskState::ReportedDone,
        TaskState::Returned,
        TaskState::Accepted,
    ]
    .into_iter()
    .map(|s| (s.code(), if lang == Lang::En { s.label_en() } else { s.label_vi() }))
    .collect()
}

/// GET `/tasks`.
pub async fn list(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Query(q): Query<TaskQuery>,
) -> AppResult<Response> {
    // The filter carries the user's scope, so it (with the language) decides the whole page.
    let cfg = config(state.store.as_ref()).await?;
    // The office's page carries the bulk action controls, so whether the user is the office
    // is part of the key too.
    // Today is in the key too: the print view states the day it was printed.
    let key = format!(
        "tasks:{:?}:{:?}:{:?}:{}:{}:{}",
        ctx.req.lang,
        q.filter(&auth, &cfg),
        q.page,
        q.print,
        auth.is_office(),
        today()
    );
    let fragment = state
        .views
        .get_or_compute(key, || async {
            ctx.fragment("tasks/list.html", "Nhiệm vụ", list_page(&ctx, &auth, &state.store, &cfg, q).await?)
        })
        .await?;
    Ok(ctx.render_fragment(fragment))
}

/// The data of a task list page.
async fn list_page(
    ctx: &Ctx,
    auth: &Auth,
    store: &DynStore,
    cfg: &TrackingConfig,
    q: TaskQuery,
) -> AppResult<minijinja::Value> {
    let units = store.all_units().await?;
    let mut filter = q.filter(auth, cfg);
    let total = store.count_instances(&filter).await?;
    let print = q.print == "1";
    let page = if print { 1 } else { q.page.unwrap_or(1).max(1) };
    filter.limit = Some(if print { PRINT_ROWS } else { PAGE });
    filter.offset = Some((page - 1) * PAGE);
    let rows = store.list_instances(&filter).await?;
    let shaper = Shaper::new(&units, cfg, today(), ctx.req.lang);
    let rows: Vec<_> = rows.iter().map(|r| shaper.view(r)).collect();
    let qs =
        serde_urlencoded::to_string(TaskQuery { page: None, print: String::new(), ..q.clone() }).unwrap_or_default();
    // The column links keep every filter and change only the order.
    let unsorted =
        serde_urlencoded::to_string(TaskQuery { page: None, print: String::new(), sort: String::new(), ..q.clone() })
            .unwrap_or_default();
    let unit_name = filter.unit_id.map(|u| shaper.unit_name(Some(u)));
    let choices = filter_choices(store, &units, auth, &q, cfg, ctx.req.lang).await?;
    let scoped = choices.scoped;
    let stated = if print { stated_filters(&choices, &q, unit_name.as_deref()) } else { Vec::new() };
    // The office, looking at one unit's overdue tasks, may send it the reminder letter.
    let letter_unit = match q.unit {
        Some(u) if auth.is_office() && !q.overdue.is_empty() => {
            let lines = cchc_app::reminder_letter::overdue_lines(store.as_ref(), u, today()).await?;
            (!lines.is_empty()).then_some(u)
        }
        _ => None,
    };
    let remedies = super::inspections::unit_remedies(store, auth, filter.unit_id).await?;
    Ok(context! {
        remedies,
        rows, total, page, pages => if print { 1 } else { (total + PAGE - 1) / PAGE }, q, qs, unsorted, unit_name,
        scoped, choices, print, stated, printed_on => today(), form_action => "/tasks",
        sort => filter.sort.code(), letter_unit, bulk => auth.is_office() && !print,
    })
}

/// The filter form's choices: units by name with their parent (same-named units of two
/// parents are told apart), active plans, the chosen plan's areas, the year's reporting
/// periods, the states. Unit staff get no unit choice (their scope decides it).
#[derive(Debug, Serialize)]
pub struct FilterChoices {
    pub scoped: bool,
    pub states: Vec<(&'static str, &'static str)>,
    pub unit_options: Vec<(i64, String)>,
    pub documents: Vec<(i64, String)>,
    pub areas: Vec<(String, String)>,
    pub periods: Vec<(String, String)>,
}

/// The choices of the filter form shared by the list, the timeline and the calendar.
pub async fn filter_choices(
    store: &DynStore,
    units: &[cchc_domain::unit::Unit],
    auth: &Auth,
    q: &TaskQuery,
    cfg: &TrackingConfig,
    lang: Lang,
) -> AppResult<FilterChoices> {
    let scoped = matches!(auth.scope(), Scope::Unit(_));
    let unit_options = if scoped { Vec::new() } else { unit_choices(units) };
    let documents = store.list_documents(false).await?.into_iter().map(|d| (d.id, d.meta.label())).collect();
    let areas = match q.document {
        Some(d) => store
            .plan_content(d)
            .await
            .map(|c| c.areas.into_iter().filter(|a| a.scope == AreaScope::Tasks).map(|a| (a.code, a.title)).collect())
            .unwrap_or_default(),
        None => Vec::new(),
    };
    let periods = cfg.calendar.periods_of_year(today().year()).into_iter().map(|p| (p.key, p.label_vi)).collect();
    Ok(FilterChoices { scoped, states: state_options(lang), unit_options, documents, areas, periods })
}

/// The filters in force as (label, value), for the top of a printed list; a checked box has
/// no value.
pub fn stated_filters(c: &FilterChoices, q: &TaskQuery, unit: Option<&str>) -> Vec<(&'static str, String)> {
    let pick = |v: &[(String, String)], k: &str| v.iter().find(|(c, _)| c == k).map(|(_, l)| l.clone());
    let mut out: Vec<(&'static str, String)> = Vec::new();
    if !q.q.trim().is_empty() {
        out.push(("Tìm", q.q.trim().to_string()));
    }
    if let Some((_, l)) = c.states.iter().find(|(code, _)| *code == q.state) {
        out.push(("Trạng thái", (*l).to_string()));
    }
    if let Some(u) = unit.filter(|u| !u.is_empty()) {
        out.push(("Đơn vị", u.to_string()));
    }
    if let Some((_, l)) = q.document.and_then(|d| c.documents.iter().find(|(id, _)| *id == d)) {
        out.push(("Kế hoạch, văn bản", l.clone()));
    }
    if !q.area.trim().is_empty() {
        let title = pick(&c.areas, q.area.trim()).map(|t| format!("{}. {t}", q.area.trim()));
        out.push(("Lĩnh vực", title.unwrap_or_else(|| q.area.trim().to_string())));
    }
    if let Some(p) = pick(&c.periods, q.period.trim()) {
        out.push(("Hạn trong kỳ", p));
    }
    if !q.overdue.is_empty() {
        out.push(("Chỉ nhiệm vụ quá hạn", String::new()));
    }
    if !q.soon.is_empty() {
        out.push(("Chỉ nhiệm vụ sắp đến hạn", String::new()));
    }
    out
}

/// The escalation steps sent about an item as its page lists them, recipients named as
/// colleagues know them (`names`: login → full name).
pub fn escalation_rows(
    history: Vec<cchc_app::notify::EscalationEntry>,
    names: &std::collections::HashMap<String, String>,
) -> Vec<minijinja::Value> {
    history
        .into_iter()
        .map(|x| {
            let to = x.to.as_ref().map(|l| names.get(l).cloned().unwrap_or_else(|| l.clone()));
            context! { day => x.day, audience => x.audience, to, title => x.title }
        })
        .collect()
}

/// Units for a choice list, by name; a name two units share carries its parent's name.
pub fn unit_choices(units: &[cchc_domain::unit::Unit]) -> Vec<(i64, String)> {
    let names = crate::unit_names::UnitNames::new(units, today());
    let mut v: Vec<(i64, String)> =
        units.iter().filter(|u| u.is_active_on(today())).map(|u| (u.id, names.label(u.id))).collect();
    v.sort_by_key(|(_, l)| cchc_domain::text::fold(l));
    v
}

/// GET `/tasks/{id}`.
pub async fn show(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    page(&ctx, &auth, &state, id, None).await
}

/// An action form sent back with its problems: which action, the messages, and what the user
/// typed, so nothing is lost.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ReturnedForm {
    pub action: &'static str,
    pub errors: Vec<String>,
    pub values: std::collections::BTreeMap<String, String>,
}

/// The task page; with `form`, the action form that failed is shown with its messages and
/// the user's input (answered with 422).
pub async fn page(
    ctx: &Ctx,
    auth: &crate::auth::Auth,
    state: &AppState,
    id: i64,
    form: Option<ReturnedForm>,
) -> AppResult<Response> {
    let store = &state.store;
    // The evidence input states what it takes and how much, before anything is sent.
    let upload = context! {
        accept => crate::evidence::accept_attr(),
        limit => crate::auth::csrf::limit_label(state.config.limits.max_upload_bytes),
    };
    let inst = store.get_instance(id).await?;
    let task = store.get_task(inst.task_id).await?;
    check_visible(auth, &inst, &task.task.coordinating.unit_ids)?;
    let cfg = config(store.as_ref()).await?;
    let units = store.all_units().await?;
    let shaper = Shaper::new(&units, &cfg, today(), ctx.req.lang);
    let doc = store.get_document(inst.document_id).await?;
    let events = store.instance_events(id).await?;
    // People are named as colleagues know them, not by login.
    let names: std::collections::HashMap<String, String> =
        store.list_users().await?.into_iter().map(|u| (u.login, u.full_name)).collect();
    let evidence = store.instance_evidence(id).await?;
    let rel = relation(&auth.user, &inst, &task.task.coordinating.unit_ids);
    let actions: Vec<&str> = allowed_actions(inst.progress.state, rel).into_iter().map(|a| a.code()).collect();
    // Who signed the unit's done claims off, and when (every sign-off, oldest first).
    let signatures: Vec<_> = events
        .iter()
        .filter(|e| e.action == cchc_domain::tracking::ActionKind::SignOff.code())
        .map(|e| {
            let who = names.get(&e.actor).cloned().unwrap_or_else(|| e.actor.clone());
            context! { who, at_ms => e.at.timestamp_millis() }
        })
        .collect();
    let events: Vec<_> = events
        .iter()
        .map(|e| {
            let files: Vec<_> = evidence.iter().filter(|f| f.event_id == Some(e.id)).collect();
            let label = cchc_domain::tracking::ActionKind::parse(&e.action)
                .map(|a| if ctx.req.lang == Lang::En { a.label_en() } else { a.label_vi() })
                .unwrap_or("");
            let who = names.get(&e.actor).cloned().unwrap_or_else(|| e.actor.clone());
            context! { e, label, who, unit => shaper.unit_name(e.unit_id), at_ms => e.at.timestamp_millis(), files }
        })
        .collect();
    let is_event = task.task.deadline.kind == cchc_domain::deadline::DeadlineKind::EventTriggered;
    let members = group_members(store, auth, &task.task, &inst, &shaper).await?;
    let history = cchc_app::notify::escalation_history(store.as_ref(), id).await?;
    // Once the head or the office was told, the reminder letter went with the notice.
    let focal = cchc_domain::tracking::Audience::Focal.label_vi();
    let letter = inst
        .lead_unit_id
        .filter(|u| history.iter().any(|x| x.audience != focal) && check_unit_visible(auth, *u).is_ok())
        .map(|u| format!("/units/{u}/reminder-letter.docx"));
    let escalations = escalation_rows(history, &names);
    let failed = form.is_some();
    let mut res = ctx.render(
        "tasks/show.html",
        context! {
            inst => shaper.view(&inst), task => task.task, doc_label => doc.meta.label(), doc_id => doc.id,
            events, actions, is_event, event_on => inst.event_on, can_record_event => auth.is_office() && is_event,
            members, escalations, letter, signatures, form => minijinja::Value::from_serialize(&form), upload,
        },
    );
    if failed {
        *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// For a task led by a group ("Các sở, ban, ngành"), the same period's instance of every
/// member with its state, and counts by state, for province-wide readers; `None` otherwise.
async fn group_members(
    store: &DynStore,
    auth: &crate::auth::Auth,
    task: &cchc_domain::plan::PlanTask,
    inst: &cchc_storage::model::InstanceRecord,
    shaper: &Shaper<'_>,
) -> AppResult<Option<minijinja::Value>> {
    if task.lead.groups.is_empty() || auth.scope().root().is_some() {
        return Ok(None);
    }
    let f = cchc_storage::model::InstanceFilter { task_id: Some(inst.task_id), ..Default::default() };
    let all = store.list_instances(&f).await?;
    let rows: Vec<_> = all.iter().filter(|i| i.key == inst.key).map(|i| shaper.view(i)).collect();
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for r in &rows {
        match counts.iter_mut().find(|(l, _)| *l == r.status_label) {
            Some((_, n)) => *n += 1,
            None => counts.push((r.status_label, 1)),
        }
    }
    let groups: Vec<&str> = task.lead.groups.iter().map(|g| g.label_vi()).collect();
    Ok(Some(context! { rows, counts, groups, total => rows.len() }))
}
