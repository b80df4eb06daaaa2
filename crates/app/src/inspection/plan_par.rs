//! The latest PAR index result of each unit for the planning page: its index and class (band)
//! from the most recent approved round, or, before any round is approved, from the latest
//! round's current results (labelled as not yet approved).

use std::collections::BTreeMap;

use cchc_domain::par::Points;
use cchc_domain::unit::UnitId;
use cchc_storage::Store;
use serde::Serialize;

use crate::accounts::ServiceError;

/// A unit's latest result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ParMark {
    pub index: Option<Points>,
    pub class: Option<String>,
}

/// The results of the round the planning page shows.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LatestPar {
    /// The round's name; empty when there is no round.
    pub round: String,
    pub approved: bool,
    #[serde(skip)]
    pub by_unit: BTreeMap<UnitId, ParMark>,
    /// The classes that occur, for the filter's choices.
    pub classes: Vec<String>,
}

/// The latest approved round's results, else the latest round's.
pub async fn latest(store: &dyn Store) -> Result<LatestPar, ServiceError> {
    let mut rounds = store.rounds().await?;
    rounds.sort_by_key(|r| (r.year, r.id));
    let round = rounds.iter().rev().find(|r| r.is_approved()).or(rounds.last());
    let Some(round) = round else { return Ok(LatestPar::default()) };
    let results = crate::par::results(store, round.id).await?;
    let mut out = LatestPar { round: round.name.clone(), approved: round.is_approved(), ..LatestPar::default() };
    for l in results.lines {
        let Some(s) = l.standing else { continue };
        if let Some(c) = s.class.as_ref().filter(|c| !out.classes.contains(c)) {
            out.classes.push(c.clone());
        }
        out.by_unit.insert(l.assessment.unit_id, ParMark { index: s.index, class: s.class });
    }
    Ok(out)
}

/// Whether a unit's mark passes the filter: its class is `class` (when given) and its index
/// is below `below` (when given); a unit without a result passes neither.
pub fn passes(mark: Option<&ParMark>, class: Option<&str>, below: Option<Points>) -> bool {
    let class_ok = class.is_none_or(|c| mark.and_then(|m| m.class.as_deref()).is_some_and(|m| m == c));
    let index_ok = below.is_none_or(|b| mark.and_then(|m| m.index).is_some_and(|i| i < b));
    class_ok && index_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn class_and_index_filters() {
        let m = ParMark { index: Some(Points(8050)), class: Some("Khá".into()) };
        let none = ParMark { index: None, class: None };
        let table = [
            (Some(&m), None, None, true),
            (Some(&m), Some("Khá"), None, true),
            (Some(&m), Some("Tốt"), None, false),
            (Some(&m), None, Some(Points(9000)), true),
            (Some(&m), None, Some(Points(8050)), false),
            (Some(&m), Some("Khá"), Some(Points(8000)), false),
            (Some(&none), Some("Khá"), None, false),
            (None, None, Some(Points(9000)), false),
            (None, None, None, true),
        ];
        for (mark, class, below, want) in table {
            assert_eq!(passes(mark, class, below), want, "{mark:?} {class:?} {below:?}");
        }
    }
}
