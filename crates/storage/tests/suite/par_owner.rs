//! Storage case for the quarterly statuses of the province's own index (QĐ 876): a report
//! replaces the criterion's status of its quarter, an unchanged one writes nothing, every
//! change is audited with what it replaced, a unit reads only its own, a bad quarter is refused.

use cchc_domain::par::owner::CriterionStatus;
use cchc_domain::par::{criteria_templates, UnitGroup};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::AuditFilter;
use cchc_storage::StoreError;

use crate::harness::Harness;
use crate::plans::units_for_tracking;

fn status(code: &str, achieved: bool, reason: &str) -> CriterionStatus {
    CriterionStatus {
        code: code.into(),
        achieved,
        objective: false,
        result: format!("Kết quả {code}"),
        reason: reason.into(),
    }
}

pub async fn par_owner_statuses_replace_per_quarter_and_are_audited(h: &Harness) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "snv".into() };
    let set = criteria_templates()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .find(|s| s.group == UnitGroup::new(UnitGroup::PROVINCE_876))
        .unwrap_or_else(|| panic!("template"));
    let set = s.save_criteria_set(&actor, &set).await.unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = units_for_tracking(h).await;
    let audited = || async {
        let f = AuditFilter { action: Some("par.owner_status".into()), limit: Some(1000), ..Default::default() };
        s.list_audit(&f).await.unwrap_or_default()
    };

    let q1 = [status("1.1", true, ""), status("1.2", false, "Chờ hướng dẫn")];
    let n = s.save_owner_statuses(&actor, set.id, 2026, 1, a, &q1).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(n, 2);
    let all = s.owner_statuses(2026, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        all.iter().map(|r| (r.quarter, r.status.clone(), r.unit_id)).collect::<Vec<_>>(),
        vec![(1, q1[0].clone(), a), (1, q1[1].clone(), a)]
    );
    assert_eq!(all[0].updated_by, "snv");
    assert_eq!(s.owner_statuses(2026, Visibility::Unit(a)).await.unwrap_or_default().len(), 2);
    assert!(s.owner_statuses(2026, Visibility::Unit(b)).await.unwrap_or_default().is_empty(), "not b's");
    assert!(s.owner_statuses(2027, Visibility::Province).await.unwrap_or_default().is_empty());
    assert_eq!(audited().await.len(), 2);

    // The same report again changes nothing and logs nothing.
    assert_eq!(s.save_owner_statuses(&actor, set.id, 2026, 1, a, &q1).await.ok(), Some(0));
    assert_eq!(audited().await.len(), 2);

    // 1.2 achieved since: its row is replaced, the log keeps what it said.
    let n = s.save_owner_statuses(&actor, set.id, 2026, 1, a, &[status("1.2", true, "")]).await;
    assert_eq!(n.ok(), Some(1));
    let all = s.owner_statuses(2026, Visibility::Province).await.unwrap_or_default();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|r| r.status.achieved));
    let log = audited().await;
    assert_eq!(log.len(), 3);
    let before = log.iter().find_map(|e| e.before.as_ref()).map(|b| b.to_string()).unwrap_or_default();
    assert!(before.contains("Chờ hướng dẫn"), "{before}");

    // Another quarter is another row; a quarter out of 1–4 is refused with nothing stored.
    assert_eq!(s.save_owner_statuses(&actor, set.id, 2026, 2, a, &q1).await.ok(), Some(2));
    let bad = s.save_owner_statuses(&actor, set.id, 2026, 5, a, &q1).await;
    assert!(matches!(bad, Err(StoreError::Invalid(_))), "{bad:?}");
    assert_eq!(s.owner_statuses(2026, Visibility::Province).await.unwrap_or_default().len(), 4);
}
