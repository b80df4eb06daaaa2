//! The checklist of an inspection: what the team checks in a unit of one group (sở, ban,
//! ngành; UBND cấp xã; …), versioned and date-effective, with the share of the group the
//! province means to inspect each year. The shipped lists are templates (seed 003 target 1.7
//! says "at least 30%"; the items are not confirmed by any source) and say so.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::text::clean;
use crate::unit::UnitKind;

/// Whether a checklist is a shipped template or the province's own confirmed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistStatus {
    /// Mẫu, chưa xác nhận.
    #[default]
    Template,
    /// Confirmed by the office.
    Confirmed,
}

/// One thing the team checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChecklistItem {
    /// Short code, unique within the list (`1.1`).
    pub code: String,
    /// The reform area it belongs to.
    pub area: String,
    /// What is checked.
    pub text: String,
    /// Whether an answer needs evidence (and a remedy of a finding on it, proof of the fix).
    #[serde(default)]
    pub evidence_required: bool,
}

/// A checklist for one unit group, in force from `effective_from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Checklist {
    pub code: String,
    pub name: String,
    /// The unit kind code (`department`, `commune`, …) this list is for.
    pub group: String,
    pub version: u32,
    pub effective_from: NaiveDate,
    #[serde(default)]
    pub status: ChecklistStatus,
    /// Share of the group to inspect in a year, in percent (0–100).
    pub target_percent: u32,
    pub items: Vec<ChecklistItem>,
}

/// The templates shipped with cchc, labelled *mẫu, chưa xác nhận*.
pub const CHECKLIST_TEMPLATES: [&str; 2] = [
    include_str!("../../data/inspection/kiem-tra-so-ban-nganh.json"),
    include_str!("../../data/inspection/kiem-tra-ubnd-cap-xa.json"),
];

/// The shipped templates, parsed.
pub fn checklist_templates() -> Result<Vec<Checklist>, serde_json::Error> {
    CHECKLIST_TEMPLATES.iter().map(|j| serde_json::from_str(j)).collect()
}

/// Column headers of the checklist sheet (XLSX in and out).
pub const SHEET_HEADER: [&str; 4] = ["Mã", "Lĩnh vực", "Nội dung kiểm tra", "Cần tài liệu kiểm chứng"];

impl Checklist {
    /// Every problem of the list, each with the item's row (1-based position in the list; 0
    /// for the list's own fields). Empty when the list is valid.
    pub fn problems(&self) -> Vec<(usize, String)> {
        let mut out = Vec::new();
        if clean(&self.code).is_empty() {
            out.push((0, "Thiếu mã danh mục.".to_string()));
        }
        if clean(&self.name).is_empty() {
            out.push((0, "Thiếu tên danh mục.".to_string()));
        }
        if UnitKind::parse(&self.group).is_none() {
            out.push((0, format!("Nhóm đơn vị \"{}\" không có trong danh mục loại đơn vị.", self.group)));
        }
        if self.target_percent > 100 {
            out.push((0, format!("Tỷ lệ đơn vị cần kiểm tra {}% vượt quá 100%.", self.target_percent)));
        }
        if self.items.is_empty() {
            out.push((0, "Danh mục chưa có nội dung kiểm tra nào.".to_string()));
        }
        let mut seen: Vec<&str> = Vec::new();
        for (i, it) in self.items.iter().enumerate() {
            let row = i + 1;
            let code = it.code.trim();
            if code.is_empty() {
                out.push((row, "Thiếu mã nội dung kiểm tra.".to_string()));
            } else if seen.contains(&code) {
                out.push((row, format!("Mã \"{code}\" trùng với một dòng trước.")));
            } else {
                seen.push(code);
            }
            if clean(&it.text).is_empty() {
                out.push((row, "Thiếu nội dung kiểm tra.".to_string()));
            }
            if clean(&it.area).is_empty() {
                out.push((row, "Thiếu lĩnh vực.".to_string()));
            }
        }
        out
    }

