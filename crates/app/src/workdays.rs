//! The working-day calendar as the office edits it (one day at a time, or a spreadsheet
//! `Ngày | Loại | Tên` replacing the years it covers), and "recompute open instances": the due
//! dates of open task instances recomputed on the calendar in force, previewed, then moved in
//! one transaction.

use std::collections::{BTreeSet, HashMap};

use cchc_domain::deadline::DeadlineKind;
use cchc_domain::plan::{DocumentId, DocumentMeta, TaskId};
use cchc_domain::tracking::workdays::{parse_rows, sample_days, validate_days};
use cchc_domain::tracking::{settle_due, task_instances, CalendarDay, TaskState, WorkCalendar};
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::{InstanceFilter, InstanceRecord};
use cchc_storage::traits_workdays::DueMove;
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::accounts::ServiceError;
use crate::tracking::{meta_span, TrackingConfig};

/// The calendar in force and whether it is the built-in template (*mẫu, chưa xác nhận*)
/// rather than one the office saved.
pub async fn days_in_force(store: &dyn Store) -> Result<(Vec<CalendarDay>, bool), ServiceError> {
    Ok(match store.work_calendar().await? {
        Some(days) => (days, false),
        None => (sample_days(), true),
    })
}

/// The working-day calendar in force, for computing due dates.
pub async fn calendar(store: &dyn Store) -> Result<WorkCalendar, ServiceError> {
    Ok(WorkCalendar::new(&days_in_force(store).await?.0))
}

fn numbered(days: &[CalendarDay]) -> Vec<(usize, CalendarDay)> {
    days.iter().cloned().enumerate().map(|(i, d)| (i + 1, d)).collect()
}

async fn save(store: &dyn Store, actor: &Actor, mut days: Vec<CalendarDay>) -> Result<(), ServiceError> {
    days.sort_by_key(|d| d.date);
    validate_days(&numbered(&days)).map_err(ServiceError::Invalid)?;
    store.save_work_calendar(actor, &days).await?;
    Ok(())
}

/// Adds a day (or replaces the entry of the same date); the name is cleaned and NFC-normalised.
pub async fn put_day(store: &dyn Store, actor: &Actor, day: CalendarDay) -> Result<(), ServiceError> {
    let name = cchc_domain::text::clean(&day.name);
    let mut e = FieldErrors::default();
    if name.is_empty() || name.chars().count() > 200 {
        e.add("name", "Tên ngày phải có từ 1 đến 200 ký tự.");
    }
    if day.kind == cchc_domain::tracking::DayKind::WorkingDay
        && !matches!(day.date.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun)
    {
        e.add("date", "Ngày làm bù phải là thứ Bảy hoặc Chủ nhật.");
    }
    let day = e.into_result(CalendarDay { name, ..day }).map_err(ServiceError::Invalid)?;
    let (mut days, _) = days_in_force(store).await?;
    days.retain(|d| d.date != day.date);
    days.push(day);
    save(store, actor, days).await
}

/// Removes the entry of `date` (nothing to remove is not an error).
pub async fn remove_day(store: &dyn Store, actor: &Actor, date: NaiveDate) -> Result<(), ServiceError> {
    let (mut days, _) = days_in_force(store).await?;
    days.retain(|d| d.date != date);
    save(store, actor, days).await
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub days: usize,
    pub years: Vec<i32>,
}

/// Imports a spreadsheet or CSV `Ngày | Loại | Tên`: the days of every year the file names
/// replace that year's entries; other years stay. All or nothing; errors name the line.
pub async fn import(store: &dyn Store, actor: &Actor, file_name: &str, bytes: &[u8]) -> Result<Imported, ServiceError> {
    let rows = cchc_table::read_rows(bytes, file_name, &cchc_table::Limits::default()).map_err(|e| {
        let mut f = FieldErrors::default();
        f.add("file", format!("Không đọc được tệp «{file_name}»: {e}"));
        ServiceError::Invalid(f)
    })?;
    let rows: Vec<(usize, Vec<String>)> = rows.into_iter().map(|r| (r.line, r.cells)).collect();
    let new = parse_rows(&rows).map_err(ServiceError::Invalid)?;
    if new.is_empty() {
        let mut f = FieldErrors::default();
        f.add("file", "Tệp không có ngày nào (cột Ngày | Loại | Tên).");
        return Err(ServiceError::Invalid(f));
    }
    let years: BTreeSet<i32> = new.iter().map(|d| d.date.year()).collect();
    let (mut days, _) = days_in_force(store).await?;
    days.retain(|d| !years.contains(&d.date.year()));
    let count = new.len();
    days.extend(new);
    save(store, actor, days).await?;
    Ok(Imported { days: count, years: years.into_iter().collect() })
}

