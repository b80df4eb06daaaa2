//! The start page: for visitors, what cchc is and how to log in; for users, where the
//! registry stands and what concerns them.

use axum::extract::State;
use axum::response::Response;
use cchc_domain::unit::UnitKind;
use cchc_storage::model::{AuditFilter, UnitFilter};
use cchc_storage::DynStore;
use minijinja::context;
use serde::Serialize;

use crate::charts::{bars, Bar};
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::i18n::Lang;
use crate::state::AppState;
use crate::views::today;
use cchc_storage::model::StateCounts;

#[derive(Serialize)]
struct KindCount {
    kind: &'static str,
    label: &'static str,
    count: usize,
}

/// GET `/` (public: visitors see the public start page).
pub async fn home(ctx: Ctx, State(state): State<AppState>) -> AppResult<Response> {
    let Some(auth) = &ctx.auth else {
        return Ok(ctx.render("home.html", context! {}));
    };
    // Everything the page shows depends on the role, the unit and the language only, so the
    // rendered content is shared by everyone with the same key.
    let key = format!("home:{:?}:{}:{:?}:{:?}", ctx.req.lang, auth.user.role.code(), auth.scope(), auth.user.unit_id);
    let fragment = state
        .views
        .get_or_compute(key, || async {
            ctx.fragment("board.html", "Tổng quan", board_page(&ctx, auth, &state).await?)
        })
        .await?;
    Ok(ctx.render_fragment(fragment))
}

/// The data of a user's start page.
async fn board_page(ctx: &Ctx, auth: &crate::auth::Auth, state: &AppState) -> AppResult<minijinja::Value> {
    let store = &state.store;
    let current = store.list_units(&UnitFilter { active_on: Some(today()), ..Default::default() }).await?;
    let counts: Vec<KindCount> = UnitKind::ALL
        .iter()
        .map(|k| KindCount {
            kind: k.code(),
            label: if ctx.req.lang == Lang::En { k.label_en() } else { k.label_vi() },
            count: current.iter().filter(|u| u.kind == *k).count(),
        })
        .filter(|c| c.count > 0)
        .collect();
    let my_unit = match auth.user.unit_id {
        Some(u) => Some(store.get_unit(u).await?),
        None => None,
    };
    let recent = if auth.user.role == cchc_domain::role::Role::Admin {
        store.list_audit(&AuditFilter { limit: Some(8), ..Default::default() }).await?
    } else {
        Vec::new()
    };
    let changes = store.list_changes(None).await?.len();
    let unit_scope = auth.scope().root();
    let board = cchc_app::dashboard::dashboard(store.as_ref(), unit_scope, cchc_app::tracking::today()).await?;
    let chart = state_chart(ctx, &board.counts);
    let t = cchc_app::tracking::today();
    let all_units = store.all_units().await?;
    let names = crate::unit_names::UnitNames::new(&all_units, t);
    let lists = crate::pages::home_lists::lists(ctx, store, unit_scope, &all_units, t).await?;
    let areas = cchc_app::dashboard::areas::by_area(store.as_ref(), unit_scope, t).await?;
    let reporting = match unit_scope {
        None => crate::pages::home_lists::reporting(store, &names, t).await?,
        Some(_) => None,
    };
    let mut board = board;
    for r in &mut board.ranking {
        r.unit = names.label(r.unit_id);
    }
    let ranked: Vec<_> = board.ranking.iter().filter(|r| r.rate.is_some()).cloned().collect();
    let top: Vec<_> = ranked.iter().take(10).cloned().collect();
    let bottom: Vec<_> = if ranked.len() > 10 { ranked.iter().rev().take(10).cloned().collect() } else { Vec::new() };
    let attainment = match unit_scope {
        None => cchc_app::attainment::latest(store.as_ref(), &state.kpi, cchc_app::tracking::today()).await?,
        Some(_) => None,
    };
    let inspection = super::inspections::panel(store, unit_scope).await?;
    let awaiting_signoff = awaiting_signoff(auth, store, &cchc_app::tracking::config(store.as_ref()).await?).await?;
    Ok(context! {
        inspection, awaiting_signoff,
        counts, total => current.len(), my_unit, recent, changes, board, attainment,
        chart => minijinja::Value::from_safe_string(chart), top, bottom, scoped => unit_scope.is_some(),
        lists, areas, reporting,
    })
}

/// What waits for the sign-off of a unit head (their own unit only): reports, then the done
/// claims on tasks the unit leads, as (label, link, focal point) rows.
async fn awaiting_signoff(
    auth: &crate::auth::Auth,
    store: &DynStore,
    cfg: &cchc_app::tracking::TrackingConfig,
) -> AppResult<Vec<minijinja::Value>> {
    let (Some(unit), true) = (auth.scope().own_unit(), auth.user.role == cchc_domain::role::Role::UnitHead) else {
        return Ok(Vec::new());
    };
    let kind = store.get_unit(unit).await?.kind;
    let reports = store.reports_awaiting_signoff(unit, auth.scope()).await?;
    let mut rows = Vec::with_capacity(reports.len());
    for r in reports {
        let label = cchc_app::adhoc::describe(store.as_ref(), cfg, &r.period_key, unit, kind)
            .await?
            .map(|(l, _)| l)
            .unwrap_or_else(|| r.period_key.clone());
        rows.push(context! { label, href => format!("/reports/{}", r.period_key), by => r.submitted_by });
    }
    let f = cchc_storage::model::InstanceFilter {
        unit_id: Some(unit),
        lead_only: true,
        states: vec![cchc_domain::tracking::TaskState::AwaitingSignoff],
        ..Default::default()
    };
    let tasks = store.list_instances(&f).await?;
    let ids: Vec<i64> = tasks.iter().map(|i| i.id).collect();
    let claims = store.latest_done_events(&ids).await?;
    let names: std::collections::HashMap<String, String> =
        store.list_users().await?.into_iter().map(|u| (u.login, u.full_name)).collect();
    for i in &tasks {
        let by = claims.iter().find(|e| e.instance_id == i.id).map(|e| names.get(&e.actor).unwrap_or(&e.actor).clone());
        let label = cchc_app::notify::instance_title(i);
        rows.push(context! { label, href => format!("/tasks/{}", i.id), by });
    }
    Ok(rows)
}

/// Instances by state as bars, each linking to its list.
fn state_chart(ctx: &Ctx, c: &StateCounts) -> String {
    let t = |vi: &'static str| ctx.t(vi);
    let items = [
        Bar {
            label: t("Chưa triển khai"),
            value: c.not_started as f64,
            class: "s-not_started",
            href: "/tasks?state=not_started".into(),
        },
        Bar {
            label: t("Đang thực hiện"),
            value: c.in_progress as f64,
            class: "s-in_progress",
            href: "/tasks?state=in_progress".into(),
        },
        Bar {
            label: t("Bị trả lại"),
            value: c.returned as f64,
            class: "s-returned",
            href: "/tasks?state=returned".into(),
        },
        Bar {
            label: t("Chờ xem xét"),
            value: c.reported_done as f64,
            class: "s-reported_done",
            href: "/tasks?state=reported_done".into(),
        },
        Bar {
            label: t("Đã hoàn thành"),
            value: c.accepted as f64,
            class: "s-accepted",
            href: "/tasks?state=accepted".into(),
        },
        Bar { label: t("Quá hạn"), value: c.overdue as f64, class: "s-overdue", href: "/tasks?overdue=1".into() },
    ];
    if c.total == 0 {
        return String::new();
    }
    bars(t("Nhiệm vụ theo trạng thái"), &items, "", 0)
}
