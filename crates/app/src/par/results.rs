//! Results of a round: each unit's index from its final marks (appraised, else self), ranked
//! within its unit group with ties, classed by the bands of its group in force on the round's
//! day ([`round_day`]), compared with last year's approved round. Drafts have no result.
//!
//! The marks of a round are read in one go (`round_marks`), never one assessment at a time,
//! and the indices are computed off the async threads, one share of the units per core. One unit's line ([`unit_line`]) ranks
//! only its own group, and nothing at all for a draft: a unit without a result is unranked
//! whatever the others score.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use cchc_domain::par::{
    compute, effective_bands, final_marks, rank_group, BandSet, CriteriaSet, CriterionScore, GroupEntry, LastYear,
    Standing, UnitGroup, UnitResult,
};
use cchc_domain::unit::{Unit, UnitId};
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::{Assessment, MarkRecord, Round};
use cchc_storage::{Store, StoreError};
use chrono::NaiveDate;
use serde::Serialize;

use super::bands::{band_candidates, round_day};
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
    /// Group label and the bands its units are classed by (none when no band set applies).
    pub bands: Vec<(String, Option<BandSet>)>,
}

/// A line without its result and standing yet; units missing from the registry are in "khac".
fn line_of(a: Assessment, unit: Option<&Unit>) -> UnitLine {
    let group = unit.and_then(|u| group_of(u.kind)).unwrap_or_else(|| UnitGroup::new("khac"));
    UnitLine {
        unit_name: unit.map(|u| u.name.clone()).unwrap_or_default(),
        group_label: group.label_vi().to_string(),
        group: group.0,
        assessment: a,
        result: None,
        standing: None,
    }
}

