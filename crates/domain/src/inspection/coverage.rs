//! How much of each unit group a year's inspection plan covers, against the group's target
//! share (from its checklist): the number of units still to add before the target is met.

use serde::Serialize;

/// Coverage of one unit group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GroupCoverage {
    /// Unit kind code.
    pub group: String,
    /// Active units of the group.
    pub units: usize,
    /// Distinct units of the group with an inspection in the year.
    pub planned: usize,
    /// Target share in percent.
    pub target_percent: u32,
    /// Units needed to meet the target: ⌈units × target / 100⌉.
    pub needed: usize,
    /// Planned share in tenths of a percent (rounded down), for the meter.
    pub permille: u32,
    /// Whether the planned share reaches the target.
    pub reached: bool,
}

/// Coverage per group: `groups` lists (group code, active units, planned units, target %).
pub fn coverage(groups: &[(String, usize, usize, u32)]) -> Vec<GroupCoverage> {
    groups
        .iter()
        .map(|(group, units, planned, target)| {
            let (units, planned) = (*units, (*planned).min(*units));
            let needed = (units * (*target as usize)).div_ceil(100);
            let permille = (planned * 1000).checked_div(units).unwrap_or(0) as u32;
            GroupCoverage {
                group: group.clone(),
                units,
                planned,
                target_percent: *target,
                needed,
                permille,
                reached: planned >= needed,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn needed_rounds_up_and_reached() {
        let table = [
            // units, planned, target, needed, permille, reached
            (20, 5, 30, 6, 250, false),
            (20, 6, 30, 6, 300, true),
            (7, 3, 30, 3, 428, true),
            (10, 0, 0, 0, 0, true),
            (0, 0, 30, 0, 0, true),
            (3, 5, 50, 2, 1000, true),
        ];
        for (units, planned, target, needed, permille, reached) in table {
            let c = &coverage(&[("department".into(), units, planned, target)])[0];
            assert_eq!((c.needed, c.permille, c.reached), (needed, permille, reached), "{units} {planned} {target}");
        }
    }
}
