//! Two departments' own annual plans in the demo (Sở Nội vụ on time, Sở Khoa học và Công nghệ
//! late), written from the province tasks assigned to them and read through the importer
//! like any unit's upload. Each leaves one province task out, so the coverage check has
//! something to flag on first start.

use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_storage::model::TaskRecord;
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};

use crate::accounts::ServiceError;
use crate::plans::{read_upload, Draft};
use crate::unit_plans::{confirm, coverage, own_leads, suggest_links};

/// (unit code, name, document number, day of January it was sent).
const UNITS: &[(&str, &str, &str, u32)] =
    &[("HT-SNV", "Sở Nội vụ", "25/KH-SNV", 12), ("HT-SKHCN", "Sở Khoa học và Công nghệ", "18/KH-SKHCN", 24)];

/// The plan a department would write: one line per province task it carries out (citing the
/// task's number), and one task of its own.
fn document(name: &str, number: &str, day: u32, year: i32, tasks: &[TaskRecord]) -> String {
    let mut s = format!(
        "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH\n{}\nSố: {number}\nHà Tĩnh, ngày {day:02} tháng 01 năm {year}\n\nKẾ HOẠCH\n\
         Cải cách hành chính năm {year} của {name}\n\nPHỤ LỤC\nNHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM {year}\n\n\
         TT\tNhiệm vụ\tSản phẩm\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian thực hiện\n\
         I\tNHIỆM VỤ THỰC HIỆN KẾ HOẠCH CỦA TỈNH\t\t\t\t\n",
        name.to_uppercase()
    );
    for (i, t) in tasks.iter().enumerate() {
        let cite = match &t.task.area {
            Some(a) => format!("nhiệm vụ {} mục {a}", t.task.code),
            None => format!("nhiệm vụ {}", t.task.code),
        };
        let when =
            if t.task.deadline.text.trim().is_empty() { format!("Năm {year}") } else { t.task.deadline.text.clone() };
        s.push_str(&format!(
            "{}\t{} tại {name} ({cite} Kế hoạch của tỉnh)\tBáo cáo kết quả\tVăn phòng Sở\tCác phòng chuyên môn\t{when}\n",
            i + 1,
            t.task.title.replace(['\t', '\n'], " ")
        ));
    }
    s.push_str("II\tNHIỆM VỤ RIÊNG CỦA ĐƠN VỊ\t\t\t\t\n");
    s.push_str(&format!(
        "{}\tKiểm tra công tác cải cách hành chính tại các phòng, đơn vị thuộc Sở\tBáo cáo kiểm tra\tVăn phòng Sở\t\tQuý IV/{year}\n",
        tasks.len() + 1
    ));
    s
}

/// Imports and confirms the two departments' plans of `today`'s year, as their heads would.
pub async fn seed(store: &dyn Store, actor: &Actor, today: NaiveDate) -> Result<(), ServiceError> {
    let year = today.year();
    let units = store.all_units().await?;
    for (code, name, number, day) in UNITS {
        let Some(unit) = units.iter().find(|u| u.code == *code) else { continue };
        let assigned = coverage::assigned_tasks(store, unit.id, year).await?;
        let Some((_, kept)) = assigned.split_last() else { continue };
        if kept.is_empty() {
            continue;
        }
        let text = document(name, number, *day, year, kept);
        let file = format!("ke-hoach-cchc-{}.txt", code.to_lowercase());
        let (mut content, summary) = read_upload(store, &file, text.into_bytes(), 10 * 1024 * 1024)
            .await
            .map_err(|e| ServiceError::Internal(format!("{file}: {e}")))?;
        content.meta.plan_year = Some(year);
        own_leads(&mut content, unit, &units);
        let links = suggest_links(&content, &assigned);
        let draft = Draft { content, summary, owner_unit: Some(unit.id), links };
        let sent = NaiveDate::from_ymd_opt(year, 1, *day).unwrap_or(today).min(today);
        confirm(store, actor, Role::UnitHead, unit.id, &draft, sent).await?;
    }
    Ok(())
}
