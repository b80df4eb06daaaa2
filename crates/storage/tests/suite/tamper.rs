//! Tampering with the audit table directly, as someone with database access would (the
//! append-only triggers dropped or disabled): every field changed, rows deleted, inserted and
//! reordered, the tail cut, each naively and with every later hash recomputed and the head
//! rewritten to match. Verification must catch every one; the rewritten ones only the
//! published anchor can catch, and the test checks that it does.

use cchc_domain::audit::{entry_hash, AuditEntry, ChainBreak, ChainHead, GENESIS_HASH};
use cchc_domain::unit::{UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_storage::model::AuditFilter;
use cchc_storage::Store;

use crate::harness::Harness;

fn actor() -> Actor {
    Actor { user_id: Some(1), login: "tester".into() }
}

/// Eight entries: a province and seven departments.
async fn history(s: &dyn Store) -> Vec<AuditEntry> {
    let unit = |code: &str, kind, parent, name: &str| UnitInput {
        code: code.into(),
        kind: Some(kind),
        parent_id: parent,
        name: name.into(),
        ..UnitInput::default()
    };
    let p = s.create_unit(&actor(), &unit("P", UnitKind::Province, None, "Tỉnh Thử")).await;
    let p = p.unwrap_or_else(|e| panic!("{e}")).id;
    for i in 0..7 {
        let u = unit(&format!("D{i}"), UnitKind::Department, Some(p), &format!("Sở {i}"));
        s.create_unit(&actor(), &u).await.unwrap_or_else(|e| panic!("{e}"));
    }
    let f = AuditFilter { limit: Some(1000), ..AuditFilter::default() };
    let mut all = s.list_audit(&f).await.unwrap_or_else(|e| panic!("{e}"));
    all.reverse();
    assert_eq!(all.len(), 8);
    all
}

fn lit(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn opt(s: &Option<String>) -> String {
    s.as_deref().map(lit).unwrap_or_else(|| "NULL".into())
}

fn insert_sql(e: &AuditEntry) -> String {
    format!(
        "INSERT INTO audit_log (seq, at_ms, actor_id, actor, action, entity, entity_id, before, after, prev_hash, hash) \
         VALUES ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
        e.seq,
        e.at_ms,
        e.actor_id.map(|i| i.to_string()).unwrap_or_else(|| "NULL".into()),
        lit(&e.actor),
        lit(&e.action),
        lit(&e.entity),
        lit(&e.entity_id),
        opt(&e.before),
        opt(&e.after),
        lit(&e.prev_hash),
        lit(&e.hash)
    )
}

/// Replaces the whole log with `entries` and points the head at the last one: the most an
/// attacker can do without the published anchor.
fn rewrite_sql(entries: &[AuditEntry]) -> Vec<String> {
    let mut out = vec!["DELETE FROM audit_log".to_string()];
    out.extend(entries.iter().map(insert_sql));
    let (seq, hash) = entries.last().map(|e| (e.seq, e.hash.clone())).unwrap_or((0, GENESIS_HASH.into()));
    out.push(format!("UPDATE audit_head SET seq = {seq}, hash = {} WHERE id = 1", lit(&hash)));
    out
}

/// Renumbers from 1 and recomputes every link and hash.
fn rechain(mut entries: Vec<AuditEntry>) -> Vec<AuditEntry> {
    let mut prev = GENESIS_HASH.to_string();
    for (i, e) in entries.iter_mut().enumerate() {
        e.seq = i as i64 + 1;
        e.prev_hash = prev;
        e.hash = entry_hash(e);
        prev = e.hash.clone();
    }
    entries
}

fn forged(seq: i64, prev: &str) -> AuditEntry {
    let mut e = AuditEntry {
        seq,
        at_ms: 1_700_000_000_000,
        actor_id: None,
        actor: "mallory".into(),
        action: "unit.create".into(),
        entity: "unit".into(),
        entity_id: "999".into(),
        before: None,
        after: Some(r#"{"name":"Sở Giả"}"#.into()),
        prev_hash: prev.into(),
        hash: String::new(),
    };
    e.hash = entry_hash(&e);
    e
}

/// Naive edits, straight on the table: the chain itself catches them.
fn naive_attacks(orig: &[AuditEntry]) -> Vec<(&'static str, Vec<String>)> {
    let field = |set: &str| vec![format!("UPDATE audit_log SET {set} WHERE seq = 3")];
    let last = orig.len() as i64;
    let extra = forged(last + 1, &orig[orig.len() - 1].hash);
    vec![
        ("seq", field("seq = 30")),
        ("at_ms", field("at_ms = at_ms + 1")),
        ("actor_id", field("actor_id = 2")),
        ("actor_id → NULL", field("actor_id = NULL")),
        ("actor", field("actor = 'mallory'")),
        ("action", field("action = 'unit.update'")),
        ("entity", field("entity = 'user'")),
        ("entity_id", field("entity_id = '77'")),
        ("before", field("before = '{}'")),
        ("after", field("after = REPLACE(after, 'Sở 1', 'Sở 9')")),
        ("after → NULL", field("after = NULL")),
        ("prev_hash", field(&format!("prev_hash = {}", lit(GENESIS_HASH)))),
        ("hash", field(&format!("hash = {}", lit(&entry_hash(&orig[0]))))),
        ("delete first", vec!["DELETE FROM audit_log WHERE seq = 1".into()]),
        ("delete middle", vec!["DELETE FROM audit_log WHERE seq = 4".into()]),
        ("delete two", vec!["DELETE FROM audit_log WHERE seq IN (2, 3)".into()]),
        ("delete last", vec![format!("DELETE FROM audit_log WHERE seq = {last}")]),
        ("delete all", vec!["DELETE FROM audit_log".into()]),
        ("insert past the head", vec![insert_sql(&extra)]),
        ("insert before the first", vec![insert_sql(&forged(0, GENESIS_HASH))]),
        (
            "insert in the middle",
            vec![
                "UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 4".into(),
                "UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000".into(),
                insert_sql(&forged(4, &orig[2].hash)),
                format!(
                    "UPDATE audit_head SET seq = {}, hash = {} WHERE id = 1",
                    last + 1,
                    lit(&orig[orig.len() - 1].hash)
                ),
            ],
        ),
        (
            "swap two",
            vec![
                "UPDATE audit_log SET seq = -1 WHERE seq = 3".into(),
                "UPDATE audit_log SET seq = 3 WHERE seq = 4".into(),
                "UPDATE audit_log SET seq = 4 WHERE seq = -1".into(),
            ],
        ),
    ]
}

/// Edits with every later hash recomputed and the head rewritten: a self-consistent chain.
fn rewriting_attacks(orig: &[AuditEntry]) -> Vec<(&'static str, Vec<AuditEntry>)> {
    let mut edited = orig.to_vec();
    edited[1].actor = "mallory".into();
    let mut deleted = orig.to_vec();
    deleted.remove(3);
    let mut inserted = orig.to_vec();
    inserted.insert(3, forged(0, ""));
    let mut swapped = orig.to_vec();
    swapped.swap(2, 5);
    let cut: Vec<AuditEntry> = orig[..5].to_vec();
    let mut regrown = cut.clone();
    regrown.extend((0..3).map(|_| forged(0, "")));
    vec![
        ("edit, rehashed", rechain(edited)),
        ("delete, renumbered", rechain(deleted)),
        ("insert, renumbered", rechain(inserted)),
        ("reorder, rehashed", rechain(swapped)),
        ("cut the tail", cut),
        ("cut the tail and regrow it", rechain(regrown)),
        ("cut everything", Vec::new()),
    ]
}

async fn apply(h: &Harness, stmts: &[String]) {
    for s in stmts {
        h.tamper(s).await;
    }
}

async fn verify(s: &dyn Store, anchors: &[ChainHead]) -> Result<i64, ChainBreak> {
    s.verify_audit_anchored(anchors).await.unwrap_or_else(|e| panic!("{e}"))
}

pub async fn every_kind_of_tampering_is_caught(h: &Harness) {
    let s = h.store();
    let orig = history(s).await;
    let anchors = [s.audit_head().await.unwrap_or_else(|e| panic!("{e}"))];
    assert_eq!(anchors[0], ChainHead { seq: 8, hash: orig[7].hash.clone() });
    for (name, stmts) in naive_attacks(&orig) {
        apply(h, &rewrite_sql(&orig)).await;
        assert_eq!(verify(s, &anchors).await, Ok(8), "{name}: restored log verifies");
        apply(h, &stmts).await;
        assert!(verify(s, &[]).await.is_err(), "{name}: caught by the chain alone");
        assert!(verify(s, &anchors).await.is_err(), "{name}: caught with the anchor");
    }
    for (name, entries) in rewriting_attacks(&orig) {
        apply(h, &rewrite_sql(&orig)).await;
        apply(h, &rewrite_sql(&entries)).await;
        // Self-consistent: the chain in the database cannot tell; the anchor outside can.
        assert!(verify(s, &[]).await.is_ok(), "{name}: a rewritten chain is self-consistent");
        let found = verify(s, &anchors).await;
        assert!(
            matches!(found, Err(ChainBreak::AnchorMismatch { .. } | ChainBreak::BehindAnchor { .. })),
            "{name}: {found:?}"
        );
    }
}

pub async fn claim_job_is_once_only(h: &Harness) {
    let s = h.store();
    let who = actor();
    let claims = (0..6).map(|_| s.claim_job(&who, "backup:2025-03-07T00"));
    let won = futures_join_all(claims).await.into_iter().filter(|r| matches!(r, Ok(true))).count();
    assert_eq!(won, 1, "exactly one concurrent claim wins");
    assert_eq!(s.claim_job(&actor(), "backup:2025-03-07T00").await.ok(), Some(false));
    assert_eq!(s.claim_job(&actor(), "backup:2025-03-08T00").await.ok(), Some(true));
    assert_eq!(s.verify_audit().await.unwrap_or_else(|e| panic!("{e}")), Ok(2));
}

/// Runs the futures concurrently on this task.
async fn futures_join_all<F: std::future::Future>(futs: impl Iterator<Item = F>) -> Vec<F::Output> {
    let handles: Vec<_> = futs.map(Box::pin).collect();
    let mut out = Vec::new();
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    std::future::poll_fn(|cx| {
        for slot in pending.iter_mut() {
            if let Some(f) = slot {
                if let std::task::Poll::Ready(v) = f.as_mut().poll(cx) {
                    out.push(v);
                    *slot = None;
                }
            }
        }
        if pending.iter().all(Option::is_none) {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    out
}
