//! Inspection services the web and the CLI call: checklists (templates, XLSX import, the list
//! in force for a group), the year's plan with its coverage and the notice to each inspected
//! unit, the record of an inspection with its findings, the remedy of each recommendation (the
//! task lifecycle of `tracking`, with evidence where required, resolved or waived), outside
//! recommendations entered or imported, closing, and the follow-up figures.
//!
//! Why a remedy is not a plan task instance: task instances belong to tasks of an imported
//! plan document (revisions carry their progress, reports and the on-time ranking count
//! them), and their lifecycle has no "waived with a reason" end. A remedy therefore keeps its
//! own record, moved by the same `tracking::transition` rules (report progress, report done
//! with evidence, accept, return with a reason) plus the waiver.

pub mod checklists;
pub mod demo;
pub mod followup;
pub mod minutes;
pub mod outside;
pub mod plan;
pub mod plan_par;
pub mod record;
pub mod remedy;
pub mod report_section;
pub mod summary;

use cchc_domain::unit::UnitId;
use cchc_storage::traits_notify::{NewNotification, NotifyClaim};
use cchc_storage::Store;
use chrono::NaiveDate;

/// One problem of an imported file, with its line (0: the file as a whole).
pub type RowProblem = (usize, String);

/// Why an import was refused. Nothing is stored in any case.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{0}")]
    Unreadable(String),
    /// Every problem, each with its line.
    #[error("tệp có {} lỗi", .0.len())]
    Problems(Vec<RowProblem>),
    #[error(transparent)]
    Service(#[from] crate::accounts::ServiceError),
}

impl ImportError {
    /// The problems as lines a user reads ("Dòng 4: …").
    pub fn lines(&self) -> Vec<String> {
        match self {
            ImportError::Problems(p) => {
                p.iter().map(|(l, m)| if *l > 0 { format!("Dòng {l}: {m}") } else { m.clone() }).collect()
            }
            other => vec![other.to_string()],
        }
    }
}

/// Reads the rows of an uploaded sheet after its header row (the first row whose first cell is
/// `header0`; title rows above it, as cchc's own exports have, are left out). Without a header
/// row every row is data.
pub(crate) fn sheet_rows(
    bytes: &[u8],
    file_name: &str,
    header0: &str,
) -> Result<Vec<(usize, Vec<String>)>, ImportError> {
    let rows = cchc_table::read_rows(bytes, file_name, &cchc_table::Limits::default())
        .map_err(|e| ImportError::Unreadable(e.to_string()))?;
    let head = cchc_domain::text::fold(header0);
    let start = rows
        .iter()
        .position(|r| r.cells.first().is_some_and(|c| cchc_domain::text::fold(c) == head))
        .map_or(0, |i| i + 1);
    Ok(rows.into_iter().skip(start).map(|r| (r.line, r.cells)).collect())
}

/// An in-app notice to a unit, written once per `key`; a failure is logged, never undoes the
/// change it follows.
pub(crate) async fn notify_unit(
    store: &dyn Store,
    key: String,
    unit: UnitId,
    day: NaiveDate,
    title: String,
    body: String,
    link: String,
) {
    let claim = NotifyClaim {
        key,
        kind: "inspection".into(),
        unit_id: Some(unit),
        day,
        reminders: Vec::new(),
        notification: NewNotification {
            unit_id: Some(unit),
            user_id: None,
            kind: "inspection".into(),
            title,
            body,
            link,
        },
        mail: None,
    };
    if let Err(e) = store.claim_notice(&cchc_domain::user::Actor::system(), &claim).await {
        tracing::error!(unit, error = %e, "inspection notice not stored");
    }
}
