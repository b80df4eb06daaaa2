//! Storage cases for initiatives: criteria stored as versions, a version in use frozen; a
//! draft edited, submitted, evaluated, scored and recognised, each change by version; files
//! and initiatives read only by those who may; adoptions once per unit; the annual counts.

use cchc_domain::initiative::{criteria_templates, InitiativeState, Level};
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{NewEvidence, NewUser};
use cchc_storage::model_initiative::{InitiativeChange, InitiativeFilter, InitiativeText};
use cchc_storage::StoreError;
use chrono::NaiveDate;

use crate::harness::Harness;
use crate::plans::units_for_tracking;

fn actor() -> Actor {
    Actor { user_id: None, login: "sangkien".into() }
}

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_else(|| panic!("date"))
}

fn ok<T, E: std::fmt::Display>(r: Result<T, E>) -> T {
    r.unwrap_or_else(|e| panic!("{e}"))
}

fn text(title: &str) -> InitiativeText {
    InitiativeText {
        title: title.into(),
        problem: "Hồ sơ giấy chậm".into(),
        solution: "Số hóa khi tiếp nhận".into(),
        scope: "Bộ phận một cửa".into(),
        benefit: "Rút ngắn 30% thời gian".into(),
    }
}

fn change(action: &str, state: InitiativeState, criteria: Option<i64>, on: NaiveDate) -> InitiativeChange {
    InitiativeChange {
        action: action.into(),
        state,
        criteria_id: criteria,
        return_reason: (state == InitiativeState::Returned).then(|| "Bổ sung số liệu".to_string()),
        decision_reason: state.level().map(|_| "Hiệu quả rõ".to_string()),
        results: state.level().map(|_| "Giảm 2 ngày xử lý".to_string()),
        on,
    }
}

fn pdf() -> NewEvidence {
    NewEvidence {
        file_name: "thuyet-minh.pdf".into(),
        content_type: "application/pdf".into(),
        bytes: b"%PDF-1.4".to_vec(),
        sha256: "ab".into(),
    }
}

