//! The storage cases, written once against `&dyn Store`.

use cchc_domain::audit::ChainBreak;
use cchc_domain::registry_file::{default_registries, read_csv};
use cchc_domain::role::Role;
use cchc_domain::unit::{ChangeKind, UnitContact, UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_storage::model::*;
use cchc_storage::{Store, StoreError};
use chrono::{Duration, NaiveDate, TimeZone, Utc};

pub use crate::bulk::*;
pub use crate::dashboard::*;
use crate::harness::Harness;
pub use crate::initiative::*;
pub use crate::inspection::*;
pub use crate::kpi::*;
pub use crate::login::*;
pub use crate::notify::*;
pub use crate::par::*;
pub use crate::par_areas::*;
pub use crate::par_links::*;
pub use crate::par_owner::*;
pub use crate::plans::*;
pub use crate::reports::*;
pub use crate::signoff::*;
pub use crate::sipas::*;
pub use crate::sipas_submit::*;
pub use crate::snapshot::*;
pub use crate::tamper::*;
pub use crate::target_links::*;
pub use crate::tokens::*;
pub use crate::tracking::*;
pub use crate::unit_plans::*;
pub use crate::visibility::*;
pub use crate::workdays::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("bad date"))
}

fn actor() -> Actor {
    Actor { user_id: None, login: "tester".into() }
}

fn unit(code: &str, kind: UnitKind, parent: Option<i64>, name: &str) -> UnitInput {
    UnitInput { code: code.into(), kind: Some(kind), parent_id: parent, name: name.into(), ..UnitInput::default() }
}

async fn province(s: &dyn Store) -> i64 {
    s.create_unit(&actor(), &unit("P", UnitKind::Province, None, "Tỉnh Thử")).await.unwrap_or_else(|e| panic!("{e}")).id
}

async fn audit_count(s: &dyn Store) -> usize {
    s.list_audit(&AuditFilter { limit: Some(100_000), ..Default::default() }).await.unwrap_or_default().len()
}

