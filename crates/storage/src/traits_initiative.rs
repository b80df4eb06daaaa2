//! The initiatives part of the storage contract: evaluation criteria (versioned; a version in
//! use is frozen), initiatives and their state changes, attachments, evaluators and scores,
//! adoptions and the annual counts. Every read of an initiative takes the reader's
//! [`Visibility`]: a unit's staff read their own unit's initiatives (drafts included) and
//! the recognised ones of every unit; province-wide readers read every initiative once sent.

use async_trait::async_trait;
use cchc_domain::initiative::EvaluationCriteria;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::NewEvidence;
use crate::model_initiative::{
    Adoption, Initiative, InitiativeChange, InitiativeFile, InitiativeFilter, InitiativeText, ScoreRecord,
    StoredCriteria, UnitCounts,
};

/// Initiative storage.
#[async_trait]
pub trait InitiativeStore: Send + Sync {
    /// Stores criteria as the next version of their code, or, with `replace`, over that
    /// version when no initiative uses it yet (`Conflict` when one does).
    async fn save_initiative_criteria(
        &self,
        actor: &Actor,
        c: &EvaluationCriteria,
        replace: Option<i64>,
    ) -> StoreResult<StoredCriteria>;
    /// Every stored version, newest first.
    async fn initiative_criteria(&self) -> StoreResult<Vec<StoredCriteria>>;
    async fn initiative_criteria_by_id(&self, id: i64) -> StoreResult<StoredCriteria>;

    /// A unit's new draft with its attachments.
    async fn create_initiative(
        &self,
        actor: &Actor,
        unit: UnitId,
        year: i32,
        text: &InitiativeText,
        files: &[NewEvidence],
    ) -> StoreResult<Initiative>;
    /// Replaces the text of a draft or returned initiative and adds files; refused when it
    /// changed meanwhile or is no longer editable.
    async fn edit_initiative(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        text: &InitiativeText,
        files: &[NewEvidence],
    ) -> StoreResult<Initiative>;
    /// Moves an initiative (checked by the caller against the lifecycle); refused when it
    /// changed meanwhile.
    async fn change_initiative(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        change: &InitiativeChange,
    ) -> StoreResult<Initiative>;
    async fn initiatives(&self, filter: &InitiativeFilter, vis: Visibility) -> StoreResult<Vec<Initiative>>;
    /// One initiative; `NotFound` when the reader may not see it.
    async fn initiative(&self, id: i64, vis: Visibility) -> StoreResult<Initiative>;

    /// Assigns an evaluator (an appraiser or office user).
    async fn assign_initiative_evaluator(&self, actor: &Actor, id: i64, user_id: i64) -> StoreResult<()>;
    /// (user id, full name) of the assigned evaluators.
    async fn initiative_evaluators(&self, id: i64) -> StoreResult<Vec<(i64, String)>>;
    /// Replaces one evaluator's scores (checked by the caller against the criteria) while
    /// the initiative is under evaluation.
    async fn save_initiative_scores(
        &self,
        actor: &Actor,
        id: i64,
        user_id: i64,
        scores: &[(String, u32)],
    ) -> StoreResult<()>;
    async fn initiative_scores(&self, id: i64) -> StoreResult<Vec<ScoreRecord>>;

    /// A unit declares it applied a recognised initiative (once per unit).
    async fn adopt_initiative(
        &self,
        actor: &Actor,
        id: i64,
        unit: UnitId,
        on: NaiveDate,
        result: &str,
    ) -> StoreResult<Adoption>;
    async fn initiative_adoptions(&self, id: i64) -> StoreResult<Vec<Adoption>>;
    /// Per unit with any initiative activity in `year`: proposed, recognised by level, adopted.
    async fn initiative_counts(&self, year: i32) -> StoreResult<Vec<UnitCounts>>;

    async fn initiative_files(&self, id: i64, vis: Visibility) -> StoreResult<Vec<InitiativeFile>>;
    /// A file and its content by its token, when the reader may see its initiative.
    async fn initiative_file(&self, token: &str, vis: Visibility) -> StoreResult<Option<(InitiativeFile, Vec<u8>)>>;
}
