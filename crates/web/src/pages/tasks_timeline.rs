//! The timeline of a plan's tasks (`/tasks/timeline`, Gantt-like): one row per task with a
//! bar from its start (the period's start, else the plan's issue date) to its deadline,
//! coloured by its status, today's line and the months on a shared axis; rows in plan order,
//! grouped by area, a page at a time. It takes the task list's filters and query
//! ([`TaskQuery::filter`]), so a unit's staff see only their own unit's tasks.
//!
//! The bars are SVG drawn with percentages of the row's width and no viewBox, so text keeps
//! its size on a phone and nothing needs inline style (the content security policy forbids it).

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::response::Response;
use cchc_app::tracking::{config, today};
use cchc_storage::model::InstanceSort;
use chrono::{Datelike, Months, NaiveDate};
use minijinja::{context, Value};
use serde::Serialize;

use super::tasks::{filter_choices, TaskQuery, PAGE, PRINT_ROWS};
use crate::auth::policy::AnyUser;
use crate::auth::Require;
use crate::ctx::Ctx;
use crate::error::AppResult;
use crate::state::AppState;
use crate::views_tasks::{InstanceView, Shaper};

/// The days an axis spans: from the first month's first day to the day after the last month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Axis {
    /// Whole months around every date given (today included, so its line is always drawn).
    pub fn around(dates: impl Iterator<Item = NaiveDate>, today: NaiveDate) -> Axis {
        let (mut lo, mut hi) = (today, today);
        for d in dates {
            lo = lo.min(d);
            hi = hi.max(d);
        }
        let from = lo.with_day(1).unwrap_or(lo);
        let to = hi.with_day(1).unwrap_or(hi) + Months::new(1);
        Axis { from, to }
    }

    /// Where `d` falls, in percent of the width.
    pub fn x(&self, d: NaiveDate) -> f64 {
        let span = (self.to - self.from).num_days().max(1) as f64;
        ((d - self.from).num_days() as f64 / span * 100.0).clamp(0.0, 100.0)
    }

    /// The first day of every month on the axis, with its label (`T3/2026` in January and at
    /// the start, else `T3`); at most about 12 labels, every second or third month beyond.
    pub fn months(&self) -> Vec<(NaiveDate, String, bool)> {
        let mut all = Vec::new();
        let mut d = self.from;
        while d < self.to {
            all.push(d);
            d = d + Months::new(1);
        }
        let step = all.len().div_ceil(12).max(1);
        all.iter()
            .enumerate()
            .map(|(i, d)| {
                let label = if i == 0 || d.month() == 1 {
                    format!("T{}/{}", d.month(), d.year())
                } else {
                    format!("T{}", d.month())
                };
                (*d, label, i % step == 0)
            })
            .collect()
    }
}

