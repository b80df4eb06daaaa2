//! The PAR index part of the storage contract: criteria sets (versioned, frozen once a round
//! uses them), rounds, each unit's assessment moving through the shared review states, scores
//! and evidence. Every read of a unit's assessment takes the reader's [`Visibility`]: a unit's
//! staff read only their own; province-wide readers read an assessment once it is submitted.

use std::collections::BTreeMap;

use async_trait::async_trait;
use cchc_domain::par::{BandSet, CriteriaSet, Mark};
use cchc_domain::review::ReviewAction;
use cchc_domain::unit::UnitId;
use cchc_domain::user::{Actor, UserId};
use cchc_domain::visibility::Visibility;
use chrono::NaiveDate;

use crate::error::StoreResult;
use crate::model::NewEvidence;
use crate::model_par::{
    AppraisalScore, AreaAppraiser, Assessment, MarkRecord, NewParLink, NewRound, OwnerStatusRecord, ParEvidence,
    ParLink, ParSheet, Round, ScoreRecord, SelfScore, StoredBands, StoredSet, TaskFile,
};

/// PAR index storage.
#[async_trait]
pub trait ParStore: Send + Sync {
    /// Stores a criteria set as a new version of its code (the next number when the code
    /// exists: a stored version is never edited).
    async fn save_criteria_set(&self, actor: &Actor, set: &CriteriaSet) -> StoreResult<StoredSet>;
    /// Every stored version, newest first within a code.
    async fn criteria_sets(&self) -> StoreResult<Vec<StoredSet>>;
    async fn criteria_set(&self, id: i64) -> StoreResult<StoredSet>;

    /// Stores a band set as the next version of its code (never edits a stored one). Refused
    /// (`Conflict`) when it would take effect on or before the approval day of an approved
    /// round: the bands those results were classed by stay as they were.
    async fn save_band_set(&self, actor: &Actor, bands: &BandSet) -> StoreResult<StoredBands>;
    /// Every stored band set version, newest first within a code.
    async fn band_sets(&self) -> StoreResult<Vec<StoredBands>>;
    async fn band_set(&self, id: i64) -> StoreResult<StoredBands>;

    /// Opens a round with one draft assessment per unit; the sets it uses become frozen.
    async fn create_round(&self, actor: &Actor, round: &NewRound) -> StoreResult<Round>;
    async fn rounds(&self) -> StoreResult<Vec<Round>>;
    async fn round(&self, id: i64) -> StoreResult<Round>;
    /// The council approves a round in which every assessment is accepted; scores lock.
    async fn approve_round(&self, actor: &Actor, id: i64, expected_version: i64, on: NaiveDate) -> StoreResult<Round>;

    /// The assessments of a round the reader may see.
    async fn assessments(&self, round: i64, vis: Visibility) -> StoreResult<Vec<Assessment>>;
    /// One assessment; `NotFound` when the reader may not see it.
    async fn assessment(&self, id: i64, vis: Visibility) -> StoreResult<Assessment>;
    /// Assigns (or clears) the appraiser of an assessment.
    async fn assign_appraiser(&self, actor: &Actor, id: i64, user: Option<UserId>) -> StoreResult<Assessment>;
    /// Sets the areas (lĩnh vực, by code) appraiser `user` looks at in round `round`, replacing
    /// what they had (empty: none); refused once the round is approved. Audited.
    async fn assign_area_appraiser(
        &self,
        actor: &Actor,
        round: i64,
        user: UserId,
        areas: &[String],
    ) -> StoreResult<AreaAppraiser>;
    /// The appraisers assigned per area in round `round`, by user id.
    async fn area_appraisers(&self, round: i64) -> StoreResult<Vec<AreaAppraiser>>;
    /// The scores of an assessment the reader may see (with their evidence ids).
    async fn scores(&self, id: i64, vis: Visibility) -> StoreResult<Vec<ScoreRecord>>;
    /// The marks of every assessment of a round the reader may read, by assessment id (as
    /// [`ParStore::scores`] would give them, without notes, reasons and evidence; an assessment
    /// without scores is absent), in one query whatever the round's size.
    async fn round_marks(&self, round: i64, vis: Visibility) -> StoreResult<BTreeMap<i64, Vec<MarkRecord>>>;

