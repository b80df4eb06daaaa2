//! Storage cases of accounts, sessions, the audit chain and settings, written once against
//! `&dyn Store`.

use cchc_domain::audit::ChainBreak;
use cchc_domain::role::Role;
use cchc_domain::unit::UnitKind;
use cchc_domain::user::Actor;
use cchc_storage::model::*;
use cchc_storage::{Store, StoreError};
use chrono::{Duration, TimeZone, Utc};

use crate::cases::{actor, audit_count, make_user, province, unit};
use crate::harness::Harness;

pub async fn users_and_credentials(h: &Harness) {
    let s = h.store();
    let p = province(s).await;
    let u = make_user(s, "an", Role::UnitFocal, Some(p)).await;
    assert_eq!(u.role, Role::UnitFocal);
    assert!(u.active);
    let dup = s
        .create_user(
            &actor(),
            &NewUser {
                login: "an".into(),
                full_name: "X".into(),
                email: String::new(),
                password_hash: "h".into(),
                role: Role::Leader,
                unit_id: None,
                must_change_password: false,
            },
        )
        .await;
    assert!(matches!(&dup, Err(StoreError::Conflict(m)) if m.contains("đăng nhập")), "{dup:?}");
    let (found, hash) = s.user_credentials("an").await.unwrap_or_default().unwrap_or_else(|| panic!("missing"));
    assert_eq!(found.id, u.id);
    assert_eq!(hash, "$argon2id$fake");
    assert!(s.user_credentials("nobody").await.unwrap_or_default().is_none());
    s.set_password(&actor(), u.id, "$argon2id$new", true).await.unwrap_or_else(|e| panic!("{e}"));
    let (found, hash) = s.user_credentials("an").await.unwrap_or_default().unwrap_or_else(|| panic!("missing"));
    assert!(found.must_change_password);
    assert_eq!(hash, "$argon2id$new");
    let upd = s
        .update_user(
            &actor(),
            u.id,
            &UserUpdate {
                full_name: "An".into(),
                email: "an@x.vn".into(),
                role: Role::Leader,
                unit_id: None,
                active: false,
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!upd.active);
    assert_eq!(s.count_users().await.unwrap_or_default(), 1);
    let log =
        s.list_audit(&AuditFilter { entity: Some("user".into()), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(
        log.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(),
        vec!["user.update", "user.password", "user.create"]
    );
    assert!(
        log.iter().all(|e| !e.after.as_deref().unwrap_or("").contains("argon2")),
        "hashes never reach the audit log"
    );
}

fn session(token: &str, user_id: i64, now: chrono::DateTime<Utc>) -> Session {
    Session {
        token_hash: token.into(),
        user_id,
        csrf_token: format!("csrf-{token}"),
        created_at: now,
        last_seen_at: now,
        expires_at: now + Duration::hours(1),
    }
}

pub async fn sessions_live_expire_and_end(h: &Harness) {
    let s = h.store();
    let u = make_user(s, "binh", Role::Leader, None).await;
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).single().unwrap_or_else(|| panic!("time"));
    s.create_session(&Actor::user(&u), &session("t1", u.id, now)).await.unwrap_or_else(|e| panic!("{e}"));
    let (sess, user) = s.session("t1", now).await.unwrap_or_default().unwrap_or_else(|| panic!("missing"));
    assert_eq!(user.login, "binh");
    assert_eq!(sess.csrf_token, "csrf-t1");
    assert!(s.session("t1", now + Duration::hours(2)).await.unwrap_or_default().is_none(), "expired");
    s.touch_session("t1", now + Duration::minutes(50), now + Duration::hours(3))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(s.session("t1", now + Duration::hours(2)).await.unwrap_or_default().is_some(), "extended");
    s.delete_session(&Actor::user(&u), "t1").await.unwrap_or_else(|e| panic!("{e}"));
    assert!(s.session("t1", now).await.unwrap_or_default().is_none());
    // Deactivating a user ends their sessions.
    s.create_session(&Actor::user(&u), &session("t2", u.id, now)).await.unwrap_or_else(|e| panic!("{e}"));
    s.update_user(
        &actor(),
        u.id,
        &UserUpdate {
            full_name: u.full_name.clone(),
            email: String::new(),
            role: Role::Leader,
            unit_id: None,
            active: false,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert!(s.session("t2", now).await.unwrap_or_default().is_none());
    s.create_session(&Actor::user(&u), &session("t3", u.id, now - Duration::hours(5)))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.purge_sessions(now).await.unwrap_or_default(), 1);
    let actions: Vec<String> = s
        .list_audit(&AuditFilter { action: Some("user.log".into()), ..Default::default() })
        .await
        .unwrap_or_default()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(actions, vec!["user.login", "user.login", "user.logout", "user.login"]);
}

async fn some_history(s: &dyn Store) {
    let p = province(s).await;
    for i in 0..4 {
        s.create_unit(&actor(), &unit(&format!("D{i}"), UnitKind::Department, Some(p), &format!("Sở {i}")))
            .await
            .unwrap_or_else(|e| panic!("{e}"));
    }
}

pub async fn audit_chain_verifies_and_detects_edits(h: &Harness) {
    let s = h.store();
    assert_eq!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Ok(0));
    some_history(s).await;
    assert_eq!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Ok(5));
    h.tamper("UPDATE audit_log SET after = REPLACE(after, 'Sở 2', 'Sở 9') WHERE seq = 4").await;
    assert_eq!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Err(ChainBreak::Edited { seq: 4 }));
}

