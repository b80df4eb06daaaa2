//! Appraisers assigned per area (lĩnh vực): what `appraise` records for them (the criteria of
//! their areas, in any submitted assessment of the round; anything else refused with nothing
//! stored) and what they may decide (return, not accept the whole).

use cchc_app::accounts::ServiceError;
use cchc_app::par::{appraisal_scope, appraise, area_of, decide, AppraisalInput, AppraisalScope};
use cchc_app::synthetic::names::Rng;
use cchc_app::synthetic::par::{par_round, self_scores, ParOptions};
use cchc_domain::par::{CriteriaSet, Points};
use cchc_domain::review::ReviewAction;
use cchc_domain::role::Role;
use cchc_domain::user::{Actor, User};
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewUser;
use cchc_storage::{connect, ConnectOptions, DynStore, StoreError};
use chrono::NaiveDate;

async fn store() -> (DynStore, std::path::PathBuf) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("cchc-par-areas-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("sqlite://{}", dir.join("cchc.db").display());
    (connect(&url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}")), dir)
}

async fn appraiser(s: &DynStore, login: &str) -> User {
    let u = NewUser {
        login: login.into(),
        full_name: login.into(),
        email: String::new(),
        password_hash: "$argon2id$fake".into(),
        role: Role::Appraiser,
        unit_id: None,
        must_change_password: false,
    };
    s.create_user(&Actor::system(), &u).await.unwrap_or_else(|e| panic!("{e}"))
}

/// An adjustment of the first leaf of area `area` to a score its method allows.
fn adjust(set: &CriteriaSet, area: &str) -> AppraisalInput {
    let leaf = set
        .leaves()
        .into_iter()
        .find(|r| area_of(&r.node.code) == area && !r.component.is_external())
        .unwrap_or_else(|| panic!("a leaf in area {area}"));
    let n = leaf.node;
    let p = n.scoring_method().allowed_scores(n.max).and_then(|v| v.first().copied()).unwrap_or(Points::ZERO);
    AppraisalInput {
        code: n.code.clone(),
        points: p.to_string(),
        reason: "Đối chiếu tài liệu kiểm chứng".into(),
        ..Default::default()
    }
}

fn hidden<T: std::fmt::Debug>(r: Result<T, ServiceError>) -> bool {
    matches!(r, Err(ServiceError::Store(StoreError::NotFound(_))))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_area_appraiser_marks_only_their_areas() {
    let (s, dir) = store().await;
    let opts = ParOptions { units: 3, criteria: 9, areas: 3, year: 2026, seed: 5 };
    let p = par_round(&s, &opts).await.unwrap_or_else(|e| panic!("{e}"));
    let (sys, day) = (Actor::system(), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default());
    let mut rng = Rng::new(3);
    let mut list = Vec::new();
    for (i, a) in p.assessments.iter().enumerate() {
        let scores = self_scores(&p.set, &mut rng);
        let mut x = s.save_self_scores(&sys, a.id, a.version, &scores).await.unwrap_or_else(|e| panic!("{e}"));
        if i < 2 {
            x = s
                .move_assessment(&sys, x.id, x.version, ReviewAction::Submit, day, None)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
        list.push(x);
    }
    let (area_one, unit_one, nobody) =
        (appraiser(&s, "td.lv1").await, appraiser(&s, "td.dv").await, appraiser(&s, "td.x").await);
    s.assign_area_appraiser(&sys, p.round.id, area_one.id, &["1".into()]).await.unwrap_or_else(|e| panic!("{e}"));
    let x = s.assign_appraiser(&sys, list[1].id, Some(unit_one.id)).await.unwrap_or_else(|e| panic!("{e}"));
    list[1] = x;
    let (me, unit_actor, other) = (Actor::user(&area_one), Actor::user(&unit_one), Actor::user(&nobody));

    // Scope: the area appraiser's areas in every submitted assessment, never a draft.
    let scope = appraisal_scope(s.as_ref(), &me, Role::Appraiser, &list[0]).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(scope, AppraisalScope::Areas(["1".to_string()].into()));
    assert!(hidden(appraisal_scope(s.as_ref(), &me, Role::Appraiser, &list[2]).await), "a draft");
    assert!(hidden(appraisal_scope(s.as_ref(), &other, Role::Appraiser, &list[0]).await), "not assigned");
    assert_eq!(
        appraisal_scope(s.as_ref(), &unit_actor, Role::Appraiser, &list[1]).await.ok(),
        Some(AppraisalScope::All)
    );

    // Another area is refused, with its name, and nothing of the post is stored.
    let (mine, theirs) = (adjust(&p.set, "1"), adjust(&p.set, "2"));
    let a = &list[0];
    let before = s.scores(a.id, Visibility::Province).await.unwrap_or_default();
    match appraise(s.as_ref(), &me, Role::Appraiser, a.id, a.version, &[mine.clone(), theirs.clone()]).await {
        Err(ServiceError::Invalid(e)) => {
            let m = e.sentence();
            assert!(m.contains(&theirs.code) && m.contains("không thuộc lĩnh vực bạn được phân công"), "{m}");
            assert!(!m.contains(&format!("Tiêu chí {} ", mine.code)), "{m}");
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
    assert_eq!(s.scores(a.id, Visibility::Province).await.unwrap_or_default(), before, "nothing stored");
    let after = appraise(s.as_ref(), &me, Role::Appraiser, a.id, a.version, std::slice::from_ref(&mine))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let stored = s.scores(a.id, Visibility::Province).await.unwrap_or_default();
    let got = stored.iter().find(|r| r.score.code == mine.code).and_then(|r| r.score.appraised_mark);
    assert!(got.is_some(), "the area's criterion is marked");
    assert!(stored.iter().all(|r| r.score.code == mine.code || r.score.appraised_mark.is_none()), "only that one");

    // The area appraiser returns criteria of their area, but may not accept the whole.
    assert!(matches!(
        decide(s.as_ref(), &me, Role::Appraiser, a.id, after.version, ReviewAction::Accept, day, None).await,
        Err(ServiceError::Invalid(_))
    ));
    let ask = AppraisalInput { explain: true, ..mine.clone() };
    let after =
        appraise(s.as_ref(), &me, Role::Appraiser, a.id, after.version, &[ask]).await.unwrap_or_else(|e| panic!("{e}"));
    let r = decide(
        s.as_ref(),
        &me,
        Role::Appraiser,
        a.id,
        after.version,
        ReviewAction::Return,
        day,
        Some("Giải trình trước 20/12"),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(r.status, cchc_domain::review::ReviewState::Returned);

    // The unit's own appraiser marks any area and accepts.
    let b = &list[1];
    let b2 = appraise(s.as_ref(), &unit_actor, Role::Appraiser, b.id, b.version, std::slice::from_ref(&theirs))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    decide(s.as_ref(), &unit_actor, Role::Appraiser, b.id, b2.version, ReviewAction::Accept, day, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let _ = std::fs::remove_dir_all(dir);
}
