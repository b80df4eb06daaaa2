//! Ad-hoc reports (báo cáo đột xuất): the office requests a report from chosen units with its
//! own title, instruction, due date and optional DOCX/XLSX template. Units answer on the same
//! report page as a periodic report (key `adhoc-<id>`, kind `adhoc`), with the same review
//! states, sign-off and visibility; the office tracks who submitted, late or missing.

use cchc_domain::tracking::Completeness;
use cchc_domain::unit::{UnitId, UnitKind};
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewEvidence;
use cchc_storage::traits_adhoc::{AdhocRequest, NewAdhocRequest};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// The prefix of ad-hoc report keys.
pub const PREFIX: &str = "adhoc-";

/// The request id of an ad-hoc report key (`adhoc-12` → 12).
pub fn request_id(key: &str) -> Option<i64> {
    key.strip_prefix(PREFIX).and_then(|n| n.parse().ok()).filter(|n| *n > 0)
}

/// What the office types to request an ad-hoc report.
#[derive(Debug, Clone, Default)]
pub struct RequestForm {
    pub title: String,
    pub instruction: String,
    pub due: String,
    pub units: Vec<String>,
}

/// Template files the units download and fill: Word or Excel only.
const TEMPLATE_EXTENSIONS: [&str; 2] = [".docx", ".xlsx"];

/// Checks the form into a request (every problem by field), all or nothing.
pub fn validate(form: &RequestForm, template: Option<NewEvidence>) -> Result<NewAdhocRequest, FieldErrors> {
    let mut e = FieldErrors::default();
    let title = cchc_domain::text::nfc(form.title.trim());
    if title.is_empty() {
        e.add("title", "Cần nhập tên báo cáo đột xuất.");
    } else if title.chars().count() > 300 {
        e.add("title", "Tên báo cáo dài quá 300 ký tự.");
    }
    let instruction = cchc_domain::text::nfc(form.instruction.trim());
    if instruction.chars().count() > 5000 {
        e.add("instruction", "Hướng dẫn dài quá 5000 ký tự.");
    }
    let due = cchc_domain::registry_file::parse_date(&form.due);
    if due.is_none() {
        e.add("due", "Hạn gửi phải là một ngày dạng dd/mm/yyyy.");
    }
    let mut units: Vec<UnitId> = Vec::new();
    for u in &form.units {
        match u.trim().parse::<UnitId>() {
            Ok(id) if id > 0 => units.push(id),
            _ => e.add("units", format!("«{u}» không phải là một đơn vị.")),
        }
    }
    units.sort_unstable();
    units.dedup();
    if units.is_empty() && form.units.is_empty() {
        e.add("units", "Cần chọn ít nhất một đơn vị được yêu cầu báo cáo.");
    }
    if let Some(t) = &template {
        let name = t.file_name.to_lowercase();
        if !TEMPLATE_EXTENSIONS.iter().any(|x| name.ends_with(x)) {
            e.add("file", "Biểu mẫu phải là tệp Word (.docx) hoặc Excel (.xlsx).");
        }
    }
    let req = NewAdhocRequest { title, instruction, due: due.unwrap_or_default(), units, template };
    e.into_result(req)
}

/// Creates a request after checking the form and that every unit exists.
pub async fn create(
    store: &dyn Store,
    actor: &Actor,
    form: &RequestForm,
    template: Option<NewEvidence>,
    today: NaiveDate,
) -> Result<AdhocRequest, ServiceError> {
    let req = validate(form, template).map_err(ServiceError::Invalid)?;
    let known: Vec<UnitId> = store.all_units().await?.into_iter().map(|u| u.id).collect();
    if let Some(bad) = req.units.iter().find(|u| !known.contains(u)) {
        let mut e = FieldErrors::default();
        e.add("units", format!("Không có đơn vị số {bad}."));
        return Err(ServiceError::Invalid(e));
    }
    Ok(store.create_adhoc_request(actor, &req, today).await?)
}

/// The request behind an ad-hoc key, for a unit answering it (`NotFound` when not asked).
pub async fn for_unit(store: &dyn Store, key: &str, unit: UnitId) -> Result<Option<AdhocRequest>, ServiceError> {
    match request_id(key) {
        Some(id) => Ok(Some(store.adhoc_request(id, Visibility::Unit(unit)).await?)),
        None if key.starts_with(PREFIX) => Err(ServiceError::Store(cchc_storage::StoreError::NotFound("báo cáo"))),
        None => Ok(None),
    }
}

/// A report key as (label, due date) for a unit: an ad-hoc request's title and due date, or
/// a period's or annual plan's as [`crate::reports::describe`] says.
pub async fn describe(
    store: &dyn Store,
    cfg: &crate::tracking::TrackingConfig,
    key: &str,
    unit: UnitId,
    kind: UnitKind,
) -> Result<Option<(String, NaiveDate)>, ServiceError> {
    match for_unit(store, key, unit).await {
        Ok(Some(r)) => Ok(Some((format!("Báo cáo đột xuất: {}", r.title), r.due))),
        Ok(None) => Ok(crate::reports::describe(cfg, key, kind)),
        Err(ServiceError::Store(cchc_storage::StoreError::NotFound(_))) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Who of the units asked submitted (on time or late), who is missing, on `today`.
pub async fn tracking(store: &dyn Store, req: &AdhocRequest, today: NaiveDate) -> Result<Completeness, ServiceError> {
    let reports = store.reports_of_period(&req.key(), Visibility::Province).await?;
    let sent: Vec<_> = reports.into_iter().filter(|r| r.status.is_sent()).collect();
    Ok(crate::reports::completeness(&req.units, &sent, req.due, today))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> RequestForm {
        RequestForm {
            title: "Báo cáo tình hình sáp nhập".into(),
            instruction: "Nêu số thủ tục".into(),
            due: "15/07/2025".into(),
            units: vec!["3".into(), "5".into(), "3".into()],
        }
    }

    #[test]
    fn a_request_is_checked_field_by_field() {
        let ok = validate(&form(), None).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!((ok.units, ok.due), (vec![3, 5], NaiveDate::from_ymd_opt(2025, 7, 15).unwrap_or_default()));
        let bad = RequestForm { title: " ".into(), due: "31/02/2025".into(), units: vec![], ..form() };
        let e = validate(&bad, None).err().unwrap_or_default();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["title", "due", "units"]);
        let exe = NewEvidence {
            file_name: "mau.exe".into(),
            content_type: "application/octet-stream".into(),
            bytes: vec![1],
            sha256: "x".into(),
        };
        assert!(validate(&form(), Some(exe)).is_err_and(|e| e.0.iter().any(|f| f.field == "file")));
    }

    #[test]
    fn keys_name_their_request() {
        assert_eq!(request_id("adhoc-12"), Some(12));
        assert_eq!(request_id("adhoc-x"), None);
        assert_eq!(request_id("adhoc-0"), None);
        assert_eq!(request_id("2025-q1"), None);
    }
}
