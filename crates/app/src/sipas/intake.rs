//! What the public form needs on every request, kept per app node: the campaign with its
//! questionnaire (read once, not on every submission), and the writer that stores checked
//! submissions by group commit.
//!
//! A campaign row is never changed once created and the questionnaire it uses is frozen by
//! its creation, so a cached pair is never stale while the database is the one it was read
//! from; the time to live only bounds how long a database restored underneath a running
//! node could be misread.
//!
//! The writer: submissions checked on their own tasks wait in one queue per node, and one
//! writer stores every submission waiting in one transaction (each with its own counts,
//! verdict and audit entry, in arrival order), then commits once. A crowd of phones thereby
//! shares the write lock and the commit instead of queueing for one each. If a group fails,
//! its submissions are retried one per transaction, so one's failure is not another's.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cchc_domain::sipas::Questionnaire;
use cchc_storage::model_sipas::Campaign;
use cchc_storage::model_sipas_guard::{PublicAttempt, PublicVerdict};
use cchc_storage::{DynStore, Store, StoreError, StoreResult};
use tokio::sync::{mpsc, oneshot};

/// Most submissions stored in one transaction (and waiting in the queue).
const GROUP: usize = 256;

/// How long a campaign and its questionnaire are reused.
const TTL: Duration = Duration::from_secs(60);

/// Campaigns kept at most (a province runs a handful at a time).
const CAPACITY: usize = 64;

/// A campaign and the questionnaire its form shows.
#[derive(Debug)]
pub struct PublicForm {
    pub campaign: Campaign,
    pub questionnaire: Questionnaire,
}

/// The cached forms by campaign, with when each was read.
type Forms = HashMap<i64, (Instant, Arc<PublicForm>)>;

struct Job {
    attempt: PublicAttempt,
    reply: oneshot::Sender<Result<PublicVerdict, String>>,
}

/// The public form's cache and writer (one per app node).
#[derive(Clone)]
pub struct PublicIntake {
    forms: Arc<Mutex<Forms>>,
    send: mpsc::Sender<Job>,
}

impl PublicIntake {
    /// Starts the writer task; call inside the Tokio runtime. The writer ends when every
    /// handle to the intake is dropped.
    pub fn start(store: DynStore) -> PublicIntake {
        let send = crate::group_commit::start(GROUP, move |jobs| {
            let store = store.clone();
            async move { write(store.as_ref(), jobs).await }
        });
        PublicIntake { forms: Arc::default(), send }
    }

    /// The campaign `id` and its questionnaire, from this node's cache or read.
    pub async fn form(&self, store: &dyn Store, id: i64) -> StoreResult<Arc<PublicForm>> {
        if let Some((born, f)) = self.lock().get(&id) {
            if born.elapsed() < TTL {
                return Ok(f.clone());
            }
        }
        let campaign = store.campaign(id).await?;
        let questionnaire = store.questionnaire(campaign.questionnaire_id).await?.questionnaire;
        let f = Arc::new(PublicForm { campaign, questionnaire });
        let mut forms = self.lock();
        if forms.len() >= CAPACITY {
            forms.retain(|_, (born, _)| born.elapsed() < TTL);
            if forms.len() >= CAPACITY {
                forms.clear();
            }
        }
        forms.insert(id, (Instant::now(), f.clone()));
        Ok(f)
    }

    /// Queues a checked submission and waits for its verdict from the group commit.
    pub async fn store(&self, attempt: PublicAttempt) -> StoreResult<PublicVerdict> {
        let (reply, answer) = oneshot::channel();
        self.send.send(Job { attempt, reply }).await.map_err(|_| StoreError::Other(WRITER_GONE.into()))?;
        answer.await.map_err(|_| StoreError::Other(WRITER_GONE.into()))?.map_err(StoreError::Other)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Forms> {
        self.forms.lock().unwrap_or_else(|p| p.into_inner())
    }
}

const WRITER_GONE: &str = "bộ ghi phiếu khảo sát đã dừng; hãy gửi lại sau";

/// Stores a group and answers each submission.
async fn write(store: &dyn Store, jobs: Vec<Job>) {
    let attempts: Vec<PublicAttempt> = jobs.iter().map(|j| j.attempt.clone()).collect();
    match store.submit_public(&attempts).await {
        Ok(verdicts) if verdicts.len() == jobs.len() => {
            for (job, v) in jobs.into_iter().zip(verdicts) {
                let _ = job.reply.send(Ok(v));
            }
        }
        Ok(_) => {
            tracing::error!("public submissions: the store answered a different number of verdicts");
            for job in jobs {
                let _ = job.reply.send(Err("số kết quả ghi phiếu không khớp".into()));
            }
        }
        Err(e) if jobs.len() == 1 => {
            tracing::error!(error = %e, "public submission not written");
            for job in jobs {
                let _ = job.reply.send(Err(e.to_string()));
            }
        }
        Err(e) => {
            tracing::warn!(error = %e, submissions = jobs.len(), "grouped public submissions failed; retrying one by one");
            for job in jobs {
                Box::pin(write(store, vec![job])).await;
            }
        }
    }
}
