//! Backup and restore while the server writes: a backup taken in the middle of a stream of
//! audited writes restores into an empty data directory with every write made before the
//! backup began and a verifying audit chain; a non-empty target and a damaged copy are
//! refused; a scheduled slot is made once.

use std::path::PathBuf;
use std::sync::Arc;

use cchc_app::backup::{anchor, restore, Backups};
use cchc_app::config::Config;
use cchc_domain::unit::{UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_storage::{connect, ConnectOptions, Store};

fn temp_dir(tag: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    std::env::temp_dir().join(format!("cchc-backup-{tag}-{}-{nanos}", std::process::id()))
}

fn config(data_dir: PathBuf) -> Config {
    Config { data_dir, ..Config::default() }
}

async fn open(c: &Config) -> Arc<dyn Store> {
    std::fs::create_dir_all(&c.data_dir).unwrap_or_else(|e| panic!("{e}"));
    connect(&c.effective_database_url(), &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}"))
}

fn unit(i: usize) -> UnitInput {
    UnitInput { code: format!("X{i}"), kind: Some(UnitKind::Commune), name: format!("Xã {i}"), ..UnitInput::default() }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_during_writes_restores_everything_up_to_it() {
    let src = config(temp_dir("src"));
    let store = open(&src).await;
    let (done_tx, done_rx) = tokio::sync::watch::channel(0usize);
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            let actor = Actor { user_id: None, login: "tester".into() };
            for i in 0..300 {
                store.create_unit(&actor, &unit(i)).await.unwrap_or_else(|e| panic!("{e}"));
                let _ = done_tx.send(i + 1);
            }
        })
    };
    let mut done = done_rx.clone();
    while *done.borrow_and_update() < 40 {
        let _ = done.changed().await;
    }
    // Every unit whose creation had returned before the backup began must be in it.
    let committed = *done_rx.borrow();
    let backups = Backups::new(store.clone(), &src);
    let (dir, manifest) = backups.run(chrono::Utc::now()).await.unwrap_or_else(|e| panic!("{e}"));
    writer.await.unwrap_or_else(|e| panic!("{e}"));
    assert!(manifest.audit_head.seq as usize >= committed, "{manifest:?}");
    let published = anchor::read(&backups.anchor_file()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(anchor::heads(&published).last(), Some(&manifest.audit_head), "the backup published its head");

    let dst = config(temp_dir("dst"));
    let report = restore::restore(&dir, &dst).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.verified, Ok(manifest.audit_head.seq));
    let restored = open(&dst).await;
    let units = restored.all_units().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(units.len() as i64, manifest.audit_head.seq, "one unit per audit entry, nothing after the copy");
    for i in 0..committed {
        assert!(units.iter().any(|u| u.code == format!("X{i}")), "X{i} was written before the backup");
    }
    // The live database, with everything written since, verifies against the anchor too.
    let live = store.verify_audit_anchored(&anchor::heads(&published)).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(live, Ok(300));

    // A target that is not empty is never overwritten.
    let again = restore::restore(&dir, &dst).await;
    assert!(again.as_ref().is_err_and(|e| e.to_string().contains("không trống")), "{again:?}");
    // A damaged copy is refused before anything is written.
    let db = dir.join(&manifest.database_file);
    let mut bytes = std::fs::read(&db).unwrap_or_else(|e| panic!("{e}"));
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&db, bytes).unwrap_or_else(|e| panic!("{e}"));
    let other = config(temp_dir("dst2"));
    let damaged = restore::restore(&dir, &other).await;
    assert!(damaged.as_ref().is_err_and(|e| e.to_string().contains("không khớp")), "{damaged:?}");
    assert!(!other.data_dir.exists());
    for d in [&src.data_dir, &dst.data_dir] {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scheduled_backups_are_made_once_per_slot_and_pruned() {
    let mut src = config(temp_dir("sched"));
    src.backup.keep = 2;
    let store = open(&src).await;
    let b = Backups::new(store.clone(), &src);
    let now = chrono::Utc::now();
    assert!(b.run_scheduled("2025-03-07T00", now).await.unwrap_or_else(|e| panic!("{e}")).is_some());
    // A second node (same database) finds the slot taken.
    let other = Backups::new(store.clone(), &src);
    assert!(other.run_scheduled("2025-03-07T00", now).await.unwrap_or_else(|e| panic!("{e}")).is_none());
    for (i, slot) in ["2025-03-08T00", "2025-03-09T00"].iter().enumerate() {
        let at = now + chrono::Duration::seconds(i as i64 + 1);
        assert!(b.run_scheduled(slot, at).await.unwrap_or_else(|e| panic!("{e}")).is_some());
    }
    let kept = std::fs::read_dir(b.dir()).map(|d| d.flatten().filter(|e| e.path().is_dir()).count()).unwrap_or(0);
    assert_eq!(kept, 2, "keep = 2");
    assert_eq!(b.newest(), Some(now + chrono::Duration::seconds(2)));
    assert_eq!(store.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Ok(3), "three claims audited");
    let _ = std::fs::remove_dir_all(&src.data_dir);
}

fn backups_in(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map(|d| d.flatten().filter(|e| e.path().join("manifest.json").exists()).count()).unwrap_or(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_job_runners_of_two_nodes_make_one_scheduled_backup_and_publish_the_head() {
    let base = config(temp_dir("jobs"));
    let store = open(&base).await;
    let actor = Actor { user_id: None, login: "tester".into() };
    store.create_unit(&actor, &unit(1)).await.unwrap_or_else(|e| panic!("{e}"));
    let jobs_cfg = cchc_app::config::JobsConfig { poll_seconds: 1, reminder_hour: 23, ..Default::default() };
    // Two nodes on one database, each with its own backup directory.
    let mut nodes = Vec::new();
    for name in ["a", "b"] {
        let mut c = base.clone();
        c.backup.dir = base.data_dir.join(format!("backups-{name}")).display().to_string();
        let notifier = cchc_app::notify::Notifier::from_config(store.clone(), &c).unwrap_or_else(|e| panic!("{e}"));
        let b = Backups::new(store.clone(), &c);
        nodes.push((b.clone(), cchc_app::jobs::Jobs::start_with(notifier, &jobs_cfg, Some(b))));
    }
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    let made = || nodes.iter().map(|(b, _)| backups_in(&b.dir())).sum::<usize>();
    let anchored = || nodes.iter().all(|(b, _)| b.anchor_file().exists());
    while (made() == 0 || !anchored()) && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    // Give the losing node time to have tried too.
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    assert_eq!(made(), 1, "one scheduled backup for the slot across both nodes");
    assert!(anchored(), "each node publishes the chain head");
    let claims = store
        .list_audit(&cchc_storage::model::AuditFilter { action: Some("job.claim".into()), ..Default::default() })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(claims.len(), 1);
    for (_, jobs) in nodes {
        jobs.shutdown().await;
    }
    let _ = std::fs::remove_dir_all(&base.data_dir);
}
