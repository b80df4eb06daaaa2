//! Dossier batches pushed through the API, applied by group commit. Each request's records
//! are read and checked on its own thread, as a file import's are; the good ones then wait in
//! one queue per app node, and one writer applies every batch waiting in one transaction:
//! batch by batch in arrival order (a later batch sees an earlier one's rows, so idempotence
//! and staleness are as if they came one after the other), each closed with its own audit
//! entry by its own actor and its own counts, then one commit for all. Concurrent clients
//! thereby share the write lock, the transaction and the commit instead of queuing for one
//! each. If a group fails, its batches are retried one per transaction, so one batch's
//! failure is not another's.
//!
//! Reading and checking take turns ([`ReadTurn`]): as many batches at once as the node has
//! cores, in arrival order. Thirty-two batches read at once on two cores would all be ready
//! only at the end, together, with the writer idle meanwhile; one after the other, the first
//! is written while the next are read.

use std::sync::Arc;

use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::user::Actor;
use cchc_kpi::read::{Batch, ErrorPolicy};
use cchc_storage::model_kpi::{DossierImportNote, DossierImportReport};
use cchc_storage::{DynStore, StoreError};
use tokio::sync::{mpsc, oneshot, OwnedSemaphorePermit, Semaphore};

use super::files::{check_into, load_known, note_of, ImportOutcome};
use super::{blocking, KpiError};

/// Most batches applied in one transaction (and waiting in the queue).
const GROUP: usize = 64;

const WRITER_GONE: &str = "bộ ghi hồ sơ đã dừng; hãy gửi lại sau";

struct Job {
    actor: Actor,
    records: Vec<DossierRecord>,
    note: DossierImportNote,
    reply: oneshot::Sender<Result<DossierImportReport, String>>,
}

/// The queue of checked batches and its writer (one per app node).
#[derive(Clone)]
pub struct PushQueue {
    send: mpsc::Sender<Job>,
    readers: Arc<Semaphore>,
}

/// One batch's turn to be read and checked (see the module's notes); the turn ends when
/// [`push_dossiers`] has checked the batch, before it waits for the write.
pub struct ReadTurn {
    _permit: OwnedSemaphorePermit,
}

impl PushQueue {
    /// Starts the writer task; call inside the Tokio runtime. The writer ends when every
    /// handle to the queue is dropped.
    pub fn start(store: DynStore) -> PushQueue {
        let send = crate::group_commit::start(GROUP, move |jobs| {
            let store = store.clone();
            async move { apply(&store, jobs).await }
        });
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        PushQueue { send, readers: Arc::new(Semaphore::new(cores)) }
    }

    /// Waits for a turn to read and check a batch (first come, first served).
    pub async fn read_turn(&self) -> Result<ReadTurn, KpiError> {
        let permit = self.readers.clone().acquire_owned().await;
        permit.map(|p| ReadTurn { _permit: p }).map_err(|_| KpiError::Internal(WRITER_GONE.into()))
    }
}

/// Applies a group and answers each batch.
async fn apply(store: &DynStore, jobs: Vec<Job>) {
    match write_group(store, &jobs).await {
        Ok(reports) => {
            for (job, r) in jobs.into_iter().zip(reports) {
                let _ = job.reply.send(Ok(r));
            }
        }
        Err(e) if jobs.len() == 1 => {
            tracing::error!(error = %e, "dossier push not written");
            for job in jobs {
                let _ = job.reply.send(Err(e.to_string()));
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, batches = jobs.len(), "grouped dossier push failed; retrying one by one");
            for job in jobs {
                Box::pin(apply(store, vec![job])).await;
            }
        }
    }
}

/// One transaction: every batch written and closed with its audit entry, then the commit.
async fn write_group(store: &DynStore, jobs: &[Job]) -> Result<Vec<DossierImportReport>, StoreError> {
    let Some(first) = jobs.first() else { return Ok(Vec::new()) };
    let mut import = store.begin_dossier_import(&first.actor).await?;
    let mut reports = Vec::with_capacity(jobs.len());
    for j in jobs {
        import.write(&j.records).await?;
        reports.push(import.close_part(&j.actor, &j.note).await?);
    }
    import.commit_parts().await?;
    Ok(reports)
}

/// Checks a pushed batch as a file import checks it (in its read `turn`, which ends then),
/// queues its good records and waits for its share of the group commit. With
/// [`ErrorPolicy::RejectBatch`] and any error, the outcome is refused and nothing is queued.
/// A client that goes away while its batch waits does not withdraw it: the push is
/// idempotent, so sending it again is harmless.
pub async fn push_dossiers(
    store: &DynStore,
    queue: &PushQueue,
    turn: ReadTurn,
    actor: &Actor,
    name: String,
    batch: Batch,
    policy: ErrorPolicy,
) -> Result<ImportOutcome, KpiError> {
    let (matcher, known) = load_known(store).await?;
    let (mut out, records) = blocking(move || {
        let mut out = ImportOutcome { file_name: name, ..ImportOutcome::default() };
        let records = check_into(&mut out, batch, &matcher, &known, policy);
        out.issues.sort_by_key(|i| i.line);
        records.map(|r| (out, r))
    })
    .await??;
    drop(turn);
    if out.refused || records.is_empty() {
        return Ok(out);
    }
    let (reply, answer) = oneshot::channel();
    let job = Job { actor: actor.clone(), records, note: note_of(&out, policy), reply };
    queue.send.send(job).await.map_err(|_| KpiError::Internal(WRITER_GONE.into()))?;
    let report = answer.await.map_err(|_| KpiError::Internal(WRITER_GONE.into()))?;
    out.written = Some(report.map_err(|e| KpiError::Internal(format!("không ghi được hồ sơ: {e}")))?);
    Ok(out)
}
