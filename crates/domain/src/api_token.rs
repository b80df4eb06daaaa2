//! Personal access tokens for the JSON API: their scopes (read or write, per area), and the
//! rules for names and lifetimes. A token never grants more than its owner's role allows:
//! scopes only narrow what the owner may do through the API.

use serde::{Deserialize, Serialize};

use crate::validation::FieldErrors;

/// A part of the application a token's scopes name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Area {
    /// Plans, tasks and their progress reports.
    Tasks,
    /// Periodic reports, targets and their values.
    Reports,
    /// Index 766: results, explanations and dossier push.
    Kpi,
    /// The PAR index.
    Par,
    /// Citizen satisfaction (SIPAS).
    Sipas,
    /// The organisation registry and its history.
    Registry,
    /// The audit log (administrators only, whatever the scope).
    Audit,
    /// Inspections, their findings and remedies, and reform initiatives.
    Inspections,
}

impl Area {
    /// Every area, in the order the token page lists them.
    pub const ALL: [Area; 8] =
        [Area::Tasks, Area::Reports, Area::Kpi, Area::Par, Area::Sipas, Area::Inspections, Area::Registry, Area::Audit];

    /// Stable code used in scopes (`tasks:read`).
    pub fn code(self) -> &'static str {
        match self {
            Area::Tasks => "tasks",
            Area::Reports => "reports",
            Area::Kpi => "kpi",
            Area::Par => "par",
            Area::Sipas => "sipas",
            Area::Registry => "registry",
            Area::Audit => "audit",
            Area::Inspections => "inspections",
        }
    }

    /// Vietnamese label for the token page.
    pub fn label_vi(self) -> &'static str {
        match self {
            Area::Tasks => "Kế hoạch và nhiệm vụ",
            Area::Reports => "Báo cáo định kỳ, chỉ tiêu",
            Area::Kpi => "Chỉ số 766, hồ sơ",
            Area::Par => "Chỉ số CCHC",
            Area::Sipas => "Khảo sát hài lòng (SIPAS)",
            Area::Registry => "Danh mục đơn vị",
            Area::Audit => "Nhật ký hệ thống",
            Area::Inspections => "Kiểm tra, kiến nghị, sáng kiến",
        }
    }

    fn parse(code: &str) -> Option<Area> {
        Area::ALL.into_iter().find(|a| a.code() == code)
    }
}

/// What a scope allows in its area. Write implies read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum Access {
    Read,
    Write,
}

/// One scope: an area and an access.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope {
    pub area: Area,
    pub access: Access,
}

impl Scope {
    /// `tasks:read`.
    pub fn code(self) -> String {
        let a = match self.access {
            Access::Read => "read",
            Access::Write => "write",
        };
        format!("{}:{a}", self.area.code())
    }

    /// Parses `area:read` / `area:write`.
    pub fn parse(code: &str) -> Option<Scope> {
        let (area, access) = code.trim().split_once(':')?;
        let access = match access {
            "read" => Access::Read,
            "write" => Access::Write,
            _ => return None,
        };
        Some(Scope { area: Area::parse(area)?, access })
    }
}

/// A token's set of scopes, stored space-separated.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scopes(pub Vec<Scope>);

impl Scopes {
    /// Parses stored scopes; unknown ones are dropped (never widen access).
    pub fn parse(stored: &str) -> Scopes {
        let mut v: Vec<Scope> = stored.split_whitespace().filter_map(Scope::parse).collect();
        v.sort();
        v.dedup();
        Scopes(v)
    }

    /// The stored form.
    pub fn code(&self) -> String {
        self.0.iter().map(|s| s.code()).collect::<Vec<_>>().join(" ")
    }

    /// Whether these scopes allow `access` in `area` (write implies read).
    pub fn allows(&self, area: Area, access: Access) -> bool {
        self.0.iter().any(|s| s.area == area && (s.access == access || s.access == Access::Write))
    }
}

/// Longest lifetime a token may be given, in days.
pub const MAX_DAYS: i64 = 366;

/// Checks a new token's name (already NFC-normalised and trimmed), scopes (as typed codes)
/// and lifetime in days; every problem is reported against its field.
pub fn validate(name: &str, scopes: &[String], days: i64) -> Result<Scopes, FieldErrors> {
    let mut errs = FieldErrors::default();
    let n = name.chars().count();
    if n == 0 {
        errs.add("name", "Hãy đặt tên cho mã truy cập (ví dụ: Đồng bộ iGate).");
    } else if n > 100 {
        errs.add("name", "Tên mã truy cập dài tối đa 100 ký tự.");
    }
    let mut parsed = Vec::new();
    for s in scopes {
        match Scope::parse(s) {
            Some(p) => parsed.push(p),
            None => errs.add("scopes", format!("Phạm vi «{s}» không hợp lệ.")),
        }
    }
    if scopes.is_empty() {
        errs.add("scopes", "Hãy chọn ít nhất một phạm vi.");
    }
    if !(1..=MAX_DAYS).contains(&days) {
        errs.add("days", format!("Thời hạn phải từ 1 đến {MAX_DAYS} ngày."));
    }
    let scopes = Scopes::parse(&parsed.iter().map(|s| s.code()).collect::<Vec<_>>().join(" "));
    errs.into_result(scopes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_round_trip_and_write_implies_read() {
        let s = Scopes::parse("tasks:write kpi:read bogus:read tasks:write registry:admin");
        assert_eq!(s.code(), "tasks:write kpi:read");
        assert!(s.allows(Area::Tasks, Access::Read));
        assert!(s.allows(Area::Tasks, Access::Write));
        assert!(s.allows(Area::Kpi, Access::Read));
        assert!(!s.allows(Area::Kpi, Access::Write));
        assert!(!s.allows(Area::Registry, Access::Read));
    }

    #[test]
    fn validation_names_each_field() {
        let e = validate("", &["x:y".into()], 0).err().unwrap_or_else(|| panic!("expected an error"));
        assert!(e.get("name").is_some());
        assert!(e.get("scopes").unwrap_or_default().contains("x:y"));
        assert!(e.get("days").is_some());
        let e = validate("Đồng bộ", &[], 30).err().unwrap_or_else(|| panic!("expected an error"));
        assert!(e.get("scopes").is_some());
        let ok = validate("Đồng bộ", &["kpi:write".into(), "kpi:read".into()], 30).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ok.code(), "kpi:read kpi:write");
        assert!(validate(&"x".repeat(101), &["kpi:read".into()], 30).is_err());
        assert!(validate("x", &["kpi:read".into()], MAX_DAYS + 1).is_err());
    }
}
