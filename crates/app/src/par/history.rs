//! A unit's PAR results over the years: for each approved round, its index, rank within its
//! group, class, area scores and change against the year before. The registry's successor
//! rules decide whose years these are: a unit formed by a merge (or a rename, a split) carries
//! its predecessors' earlier years, each labelled with the predecessor's name.

use std::collections::{BTreeMap, BTreeSet};

use cchc_domain::par::Points;
use cchc_domain::unit::UnitId;
use cchc_storage::Store;
use serde::Serialize;

use super::results::results;
use crate::accounts::ServiceError;

/// One area's score in a year.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AreaScore {
    pub code: String,
    pub name: String,
    pub points: Points,
    pub applicable_max: Points,
}

/// One year of the history: the result of the unit itself or of one of its predecessors.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryYear {
    pub year: i32,
    pub round_id: i64,
    pub round_name: String,
    pub assessment_id: i64,
    /// The unit assessed that year (the unit itself or a predecessor).
    pub unit_id: UnitId,
    pub unit_name: String,
    /// Assessed as a predecessor of the unit, before a reorganisation.
    pub predecessor: bool,
    pub group_label: String,
    pub points: Option<Points>,
    pub index: Option<Points>,
    pub rank: Option<u32>,
    pub tied: bool,
    /// Units ranked in the group that year.
    pub group_size: usize,
    pub class: Option<String>,
    pub areas: Vec<AreaScore>,
    /// Index change against the year before (the same unit, or the one predecessor it
    /// continues), in percentage points.
    pub change: Option<Points>,
}

/// `unit` and every unit it continues through the registry's changes (merges, splits,
/// renames), however far back.
pub async fn lineage(store: &dyn Store, unit: UnitId) -> Result<BTreeSet<UnitId>, ServiceError> {
    let changes = store.list_changes(None).await?;
    let mut seen = BTreeSet::from([unit]);
    let mut frontier = vec![unit];
    while let Some(u) = frontier.pop() {
        for c in changes.iter().filter(|c| c.successors.contains(&u)) {
            for p in &c.predecessors {
                if seen.insert(*p) {
                    frontier.push(*p);
                }
            }
        }
    }
    Ok(seen)
}

/// The unit's years, oldest first, from the approved rounds only (published results).
pub async fn unit_history(store: &dyn Store, unit: UnitId) -> Result<Vec<HistoryYear>, ServiceError> {
    let line = lineage(store, unit).await?;
    let mut rounds: Vec<_> = store.rounds().await?.into_iter().filter(|r| r.is_approved()).collect();
    rounds.sort_by_key(|r| (r.year, r.id));
    let mut out: Vec<HistoryYear> = Vec::new();
    for round in rounds {
        let r = results(store, round.id).await?;
        for l in r.lines.iter().filter(|l| line.contains(&l.assessment.unit_id)) {
            let (Some(result), Some(standing)) = (&l.result, &l.standing) else { continue };
            let group_size = r.groups.iter().find(|g| g.0 == l.group).map_or(0, |g| g.2.len());
            let areas = result
                .nodes
                .iter()
                .filter(|n| n.depth == 0)
                .map(|n| AreaScore {
                    code: n.code.clone(),
                    name: n.name.clone(),
                    points: n.points,
                    applicable_max: n.applicable_max,
                })
                .collect();
            out.push(HistoryYear {
                year: round.year,
                round_id: round.id,
                round_name: round.name.clone(),
                assessment_id: l.assessment.id,
                unit_id: l.assessment.unit_id,
                unit_name: l.unit_name.clone(),
                predecessor: l.assessment.unit_id != unit,
                group_label: l.group_label.clone(),
                points: standing.points,
                index: standing.index,
                rank: standing.rank,
                tied: standing.tied,
                group_size,
                class: standing.class.clone(),
                areas,
                change: None,
            });
        }
    }
    fill_changes(&mut out);
    Ok(out)
}

/// Each year's change against the year before: the same unit's index, or, for a unit that
/// continues exactly one unit assessed the year before, that one's.
fn fill_changes(years: &mut [HistoryYear]) {
    let by_year: BTreeMap<i32, Vec<(UnitId, Option<Points>)>> = years.iter().fold(BTreeMap::new(), |mut m, y| {
        m.entry(y.year).or_default().push((y.unit_id, y.index));
        m
    });
    for y in years.iter_mut() {
        let Some(prev) = by_year.get(&(y.year - 1)) else { continue };
        let before = match prev.iter().find(|(u, _)| *u == y.unit_id) {
            Some((_, i)) => *i,
            None if prev.len() == 1 => prev[0].1,
            None => None,
        };
        y.change = y.index.zip(before).map(|(now, then)| now - then);
    }
}
