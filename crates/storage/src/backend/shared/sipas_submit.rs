//! Public SIPAS submissions written in one transaction each group: the rate-limit counts of
//! the address and the device, the refusal with its reason or the response with its token's
//! use and dossier link, and the audit entries. One transaction instead of one per step keeps
//! a crowd of phones from queueing for the write lock several times each.
//!
//! Inside the transaction, a group costs a fixed number of statements, not a few per
//! submission: the counters of every key and the fingerprints already stored are read once,
//! the verdicts are decided in arrival order in memory, and the plain responses (no token, no
//! dossier code), the refusals, the counters and the audit entries are each written by
//! multi-row statements. A response with a token or a dossier code is written on its own, to a
//! savepoint (its token use or dossier clash is undone alone), after the plain responses
//! decided before it: every verdict and every id is the one the submissions would get one
//! after the other.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use cchc_domain::throttle::ThrottleRule;
use cchc_domain::user::Actor;
use chrono::{DateTime, Utc};
use sqlx::{Acquire as _, QueryBuilder};

use super::sipas_guard::{store_response, stored_event, PUBLIC};
use super::users::{counted, CountRow};
use super::{append_audit, event, now, push_list, rows_per_statement, Db, SqlStore, Tx};
use crate::error::{StoreError, StoreResult};
use crate::model::AuditEvent;
use crate::model_sipas::NewResponse;
use crate::model_sipas_guard::{PublicAttempt, PublicLink, PublicOutcome, PublicVerdict};

/// A counter row with its key, as read.
type KeyedRow = (String, i64, DateTime<Utc>, Option<DateTime<Utc>>);

/// What makes a response a duplicate: its campaign and fingerprint.
type Print = (i64, String);

/// The counter rows of a group's keys; `dirty` ones are written at the end.
struct Counters {
    rows: HashMap<String, CountRow>,
    dirty: BTreeMap<String, CountRow>,
}

impl Counters {
    /// Reads the rows of every address and device key of the group (a key without a row has
    /// no count yet). Nothing writes them before [`Counters::save`], so reading them all first
    /// reads what each submission would have read in turn.
    async fn load(tx: &mut Tx, attempts: &[PublicAttempt]) -> StoreResult<Self> {
        let keys: BTreeSet<&str> = attempts.iter().flat_map(|a| [a.address.0.as_str(), a.device.0.as_str()]).collect();
        let keys: Vec<&str> = keys.into_iter().collect();
        let mut rows = HashMap::with_capacity(keys.len());
        for chunk in keys.chunks(rows_per_statement(1)) {
            let mut q = QueryBuilder::<Db>::new(
                "SELECT key, failures, first_at, locked_until FROM login_failures WHERE key IN ",
            );
            push_list(&mut q, chunk.iter().copied());
            let found: Vec<KeyedRow> = q.build_query_as().fetch_all(&mut **tx).await?;
            rows.extend(found.into_iter().map(|(key, failures, first, locked)| (key, (failures, first, locked))));
        }
        Ok(Self { rows, dirty: BTreeMap::new() })
    }

    /// Whether `key` waits at `now` (over its limit in the window).
    fn locked(&self, key: &str, now: DateTime<Utc>) -> bool {
        self.rows.get(key).and_then(|r| r.2).is_some_and(|l| l > now)
    }

    /// Counts one more for `key` at `now`.
    fn count(&mut self, key: &str, now: DateTime<Utc>, rule: &ThrottleRule) {
        let row = counted(self.rows.get(key).copied(), now, rule);
        self.rows.insert(key.to_string(), row);
        self.dirty.insert(key.to_string(), row);
    }

    /// Writes the changed rows (in key order, so two nodes' groups lock rows in one order).
    async fn save(&self, tx: &mut Tx) -> StoreResult<()> {
        let rows: Vec<_> = self.dirty.iter().collect();
        for chunk in rows.chunks(rows_per_statement(4)) {
            let mut q = QueryBuilder::<Db>::new("INSERT INTO login_failures (key, failures, first_at, locked_until) ");
            q.push_values(chunk, |mut b, (key, (failures, first, locked))| {
                b.push_bind(key.as_str()).push_bind(*failures).push_bind(*first).push_bind(*locked);
            });
            q.push(
                " ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, first_at = excluded.first_at, \
                 locked_until = excluded.locked_until",
            );
            q.build().execute(&mut **tx).await?;
        }
        Ok(())
    }
}