pub async fn audit_detects_deleted_entries(h: &Harness) {
    let s = h.store();
    some_history(s).await;
    h.tamper("DELETE FROM audit_log WHERE seq = 5").await;
    assert_eq!(
        s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")),
        Err(ChainBreak::Truncated { last: 4, head: 5 })
    );
    h.tamper("DELETE FROM audit_log WHERE seq = 2").await;
    assert_eq!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Err(ChainBreak::Broken { seq: 3 }));
}

pub async fn audit_log_is_append_only(h: &Harness) {
    let s = h.store();
    some_history(s).await;
    let e = h.raw("UPDATE audit_log SET actor = 'mallory'").await;
    assert!(e.as_ref().is_err_and(|m| m.contains("append-only")), "{e:?}");
    let e = h.raw("DELETE FROM audit_log").await;
    assert!(e.as_ref().is_err_and(|m| m.contains("append-only")), "{e:?}");
    assert_eq!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Ok(5));
}

pub async fn concurrent_writes_keep_one_chain(h: &Harness) {
    let s = h.store();
    let p = province(s).await;
    let futs = (0..16).map(|i| async move {
        s.create_unit(&actor(), &unit(&format!("C{i}"), UnitKind::Commune, Some(p), &format!("Xã {i}"))).await
    });
    for r in futures_join(futs).await {
        r.unwrap_or_else(|e| panic!("{e}"));
    }
    assert_eq!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Ok(17));
}

/// Polls all futures concurrently on the current task.
async fn futures_join<F: std::future::Future>(futs: impl Iterator<Item = F>) -> Vec<F::Output> {
    let mut pinned: Vec<std::pin::Pin<Box<F>>> = futs.map(Box::pin).collect();
    let mut out: Vec<Option<F::Output>> = pinned.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (i, f) in pinned.iter_mut().enumerate() {
            if out[i].is_none() {
                match f.as_mut().poll(cx) {
                    std::task::Poll::Ready(v) => out[i] = Some(v),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    out.into_iter().flatten().collect()
}

pub async fn settings_round_trip(h: &Harness) {
    let s = h.store();
    assert_eq!(s.setting("province").await.unwrap_or_default(), None);
    s.set_setting(&actor(), "province", "HT").await.unwrap_or_else(|e| panic!("{e}"));
    s.set_setting(&actor(), "province", "HT").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.setting("province").await.unwrap_or_default().as_deref(), Some("HT"));
    assert_eq!(audit_count(s).await, 1, "setting the same value twice is one change");
    s.ping().await.unwrap_or_else(|e| panic!("{e}"));
}

pub async fn audit_filters(h: &Harness) {
    let s = h.store();
    some_history(s).await;
    let other = Actor { user_id: Some(7), login: "khac".into() };
    s.record_event(
        &other,
        &AuditEvent {
            action: "export.units".into(),
            entity: "unit".into(),
            entity_id: "*".into(),
            before: None,
            after: None,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let by_actor =
        s.list_audit(&AuditFilter { actor: Some("khac".into()), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(by_actor.len(), 1);
    assert_eq!(by_actor[0].actor_id, Some(7));
    let creates =
        s.list_audit(&AuditFilter { action: Some("unit.cr".into()), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(creates.len(), 5);
    let page = s.list_audit(&AuditFilter { limit: Some(2), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(page.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![6, 5]);
    let next = s
        .list_audit(&AuditFilter { limit: Some(2), before_seq: Some(5), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(next.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![4, 3]);
}
