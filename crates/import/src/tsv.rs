//! Tab-separated tables (Word tables pasted as text, seed 003): one row per line, cells at
//! fixed positions; blank lines between page blocks are skipped.

use cchc_domain::plan::Source;

use crate::blocks::{Cell, Row, Table};
use crate::lines::strip_markdown;

/// Parses the lines of a tab-separated region.
pub fn parse(lines: &[(usize, &str)]) -> Table {
    let mut rows = Vec::new();
    for (no, raw) in lines {
        if raw.trim().is_empty() {
            continue;
        }
        let cells = raw
            .split('\t')
            .enumerate()
            .map(|(i, c)| Cell::at(i, strip_markdown(c).0, Source::lines(*no, *no)))
            .collect();
        rows.push(Row { cells, pad: 0, last_may_be_pad: false, source: Source::lines(*no, *no) });
    }
    let first = lines.first().map_or(0, |l| l.0);
    let last = lines.last().map_or(0, |l| l.0);
    Table { rows, source: Source::lines(first, last) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_are_kept() {
        let t = parse(&[(1, "TT\tNhiệm vụ\tChủ trì"), (2, ""), (3, "1\t\tSở Nội vụ")]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[1].cells[2].col, Some(2));
        assert_eq!(t.rows[1].cells[1].text, "");
    }
}
