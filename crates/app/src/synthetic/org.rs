//! The synthetic province's organisation: departments (with the March 2025 merges), central
//! agencies, other bodies, districts (ended 30/06/2025 when the years cross that day) and
//! communes (the former ones merged into new ones from 01/07/2025), about `--units` in all.

use std::collections::HashMap;

use cchc_domain::unit::{ChangeKind, Unit, UnitId, UnitKind};
use cchc_storage::traits_bulk::{BulkChange, BulkUnit};
use chrono::NaiveDate;

use super::names::{
    code_word, place_name, Agency, Rng, CENTRAL, DEPARTMENTS, MERGED_DEPARTMENTS, NEW_DEPARTMENTS, OTHERS,
    PROVINCE_CODE, PROVINCE_NAME,
};

/// The fewest units the generator builds a province with.
pub const MIN_UNITS: usize = 40;

/// Reorganisation days (DOMAIN.md §3).
pub fn merge_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default()
}

/// First day without districts.
pub fn reform_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
}

/// The units and changes to create.
pub struct OrgPlan {
    pub units: Vec<BulkUnit>,
    pub changes: Vec<BulkChange>,
}

fn unit(code: String, kind: UnitKind, parent: Option<&str>, name: String, abbr: &str) -> BulkUnit {
    BulkUnit {
        code,
        kind,
        parent_code: parent.map(str::to_string),
        name,
        abbreviations: if abbr.is_empty() { Vec::new() } else { vec![abbr.to_string()] },
        aliases: Vec::new(),
        valid_from: None,
        valid_to: None,
        note: "Dữ liệu tổng hợp để thử tải".into(),
    }
}

fn agency_unit(a: &Agency, kind: UnitKind) -> BulkUnit {
    unit(format!("{PROVINCE_CODE}-{}", a.code), kind, Some(PROVINCE_CODE), a.name.to_string(), a.abbreviation)
}

fn day_before(d: NaiveDate) -> Option<NaiveDate> {
    d.pred_opt()
}

/// Builds the organisation for plans covering `first_year..=last_year`.
pub fn build(total: usize, first_year: i32, last_year: i32, rng: &mut Rng) -> OrgPlan {
    let start = NaiveDate::from_ymd_opt(first_year, 1, 1).unwrap_or_default();
    let end = NaiveDate::from_ymd_opt(last_year, 12, 31).unwrap_or_default();
    let mut units = vec![unit(PROVINCE_CODE.into(), UnitKind::Province, None, PROVINCE_NAME.into(), "UBND tỉnh")];
    let mut changes = Vec::new();
    units.extend(DEPARTMENTS.iter().map(|a| agency_unit(a, UnitKind::Department)));
    // The March 2025 merges, as far as the years reach.
    let (before_merge, after_merge) = (start < merge_day(), end >= merge_day());
    if before_merge {
        for (a, successor) in MERGED_DEPARTMENTS {
            let mut u = agency_unit(a, UnitKind::Department);
            if after_merge {
                u.valid_to = day_before(merge_day());
                changes.push(BulkChange {
                    kind: ChangeKind::Merge,
                    effective: merge_day(),
                    predecessors: vec![u.code.clone()],
                    successors: vec![format!("{PROVINCE_CODE}-{successor}")],
                    note: "Sắp xếp cơ quan chuyên môn thuộc UBND tỉnh từ 01/03/2025".into(),
                });
            }
            units.push(u);
        }
    }
    if after_merge {
        for a in NEW_DEPARTMENTS {
            let mut u = agency_unit(a, UnitKind::Department);
            u.valid_from = Some(merge_day()).filter(|_| before_merge);
            units.push(u);
        }
    }
    let room = total.saturating_sub(units.len() + 10);
    fn take(list: &[Agency], n: usize) -> Vec<&Agency> {
        list.iter().take(n).collect()
    }
    for a in take(CENTRAL, room / 3) {
        units.push(agency_unit(a, UnitKind::Central));
    }
    for a in take(OTHERS, room / 3) {
        units.push(agency_unit(a, UnitKind::Other));
    }
    let local = total.saturating_sub(units.len());
    local_units(&mut units, &mut changes, local, start, end, rng);
    OrgPlan { units, changes }
}

