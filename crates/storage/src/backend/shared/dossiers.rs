//! Dossier records of index 766: the bulk upsert (multi-row `INSERT … ON CONFLICT` in one
//! long transaction per import) with the list of codes each part wrote (`kpi_changes`, for
//! app nodes catching up), and scoped lists.

use std::collections::HashMap;
use std::sync::OnceLock;

use async_trait::async_trait;
use cchc_domain::kpi::record::{Channel, DossierRecord, Feedback, OnlineLevel, PaidOnline, Rating, Status};
use cchc_domain::local_time::{from_secs, to_secs};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use sqlx::QueryBuilder;

use super::{append_audit, corrupt, event, SqlStore, Tx};
use crate::error::StoreResult;
use crate::model_kpi::{DossierImportNote, DossierImportReport, StoredDossier};
use crate::traits_kpi::DossierImport;

/// Columns written per dossier, in bind order (`rev`, the import's change number, follows).
const COLS: [&str; 23] = [
    "code",
    "procedure_code",
    "unit_code",
    "received",
    "due",
    "finished",
    "returned",
    "updated",
    "channel",
    "online_level",
    "has_fee",
    "fee_amount",
    "paid_online",
    "digitised",
    "electronic_result",
    "reused_data",
    "from_data_store",
    "supplements",
    "supplement_secs",
    "status",
    "feedback",
    "rating",
    "apology",
];

/// Rows per statement: 24 parameters each stays under SQLite's 32,766 and PostgreSQL's
/// 65,535 bound parameters.
const CHUNK: usize = 1_000;

/// Every column of a stored dossier, for `SELECT`.
pub(crate) const DOSSIER_SELECT: &str = "d.code, d.procedure_code, d.unit_code, d.received, d.due, d.finished, \
     d.returned, d.updated, d.channel, d.online_level, d.has_fee, d.fee_amount, d.paid_online, d.digitised, \
     d.electronic_result, d.reused_data, d.from_data_store, d.supplements, d.supplement_secs, d.status, \
     d.feedback, d.rating, d.apology, d.rev";

/// The upsert for `rows` rows. A stored version with a later `updated` is kept (the
/// incoming record is stale); otherwise the incoming version replaces it.
///
/// SQLite gets anonymous `?` parameters: sqlx looks up the name of every numbered `$n`
/// parameter, and SQLite finds a name by a linear scan, which made each 23,000-parameter
/// statement cost quadratic time (0.7 s per 1,000 rows).
fn upsert_sql(rows: usize) -> String {
    let anonymous = super::super::BACKEND == "sqlite";
    let mut s = format!("INSERT INTO kpi_dossiers ({}, rev) VALUES ", COLS.join(", "));
    let mut n = 0;
    // Every column, then the import's change number (bound per row: a subquery per row would
    // open a cursor per row, and SQLite links each new cursor against every open one).
    let per_row = COLS.len() + 1;
    for r in 0..rows {
        s.push_str(if r > 0 { ",(" } else { "(" });
        for i in 0..per_row {
            n += 1;
            if anonymous {
                s.push('?');
            } else {
                s.push_str(&format!("${n}"));
            }
            s.push(if i + 1 < per_row { ',' } else { ')' });
        }
    }
    s.push_str(" ON CONFLICT (code) DO UPDATE SET ");
    let sets: Vec<String> = COLS[1..].iter().chain(["rev"].iter()).map(|c| format!("{c} = excluded.{c}")).collect();
    s.push_str(&sets.join(", "));
    s.push_str(
        " WHERE kpi_dossiers.updated IS NULL OR excluded.updated IS NULL \
         OR excluded.updated >= kpi_dossiers.updated",
    );
    s
}

/// Statement sizes: a batch is cut greedily into these, so every statement has one of four
/// shapes that stay prepared (a statement per odd size would be parsed and planned anew).
const SIZES: [usize; 4] = [CHUNK, 100, 10, 1];

fn chunk_sql(size_index: usize) -> &'static str {
    static SQL: [OnceLock<String>; 4] = [OnceLock::new(), OnceLock::new(), OnceLock::new(), OnceLock::new()];
    SQL[size_index].get_or_init(|| upsert_sql(SIZES[size_index]))
}

/// Cuts `rows` into slices of the sizes in [`SIZES`], largest first, with their size index.
fn cut<T>(mut rows: &[T]) -> Vec<(usize, &[T])> {
    let mut out = Vec::new();
    for (i, &n) in SIZES.iter().enumerate() {
        while rows.len() >= n {
            let (head, tail) = rows.split_at(n);
            out.push((i, head));
            rows = tail;
        }
    }
    out
}

fn rating_code(r: Option<Rating>) -> i64 {
    match r {
        None => 0,
        Some(Rating::Score(s)) => i64::from(s.clamp(1, 5)),
        Some(Rating::Satisfied(true)) => 6,
        Some(Rating::Satisfied(false)) => 7,
    }
}

