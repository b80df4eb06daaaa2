//! The ad-hoc reports part of the storage contract (báo cáo đột xuất): the office's requests
//! to chosen units, each with its title, instruction, due date and optional template file.
//! The units' answers are unit reports keyed `adhoc-<id>` (see [`crate::traits_reports`]).

use async_trait::async_trait;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::NaiveDate;
use serde::Serialize;

use crate::error::StoreResult;
use crate::model::NewEvidence;

/// An ad-hoc report request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AdhocRequest {
    pub id: i64,
    pub title: String,
    /// What to report, in the office's words.
    pub instruction: String,
    pub due: NaiveDate,
    /// The units asked, by id.
    pub units: Vec<UnitId>,
    /// The template file's name, when one was attached.
    pub template_name: Option<String>,
    pub created_by: String,
    pub created_on: NaiveDate,
    pub version: i64,
}

impl AdhocRequest {
    /// The report key of the units' answers.
    pub fn key(&self) -> String {
        format!("adhoc-{}", self.id)
    }
}

/// A request to create (checked by the caller: title, due date, at least one unit).
#[derive(Debug, Clone)]
pub struct NewAdhocRequest {
    pub title: String,
    pub instruction: String,
    pub due: NaiveDate,
    pub units: Vec<UnitId>,
    pub template: Option<NewEvidence>,
}

/// A template file and its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdhocTemplate {
    pub file_name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

/// Ad-hoc report requests. Reads take the reader's [`Visibility`]: a unit's staff see only the
/// requests addressed to their unit.
#[async_trait]
pub trait AdhocStore: Send + Sync {
    /// Stores a request (one transaction with its audit entry).
    async fn create_adhoc_request(
        &self,
        actor: &Actor,
        req: &NewAdhocRequest,
        on: NaiveDate,
    ) -> StoreResult<AdhocRequest>;
    /// The requests the reader may see, newest first.
    async fn adhoc_requests(&self, vis: Visibility) -> StoreResult<Vec<AdhocRequest>>;
    /// One request; `NotFound` when the reader's unit was not asked.
    async fn adhoc_request(&self, id: i64, vis: Visibility) -> StoreResult<AdhocRequest>;
    /// A request's template file, when it has one and the reader may see the request.
    async fn adhoc_template(&self, id: i64, vis: Visibility) -> StoreResult<Option<AdhocTemplate>>;
}
