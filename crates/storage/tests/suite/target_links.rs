//! Storage case for target → index-766 indicator links: set, kept across a revision of the
//! document, refused for a code the document lacks, removed, each real change audited once.

use cchc_domain::user::Actor;
use cchc_storage::model::AuditFilter;
use cchc_storage::StoreError;

use crate::harness::Harness;
use crate::plans::{content, task, units};

fn actor() -> Actor {
    Actor { user_id: None, login: "tester".into() }
}

pub async fn target_links_survive_revisions_and_are_audited(h: &Harness) {
    let s = h.store();
    let (a, _) = units(h).await;
    let c = content("sha-link-1", vec![task("1", "Ban hành kế hoạch", &[a], &[])]);
    let doc = s.save_plan(&actor(), &c, None, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(s.target_indicators().await.unwrap_or_else(|e| panic!("{e}")).is_empty());

    s.set_target_indicator(&actor(), doc.id, "1.1", Some("TD1")).await.unwrap_or_else(|e| panic!("{e}"));
    // The same link again writes nothing.
    s.set_target_indicator(&actor(), doc.id, "1.1", Some("TD1")).await.unwrap_or_else(|e| panic!("{e}"));
    let links = s.target_indicators().await.unwrap_or_default();
    assert_eq!(links.len(), 1);
    assert_eq!((links[0].identity.as_str(), links[0].target_code.as_str()), (c.meta.identity().as_str(), "1.1"));
    assert_eq!(links[0].indicator, "TD1");

    // A code the document does not have: not found, nothing written.
    let err = s.set_target_indicator(&actor(), doc.id, "9.9", Some("TT2")).await;
    assert!(matches!(err, Err(StoreError::NotFound(_))), "{err:?}");
    assert_eq!(s.target_indicators().await.unwrap_or_default().len(), 1);

    // A revision of the document (new target rows, same codes) keeps the link.
    let c2 = content("sha-link-2", vec![task("1", "Ban hành kế hoạch", &[a], &[])]);
    let doc2 = s.save_plan(&actor(), &c2, Some(doc.id), &[]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_ne!(doc2.id, doc.id);
    let links = s.target_indicators().await.unwrap_or_default();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].identity, c2.meta.identity());

    // Changed on the new version, then removed.
    s.set_target_indicator(&actor(), doc2.id, "1.1", Some("TT2")).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.target_indicators().await.unwrap_or_default()[0].indicator, "TT2");
    s.set_target_indicator(&actor(), doc2.id, "1.1", None).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(s.target_indicators().await.unwrap_or_default().is_empty());

    let log = s
        .list_audit(&AuditFilter { action: Some("target.indicator".into()), ..Default::default() })
        .await
        .unwrap_or_default();
    assert_eq!(log.len(), 3, "link, change, unlink: one entry per real change");
}