/// Of several records with the same code, the newest by `updated` (ties: the later one).
fn dedupe(records: &[DossierRecord]) -> Vec<&DossierRecord> {
    let mut at: HashMap<&str, usize> = HashMap::with_capacity(records.len());
    let mut out: Vec<&DossierRecord> = Vec::with_capacity(records.len());
    for r in records {
        match at.get(r.code.as_str()) {
            Some(&i) if out[i].updated > r.updated => {}
            Some(&i) => out[i] = r,
            None => {
                at.insert(&r.code, out.len());
                out.push(r);
            }
        }
    }
    out
}

async fn upsert_chunk(tx: &mut Tx, rev: i64, size_index: usize, rows: &[&DossierRecord]) -> StoreResult<u64> {
    let mut q = sqlx::query(chunk_sql(size_index));
    for r in rows {
        let t = |x: Option<chrono::NaiveDateTime>| x.map(to_secs);
        q = q
            .bind(r.code.as_str())
            .bind(r.procedure.as_str())
            .bind(r.unit.as_str())
            .bind(to_secs(r.received))
            .bind(t(r.due))
            .bind(t(r.finished))
            .bind(t(r.returned))
            .bind(t(r.updated))
            .bind(i64::from(r.channel.code()))
            .bind(i64::from(r.online_level.code()))
            .bind(r.has_fee)
            .bind(r.fee_amount.map(|a| a.min(i64::MAX as u64) as i64))
            .bind(i64::from(r.paid_online.code()))
            .bind(r.digitised)
            .bind(r.electronic_result)
            .bind(r.reused_data)
            .bind(r.from_data_store)
            .bind(i64::from(r.supplements))
            .bind(r.supplement_secs)
            .bind(i64::from(r.status.code()))
            .bind(i64::from(r.feedback.code()))
            .bind(rating_code(r.rating))
            .bind(r.apology)
            .bind(rev);
    }
    Ok(q.execute(&mut **tx).await?.rows_affected())
}

/// One open import.
pub(crate) struct SqlDossierImport {
    tx: Tx,
    actor: Actor,
    report: DossierImportReport,
    /// Parts written so far (each `write` logs its codes as one part in `kpi_changes`).
    parts: i64,
    /// The report when the last grouped share was closed (see `close_part`).
    closed: DossierImportReport,
}

impl SqlStore {
    /// Begins an import: takes the write lock and the next change number.
    pub(crate) async fn open_dossier_import(&self, actor: &Actor) -> StoreResult<SqlDossierImport> {
        let mut tx = self.begin_write().await?;
        let rev: i64 = sqlx::query_scalar("UPDATE kpi_head SET rev = rev + 1 WHERE id = 1 RETURNING rev")
            .fetch_one(&mut *tx)
            .await?;
        Ok(SqlDossierImport {
            tx,
            actor: actor.clone(),
            report: DossierImportReport { rev, ..DossierImportReport::default() },
            parts: 0,
            closed: DossierImportReport { rev, ..DossierImportReport::default() },
        })
    }
}

#[async_trait]
impl DossierImport for SqlDossierImport {
    async fn write(&mut self, records: &[DossierRecord]) -> StoreResult<()> {
        let rows = dedupe(records);
        let mut written = 0;
        for (size_index, chunk) in cut(&rows) {
            written += upsert_chunk(&mut self.tx, self.report.rev, size_index, chunk).await?;
        }
        if !rows.is_empty() {
            // The codes this part sent, for app nodes catching up (see `changed_dossiers`).
            let codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
            let list = serde_json::to_string(&codes).map_err(|e| crate::StoreError::Other(e.to_string()))?;
            sqlx::query("INSERT INTO kpi_changes (rev, part, n, codes) VALUES ($1, $2, $3, $4)")
                .bind(self.report.rev)
                .bind(self.parts)
                .bind(codes.len() as i64)
                .bind(list)
                .execute(&mut *self.tx)
                .await?;
            self.parts += 1;
        }
        self.report.received += records.len() as u64;
        self.report.written += written;
        self.report.stale += rows.len() as u64 - written.min(rows.len() as u64);
        Ok(())
    }

    async fn commit(mut self: Box<Self>, note: &DossierImportNote) -> StoreResult<DossierImportReport> {
        audit_import(&mut self.tx, &self.actor, note, &self.report).await?;
        self.tx.commit().await?;
        Ok(self.report)
    }

    async fn close_part(&mut self, actor: &Actor, note: &DossierImportNote) -> StoreResult<DossierImportReport> {
        let (now, before) = (&self.report, &self.closed);
        let part = DossierImportReport {
            rev: now.rev,
            received: now.received - before.received,
            written: now.written - before.written,
            stale: now.stale - before.stale,
        };
        audit_import(&mut self.tx, actor, note, &part).await?;
        self.closed = self.report.clone();
        Ok(part)
    }

    async fn commit_parts(self: Box<Self>) -> StoreResult<()> {
        Ok(self.tx.commit().await?)
    }
}

/// The audit entry of one import (or one share of a grouped one).
async fn audit_import(
    tx: &mut Tx,
    actor: &Actor,
    note: &DossierImportNote,
    report: &DossierImportReport,
) -> StoreResult<()> {
    let after = serde_json::json!({ "note": note, "result": report });
    let ev = event::<(), _>("kpi.dossiers.import", "kpi_dossiers", report.rev, None, Some(&after));
    append_audit(tx, actor, &[ev]).await
}

