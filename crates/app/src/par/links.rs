//! Evidence by reference for a criterion of a unit's self-assessment: one of the unit's own
//! task evidence files (never another unit's), or a document's number and date (số ký hiệu,
//! ngày, trích yếu). Every problem is reported by field and nothing is stored.

use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{NewParLink, ParLink};
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// What the unit picks or types.
#[derive(Debug, Clone)]
pub enum LinkInput {
    /// The id of a task evidence file (`None`: none chosen).
    TaskFile(Option<i64>),
    /// A document; `date` is `None` when missing or not a dd/mm/yyyy date (the form says
    /// which).
    Document { number: String, date: Option<NaiveDate>, summary: String },
}

/// The longest summary (trích yếu) kept.
const SUMMARY_MAX: usize = 500;

/// Links evidence by reference to criterion `code` of assessment `id`.
pub async fn link_evidence(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    vis: Visibility,
    code: &str,
    input: LinkInput,
) -> Result<ParLink, ServiceError> {
    let a = store.assessment(id, vis).await?;
    let set = store.criteria_set(a.set_id).await?.set;
    let mut errors = FieldErrors::default();
    if !set.leaves().iter().any(|r| r.node.code == code && !r.component.is_external()) {
        errors.add("link_code", "Cần chọn một tiêu chí đơn vị tự chấm.");
    }
    let link = match input {
        LinkInput::TaskFile(None) => {
            errors.add("link_file", "Cần chọn tệp kiểm chứng của nhiệm vụ.");
            None
        }
        LinkInput::TaskFile(Some(file)) => {
            let own = store.unit_task_files(a.unit_id).await?;
            if !own.iter().any(|f| f.evidence_id == file) {
                errors.add("link_file", "Tệp đã chọn không phải tài liệu kiểm chứng nhiệm vụ của chính đơn vị.");
            }
            Some(NewParLink::TaskFile(file))
        }
        LinkInput::Document { number, date, summary } => {
            let number = number.trim().to_string();
            if number.is_empty() {
                errors.add("link_number", "Cần nhập số, ký hiệu văn bản.");
            }
            if date.is_none() {
                errors.add("link_date", "Cần nhập ngày văn bản theo dạng dd/mm/yyyy.");
            }
            if summary.chars().count() > SUMMARY_MAX {
                errors.add("link_summary", format!("Trích yếu dài quá {SUMMARY_MAX} ký tự."));
            }
            date.map(|date| NewParLink::Document { number, date, summary: summary.trim().to_string() })
        }
    };
    match link {
        Some(link) if errors.is_empty() => Ok(store.add_par_link(actor, id, code, &link).await?),
        _ => Err(ServiceError::Invalid(errors)),
    }
}
