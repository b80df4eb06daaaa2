//! Results of a round: each unit's index from its final marks (appraised, else self), ranked
//! within its unit group with ties, classed by the bands, compared with last year's approved
//! round. Drafts have no result.

use std::collections::BTreeMap;

use cchc_domain::par::{
    bands_template, compute, final_marks, rank_group, GroupEntry, LastYear, Standing, UnitGroup, UnitResult,
};
use cchc_domain::unit::UnitId;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Assessment, Round};
use cchc_storage::Store;
use serde::Serialize;

use super::rounds::group_of;
use crate::accounts::ServiceError;

/// One unit of a round with its result.
#[derive(Debug, Clone, Serialize)]
pub struct UnitLine {
    pub assessment: Assessment,
    pub unit_name: String,
    pub group: String,
    pub group_label: String,
    pub result: Option<UnitResult>,
    pub standing: Option<Standing>,
}

/// A round's results by unit group.
#[derive(Debug, Clone, Serialize)]
pub struct RoundResults {
    pub round: Round,
    pub lines: Vec<UnitLine>,
    /// Group code and label, with the group's ranking.
    pub groups: Vec<(String, String, Vec<Standing>)>,
}

async fn unit_results(store: &dyn Store, round: &Round) -> Result<Vec<(Assessment, Option<UnitResult>)>, ServiceError> {
    let bands = bands_template().ok();
    let mut sets = BTreeMap::new();
    let mut out = Vec::new();
    for a in store.assessments(round.id, Visibility::Province).await? {
        if !a.status.is_sent() {
            out.push((a, None));
            continue;
        }
        if let std::collections::btree_map::Entry::Vacant(e) = sets.entry(a.set_id) {
            e.insert(store.criteria_set(a.set_id).await?.set);
        }
        let scores: Vec<_> = store.scores(a.id, Visibility::Province).await?.into_iter().map(|s| s.score).collect();
        let result = sets.get(&a.set_id).and_then(|set| compute(set, &final_marks(&scores), bands.as_ref()).ok());
        out.push((a, result));
    }
    Ok(out)
}

/// Last year's approved round: each unit's published index and rank.
async fn last_year(store: &dyn Store, round: &Round) -> Result<BTreeMap<UnitId, LastYear>, ServiceError> {
    let rounds = store.rounds().await?;
    let Some(prev) = rounds.iter().find(|r| r.year == round.year - 1 && r.is_approved()) else {
        return Ok(BTreeMap::new());
    };
    let lines = rank(store, prev, &BTreeMap::new()).await?;
    Ok(lines
        .iter()
        .filter_map(|l| l.standing.as_ref().map(|s| (l.assessment.unit_id, LastYear { index: s.index, rank: s.rank })))
        .collect())
}

async fn rank(
    store: &dyn Store,
    round: &Round,
    last: &BTreeMap<UnitId, LastYear>,
) -> Result<Vec<UnitLine>, ServiceError> {
    let units = store.all_units().await?;
    let results = unit_results(store, round).await?;
    let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    let mut lines: Vec<UnitLine> = Vec::with_capacity(results.len());
    for (a, result) in results {
        let unit = units.iter().find(|u| u.id == a.unit_id);
        let group = unit.and_then(|u| group_of(u.kind)).unwrap_or_else(|| UnitGroup::new("khac"));
        by_group.entry(group.0.clone()).or_default().push(lines.len());
        lines.push(UnitLine {
            unit_name: unit.map(|u| u.name.clone()).unwrap_or_default(),
            group_label: group.label_vi().to_string(),
            group: group.0,
            assessment: a,
            result,
            standing: None,
        });
    }
    for idx in by_group.values() {
        let entries: Vec<GroupEntry<'_>> = idx
            .iter()
            .map(|&i| GroupEntry {
                unit: lines[i].assessment.unit_id,
                name: &lines[i].unit_name,
                result: lines[i].result.as_ref(),
                last_year: last.get(&lines[i].assessment.unit_id).copied(),
            })
            .collect();
        let standings = rank_group(&entries);
        for s in standings {
            if let Some(&i) = idx.iter().find(|&&i| lines[i].assessment.unit_id == s.unit) {
                lines[i].standing = Some(s);
            }
        }
    }
    Ok(lines)
}

/// The results of a round, ranked within each unit group.
pub async fn results(store: &dyn Store, round_id: i64) -> Result<RoundResults, ServiceError> {
    let round = store.round(round_id).await?;
    let last = last_year(store, &round).await?;
    let lines = rank(store, &round, &last).await?;
    let mut groups: BTreeMap<String, (String, Vec<Standing>)> = BTreeMap::new();
    for l in &lines {
        let entry = groups.entry(l.group.clone()).or_insert_with(|| (l.group_label.clone(), Vec::new()));
        entry.1.extend(l.standing.clone());
    }
    let groups = groups
        .into_iter()
        .map(|(code, (label, mut list))| {
            list.sort_by_key(|s| (s.rank.is_none(), s.rank));
            (code, label, list)
        })
        .collect();
    Ok(RoundResults { round, lines, groups })
}