/// A stored dossier row.
#[derive(sqlx::FromRow)]
pub(crate) struct DossierDb {
    code: String,
    procedure_code: String,
    unit_code: String,
    received: i64,
    due: Option<i64>,
    finished: Option<i64>,
    returned: Option<i64>,
    updated: Option<i64>,
    channel: i64,
    online_level: i64,
    has_fee: bool,
    fee_amount: Option<i64>,
    paid_online: i64,
    digitised: bool,
    electronic_result: bool,
    reused_data: bool,
    from_data_store: bool,
    supplements: i64,
    supplement_secs: i64,
    status: i64,
    feedback: i64,
    rating: i64,
    apology: bool,
    rev: i64,
}

fn pick<T: Copy>(all: &[T], code: i64, what: &str) -> StoreResult<T> {
    usize::try_from(code).ok().and_then(|i| all.get(i)).copied().ok_or_else(|| corrupt(what, &code.to_string()))
}

impl TryFrom<DossierDb> for StoredDossier {
    type Error = crate::StoreError;
    fn try_from(d: DossierDb) -> StoreResult<StoredDossier> {
        let rating = match d.rating {
            0 => None,
            s @ 1..=5 => Some(Rating::Score(s as u8)),
            6 => Some(Rating::Satisfied(true)),
            7 => Some(Rating::Satisfied(false)),
            other => return Err(corrupt("đánh giá", &other.to_string())),
        };
        let record = DossierRecord {
            code: d.code,
            procedure: d.procedure_code,
            unit: d.unit_code,
            received: from_secs(d.received),
            due: d.due.map(from_secs),
            finished: d.finished.map(from_secs),
            returned: d.returned.map(from_secs),
            channel: u8::try_from(d.channel)
                .ok()
                .and_then(Channel::from_code)
                .ok_or_else(|| corrupt("kênh", &d.channel.to_string()))?,
            online_level: pick(
                &[OnlineLevel::None, OnlineLevel::Partial, OnlineLevel::Full],
                d.online_level,
                "mức độ",
            )?,
            has_fee: d.has_fee,
            fee_amount: d.fee_amount.and_then(|a| u64::try_from(a).ok()),
            paid_online: pick(
                &[PaidOnline::No, PaidOnline::NationalPortal, PaidOnline::ProvincialGateway],
                d.paid_online,
                "thanh toán",
            )?,
            digitised: d.digitised,
            electronic_result: d.electronic_result,
            reused_data: d.reused_data,
            from_data_store: d.from_data_store,
            supplements: u32::try_from(d.supplements).unwrap_or(0),
            supplement_secs: d.supplement_secs,
            status: pick(
                &[Status::Processing, Status::Supplementing, Status::Finished, Status::Returned, Status::Withdrawn],
                d.status,
                "trạng thái",
            )?,
            feedback: pick(&[Feedback::None, Feedback::Pending, Feedback::Resolved], d.feedback, "phản ánh")?,
            rating,
            apology: d.apology,
            updated: d.updated.map(from_secs),
        };
        Ok(StoredDossier { rev: d.rev, record })
    }
}

/// Converts fetched rows.
pub(crate) fn to_stored(rows: Vec<DossierDb>) -> StoreResult<Vec<StoredDossier>> {
    rows.into_iter().map(StoredDossier::try_from).collect()
}

/// Starts `WITH RECURSIVE sub(id, code)`: the unit `id` and every unit below it.
/// `WITH sub(id, code)`: the units a unit-scoped reader sees (the unit, or it and every
/// unit below it); nothing for a province-wide reader. Returns whether `sub` was pushed.
pub(crate) fn push_scope(q: &mut QueryBuilder<'_, super::Db>, vis: Visibility) -> bool {
    match vis {
        Visibility::Province => false,
        Visibility::Unit(unit) => {
            q.push("WITH sub(id, code) AS (SELECT id, code FROM units WHERE id = ").push_bind(unit).push(") ");
            true
        }
        Visibility::UnitTree(unit) => {
            q.push("WITH RECURSIVE sub(id, code) AS (SELECT id, code FROM units WHERE id = ")
                .push_bind(unit)
                .push(" UNION SELECT u.id, u.code FROM units u JOIN sub ON u.parent_id = sub.id) ");
            true
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batches_are_cut_into_the_prepared_sizes() {
        let rows: Vec<u32> = (0..2_345).collect();
        let parts = cut(&rows);
        let sizes: Vec<usize> = parts
            .iter()
            .map(|(i, p)| {
                assert_eq!(SIZES[*i], p.len());
                p.len()
            })
            .collect();
        assert_eq!(sizes, [1000, 1000, 100, 100, 100, 10, 10, 10, 10, 1, 1, 1, 1, 1]);
        let joined: Vec<u32> = parts.iter().flat_map(|(_, p)| p.iter().copied()).collect();
        assert_eq!(joined, rows, "every row once, in order");
        assert!(cut::<u32>(&[]).is_empty());
    }
}
