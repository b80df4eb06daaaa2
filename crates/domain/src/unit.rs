//! The organisation registry's types: units with kind, parent, names, date-effective
//! validity, and the merge / split / rename changes that link a unit to its successors.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::fold;

/// Database identifier of a unit.
pub type UnitId = i64;

/// What kind of body a unit is (DOMAIN.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, PartialOrd, Ord)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    /// Tỉnh / thành phố trực thuộc trung ương.
    Province,
    /// Sở, ban, ngành cấp tỉnh (including the provincial office, inspectorate, boards).
    Department,
    /// Huyện, thị xã, thành phố thuộc tỉnh (abolished 1/7/2025).
    District,
    /// Xã, phường, thị trấn.
    Commune,
    /// Cơ quan Trung ương đóng trên địa bàn tỉnh.
    Central,
    /// Anything else: public service units, press, mass organisations.
    Other,
}

impl UnitKind {
    /// Every kind, in display order.
    pub const ALL: [UnitKind; 6] = [
        UnitKind::Province,
        UnitKind::Department,
        UnitKind::District,
        UnitKind::Commune,
        UnitKind::Central,
        UnitKind::Other,
    ];

    /// Stable code used in files and the database.
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::Province => "province",
            UnitKind::Department => "department",
            UnitKind::District => "district",
            UnitKind::Commune => "commune",
            UnitKind::Central => "central",
            UnitKind::Other => "other",
        }
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            UnitKind::Province => "Tỉnh",
            UnitKind::Department => "Sở, ban, ngành",
            UnitKind::District => "Cấp huyện",
            UnitKind::Commune => "Cấp xã",
            UnitKind::Central => "Cơ quan Trung ương trên địa bàn",
            UnitKind::Other => "Khác",
        }
    }

    /// English label.
    pub fn label_en(self) -> &'static str {
        match self {
            UnitKind::Province => "Province",
            UnitKind::Department => "Department",
            UnitKind::District => "District",
            UnitKind::Commune => "Commune",
            UnitKind::Central => "Central agency",
            UnitKind::Other => "Other",
        }
    }

    /// Parses a code or a Vietnamese / English label, ignoring case and diacritics.
    pub fn parse(s: &str) -> Option<UnitKind> {
        let f = fold(s);
        UnitKind::ALL.into_iter().find(|k| f == k.code() || f == fold(k.label_vi()) || f == fold(k.label_en())).or(
            match f.as_str() {
                "tinh" | "thanh pho" => Some(UnitKind::Province),
                "so" | "ban" | "nganh" | "so, ban, nganh" => Some(UnitKind::Department),
                "huyen" | "district" => Some(UnitKind::District),
                "xa" | "phuong" | "thi tran" => Some(UnitKind::Commune),
                "trung uong" => Some(UnitKind::Central),
                _ => None,
            },
        )
    }
}

/// A unit of the registry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unit {
    pub id: UnitId,
    /// Short stable code, unique in the registry (e.g. `HT-SNV`).
    pub code: String,
    pub kind: UnitKind,
    pub parent_id: Option<UnitId>,
    /// Official name, NFC.
    pub name: String,
    /// Abbreviations used in documents (`Sở TT&TT`, `VP UBND tỉnh`).
    pub abbreviations: Vec<String>,
    /// Other spellings and former names.
    pub aliases: Vec<String>,
    /// First day the unit exists under this name (inclusive), if known.
    pub valid_from: Option<NaiveDate>,
    /// Last day it exists (inclusive); `None` while current.
    pub valid_to: Option<NaiveDate>,
    pub note: String,
}

impl Unit {
    /// Whether the unit exists on `date`.
    pub fn is_active_on(&self, date: NaiveDate) -> bool {
        self.valid_from.is_none_or(|f| f <= date) && self.valid_to.is_none_or(|t| date <= t)
    }

    /// Whether the unit has ended (merged, split, renamed or dissolved) by `date`.
    pub fn has_ended_by(&self, date: NaiveDate) -> bool {
        self.valid_to.is_some_and(|t| t < date)
    }
}

