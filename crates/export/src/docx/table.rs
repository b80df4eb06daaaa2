//! Tables: the framed data tables of a report (from [`crate::Table`]) and the borderless
//! two-column layout tables of the header and signature blocks. Data tables have a fixed
//! layout (column widths proportional to the columns' widths, filling the text width), a bold
//! header row that repeats on every page (`w:tblHeader`), numbers right-aligned in the
//! Vietnamese way (`1.234,5`), dates as dd/mm/yyyy.

use super::geometry::Geometry;
use super::para::{self, Para};
use super::styles::cell_margins;
use super::xml::Xml;
use crate::table::{vn_number, Cell, Table};

/// Writes a data table with its title and subtitle lines, followed by a small empty paragraph
/// (Word joins two tables that touch, and a body may not end on a table).
pub(crate) fn data_table(x: &mut Xml, t: &Table, g: &Geometry) {
    if !t.title.trim().is_empty() {
        para::text(x, Para::style("Nd30TableTitle"), &t.title);
    }
    for line in &t.subtitle {
        para::text(x, Para::style("Nd30TableNote"), line);
    }
    let ncols = t.rows.iter().map(Vec::len).max().unwrap_or(0).max(t.columns.len());
    if ncols == 0 {
        return;
    }
    let given: Vec<f64> = t.columns.iter().map(|c| c.width).collect();
    let filler = given.iter().copied().filter(|w| w.is_finite() && *w > 0.0).fold(0.0, f64::max).max(10.0);
    let weights: Vec<f64> = (0..ncols).map(|i| given.get(i).copied().unwrap_or(filler)).collect();
    let widths = g.columns(&weights);

    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblStyle", &[("w:val", "TableGrid")]);
    x.empty("w:tblW", &[("w:w", &g.text_width.to_string()), ("w:type", "dxa")]);
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    cell_margins(x, "28", "85");
    x.empty("w:tblLook", &[("w:val", "04A0"), ("w:firstRow", "1"), ("w:noHBand", "0"), ("w:noVBand", "1")]);
    x.close("w:tblPr");
    grid(x, &widths);

    x.open("w:tr", &[]);
    x.open("w:trPr", &[]);
    x.empty("w:cantSplit", &[]);
    x.empty("w:tblHeader", &[]);
    x.close("w:trPr");
    for (i, w) in widths.iter().enumerate() {
        let header = t.columns.get(i).map_or("", |c| c.header.as_str());
        cell(x, *w, true, |x| para::text(x, Para::style("Nd30TableHead"), header));
    }
    x.close("w:tr");

    for row in &t.rows {
        x.open("w:tr", &[]);
        for (i, w) in widths.iter().enumerate() {
            let (text, style) = display(row.get(i).unwrap_or(&Cell::Empty));
            cell(x, *w, false, |x| para::text(x, Para::style(style), &text));
        }
        x.close("w:tr");
    }
    x.close("w:tbl");
    para::empty(x, "Nd30Spacer");
}

/// The text a cell shows in a document and the paragraph style that aligns it.
pub(crate) fn display(c: &Cell) -> (String, &'static str) {
    match c {
        Cell::Empty => (String::new(), "Nd30TableText"),
        Cell::Text(s) => (s.clone(), "Nd30TableText"),
        Cell::Int(v) => (group_int(*v), "Nd30TableNumber"),
        Cell::Num(v, d) if v.is_finite() => (vn_number(*v, usize::from(*d)), "Nd30TableNumber"),
        Cell::Percent(v, d) if v.is_finite() => (format!("{}%", vn_number(*v, usize::from(*d))), "Nd30TableNumber"),
        Cell::Num(..) | Cell::Percent(..) => (String::new(), "Nd30TableNumber"),
        Cell::Date(d) => (d.format("%d/%m/%Y").to_string(), "Nd30TableDate"),
        Cell::DateTime(d) => (d.format("%d/%m/%Y %H:%M").to_string(), "Nd30TableDate"),
    }
}

/// An integer with `.` between thousands, exact for every `i64`.
fn group_int(v: i64) -> String {
    let digits = v.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if v < 0 {
        out.push('-');
    }
    let phase = digits.len() % 3;
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && i % 3 == phase {
            out.push('.');
        }
        out.push(c);
    }
    out
}

/// Starts a borderless layout table of the given column widths (header and signature blocks).
pub(crate) fn open_layout(x: &mut Xml, widths: &[u32]) {
    let total: u32 = widths.iter().sum();
    x.open("w:tbl", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblW", &[("w:w", &total.to_string()), ("w:type", "dxa")]);
    x.open("w:tblBorders", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        x.empty(side, &[("w:val", "nil")]);
    }
    x.close("w:tblBorders");
    x.empty("w:tblLayout", &[("w:type", "fixed")]);
    cell_margins(x, "0", "0");
    x.empty("w:tblLook", &[("w:val", "0000"), ("w:firstRow", "0"), ("w:noHBand", "1"), ("w:noVBand", "1")]);
    x.close("w:tblPr");
    grid(x, widths);
}

/// A table cell of `width` twips whose content `body` writes (it must write a paragraph).
pub(crate) fn cell(x: &mut Xml, width: u32, centre: bool, body: impl FnOnce(&mut Xml)) {
    x.open("w:tc", &[]);
    x.open("w:tcPr", &[]);
    x.empty("w:tcW", &[("w:w", &width.to_string()), ("w:type", "dxa")]);
    if centre {
        x.empty("w:vAlign", &[("w:val", "center")]);
    }
    x.close("w:tcPr");
    body(x);
    x.close("w:tc");
}

fn grid(x: &mut Xml, widths: &[u32]) {
    x.open("w:tblGrid", &[]);
    for w in widths {
        x.empty("w:gridCol", &[("w:w", &w.to_string())]);
    }
    x.close("w:tblGrid");
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    #[test]
    fn cells_display_the_vietnamese_way() {
        let date = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default();
        let cases = [
            (Cell::Num(1234.5, 1), "1.234,5", "Nd30TableNumber"),
            (Cell::Int(-1234567), "-1.234.567", "Nd30TableNumber"),
            (Cell::Int(i64::MIN), "-9.223.372.036.854.775.808", "Nd30TableNumber"),
            (Cell::Percent(88.18, 2), "88,18%", "Nd30TableNumber"),
            (Cell::Num(f64::NAN, 2), "", "Nd30TableNumber"),
            (Cell::Date(date), "01/03/2025", "Nd30TableDate"),
            (Cell::Text("Sở".into()), "Sở", "Nd30TableText"),
            (Cell::Empty, "", "Nd30TableText"),
        ];
        for (cell, text, style) in cases {
            assert_eq!(display(&cell), (text.to_string(), style), "{cell:?}");
        }
        assert_eq!(group_int(999), "999");
        assert_eq!(group_int(1000), "1.000");
    }
}