/// See [`crate::traits_sipas_guard::SipasGuardStore::submit_public`].
pub(super) async fn submit(store: &SqlStore, attempts: &[PublicAttempt]) -> StoreResult<Vec<PublicVerdict>> {
    if attempts.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = store.begin_write().await?;
    let mut counters = Counters::load(&mut tx, attempts).await?;
    let mut known = stored_prints(&mut tx, attempts).await?;
    let mut verdicts = Vec::with_capacity(attempts.len());
    // Plain responses decided stored, not yet inserted (their verdicts wait for their ids).
    let mut pending = Vec::new();
    for (i, a) in attempts.iter().enumerate() {
        let verdict = match checked(&mut counters, a) {
            Err(reason) => PublicVerdict::Refused(reason),
            Ok((r, link)) if link.token_hash.is_none() && link.dossier_code.is_none() => {
                // Only the fingerprint can clash: with a stored response or an earlier one of
                // the group, known here before anything is written.
                if known.insert((r.campaign_id, r.fingerprint.clone())) {
                    counters.count(&a.device.0, a.at, &a.device.1);
                    pending.push(i);
                    PublicVerdict::Stored(0) // the id is set when the pending ones are inserted
                } else {
                    PublicVerdict::Refused("duplicate")
                }
            }
            Ok((r, link)) => {
                insert_plain(&mut tx, attempts, &mut pending, &mut verdicts).await?;
                let verdict = linked(&mut tx, r, link).await?;
                if let PublicVerdict::Stored(_) = verdict {
                    known.insert((r.campaign_id, r.fingerprint.clone()));
                    counters.count(&a.device.0, a.at, &a.device.1);
                }
                verdict
            }
        };
        verdicts.push(verdict);
    }
    insert_plain(&mut tx, attempts, &mut pending, &mut verdicts).await?;
    let audit = record_refusals(&mut tx, attempts, &verdicts).await?;
    counters.save(&mut tx).await?;
    append_audit(&mut tx, &Actor { user_id: None, login: PUBLIC.into() }, &audit).await?;
    tx.commit().await?;
    Ok(verdicts)
}

/// The address and device limits, in the order they apply, then the app's own refusal: the
/// response to store, or the reason it is refused.
fn checked<'a>(counters: &mut Counters, a: &'a PublicAttempt) -> Result<&'a (NewResponse, PublicLink), &'static str> {
    let (address, device) = (&a.address, &a.device);
    if counters.locked(&address.0, a.at) {
        return Err("rate");
    }
    // Every attempt counts against the address (a script sending bad forms is slowed too);
    // only kept answers count against the device (a person who mistypes is not locked out).
    counters.count(&address.0, a.at, &address.1);
    if counters.locked(&device.0, a.at) {
        return Err("device");
    }
    a.content.as_ref().map_err(|reason| *reason)
}

/// The campaign and fingerprint pairs of the group's responses already stored. Every write
/// transaction holds the audit head's lock, so none is stored by another before this one ends
/// (and [`insert_plain`] checks it).
async fn stored_prints(tx: &mut Tx, attempts: &[PublicAttempt]) -> StoreResult<HashSet<Print>> {
    let responses = || attempts.iter().filter_map(|a| a.content.as_ref().ok()).map(|(r, _)| r);
    let campaigns: BTreeSet<i64> = responses().map(|r| r.campaign_id).collect();
    let prints: BTreeSet<&str> = responses().map(|r| r.fingerprint.as_str()).collect();
    let prints: Vec<&str> = prints.into_iter().collect();
    let mut found = HashSet::new();
    // A group holds far fewer campaigns than a statement's room for a second column.
    for chunk in prints.chunks(rows_per_statement(2)) {
        let mut q =
            QueryBuilder::<Db>::new("SELECT campaign_id, fingerprint FROM sipas_responses WHERE campaign_id IN ");
        push_list(&mut q, campaigns.iter().copied());
        q.push(" AND fingerprint IN ");
        push_list(&mut q, chunk.iter().copied());
        let rows: Vec<Print> = q.build_query_as().fetch_all(&mut **tx).await?;
        found.extend(rows);
    }
    Ok(found)
}

