//! The online copy behind `cchc backup`: on SQLite, `VACUUM INTO` while another task keeps
//! writing gives a database that opens, holds every unit committed before the copy began and
//! whose audit chain verifies; PostgreSQL refuses (its copy is made by `pg_dump`).

use cchc_domain::unit::{UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_storage::{sqlite, AuditStore, ConnectOptions, StoreError, UnitStore};

use crate::harness::{Backend, Harness};

fn unit(i: usize) -> UnitInput {
    UnitInput { code: format!("X{i}"), kind: Some(UnitKind::Commune), name: format!("Xã {i}"), ..UnitInput::default() }
}

pub async fn snapshot_is_a_consistent_copy(h: &Harness) {
    let dir = match &h.backend {
        Backend::Sqlite(_, dir) => dir.clone(),
        Backend::Postgres(..) => {
            let r = h.store().snapshot_into(&std::env::temp_dir().join("never.db")).await;
            assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
            return;
        }
    };
    let store = h.shared();
    let actor = Actor { user_id: None, login: "tester".into() };
    let writer = {
        let store = store.clone();
        tokio::spawn(async move {
            for i in 0..200 {
                store.create_unit(&actor, &unit(i)).await.unwrap_or_else(|e| panic!("{e}"));
            }
        })
    };
    // Wait until some writes are in, then copy while the rest go on.
    while store.audit_head().await.map(|h| h.seq).unwrap_or(0) < 20 {
        tokio::time::sleep(std::time::Duration::from_millis(2)).await;
    }
    let before = store.audit_head().await.unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.join("copy.db");
    store.snapshot_into(&copy).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(store.snapshot_into(&copy).await.is_err(), "an existing file is never overwritten");
    writer.await.unwrap_or_else(|e| panic!("{e}"));

    let url = format!("sqlite://{}", copy.display());
    let restored = sqlite::open(&url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
    let head = restored.audit_head().await.unwrap_or_else(|e| panic!("{e}"));
    assert!(head.seq >= before.seq && head.seq <= 200, "{head:?} vs {before:?}");
    let verified = restored.verify_audit_anchored(std::slice::from_ref(&before)).await;
    assert_eq!(verified.unwrap_or_else(|e| panic!("{e}")), Ok(head.seq));
    let units = restored.all_units().await;
    let units = units.unwrap_or_else(|e| panic!("{e}"));
    // One audit entry per unit: exactly the units of the copied chain are there.
    assert_eq!(units.len() as i64, head.seq);
    for i in 0..before.seq as usize {
        assert!(units.iter().any(|u| u.code == format!("X{i}")), "X{i} written before the copy");
    }
}