pub async fn units_create_search_update(h: &Harness) {
    let s = h.store();
    let p = province(s).await;
    let mut input = unit("P-SNV", UnitKind::Department, Some(p), "Sở Nội vụ");
    input.abbreviations = vec!["SNV".into()];
    let snv = s.create_unit(&actor(), &input).await.unwrap_or_else(|e| panic!("{e}"));
    s.create_unit(&actor(), &unit("P-STC", UnitKind::Department, Some(p), "Sở Tài chính"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(snv.parent_id, Some(p));
    assert_eq!(s.get_unit(snv.id).await.unwrap_or_else(|e| panic!("{e}")), snv);
    assert_eq!(s.unit_by_code("p-snv").await.unwrap_or_default().map(|u| u.id), Some(snv.id));

    // Diacritic- and case-insensitive search, NFD input included.
    for q in ["so noi vu", "SỞ NỘI VỤ", "So\u{31b} No\u{323}i vu\u{323}", "snv"] {
        let found = s.list_units(&UnitFilter { query: Some(q.into()), ..Default::default() }).await.unwrap_or_default();
        assert_eq!(found.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(), vec!["P-SNV"], "query {q:?}");
    }
    let children = s.list_units(&UnitFilter { parent_id: Some(p), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(children.len(), 2);
    let deps =
        s.list_units(&UnitFilter { kind: Some(UnitKind::Department), ..Default::default() }).await.unwrap_or_default();
    assert_eq!(deps.len(), 2);

    let mut edit = input.clone();
    edit.name = "Sở Nội vụ tỉnh Thử".into();
    let after = s.update_unit(&actor(), snv.id, &edit).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after.name, "Sở Nội vụ tỉnh Thử");
    let entries = s
        .list_audit(&AuditFilter {
            entity: Some("unit".into()),
            entity_id: Some(snv.id.to_string()),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert_eq!(entries.iter().map(|e| e.action.as_str()).collect::<Vec<_>>(), vec!["unit.update", "unit.create"]);
    assert!(entries[0].before.as_deref().unwrap_or("").contains("Sở Nội vụ\""));
    assert!(entries[0].after.as_deref().unwrap_or("").contains("tỉnh Thử"));

    let c = UnitContact {
        contact_person: "Nguyễn Văn A".into(),
        phone: "0239 3855 555".into(),
        email: "snv@example.vn".into(),
        address: String::new(),
    };
    s.update_unit_contact(&actor(), snv.id, &c).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.unit_contact(snv.id).await.unwrap_or_default(), c);
    assert!(matches!(s.get_unit(9999).await, Err(StoreError::NotFound(_))));
}

pub async fn unit_parent_cycles_and_duplicate_codes_are_refused(h: &Harness) {
    let s = h.store();
    let p = province(s).await;
    let a = s
        .create_unit(&actor(), &unit("A", UnitKind::District, Some(p), "Huyện A"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let b = s
        .create_unit(&actor(), &unit("B", UnitKind::Commune, Some(a.id), "Xã B"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let before = audit_count(s).await;
    let r = s.update_unit(&actor(), a.id, &unit("A", UnitKind::District, Some(b.id), "Huyện A")).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
    let r = s.update_unit(&actor(), a.id, &unit("A", UnitKind::District, Some(a.id), "Huyện A")).await;
    assert!(matches!(r, Err(StoreError::Invalid(_))), "{r:?}");
    let r = s.create_unit(&actor(), &unit("B", UnitKind::Commune, Some(a.id), "Xã B trùng")).await;
    assert!(matches!(r, Err(StoreError::Conflict(_))), "{r:?}");
    let r = s.create_unit(&actor(), &unit("C", UnitKind::Commune, Some(4242), "Xã C")).await;
    assert!(r.is_err(), "unknown parent must be refused");
    assert_eq!(audit_count(s).await, before, "refused changes leave no audit entries");
    assert_eq!(s.get_unit(a.id).await.unwrap_or_else(|e| panic!("{e}")).parent_id, Some(p));
}

pub async fn merge_ends_predecessors_and_links_successor(h: &Harness) {
    let s = h.store();
    let p = province(s).await;
    let ttt = s
        .create_unit(&actor(), &unit("TTTT", UnitKind::Department, Some(p), "Sở Thông tin và Truyền thông"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let khcn = s
        .create_unit(&actor(), &unit("KHCN", UnitKind::Department, Some(p), "Sở Khoa học và Công nghệ"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let change = NewChange {
        kind: ChangeKind::Merge,
        effective: d(2025, 3, 1),
        predecessors: vec![ttt.id, khcn.id],
        successors: vec![SuccessorSpec::New(unit(
            "KHCN2",
            UnitKind::Department,
            Some(p),
            "Sở Khoa học và Công nghệ (mới)",
        ))],
        note: "NQ HĐND".into(),
    };
    let c = s.record_change(&actor(), &change).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.successors.len(), 1);
    let new = s.get_unit(c.successors[0]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(new.valid_from, Some(d(2025, 3, 1)));
    for old in [ttt.id, khcn.id] {
        assert_eq!(s.get_unit(old).await.unwrap_or_else(|e| panic!("{e}")).valid_to, Some(d(2025, 2, 28)));
    }
    let current = s
        .list_units(&UnitFilter {
            active_on: Some(d(2025, 6, 1)),
            kind: Some(UnitKind::Department),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert_eq!(current.iter().map(|u| u.code.as_str()).collect::<Vec<_>>(), vec!["KHCN2"]);
    let past = s
        .list_units(&UnitFilter {
            active_on: Some(d(2025, 1, 1)),
            kind: Some(UnitKind::Department),
            ..Default::default()
        })
        .await
        .unwrap_or_default();
    assert_eq!(past.len(), 2, "history keeps the old units");
    let of_ttt = s.list_changes(Some(ttt.id)).await.unwrap_or_default();
    assert_eq!(of_ttt.len(), 1);
    assert_eq!(of_ttt[0].predecessors.len(), 2);
    assert_eq!(of_ttt[0].note, "NQ HĐND");
    // A second merge of an ended unit is refused.
    let again = NewChange {
        successors: vec![SuccessorSpec::Existing(new.id)],
        predecessors: vec![ttt.id],
        effective: d(2025, 7, 1),
        ..change.clone()
    };
    assert!(matches!(s.record_change(&actor(), &again).await, Err(StoreError::Conflict(_))));
}

pub async fn absorbing_merge_keeps_the_absorber(h: &Harness) {
    let s = h.store();
    let p = province(s).await;
    let khdt = s
        .create_unit(&actor(), &unit("KHDT", UnitKind::Department, Some(p), "Sở Kế hoạch và Đầu tư"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let tc = s
        .create_unit(&actor(), &unit("TC", UnitKind::Department, Some(p), "Sở Tài chính"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let c = s
        .record_change(
            &actor(),
            &NewChange {
                kind: ChangeKind::Merge,
                effective: d(2025, 3, 1),
                predecessors: vec![khdt.id, tc.id],
                successors: vec![SuccessorSpec::Existing(tc.id)],
                note: String::new(),
            },
        )
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(c.successors, vec![tc.id]);
    assert_eq!(s.get_unit(tc.id).await.unwrap_or_else(|e| panic!("{e}")).valid_to, None);
    assert_eq!(s.get_unit(khdt.id).await.unwrap_or_else(|e| panic!("{e}")).valid_to, Some(d(2025, 2, 28)));
}

pub async fn change_with_bad_shape_writes_nothing(h: &Harness) {
    let s = h.store();
    let p = province(s).await;
    let a = s
        .create_unit(&actor(), &unit("A", UnitKind::Department, Some(p), "Sở A"))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let before_units = s.all_units().await.unwrap_or_default().len();
    let before_audit = audit_count(s).await;
    // A split into one new unit is invalid; the new unit must not survive the rollback.
    let bad = NewChange {
        kind: ChangeKind::Split,
        effective: d(2025, 3, 1),
        predecessors: vec![a.id],
        successors: vec![SuccessorSpec::New(unit("A1", UnitKind::Department, Some(p), "Sở A1"))],
        note: String::new(),
    };
    assert!(matches!(s.record_change(&actor(), &bad).await, Err(StoreError::Invalid(_))));
    assert_eq!(s.all_units().await.unwrap_or_default().len(), before_units);
    assert_eq!(audit_count(s).await, before_audit);
    assert_eq!(s.get_unit(a.id).await.unwrap_or_else(|e| panic!("{e}")).valid_to, None);
    assert!(s.list_changes(None).await.unwrap_or_default().is_empty());
}

fn default_rows() -> Vec<cchc_domain::registry_file::UnitRow> {
    let mut rows = Vec::new();
    for (file, text) in default_registries() {
        rows.extend(read_csv(text).unwrap_or_else(|e| panic!("{file}: {e:?}")));
    }
    rows
}

pub async fn registry_import_is_idempotent(h: &Harness) {
    let s = h.store();
    let rows = default_rows();
    let r = s.import_units(&actor(), &rows).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.created, rows.len());
    assert!(r.changes > 0, "the 2025 merges become changes");
    let ht_ttt = s.unit_by_code("HT-STTTT").await.unwrap_or_default();
    let audit_after_first = audit_count(s).await;
    let again = s.import_units(&actor(), &rows).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(again, ImportReport { created: 0, updated: 0, unchanged: rows.len(), changes: 0 });
    assert_eq!(audit_count(s).await, audit_after_first, "a re-import changes nothing");
    if let Some(u) = ht_ttt {
        let ch = s.list_changes(Some(u.id)).await.unwrap_or_default();
        assert_eq!(ch.len(), 1, "{ch:?}");
        assert_eq!(ch[0].kind, ChangeKind::Merge);
    }
    assert_eq!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Ok(audit_after_first as i64));
}

pub async fn registry_import_is_all_or_nothing(h: &Harness) {
    let s = h.store();
    let mut rows =
        read_csv("code,kind,parent_code,name\nX,province,,Tỉnh X\nX-A,department,X,Sở A\nX-B,department,NOPE,Sở B\n")
            .unwrap_or_else(|e| panic!("{e:?}"));
    let r = s.import_units(&actor(), &rows).await;
    assert!(matches!(&r, Err(StoreError::Invalid(m)) if m.contains("dòng 4")), "{r:?}");
    assert!(s.all_units().await.unwrap_or_default().is_empty(), "nothing half-written");
    assert_eq!(audit_count(s).await, 0);
    rows[2].parent_code = Some("X".into());
    s.import_units(&actor(), &rows).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.all_units().await.unwrap_or_default().len(), 3);
}

pub(crate) async fn make_user(s: &dyn Store, login: &str, role: Role, unit_id: Option<i64>) -> cchc_domain::user::User {
    s.create_user(
        &actor(),
        &NewUser {
            login: login.into(),
            full_name: format!("Người dùng {login}"),
            email: String::new(),
            password_hash: "$argon2id$fake".into(),
            role,
            unit_id,
            must_change_password: false,
        },
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"))
}

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