/// Inserts the `pending` plain responses (attempts' indices, in order) by multi-row
/// statements and sets their verdicts' ids.
async fn insert_plain(
    tx: &mut Tx,
    attempts: &[PublicAttempt],
    pending: &mut Vec<usize>,
    verdicts: &mut [PublicVerdict],
) -> StoreResult<()> {
    let at = now();
    for chunk in pending.chunks(rows_per_statement(7)) {
        let mut rows = Vec::with_capacity(chunk.len());
        for &i in chunk {
            if let Ok((r, _)) = &attempts[i].content {
                let answers = serde_json::to_string(&r.answers).map_err(|e| StoreError::Other(e.to_string()))?;
                rows.push((i, r, answers));
            }
        }
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO sipas_responses (campaign_id, unit_id, channel, answers, fingerprint, created_at, entered_by) ",
        );
        q.push_values(&rows, |mut b, (_, r, answers)| {
            b.push_bind(r.campaign_id)
                .push_bind(r.unit_id)
                .push_bind(r.channel.code())
                .push_bind(answers.as_str())
                .push_bind(r.fingerprint.as_str())
                .push_bind(at)
                .push_bind(PUBLIC);
        });
        q.push(" ON CONFLICT (campaign_id, fingerprint) DO NOTHING RETURNING id, campaign_id, fingerprint");
        let stored: Vec<(i64, i64, String)> = q.build_query_as().fetch_all(&mut **tx).await?;
        let ids: HashMap<Print, i64> = stored.into_iter().map(|(id, c, f)| ((c, f), id)).collect();
        for (i, r, _) in &rows {
            // Stored by another transaction since `stored_prints` read: the group fails and
            // the app writes its submissions again one by one.
            let id = ids.get(&(r.campaign_id, r.fingerprint.clone())).ok_or_else(|| StoreError::Other(RACED.into()))?;
            verdicts[*i] = PublicVerdict::Stored(*id);
        }
    }
    pending.clear();
    Ok(())
}

const RACED: &str = "một phiếu cùng nội dung vừa được ghi từ nơi khác; nhóm phiếu được ghi lại";

/// A response with a token or a dossier code. A token marked used, or a dossier's clash (an
/// error that would abort the whole transaction on PostgreSQL), is undone to a savepoint, not
/// with the group.
async fn linked(tx: &mut Tx, r: &NewResponse, link: &PublicLink) -> StoreResult<PublicVerdict> {
    let mut sp = (&mut **tx).begin().await?;
    let outcome = store_response(&mut sp, r, link).await?;
    match outcome {
        PublicOutcome::Stored(_) => sp.commit().await?,
        _ => sp.rollback().await?,
    }
    Ok(match outcome {
        PublicOutcome::Stored(id) => PublicVerdict::Stored(id),
        PublicOutcome::Duplicate => PublicVerdict::Refused("duplicate"),
        PublicOutcome::TokenSpent => PublicVerdict::Refused("token_used"),
        PublicOutcome::DossierUsed => PublicVerdict::Refused("dossier_used"),
    })
}

/// Records the refusals (counted per reason) and returns the group's audit entries in order.
async fn record_refusals(
    tx: &mut Tx,
    attempts: &[PublicAttempt],
    verdicts: &[PublicVerdict],
) -> StoreResult<Vec<AuditEvent>> {
    let mut audit = Vec::with_capacity(attempts.len());
    let mut refused = Vec::new();
    for (a, v) in attempts.iter().zip(verdicts) {
        match (v, &a.content) {
            (PublicVerdict::Stored(id), Ok((r, link))) => audit.push(stored_event(r, link, *id)),
            (PublicVerdict::Refused(reason), _) => {
                let after = serde_json::json!({ "unit_id": a.unit_id, "reason": reason });
                audit.push(event::<(), _>("sipas.rejected", "sipas_campaign", a.campaign_id, None, Some(&after)));
                refused.push((a, *reason));
            }
            // Only what the app did not refuse is stored.
            (PublicVerdict::Stored(_), Err(_)) => {}
        }
    }
    let at = now();
    for chunk in refused.chunks(rows_per_statement(4)) {
        let mut q = QueryBuilder::<Db>::new("INSERT INTO sipas_rejections (campaign_id, unit_id, reason, created_at) ");
        q.push_values(chunk, |mut b, (a, reason)| {
            b.push_bind(a.campaign_id).push_bind(a.unit_id).push_bind(*reason).push_bind(at);
        });
        q.build().execute(&mut **tx).await?;
    }
    Ok(audit)
}