/// How one or more units became others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Several units became one (e.g. Sở TT&TT into Sở KH&CN).
    Merge,
    /// One unit became several.
    Split,
    /// Same body, new name.
    Rename,
    /// Ended without successor (e.g. districts on 1/7/2025).
    Dissolve,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 4] = [ChangeKind::Merge, ChangeKind::Split, ChangeKind::Rename, ChangeKind::Dissolve];

    pub fn code(self) -> &'static str {
        match self {
            ChangeKind::Merge => "merge",
            ChangeKind::Split => "split",
            ChangeKind::Rename => "rename",
            ChangeKind::Dissolve => "dissolve",
        }
    }

    pub fn parse(s: &str) -> Option<ChangeKind> {
        let f = fold(s);
        ChangeKind::ALL.into_iter().find(|k| f == k.code() || f == fold(k.label_vi()))
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ChangeKind::Merge => "Hợp nhất / sáp nhập",
            ChangeKind::Split => "Chia tách",
            ChangeKind::Rename => "Đổi tên",
            ChangeKind::Dissolve => "Giải thể / kết thúc hoạt động",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            ChangeKind::Merge => "Merge",
            ChangeKind::Split => "Split",
            ChangeKind::Rename => "Rename",
            ChangeKind::Dissolve => "Dissolution",
        }
    }
}

/// A recorded reorganisation: predecessors end the day before `effective`; successors carry on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitChange {
    pub id: i64,
    pub kind: ChangeKind,
    /// First day of the new organisation.
    pub effective: NaiveDate,
    pub predecessors: Vec<UnitId>,
    pub successors: Vec<UnitId>,
    /// Legal basis or remark (e.g. the decision number).
    pub note: String,
}

/// Why a proposed change is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChangeError {
    #[error("cần chọn ít nhất một đơn vị cũ")]
    NoPredecessor,
    #[error("hợp nhất cần ít nhất hai đơn vị cũ, hoặc một đơn vị nhập vào một đơn vị đang hoạt động")]
    MergeNeedsTwo,
    #[error("chia tách cần ít nhất hai đơn vị mới")]
    SplitNeedsTwo,
    #[error("đổi tên cần đúng một đơn vị cũ và một đơn vị mới")]
    RenameOneToOne,
    #[error("{0} cần có đơn vị kế thừa")]
    NeedsSuccessor(&'static str),
    #[error("giải thể không có đơn vị kế thừa")]
    DissolveHasNoSuccessor,
    #[error("một đơn vị không thể vừa là đơn vị cũ vừa là đơn vị kế thừa, trừ khi hợp nhất vào chính nó")]
    Overlap,
}

