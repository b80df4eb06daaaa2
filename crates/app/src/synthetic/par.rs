//! A synthetic PAR round for the benchmark (`cchc bench par`): a criteria set of any number of
//! leaf criteria over several areas with a mix of scoring methods, the synthetic province's
//! units (see [`super::org`]) as the assessed units, and self-scores every method accepts.

use cchc_domain::par::{CriteriaSet, Level, Mark, Node, Points, ScoringMethod, SetStatus, Threshold, UnitGroup};
use cchc_domain::unit::Unit;
use cchc_domain::user::Actor;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Assessment, NewRound, Round, SelfScore};
use cchc_storage::DynStore;
use chrono::NaiveDate;

use super::names::Rng;
use super::org;
use crate::accounts::ServiceError;
use crate::par::group_of;

/// The scoring method of the `i`-th leaf worth `max`: the seven kinds in turn.
fn method(i: usize, max: Points) -> ScoringMethod {
    let half = Points(max.0 / 2);
    match i % 7 {
        0 => ScoringMethod::Levels {
            levels: vec![
                Level { label: "Đạt".into(), points: max },
                Level { label: "Đạt một phần".into(), points: half },
                Level { label: "Không đạt".into(), points: Points::ZERO },
            ],
        },
        1 => ScoringMethod::Ratio {
            thresholds: vec![
                Threshold { min: Points::HUNDRED, points: max },
                Threshold { min: Points::whole(80), points: half },
            ],
        },
        2 => ScoringMethod::Proportional { full_at: Points::HUNDRED },
        3 => ScoringMethod::YesNo,
        4 => ScoringMethod::Manual { step: Points(25) },
        5 => ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: Vec::new() },
        _ => ScoringMethod::Deduction { per_occurrence: Points((max.0 / 4).max(1)) },
    }
}

/// A criteria set worth 100 points with `leaves` leaf criteria over `areas` areas; about one
/// criterion in three has three sub-criteria, one leaf in ten may be "không phát sinh".
pub fn criteria_set(leaves: usize, areas: usize, effective_from: NaiveDate) -> CriteriaSet {
    let (leaves, areas) = (leaves.max(1), areas.clamp(1, leaves.max(1)));
    let total = Points::HUNDRED.0;
    let n = i64::try_from(leaves).unwrap_or(1);
    let mut k = 0usize;
    let mut leaf = |code: String| {
        let max = Points(total / n + i64::from(i64::try_from(k).unwrap_or(0) < total % n));
        let mut node = Node::new(&code, &format!("Tiêu chí tổng hợp {code}"), max);
        node.method = Some(method(k, max));
        node.may_be_not_applicable = k % 10 == 9;
        node.evidence = "Văn bản, báo cáo của đơn vị".into();
        k += 1;
        node
    };
    let mut out = Vec::new();
    for a in 0..areas {
        let mut left = leaves / areas + usize::from(a < leaves % areas);
        let mut area = Node::new(&format!("{}", a + 1), &format!("Lĩnh vực tổng hợp {}", a + 1), Points::ZERO);
        let mut j = 0;
        while left > 0 {
            j += 1;
            let code = format!("{}.{j}", a + 1);
            if j % 3 == 1 && left >= 3 {
                let mut c = Node::new(&code, &format!("Tiêu chí tổng hợp {code}"), Points::ZERO);
                c.children = (1..=3).map(|s| leaf(format!("{code}.{s}"))).collect();
                c.max = c.children.iter().map(|x| x.max).sum();
                area.children.push(c);
                left -= 3;
            } else {
                area.children.push(leaf(code));
                left -= 1;
            }
        }
        area.max = area.children.iter().map(|x| x.max).sum();
        out.push(area);
    }
    CriteriaSet {
        code: format!("tong-hop-{leaves}"),
        name: format!("Bộ tiêu chí tổng hợp ({leaves} tiêu chí) để đo hiệu năng"),
        group: UnitGroup::new(UnitGroup::DEPARTMENTS),
        version: 1,
        effective_from,
        effective_to: None,
        status: SetStatus::Adopted,
        frozen: false,
        source: "Dữ liệu tổng hợp để thử tải".into(),
        total: Points::HUNDRED,
        components: Vec::new(),
        areas: out,
    }
}

