//! Public SIPAS submissions written in one transaction each group: the rate-limit counts of
//! the address and the device, the refusal with its reason or the response with its token's
//! use and dossier link, and the audit entries. One transaction instead of one per step keeps
//! a crowd of phones from queueing for the write lock several times each.

use std::collections::BTreeMap;

use cchc_domain::throttle::ThrottleRule;
use cchc_domain::user::Actor;
use chrono::{DateTime, Utc};
use sqlx::Acquire as _;

use super::sipas_guard::{store_response, stored_event, PUBLIC};
use super::users::{counted, CountRow};
use super::{append_audit, event, now, SqlStore, Tx};
use crate::error::StoreResult;
use crate::model::AuditEvent;
use crate::model_sipas_guard::{PublicAttempt, PublicOutcome, PublicVerdict};

/// A counter row with its key, as read.
type KeyedRow = (String, i64, DateTime<Utc>, Option<DateTime<Utc>>);

/// The counter rows a group has read or changed, by key; `dirty` ones are written at the end.
#[derive(Default)]
struct Counters {
    rows: BTreeMap<String, Option<CountRow>>,
    dirty: BTreeMap<String, CountRow>,
}

impl Counters {
    /// Reads the keys not yet seen by this group.
    async fn load(&mut self, tx: &mut Tx, keys: [&str; 2]) -> StoreResult<()> {
        let missing: Vec<&str> = keys.into_iter().filter(|k| !self.rows.contains_key(*k)).collect();
        if missing.is_empty() {
            return Ok(());
        }
        let found: Vec<KeyedRow> = sqlx::query_as(
            "SELECT key, failures, first_at, locked_until FROM login_failures WHERE key = $1 OR key = $2",
        )
        .bind(missing[0])
        .bind(missing.get(1).copied().unwrap_or(missing[0]))
        .fetch_all(&mut **tx)
        .await?;
        for k in missing {
            let row = found.iter().find(|r| r.0 == k).map(|r| (r.1, r.2, r.3));
            self.rows.insert(k.to_string(), row);
        }
        Ok(())
    }

    /// Whether `key` waits at `now` (over its limit in the window).
    fn locked(&self, key: &str, now: DateTime<Utc>) -> bool {
        self.rows.get(key).and_then(|r| r.as_ref()).and_then(|r| r.2).is_some_and(|l| l > now)
    }

    /// Counts one more for `key` at `now`.
    fn count(&mut self, key: &str, now: DateTime<Utc>, rule: &ThrottleRule) {
        let row = counted(self.rows.get(key).cloned().flatten(), now, rule);
        self.rows.insert(key.to_string(), Some(row));
        self.dirty.insert(key.to_string(), row);
    }

    /// Writes the changed rows (in key order, so two nodes' groups lock rows in one order).
    async fn save(&self, tx: &mut Tx) -> StoreResult<()> {
        if self.dirty.is_empty() {
            return Ok(());
        }
        let mut q =
            sqlx::QueryBuilder::<super::Db>::new("INSERT INTO login_failures (key, failures, first_at, locked_until) ");
        q.push_values(&self.dirty, |mut b, (key, (failures, first, locked))| {
            b.push_bind(key.as_str()).push_bind(*failures).push_bind(*first).push_bind(*locked);
        });
        q.push(
            " ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, \
             locked_until = excluded.locked_until",
        );
        q.build().execute(&mut **tx).await?;
        Ok(())
    }
}

/// See [`crate::traits_sipas_guard::SipasGuardStore::submit_public`].
pub(super) async fn submit(store: &SqlStore, attempts: &[PublicAttempt]) -> StoreResult<Vec<PublicVerdict>> {
    if attempts.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = store.begin_write().await?;
    let mut counters = Counters::default();
    let mut audit = Vec::with_capacity(attempts.len());
    let mut verdicts = Vec::with_capacity(attempts.len());
    for a in attempts {
        let verdict = one(&mut tx, &mut counters, a).await?;
        match (verdict, &a.content) {
            (PublicVerdict::Stored(id), Ok((r, link))) => audit.push(stored_event(r, link, id)),
            (PublicVerdict::Refused(reason), _) => audit.push(rejected(&mut tx, a, reason).await?),
            // `one` stores only what the app did not refuse.
            (PublicVerdict::Stored(_), Err(_)) => {}
        }
        verdicts.push(verdict);
    }
    counters.save(&mut tx).await?;
    append_audit(&mut tx, &Actor { user_id: None, login: PUBLIC.into() }, &audit).await?;
    tx.commit().await?;
    Ok(verdicts)
}

/// One attempt's checks and write, in the order the limits apply.
async fn one(tx: &mut Tx, counters: &mut Counters, a: &PublicAttempt) -> StoreResult<PublicVerdict> {
    let (address, device) = (&a.address, &a.device);
    counters.load(tx, [address.0.as_str(), device.0.as_str()]).await?;
    if counters.locked(&address.0, a.at) {
        return Ok(PublicVerdict::Refused("rate"));
    }
    // Every attempt counts against the address (a script sending bad forms is slowed too);
    // only kept answers count against the device (a person who mistypes is not locked out).
    counters.count(&address.0, a.at, &address.1);
    if counters.locked(&device.0, a.at) {
        return Ok(PublicVerdict::Refused("device"));
    }
    let (response, link) = match &a.content {
        Ok(c) => c,
        Err(reason) => return Ok(PublicVerdict::Refused(reason)),
    };
    let outcome = if link.token_hash.is_none() && link.dossier_code.is_none() {
        // Only the fingerprint can clash, and that insert does nothing: nothing to undo.
        store_response(tx, response, link).await?
    } else {
        // A token marked used, or a dossier's clash (an error that would abort the whole
        // transaction on PostgreSQL), is undone to this savepoint, not with the group.
        let mut sp = (&mut **tx).begin().await?;
        let outcome = store_response(&mut sp, response, link).await?;
        match outcome {
            PublicOutcome::Stored(_) => sp.commit().await?,
            _ => sp.rollback().await?,
        }
        outcome
    };
    Ok(match outcome {
        PublicOutcome::Stored(id) => {
            counters.count(&device.0, a.at, &device.1);
            PublicVerdict::Stored(id)
        }
        PublicOutcome::Duplicate => PublicVerdict::Refused("duplicate"),
        PublicOutcome::TokenSpent => PublicVerdict::Refused("token_used"),
        PublicOutcome::DossierUsed => PublicVerdict::Refused("dossier_used"),
    })
}

/// Records a refusal (counted per reason) and returns its audit entry.
async fn rejected(tx: &mut Tx, a: &PublicAttempt, reason: &str) -> StoreResult<AuditEvent> {
    sqlx::query("INSERT INTO sipas_rejections (campaign_id, unit_id, reason, created_at) VALUES ($1, $2, $3, $4)")
        .bind(a.campaign_id)
        .bind(a.unit_id)
        .bind(reason)
        .bind(now())
        .execute(&mut **tx)
        .await?;
    let after = serde_json::json!({ "unit_id": a.unit_id, "reason": reason });
    Ok(event::<(), _>("sipas.rejected", "sipas_campaign", a.campaign_id, None, Some(&after)))
}
