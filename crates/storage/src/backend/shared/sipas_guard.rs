//! SIPAS public-form queries: one-time tokens issued in print batches (hashes only), and a
//! public response stored with its token's use and its dossier link in one transaction.

use async_trait::async_trait;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use chrono::{DateTime, NaiveDate, Utc};

use super::{append_audit, event, now, SqlStore};
use crate::error::{StoreError, StoreResult};
use crate::model_sipas::NewResponse;
use crate::model_sipas_guard::{PublicAttempt, PublicLink, PublicOutcome, PublicVerdict, TokenCount, TokenRecord};
use crate::traits_sipas_guard::SipasGuardStore;

/// The login of the public form in the audit log.
pub(super) const PUBLIC: &str = "cong-khai";

#[async_trait]
impl SipasGuardStore for SqlStore {
    async fn issue_tokens(
        &self,
        actor: &Actor,
        campaign: i64,
        unit: UnitId,
        hashes: &[String],
        expires_on: NaiveDate,
    ) -> StoreResult<i64> {
        if hashes.is_empty() {
            return Err(StoreError::Invalid("cần ít nhất một mã".into()));
        }
        let mut tx = self.begin_write().await?;
        let surveyed: Option<i64> =
            sqlx::query_scalar("SELECT unit_id FROM sipas_campaign_units WHERE campaign_id = $1 AND unit_id = $2")
                .bind(campaign)
                .bind(unit)
                .fetch_optional(&mut *tx)
                .await?;
        if surveyed.is_none() {
            return Err(StoreError::Invalid("đơn vị này không thuộc đợt khảo sát".into()));
        }
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(batch) FROM sipas_tokens WHERE campaign_id = $1")
            .bind(campaign)
            .fetch_one(&mut *tx)
            .await?;
        let batch = last.unwrap_or(0) + 1;
        let at = now();
        for hash in hashes {
            sqlx::query(
                "INSERT INTO sipas_tokens (campaign_id, unit_id, batch, token_hash, expires_on, created_at, created_by) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(campaign)
            .bind(unit)
            .bind(batch)
            .bind(hash)
            .bind(expires_on)
            .bind(at)
            .bind(&actor.login)
            .execute(&mut *tx)
            .await?;
        }
        let after =
            serde_json::json!({ "unit_id": unit, "batch": batch, "tokens": hashes.len(), "expires_on": expires_on });
        append_audit(
            &mut tx,
            actor,
            &[event::<(), _>("sipas.tokens.issue", "sipas_campaign", campaign, None, Some(&after))],
        )
        .await?;
        tx.commit().await?;
        Ok(batch)
    }

    async fn token(&self, hash: &str) -> StoreResult<Option<TokenRecord>> {
        let row: Option<(i64, i64, i64, NaiveDate, Option<DateTime<Utc>>)> = sqlx::query_as(
            "SELECT campaign_id, unit_id, batch, expires_on, used_at FROM sipas_tokens WHERE token_hash = $1",
        )
        .bind(hash)
        .fetch_optional(&self.read)
        .await?;
        Ok(row.map(|(campaign_id, unit_id, batch, expires_on, used_at)| TokenRecord {
            campaign_id,
            unit_id,
            batch,
            expires_on,
            used_at,
        }))
    }

    async fn token_counts(&self, campaign: i64) -> StoreResult<Vec<TokenCount>> {
        let rows: Vec<(i64, i64, i64)> = sqlx::query_as(
            "SELECT unit_id, COUNT(*), COUNT(used_at) FROM sipas_tokens WHERE campaign_id = $1 \
             GROUP BY unit_id ORDER BY unit_id",
        )
        .bind(campaign)
        .fetch_all(&self.read)
        .await?;
        Ok(rows.into_iter().map(|(unit_id, issued, used)| TokenCount { unit_id, issued, used }).collect())
    }

    async fn add_public_response(&self, r: &NewResponse, link: &PublicLink) -> StoreResult<PublicOutcome> {
        let mut tx = self.begin_write().await?;
        let id = match store_response(&mut tx, r, link).await? {
            PublicOutcome::Stored(id) => id,
            // Dropping the transaction rolls back a token marked used on the way.
            other => return Ok(other),
        };
        let public = Actor { user_id: None, login: PUBLIC.into() };
        append_audit(&mut tx, &public, &[stored_event(r, link, id)]).await?;
        tx.commit().await?;
        Ok(PublicOutcome::Stored(id))
    }

    async fn submit_public(&self, attempts: &[PublicAttempt]) -> StoreResult<Vec<PublicVerdict>> {
        super::sipas_submit::submit(self, attempts).await
    }
}

/// Inserts a public response on `conn`, first marking its token used; what is refused is left
/// for the caller to roll back (a token marked used before a refused insert).
pub(super) async fn store_response(
    conn: &mut <super::Db as sqlx::Database>::Connection,
    r: &NewResponse,
    link: &PublicLink,
) -> StoreResult<PublicOutcome> {
    let at = now();
    if let Some(hash) = &link.token_hash {
        // The guard and the use are one statement: two submissions racing with one token
        // cannot both pass.
        let used = sqlx::query(
            "UPDATE sipas_tokens SET used_at = $1 WHERE token_hash = $2 AND campaign_id = $3 AND unit_id = $4 \
             AND used_at IS NULL AND expires_on >= $5",
        )
        .bind(at)
        .bind(hash)
        .bind(r.campaign_id)
        .bind(r.unit_id)
        .bind(link.today.unwrap_or_else(|| cchc_domain::vn_time::day(at)))
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if used != 1 {
            return Ok(PublicOutcome::TokenSpent);
        }
    }
    let answers = serde_json::to_string(&r.answers).map_err(|e| StoreError::Other(e.to_string()))?;
    let inserted: Result<Option<i64>, StoreError> = sqlx::query_scalar(
        "INSERT INTO sipas_responses \
         (campaign_id, unit_id, channel, answers, fingerprint, created_at, entered_by, dossier_code) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (campaign_id, fingerprint) DO NOTHING RETURNING id",
    )
    .bind(r.campaign_id)
    .bind(r.unit_id)
    .bind(r.channel.code())
    .bind(answers)
    .bind(&r.fingerprint)
    .bind(at)
    .bind(PUBLIC)
    .bind(&link.dossier_code)
    .fetch_optional(&mut *conn)
    .await
    .map_err(StoreError::from);
    Ok(match inserted {
        Ok(Some(id)) => PublicOutcome::Stored(id),
        Ok(None) => PublicOutcome::Duplicate,
        // The only other unique rule on the table: one response per dossier code.
        Err(StoreError::Conflict(_)) => PublicOutcome::DossierUsed,
        Err(e) => return Err(e),
    })
}

/// The audit entry of a stored public response. Neither the token nor the dossier code goes
/// into the log: only that they were used.
pub(super) fn stored_event(r: &NewResponse, link: &PublicLink, id: i64) -> crate::model::AuditEvent {
    let after = serde_json::json!({ "responses": 1, "channel": r.channel.code(), "first_id": id,
        "token": link.token_hash.is_some(), "dossier": link.dossier_code.is_some() });
    event::<(), _>("sipas.responses", "sipas_campaign", r.campaign_id, None, Some(&after))
}
