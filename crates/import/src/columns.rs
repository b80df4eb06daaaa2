//! The one column-role detector: header cells of any table (scraped text, TSV, DOCX, XLSX) to
//! roles, in any order and spelling (`5- Chủ trì`, `CHỦ TRÌ`, `Co quan chu tri`, `Chỉ tiêu phấn
//! đấu năm 2025`), and whether the table lists tasks or targets.

use cchc_domain::text::fold;

use crate::numbering::leading_code;

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// TT / STT row number.
    No,
    Objective,
    PlanTask,
    PlanActivity,
    Output,
    Lead,
    Coordinating,
    Deadline,
    Budget,
    Indicator,
    TargetValue,
    Monitoring,
    Implementing,
    Note,
    Other,
}

impl Role {
    /// Vietnamese column name, for messages.
    pub fn label(self) -> &'static str {
        match self {
            Role::No => "TT",
            Role::Objective => "Mục tiêu",
            Role::PlanTask => "Nhiệm vụ",
            Role::PlanActivity => "Hoạt động",
            Role::Output => "Sản phẩm/Kết quả",
            Role::Lead => "Cơ quan chủ trì",
            Role::Coordinating => "Cơ quan phối hợp",
            Role::Deadline => "Thời gian hoàn thành",
            Role::Budget => "Kinh phí",
            Role::Indicator => "Chỉ tiêu",
            Role::TargetValue => "Chỉ tiêu phấn đấu",
            Role::Monitoring => "Đơn vị theo dõi",
            Role::Implementing => "Đơn vị thực hiện",
            Role::Note => "Ghi chú",
            Role::Other => "Khác",
        }
    }
}

/// What a recognised table lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Tasks,
    Targets,
}

/// Role of one header cell, ignoring case, diacritics and numbering prefixes.
pub fn role_of(header: &str) -> Role {
    let text = leading_code(header).map_or(header, |(_, rest)| rest);
    let f = fold(text).replace(['*', '(', ')'], "");
    let f = f.trim();
    let has = |k: &str| f.contains(k);
    // Header labels are short; a long cell is content, not a header.
    if f.is_empty() || f.chars().count() > 90 {
        return Role::Other;
    }
    if matches!(f, "tt" | "stt" | "so tt" | "thu tu" | "so thu tu" | "ma" | "ma so") {
        return Role::No;
    }
    if has("theo doi") || has("giam sat") {
        return Role::Monitoring;
    }
    if has("phoi hop") {
        return Role::Coordinating;
    }
    if has("chu tri") {
        return Role::Lead;
    }
    if has("thoi gian") || has("thoi han") || has("tien do") || has("han hoan thanh") || f == "han" {
        return Role::Deadline;
    }
    if has("kinh phi") || has("nguon von") || has("du toan") || has("ngan sach") {
        return Role::Budget;
    }
    if has("ghi chu") {
        return Role::Note;
    }
    if has("chi tieu") && (has("phan dau") || has("gia tri") || has("nam 20") || has("ke hoach nam")) {
        return Role::TargetValue;
    }
    if has("muc tieu") {
        return Role::Objective;
    }
    if has("chi tieu") {
        return Role::Indicator;
    }
    if has("san pham") || has("ket qua") {
        return Role::Output;
    }
    if has("hoat dong") {
        return Role::PlanActivity;
    }
    if has("thuc hien") || has("trach nhiem") || has("don vi") || has("co quan") {
        return Role::Implementing;
    }
    if has("ten thu tuc") || f == "thu tuc hanh chinh" {
        return Role::PlanTask;
    }
    // The proposed change of a procedure-simplification plan is what the task delivers.
    if has("don gian hoa") {
        return Role::Output;
    }
    if has("nhiem vu") || has("noi dung") || has("giai phap") || has("cong viec") || has("ten nhiem vu") {
        return Role::PlanTask;
    }
    Role::Other
}

/// A recognised header: roles per column and what the table lists.
#[derive(Debug, Clone)]
pub struct Header {
    pub roles: Vec<Role>,
    pub kind: TableKind,
    /// The header texts, for matching repeated headers at page breaks.
    pub texts: Vec<String>,
    /// Numbering prefix of each header (`3- Hoạt động` → `3`): items in that column are
    /// numbered `3.1`, `3.2`, …
    pub families: Vec<Option<String>>,
    /// The original header texts.
    pub labels: Vec<String>,
}

impl Header {
    /// Column index of a role.
    pub fn col(&self, role: Role) -> Option<usize> {
        self.roles.iter().position(|r| *r == role)
    }

    /// A required role the table lacks, for the missing-column error.
    pub fn missing_required(&self) -> Option<Role> {
        match self.kind {
            TableKind::Tasks => [Role::PlanTask, Role::Lead].into_iter().find(|r| self.col(*r).is_none()),
            TableKind::Targets => None,
        }
    }
}

