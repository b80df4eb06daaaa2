//! Background upkeep of a store: a job run on a period and on demand by a task that stops
//! when the last handle is dropped (SQLite's WAL checkpoint; see `sqlite.rs`).

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot};

use crate::error::{StoreError, StoreResult};

type Job = Arc<dyn Fn() -> Pin<Box<dyn Future<Output = StoreResult<()>> + Send>> + Send + Sync>;

/// Handle on a running upkeep task.
#[derive(Clone)]
pub(crate) struct Upkeep {
    now: mpsc::Sender<oneshot::Sender<StoreResult<()>>>,
}

impl Upkeep {
    /// Spawns the task on the current runtime: `job` runs every `period` and whenever
    /// [`Upkeep::run_now`] asks. A failed periodic run is logged and retried next period.
    pub(crate) fn spawn(name: &'static str, period: Duration, job: Job) -> Upkeep {
        let (now, mut asks) = mpsc::channel::<oneshot::Sender<StoreResult<()>>>(4);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(period);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = tick.tick() => {
                        if let Err(e) = job().await {
                            tracing::warn!(task = name, error = %e, "store upkeep failed");
                        }
                    }
                    ask = asks.recv() => match ask {
                        Some(reply) => {
                            let _ = reply.send(job().await);
                        }
                        // Every handle is gone: the store is closed.
                        None => break,
                    }
                }
            }
        });
        Upkeep { now }
    }

    /// Runs the job now (after any run in progress) and waits for it.
    pub(crate) async fn run_now(&self) -> StoreResult<()> {
        let (reply, answer) = oneshot::channel();
        let gone = || StoreError::Other("tác vụ bảo trì cơ sở dữ liệu đã dừng".into());
        self.now.send(reply).await.map_err(|_| gone())?;
        answer.await.map_err(|_| gone())?
    }
}