/// Computes the result of every sent line (CPU work, off the async threads).
async fn compute_results(
    store: &dyn Store,
    round: &Round,
    lines: Vec<UnitLine>,
) -> Result<Vec<UnitLine>, ServiceError> {
    if !lines.iter().any(|l| l.assessment.status.is_sent()) {
        return Ok(lines);
    }
    let mut sets: BTreeMap<i64, CriteriaSet> = BTreeMap::new();
    for l in lines.iter().filter(|l| l.assessment.status.is_sent()) {
        if let std::collections::btree_map::Entry::Vacant(e) = sets.entry(l.assessment.set_id) {
            e.insert(store.criteria_set(l.assessment.set_id).await?.set);
        }
    }
    let candidates = band_candidates(store).await?;
    let day = round_day(round);
    let mut marks = store.round_marks(round.id, Visibility::Province).await?;
    let work: Vec<(UnitLine, Vec<MarkRecord>)> = lines
        .into_iter()
        .map(|l| {
            let s = if l.assessment.status.is_sent() { marks.remove(&l.assessment.id) } else { None };
            (l, s.unwrap_or_default())
        })
        .collect();
    // The units are scored independently: one share of them per core.
    let (sets, candidates) = (Arc::new(sets), Arc::new(candidates));
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1).clamp(1, 8);
    let share = work.len().div_ceil(cores).max(1);
    let mut work = work.into_iter();
    let mut tasks = Vec::new();
    loop {
        let chunk: Vec<(UnitLine, Vec<MarkRecord>)> = work.by_ref().take(share).collect();
        if chunk.is_empty() {
            break;
        }
        let (sets, candidates) = (sets.clone(), candidates.clone());
        tasks.push(tokio::task::spawn_blocking(move || {
            chunk.into_iter().map(|(l, records)| scored(l, records, &sets, &candidates, day)).collect::<Vec<_>>()
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.extend(t.await.map_err(|e| ServiceError::Internal(format!("lỗi khi tính kết quả: {e}")))?);
    }
    Ok(out)
}

/// `l` with its result when it was sent (its marks are `records`).
fn scored(
    mut l: UnitLine,
    records: Vec<MarkRecord>,
    sets: &BTreeMap<i64, CriteriaSet>,
    candidates: &[BandSet],
    day: NaiveDate,
) -> UnitLine {
    if l.assessment.status.is_sent() {
        let scores: Vec<CriterionScore> = records
            .into_iter()
            .map(|m| CriterionScore {
                code: m.code,
                self_mark: m.self_mark,
                appraised_mark: m.appraised_mark,
                ..CriterionScore::default()
            })
            .collect();
        let set = sets.get(&l.assessment.set_id);
        let bands = effective_bands(candidates, &UnitGroup(l.group.clone()), day);
        l.result = set.and_then(|set| compute(set, &final_marks(&scores), bands).ok());
    }
    l
}

/// Ranks `lines` within each unit group, with last year's figures.
fn rank_lines(lines: &mut [UnitLine], last: &BTreeMap<UnitId, LastYear>) {
    let mut by_group: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, l) in lines.iter().enumerate() {
        by_group.entry(l.group.clone()).or_default().push(i);
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
        let at: HashMap<UnitId, usize> = idx.iter().rev().map(|&i| (lines[i].assessment.unit_id, i)).collect();
        for s in standings {
            if let Some(&i) = at.get(&s.unit) {
                lines[i].standing = Some(s);
            }
        }
    }
}

/// The lines of `round` (of the unit group `only`, when given), computed and ranked.
async fn rank(
    store: &dyn Store,
    round: &Round,
    last: &BTreeMap<UnitId, LastYear>,
    only: Option<&str>,
) -> Result<Vec<UnitLine>, ServiceError> {
    let units: HashMap<UnitId, Unit> = store.all_units().await?.into_iter().map(|u| (u.id, u)).collect();
    let lines: Vec<UnitLine> = store
        .assessments(round.id, Visibility::Province)
        .await?
        .into_iter()
        .map(|a| {
            let unit = units.get(&a.unit_id);
            line_of(a, unit)
        })
        .filter(|l| only.is_none_or(|g| l.group == g))
        .collect();
    let mut lines = compute_results(store, round, lines).await?;
    rank_lines(&mut lines, last);
    Ok(lines)
}

/// Last year's approved round: each unit's published index and rank (of group `only`).
async fn last_year(
    store: &dyn Store,
    round: &Round,
    only: Option<&str>,
) -> Result<BTreeMap<UnitId, LastYear>, ServiceError> {
    let rounds = store.rounds().await?;
    let Some(prev) = rounds.iter().find(|r| r.year == round.year - 1 && r.is_approved()) else {
        return Ok(BTreeMap::new());
    };
    let lines = rank(store, prev, &BTreeMap::new(), only).await?;
    Ok(lines
        .iter()
        .filter_map(|l| l.standing.as_ref().map(|s| (l.assessment.unit_id, LastYear { index: s.index, rank: s.rank })))
        .collect())
}

/// The results of a round, ranked within each unit group.
pub async fn results(store: &dyn Store, round_id: i64) -> Result<RoundResults, ServiceError> {
    let round = store.round(round_id).await?;
    let last = last_year(store, &round, None).await?;
    let lines = rank(store, &round, &last, None).await?;
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
        .collect::<Vec<_>>();
    let candidates = band_candidates(store).await?;
    let bands = groups
        .iter()
        .map(|(code, label, _)| {
            let set = effective_bands(&candidates, &UnitGroup(code.clone()), round_day(&round)).cloned();
            (label.clone(), set)
        })
        .collect();
    Ok(RoundResults { round, lines, groups, bands })
}

/// The line of `a` without a result, unranked (what a draft's line is).
pub(super) async fn draft_line(store: &dyn Store, a: &Assessment) -> Result<UnitLine, ServiceError> {
    let unit = match store.get_unit(a.unit_id).await {
        Ok(u) => Some(u),
        Err(StoreError::NotFound(_)) => None,
        Err(e) => return Err(e.into()),
    };
    Ok(draft_line_of(a, unit.as_ref()))
}

/// The line of draft `a` of `unit` (already read), without a result, unranked.
pub fn draft_line_of(a: &Assessment, unit: Option<&Unit>) -> UnitLine {
    let mut line = line_of(a.clone(), unit);
    let entry = GroupEntry { unit: a.unit_id, name: &line.unit_name, result: None, last_year: None };
    line.standing = rank_group(&[entry]).pop();
    line
}

/// The line of assessment `a` of `round`, as [`results`] gives it (`None` when the round has
/// no such assessment): a draft has no result and is unranked, so nothing is computed for
/// it; a sent one is ranked within its own unit group only.
pub async fn unit_line(store: &dyn Store, round: &Round, a: &Assessment) -> Result<Option<UnitLine>, ServiceError> {
    if a.round_id != round.id {
        return Ok(None);
    }
    let line = draft_line(store, a).await?;
    if !a.status.is_sent() {
        return Ok(Some(line));
    }
    let group = line.group.clone();
    let last = last_year(store, round, Some(&group)).await?;
    let lines = rank(store, round, &last, Some(&group)).await?;
    Ok(lines.into_iter().find(|l| l.assessment.id == a.id))
}
