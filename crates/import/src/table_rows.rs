//! The rows of a recognised table after its header, aligned to the header's columns: repeated
//! headers (page breaks) and empty rows dropped, and a row that continues the previous one
//! after a page break (`và nhóm 05 …`, starting in lower case) merged into it.

use cchc_domain::plan::Source;

use crate::align::{align, Slot};
use crate::blocks::Table;
use crate::columns::{is_repeat, Header, Role};

/// An aligned row with its location.
pub struct Aligned {
    pub slots: Vec<Slot>,
    pub source: Source,
}

/// Aligns the rows after the header, dropping repeated headers and empty rows, and merging
/// rows that continue the previous one after a page break.
pub fn aligned_rows(table: &Table, header_at: usize, header: &Header, extra_header_rows: usize) -> Vec<Aligned> {
    let mut out: Vec<Aligned> = Vec::new();
    let mut after_repeat = false;
    let no_col = header.col(Role::No);
    for row in table.rows.iter().skip(header_at + 1 + extra_header_rows) {
        let texts: Vec<String> = row.cells.iter().map(|c| c.text.clone()).collect();
        if texts.iter().all(|t| t.trim().is_empty()) {
            continue;
        }
        if is_repeat(header, &texts) {
            after_repeat = true;
            continue;
        }
        let slots = align(row, header);
        let continues = after_repeat
            && no_col.is_none_or(|c| slots.get(c).and_then(|s| s.text()).is_none())
            && slots.iter().find_map(|s| s.text()).and_then(|t| t.chars().next()).is_some_and(|c| c.is_lowercase());
        after_repeat = false;
        if continues {
            if let Some(prev) = out.last_mut() {
                for (p, s) in prev.slots.iter_mut().zip(&slots) {
                    if let Some(t) = s.text() {
                        let joined = format!("{} {}", p.text().unwrap_or_default(), t);
                        *p = Slot::Text(joined.trim().to_string());
                    }
                }
                prev.source = prev.source.merge(&row.source);
                continue;
            }
        }
        out.push(Aligned { slots, source: row.source.clone() });
    }
    out
}
