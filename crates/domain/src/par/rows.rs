//! Reading a criteria tree from spreadsheet rows in the layout provinces publish:
//! `STT | Lĩnh vực / Tiêu chí / Tiêu chí thành phần | Điểm tối đa | Phương pháp / hướng dẫn
//! chấm | Tài liệu kiểm chứng` (optionally `Cơ quan chủ trì` and `Số liệu theo dõi`, see
//! [`super::live_text`]), and writing it back.
//!
//! Rules chosen where the domain is silent:
//! - The header row is the first row with an STT column, a criterion column and a points
//!   column (diacritic-insensitive); columns are found by their titles, in any order, and a
//!   repeated header (page break) is skipped.
//! - STT: upper-case Roman numerals are areas; then "1" is a criterion and "1.1" a
//!   sub-criterion. Without Roman areas, "1" is an area, "1.1" a criterion, "1.1.1" a
//!   sub-criterion. Letters ("a", "b)") and bullets ("-", "+") are children of the last
//!   numbered row. Codes are dotted paths: parent code + the last number of the STT (the
//!   position among siblings for letters and bullets).
//! - An area or criterion row without points takes the sum of its children; a scored row
//!   without points is an error. A row whose name starts with "Tổng" gives the declared
//!   total. A row without STT but with text is skipped with a warning.

use super::criteria::Node;
use super::live_text::parse_live;
use super::method_text::parse_method_text;
use super::points::Points;
use super::validate::{Problem, Severity};
use crate::text::{clean, fold};

/// The column titles written on export.
pub const HEADER: [&str; 5] = [
    "STT",
    "Lĩnh vực / Tiêu chí / Tiêu chí thành phần",
    "Điểm tối đa",
    "Phương pháp / hướng dẫn chấm",
    "Tài liệu kiểm chứng",
];

/// The optional sixth column: the department reporting on the criterion.
pub const OWNER_TITLE: &str = "Cơ quan chủ trì";

/// The tree read from rows, with the declared total and every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedRows {
    pub areas: Vec<Node>,
    /// The "Tổng cộng" row's points, when present.
    pub declared_total: Option<Points>,
    pub problems: Vec<Problem>,
}

impl ParsedRows {
    /// The declared total, else the sum of the areas.
    pub fn total(&self) -> Points {
        self.declared_total.unwrap_or_else(|| self.areas.iter().map(|a| a.max).sum())
    }
}

#[derive(Debug, Clone, Copy, Default)]
struct Columns {
    stt: usize,
    name: usize,
    max: usize,
    method: Option<usize>,
    evidence: Option<usize>,
    owner: Option<usize>,
    live: Option<usize>,
}

fn header_columns(cells: &[String]) -> Option<Columns> {
    let (mut stt, mut name, mut max) = (None, None, None);
    let mut cols = Columns::default();
    for (i, cell) in cells.iter().enumerate() {
        let f = fold(cell);
        if matches!(f.as_str(), "stt" | "tt" | "so tt" | "so thu tu") {
            stt = stt.or(Some(i));
        } else if f.contains("kiem chung") || f.contains("tai lieu") {
            cols.evidence = cols.evidence.or(Some(i));
        } else if f.contains("phuong phap") || f.contains("huong dan") || f.contains("cach cham") {
            cols.method = cols.method.or(Some(i));
        } else if f.starts_with("so lieu") || f.starts_with("du lieu") {
            cols.live = cols.live.or(Some(i));
        } else if f.contains("chu tri") || f.contains("theo doi") {
            cols.owner = cols.owner.or(Some(i));
        } else if f.contains("diem") {
            max = max.or(Some(i));
        } else if f.contains("tieu chi") || f.contains("linh vuc") || f.contains("noi dung") {
            name = name.or(Some(i));
        }
    }
    Some(Columns { stt: stt?, name: name?, max: max?, ..cols })
}

/// What an STT cell says about the row's place in the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Stt {
    Roman(u32),
    Numbers(Vec<u32>),
    Letter,
}

fn read_stt(text: &str) -> Option<Stt> {
    let t = text.trim().trim_end_matches(['.', ')']);
    if t == "-" || t == "+" || t == "•" || (t.chars().count() == 1 && t.chars().all(|c| c.is_ascii_lowercase())) {
        return Some(Stt::Letter);
    }
    if let Some(n) = roman(t) {
        return Some(Stt::Roman(n));
    }
    let parts: Option<Vec<u32>> = t.split('.').map(|s| s.trim().parse().ok()).collect();
    parts.filter(|p| !p.is_empty()).map(Stt::Numbers)
}

