//! SIPAS queries: questionnaires (a JSON document per version), campaigns and their units,
//! anonymous responses (unique fingerprint per campaign), rejected submissions counted.

use async_trait::async_trait;
use cchc_domain::sipas::{NormalisedAnswers, Questionnaire};
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::{DateTime, NaiveDate, Utc};

use super::{append_audit, corrupt, event, now, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model_sipas::{
    Campaign, Channel, NewCampaign, NewResponse, ResponseCounts, StoredQuestionnaire, StoredResponse,
};
use crate::traits_sipas::SipasStore;

type QRow = (i64, String, DateTime<Utc>, bool);
type CRow = (i64, String, i64, NaiveDate, NaiveDate);

fn questionnaire_of((id, body, created_at, frozen): QRow) -> StoreResult<StoredQuestionnaire> {
    let mut q: Questionnaire = serde_json::from_str(&body).map_err(|_| corrupt("phiếu khảo sát", &id.to_string()))?;
    q.frozen = frozen;
    Ok(StoredQuestionnaire { id, questionnaire: q, created_at })
}

async fn campaign_of(
    store: &SqlStore,
    (id, name, questionnaire_id, period_from, period_to): CRow,
) -> StoreResult<Campaign> {
    let units: Vec<(i64, i64)> =
        sqlx::query_as("SELECT unit_id, quota FROM sipas_campaign_units WHERE campaign_id = $1 ORDER BY unit_id")
            .bind(id)
            .fetch_all(&store.read)
            .await?;
    Ok(Campaign { id, name, questionnaire_id, period_from, period_to, units })
}

async fn insert_response(tx: &mut Tx, r: &NewResponse, by: &str) -> StoreResult<i64> {
    let answers = serde_json::to_string(&r.answers).map_err(|e| StoreError::Other(e.to_string()))?;
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO sipas_responses (campaign_id, unit_id, channel, answers, fingerprint, created_at, entered_by) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (campaign_id, fingerprint) DO NOTHING RETURNING id",
    )
    .bind(r.campaign_id)
    .bind(r.unit_id)
    .bind(r.channel.code())
    .bind(answers)
    .bind(&r.fingerprint)
    .bind(now())
    .bind(by)
    .fetch_optional(&mut **tx)
    .await?;
    id.ok_or_else(|| StoreError::Conflict("phiếu trùng với một phiếu đã nhận".into()))
}

#[async_trait]
impl SipasStore for SqlStore {
    async fn save_questionnaire(&self, actor: &Actor, q: &Questionnaire) -> StoreResult<StoredQuestionnaire> {
        let mut tx = self.begin_write().await?;
        let latest: Option<i64> = sqlx::query_scalar("SELECT MAX(version) FROM sipas_questionnaires WHERE code = $1")
            .bind(&q.code)
            .fetch_one(&mut *tx)
            .await?;
        let mut q = q.clone();
        q.version = latest.map_or(q.version.max(1), |v| v as u32 + 1);
        q.frozen = false;
        let body = serde_json::to_string(&q).map_err(|e| StoreError::Other(e.to_string()))?;
        let at = now();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sipas_questionnaires (code, version, body, created_at, created_by) VALUES ($1, $2, $3, $4, $5) \
             RETURNING id",
        )
        .bind(&q.code)
        .bind(i64::from(q.version))
        .bind(&body)
        .bind(at)
        .bind(&actor.login)
        .fetch_one(&mut *tx)
        .await?;
        let after = serde_json::json!({ "code": q.code, "version": q.version });
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("sipas.questionnaire.save", "sipas_questionnaire", id, None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(StoredQuestionnaire { id, questionnaire: q, created_at: at })
    }

    async fn questionnaires(&self) -> StoreResult<Vec<StoredQuestionnaire>> {
        let rows: Vec<QRow> =
            sqlx::query_as("SELECT id, body, created_at, frozen FROM sipas_questionnaires ORDER BY code, version DESC")
                .fetch_all(&self.read)
                .await?;
        rows.into_iter().map(questionnaire_of).collect()
    }

    async fn questionnaire(&self, id: i64) -> StoreResult<StoredQuestionnaire> {
        let r: Option<QRow> =
            sqlx::query_as("SELECT id, body, created_at, frozen FROM sipas_questionnaires WHERE id = $1")
                .bind(id)
                .fetch_optional(&self.read)
                .await?;
        questionnaire_of(r.ok_or(StoreError::NotFound("phiếu khảo sát"))?)
    }

