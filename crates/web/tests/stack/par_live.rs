//! The projected PAR score from live data the unit does not type: an index-766 indicator
//! (the unit's own dossiers of the round's year) and a plan target (the latest value the unit
//! reported in the year, never another unit's).

use cchc_domain::par::{CriteriaSet, LiveLink, Node, Points, ProjectionSource, ScoreInput};
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::TargetValueRecord;
use cchc_storage::model_par::Assessment;

use crate::harness::{start, unit_id, Server};

fn node_mut<'a>(nodes: &'a mut [Node], code: &str) -> Option<&'a mut Node> {
    nodes.iter_mut().find_map(|n| if n.code == code { Some(n) } else { node_mut(&mut n.children, code) })
}

fn node<'a>(nodes: &'a [Node], code: &str) -> Option<&'a Node> {
    nodes.iter().find_map(|n| if n.code == code { Some(n) } else { node(&n.children, code) })
}

/// This year's round and the assessment of the unit `code` in it.
async fn assessment_of(s: &Server, code: &str) -> (i32, Assessment) {
    let year = chrono::Datelike::year(&cchc_app::tracking::today());
    let round = s.store.rounds().await.unwrap_or_default().into_iter().find(|r| r.year == year);
    let round = round.unwrap_or_else(|| panic!("the demo opens this year's PAR round"));
    let unit = unit_id(s, code).await;
    let a = s.store.assessments(round.id, Visibility::Unit(unit)).await.unwrap_or_default();
    (year, a.first().unwrap_or_else(|| panic!("assessment of {code}")).clone())
}

/// The projected points and source of criterion `code` of `a`, and what was measured.
async fn projected(s: &Server, a: &Assessment, year: i32, code: &str) -> (Option<Points>, ProjectionSource, String) {
    let p = cchc_app::par::projection(s.store.as_ref(), &s.kpi, a, year, cchc_app::tracking::today()).await;
    let p = p.unwrap_or_else(|e| panic!("{e}"));
    let c = p.projection.criteria.iter().find(|c| c.code == code).unwrap_or_else(|| panic!("criterion {code}"));
    let measured = p.measured.iter().map(|(what, figure)| format!("{what}: {figure}")).collect::<Vec<_>>().join("\n");
    (c.points, c.source, measured)
}

