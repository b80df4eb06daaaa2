//! Roles a user can hold, and what each may do in general terms. The web layer turns these
//! into extractor types; this module only names them and their rules.

use serde::{Deserialize, Serialize};

/// A user's role. Unit roles act only for their own unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// System administrator: users, settings, audit log.
    Admin,
    /// Reform office (Sở Nội vụ / Văn phòng UBND): plans, registry, appraisal management.
    Office,
    /// A unit's CCHC focal point (cán bộ đầu mối): reports for their own unit.
    UnitFocal,
    /// A unit's head (thủ trưởng): approves their own unit's submissions.
    UnitHead,
    /// Member of the appraisal council (Hội đồng thẩm định / Tổ giúp việc).
    Appraiser,
    /// Leader (chairman, steering committee): reads everything, changes nothing.
    Leader,
}

impl Role {
    /// Every role, in the order the admin page lists them.
    pub const ALL: [Role; 6] =
        [Role::Admin, Role::Office, Role::UnitFocal, Role::UnitHead, Role::Appraiser, Role::Leader];

    /// Stable code stored in the database and used on the CLI.
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Office => "office",
            Role::UnitFocal => "unit_focal",
            Role::UnitHead => "unit_head",
            Role::Appraiser => "appraiser",
            Role::Leader => "leader",
        }
    }

    /// Parses a stored or typed role code.
    pub fn parse(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code.trim().to_ascii_lowercase())
    }

    /// Vietnamese label shown in the UI.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị hệ thống",
            Role::Office => "Cơ quan thường trực CCHC",
            Role::UnitFocal => "Cán bộ đầu mối đơn vị",
            Role::UnitHead => "Thủ trưởng đơn vị",
            Role::Appraiser => "Thành viên thẩm định",
            Role::Leader => "Lãnh đạo",
        }
    }

    /// English label for the English switch.
    pub fn label_en(self) -> &'static str {
        match self {
            Role::Admin => "Administrator",
            Role::Office => "Reform office",
            Role::UnitFocal => "Unit focal point",
            Role::UnitHead => "Unit head",
            Role::Appraiser => "Appraiser",
            Role::Leader => "Leader",
        }
    }

    /// Unit roles must be attached to exactly one unit and act only for it.
    pub fn requires_unit(self) -> bool {
        matches!(self, Role::UnitFocal | Role::UnitHead)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.code()), Some(r));
        }
        assert_eq!(Role::parse(" ADMIN "), Some(Role::Admin));
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn only_unit_roles_need_a_unit() {
        let need: Vec<_> = Role::ALL.into_iter().filter(|r| r.requires_unit()).collect();
        assert_eq!(need, vec![Role::UnitFocal, Role::UnitHead]);
    }
}
