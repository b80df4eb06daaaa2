//! Places the cells of a row into the header's columns. Word and Excel say where each cell is;
//! flattened web tables do not (cells covered by a cell above are simply missing), so the
//! aligner chooses the placement whose contents best fit the column roles.

use cchc_domain::deadline::{parse_deadline, DeadlineKind};

use crate::agency::starts_with_agency;
use crate::blocks::Row;
use crate::columns::{Header, Role};
use crate::numbering::{is_row_number, leading_code};

/// A column of an aligned row.
#[derive(Debug, Clone, PartialEq)]
pub enum Slot {
    Empty,
    Text(String),
    /// Covered by a cell above (rowspan, vertical merge): the value above continues.
    Inherit,
}

impl Slot {
    /// The text, if any.
    pub fn text(&self) -> Option<&str> {
        match self {
            Slot::Text(t) if !t.trim().is_empty() => Some(t),
            _ => None,
        }
    }
}

/// Aligns `row` to the header's columns.
pub fn align(row: &Row, header: &Header) -> Vec<Slot> {
    let n = header.roles.len();
    if row.cells.iter().all(|c| c.col.is_some()) && !row.cells.is_empty() {
        return positional(row, n);
    }
    let texts: Vec<String> = row.cells.iter().map(|c| c.text.trim().to_string()).collect();
    if row.last_may_be_pad && texts.len() == n {
        // A final bare `|` may be a one-cell pad rather than an empty last cell.
        let direct: i32 = texts.iter().enumerate().map(|(i, t)| fit(&Feat::of(t), i, header)).sum();
        let (alt, alt_score) = place(&texts[..n - 1], header);
        if alt_score > direct {
            return alt;
        }
    }
    if texts.len() >= n {
        let mut out: Vec<Slot> = texts.iter().take(n).map(|t| slot(t)).collect();
        let extra: Vec<&str> = texts.iter().skip(n).map(|s| s.as_str()).filter(|t| !t.is_empty()).collect();
        if !extra.is_empty() {
            if let Some(last) = out.last_mut() {
                let joined = format!("{}\n{}", last.text().unwrap_or_default(), extra.join("\n"));
                *last = Slot::Text(joined.trim().to_string());
            }
        }
        return out;
    }
    let (best, score) = place(&texts, header);
    if row.last_may_be_pad && texts.len() > 1 {
        let shorter = &texts[..texts.len() - 1];
        let (alt, alt_score) = place(shorter, header);
        if alt_score > score {
            return alt;
        }
    }
    best
}

fn slot(t: &str) -> Slot {
    if t.trim().is_empty() {
        Slot::Empty
    } else {
        Slot::Text(t.to_string())
    }
}

fn positional(row: &Row, n: usize) -> Vec<Slot> {
    let mut out = vec![Slot::Empty; n];
    for c in &row.cells {
        let Some(col) = c.col else { continue };
        if col >= n {
            continue;
        }
        out[col] = if c.merged_above { Slot::Inherit } else { slot(&c.text) };
    }
    out
}

/// What the aligner needs to know about a cell, computed once per cell.
struct Feat<'a> {
    text: &'a str,
    len: usize,
    number: bool,
    deadline_like: bool,
    agency: bool,
    family: Option<String>,
    amount_like: bool,
}

