//! Tables copied out of a PDF with every cell on its own line(s) and no separators at all
//! (**dialect D**, corpus document 12):
//!
//! ```text
//! TT                       ← opens the header
//! Nhiệm vụ
//! Cơ quan                  ← a label broken over lines…
//! chủ trì                  ← …continues in lower case
//! 1                        ← row 1: its bare number, then one cell per line
//! Triển khai hóa đơn điện tử
//! đối với 100% khách hàng  ← a cell broken over lines continues in lower case
//! Tập đoàn Điện lực Việt Nam
//! ```
//!
//! The header must be recognised by `columns::recognise`; rows are numbered 1, 2, … in order
//! (a bare number that is not the next one is text), and the table ends at a section heading
//! (`III. TỔ CHỨC THỰC HIỆN`), a blank line, a line after a row's last cell, or a row that cannot
//! be one.
//! A row whose lines do not make exactly one cell per column is left to the aligner with what
//! it has, never padded with invented cells.

use cchc_domain::plan::Source;

use crate::blocks::{Cell, Row, Table};
use crate::columns;

/// Longest header label line; longer lines are text, not a label.
const MAX_LABEL: usize = 40;
/// Most lines one row may take, per column.
const LINES_PER_CELL: usize = 4;

/// Whether a line opens a dialect-D header (`TT`, `STT`, `Số TT`).
pub fn opens_header(line: &str) -> bool {
    let f = cchc_domain::text::fold(line.trim());
    matches!(f.as_str(), "tt" | "stt" | "so tt")
}

/// Parses the dialect-D table whose header opens at `lines[i]`; returns the index after it and
/// the table, or `None` when the lines are not such a table.
pub fn parse(lines: &[(usize, &str)], i: usize) -> Option<(usize, Table)> {
    let (labels, mut j) = header(lines, i)?;
    let head = columns::recognise(&labels.iter().map(|c| c.text.clone()).collect::<Vec<_>>())?;
    let width = head.roles.len();
    let mut rows = vec![row(labels)];
    let mut number = 1;
    while let Some((cells, end)) = data_row(lines, j, number, width) {
        rows.push(row(cells));
        number += 1;
        j = end;
    }
    if rows.len() < 2 {
        return None;
    }
    let first = lines[i].0;
    let last = lines[j.saturating_sub(1)].0;
    Some((j, Table { rows, source: Source::lines(first, last) }))
}

fn row(cells: Vec<Cell>) -> Row {
    let source = cells.iter().fold(Source::default(), |s, c| s.merge(&c.source));
    Row { cells, pad: 0, last_may_be_pad: false, source }
}

/// The header labels (the `TT` line first) and the index of row 1's number.
fn header(lines: &[(usize, &str)], i: usize) -> Option<(Vec<Cell>, usize)> {
    let mut raw: Vec<(usize, &str)> = vec![lines[i]];
    let mut j = i + 1;
    while j < lines.len() && row_number(lines[j].1) != Some(1) {
        let t = lines[j].1.trim();
        if t.is_empty() || t.chars().count() > MAX_LABEL || raw.len() > 24 {
            return None;
        }
        raw.push(lines[j]);
        j += 1;
    }
    (j < lines.len()).then(|| (cells(&raw), j))
}

/// Row `number` starting at `lines[i]`: its cells (number first) and the index after it.
fn data_row(lines: &[(usize, &str)], i: usize, number: usize, width: usize) -> Option<(Vec<Cell>, usize)> {
    if i >= lines.len() || row_number(lines[i].1) != Some(number) {
        return None;
    }
    let (mut j, mut count) = (i + 1, 1);
    while j < lines.len() {
        let t = lines[j].1.trim();
        if row_number(t) == Some(number + 1) || t.is_empty() || section_heading(t) {
            break;
        }
        if !continues(t) {
            // A full row ends the table when text follows it (`Văn phòng Chính phủ thông báo …`).
            if count == width {
                break;
            }
            count += 1;
        }
        if j - i > width * LINES_PER_CELL {
            return None;
        }
        j += 1;
    }
    let cells = cells(&lines[i..j]);
    // Fewer than half the columns: prose that happens to start with a number, not a row.
    (cells.len() * 2 > width && cells.len() <= width).then_some((cells, j))
}