    /// The item with `code`.
    pub fn item(&self, code: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.code == code)
    }

    /// Items read from sheet rows (`line` as the user sees it, then the cells in
    /// [`SHEET_HEADER`] order), every problem listed with its line; nothing when any row is
    /// wrong.
    pub fn items_from_rows(rows: &[(usize, Vec<String>)]) -> Result<Vec<ChecklistItem>, Vec<(usize, String)>> {
        let mut items = Vec::new();
        let mut problems = Vec::new();
        let mut seen: Vec<String> = Vec::new();
        for (line, cells) in rows {
            let cell = |i: usize| cells.get(i).map(|c| clean(c)).unwrap_or_default();
            let (code, area, text, ev) = (cell(0), cell(1), cell(2), cell(3));
            if code.is_empty() && area.is_empty() && text.is_empty() && ev.is_empty() {
                continue;
            }
            let mut row_ok = true;
            let mut bad = |m: String| {
                problems.push((*line, m));
                row_ok = false;
            };
            if code.is_empty() {
                bad("thiếu mã nội dung kiểm tra (cột Mã).".into());
            } else if seen.contains(&code) {
                bad(format!("mã \"{code}\" trùng với một dòng trước."));
            }
            if area.is_empty() {
                bad("thiếu lĩnh vực (cột Lĩnh vực).".into());
            }
            if text.is_empty() {
                bad("thiếu nội dung kiểm tra (cột Nội dung kiểm tra).".into());
            }
            let evidence_required = match crate::text::fold(&ev).as_str() {
                "co" | "x" | "1" => Some(true),
                "" | "khong" | "0" => Some(false),
                _ => None,
            };
            if evidence_required.is_none() {
                bad(format!("cột Cần tài liệu kiểm chứng ghi \"có\" hoặc \"không\", không phải \"{ev}\"."));
            }
            seen.push(code.clone());
            if row_ok {
                items.push(ChecklistItem { code, area, text, evidence_required: evidence_required.unwrap_or(false) });
            }
        }
        if items.is_empty() && problems.is_empty() {
            problems.push((0, "tệp không có dòng nội dung kiểm tra nào.".to_string()));
        }
        if problems.is_empty() {
            Ok(items)
        } else {
            Err(problems)
        }
    }

    /// The rows of the checklist sheet, for export.
    pub fn to_rows(&self) -> Vec<Vec<String>> {
        self.items
            .iter()
            .map(|i| {
                let ev = if i.evidence_required { "có" } else { "không" };
                vec![i.code.clone(), i.area.clone(), i.text.clone(), ev.to_string()]
            })
            .collect()
    }
}

/// The list in force for `group` on `day`: the latest version effective by then.
pub fn in_force<'a>(lists: &'a [Checklist], group: &str, day: NaiveDate) -> Option<&'a Checklist> {
    lists.iter().filter(|c| c.group == group && c.effective_from <= day).max_by_key(|c| (c.effective_from, c.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(v: &[(usize, [&str; 4])]) -> Vec<(usize, Vec<String>)> {
        v.iter().map(|(l, c)| (*l, c.iter().map(|s| s.to_string()).collect())).collect()
    }

    #[test]
    fn templates_are_valid_and_labelled() {
        let t = checklist_templates().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(t.len(), 2);
        for c in &t {
            assert!(c.problems().is_empty(), "{}: {:?}", c.code, c.problems());
            assert_eq!(c.status, ChecklistStatus::Template);
            assert_eq!(c.target_percent, 30, "seed 003 target 1.7");
        }
    }

    #[test]
    fn every_problem_is_listed_by_row() {
        let mut c = checklist_templates().unwrap_or_else(|e| panic!("{e}"))[0].clone();
        c.group = "planet".into();
        c.target_percent = 120;
        c.items[1].code = c.items[0].code.clone();
        c.items[2].text = "  ".into();
        c.items[3].area = String::new();
        let p = c.problems();
        let rows: Vec<usize> = p.iter().map(|x| x.0).collect();
        assert_eq!(rows, vec![0, 0, 2, 3, 4], "{p:?}");
    }

    #[test]
    fn sheet_rows_all_or_nothing() {
        let table = [
            (rows(&[(2, ["1.1", "Chỉ đạo", "Kế hoạch", "có"]), (3, ["1.2", "Chỉ đạo", "Báo cáo", ""])]), Ok(2)),
            (
                rows(&[
                    (2, ["1.1", "Chỉ đạo", "Kế hoạch", "có"]),
                    (3, ["1.1", "Chỉ đạo", "Báo cáo", "Có"]),
                    (4, ["", "", "Công khai", "thường"]),
                    (5, ["", "", "", ""]),
                ]),
                Err(vec![3, 4, 4, 4]),
            ),
            (rows(&[]), Err(vec![0])),
        ];
        for (input, want) in table {
            match (Checklist::items_from_rows(&input), want) {
                (Ok(items), Ok(n)) => assert_eq!(items.len(), n),
                (Err(p), Err(lines)) => assert_eq!(p.iter().map(|x| x.0).collect::<Vec<_>>(), lines, "{p:?}"),
                (got, want) => panic!("{got:?} vs {want:?}"),
            }
        }
    }

    #[test]
    fn version_in_force_by_date() {
        let base = checklist_templates().unwrap_or_else(|e| panic!("{e}"))[0].clone();
        let mut v2 = base.clone();
        v2.version = 2;
        v2.effective_from = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_else(|| panic!("date"));
        let lists = vec![base, v2];
        let d = |y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap_or_else(|| panic!("date"));
        assert_eq!(in_force(&lists, "department", d(2025)).map(|c| c.version), Some(1));
        assert_eq!(in_force(&lists, "department", d(2026)).map(|c| c.version), Some(2));
        assert_eq!(in_force(&lists, "department", d(2024)).map(|c| c.version), None);
        assert!(in_force(&lists, "commune", d(2026)).is_none());
    }
}
