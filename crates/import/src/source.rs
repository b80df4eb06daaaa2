//! Where an imported item came from: a line range of a text file, a paragraph or table row of
//! a DOCX, a sheet and cell range of an XLSX. Every item and warning carries one.

use serde::ser::{Serialize, SerializeMap, Serializer};

/// Location of an item in the uploaded file. Fields that do not apply are `None`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Source {
    /// First and last line (1-based, inclusive) of a text file.
    pub lines: Option<(usize, usize)>,
    /// Body paragraph index (1-based) of a DOCX.
    pub paragraph: Option<usize>,
    /// Table index (1-based) of a DOCX.
    pub table: Option<usize>,
    /// First and last table row (1-based) of a DOCX table.
    pub rows: Option<(usize, usize)>,
    /// Sheet name of an XLSX.
    pub sheet: Option<String>,
    /// Zero-based (first row, first column, last row, last column) of an XLSX range.
    pub cells: Option<(u32, u32, u32, u32)>,
}

impl Source {
    /// A line range of a text file.
    pub fn lines(from: usize, to: usize) -> Source {
        Source { lines: Some((from, to.max(from))), ..Source::default() }
    }

    /// A body paragraph of a DOCX.
    pub fn paragraph(n: usize) -> Source {
        Source { paragraph: Some(n), ..Source::default() }
    }

    /// A table row of a DOCX.
    pub fn table_row(table: usize, row: usize) -> Source {
        Source { table: Some(table), rows: Some((row, row)), ..Source::default() }
    }

    /// A cell range of an XLSX sheet (zero-based coordinates).
    pub fn sheet_range(sheet: &str, r0: u32, c0: u32, r1: u32, c1: u32) -> Source {
        Source { sheet: Some(sheet.to_string()), cells: Some((r0, c0, r1, c1)), ..Source::default() }
    }

    /// The smallest location covering both.
    pub fn merge(&self, other: &Source) -> Source {
        fn span<T: Ord + Copy>(a: Option<(T, T)>, b: Option<(T, T)>) -> Option<(T, T)> {
            match (a, b) {
                (Some(x), Some(y)) => Some((x.0.min(y.0), x.1.max(y.1))),
                (x, y) => x.or(y),
            }
        }
        let cells = match (self.cells, other.cells) {
            (Some(a), Some(b)) if self.sheet == other.sheet => {
                Some((a.0.min(b.0), a.1.min(b.1), a.2.max(b.2), a.3.max(b.3)))
            }
            (a, b) => a.or(b),
        };
        Source {
            lines: span(self.lines, other.lines),
            paragraph: self.paragraph.or(other.paragraph),
            table: self.table.or(other.table),
            rows: span(self.rows, other.rows),
            sheet: self.sheet.clone().or_else(|| other.sheet.clone()),
            cells,
        }
    }

    /// The XLSX range as `A7:H7`.
    pub fn cell_range(&self) -> Option<String> {
        let (r0, c0, r1, c1) = self.cells?;
        let a = format!("{}{}", column_letters(c0), r0 + 1);
        let b = format!("{}{}", column_letters(c1), r1 + 1);
        Some(if a == b { a } else { format!("{a}:{b}") })
    }

    /// A Vietnamese label for messages: `dòng 245–253`, `bảng 1, hàng 5`, `trang tính KH: A7:H7`.
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if let Some((a, b)) = self.lines {
            parts.push(if a == b { format!("dòng {a}") } else { format!("dòng {a}–{b}") });
        }
        if let Some(p) = self.paragraph {
            parts.push(format!("đoạn {p}"));
        }
        if let Some(t) = self.table {
            parts.push(format!("bảng {t}"));
        }
        if let Some((a, b)) = self.rows {
            parts.push(if a == b { format!("hàng {a}") } else { format!("hàng {a}–{b}") });
        }
        if let (Some(s), Some(r)) = (&self.sheet, self.cell_range()) {
            parts.push(format!("trang tính “{s}” {r}"));
        }
        parts.join(", ")
    }
}

/// `0` → `A`, `25` → `Z`, `26` → `AA` (the table reader's column names).
pub use cchc_table::column_name as column_letters;

impl Serialize for Source {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        if let Some((a, b)) = self.lines {
            m.serialize_entry("lines", &[a, b])?;
        }
        if let Some(p) = self.paragraph {
            m.serialize_entry("paragraph", &p)?;
        }
        if let Some(t) = self.table {
            m.serialize_entry("table", &t)?;
        }
        if let Some((a, b)) = self.rows {
            m.serialize_entry("rows", &[a, b])?;
        }
        if let Some(sh) = &self.sheet {
            m.serialize_entry("sheet", sh)?;
        }
        if let Some(r) = self.cell_range() {
            m.serialize_entry("cells", &r)?;
        }
        m.serialize_entry("label", &self.label())?;
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_ranges() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
        let a = Source::sheet_range("KH", 6, 0, 6, 7);
        assert_eq!(a.cell_range().as_deref(), Some("A7:H7"));
        let m = Source::lines(245, 253).merge(&Source::lines(240, 250));
        assert_eq!(m.label(), "dòng 240–253");
    }
}
