//! Storage case for appraisers assigned per area of a PAR round: an assignment replaces the
//! user's areas, is listed per user, audited, and refused once the round is approved.

use cchc_domain::par::{criteria_templates, UnitGroup};
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_storage::model_par::NewRound;
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::units_for_tracking;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_else(|| panic!("date"))
}

pub async fn par_area_appraisers_replace_and_lock(h: &Harness) {
    let s = h.store();
    let actor = Actor { user_id: None, login: "par".into() };
    let set = criteria_templates()
        .unwrap_or_else(|e| panic!("{e}"))
        .into_iter()
        .find(|s| s.group == UnitGroup::new(UnitGroup::DEPARTMENTS))
        .unwrap_or_else(|| panic!("template"));
    let stored = s.save_criteria_set(&actor, &set).await.unwrap_or_else(|e| panic!("{e}"));
    let (a, _) = units_for_tracking(h).await;
    let new = |year| NewRound {
        year,
        name: format!("{year}"),
        self_due: d(11, 30),
        appraisal_due: d(12, 15),
        explanation_due: d(12, 20),
        approval_due: d(12, 31),
        units: vec![(a, stored.id)],
    };
    let r = s.create_round(&actor, &new(2026)).await.unwrap_or_else(|e| panic!("{e}"));
    let other = s.create_round(&actor, &new(2027)).await.unwrap_or_else(|e| panic!("{e}"));
    let u = crate::cases::make_user(s, "td.linhvuc", Role::Appraiser, None).await;
    let v = crate::cases::make_user(s, "td.khac", Role::Appraiser, None).await;

    let areas = ["3".to_string(), " 1 ".to_string(), "3".to_string(), String::new()];
    let got = s.assign_area_appraiser(&actor, r.id, u.id, &areas).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(got.areas, vec!["1".to_string(), "3".to_string()], "trimmed, sorted, once each");
    s.assign_area_appraiser(&actor, r.id, v.id, &["2".into()]).await.unwrap_or_else(|e| panic!("{e}"));
    s.assign_area_appraiser(&actor, r.id, u.id, &["4".into()]).await.unwrap_or_else(|e| panic!("{e}"));
    let list = s.area_appraisers(r.id).await.unwrap_or_default();
    let of = |id| list.iter().find(|x| x.user_id == id).map(|x| x.areas.clone()).unwrap_or_default();
    assert_eq!((of(u.id), of(v.id)), (vec!["4".to_string()], vec!["2".to_string()]), "replaced, not added");
    assert!(s.area_appraisers(other.id).await.unwrap_or_default().is_empty(), "per round");
    s.assign_area_appraiser(&actor, r.id, v.id, &[]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.area_appraisers(r.id).await.unwrap_or_default().len(), 1, "empty clears");
    let audit = s.list_audit(&Default::default()).await.unwrap_or_default();
    assert_eq!(audit.iter().filter(|e| e.action == "par.assign_areas").count(), 4, "each change audited");

    let x = s.assessments(r.id, cchc_domain::visibility::Visibility::Province).await.unwrap_or_default().remove(0);
    let x = s
        .move_assessment(&actor, x.id, x.version, cchc_domain::review::ReviewAction::Submit, d(11, 20), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    s.move_assessment(&actor, x.id, x.version, cchc_domain::review::ReviewAction::Accept, d(12, 1), None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let round = s.round(r.id).await.unwrap_or_else(|e| panic!("{e}"));
    s.approve_round(&actor, r.id, round.version, d(12, 2)).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(matches!(s.assign_area_appraiser(&actor, r.id, u.id, &["1".into()]).await, Err(StoreError::Conflict(_))));
    assert_eq!(s.area_appraisers(r.id).await.unwrap_or_default()[0].areas, vec!["4".to_string()], "unchanged");
}