fn svg_open(class: &str, height: u32, label: &str) -> String {
    format!(
        "<svg class=\"{class}\" width=\"100%\" height=\"{height}\" role=\"img\" aria-label=\"{}\" \
         xmlns=\"http://www.w3.org/2000/svg\">",
        esc(label)
    )
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// The month grid lines and today's line, behind every bar.
fn grid(axis: &Axis, today: NaiveDate, height: u32) -> String {
    let mut s = String::new();
    for (d, _, _) in axis.months() {
        s.push_str(&format!(
            "<line class=\"tl-month\" x1=\"{x:.2}%\" x2=\"{x:.2}%\" y1=\"0\" y2=\"{height}\"/>",
            x = axis.x(d)
        ));
    }
    s.push_str(&format!(
        "<line class=\"tl-today\" x1=\"{x:.2}%\" x2=\"{x:.2}%\" y1=\"0\" y2=\"{height}\"/>",
        x = axis.x(today)
    ));
    s
}

/// The axis row: month labels and today's mark.
pub fn axis_svg(axis: &Axis, today: NaiveDate) -> Value {
    let mut s = svg_open("tl-axis", 34, "Trục thời gian theo tháng");
    s.push_str(&grid(axis, today, 34));
    for (d, label, _) in axis.months().into_iter().filter(|m| m.2) {
        s.push_str(&format!("<text x=\"{:.2}%\" y=\"13\" dx=\"3\" font-size=\"12\">{}</text>", axis.x(d), esc(&label)));
    }
    s.push_str(&format!(
        "<text class=\"tl-today-label\" x=\"{:.2}%\" y=\"30\" dx=\"3\" font-size=\"12\">Hôm nay</text></svg>",
        axis.x(today)
    ));
    Value::from_safe_string(s)
}

/// One task's bar: from `start` (when known and before the deadline) to `due`, or a mark at
/// the deadline alone.
pub fn bar_svg(axis: &Axis, today: NaiveDate, r: &InstanceView, start: Option<NaiveDate>) -> Value {
    let label = match (start, r.due) {
        (Some(a), Some(b)) => format!("{} → {}: {}", a.format("%d/%m/%Y"), b.format("%d/%m/%Y"), r.status_label),
        (None, Some(b)) => format!("Hạn {}: {}", b.format("%d/%m/%Y"), r.status_label),
        _ => format!("Chưa có hạn: {}", r.status_label),
    };
    let mut s = svg_open("tl-bar", 20, &label);
    s.push_str(&grid(axis, today, 20));
    if let Some(due) = r.due {
        let end = axis.x(due);
        if let Some(a) = start.filter(|a| *a < due) {
            let x = axis.x(a);
            s.push_str(&format!(
                "<rect class=\"st-{}\" x=\"{x:.2}%\" y=\"4\" width=\"{:.2}%\" height=\"12\" rx=\"2\"/>",
                r.status,
                (end - x).max(0.4)
            ));
        }
        s.push_str(&format!(
            "<rect class=\"tl-due st-{}\" x=\"{end:.2}%\" y=\"1\" width=\"3\" height=\"18\" transform=\"translate(-1.5 0)\"/>",
            r.status
        ));
    }
    s.push_str("</svg>");
    Value::from_safe_string(s)
}

/// One row of the page: the task, its start and its bar; `area` opens a new group.
#[derive(Debug, Serialize)]
struct Row {
    r: InstanceView,
    start: Option<NaiveDate>,
    bar: Value,
    area: Option<String>,
}

/// GET `/tasks/timeline`.
pub async fn show(
    ctx: Ctx,
    auth: Require<AnyUser>,
    State(state): State<AppState>,
    Query(q): Query<TaskQuery>,
) -> AppResult<Response> {
    let store = &state.store;
    let cfg = config(store.as_ref()).await?;
    let now = today();
    let mut filter = q.filter(&auth, &cfg);
    // Plan order (areas together) unless a column order was chosen on the list.
    if q.sort.trim().is_empty() {
        filter.sort = InstanceSort::Plan;
    }
    filter.limit = Some(PRINT_ROWS);
    let all = store.list_instances(&filter).await?;
    // A task starts with its period, else on the day its plan was issued.
    let issued: HashMap<i64, NaiveDate> =
        store.list_documents(true).await?.into_iter().filter_map(|d| Some((d.id, d.meta.date?))).collect();
    let start_of =
        |i: &cchc_storage::model::InstanceRecord| i.period_start.or_else(|| issued.get(&i.document_id).copied());
    // One axis for every page, so bars compare across pages.
    let axis = Axis::around(all.iter().flat_map(|i| [start_of(i), i.due]).flatten(), now);
    let total = all.len() as i64;
    let pages = ((total + PAGE - 1) / PAGE).max(1);
    let page = q.page.unwrap_or(1).clamp(1, pages);
    let units = store.all_units().await?;
    let shaper = Shaper::new(&units, &cfg, now, ctx.req.lang);
    let area_titles: HashMap<(i64, String), String> = area_titles(store, &all).await;
    let mut last_area: Option<String> = None;
    let rows: Vec<Row> = all
        .iter()
        .skip(((page - 1) * PAGE) as usize)
        .take(PAGE as usize)
        .map(|i| {
            let v = shaper.view(i);
            let start = start_of(i);
            let key = i.area.clone().unwrap_or_default();
            let area = (last_area.as_deref() != Some(key.as_str())).then(|| {
                let title = area_titles.get(&(i.document_id, key.clone())).cloned().unwrap_or_default();
                if key.is_empty() {
                    "—".to_string()
                } else {
                    format!("{key}. {title}").trim_end_matches(". ").to_string()
                }
            });
            last_area = Some(key);
            Row { bar: bar_svg(&axis, now, &v, start), r: v, start, area }
        })
        .collect();
    let qs =
        serde_urlencoded::to_string(TaskQuery { page: None, print: String::new(), ..q.clone() }).unwrap_or_default();
    let choices = filter_choices(store, &units, &auth, &q, &cfg, ctx.req.lang).await?;
    Ok(ctx.render(
        "tasks/timeline.html",
        context! {
            q, qs, choices, rows, total, page, pages, form_action => "/tasks/timeline",
            axis => axis_svg(&axis, now), from => axis.from, to => axis.to, today => now,
        },
    ))
}

/// The titles of the areas of the plans the rows come from, by (plan, area code).
async fn area_titles(
    store: &cchc_storage::DynStore,
    rows: &[cchc_storage::model::InstanceRecord],
) -> HashMap<(i64, String), String> {
    let mut docs: Vec<i64> = rows.iter().map(|r| r.document_id).collect();
    docs.sort_unstable();
    docs.dedup();
    let mut out = HashMap::new();
    for d in docs {
        if let Ok(c) = store.plan_content(d).await {
            for a in c.areas {
                out.insert((d, a.code), a.title);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    #[test]
    fn the_axis_spans_whole_months_and_today() {
        let a = Axis::around([day(2026, 3, 15), day(2026, 9, 30)].into_iter(), day(2026, 12, 6));
        assert_eq!(a, Axis { from: day(2026, 3, 1), to: day(2027, 1, 1) });
        assert_eq!(a.x(day(2026, 3, 1)), 0.0);
        assert_eq!(a.x(day(2027, 1, 1)), 100.0);
        assert_eq!(a.x(day(2020, 1, 1)), 0.0, "clamped");
        let m = a.months();
        assert_eq!(m.len(), 10);
        assert_eq!(m[0].1, "T3/2026");
        assert_eq!(m[1].1, "T4");
    }

    #[test]
    fn long_axes_label_fewer_months() {
        let a = Axis::around([day(2025, 1, 1), day(2026, 12, 31)].into_iter(), day(2026, 1, 1));
        let shown = a.months().iter().filter(|m| m.2).count();
        assert_eq!(a.months().len(), 24);
        assert_eq!(shown, 12);
        assert!(a.months().iter().any(|m| m.1 == "T1/2026"));
    }
}
