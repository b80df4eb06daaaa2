//! The storage cases, written once against `&dyn Store`.

use cchc_domain::registry_file::{default_registries, read_csv};
use cchc_domain::role::Role;
use cchc_domain::unit::{ChangeKind, UnitContact, UnitInput, UnitKind};
use cchc_domain::user::Actor;
use cchc_storage::model::*;
use cchc_storage::{Store, StoreError};
use chrono::NaiveDate;

pub use crate::accounts::*;
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

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("bad date"))
}

pub(crate) fn actor() -> Actor {
    Actor { user_id: None, login: "tester".into() }
}

pub(crate) fn unit(code: &str, kind: UnitKind, parent: Option<i64>, name: &str) -> UnitInput {
    UnitInput { code: code.into(), kind: Some(kind), parent_id: parent, name: name.into(), ..UnitInput::default() }
}

pub(crate) async fn province(s: &dyn Store) -> i64 {
    s.create_unit(&actor(), &unit("P", UnitKind::Province, None, "Tỉnh Thử")).await.unwrap_or_else(|e| panic!("{e}")).id
}

pub(crate) async fn audit_count(s: &dyn Store) -> usize {
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
