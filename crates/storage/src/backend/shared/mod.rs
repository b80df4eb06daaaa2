//! The SQL implementation of the store, written once and compiled once per backend.
//!
//! `sqlite.rs` and `postgres.rs` each include this directory as a module with `Db` set to
//! their sqlx database type, so every query here is type-checked against both drivers. SQL is
//! written in the common dialect of both (numbered `$1` parameters, `ON CONFLICT`,
//! `RETURNING`); what differs (pool setup, migrations) stays in the backend files.

mod adhoc;
mod aggregate;
mod audit;
mod bulk;
mod check;
mod dossiers;
mod handover;
mod initiative;
mod initiative_eval;
mod inspection;
mod inspection_findings;
mod kpi_setup;
mod kpi_store;
mod notify;
mod par;
mod par_areas;
mod par_assess;
mod par_bands;
mod par_evidence;
mod par_links;
mod par_owner;
mod par_round;
mod par_scores;
mod plans;
mod public;
mod report_files;
mod report_save;
mod reports;
mod sessions;
mod settings;
mod sipas;
mod sipas_guard;
mod sipas_submit;
mod target_links;
mod tokens;
mod tracking;
mod unit_plans;
mod units;
mod users;
mod workdays;

use async_trait::async_trait;
use cchc_domain::audit::{entry_hash, AuditEntry};
use cchc_domain::user::Actor;
use chrono::{DateTime, TimeZone, Utc};
use sqlx::{Pool, QueryBuilder, Transaction};

use super::Db;
use crate::error::{StoreError, StoreResult};
use crate::model::AuditEvent;
use crate::traits::Store;

/// A store on one database. For SQLite, writes go through a one-connection pool (SQLite has
/// one writer at a time) and reads through a larger pool; for PostgreSQL both are one pool.
#[derive(Clone)]
pub struct SqlStore {
    write: Pool<Db>,
    read: Pool<Db>,
    /// Background upkeep of this store (SQLite: the WAL checkpoint), if any.
    upkeep: Option<super::super::Upkeep>,
}

/// An open write transaction; every state change goes through one.
pub(crate) type Tx = Transaction<'static, Db>;

impl SqlStore {
    /// Wraps pools whose migrations have already run.
    pub fn new(write: Pool<Db>, read: Pool<Db>) -> Self {
        Self { write, read, upkeep: None }
    }

    /// With background upkeep that stops when the last clone of this store is dropped.
    #[allow(dead_code)] // PostgreSQL has none
    pub(crate) fn with_upkeep(self, upkeep: super::super::Upkeep) -> Self {
        Self { upkeep: Some(upkeep), ..self }
    }

    /// The pool for writes (tests use it to tamper with rows on purpose).
    pub fn write_pool(&self) -> &Pool<Db> {
        &self.write
    }

    /// Begins a write transaction and takes the audit chain head's lock first. Taking the
    /// lock as the first statement makes SQLite acquire its write lock up front (waiting on
    /// busy instead of failing an upgrade) and serialises appends across PostgreSQL nodes.
    pub(crate) async fn begin_write(&self) -> StoreResult<Tx> {
        let mut tx = self.write.begin().await?;
        sqlx::query("UPDATE audit_head SET seq = seq WHERE id = 1").execute(&mut *tx).await?;
        Ok(tx)
    }
}

/// Rows per multi-row statement of a table `columns` wide: under SQLite's 32,766 bound
/// parameters (PostgreSQL allows 65,535), with room to spare.
pub(crate) const fn rows_per_statement(columns: usize) -> usize {
    30_000 / columns
}

/// Pushes `(item, item, …)` as bound parameters (`items` must not be empty).
pub(crate) fn push_list<'a, T>(q: &mut QueryBuilder<'a, Db>, items: impl IntoIterator<Item = T>)
where
    T: 'a + sqlx::Encode<'a, Db> + sqlx::Type<Db>,
{
    q.push("(");
    let mut sep = q.separated(", ");
    for i in items {
        sep.push_bind(i);
    }
    sep.push_unseparated(")");
}