    async fn create_campaign(&self, actor: &Actor, c: &NewCampaign) -> StoreResult<Campaign> {
        if c.units.is_empty() {
            return Err(StoreError::Invalid("đợt khảo sát cần ít nhất một đơn vị".into()));
        }
        let mut tx = self.begin_write().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO sipas_campaigns (name, questionnaire_id, period_from, period_to, created_at, created_by) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(&c.name)
        .bind(c.questionnaire_id)
        .bind(c.period_from)
        .bind(c.period_to)
        .bind(now())
        .bind(&actor.login)
        .fetch_one(&mut *tx)
        .await?;
        for (unit, quota) in &c.units {
            sqlx::query("INSERT INTO sipas_campaign_units (campaign_id, unit_id, quota) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(*unit)
                .bind(*quota)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("UPDATE sipas_questionnaires SET frozen = TRUE WHERE id = $1")
            .bind(c.questionnaire_id)
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "name": c.name, "questionnaire_id": c.questionnaire_id, "units": c.units.len(),
            "from": c.period_from, "to": c.period_to });
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("sipas.campaign.create", "sipas_campaign", id, None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        self.campaign(id).await
    }

    async fn campaigns(&self) -> StoreResult<Vec<Campaign>> {
        let rows: Vec<CRow> = sqlx::query_as(
            "SELECT id, name, questionnaire_id, period_from, period_to FROM sipas_campaigns ORDER BY period_from DESC, id DESC",
        )
        .fetch_all(&self.read)
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(campaign_of(self, r).await?);
        }
        Ok(out)
    }

    async fn campaign(&self, id: i64) -> StoreResult<Campaign> {
        let r: Option<CRow> = sqlx::query_as(
            "SELECT id, name, questionnaire_id, period_from, period_to FROM sipas_campaigns WHERE id = $1",
        )
        .bind(id)
        .fetch_optional(&self.read)
        .await?;
        campaign_of(self, r.ok_or(StoreError::NotFound("đợt khảo sát"))?).await
    }

    async fn add_responses(&self, actor: &Actor, responses: &[NewResponse]) -> StoreResult<Vec<i64>> {
        let mut tx = self.begin_write().await?;
        let mut ids = Vec::with_capacity(responses.len());
        for r in responses {
            ids.push(insert_response(&mut tx, r, &actor.login).await?);
        }
        let (campaign, channel) = responses.first().map(|r| (r.campaign_id, r.channel.code())).unwrap_or((0, "web"));
        let after = serde_json::json!({ "responses": ids.len(), "channel": channel, "first_id": ids.first() });
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("sipas.responses", "sipas_campaign", campaign, None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(ids)
    }

    async fn record_rejection(&self, campaign: i64, unit: Option<UnitId>, reason: &str) -> StoreResult<()> {
        let mut tx = self.begin_write().await?;
        sqlx::query("INSERT INTO sipas_rejections (campaign_id, unit_id, reason, created_at) VALUES ($1, $2, $3, $4)")
            .bind(campaign)
            .bind(unit)
            .bind(reason)
            .bind(now())
            .execute(&mut *tx)
            .await?;
        let after = serde_json::json!({ "unit_id": unit, "reason": reason });
        let public = Actor { user_id: None, login: "cong-khai".into() };
        append_audit(
            &mut tx,
            &public,
            &[event::<(), _>("sipas.rejected", "sipas_campaign", campaign, None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn responses(&self, campaign: i64, unit: Option<UnitId>) -> StoreResult<Vec<StoredResponse>> {
        let rows: Vec<(i64, i64, String, String, DateTime<Utc>)> = sqlx::query_as(
            "SELECT id, unit_id, channel, answers, created_at FROM sipas_responses WHERE campaign_id = $1 \
             AND ($2 = 0 OR unit_id = $2) ORDER BY id",
        )
        .bind(campaign)
        .bind(unit.unwrap_or(0))
        .fetch_all(&self.read)
        .await?;
        rows.into_iter()
            .map(|(id, unit_id, channel, answers, created_at)| {
                let answers: NormalisedAnswers =
                    serde_json::from_str(&answers).map_err(|_| corrupt("phiếu trả lời", &id.to_string()))?;
                let channel = Channel::parse(&channel).ok_or_else(|| corrupt("kênh khảo sát", &channel))?;
                Ok(StoredResponse { id, unit_id, channel, answers, created_at })
            })
            .collect()
    }

    async fn response_counts(&self, campaign: i64) -> StoreResult<ResponseCounts> {
        let accepted: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT unit_id, COUNT(*) FROM sipas_responses WHERE campaign_id = $1 GROUP BY unit_id ORDER BY unit_id",
        )
        .bind(campaign)
        .fetch_all(&self.read)
        .await?;
        let rejected: Vec<(String, i64)> = sqlx::query_as(
            "SELECT reason, COUNT(*) FROM sipas_rejections WHERE campaign_id = $1 GROUP BY reason ORDER BY reason",
        )
        .bind(campaign)
        .fetch_all(&self.read)
        .await?;
        Ok(ResponseCounts { accepted, rejected })
    }
}
