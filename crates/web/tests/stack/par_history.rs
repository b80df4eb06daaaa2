//! A unit's PAR history page through the whole stack: two years of approved rounds, an
//! absorbing merge (justice into finance) after them; the finance department's page shows both
//! years with rank, class, area scores and the change, and the justice department's years as a
//! predecessor's, labelled; an unapproved round never shows; the ranking links to it.

use cchc_domain::par::{Mark, Points};
use cchc_domain::review::ReviewAction;
use cchc_domain::unit::ChangeKind;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::{NewChange, SuccessorSpec};
use cchc_storage::model_par::{NewRound, SelfScore};
use chrono::NaiveDate;
use reqwest::StatusCode;

use crate::harness::{start, unit_id, Browser, Server};

/// Opens, fills (the first `full[i]` criteria of unit i at their maximum, the rest 0), accepts
/// and approves a round of `year` for `units`.
async fn approved_round(s: &Server, year: i32, set_id: i64, units: &[i64], full: &[usize]) -> i64 {
    let actor = Actor::system();
    let d = |m, day| NaiveDate::from_ymd_opt(year, m, day).unwrap_or_default();
    let round = NewRound {
        year,
        name: format!("Chỉ số CCHC năm {year}"),
        self_due: d(11, 30),
        appraisal_due: d(12, 10),
        explanation_due: d(12, 15),
        approval_due: d(12, 20),
        units: units.iter().map(|u| (*u, set_id)).collect(),
    };
    let r = s.store.create_round(&actor, &round).await.unwrap_or_else(|e| panic!("{e}"));
    let set = s.store.criteria_set(set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    for (unit, k) in units.iter().zip(full) {
        let a = s.store.assessments(r.id, Visibility::Unit(*unit)).await.unwrap_or_default().remove(0);
        let scores: Vec<SelfScore> = set
            .leaves()
            .iter()
            .enumerate()
            .map(|(i, l)| SelfScore {
                code: l.node.code.clone(),
                mark: Some(Mark::Points(if i < *k { l.node.max } else { Points::ZERO })),
                note: String::new(),
            })
            .collect();
        let mut x = s.store.save_self_scores(&actor, a.id, a.version, &scores).await.unwrap_or_else(|e| panic!("{e}"));
        for action in [ReviewAction::Submit, ReviewAction::Accept] {
            x = s
                .store
                .move_assessment(&actor, x.id, x.version, action, d(12, 1), None)
                .await
                .unwrap_or_else(|e| panic!("{e}"));
        }
    }
    let round = s.store.round(r.id).await.unwrap_or_else(|e| panic!("{e}"));
    s.store.approve_round(&actor, r.id, round.version, d(12, 18)).await.unwrap_or_else(|e| panic!("{e}"));
    r.id
}

#[tokio::test]
async fn a_units_history_follows_its_years_and_predecessors() {
    let s = start().await;
    let (stc, stp) = (unit_id(&s, "HT-STC").await, unit_id(&s, "HT-STP").await);
    let demo = s.store.rounds().await.unwrap_or_default().remove(0);
    let set_id = s.store.assessments(demo.id, Visibility::Unit(stc)).await.unwrap_or_default().remove(0).set_id;
    let first = approved_round(&s, 2024, set_id, &[stc, stp], &[5, 20]).await;
    let second = approved_round(&s, 2025, set_id, &[stc, stp], &[30, 10]).await;
    let merge = NewChange {
        kind: ChangeKind::Merge,
        effective: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        predecessors: vec![stc, stp],
        successors: vec![SuccessorSpec::Existing(stc)],
        note: "Sáp nhập thử".into(),
    };
    s.store.record_change(&Actor::system(), &merge).await.unwrap_or_else(|e| panic!("{e}"));
    s.written_behind();

    let page = format!("/par/units/{stc}/history");
    let own = Browser::login(&s, "taichinh").await;
    let (st, html) = own.text(&page).await;
    assert_eq!(st, StatusCode::OK);
    for r in [first, second] {
        assert!(html.contains(&format!("href=\"/par/rounds/{r}\"")), "round {r}");
    }
    assert!(!html.contains(&format!("href=\"/par/rounds/{}\"", demo.id)), "an unapproved round never shows");
    let stp_name = s.store.get_unit(stp).await.map(|u| u.name).unwrap_or_default();
    assert!(html.contains(&stp_name) && html.contains("đơn vị tiền thân"), "the predecessor's years, labelled");
    assert!(html.contains("1/2") && html.contains("2/2"), "ranks within the group of two: {html}");
    assert!(html.contains("1. "), "area scores");

    let hist = cchc_app::par::unit_history(s.store.as_ref(), stc).await.unwrap_or_else(|e| panic!("{e}"));
    let of = |year, unit| hist.iter().find(|y| y.year == year && y.unit_id == unit).unwrap_or_else(|| panic!("{year}"));
    let (a, b) = (of(2024, stc), of(2025, stc));
    assert_eq!((a.rank, b.rank), (Some(2), Some(1)), "finance climbed");
    assert_eq!(b.change, b.index.zip(a.index).map(|(x, y)| x - y), "change against its own last year");
    assert!(b.change.is_some_and(|c| c > Points::ZERO));
    assert!(of(2024, stp).predecessor && !a.predecessor);

    // Another unit's staff read the published years too; the ranking links here.
    let other = Browser::login(&s, "tuphap").await;
    assert_eq!(other.get(&page).await.status(), StatusCode::OK);
    let (_, ranking) = other.text(&format!("/par/rounds/{second}")).await;
    assert!(ranking.contains(&format!("/par/units/{stc}/history")), "linked from the ranking");
    assert_eq!(other.get("/par/units/999999/history").await.status(), StatusCode::NOT_FOUND);
}
