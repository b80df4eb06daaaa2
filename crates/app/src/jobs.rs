//! Background jobs inside `cchc serve`. The scheduler only enqueues: the daily reminder run
//! once the configured hour (Vietnam time) has come, and e-mail deliveries every
//! `poll_seconds` or at once when a new notice [`wake`]s it. A bounded pool of workers runs
//! the jobs, logs failures and retries a failed reminder run with backoff; on shutdown it
//! stops taking jobs and drains those in flight. Any number of nodes may run it: the
//! database decides which node sends each digest (see [`crate::notify`]). With backups
//! configured it also enqueues the scheduled backup (once per slot across nodes: see
//! [`crate::backup::Backups::run_scheduled`]) and the publication of the audit chain head.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use chrono::{NaiveDate, Timelike, Utc};
use tokio::sync::{mpsc, watch, Notify, Semaphore};
use tokio::task::{JoinHandle, JoinSet};

use crate::backup::Backups;
use crate::config::JobsConfig;
use crate::notify::Notifier;

/// Failed reminder runs are retried this many times (after 1, 2, 4, 8 minutes).
const MAX_RUN_RETRIES: u32 = 4;

/// Work for the pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// The reminder run of a day; `attempt` counts earlier failed attempts.
    Reminders { date: NaiveDate, attempt: u32 },
    /// Send the outbox e-mails that are due (first attempts and retries).
    DeliverDue,
    /// The scheduled backup of a time slot (`2025-03-07T00`).
    Backup { slot: String },
    /// Publish the audit chain head to the anchor file and the log.
    PublishAnchor,
}

fn wake_signal() -> &'static Notify {
    static WAKE: OnceLock<Notify> = OnceLock::new();
    WAKE.get_or_init(Notify::new)
}

/// Asks this node's scheduler to deliver due e-mails now (a notice was just queued).
pub fn wake() {
    wake_signal().notify_one();
}

/// The running scheduler and worker pool of one node.
pub struct Jobs {
    tx: mpsc::Sender<Job>,
    stop: watch::Sender<bool>,
    scheduler: JoinHandle<()>,
    dispatcher: JoinHandle<()>,
    delivery_queued: Arc<AtomicBool>,
}

impl Jobs {
    /// Starts the scheduler and `cfg.workers` workers.
    pub fn start(notifier: Notifier, cfg: &JobsConfig) -> Jobs {
        Self::start_with(notifier, cfg, None)
    }

    /// Starts them with scheduled backups and anchor publication as well.
    pub fn start_with(notifier: Notifier, cfg: &JobsConfig, backups: Option<Backups>) -> Jobs {
        let (tx, rx) = mpsc::channel(64);
        let (stop, stop_rx) = watch::channel(false);
        let delivery_queued = Arc::new(AtomicBool::new(false));
        let pool = Pool {
            notifier,
            workers: Arc::new(Semaphore::new(cfg.workers.clamp(1, 16))),
            retry: tx.downgrade(),
            delivery_queued: delivery_queued.clone(),
            backups: backups.clone(),
        };
        let dispatcher = tokio::spawn(pool.dispatch(rx, stop_rx.clone()));
        let timers = BackupTimers { backups, last_slot: None, last_anchor: None };
        let scheduler = tokio::spawn(schedule(tx.clone(), cfg.clone(), stop_rx, delivery_queued.clone(), timers));
        tracing::info!(workers = cfg.workers, reminder_hour = cfg.reminder_hour, "background jobs started");
        Jobs { tx, stop, scheduler, dispatcher, delivery_queued }
    }

    /// Queues a job (e.g. an on-demand reminder run); false when the queue is full.
    pub fn enqueue(&self, job: Job) -> bool {
        enqueue(&self.tx, job, &self.delivery_queued)
    }

    /// Stops the scheduler, takes no new jobs, and waits for the jobs in flight.
    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.scheduler.await;
        let _ = self.dispatcher.await;
        tracing::info!("background jobs stopped");
    }
}

/// Queues `job`; a delivery already waiting makes another one pointless.
fn enqueue(tx: &mpsc::Sender<Job>, job: Job, delivery_queued: &AtomicBool) -> bool {
    if job == Job::DeliverDue && delivery_queued.swap(true, Ordering::SeqCst) {
        return true;
    }
    let is_delivery = job == Job::DeliverDue;
    match tx.try_send(job) {
        Ok(()) => true,
        Err(e) => {
            if is_delivery {
                delivery_queued.store(false, Ordering::SeqCst);
            }
            tracing::warn!(error = %e, "job queue full; job dropped (it is enqueued again later)");
            false
        }
    }
}

/// Enqueues the daily run once its hour has come, and deliveries on every tick or wake-up.
async fn schedule(
    tx: mpsc::Sender<Job>,
    cfg: JobsConfig,
    mut stop: watch::Receiver<bool>,
    delivery_queued: Arc<AtomicBool>,
    mut timers: BackupTimers,
) {
    let mut tick = tokio::time::interval(Duration::from_secs(cfg.poll_seconds.clamp(1, 3600)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut last_run: Option<NaiveDate> = None;
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            _ = wake_signal().notified() => {
                enqueue(&tx, Job::DeliverDue, &delivery_queued);
            }
            _ = tick.tick() => {
                let now_vn = cchc_domain::vn_time::local(Utc::now());
                let today = now_vn.date();
                if now_vn.hour() >= cfg.reminder_hour.min(23)
                    && last_run != Some(today)
                    && enqueue(&tx, Job::Reminders { date: today, attempt: 0 }, &delivery_queued)
                {
                    last_run = Some(today);
                }
                enqueue(&tx, Job::DeliverDue, &delivery_queued);
                timers.tick(&tx, &delivery_queued);
            }
        }
    }
}

