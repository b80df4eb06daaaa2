//! Tables flattened to text by web scrapers, in three dialects seen on legal-document sites.
//!
//! **Dialect A** (one cell per line, seed 001): every cell ends with ` |`; a line holding only
//! `|` opens a row *or* is an empty cell; a run of two or more `|` on one line (`|||`) stands
//! for that many cells covered by cells above (rowspan), always written at the end of the row;
//! lines without a trailing `|` just before a cell line continue that cell. Rows are cut by
//! counting cells up to the header's column count:
//!
//! ```text
//! row    := "|" NL cell* pad?        (cells + pad = columns)
//! cell   := (text NL){0,8} text " |" NL  |  "|" NL      (the second form is an empty cell)
//! pad    := "|"{2,} NL
//! ```
//!
//! A final bare `|` may be an empty last cell or a one-cell pad; the aligner decides.
//!
//! **Dialect B** (pipes between cells, samples 05/07/10): lines holding only `|` separate cells;
//! a cell is the run of (hard-wrapped) text lines between them; two bars in a row end one row
//! and open the next, and each further bar adds an empty cell. Rows carry no pad: missing
//! cells are found by the aligner.
//!
//! **Dialect C** (one row per line): `| Số hiệu | 3098/QĐ-UBND |`.

use cchc_domain::plan::Source;

use crate::blocks::{Cell, Row, Table};
use crate::columns;
use crate::lines::{join_wrapped, strip_markdown};

#[derive(Debug, Clone)]
enum Tok {
    Bar(usize),
    Pad(usize, usize),
    Cell(String, usize, usize),
}

/// Parses a dialect-A region.
pub fn parse_a(lines: &[(usize, &str)]) -> Table {
    let toks = tokens_a(lines);
    let simple = segment_simple(&toks);
    let header = simple.iter().find_map(|(start, row)| {
        let texts: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
        columns::recognise(&texts).map(|_| (*start, row.cells.len()))
    });
    let rows = match header {
        Some((start, n)) => {
            let mut rows: Vec<Row> = simple.iter().filter(|(s, _)| *s < start).map(|(_, r)| r.clone()).collect();
            rows.extend(segment_counted(&toks[start..], n));
            rows
        }
        None => simple.into_iter().map(|(_, r)| r).collect(),
    };
    table(rows, lines)
}

fn table(rows: Vec<Row>, lines: &[(usize, &str)]) -> Table {
    let first = lines.first().map_or(0, |l| l.0);
    let last = lines.last().map_or(0, |l| l.0);
    Table { rows, source: Source::lines(first, last) }
}

fn tokens_a(lines: &[(usize, &str)]) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut pending: Vec<(usize, String)> = Vec::new();
    for (no, raw) in lines {
        let t = raw.trim();
        if t.is_empty() {
            continue;
        }
        if t.chars().all(|c| c == '|') {
            pending.clear();
            let k = t.len();
            out.push(if k == 1 { Tok::Bar(*no) } else { Tok::Pad(k, *no) });
        } else if let Some(body) = t.strip_suffix('|') {
            let first = pending.first().map_or(*no, |p| p.0);
            let mut parts: Vec<String> = pending.drain(..).map(|p| p.1).collect();
            parts.push(strip_markdown(body).0);
            out.push(Tok::Cell(parts.join(" ").trim().to_string(), first, *no));
        } else {
            pending.push((*no, strip_markdown(t).0));
        }
    }
    out
}

fn push_cell(row: &mut Row, text: String, from: usize, to: usize) {
    row.source = if row.cells.is_empty() && row.source == Source::default() {
        Source::lines(from, to)
    } else {
        row.source.merge(&Source::lines(from, to))
    };
    row.cells.push(Cell::flat(text, Source::lines(from, to)));
}

fn new_row(line: usize) -> Row {
    Row { cells: Vec::new(), pad: 0, last_may_be_pad: false, source: Source::lines(line, line) }
}

/// Rows cut at every bar: good enough for small layout tables before any header.
fn segment_simple(toks: &[Tok]) -> Vec<(usize, Row)> {
    let mut out: Vec<(usize, Row)> = Vec::new();
    let mut cur: Option<(usize, Row)> = None;
    for (i, t) in toks.iter().enumerate() {
        match t {
            Tok::Bar(no) => {
                if let Some(r) = cur.take().filter(|r| !r.1.cells.is_empty()) {
                    out.push(r);
                }
                cur = Some((i, new_row(*no)));
            }
            Tok::Pad(_, no) => {
                if let Some(r) = cur.take().filter(|r| !r.1.cells.is_empty()) {
                    out.push(r);
                }
                cur = Some((i + 1, new_row(*no)));
            }
            Tok::Cell(text, a, b) => {
                let r = cur.get_or_insert_with(|| (i, new_row(*a)));
                push_cell(&mut r.1, text.clone(), *a, *b);
            }
        }
    }
    out.extend(cur.filter(|r| !r.1.cells.is_empty()));
    out
}