pub async fn initiatives_propose_evaluate_recognise_adopt(h: &Harness) {
    let s = h.store();
    let (a, b) = units_for_tracking(h).await;
    let template = ok(criteria_templates()).remove(0);
    let c1 = ok(s.save_initiative_criteria(&actor(), &template, None).await);
    let mut edited = template.clone();
    edited.rule.province_min_percent = 85;
    let c1b = ok(s.save_initiative_criteria(&actor(), &edited, Some(c1.id)).await);
    assert_eq!((c1b.id, c1b.criteria.version, c1b.criteria.rule.province_min_percent), (c1.id, 1, 85));

    let i = ok(s.create_initiative(&actor(), a, 2026, &text("Số hóa hồ sơ"), &[pdf()]).await);
    assert_eq!(i.state, InitiativeState::Draft);
    // Drafts are their unit's own.
    assert!(matches!(s.initiative(i.id, Visibility::Province).await, Err(StoreError::NotFound(_))));
    assert!(matches!(s.initiative(i.id, Visibility::Unit(b)).await, Err(StoreError::NotFound(_))));
    assert!(ok(s.initiatives(&InitiativeFilter::default(), Visibility::Province).await).is_empty());
    let files = ok(s.initiative_files(i.id, Visibility::Unit(a)).await);
    assert_eq!(files.len(), 1);
    assert!(ok(s.initiative_file(&files[0].token, Visibility::Unit(b)).await).is_none());
    assert!(ok(s.initiative_file(&files[0].token, Visibility::Province).await).is_none(), "a draft's file");

    let stale = s.edit_initiative(&actor(), i.id, i.version + 1, &text("x"), &[]).await;
    assert!(matches!(stale, Err(StoreError::Conflict(_))));
    let i = ok(s.edit_initiative(&actor(), i.id, i.version, &text("Số hóa hồ sơ khi tiếp nhận"), &[]).await);
    let i = ok(s
        .change_initiative(
            &actor(),
            i.id,
            i.version,
            &change("initiative.submit", InitiativeState::Submitted, None, d(3, 1)),
        )
        .await);
    assert_eq!(i.submitted_on, Some(d(3, 1)));
    assert!(s.edit_initiative(&actor(), i.id, i.version, &text("y"), &[]).await.is_err(), "sent: not editable");
    assert_eq!(ok(s.initiatives(&InitiativeFilter::default(), Visibility::Province).await).len(), 1);
    assert!(ok(s.initiatives(&InitiativeFilter::default(), Visibility::Unit(b)).await).is_empty());

    let i = ok(s
        .change_initiative(
            &actor(),
            i.id,
            i.version,
            &change("initiative.evaluate", InitiativeState::UnderEvaluation, Some(c1.id), d(3, 5)),
        )
        .await);
    assert_eq!(i.criteria_id, Some(c1.id));
    let frozen = s.save_initiative_criteria(&actor(), &template, Some(c1.id)).await;
    assert!(matches!(frozen, Err(StoreError::Conflict(_))), "a version in use is frozen");
    assert!(ok(s.initiative_criteria_by_id(c1.id).await).in_use);
    let c2 = ok(s.save_initiative_criteria(&actor(), &template, None).await);
    assert_eq!(c2.criteria.version, 2);

    let user = ok(s
        .create_user(
            &actor(),
            &NewUser {
                login: "hoidong1".into(),
                full_name: "Thành viên hội đồng".into(),
                email: String::new(),
                password_hash: "x".into(),
                role: Role::Appraiser,
                unit_id: None,
                must_change_password: false,
            },
        )
        .await);
    ok(s.assign_initiative_evaluator(&actor(), i.id, user.id).await);
    ok(s.assign_initiative_evaluator(&actor(), i.id, user.id).await);
    assert_eq!(ok(s.initiative_evaluators(i.id).await), vec![(user.id, "Thành viên hội đồng".to_string())]);
    let scores = vec![("1".to_string(), 20), ("2".to_string(), 30), ("3".to_string(), 25)];
    ok(s.save_initiative_scores(&actor(), i.id, user.id, &scores[..2]).await);
    ok(s.save_initiative_scores(&actor(), i.id, user.id, &scores).await);
    assert_eq!(ok(s.initiative_scores(i.id).await).iter().map(|x| x.points).sum::<u32>(), 75, "replaced, not added");

    let adopt_early = s.adopt_initiative(&actor(), i.id, b, d(5, 1), "").await;
    assert!(matches!(adopt_early, Err(StoreError::Conflict(_))), "not recognised yet");
    let rec = InitiativeState::Recognised(Level::Unit);
    let i = ok(s.change_initiative(&actor(), i.id, i.version, &change("initiative.decide", rec, None, d(4, 1))).await);
    assert_eq!((i.state, i.decided_on, i.criteria_id), (rec, Some(d(4, 1)), Some(c1.id)));
    assert_eq!(i.results, "Giảm 2 ngày xử lý");
    assert!(s.save_initiative_scores(&actor(), i.id, user.id, &scores).await.is_err(), "decided: scores closed");
    // Recognised initiatives are read by every unit.
    assert_eq!(ok(s.initiative(i.id, Visibility::Unit(b)).await).id, i.id);
    let recognised = InitiativeFilter { recognised_only: true, ..Default::default() };
    assert_eq!(ok(s.initiatives(&recognised, Visibility::Unit(b)).await).len(), 1);

    let own = s.adopt_initiative(&actor(), i.id, a, d(5, 1), "").await;
    assert!(matches!(own, Err(StoreError::Conflict(_))), "not its own");
    let adopted = ok(s.adopt_initiative(&actor(), i.id, b, d(5, 1), "Áp dụng tại bộ phận một cửa").await);
    assert_eq!(adopted.unit_id, b);
    assert!(matches!(s.adopt_initiative(&actor(), i.id, b, d(5, 2), "").await, Err(StoreError::Conflict(_))));
    assert_eq!(ok(s.initiative_adoptions(i.id).await).len(), 1);

    // A second initiative of `b`, submitted, and a draft of `a`: counts leave drafts out.
    let j = ok(s.create_initiative(&actor(), b, 2026, &text("Tổ công nghệ số"), &[]).await);
    ok(s.change_initiative(
        &actor(),
        j.id,
        j.version,
        &change("initiative.submit", InitiativeState::Submitted, None, d(6, 1)),
    )
    .await);
    ok(s.create_initiative(&actor(), a, 2026, &text("Nháp"), &[]).await);
    let counts = ok(s.initiative_counts(2026).await);
    let of = |u| {
        counts
            .iter()
            .find(|c| c.unit_id == u)
            .map(|c| (c.proposed, c.recognised_province, c.recognised_unit, c.adopted))
    };
    assert_eq!(of(a), Some((1, 0, 1, 0)));
    assert_eq!(of(b), Some((1, 0, 0, 1)));
    assert!(ok(s.initiative_counts(2025).await).is_empty());

    let audit = ok(s.list_audit(&Default::default()).await);
    for action in [
        "initiative.criteria",
        "initiative.create",
        "initiative.edit",
        "initiative.submit",
        "initiative.evaluate",
        "initiative.assign",
        "initiative.score",
        "initiative.decide",
        "initiative.adopt",
    ] {
        assert!(audit.iter().any(|e| e.action == action), "{action} audited");
    }
}
