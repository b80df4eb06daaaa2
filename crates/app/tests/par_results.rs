//! One unit's line of a PAR round (`unit_line`, what the assessment page shows) is the line the
//! whole round's results give it: drafts, submitted units ranked in their group, and the
//! change against last year's approved round. The round's results cache gives the same
//! results, computed once while nothing is written, and follows every write at once.

use std::sync::Arc;

use cchc_app::par::{results, unit_line, ResultsCache};
use cchc_app::synthetic::names::Rng;
use cchc_app::synthetic::par::{par_round, self_scores, ParOptions};
use cchc_domain::par::CriteriaSet;
use cchc_domain::review::ReviewAction;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Assessment, NewRound};
use cchc_storage::{connect, ConnectOptions, DynStore};
use chrono::NaiveDate;

async fn store() -> (DynStore, std::path::PathBuf) {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let dir = std::env::temp_dir().join(format!("cchc-par-results-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("sqlite://{}", dir.join("cchc.db").display());
    (connect(&url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}")), dir)
}

/// Fills every assessment's self-scores, submits the first `submit` and accepts the first `accept`.
async fn play(s: &DynStore, set: &CriteriaSet, list: &[Assessment], submit: usize, accept: usize, seed: u64) {
    let (actor, day) = (Actor::system(), NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default());
    let mut rng = Rng::new(seed);
    for (i, a) in list.iter().enumerate() {
        let scores = self_scores(set, &mut rng);
        let mut x = s.save_self_scores(&actor, a.id, a.version, &scores).await.unwrap_or_else(|e| panic!("{e}"));
        for (n, action) in [(submit, ReviewAction::Submit), (accept, ReviewAction::Accept)] {
            if i < n {
                x = s
                    .move_assessment(&actor, x.id, x.version, action, day, None)
                    .await
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_units_line_is_its_line_in_the_round() {
    let (s, dir) = store().await;
    let opts = ParOptions { units: 30, criteria: 12, areas: 3, year: 2025, seed: 11 };
    let last = par_round(&s, &opts).await.unwrap_or_else(|e| panic!("{e}"));
    let n = last.assessments.len();
    play(&s, &last.set, &last.assessments, n, n, 1).await;
    let r = s.round(last.round.id).await.unwrap_or_else(|e| panic!("{e}"));
    s.approve_round(&Actor::system(), r.id, r.version, NaiveDate::from_ymd_opt(2025, 12, 20).unwrap_or_default())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap_or_default();
    let set_id = last.assessments[0].set_id;
    let new = NewRound {
        year: 2026,
        name: "2026".into(),
        self_due: d(11, 30),
        appraisal_due: d(12, 10),
        explanation_due: d(12, 15),
        approval_due: d(12, 20),
        units: last.units.iter().map(|u| (u.id, set_id)).collect(),
    };
    let round = s.create_round(&Actor::system(), &new).await.unwrap_or_else(|e| panic!("{e}"));
    let now = s.assessments(round.id, Visibility::Province).await.unwrap_or_default();
    play(&s, &last.set, &now, n - 5, 3, 2).await;

    let all = results(s.as_ref(), round.id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(all.lines.len(), n);
    assert_eq!(all.lines.iter().filter(|l| l.result.is_none()).count(), 5, "drafts have no result");
    assert!(all.groups.len() > 1, "more than one unit group: {:?}", all.groups.len());
    assert!(all.lines.iter().any(|l| l.standing.as_ref().is_some_and(|s| s.rank_change.is_some())), "last year");
    for a in s.assessments(round.id, Visibility::Province).await.unwrap_or_default() {
        let line = unit_line(s.as_ref(), &round, &a).await.unwrap_or_else(|e| panic!("{e}"));
        let want = all.lines.iter().find(|l| l.assessment.id == a.id);
        assert_eq!(
            serde_json::to_value(&line).ok(),
            serde_json::to_value(want).ok(),
            "assessment {} ({:?})",
            a.id,
            a.status
        );
    }
    let other = unit_line(s.as_ref(), &r, &now[0]).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(other.is_none(), "an assessment of another round");
    let _ = std::fs::remove_dir_all(dir);
}

fn json<T: serde::Serialize>(v: &T) -> Option<serde_json::Value> {
    serde_json::to_value(v).ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_results_are_reused_until_a_write_then_follow_it() {
    let (s, dir) = store().await;
    let opts = ParOptions { units: 12, criteria: 8, areas: 2, year: 2026, seed: 5 };
    let r = par_round(&s, &opts).await.unwrap_or_else(|e| panic!("{e}"));
    let n = r.assessments.len();
    play(&s, &r.set, &r.assessments, n - 2, 0, 3).await;
    let cache = ResultsCache::new();
    let id = r.round.id;
    let first = cache.results(s.as_ref(), id).await.unwrap_or_else(|e| panic!("{e}"));
    let again = cache.results(s.as_ref(), id).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(Arc::ptr_eq(&first, &again), "nothing written between: one computation");
    let fresh = results(s.as_ref(), id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json(first.as_ref()), json(&fresh));
    assert_eq!(first.lines.iter().filter(|l| l.result.is_none()).count(), 2);

    // A draft is submitted: the next read has its result.
    let list = s.assessments(id, Visibility::Province).await.unwrap_or_default();
    let draft = list.iter().find(|a| !a.status.is_sent()).unwrap_or_else(|| panic!("a draft"));
    let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default();
    s.move_assessment(&Actor::system(), draft.id, draft.version, ReviewAction::Submit, day, None)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let after = cache.results(s.as_ref(), id).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(!Arc::ptr_eq(&first, &after));
    assert_eq!(after.lines.iter().filter(|l| l.result.is_none()).count(), 1);
    let fresh = results(s.as_ref(), id).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json(after.as_ref()), json(&fresh));

    // Each unit's line from the cache is its line in the round (a draft computed alone).
    let round = s.round(id).await.unwrap_or_else(|e| panic!("{e}"));
    for a in s.assessments(id, Visibility::Province).await.unwrap_or_default() {
        let line = cache.unit_line(s.as_ref(), &round, &a).await.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(json(&line), json(&fresh.lines.iter().find(|l| l.assessment.id == a.id)), "{}", a.id);
    }
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cached_projections_are_reused_until_a_write_then_follow_it() {
    let (s, dir) = store().await;
    let opts = ParOptions { units: 4, criteria: 8, areas: 2, year: 2026, seed: 9 };
    let r = par_round(&s, &opts).await.unwrap_or_else(|e| panic!("{e}"));
    let kpi = cchc_app::kpi::KpiService::new(s.clone());
    let cache = ResultsCache::new();
    let a = s.assessment(r.assessments[0].id, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
    let day = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    let first = cache.projection(s.as_ref(), &kpi, &a, 2026, day).await.unwrap_or_else(|e| panic!("{e}"));
    let again = cache.projection(s.as_ref(), &kpi, &a, 2026, day).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(Arc::ptr_eq(&first, &again), "nothing written between: one computation");
    let next_day = day.succ_opt().unwrap_or(day);
    let other = cache.projection(s.as_ref(), &kpi, &a, 2026, next_day).await.unwrap_or_else(|e| panic!("{e}"));
    assert!(!Arc::ptr_eq(&first, &other), "another day is computed for itself");

    // The unit scores itself: the next read projects from the new self-scores.
    play(&s, &r.set, std::slice::from_ref(&a), 0, 0, 4).await;
    let after = cache.projection(s.as_ref(), &kpi, &a, 2026, day).await.unwrap_or_else(|e| panic!("{e}"));
    let fresh = cchc_app::par::projection(s.as_ref(), &kpi, &a, 2026, day).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(json(&after.projection), json(&fresh.projection));
    assert_ne!(json(&after.projection), json(&first.projection), "the self-scores changed the projection");
    let _ = std::fs::remove_dir_all(dir);
}