/// Recognises a header row from its cell texts; `None` when it is not one.
pub fn recognise(cells: &[String]) -> Option<Header> {
    let mut roles: Vec<Role> = cells.iter().map(|c| role_of(c)).collect();
    let known = roles.iter().filter(|r| !matches!(r, Role::Other)).count();
    if known < 3 {
        return None;
    }
    let has = |r: Role| roles.contains(&r);
    let kind = if has(Role::Indicator) && (has(Role::TargetValue) || has(Role::Monitoring)) && !has(Role::PlanTask) {
        TableKind::Targets
    } else if has(Role::PlanTask)
        || (has(Role::Objective) && has(Role::PlanActivity))
        || (has(Role::Lead) && has(Role::Deadline))
    {
        TableKind::Tasks
    } else {
        return None;
    };
    // In a task table "đơn vị thực hiện" is the lead column.
    if kind == TableKind::Tasks && !has(Role::Lead) {
        if let Some(i) = roles.iter().position(|r| *r == Role::Implementing) {
            roles[i] = Role::Lead;
        }
    }
    // Two task-like columns: the second is the activity.
    let tasks: Vec<usize> = roles.iter().enumerate().filter(|(_, r)| **r == Role::PlanTask).map(|(i, _)| i).collect();
    for i in tasks.iter().skip(1) {
        roles[*i] = Role::PlanActivity;
    }
    let families = cells
        .iter()
        .map(|c| leading_code(c).map(|(code, _)| code).filter(|code| code.bytes().all(|b| b.is_ascii_digit())))
        .collect();
    Some(Header { roles, kind, texts: cells.iter().map(|c| fold(c)).collect(), families, labels: cells.to_vec() })
}

/// Whether a row repeats the header (page breaks in Word exports repeat it).
pub fn is_repeat(header: &Header, cells: &[String]) -> bool {
    // Data rows have long texts or a row number; only short label rows are compared.
    if cells.iter().any(|c| c.chars().count() > 90 || crate::numbering::is_row_number(c)) {
        return false;
    }
    let folded: Vec<String> = cells.iter().map(|c| fold(c)).filter(|c| !c.is_empty()).collect();
    let texts: Vec<&String> = header.texts.iter().filter(|t| !t.is_empty()).collect();
    !folded.is_empty()
        && folded.len() >= texts.len().min(2)
        && folded.iter().all(|c| texts.iter().any(|t| *t == c || t.contains(c.as_str())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_from_headers() {
        let cases = [
            ("TT", Role::No),
            ("**STT**", Role::No),
            ("1- Mục tiêu/Chỉ tiêu/nội dung", Role::Objective),
            ("2- Nhiệm vụ", Role::PlanTask),
            ("3- Hoạt động", Role::PlanActivity),
            ("4- Kết quả, sản phẩm", Role::Output),
            ("5- Chủ trì", Role::Lead),
            ("PHỐI HỢP", Role::Coordinating),
            ("Thời gian dự kiến hoàn thành", Role::Deadline),
            ("Nguồn kinh phí", Role::Budget),
            ("Hoạt động/sản phẩm", Role::Output),
            ("Chỉ tiêu phần đầu năm 2025", Role::TargetValue),
            ("Chỉ tiêu/Chỉ tiêu thành phần", Role::Indicator),
            ("Trách nhiệm cụ thể Đơn vị theo dõi, hướng dẫn thực hiện", Role::Monitoring),
            ("Đơn vị thực hiện", Role::Implementing),
            ("NHIỆM VỤ VÀ GIẢI PHÁP", Role::PlanTask),
            ("co quan chu tri", Role::Lead),
            ("Tên thủ tục hành chính", Role::PlanTask),
            ("Nội dung đơn giản hóa", Role::Output),
        ];
        for (h, r) in cases {
            assert_eq!(role_of(h), r, "{h}");
        }
    }

    #[test]
    fn table_kinds() {
        let t: Vec<String> =
            ["STT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian"].iter().map(|s| s.to_string()).collect();
        assert_eq!(recognise(&t).map(|h| h.kind), Some(TableKind::Tasks));
        let g: Vec<String> = ["STT", "Chỉ tiêu", "Chỉ tiêu phấn đấu năm 2025", "Đơn vị theo dõi", "Đơn vị thực hiện"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(recognise(&g).map(|h| h.kind), Some(TableKind::Targets));
        let no_lead: Vec<String> = ["TT", "Nhiệm vụ", "Phối hợp", "Thời gian"].iter().map(|s| s.to_string()).collect();
        assert_eq!(recognise(&no_lead).and_then(|h| h.missing_required()), Some(Role::Lead));
        assert!(recognise(&["Số hiệu".to_string(), "3098/QĐ-UBND".to_string()]).is_none());
    }
}