/// The calendar as CSV in the import layout (round-trips through [`import`]).
pub fn to_csv(days: &[CalendarDay]) -> String {
    let mut out = String::from("Ngày,Loại,Tên\n");
    for d in days {
        let kind = match d.kind {
            cchc_domain::tracking::DayKind::Holiday => "nghỉ",
            cchc_domain::tracking::DayKind::WorkingDay => "làm bù",
        };
        let name = cchc_domain::csv::neutralise(&d.name).replace('"', "\"\"");
        out.push_str(&format!("{},{kind},\"{name}\"\n", d.date.format("%d/%m/%Y")));
    }
    out
}

/// One open instance whose due date the calendar in force moves.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    pub instance: InstanceRecord,
    pub to: NaiveDate,
}

impl Move {
    fn due_move(&self) -> DueMove {
        DueMove { instance_id: self.instance.id, version: self.instance.version, from: self.instance.due, to: self.to }
    }
}

/// The due date an instance gets on `days`: its task's deadline recomputed for its key and
/// settled. `None` for instances whose date comes from a recorded event (set by the office).
fn recomputed(
    inst: &InstanceRecord,
    task: &cchc_domain::plan::PlanTask,
    meta: &DocumentMeta,
    cfg: &TrackingConfig,
    days: &WorkCalendar,
    today: NaiveDate,
) -> Option<NaiveDate> {
    if task.deadline.kind == DeadlineKind::EventTriggered {
        return None;
    }
    let (from, to) = meta_span(meta, today);
    let p = task_instances(&task.deadline, None, from, to, &cfg.calendar, &cfg.timeliness)
        .into_iter()
        .find(|p| p.key == inst.key)?;
    settle_due(p.due, task.deadline.working_days, meta.date, days)
}

/// The open instances (not started, in progress, returned) of active documents whose due
/// date differs from the one the calendar in force gives; nothing is written.
pub async fn preview(store: &dyn Store, today: NaiveDate) -> Result<Vec<Move>, ServiceError> {
    let cfg = crate::tracking::config(store).await?;
    let days = calendar(store).await?;
    let states: Vec<TaskState> = TaskState::ALL.into_iter().filter(|s| s.is_open()).collect();
    let open = store.list_instances(&InstanceFilter { states, active_only: true, ..Default::default() }).await?;
    let mut tasks: HashMap<TaskId, cchc_domain::plan::PlanTask> = HashMap::new();
    let mut metas: HashMap<DocumentId, DocumentMeta> = HashMap::new();
    let mut out = Vec::new();
    for inst in open {
        if let std::collections::hash_map::Entry::Vacant(e) = tasks.entry(inst.task_id) {
            e.insert(store.get_task(inst.task_id).await?.task);
        }
        if let std::collections::hash_map::Entry::Vacant(e) = metas.entry(inst.document_id) {
            e.insert(store.get_document(inst.document_id).await?.meta);
        }
        let (Some(task), Some(meta)) = (tasks.get(&inst.task_id), metas.get(&inst.document_id)) else { continue };
        match recomputed(&inst, task, meta, &cfg, &days, today) {
            Some(to) if Some(to) != inst.due => out.push(Move { instance: inst, to }),
            _ => {}
        }
    }
    out.sort_by_key(|m| (m.instance.due, m.instance.id));
    Ok(out)
}

/// Recomputes again and moves exactly what the preview showed: `seen` lists the instance ids
/// the user confirmed; if the recomputation no longer matches them (someone changed the
/// calendar or a task meanwhile), nothing moves and the user sees the new preview.
pub async fn apply(store: &dyn Store, actor: &Actor, seen: &[i64], today: NaiveDate) -> Result<usize, ServiceError> {
    let moves = preview(store, today).await?;
    let now: BTreeSet<i64> = moves.iter().map(|m| m.instance.id).collect();
    let confirmed: BTreeSet<i64> = seen.iter().copied().collect();
    if now != confirmed {
        let mut f = FieldErrors::default();
        f.add("moves", "Danh sách dời hạn đã thay đổi từ khi xem trước; vui lòng xem lại rồi xác nhận.");
        return Err(ServiceError::Invalid(f));
    }
    let list: Vec<DueMove> = moves.iter().map(Move::due_move).collect();
    Ok(store.move_due_dates(actor, &list).await?)
}
