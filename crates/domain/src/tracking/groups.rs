//! Group assignments fanned out: a task led by "Các sở, ban, ngành" or "UBND cấp xã" is the
//! work of every member of the group, each tracked and counted on its own.
//!
//! Rules chosen where the domain is silent:
//! - The members are the group's units in the document's province on the task's effective
//!   date (the document's date, or the first day of its plan year). Without a known province
//!   nothing fans out: a national list of "all departments" is not one province's work.
//! - A member that has since ended follows the registry's change history to the one unit that
//!   carries its work (a merge, an absorption, a rename); after a split or a dissolution it
//!   stays, and the reorganisation handover asks the office to choose.
//! - Units named directly come first, then members in registry order, without repeats.

use chrono::NaiveDate;

use crate::resolver::UnitGroup;
use crate::unit::{Unit, UnitChange, UnitId};

/// The lead units of a task: `direct` ones, then every member of `groups` in `province` on
/// `on`, each followed to its current successor as of `today`.
pub fn group_leads(
    direct: &[UnitId],
    groups: &[UnitGroup],
    units: &[Unit],
    changes: &[UnitChange],
    province: Option<UnitId>,
    on: NaiveDate,
    today: NaiveDate,
) -> Vec<UnitId> {
    let mut out: Vec<UnitId> = Vec::new();
    let mut push = |u: UnitId| {
        if !out.contains(&u) {
            out.push(u);
        }
    };
    direct.iter().copied().for_each(&mut push);
    let Some(province) = province else { return out };
    for g in groups.iter().filter(|g| g.is_enumerable()) {
        for m in g.members(units, Some(province), on) {
            push(successor(m, units, changes, today));
        }
    }
    out
}

/// The unit carrying `unit`'s work on `today`: itself while current, else the single successor
/// of the change that ended it (followed again if that one ended too).
pub fn successor(unit: UnitId, units: &[Unit], changes: &[UnitChange], today: NaiveDate) -> UnitId {
    let mut cur = unit;
    for _ in 0..16 {
        let ended = units.iter().find(|u| u.id == cur).is_some_and(|u| u.valid_to.is_some_and(|t| t < today));
        if !ended {
            break;
        }
        let next = changes
            .iter()
            .filter(|c| c.effective <= today && c.predecessors.contains(&cur) && !c.successors.contains(&cur))
            .find_map(|c| match c.successors.as_slice() {
                [one] => Some(*one),
                _ => None,
            });
        match next {
            Some(n) => cur = n,
            None => break,
        }
    }
    cur
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::unit::{ChangeKind, UnitKind};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_else(|| panic!("date"))
    }

    fn unit(id: UnitId, kind: UnitKind, parent: Option<UnitId>, to: Option<NaiveDate>) -> Unit {
        Unit {
            id,
            code: format!("U{id}"),
            kind,
            parent_id: parent,
            name: format!("Đơn vị {id}"),
            abbreviations: vec![],
            aliases: vec![],
            valid_from: if id == 9 { Some(d(2025, 3, 1)) } else { None },
            valid_to: to,
            note: String::new(),
        }
    }

    #[test]
    fn departments_fan_out_and_merged_members_follow_their_successor() {
        let units = vec![
            unit(1, UnitKind::Province, None, None),
            unit(2, UnitKind::Department, Some(1), None),
            unit(3, UnitKind::Department, Some(1), Some(d(2025, 2, 28))), // merged into 9
            unit(4, UnitKind::Department, Some(1), Some(d(2025, 2, 28))), // merged into 9
            unit(5, UnitKind::Commune, Some(1), None),
            unit(9, UnitKind::Department, Some(1), None),
            unit(20, UnitKind::Province, None, None),
            unit(21, UnitKind::Department, Some(20), None), // another province
        ];
        let merge = UnitChange {
            id: 1,
            kind: ChangeKind::Merge,
            effective: d(2025, 3, 1),
            predecessors: vec![3, 4],
            successors: vec![9],
            note: String::new(),
        };
        let groups = [UnitGroup::Departments];
        // A plan of 1/1/2025 read on 1/6/2025: 3 and 4 existed, both now carried by 9.
        let leads =
            group_leads(&[5], &groups, &units, std::slice::from_ref(&merge), Some(1), d(2025, 1, 1), d(2025, 6, 1));
        assert_eq!(leads, vec![5, 2, 9]);
        // Read before the merge took effect, the members stay themselves.
        let before =
            group_leads(&[], &groups, &units, std::slice::from_ref(&merge), Some(1), d(2025, 1, 1), d(2025, 2, 1));
        assert_eq!(before, vec![2, 3, 4]);
        // No province, no fan-out; an unspecified group names nobody.
        assert_eq!(
            group_leads(&[5], &groups, &units, std::slice::from_ref(&merge), None, d(2025, 1, 1), d(2025, 6, 1)),
            vec![5]
        );
        let related = [UnitGroup::Related];
        assert!(group_leads(&[], &related, &units, &[merge], Some(1), d(2025, 1, 1), d(2025, 6, 1)).is_empty());
    }
}
