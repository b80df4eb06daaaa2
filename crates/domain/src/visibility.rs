//! Who reads unit-owned data, as a type: every storage read and list of data a unit owns
//! (reports, dossiers, and next PAR scores, survey batches, inspection findings) takes one, so
//! that a unit's staff cannot read another unit's drafts whatever a page asks for.

use serde::{Deserialize, Serialize};

use crate::review::ReviewState;
use crate::unit::UnitId;

/// What of the province's unit-owned data a reader may see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Visibility {
    /// Province-wide readers (office, leaders, appraisers): every unit's work once sent; of
    /// a draft only that it exists.
    Province,
    /// A unit's own staff: that unit's work, drafts included; nothing of other units.
    Unit(UnitId),
    /// A unit and the units below it in the registry (past and present): data that rolls up,
    /// such as one-stop-shop dossiers.
    UnitTree(UnitId),
}

impl Visibility {
    /// Whether the reader may see the content of work owned by `owner` in `state`. A tree
    /// reader's descendants are not known here: storage queries resolve the tree themselves,
    /// and this answers for the root only (the conservative answer).
    pub fn sees(self, owner: UnitId, state: ReviewState) -> bool {
        match self {
            Visibility::Province => state.is_sent(),
            Visibility::Unit(u) | Visibility::UnitTree(u) => u == owner,
        }
    }

    /// The unit a unit-scoped reader is confined to; `None` for province-wide readers.
    pub fn root(self) -> Option<UnitId> {
        match self {
            Visibility::Province => None,
            Visibility::Unit(u) | Visibility::UnitTree(u) => Some(u),
        }
    }

    /// The unit whose drafts the reader may see.
    pub fn own_unit(self) -> Option<UnitId> {
        match self {
            Visibility::Unit(u) => Some(u),
            Visibility::Province | Visibility::UnitTree(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_are_their_units_own() {
        let (a, b) = (7, 8);
        assert!(Visibility::Unit(a).sees(a, ReviewState::Draft));
        assert!(!Visibility::Unit(b).sees(a, ReviewState::Draft));
        assert!(!Visibility::Unit(b).sees(a, ReviewState::Accepted), "other units' work is not theirs to read");
        assert!(!Visibility::Province.sees(a, ReviewState::Draft));
        assert!(Visibility::Province.sees(a, ReviewState::Submitted));
        assert_eq!(Visibility::UnitTree(a).root(), Some(a));
        assert_eq!(Visibility::UnitTree(a).own_unit(), None);
        assert_eq!(Visibility::Province.root(), None);
    }
}