    /// The unit's self-scores and notes, while the assessment is a draft.
    async fn save_self_scores(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        scores: &[SelfScore],
    ) -> StoreResult<Assessment>;
    /// The unit's explanations of returned criteria, while the assessment is returned.
    async fn save_explanations(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        texts: &[(String, String)],
    ) -> StoreResult<Assessment>;
    /// The appraiser's marks, reasons and explanation requests, while submitted.
    async fn save_appraisal(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        scores: &[AppraisalScore],
    ) -> StoreResult<Assessment>;
    /// Moves an assessment (submit, withdraw, accept, return with `reason`).
    async fn move_assessment(
        &self,
        actor: &Actor,
        id: i64,
        expected_version: i64,
        action: ReviewAction,
        on: NaiveDate,
        reason: Option<&str>,
    ) -> StoreResult<Assessment>;
    /// Corrects an approved score: a new, reasoned, audited revision.
    async fn revise_score(&self, actor: &Actor, id: i64, code: &str, mark: Mark, reason: &str) -> StoreResult<()>;

    /// Stores an evidence file for the given criteria (while the unit may still change them).
    async fn add_par_evidence(
        &self,
        actor: &Actor,
        id: i64,
        file: &NewEvidence,
        codes: &[String],
    ) -> StoreResult<ParEvidence>;
    /// The evidence of an assessment the reader may see.
    async fn par_evidence(&self, id: i64, vis: Visibility) -> StoreResult<Vec<ParEvidence>>;
    /// An evidence file and its content, when the reader may see its assessment.
    async fn par_evidence_file(&self, token: &str, vis: Visibility) -> StoreResult<Option<(ParEvidence, Vec<u8>)>>;

    /// The evidence files of `unit`'s own tasks (those it uploaded, or of instances it leads
    /// when no unit is recorded), newest first: what it may link to a criterion.
    async fn unit_task_files(&self, unit: UnitId) -> StoreResult<Vec<TaskFile>>;
    /// Links evidence by reference to criterion `code` (while the unit may still change its
    /// assessment): a task file must be one of the assessed unit's own (`Invalid` otherwise).
    /// Audited.
    async fn add_par_link(&self, actor: &Actor, id: i64, code: &str, link: &NewParLink) -> StoreResult<ParLink>;
    /// The evidence by reference of an assessment the reader may see (as [`ParStore::par_evidence`]).
    async fn par_links(&self, id: i64, vis: Visibility) -> StoreResult<Vec<ParLink>>;
    /// The scores, evidence files and evidence by reference of an assessment, each as
    /// [`ParStore::scores`], [`ParStore::par_evidence`] and [`ParStore::par_links`] give it
    /// to `vis` (`NotFound` when `vis` may not read the assessment), in fewer statements.
    async fn par_sheet(&self, id: i64, vis: Visibility) -> StoreResult<ParSheet>;
    /// The content of the task file linked by `link` of assessment `id`, when the reader may
    /// see the assessment's evidence.
    async fn par_link_file(&self, id: i64, link: i64, vis: Visibility) -> StoreResult<Option<(ParLink, Vec<u8>)>>;

    /// Saves department `unit`'s statuses of criteria of set `set_id` for `quarter` (1–4) of
    /// `year` in one transaction: each replaces that criterion's status of the quarter; one
    /// audit entry per status that changed. Returns how many changed. The caller has checked
    /// that the unit owns the criteria.
    async fn save_owner_statuses(
        &self,
        actor: &Actor,
        set_id: i64,
        year: i32,
        quarter: u32,
        unit: UnitId,
        statuses: &[cchc_domain::par::owner::CriterionStatus],
    ) -> StoreResult<usize>;
    /// The statuses of `year` the reader may see (a unit's staff: their own unit's), by
    /// quarter, then criterion code.
    async fn owner_statuses(&self, year: i32, vis: Visibility) -> StoreResult<Vec<OwnerStatusRecord>>;
}
