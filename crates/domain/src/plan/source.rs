//! Where an imported item came from: a line range of a text file, a paragraph or table row of
//! a DOCX, a sheet and cell range of an XLSX. Every item and warning the importer produces
//! carries one; the database keeps only its label.

use serde::de::{Deserialize, Deserializer, Error as _};
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
    /// The label kept in the database, for an item read back from it: the location itself
    /// is no longer known, only how it was shown.
    pub kept: Option<String>,
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

    /// A location known only by its label, as the database keeps it (empty: none).
    pub fn kept(label: impl Into<String>) -> Source {
        let label = label.into();
        Source { kept: (!label.is_empty()).then_some(label), ..Source::default() }
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
            kept: self.kept.clone().or_else(|| other.kept.clone()),
        }
    }

    /// The XLSX range as `A7:H7`.
    pub fn cell_range(&self) -> Option<String> {
        let (r0, c0, r1, c1) = self.cells?;
        let a = format!("{}{}", column_name(c0), r0 + 1);
        let b = format!("{}{}", column_name(c1), r1 + 1);
        Some(if a == b { a } else { format!("{a}:{b}") })
    }

    /// A Vietnamese label for messages: `dòng 245–253`, `bảng 1, hàng 5`, `trang tính KH: A7:H7`.
    pub fn label(&self) -> String {
        if let Some(k) = &self.kept {
            return k.clone();
        }
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

/// `0` → `A`, `25` → `Z`, `26` → `AA`: the column names of every spreadsheet cchc reads.
pub fn column_name(index: u32) -> String {
    let mut n = u64::from(index) + 1;
    let mut name = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        name.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

/// `H7` → zero-based (row 6, column 7); `None` when it is not a cell reference.
fn parse_cell(s: &str) -> Option<(u32, u32)> {
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    if letters.is_empty() || !letters.bytes().all(|b| b.is_ascii_uppercase()) {
        return None;
    }
    let col = letters.bytes().try_fold(0u32, |n, b| n.checked_mul(26)?.checked_add(u32::from(b - b'A') + 1))?;
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// `A7:H7` or `A7` → zero-based (first row, first column, last row, last column).
fn parse_range(s: &str) -> Option<(u32, u32, u32, u32)> {
    let (a, b) = s.split_once(':').unwrap_or((s, s));
    let ((r0, c0), (r1, c1)) = (parse_cell(a)?, parse_cell(b)?);
    Some((r0, c0, r1, c1))
}

/// The JSON shape of `docs/import-json.md`: the location's parts, then its `label`.
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

/// What a serialized source may be: the map written above, or a bare label (drafts and
/// activities stored before locations were kept whole).
#[derive(serde::Deserialize)]
#[serde(untagged)]
enum Written {
    Label(String),
    Map {
        lines: Option<(usize, usize)>,
        paragraph: Option<usize>,
        table: Option<usize>,
        rows: Option<(usize, usize)>,
        sheet: Option<String>,
        cells: Option<String>,
        #[serde(default)]
        label: String,
    },
}

impl<'de> Deserialize<'de> for Source {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (lines, paragraph, table, rows, sheet, cells, label) = match Written::deserialize(d)? {
            Written::Label(label) => return Ok(Source::kept(label)),
            Written::Map { lines, paragraph, table, rows, sheet, cells, label } => {
                (lines, paragraph, table, rows, sheet, cells, label)
            }
        };
        let cells = match cells {
            Some(c) => Some(parse_range(&c).ok_or_else(|| D::Error::custom(format!("ô không hợp lệ: {c}")))?),
            None => None,
        };
        let located = Source { lines, paragraph, table, rows, sheet, cells, kept: None };
        Ok(if located == Source::default() { Source::kept(label) } else { located })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_ranges() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(27), "AB");
        let a = Source::sheet_range("KH", 6, 0, 6, 7);
        assert_eq!(a.cell_range().as_deref(), Some("A7:H7"));
        let m = Source::lines(245, 253).merge(&Source::lines(240, 250));
        assert_eq!(m.label(), "dòng 240–253");
    }

    #[test]
    fn serde_round_trip_and_bare_labels() {
        let all = [
            Source::lines(3, 5),
            Source::table_row(2, 9).merge(&Source::paragraph(4)),
            Source::sheet_range("KH 2025", 6, 0, 6, 27),
            Source::sheet_range("KH", 0, 1, 0, 1),
            Source::kept("dòng 10–12"),
            Source::default(),
        ];
        for s in all {
            let json = serde_json::to_string(&s).unwrap_or_default();
            let back: Source = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
            assert_eq!(back, s, "{json}");
        }
        let old: Source = serde_json::from_str("\"bảng 1, hàng 5\"").unwrap_or_default();
        assert_eq!(old.label(), "bảng 1, hàng 5");
        assert!(serde_json::from_str::<Source>(r#"{"sheet":"KH","cells":"7A","label":""}"#).is_err());
    }
}