/// Districts and communes: `n` units in all.
fn local_units(
    units: &mut Vec<BulkUnit>,
    changes: &mut Vec<BulkChange>,
    n: usize,
    start: NaiveDate,
    end: NaiveDate,
    rng: &mut Rng,
) {
    let (before, after) = (start < reform_day(), end >= reform_day());
    let districts = if before { (n / 70).max(2) } else { 0 };
    let communes = n.saturating_sub(districts);
    // Where the years cross 1/7/2025: about 7 former communes in 10, merged into new ones.
    let (old, new) = match (before, after) {
        (true, true) => {
            let new = (communes * 3 / 10).max(1);
            (communes - new, new)
        }
        (true, false) => (communes, 0),
        _ => (0, communes),
    };
    let ended = before && after;
    let mut district_codes = Vec::new();
    for d in 0..districts {
        let name = place_name(rng);
        let (prefix, code) = match d % 9 {
            0 => ("Thành phố", "TP"),
            4 => ("Thị xã", "TX"),
            _ => ("Huyện", "H"),
        };
        let c = format!("{PROVINCE_CODE}-{code}{:03}-{}", 400 + d, code_word(&name));
        let mut u = unit(c.clone(), UnitKind::District, Some(PROVINCE_CODE), format!("{prefix} {name}"), "");
        u.abbreviations = vec![format!("UBND {} {name}", prefix.to_lowercase())];
        if ended {
            u.valid_to = day_before(reform_day());
        }
        district_codes.push(c);
        units.push(u);
    }
    if ended && !district_codes.is_empty() {
        changes.push(BulkChange {
            kind: ChangeKind::Dissolve,
            effective: reform_day(),
            predecessors: district_codes.clone(),
            successors: Vec::new(),
            note: "Chấm dứt hoạt động của đơn vị hành chính cấp huyện từ 01/07/2025".into(),
        });
    }
    let mut old_codes = Vec::new();
    for i in 0..old {
        let name = place_name(rng);
        let prefix = commune_prefix(rng, true);
        let parent = district_codes.get(i % district_codes.len().max(1)).map(String::as_str);
        let c = format!("{PROVINCE_CODE}-X{:05}", 18_000 + i);
        let mut u = unit(c.clone(), UnitKind::Commune, parent.or(Some(PROVINCE_CODE)), format!("{prefix} {name}"), "");
        u.abbreviations = vec![format!("UBND {} {name}", prefix.to_lowercase())];
        if ended {
            u.valid_to = day_before(reform_day());
        }
        old_codes.push(c);
        units.push(u);
    }
    for j in 0..new {
        let name = place_name(rng);
        let prefix = commune_prefix(rng, false);
        let c = format!("{PROVINCE_CODE}-XM{:04}", 1 + j);
        let mut u = unit(c.clone(), UnitKind::Commune, Some(PROVINCE_CODE), format!("{prefix} {name}"), "");
        u.abbreviations = vec![format!("UBND {} {name}", prefix.to_lowercase())];
        if ended {
            u.valid_from = Some(reform_day());
            // Former communes j, j + new, j + 2·new… merge into this one.
            let preds: Vec<String> = old_codes.iter().skip(j).step_by(new).cloned().collect();
            if !preds.is_empty() {
                changes.push(BulkChange {
                    kind: ChangeKind::Merge,
                    effective: reform_day(),
                    predecessors: preds,
                    successors: vec![c.clone()],
                    note: "Sắp xếp đơn vị hành chính cấp xã từ 01/07/2025".into(),
                });
            }
        }
        units.push(u);
    }
}

fn commune_prefix(rng: &mut Rng, former: bool) -> &'static str {
    let r = rng.unit();
    if r < 0.8 {
        "Xã"
    } else if r < 0.95 || !former {
        "Phường"
    } else {
        "Thị trấn"
    }
}

/// The stored organisation, for assigning work.
pub struct OrgIndex {
    pub units: Vec<Unit>,
    pos: HashMap<UnitId, usize>,
    /// A unit's successor from the day after it ended (merges only; dissolved units have none).
    successor: HashMap<UnitId, UnitId>,
    pub province: UnitId,
}

impl OrgIndex {
    pub fn new(units: Vec<Unit>, changes: &[BulkChange]) -> OrgIndex {
        let id: HashMap<&str, UnitId> = units.iter().map(|u| (u.code.as_str(), u.id)).collect();
        let mut successor = HashMap::new();
        for c in changes.iter().filter(|c| c.successors.len() == 1) {
            if let Some(s) = c.successors.first().and_then(|s| id.get(s.as_str())) {
                for p in c.predecessors.iter().filter_map(|p| id.get(p.as_str())) {
                    successor.insert(*p, *s);
                }
            }
        }
        let province = id.get(PROVINCE_CODE).copied().unwrap_or_default();
        let pos = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        OrgIndex { units, pos, successor, province }
    }

    /// Units of `kind` that exist on `day`.
    pub fn active(&self, kind: UnitKind, day: NaiveDate) -> Vec<&Unit> {
        self.units.iter().filter(|u| u.kind == kind && u.is_active_on(day)).collect()
    }

    /// The unit that carries `unit`'s work on `day`: itself while it exists, then its
    /// successor (followed through several changes); `None` once dissolved.
    pub fn carrier(&self, unit: UnitId, day: NaiveDate) -> Option<UnitId> {
        let mut u = unit;
        for _ in 0..8 {
            let ended = self.unit(u).is_some_and(|x| x.has_ended_by(day));
            if !ended {
                return Some(u);
            }
            u = *self.successor.get(&u)?;
        }
        None
    }

    pub fn unit(&self, id: UnitId) -> Option<&Unit> {
        self.pos.get(&id).and_then(|i| self.units.get(*i))
    }
}