/// An upper-case Roman numeral up to 39.
pub(crate) fn roman(t: &str) -> Option<u32> {
    if t.is_empty() || !t.chars().all(|c| matches!(c, 'I' | 'V' | 'X')) {
        return None;
    }
    (1..40).find(|n| to_roman(*n) == t)
}

/// 1 → "I", 14 → "XIV" (up to 39).
pub(crate) fn to_roman(n: u32) -> String {
    let tens = "X".repeat((n / 10) as usize);
    let ones = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"][(n % 10) as usize];
    format!("{tens}{ones}")
}

/// A row placed in the tree, before assembly.
struct Flat {
    depth: usize,
    node: Node,
    max_given: bool,
    method_warning: Option<String>,
}

/// Reads the criteria tree from `(row number, cells)` rows (see the module rules).
pub fn parse_rows(rows: &[(u32, Vec<String>)]) -> ParsedRows {
    let mut problems = Vec::new();
    let Some(header_at) = rows.iter().position(|(_, cells)| header_columns(cells).is_some()) else {
        problems.push(Problem::error(
            None,
            "Không tìm thấy dòng tiêu đề (STT | Lĩnh vực / Tiêu chí | Điểm tối đa | Phương pháp chấm | Tài liệu kiểm chứng).",
        ));
        return ParsedRows { areas: vec![], declared_total: None, problems };
    };
    let cols = header_columns(&rows[header_at].1).unwrap_or_default();
    let body = &rows[header_at + 1..];
    let cell = |cells: &[String], i: usize| cells.get(i).map(|s| clean(s)).unwrap_or_default();
    let roman_areas = body.iter().any(|(_, c)| matches!(read_stt(&cell(c, cols.stt)), Some(Stt::Roman(_))));
    let mut flat: Vec<Flat> = Vec::new();
    let mut declared_total = None;
    let mut placer = Placer { roman_areas, open: Vec::new(), numbered_depth: None, areas: 0 };
    for (row, cells) in body {
        let (stt, name) = (cell(cells, cols.stt), cell(cells, cols.name));
        let max_text = cell(cells, cols.max);
        if cells.iter().all(|c| c.trim().is_empty()) || header_columns(cells).is_some() {
            continue;
        }
        let at_row = |message: String| Problem { row: Some(*row), ..Problem::error(None, message) };
        if stt.is_empty() && fold(&name).starts_with("tong") {
            match Points::parse(&max_text) {
                Ok(total) => declared_total = Some(total),
                Err(e) => problems.push(at_row(format!("Dòng tổng: {e}"))),
            }
            continue;
        }
        if stt.is_empty() {
            problems.push(Problem {
                severity: Severity::Warning,
                ..at_row(format!("Dòng không có STT, bỏ qua: «{}».", non_empty(cells)))
            });
            continue;
        }
        let Some(kind) = read_stt(&stt) else {
            problems.push(at_row(format!("Không đọc được STT «{stt}».")));
            continue;
        };
        let (depth, code) = match placer.place(&kind, &stt) {
            Ok((depth, code, warning)) => {
                if let Some(w) = warning {
                    problems.push(Problem { severity: Severity::Warning, ..at_row(w) });
                }
                (depth, code)
            }
            Err(e) => {
                problems.push(at_row(e));
                continue;
            }
        };
        let item = read_node(&code, &stt, *row, cells, cols, &mut problems);
        flat.push(Flat { depth, node: item.0, max_given: item.1, method_warning: item.2 });
    }
    let mut i = 0;
    let areas = assemble(&mut flat, &mut i, 0, &mut problems);
    ParsedRows { areas, declared_total, problems }
}

/// Places rows in the tree as they come.
struct Placer {
    roman_areas: bool,
    /// (code, stt, children so far) of the open node at each depth.
    open: Vec<(String, String, u32)>,
    /// Depth of the last row numbered by digits or Roman numerals (parent of letters).
    numbered_depth: Option<usize>,
    areas: u32,
}