#[tokio::test]
async fn a_criterion_linked_to_index_766_is_scored_from_the_units_own_dossiers() {
    let s = start().await;
    let today = cchc_app::tracking::today();
    cchc_app::kpi::demo::seed(&s.store, today, 20).await.unwrap_or_else(|e| panic!("{e}"));
    let (year, a) = assessment_of(&s, "HT-STP").await;
    let set = s.store.criteria_set(a.set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    // The departments' template links 3.3.1 (on-time dossiers) to indicator TD1 of index 766.
    let n = node(&set.areas, "3.3.1").unwrap_or_else(|| panic!("3.3.1 in the template")).clone();
    assert_eq!(n.live, Some(LiveLink::Index766 { code: "TD1".into() }));

    // What the 766 engine itself counts for the unit over the year.
    let unit = s.store.get_unit(a.unit_id).await.unwrap_or_else(|e| panic!("{e}")).code;
    let key = cchc_domain::period::PeriodKey::from_year_month(cchc_domain::period::Granularity::Year, year, 1);
    let counts = s
        .kpi
        .compute(cchc_app::kpi::now_local(), move |c| {
            let (_, report) = c.for_period(key)?;
            let r = report.results.iter().find(|r| r.period == key && r.unit == unit)?;
            r.indicator("TD1").filter(|v| v.denominator > 0).map(|v| (v.numerator as u64, v.denominator as u64))
        })
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let (numerator, denominator) = counts.unwrap_or_else(|| panic!("the demo has dossiers of the unit this year"));
    let want = n
        .scoring_method()
        .points_from(n.max, &ScoreInput::Counts { numerator, denominator })
        .unwrap_or_else(|e| panic!("{e}"));

    let (points, source, measured) = projected(&s, &a, year, "3.3.1").await;
    assert_eq!((points, source), (Some(want), ProjectionSource::Live), "{measured}");
    assert!(measured.contains(&format!("{numerator}/{denominator} hồ sơ")), "{measured}");
}

#[tokio::test]
async fn a_criterion_linked_to_a_target_is_scored_from_the_units_latest_reported_value() {
    let s = start().await;
    let (year, some) = assessment_of(&s, "HT-STP").await;
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    let periods = cfg.calendar.periods_of_year(year);
    // The periods of the year whose report the unit has not sent (a sent report's values are
    // locked), in order of their end.
    let open_periods = |unit: i64| {
        let (s, periods) = (&s, &periods);
        async move {
            let mut open = Vec::new();
            for p in periods {
                let r = s.store.report(unit, &p.key, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
                if r.is_none_or(|r| r.submitted_on.is_none()) {
                    open.push(p.clone());
                }
            }
            open
        }
    };
    // A department with two periods still open, and another department.
    let round = s.store.assessments(some.round_id, Visibility::Province).await.unwrap_or_default();
    let mut picked = None;
    for x in round.iter().filter(|x| x.set_id == some.set_id) {
        let open = open_periods(x.unit_id).await;
        if let (Some(f), Some(l)) = (open.first(), open.last()) {
            if f.end < l.end {
                picked = Some((x.clone(), f.key.clone(), l.key.clone()));
                break;
            }
        }
    }
    let (a, first, later) = picked.unwrap_or_else(|| panic!("a unit of the round with two periods open"));
    let mut other = None;
    for x in round.iter().filter(|x| x.unit_id != a.unit_id) {
        if open_periods(x.unit_id).await.iter().any(|p| p.key == later) {
            other = Some(x.unit_id);
            break;
        }
    }
    let other = other.unwrap_or_else(|| panic!("another unit with {later} open"));

    // A target of the unit it has reported nothing for this year.
    let mut reported = std::collections::HashSet::new();
    for p in &periods {
        for v in s.store.target_values(Some(a.unit_id), &p.key).await.unwrap_or_default() {
            reported.insert(v.target_id);
        }
    }
    let targets = s.store.targets_for_unit(a.unit_id).await.unwrap_or_default();
    let target = targets.iter().find(|t| !reported.contains(&t.id));
    let target = target.unwrap_or_else(|| panic!("the demo plan has a target the unit has not reported on")).id;

    // A new version of the departments' set, with 3.3.1 linked to that target instead of TD1
    // ("100 % = 3,25; 80–<100 % = 1,5; < 80 % = 0").
    let mut set: CriteriaSet = s.store.criteria_set(a.set_id).await.unwrap_or_else(|e| panic!("{e}")).set;
    set.frozen = false;
    node_mut(&mut set.areas, "3.3.1").unwrap_or_else(|| panic!("3.3.1")).live =
        Some(LiveLink::Target { target_id: target });
    let stored = s.store.save_criteria_set(&Actor::cli(), &set).await.unwrap_or_else(|e| panic!("{e}"));
    let a = Assessment { set_id: stored.id, ..a };

    let value = |unit: i64, period: &str, v: f64| TargetValueRecord {
        target_id: target,
        unit_id: unit,
        period_key: period.to_string(),
        value: Some(v),
        numerator: None,
        denominator: None,
        note: String::new(),
    };
    let put = |v: TargetValueRecord| {
        let store = s.store.clone();
        async move { store.set_target_values(&Actor::cli(), &[v]).await.unwrap_or_else(|e| panic!("{e}")) }
    };

    // Nothing reported: the self-score, with the reason.
    let (_, source, measured) = projected(&s, &a, year, "3.3.1").await;
    assert_ne!(source, ProjectionSource::Live, "{measured}");
    assert!(measured.contains("chưa có số liệu"), "{measured}");

    put(value(a.unit_id, &first, 90.0)).await;
    let (points, source, measured) = projected(&s, &a, year, "3.3.1").await;
    assert_eq!((points, source), (Points::parse("1,5").ok(), ProjectionSource::Live), "{measured}");
    assert!(measured.contains("90 %"), "{measured}");

    // Another unit's later value is not this unit's.
    put(value(other, &later, 100.0)).await;
    assert_eq!(projected(&s, &a, year, "3.3.1").await.0, Points::parse("1,5").ok());

    // The unit's own later value is its latest.
    put(value(a.unit_id, &later, 100.0)).await;
    assert_eq!(projected(&s, &a, year, "3.3.1").await.0, Points::parse("3,25").ok());
}

#[tokio::test]
async fn report_timeliness_counts_the_periods_each_unit_owed() {
    let s = start().await;
    let (year, some) = assessment_of(&s, "HT-STP").await;
    let today = cchc_app::tracking::today();
    let cfg = cchc_app::tracking::config(s.store.as_ref()).await.unwrap_or_else(|e| panic!("{e}"));
    let due: Vec<_> = cfg.calendar.periods_of_year(year).into_iter().filter(|p| p.report_due < today).collect();
    let mut expected = Vec::new();
    for p in &due {
        let units = cchc_app::reports::expected_units(s.store.as_ref(), p).await.unwrap_or_else(|e| panic!("{e}"));
        expected.push((p, units));
    }
    let label = LiveLink::ReportTimeliness.label_vi();
    let mut owing = 0;
    for a in s.store.assessments(some.round_id, Visibility::Province).await.unwrap_or_default() {
        // What the province-wide list of each period says of this unit.
        let (mut on_time, mut owed) = (0, 0);
        for (p, units) in &expected {
            if !units.contains(&a.unit_id) {
                continue;
            }
            owed += 1;
            let r = s.store.report(a.unit_id, &p.key, Visibility::Province).await.unwrap_or_else(|e| panic!("{e}"));
            if r.and_then(|r| r.submitted_on).is_some_and(|d| d <= p.report_due) {
                on_time += 1;
            }
        }
        owing += usize::from(owed > 0);
        let want = if owed > 0 { format!("{on_time}/{owed}") } else { "chưa có số liệu".to_string() };
        let p = cchc_app::par::projection(s.store.as_ref(), &s.kpi, &a, year, today).await;
        let p = p.unwrap_or_else(|e| panic!("{e}"));
        let measured =
            p.measured.iter().map(|(what, figure)| format!("{what}: {figure}")).collect::<Vec<_>>().join("\n");
        assert!(measured.contains(&format!("{label}: {want}")), "unit {}: {want} in\n{measured}", a.unit_id);
    }
    assert!(owing > 1, "the demo has units owing reports");
}