/// Rows cut by counting cells up to `n` columns from the header on.
fn segment_counted(toks: &[Tok], n: usize) -> Vec<Row> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut row = match &toks[i] {
            Tok::Bar(no) => {
                i += 1;
                new_row(*no)
            }
            Tok::Cell(_, a, _) => new_row(*a),
            Tok::Pad(_, no) => {
                i += 1;
                new_row(*no)
            }
        };
        let mut count = 0;
        while i < toks.len() && count < n {
            match &toks[i] {
                Tok::Cell(text, a, b) => {
                    push_cell(&mut row, text.clone(), *a, *b);
                    row.last_may_be_pad = false;
                }
                Tok::Bar(no) => {
                    push_cell(&mut row, String::new(), *no, *no);
                    row.last_may_be_pad = true;
                }
                Tok::Pad(k, no) => {
                    row.pad += k;
                    row.source = row.source.merge(&Source::lines(*no, *no));
                    count += k;
                    i += 1;
                    break;
                }
            }
            count += 1;
            i += 1;
        }
        if row.pad > 0 {
            row.last_may_be_pad = false;
        }
        // Cells beyond the count (a malformed row) stay in this row; the aligner folds them in.
        while let Some(Tok::Cell(text, a, b)) = toks.get(i) {
            push_cell(&mut row, text.clone(), *a, *b);
            i += 1;
        }
        if !row.cells.is_empty() {
            out.push(row);
        }
    }
    out
}

/// Parses a dialect-B region.
pub fn parse_b(lines: &[(usize, &str)]) -> Table {
    let mut rows: Vec<Row> = Vec::new();
    let mut row = new_row(lines.first().map_or(0, |l| l.0));
    let mut cell_lines: Vec<(usize, String)> = Vec::new();
    let mut bars = 0usize;
    let mut last_bar_line = 0;
    let flush_cell = |row: &mut Row, cell_lines: &mut Vec<(usize, String)>| {
        if cell_lines.is_empty() {
            return;
        }
        let agency = crate::agency::starts_with_agency(&strip_markdown(&cell_lines[0].1).0);
        let paras = join_wrapped(cell_lines, agency);
        let text = paras.iter().map(|p| p.text.as_str()).collect::<Vec<_>>().join("\n");
        let (a, b) = (cell_lines[0].0, cell_lines[cell_lines.len() - 1].0);
        push_cell(row, text, a, b);
        if let Some(cell) = row.cells.last_mut() {
            cell.parts = paras.iter().map(|p| Source::lines(p.first, p.last)).collect();
        }
        cell_lines.clear();
    };
    let close_bars = |row: &mut Row, rows: &mut Vec<Row>, bars: usize, line: usize| {
        if bars >= 2 {
            for _ in 0..bars - 2 {
                push_cell(row, String::new(), line, line);
            }
            let done = std::mem::replace(row, new_row(line));
            if !done.cells.is_empty() {
                rows.push(done);
            }
        }
    };
    for (no, raw) in lines {
        let t = raw.trim();
        if !t.is_empty() && t.chars().all(|c| c == '|') {
            flush_cell(&mut row, &mut cell_lines);
            bars += t.len();
            last_bar_line = *no;
            continue;
        }
        if !t.is_empty() || !cell_lines.is_empty() {
            close_bars(&mut row, &mut rows, bars, last_bar_line);
            bars = 0;
            cell_lines.push((*no, t.to_string()));
        }
    }
    flush_cell(&mut row, &mut cell_lines);
    if !row.cells.is_empty() {
        rows.push(row);
    }
    table(rows, lines)
}

/// Parses a dialect-C region (`| a | b |` per line).
pub fn parse_c(lines: &[(usize, &str)]) -> Table {
    let rows = lines
        .iter()
        // `|---|:---:|` separator lines of markdown tables
        .filter(|(_, raw)| !raw.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ' | '=' | '+')))
        .map(|(no, raw)| {
            let inner = raw.trim().trim_start_matches('|').trim_end_matches('|');
            let cells = inner
                .split('|')
                .enumerate()
                .map(|(i, c)| Cell::at(i, strip_markdown(c).0, Source::lines(*no, *no)))
                .collect();
            Row { cells, pad: 0, last_may_be_pad: false, source: Source::lines(*no, *no) }
        })
        .collect();
    table(rows, lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbered(text: &str) -> Vec<(usize, &str)> {
        text.lines().enumerate().map(|(i, l)| (i + 1, l)).collect()
    }

    #[test]
    fn dialect_a_counts_cells_and_pads() {
        let src = "|\nTT |\nNhiệm vụ |\nChủ trì |\nThời gian |\n|\nI |\nCẢI CÁCH THỂ CHẾ |\n||\n|\n1 |\nRà soát văn bản |\nSở Tư pháp |\n|\n|\nTheo dõi\nthi hành |\nSở Tư pháp |\nQuý I |\n|\n";
        let t = parse_a(&numbered(src));
        let sizes: Vec<(usize, usize)> = t.rows.iter().map(|r| (r.cells.len(), r.pad)).collect();
        assert_eq!(sizes, vec![(4, 0), (2, 2), (4, 0), (4, 0)]);
        assert!(t.rows[3].last_may_be_pad);
        assert_eq!(t.rows[3].cells[0].text, "Theo dõi thi hành");
        assert_eq!(t.rows[3].cells[0].source, Source::lines(16, 17));
    }

    #[test]
    fn dialect_b_bars_between_cells() {
        let src = "|\n**STT**\n|\n**NHIỆM VỤ**\n|\n**CHỦ TRÌ**\n|\n|\n1\n|\nRà soát, kịp thời cụ thể\nhoá các cơ chế.\n|\nSở Tài chính\n|\n|\n|\n|\n2\n|\nĐề xuất\n|\n";
        let t = parse_b(&numbered(src));
        let texts: Vec<Vec<&str>> = t.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
        assert_eq!(texts[0], ["STT", "NHIỆM VỤ", "CHỦ TRÌ"]);
        assert_eq!(texts[1], ["1", "Rà soát, kịp thời cụ thể hoá các cơ chế.", "Sở Tài chính", "", ""]);
        assert_eq!(texts[2], ["2", "Đề xuất"]);
    }
}