impl Placer {
    /// (depth, code, warning) of a row, or why it has no place.
    fn place(&mut self, kind: &Stt, stt: &str) -> Result<(usize, String, Option<String>), String> {
        let (depth, segment) = match kind {
            Stt::Roman(n) => (0, Some(*n)),
            Stt::Numbers(ns) => (if self.roman_areas { ns.len() } else { ns.len() - 1 }, ns.last().copied()),
            Stt::Letter => (self.numbered_depth.map_or(0, |d| d + 1), None),
        };
        if depth > self.open.len() {
            return Err(format!("STT «{stt}» không có lĩnh vực hoặc tiêu chí cha."));
        }
        self.open.truncate(depth);
        let mut warning = None;
        if let (Stt::Numbers(ns), Some(parent)) = (kind, self.open.last()) {
            let prefix: Vec<String> = ns[..ns.len() - 1].iter().map(ToString::to_string).collect();
            if ns.len() >= 2 && prefix.join(".") != parent.1 {
                warning = Some(format!("STT «{stt}» nằm dưới «{}».", parent.1));
            }
        }
        let code = match self.open.last_mut() {
            None => {
                self.areas += 1;
                segment.unwrap_or(self.areas).to_string()
            }
            Some(parent) => {
                parent.2 += 1;
                format!("{}.{}", parent.0, segment.unwrap_or(parent.2))
            }
        };
        if !matches!(kind, Stt::Letter) {
            self.numbered_depth = Some(depth);
        }
        self.open.push((code.clone(), stt.to_string(), 0));
        Ok((depth, code, warning))
    }
}

fn non_empty(cells: &[String]) -> String {
    cells.iter().map(|c| clean(c)).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | ")
}

/// The node of one row; (node, max given, method warning).
fn read_node(
    code: &str,
    stt: &str,
    row: u32,
    cells: &[String],
    cols: Columns,
    problems: &mut Vec<Problem>,
) -> (Node, bool, Option<String>) {
    let cell = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|s| clean(s)).unwrap_or_default();
    let raw = |i: Option<usize>| i.and_then(|i| cells.get(i)).map(|s| s.trim().to_string()).unwrap_or_default();
    let mut node = Node::new(code, &cell(Some(cols.name)), Points::ZERO);
    node.stt = Some(stt.to_string());
    node.source_row = Some(row);
    let max_text = cell(Some(cols.max));
    let max_given = !max_text.is_empty();
    if max_given {
        match Points::parse(&max_text) {
            Ok(max) => node.max = max,
            Err(e) => problems.push(Problem::error(Some(&node), format!("Điểm tối đa: {e}"))),
        }
    }
    node.guidance = raw(cols.method);
    let parsed = parse_method_text(&node.guidance);
    node.method = parsed.method;
    node.may_be_not_applicable = parsed.may_be_not_applicable;
    node.component = parsed.component;
    node.evidence = cell(cols.evidence);
    node.evidence_required = !node.evidence.is_empty() && fold(&node.evidence) != "khong";
    node.owner = Some(cell(cols.owner)).filter(|o| !o.is_empty());
    match parse_live(&cell(cols.live)) {
        Ok(live) => node.live = live,
        Err(e) => problems.push(Problem::error(Some(&node), e)),
    }
    (node, max_given, parsed.warning)
}

/// Builds the subtree of nodes at `depth` starting at `flat[*i]`.
fn assemble(flat: &mut [Flat], i: &mut usize, depth: usize, problems: &mut Vec<Problem>) -> Vec<Node> {
    let mut out = Vec::new();
    while *i < flat.len() && flat[*i].depth == depth {
        let at = *i;
        *i += 1;
        let children = assemble(flat, i, depth + 1, problems);
        let f = &mut flat[at];
        let mut node = std::mem::replace(&mut f.node, Node::new("", "", Points::ZERO));
        if children.is_empty() {
            if !f.max_given {
                problems.push(Problem::error(Some(&node), format!("Tiêu chí {} chưa có điểm tối đa.", node.code)));
            }
            if let Some(w) = f.method_warning.take() {
                problems.push(Problem::warning(Some(&node), w));
            }
        } else {
            if !f.max_given {
                node.max = children.iter().map(|c| c.max).sum();
            }
            // A parent is not scored: its method text stays as guidance only.
            node.method = None;
        }
        node.children = children;
        out.push(node);
    }
    out
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
