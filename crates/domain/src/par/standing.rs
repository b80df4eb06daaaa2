//! Ranking of units within one unit group by their PAR index, with ties, and the change
//! against last year (index points and places).
//!
//! Rules chosen where the domain is silent:
//! - Units are ranked on the exact index (points / applicable maximum), not on the rounded
//!   value: two units both shown as 85,78 may rank differently; equal exact indices share a
//!   rank (1, 2, 2, 4). Display order among equals is by name (diacritic-insensitive), then id.
//! - Units without a result come last, unranked.
//! - The change is this year's published index minus last year's published index; the rank
//!   change is last year's rank minus this year's (positive = moved up, "tăng N bậc").

use serde::{Deserialize, Serialize};

use super::points::Points;
use super::score::UnitResult;
use crate::rank::{rank_by, Fraction};
use crate::text::fold;
use crate::unit::UnitId;

/// Last year's published figures of a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastYear {
    pub index: Option<Points>,
    pub rank: Option<u32>,
}

/// One unit to rank.
#[derive(Debug, Clone, Copy)]
pub struct GroupEntry<'a> {
    pub unit: UnitId,
    pub name: &'a str,
    /// `None` when the unit has no result this year.
    pub result: Option<&'a UnitResult>,
    pub last_year: Option<LastYear>,
}

/// One line of the group's ranking table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Standing {
    pub unit: UnitId,
    pub name: String,
    pub points: Option<Points>,
    /// Published index (percent, two decimals).
    pub index: Option<Points>,
    pub class: Option<String>,
    pub rank: Option<u32>,
    /// Shares its rank with another unit ("đồng hạng").
    pub tied: bool,
    /// Index change against last year, in percentage points.
    pub change: Option<Points>,
    /// Places gained since last year (negative = lost).
    pub rank_change: Option<i64>,
}

/// Ranks the units of one group (see the module rules).
pub fn rank_group(entries: &[GroupEntry<'_>]) -> Vec<Standing> {
    let exact = |e: &GroupEntry<'_>| -> Option<Fraction> { e.result.and_then(UnitResult::exact_index) };
    rank_by(entries.iter().copied(), exact, |e| (fold(e.name), e.unit))
        .into_iter()
        .map(|r| {
            let e = r.item;
            let index = e.result.and_then(|x| x.index);
            let last = e.last_year.unwrap_or(LastYear { index: None, rank: None });
            Standing {
                unit: e.unit,
                name: e.name.to_string(),
                points: e.result.map(|x| x.points),
                index,
                class: e.result.and_then(|x| x.class.clone()),
                rank: r.rank,
                tied: r.tied,
                change: index.zip(last.index).map(|(now, before)| now - before),
                rank_change: r.rank.zip(last.rank).map(|(now, before)| i64::from(before) - i64::from(now)),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::par::score::index_of;

    fn result(points: i64, max: i64) -> UnitResult {
        UnitResult {
            nodes: vec![],
            points: Points(points),
            applicable_max: Points(max),
            index: index_of(Points(points), Points(max)),
            class: None,
            components: vec![],
            missing: vec![],
        }
    }

    #[test]
    fn ranks_exactly_with_ties_and_changes() {
        // A 8578/10000 = 85,78; B 7720/9000 = 85,777… (shown 85,78, ranked below A);
        // C and Đ 45/50 = 9/10 tie; E has no result.
        let a = result(8_578, 10_000);
        let b = result(7_720, 9_000);
        let c = result(4_500, 5_000);
        let d = result(9_000, 10_000);
        let last = |index: i64, rank: u32| Some(LastYear { index: Some(Points(index)), rank: Some(rank) });
        let entries = [
            GroupEntry { unit: 1, name: "Sở A", result: Some(&a), last_year: last(8_000, 1) },
            GroupEntry { unit: 2, name: "Sở B", result: Some(&b), last_year: None },
            GroupEntry { unit: 3, name: "Sở Đ", result: Some(&d), last_year: last(9_100, 2) },
            GroupEntry { unit: 4, name: "Sở C", result: Some(&c), last_year: last(7_000, 4) },
            GroupEntry { unit: 5, name: "Sở E", result: None, last_year: last(7_000, 3) },
        ];
        type Row = (UnitId, Option<u32>, bool, Option<Points>, Option<Points>, Option<i64>);
        let got: Vec<Row> = rank_group(&entries)
            .into_iter()
            .map(|s| (s.unit, s.rank, s.tied, s.index, s.change, s.rank_change))
            .collect();
        assert_eq!(
            got,
            vec![
                (4, Some(1), true, Some(Points(9_000)), Some(Points(2_000)), Some(3)),
                (3, Some(1), true, Some(Points(9_000)), Some(Points(-100)), Some(1)),
                (1, Some(3), false, Some(Points(8_578)), Some(Points(578)), Some(-2)),
                (2, Some(4), false, Some(Points(8_578)), None, None),
                (5, None, false, None, None, None),
            ]
        );
    }
}
