//! The unit-plan part of the storage contract: a unit's own annual CCHC plan (a document with
//! an owner unit, stored like the province's) and the links from its tasks to the province
//! tasks they implement.

use async_trait::async_trait;
use cchc_domain::plan::{DocumentId, PlanContent, TaskId};
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::{NewInstance, StoredDocument, SubmitMode};

/// A confirmed unit plan to store, with everything that goes with it in one transaction.
#[derive(Debug, Clone)]
pub struct UnitPlanSave {
    pub owner: UnitId,
    pub content: PlanContent,
    /// The unit's active version of the same plan, when this is a revision.
    pub replaces: Option<DocumentId>,
    /// `instances[i]` for `content.tasks[i]`.
    pub instances: Vec<Vec<NewInstance>>,
    /// The province tasks `content.tasks[i]` implements.
    pub links: Vec<Vec<TaskId>>,
    /// The unit's plan report of the year, submitted with the plan unless already sent.
    pub report: Option<PlanReport>,
}

/// The unit-plan report a stored plan satisfies (`<year>-plan`).
#[derive(Debug, Clone)]
pub struct PlanReport {
    pub period_key: String,
    pub narrative: String,
    pub on: NaiveDate,
    pub mode: SubmitMode,
}

/// A link from a unit-plan task to a province task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct UnitPlanLink {
    pub task_id: TaskId,
    pub province_task_id: TaskId,
}

/// Units' own plans.
#[async_trait]
pub trait UnitPlanStore: Send + Sync {
    /// Stores a unit plan (a revision when `replaces` is set), its instances, its links and,
    /// when asked, the submission of the unit's plan report, all in one transaction. Links
    /// must name tasks of the province's active documents.
    async fn save_unit_plan(&self, actor: &Actor, save: &UnitPlanSave) -> StoreResult<StoredDocument>;
    /// Active unit plans of `year` (plan year, else the document's year), of one unit or all.
    async fn unit_plans(&self, unit: Option<UnitId>, year: i32) -> StoreResult<Vec<StoredDocument>>;
    /// The links of a unit-plan document's tasks.
    async fn unit_plan_links(&self, document: DocumentId) -> StoreResult<Vec<UnitPlanLink>>;
    /// Replaces the province tasks one unit-plan task implements (audited).
    async fn set_unit_plan_links(&self, actor: &Actor, task: TaskId, province_tasks: &[TaskId]) -> StoreResult<()>;
}