/// Checks the shape of a change: counts of predecessors and successors per kind.
/// In a merge, one predecessor may also be the successor (a unit absorbing others).
pub fn validate_change(kind: ChangeKind, predecessors: &[UnitId], successors: &[UnitId]) -> Result<(), ChangeError> {
    if predecessors.is_empty() {
        return Err(ChangeError::NoPredecessor);
    }
    let overlap = predecessors.iter().filter(|p| successors.contains(p)).count();
    match kind {
        ChangeKind::Merge => {
            if successors.len() != 1 {
                return Err(ChangeError::NeedsSuccessor("hợp nhất (đúng một)"));
            }
            let distinct_old = predecessors.iter().filter(|p| !successors.contains(p)).count();
            if distinct_old == 0 || (predecessors.len() < 2 && overlap == 0 && distinct_old < 1) {
                return Err(ChangeError::MergeNeedsTwo);
            }
        }
        ChangeKind::Split => {
            if successors.len() < 2 {
                return Err(ChangeError::SplitNeedsTwo);
            }
            if overlap > 0 {
                return Err(ChangeError::Overlap);
            }
        }
        ChangeKind::Rename => {
            if predecessors.len() != 1 || successors.len() != 1 {
                return Err(ChangeError::RenameOneToOne);
            }
            if overlap > 0 {
                return Err(ChangeError::Overlap);
            }
        }
        ChangeKind::Dissolve => {
            if !successors.is_empty() {
                return Err(ChangeError::DissolveHasNoSuccessor);
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn kinds_parse_codes_and_labels() {
        for k in UnitKind::ALL {
            assert_eq!(UnitKind::parse(k.code()), Some(k));
            assert_eq!(UnitKind::parse(k.label_vi()), Some(k));
            assert_eq!(UnitKind::parse(&k.label_vi().to_uppercase()), Some(k));
        }
        assert_eq!(UnitKind::parse("Huyện"), Some(UnitKind::District));
        assert_eq!(UnitKind::parse("galaxy"), None);
    }

    #[test]
    fn validity_is_inclusive() {
        let u = Unit {
            id: 1,
            code: "X".into(),
            kind: UnitKind::Department,
            parent_id: None,
            name: "Sở Thông tin và Truyền thông".into(),
            abbreviations: vec![],
            aliases: vec![],
            valid_from: Some(d(2008, 1, 1)),
            valid_to: Some(d(2025, 2, 28)),
            note: String::new(),
        };
        assert!(u.is_active_on(d(2025, 2, 28)));
        assert!(!u.is_active_on(d(2025, 3, 1)));
        assert!(u.has_ended_by(d(2025, 3, 1)));
        assert!(!u.has_ended_by(d(2025, 2, 28)));
    }

    #[test]
    fn change_shapes() {
        use ChangeKind::*;
        let cases: &[(ChangeKind, &[i64], &[i64], bool)] = &[
            (Merge, &[1, 2], &[3], true),
            (Merge, &[1, 2], &[2], true), // 1 absorbed into 2
            (Merge, &[1], &[2], true),    // 1 absorbed into existing 2
            (Merge, &[1, 2], &[], false),
            (Merge, &[1, 2], &[3, 4], false),
            (Merge, &[1], &[1], false),
            (Split, &[1], &[2, 3], true),
            (Split, &[1], &[2], false),
            (Rename, &[1], &[2], true),
            (Rename, &[1, 2], &[3], false),
            (Dissolve, &[1], &[], true),
            (Dissolve, &[1], &[2], false),
            (Rename, &[], &[2], false),
        ];
        for (kind, p, s, ok) in cases {
            assert_eq!(validate_change(*kind, p, s).is_ok(), *ok, "{kind:?} {p:?} -> {s:?}");
        }
    }
}

/// What a user types to create or edit a unit (before it has an id).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitInput {
    pub code: String,
    pub kind: Option<UnitKind>,
    pub parent_id: Option<UnitId>,
    pub name: String,
    pub abbreviations: Vec<String>,
    pub aliases: Vec<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub note: String,
}

/// How to reach a unit's CCHC focal point; the unit itself may keep this up to date.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitContact {
    pub contact_person: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

impl UnitInput {
    /// Normalises every text field (NFC, trimmed, blank list items dropped) and checks the
    /// rules that need no database: required fields, code shape, date order.
    pub fn normalized(mut self) -> Result<UnitInput, crate::validation::FieldErrors> {
        use crate::text::clean;
        let mut errs = crate::validation::FieldErrors::default();
        self.code = clean(&self.code).to_uppercase();
        self.name = clean(&self.name);
        self.note = clean(&self.note);
        let tidy = |v: Vec<String>| -> Vec<String> {
            let mut out: Vec<String> = Vec::new();
            for s in v.iter().map(|s| clean(s)).filter(|s| !s.is_empty()) {
                if !out.contains(&s) {
                    out.push(s);
                }
            }
            out
        };
        self.abbreviations = tidy(self.abbreviations);
        self.aliases = tidy(self.aliases);
        if self.code.is_empty() {
            errs.add("code", "Cần nhập mã đơn vị.");
        } else if self.code.len() > 40
            || !self.code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        {
            errs.add("code", "Mã chỉ gồm chữ cái không dấu, chữ số và - _ . (tối đa 40 ký tự).");
        }
        if self.name.is_empty() {
            errs.add("name", "Cần nhập tên đơn vị.");
        } else if self.name.chars().count() > 300 {
            errs.add("name", "Tên đơn vị quá dài (tối đa 300 ký tự).");
        }
        if self.kind.is_none() {
            errs.add("kind", "Cần chọn loại đơn vị.");
        }
        if let (Some(f), Some(t)) = (self.valid_from, self.valid_to) {
            if f > t {
                errs.add("valid_to", "Ngày kết thúc hiệu lực phải sau ngày bắt đầu.");
            }
        }
        errs.into_result(self)
    }
}

impl UnitContact {
    /// Normalises the fields and checks their shape.
    pub fn normalized(mut self) -> Result<UnitContact, crate::validation::FieldErrors> {
        use crate::text::clean;
        let mut errs = crate::validation::FieldErrors::default();
        self.contact_person = clean(&self.contact_person);
        self.phone = clean(&self.phone);
        self.email = clean(&self.email).to_lowercase();
        self.address = clean(&self.address);
        if !self.email.is_empty() && !is_plausible_email(&self.email) {
            errs.add("email", "Địa chỉ thư điện tử không hợp lệ.");
        }
        if !self.phone.chars().all(|c| c.is_ascii_digit() || " +().-".contains(c)) {
            errs.add("phone", "Số điện thoại chỉ gồm chữ số và các ký tự + ( ) . -");
        }
        for (field, v) in [("contact_person", &self.contact_person), ("address", &self.address)] {
            if v.chars().count() > 300 {
                errs.add(field, "Nội dung quá dài (tối đa 300 ký tự).");
            }
        }
        errs.into_result(self)
    }
}

/// A light e-mail shape check: one `@`, a dot in the domain, no spaces.
pub fn is_plausible_email(s: &str) -> bool {
    let mut parts = s.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(local), Some(domain), None) => {
            !local.is_empty() && domain.contains('.') && !domain.starts_with('.') && !s.contains(' ')
        }
        _ => false,
    }
}
