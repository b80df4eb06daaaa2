//! Groups of units that documents name collectively ("các sở, ban, ngành", "UBND cấp xã"),
//! and which registry units belong to each group in a province on a date.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::unit::{Unit, UnitId, UnitKind};

/// A collective target of a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitGroup {
    /// Các sở, ban, ngành cấp tỉnh.
    Departments,
    /// UBND cấp huyện (districts, towns and provincial cities; abolished 1/7/2025).
    Districts,
    /// UBND cấp xã (communes, wards, townships, special zones).
    Communes,
    /// UBND các cấp / các địa phương: every local government below the province; in a
    /// national document (no province) the provinces themselves.
    LocalGovernments,
    /// Các cơ quan Trung ương đóng trên địa bàn tỉnh.
    CentralAgencies,
    /// Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ.
    Ministries,
    /// Các cơ quan, đơn vị, địa phương: everybody.
    AllUnits,
    /// Các cơ quan liên quan: unspecified; somebody has to name them.
    Related,
    /// Các cơ quan chủ trì CCHC của tỉnh: the bodies leading each reform area. Who they are
    /// is set by the province's plan, not by the registry.
    ReformLeads,
}

impl UnitGroup {
    /// Every group, in display order.
    pub const ALL: [UnitGroup; 9] = [
        UnitGroup::Departments,
        UnitGroup::Districts,
        UnitGroup::Communes,
        UnitGroup::LocalGovernments,
        UnitGroup::CentralAgencies,
        UnitGroup::Ministries,
        UnitGroup::AllUnits,
        UnitGroup::Related,
        UnitGroup::ReformLeads,
    ];

    /// Stable code (the serde name).
    pub fn code(self) -> &'static str {
        match self {
            UnitGroup::Departments => "departments",
            UnitGroup::Districts => "districts",
            UnitGroup::Communes => "communes",
            UnitGroup::LocalGovernments => "local_governments",
            UnitGroup::CentralAgencies => "central_agencies",
            UnitGroup::Ministries => "ministries",
            UnitGroup::AllUnits => "all_units",
            UnitGroup::Related => "related",
            UnitGroup::ReformLeads => "reform_leads",
        }
    }

    /// Vietnamese display label.
    pub fn label_vi(self) -> &'static str {
        match self {
            UnitGroup::Departments => "Các sở, ban, ngành cấp tỉnh",
            UnitGroup::Districts => "UBND cấp huyện",
            UnitGroup::Communes => "UBND cấp xã",
            UnitGroup::LocalGovernments => "UBND các cấp, các địa phương",
            UnitGroup::CentralAgencies => "Các cơ quan Trung ương đóng trên địa bàn",
            UnitGroup::Ministries => "Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ",
            UnitGroup::AllUnits => "Các cơ quan, đơn vị, địa phương",
            UnitGroup::Related => "Các cơ quan liên quan",
            UnitGroup::ReformLeads => "Các cơ quan chủ trì CCHC của tỉnh",
        }
    }

    /// Whether the registry alone decides the members ([`UnitGroup::Related`] and
    /// [`UnitGroup::ReformLeads`] need a person or the plan to name them).
    pub fn is_enumerable(self) -> bool {
        !matches!(self, UnitGroup::Related | UnitGroup::ReformLeads)
    }

    /// The units of the group in `province` (any province when `None`) that exist on `on`.
    /// Unspecified groups return no member.
    pub fn members(self, units: &[Unit], province: Option<UnitId>, on: NaiveDate) -> Vec<UnitId> {
        let facts: Vec<UnitFacts> = unit_facts(units);
        members_of(self, &facts, province, Some(on))
    }
}

/// What membership needs to know about a unit.
#[derive(Debug, Clone)]
pub(crate) struct UnitFacts {
    pub id: UnitId,
    pub kind: UnitKind,
    /// The province the unit belongs to (itself for a province); `None` for national bodies.
    pub province: Option<UnitId>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
}

impl UnitFacts {
    pub(crate) fn active_on(&self, on: Option<NaiveDate>) -> bool {
        on.is_none_or(|d| self.valid_from.is_none_or(|f| f <= d) && self.valid_to.is_none_or(|t| d <= t))
    }
}

/// Computes each unit's province by walking parents (cycles and dangling parents end the walk).
pub(crate) fn unit_facts(units: &[Unit]) -> Vec<UnitFacts> {
    let by_id: HashMap<UnitId, &Unit> = units.iter().map(|u| (u.id, u)).collect();
    units
        .iter()
        .map(|u| {
            let mut cur = Some(u);
            let mut province = None;
            for _ in 0..32 {
                let Some(c) = cur else { break };
                if c.kind == UnitKind::Province {
                    province = Some(c.id);
                    break;
                }
                cur = c.parent_id.and_then(|p| by_id.get(&p).copied());
            }
            UnitFacts { id: u.id, kind: u.kind, province, valid_from: u.valid_from, valid_to: u.valid_to }
        })
        .collect()
}

pub(crate) fn members_of(
    group: UnitGroup,
    facts: &[UnitFacts],
    province: Option<UnitId>,
    on: Option<NaiveDate>,
) -> Vec<UnitId> {
    let in_province = |f: &UnitFacts| province.is_none_or(|p| f.province == Some(p));
    let wanted = |f: &UnitFacts| -> bool {
        match group {
            UnitGroup::Departments => f.kind == UnitKind::Department && in_province(f),
            UnitGroup::Districts => f.kind == UnitKind::District && in_province(f),
            UnitGroup::Communes => f.kind == UnitKind::Commune && in_province(f),
            UnitGroup::LocalGovernments => match province {
                Some(_) => matches!(f.kind, UnitKind::District | UnitKind::Commune) && in_province(f),
                None => f.kind == UnitKind::Province,
            },
            UnitGroup::CentralAgencies => f.kind == UnitKind::Central && in_province(f),
            UnitGroup::Ministries => f.province.is_none() && f.kind != UnitKind::Province,
            UnitGroup::AllUnits => f.province.is_some() && f.kind != UnitKind::Province && in_province(f),
            UnitGroup::Related | UnitGroup::ReformLeads => false,
        }
    };
    facts.iter().filter(|f| wanted(f) && f.active_on(on)).map(|f| f.id).collect()
}