impl<'a> Feat<'a> {
    fn of(text: &'a str) -> Feat<'a> {
        let len = text.chars().count();
        let lower = if len < 200 { text.to_lowercase() } else { String::new() };
        Feat {
            text,
            len,
            number: is_row_number(text),
            deadline_like: len <= 80
                && maybe_deadline(&lower)
                && parse_deadline(text, Some(2000)).kind != DeadlineKind::Unspecified,
            agency: starts_with_agency(text),
            family: leading_code(text).and_then(|(code, _)| code.split('.').next().map(str::to_string)),
            amount_like: (text.chars().any(|c| c.is_ascii_digit()) && len < 30)
                || ["dự toán", "kinh phí", "ngân sách", "nguồn", "vốn"].iter().any(|k| lower.contains(k)),
        }
    }
}

/// Cheap test before the deadline parser: a deadline names a number or one of these words.
fn maybe_deadline(lower: &str) -> bool {
    lower.bytes().any(|b| b.is_ascii_digit())
        || ["thường", "hằng", "hàng", "khi", "theo", "năm", "quý", "quí", "tháng", "liên tục", "định kỳ", "mỗi"]
            .iter()
            .any(|k| lower.contains(k))
}

/// Dynamic programme: cells keep their order; skipped columns are covered from above.
fn place(texts: &[String], header: &Header) -> (Vec<Slot>, i32) {
    let n = header.roles.len();
    let m = texts.len();
    let feats: Vec<Feat> = texts.iter().map(|t| Feat::of(t)).collect();
    const NEG: i32 = i32::MIN / 4;
    let mut dp = vec![vec![NEG; n + 1]; m + 1];
    let mut took = vec![vec![false; n + 1]; m + 1];
    dp[0][0] = 0;
    for j in 1..=n {
        dp[0][j] = dp[0][j - 1] - miss(header.roles[j - 1]);
    }
    for i in 1..=m {
        for j in i..=n {
            let skip = if j > i { dp[i][j - 1] - miss(header.roles[j - 1]) } else { NEG };
            let take = dp[i - 1][j - 1] + fit(&feats[i - 1], j - 1, header);
            if take >= skip {
                dp[i][j] = take;
                took[i][j] = true;
            } else {
                dp[i][j] = skip;
            }
        }
    }
    let mut out = vec![Slot::Inherit; n];
    let (mut i, mut j) = (m, n);
    while j > 0 {
        if i > 0 && took[i][j] {
            out[j - 1] = slot(&texts[i - 1]);
            i -= 1;
        }
        j -= 1;
    }
    (out, dp[m][n])
}

/// Cost of a column being covered from above: hierarchy columns often are, others rarely.
fn miss(role: Role) -> i32 {
    match role {
        Role::No => 0,
        Role::Objective | Role::PlanTask | Role::Indicator => 1,
        Role::PlanActivity => 2,
        Role::Lead => 4,
        _ => 3,
    }
}

/// How well a cell's content fits a column.
fn fit(cell: &Feat, col: usize, header: &Header) -> i32 {
    if cell.text.is_empty() {
        return 0;
    }
    let role = header.roles[col];
    let (len, number, deadline_like, agency, family) =
        (cell.len, cell.number, cell.deadline_like, cell.agency, &cell.family);
    let family_fit = match (family, header.families.get(col).and_then(|f| f.as_ref())) {
        (Some(f), Some(want)) if f == want => 4,
        (Some(f), _) if header.families.iter().flatten().any(|w| w == f) => -4,
        _ => 0,
    };
    match role {
        Role::No => {
            if number {
                4
            } else if len <= 6 {
                0
            } else {
                -6
            }
        }
        Role::Objective | Role::PlanTask | Role::PlanActivity | Role::Indicator => {
            let mut s = if number {
                -4
            } else if len > 30 {
                2
            } else {
                1
            } + family_fit;
            if deadline_like && len < 40 {
                s -= 3;
            }
            if agency && len < 60 {
                s -= 2;
            }
            s
        }
        Role::Output | Role::Note | Role::Other => {
            if number {
                -4
            } else if deadline_like && len < 40 {
                -2
            } else {
                0
            }
        }
        Role::Lead | Role::Coordinating | Role::Monitoring | Role::Implementing => {
            if agency {
                3
            } else if deadline_like || number || len > 40 {
                -3
            } else {
                -1
            }
        }
        Role::Deadline => {
            if deadline_like {
                4
            } else {
                -3
            }
        }
        Role::Budget | Role::TargetValue => {
            if cell.amount_like {
                3
            } else if deadline_like {
                -2
            } else {
                -1
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::Cell;
    use crate::columns::recognise;
    use cchc_domain::plan::Source;

    fn header(cells: &[&str]) -> Header {
        let v: Vec<String> = cells.iter().map(|s| s.to_string()).collect();
        recognise(&v).unwrap_or_else(|| panic!("header {cells:?}"))
    }

    fn row(cells: &[&str], pad: usize) -> Row {
        Row {
            cells: cells.iter().map(|c| Cell::flat(c.to_string(), Source::default())).collect(),
            pad,
            last_may_be_pad: false,
            source: Source::default(),
        }
    }

    #[test]
    fn missing_left_cells_are_inherited() {
        let h = header(&[
            "TT",
            "1- Mục tiêu",
            "2- Nhiệm vụ",
            "3- Hoạt động",
            "4- Kết quả",
            "5- Chủ trì",
            "6- Phối hợp",
            "7- Thời gian",
            "8- Kinh phí",
        ]);
        let r = row(&["3.6. Tổ chức thực hiện", "Các hình thức tuyên truyền", "", "", "Thường xuyên", ""], 3);
        let a = align(&r, &h);
        assert_eq!(&a[..3], &[Slot::Inherit, Slot::Inherit, Slot::Inherit]);
        assert_eq!(a[3].text(), Some("3.6. Tổ chức thực hiện"));
        assert_eq!(a[7].text(), Some("Thường xuyên"));
    }

    #[test]
    fn missing_middle_and_right_cells() {
        let h = header(&[
            "TT",
            "Nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian",
            "Kết quả dự kiến",
            "Nguồn kinh phí",
        ]);
        let r = row(&["Xây dựng hạ tầng kỹ thuật dự phòng phục vụ triển khai", "Trung tâm Chuyển đổi số Thành phố"], 0);
        let a = align(&r, &h);
        assert_eq!(a[0], Slot::Inherit);
        assert!(a[1].text().is_some());
        assert_eq!(a[2].text(), Some("Trung tâm Chuyển đổi số Thành phố"));
        assert_eq!(a[3], Slot::Inherit);
    }
}
