//! The reminder letter (công văn đôn đốc) to a unit whose tasks are overdue: NĐ 30 layout
//! (motto, number line, place-date line, "Kính gửi" the unit's head), the overdue tasks as a
//! table (code, short title, due date, days overdue) and the signature block of the `[org]`
//! issuer. The office downloads it from the unit's page once escalation has reached heads.

use cchc_domain::role::Role;
use cchc_domain::tracking::TaskState;
use cchc_export::docx::{place_date, Block, OfficialDocument, Signature};
use cchc_export::table::{Cell, Column, Table};
use cchc_storage::model::InstanceFilter;
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;
use crate::config::OrgConfig;
use crate::consolidate::{short_title, Issuer};

/// One overdue task in the letter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueLine {
    pub code: String,
    pub title: String,
    pub due: NaiveDate,
}

/// The letter to `unit_name` (addressed to `head`, the head's position and name when known)
/// about `lines`, dated `today`.
pub fn build(
    unit_name: &str,
    head: Option<&str>,
    lines: &[OverdueLine],
    issuer: &Issuer,
    today: NaiveDate,
) -> OfficialDocument {
    let mut table = Table::new(
        "Quá hạn",
        "DANH SÁCH NHIỆM VỤ QUÁ HẠN",
        vec![
            Column::new("TT", 5.0),
            Column::new("Mã", 8.0),
            Column::new("Nhiệm vụ", 50.0),
            Column::new("Hạn hoàn thành", 14.0),
            Column::new("Số ngày quá hạn", 12.0),
        ],
    );
    for (i, l) in lines.iter().enumerate() {
        table.push(vec![
            Cell::Int(i64::try_from(i + 1).unwrap_or(0)),
            Cell::Text(l.code.clone()),
            Cell::Text(short_title(&l.title, 160)),
            Cell::Date(l.due),
            Cell::Int((today - l.due).num_days()),
        ]);
    }
    let to = match head {
        Some(h) => format!("{h}, {unit_name}"),
        None => format!("Thủ trưởng {unit_name}"),
    };
    let body = vec![
        Block::paragraph(&format!(
            "Theo dõi trên hệ thống, tính đến ngày {}, {unit_name} còn {} nhiệm vụ cải cách hành chính được giao \
             chủ trì đã quá hạn nhưng chưa báo cáo hoàn thành (danh sách kèm theo).",
            today.format("%d/%m/%Y"),
            lines.len()
        )),
        Block::Table(table),
        Block::paragraph(&format!(
            "Đề nghị {to} chỉ đạo khẩn trương hoàn thành các nhiệm vụ trên, cập nhật tiến độ và kết quả trên hệ \
             thống; trường hợp không thể hoàn thành, báo cáo rõ lý do và đề xuất thời hạn mới."
        )),
    ];
    OfficialDocument {
        issuer_parent: issuer.parent.clone(),
        issuer: issuer.name.clone(),
        number: cchc_export::docx::number_line(None, "SNV-CCHC"),
        place_date: if issuer.place.is_empty() {
            today.format("ngày %d tháng %m năm %Y").to_string()
        } else {
            place_date(&issuer.place, today)
        },
        kind_title: String::new(),
        title: "V/v đôn đốc thực hiện nhiệm vụ cải cách hành chính quá hạn".into(),
        recipients_intro: Some(format!("Kính gửi: {to}")),
        body,
        signer: Signature {
            authority: issuer.signer_authority.clone(),
            position: issuer.signer_position.clone(),
            name: issuer.signer_name.clone(),
        },
        recipients: vec!["- Như trên;".into(), "- Lưu: VT, CCHC.".into()],
        ..OfficialDocument::default()
    }
}

/// The overdue tasks unit `unit` leads as of `today`, oldest due date first.
pub async fn overdue_lines(store: &dyn Store, unit: i64, today: NaiveDate) -> Result<Vec<OverdueLine>, ServiceError> {
    let f = InstanceFilter {
        unit_id: Some(unit),
        lead_only: true,
        active_only: true,
        states: vec![TaskState::NotStarted, TaskState::InProgress, TaskState::Returned],
        due_to: Some(today - chrono::Duration::days(1)),
        ..Default::default()
    };
    let mut lines: Vec<OverdueLine> = store
        .list_instances(&f)
        .await?
        .into_iter()
        .filter(|i| i.lead_unit_id == Some(unit))
        .filter_map(|i| {
            let due = i.due?;
            Some(OverdueLine { code: i.task_code.clone(), title: crate::notify::instance_title(&i), due })
        })
        .collect();
    lines.sort_by_key(|l| (l.due, l.code.clone()));
    Ok(lines)
}

/// The letter to unit `unit` as of `today` and the unit's code; `None` when it has no
/// overdue task.
pub async fn for_unit(
    store: &dyn Store,
    org: &OrgConfig,
    unit: i64,
    today: NaiveDate,
) -> Result<Option<(String, OfficialDocument)>, ServiceError> {
    let u = store.get_unit(unit).await?;
    let lines = overdue_lines(store, unit, today).await?;
    if lines.is_empty() {
        return Ok(None);
    }
    let head = store
        .list_users()
        .await?
        .into_iter()
        .find(|x| x.active && x.role == Role::UnitHead && x.unit_id == Some(unit))
        .map(|x| x.full_name)
        .filter(|n| !n.trim().is_empty());
    let issuer = Issuer::load(store, org).await?;
    Ok(Some((u.code, build(&u.name, head.as_deref(), &lines, &issuer, today))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn the_letter_lists_each_overdue_task_with_its_days() {
        let issuer = Issuer {
            parent: "UBND TỈNH HÀ TĨNH".into(),
            name: "SỞ NỘI VỤ".into(),
            place: "Hà Tĩnh".into(),
            signer_authority: "KT. GIÁM ĐỐC".into(),
            signer_position: "PHÓ GIÁM ĐỐC".into(),
            signer_name: "Nguyễn Văn A".into(),
        };
        let lines = [OverdueLine {
            code: "II.3".into(),
            title: "Rà soát thủ tục hành chính: đất đai".into(),
            due: d(2025, 3, 10),
        }];
        let doc = build("Sở Tài chính", Some("Giám đốc Sở Tài chính"), &lines, &issuer, d(2025, 3, 25));
        assert_eq!(doc.recipients_intro.as_deref(), Some("Kính gửi: Giám đốc Sở Tài chính, Sở Tài chính"));
        assert_eq!(doc.place_date, "Hà Tĩnh, ngày 25 tháng 3 năm 2025");
        assert!(doc.kind_title.is_empty(), "a letter: the title is its V/v line");
        let Some(Block::Table(t)) = doc.body.get(1) else { panic!("table") };
        assert_eq!(t.rows[0][1], Cell::Text("II.3".into()));
        assert_eq!(t.rows[0][2], Cell::Text("Rà soát thủ tục hành chính".into()));
        assert_eq!(t.rows[0][4], Cell::Int(15));
        let none = build("Sở Tư pháp", None, &lines, &issuer, d(2025, 3, 25));
        assert_eq!(none.recipients_intro.as_deref(), Some("Kính gửi: Thủ trưởng Sở Tư pháp"));
        assert!(cchc_export::docx::to_docx(&doc).is_ok());
    }
}