/// When the scheduler last enqueued a backup and an anchor publication.
struct BackupTimers {
    backups: Option<Backups>,
    last_slot: Option<i64>,
    last_anchor: Option<std::time::Instant>,
}

impl BackupTimers {
    /// A backup is due once the newest one in the directory is `every_hours` old; it is
    /// claimed per slot of that length, so however many nodes find it due, one makes it.
    fn tick(&mut self, tx: &mpsc::Sender<Job>, delivery_queued: &AtomicBool) {
        let Some(b) = &self.backups else { return };
        let cfg = b.config();
        let now = Utc::now();
        if cfg.every_hours > 0 {
            let period = i64::try_from(cfg.every_hours.saturating_mul(3600)).unwrap_or(i64::MAX);
            let slot = now.timestamp() / period;
            let due = b.newest().is_none_or(|t| (now - t).num_seconds() >= period);
            if due && self.last_slot != Some(slot) {
                let start = chrono::DateTime::from_timestamp(slot.saturating_mul(period), 0).unwrap_or(now);
                let job = Job::Backup { slot: start.format("%Y-%m-%dT%H").to_string() };
                if enqueue(tx, job, delivery_queued) {
                    self.last_slot = Some(slot);
                }
            }
        }
        let every = Duration::from_secs(cfg.anchor_minutes.saturating_mul(60));
        if cfg.anchor_minutes > 0
            && self.last_anchor.is_none_or(|t| t.elapsed() >= every)
            && enqueue(tx, Job::PublishAnchor, delivery_queued)
        {
            self.last_anchor = Some(std::time::Instant::now());
        }
    }
}

/// The workers' side: runs jobs, at most `workers` at a time.
struct Pool {
    notifier: Notifier,
    workers: Arc<Semaphore>,
    /// Re-enqueues failed runs without keeping the queue open after shutdown.
    retry: mpsc::WeakSender<Job>,
    delivery_queued: Arc<AtomicBool>,
    backups: Option<Backups>,
}

impl Pool {
    async fn dispatch(self, mut rx: mpsc::Receiver<Job>, mut stop: watch::Receiver<bool>) {
        let this = Arc::new(self);
        let mut running = JoinSet::new();
        loop {
            let job = tokio::select! {
                _ = stop.changed() => break,
                job = rx.recv() => match job { Some(j) => j, None => break },
            };
            let Ok(permit) = this.workers.clone().acquire_owned().await else { break };
            let me = this.clone();
            running.spawn(async move {
                me.run(job).await;
                drop(permit);
            });
            while let Some(done) = running.try_join_next() {
                log_panic(done);
            }
        }
        // Drain: jobs already started finish; queued ones are derived again on the next start.
        while let Some(done) = running.join_next().await {
            log_panic(done);
        }
    }

    async fn run(&self, job: Job) {
        match job {
            Job::DeliverDue => {
                self.delivery_queued.store(false, Ordering::SeqCst);
                match self.notifier.deliver_due(Utc::now()).await {
                    Ok((0, 0)) => {}
                    Ok((sent, failed)) => tracing::info!(sent, failed, "e-mails delivered"),
                    Err(e) => tracing::error!(error = %e, "e-mail delivery failed; retried on the next tick"),
                }
            }
            Job::Reminders { date, attempt } => match self.notifier.run_reminders(date, false).await {
                Ok(r) => {
                    tracing::info!(%date, items = r.items, digests = r.digests.len(), "reminder run done");
                    // Escalations are claimed per recipient, so a run repeated tomorrow (or on
                    // another node) catches up without sending twice.
                    match self.notifier.run_escalations(date, false).await {
                        Ok(e) => {
                            tracing::info!(%date, sent = e.iter().filter(|x| x.won).count(), "escalation run done")
                        }
                        Err(e) => {
                            tracing::error!(%date, error = %e, "escalation run failed; caught up on the next run")
                        }
                    }
                }
                Err(e) if attempt < MAX_RUN_RETRIES => {
                    let wait = Duration::from_secs(60 << attempt);
                    tracing::error!(%date, attempt, error = %e, retry_in_s = wait.as_secs(), "reminder run failed");
                    let retry = self.retry.clone();
                    tokio::spawn(async move {
                        tokio::time::sleep(wait).await;
                        if let Some(tx) = retry.upgrade() {
                            let _ = tx.send(Job::Reminders { date, attempt: attempt + 1 }).await;
                        }
                    });
                }
                Err(e) => tracing::error!(%date, attempt, error = %e, "reminder run failed; giving up until tomorrow"),
            },
            Job::Backup { slot } => {
                let Some(b) = &self.backups else { return };
                match b.run_scheduled(&slot, Utc::now()).await {
                    Ok(Some(dir)) => tracing::info!(%slot, dir = %dir.display(), "scheduled backup done"),
                    Ok(None) => tracing::info!(%slot, "scheduled backup already made by another node"),
                    Err(e) => tracing::error!(%slot, error = %e, "scheduled backup failed; tried again next period"),
                }
            }
            Job::PublishAnchor => {
                let Some(b) = &self.backups else { return };
                if let Err(e) = b.publish_anchor(Utc::now()).await {
                    tracing::error!(error = %e, "publishing the audit chain head failed");
                }
            }
        }
    }
}

fn log_panic(done: Result<(), tokio::task::JoinError>) {
    if let Err(e) = done {
        tracing::error!(error = %e, "a background job panicked");
    }
}