/// Appends audit entries inside `tx`, chaining them to the current head: the hashes are
/// computed here, the rows written by multi-row inserts.
pub(crate) async fn append_audit(tx: &mut Tx, actor: &Actor, events: &[AuditEvent]) -> StoreResult<()> {
    let (mut seq, mut prev): (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_head WHERE id = 1").fetch_one(&mut **tx).await?;
    let at_ms = Utc::now().timestamp_millis();
    let mut entries = Vec::with_capacity(events.len());
    for ev in events {
        seq += 1;
        let mut e = AuditEntry {
            seq,
            at_ms,
            actor_id: actor.user_id,
            actor: actor.login.clone(),
            action: ev.action.clone(),
            entity: ev.entity.clone(),
            entity_id: ev.entity_id.clone(),
            before: ev.before.as_ref().map(|v| v.to_string()),
            after: ev.after.as_ref().map(|v| v.to_string()),
            prev_hash: prev,
            hash: String::new(),
        };
        e.hash = entry_hash(&e);
        prev = e.hash.clone();
        entries.push(e);
    }
    for chunk in entries.chunks(rows_per_statement(11)) {
        let mut q = QueryBuilder::<Db>::new(
            "INSERT INTO audit_log (seq, at_ms, actor_id, actor, action, entity, entity_id, before, after, \
             prev_hash, hash) ",
        );
        q.push_values(chunk, |mut b, e| {
            b.push_bind(e.seq)
                .push_bind(e.at_ms)
                .push_bind(e.actor_id)
                .push_bind(&e.actor)
                .push_bind(&e.action)
                .push_bind(&e.entity)
                .push_bind(&e.entity_id)
                .push_bind(&e.before)
                .push_bind(&e.after)
                .push_bind(&e.prev_hash)
                .push_bind(&e.hash);
        });
        q.build().execute(&mut **tx).await?;
    }
    sqlx::query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1")
        .bind(seq)
        .bind(&prev)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Builds an audit event from serialisable before/after states.
pub(crate) fn event<B: serde::Serialize, A: serde::Serialize>(
    action: &str,
    entity: &str,
    entity_id: impl ToString,
    before: Option<&B>,
    after: Option<&A>,
) -> AuditEvent {
    AuditEvent {
        action: action.to_string(),
        entity: entity.to_string(),
        entity_id: entity_id.to_string(),
        before: before.and_then(|b| serde_json::to_value(b).ok()),
        after: after.and_then(|a| serde_json::to_value(a).ok()),
    }
}

/// Current time truncated to milliseconds, so stored timestamps round-trip exactly and
/// compare correctly on every backend.
pub(crate) fn now() -> DateTime<Utc> {
    let ms = Utc::now().timestamp_millis();
    Utc.timestamp_millis_opt(ms).single().unwrap_or_else(Utc::now)
}

/// Joins a list for a one-column store (newline-separated: names never contain newlines).
pub(crate) fn join_list(v: &[String]) -> String {
    v.join("\n")
}

/// Splits a list stored by [`join_list`].
pub(crate) fn split_list(s: &str) -> Vec<String> {
    s.lines().map(str::to_string).filter(|x| !x.is_empty()).collect()
}

/// A `SELECT`-list expression: the rows of `from` (`FROM … WHERE …`) as the text of one JSON
/// array holding an array of `cols` per row (`[]` when there is none). A page that needs a
/// hundred rows of one table reads them as one value: the SQLite driver hands every row over
/// from its connection's thread on its own, waking the reader each time.
pub(crate) fn json_rows(cols: &str, from: &str) -> String {
    if super::BACKEND == "sqlite" {
        format!("(SELECT json_group_array(json_array({cols})) {from})")
    } else {
        format!("COALESCE((SELECT json_agg(json_build_array({cols}))::text {from}), '[]')")
    }
}

/// The rows of a [`json_rows`] value.
pub(crate) fn parse_json_rows<T: serde::de::DeserializeOwned>(what: &str, text: &str) -> StoreResult<Vec<T>> {
    serde_json::from_str(text).map_err(|e| StoreError::Other(format!("{what}: dữ liệu đọc không hợp lệ ({e})")))
}

/// A boolean column inside a [`json_rows`] value: `true`/`false` from PostgreSQL, `1`/`0`
/// from SQLite.
#[derive(serde::Deserialize)]
#[serde(untagged)]
pub(crate) enum JsonFlag {
    Bool(bool),
    Int(i64),
}

impl JsonFlag {
    pub(crate) fn is_set(&self) -> bool {
        match self {
            JsonFlag::Bool(b) => *b,
            JsonFlag::Int(n) => *n != 0,
        }
    }
}

/// A stored value that should have been valid but is not: a corrupted database.
pub(crate) fn corrupt(what: &str, value: &str) -> StoreError {
    StoreError::Other(format!("giá trị {what} không hợp lệ trong cơ sở dữ liệu: {value:?}"))
}

#[async_trait]
impl Store for SqlStore {
    fn backend(&self) -> &'static str {
        super::BACKEND
    }

    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.read).await?;
        Ok(())
    }

    async fn settle(&self) -> StoreResult<()> {
        match &self.upkeep {
            Some(u) => u.run_now().await,
            None => Ok(()),
        }
    }

    async fn snapshot_into(&self, path: &std::path::Path) -> StoreResult<()> {
        if super::BACKEND != "sqlite" {
            return Err(StoreError::Invalid(
                "bản sao PostgreSQL được tạo bằng pg_dump, không qua kết nối của ứng dụng".into(),
            ));
        }
        let target = path
            .to_str()
            .ok_or_else(|| StoreError::Invalid(format!("đường dẫn không phải UTF-8: {}", path.display())))?;
        if path.exists() {
            return Err(StoreError::Conflict(format!("tệp {target} đã có")));
        }
        // A reader connection: the copy is one read transaction, so writers are never blocked.
        sqlx::query("VACUUM INTO $1").bind(target).execute(&self.read).await?;
        Ok(())
    }

    fn session_signals(&self) -> Option<tokio::sync::mpsc::Receiver<crate::model::SessionSignal>> {
        super::session_signals(&self.write)
    }
}