/// A self-score for every leaf that its method accepts.
pub fn self_scores(set: &CriteriaSet, rng: &mut Rng) -> Vec<SelfScore> {
    set.leaves()
        .into_iter()
        .map(|r| {
            let n = r.node;
            let method = n.scoring_method();
            let mark = if n.may_be_not_applicable && rng.chance(0.2) {
                Mark::NotApplicable
            } else if let Some(list) = method.allowed_scores(n.max) {
                Mark::Points(*rng.pick(&list))
            } else if let ScoringMethod::Manual { step } = method {
                let step = step.0.max(1);
                Mark::Points(Points(rng.range(0, n.max.0 / step) * step))
            } else {
                Mark::Points(Points(rng.range(0, n.max.0)))
            };
            SelfScore { code: n.code.clone(), mark: Some(mark), note: format!("Thuyết minh {}", n.code) }
        })
        .collect()
}

/// What to build.
#[derive(Debug, Clone)]
pub struct ParOptions {
    pub units: usize,
    pub criteria: usize,
    pub areas: usize,
    pub year: i32,
    pub seed: u64,
}

/// The round built: its units (registry order) and their assessments (by unit).
pub struct ParRound {
    pub round: Round,
    pub set: CriteriaSet,
    pub units: Vec<Unit>,
    pub assessments: Vec<Assessment>,
}

/// Builds the province's units into an empty database, stores the set and opens a round for
/// the first `units` units of a scored group, every assessment a draft.
pub async fn par_round(store: &DynStore, opts: &ParOptions) -> Result<ParRound, ServiceError> {
    let actor = Actor::system();
    let self_due = NaiveDate::from_ymd_opt(opts.year, 11, 30).unwrap_or_default();
    // Units outside the scored groups (other bodies, the province) are left out of the round.
    let total = (opts.units * 3 / 2).max(org::MIN_UNITS) + org::MIN_UNITS;
    let plan = org::build(total, opts.year, opts.year, &mut Rng::fork(opts.seed, 1));
    store.bulk_units(&actor, super::AUDIT_ACTION, &plan.units, &plan.changes).await?;
    let mut units: Vec<Unit> = store.all_units().await?;
    units.retain(|u| group_of(u.kind).is_some() && u.is_active_on(self_due));
    units.truncate(opts.units);
    if units.len() < opts.units {
        return Err(super::invalid("units", &format!("Chỉ sinh được {} đơn vị thuộc diện đánh giá.", units.len())));
    }
    let jan = NaiveDate::from_ymd_opt(opts.year, 1, 1).unwrap_or_default();
    let stored = store.save_criteria_set(&actor, &criteria_set(opts.criteria, opts.areas, jan)).await?;
    let day = |m, d| NaiveDate::from_ymd_opt(opts.year, m, d).unwrap_or_default();
    let round = NewRound {
        year: opts.year,
        name: format!("Chỉ số CCHC năm {} (tổng hợp)", opts.year),
        self_due,
        appraisal_due: day(12, 10),
        explanation_due: day(12, 15),
        approval_due: day(12, 20),
        units: units.iter().map(|u| (u.id, stored.id)).collect(),
    };
    let round = store.create_round(&actor, &round).await?;
    let assessments = store.assessments(round.id, Visibility::Province).await?;
    Ok(ParRound { round, set: stored.set, units, assessments })
}

#[cfg(test)]
mod tests {
    use cchc_domain::par::{check_mark, is_valid, validate_set};

    use super::*;

    #[test]
    fn the_set_is_valid_and_every_generated_score_is_accepted() {
        for (leaves, areas) in [(100, 8), (10, 3), (7, 8), (1, 1)] {
            let set = criteria_set(leaves, areas, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default());
            let problems = validate_set(&set);
            assert!(is_valid(&problems), "{leaves}×{areas}: {problems:?}");
            assert_eq!(set.leaves().len(), leaves);
            assert_eq!(set.areas.len(), areas.min(leaves));
            assert_eq!(set.leaves().iter().map(|r| r.node.max).sum::<Points>(), Points::HUNDRED);
            let mut rng = Rng::new(leaves as u64);
            for _ in 0..20 {
                for s in self_scores(&set, &mut rng) {
                    let node = set.find(&s.code).unwrap_or_else(|| panic!("{}", s.code));
                    let mark = s.mark.unwrap_or_else(|| panic!("a mark for {}", s.code));
                    assert_eq!(check_mark(node, mark), Ok(()), "{} {mark:?}", s.code);
                }
            }
        }
        let kinds: std::collections::BTreeSet<String> = criteria_set(100, 8, NaiveDate::MIN)
            .leaves()
            .iter()
            .filter_map(|r| r.node.method.as_ref().map(|m| format!("{m:?}").split([' ', '{']).next().map(String::from)))
            .flatten()
            .collect();
        assert_eq!(kinds.len(), 7, "every kind of method: {kinds:?}");
    }
}