/// Joins lines into cells: a line continues the one before when it starts in lower case or
/// with punctuation that cannot open a cell.
fn cells(lines: &[(usize, &str)]) -> Vec<Cell> {
    let mut out: Vec<(String, usize, usize)> = Vec::new();
    for (no, raw) in lines {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some((text, _, last)) if continues(t) => {
                text.push(' ');
                text.push_str(t);
                *last = *no;
            }
            _ => out.push((t.to_string(), *no, *no)),
        }
    }
    out.into_iter().map(|(text, first, last)| Cell::flat(text, Source::lines(first, last))).collect()
}

fn continues(line: &str) -> bool {
    line.chars().next().is_some_and(|c| c.is_lowercase() || matches!(c, ',' | ';' | ')' | '/' | '&'))
}

/// `12` or `12.` alone on a line.
fn row_number(line: &str) -> Option<usize> {
    let t = line.trim().trim_end_matches('.');
    (!t.is_empty() && t.len() <= 3 && t.bytes().all(|b| b.is_ascii_digit())).then(|| t.parse().ok()).flatten()
}

/// `III. TỔ CHỨC THỰC HIỆN`, `B. NHIỆM VỤ`: a heading of the document, never a cell.
fn section_heading(line: &str) -> bool {
    let Some((code, rest)) = line.split_once('.') else { return false };
    let upper = rest.trim().chars().filter(|c| c.is_alphabetic()).all(char::is_uppercase);
    let roman = !code.is_empty() && code.chars().all(|c| "IVXLC".contains(c));
    (roman || (code.chars().count() == 1 && code.chars().all(|c| c.is_ascii_uppercase()))) && upper
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(text: &str) -> Vec<(usize, &str)> {
        text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect()
    }

    #[test]
    fn labels_and_cells_broken_over_lines_are_joined() {
        let text = "TT\nNhiệm vụ\nCơ quan\nchủ trì\nCơ quan\nphối hợp\nThời gian\nthực hiện\n\
                    1\nTriển khai hóa đơn điện tử\nđối với khách hàng\nTập đoàn Điện lực Việt Nam\nBộ Công Thương\nNăm 2026\n\
                    2\nĐào tạo nhân lực số\nBộ Công Thương\nBộ Nội vụ, Bộ Tài chính\nHằng năm\n\
                    III. TỔ CHỨC THỰC HIỆN\n1. Vụ Kế hoạch theo dõi.";
        let lines = numbered(text);
        assert!(opens_header(lines[0].1));
        let (end, table) = parse(&lines, 0).unwrap_or_else(|| panic!("a table"));
        assert_eq!(lines[end].1, "III. TỔ CHỨC THỰC HIỆN");
        let texts: Vec<Vec<String>> =
            table.rows.iter().map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).collect();
        assert_eq!(texts[0], ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]);
        assert_eq!(
            texts[1],
            [
                "1",
                "Triển khai hóa đơn điện tử đối với khách hàng",
                "Tập đoàn Điện lực Việt Nam",
                "Bộ Công Thương",
                "Năm 2026"
            ]
        );
        assert_eq!(texts.len(), 3);
        assert_eq!(table.rows[1].source.lines, Some((9, 14)));
    }

    #[test]
    fn prose_and_unknown_headers_are_not_tables() {
        for text in [
            "TT\nHọ và tên\nĐịa chỉ\nGhi chú\n1\nNguyễn Văn A\nHà Nội\n",
            "TT\nNhiệm vụ\nCơ quan chủ trì\nThời gian\n",
            "STT\nNhiệm vụ\nCơ quan chủ trì\nThời gian\n1\n2\n",
            "",
        ] {
            let lines = numbered(text);
            assert!(lines.is_empty() || parse(&lines, 0).is_none(), "{text:?}");
        }
    }
}
