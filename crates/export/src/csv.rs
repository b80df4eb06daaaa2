//! CSV for Excel: UTF-8 with a byte-order mark (so Excel shows Vietnamese correctly), comma
//! separated, RFC 4180 quoting, dates as dd/mm/yyyy, decimals with a comma (quoted).

use crate::table::{vn_number, Cell, Table};

/// Writes the table's header and rows (title lines are not part of a CSV).
pub fn to_csv(t: &Table) -> Vec<u8> {
    let mut out = String::from("\u{feff}");
    let header: Vec<String> = t.columns.iter().map(|c| quote(&c.header)).collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for row in &t.rows {
        let cells: Vec<String> = row.iter().map(|c| quote(&cell_text(c))).collect();
        out.push_str(&cells.join(","));
        out.push_str("\r\n");
    }
    out.into_bytes()
}

/// The text a cell shows.
pub fn cell_text(c: &Cell) -> String {
    match c {
        Cell::Empty => String::new(),
        Cell::Text(s) => s.clone(),
        Cell::Int(v) => v.to_string(),
        Cell::Num(v, d) => vn_number(*v, *d as usize),
        Cell::Percent(v, d) => format!("{}%", vn_number(*v, *d as usize)),
        Cell::Date(d) => d.format("%d/%m/%Y").to_string(),
        Cell::DateTime(d) => d.format("%d/%m/%Y %H:%M:%S").to_string(),
    }
}

/// Quotes a field when it holds a separator, quote or line break; neutralises leading
/// `=`, `+`, `-`, `@`, tab and carriage return (OWASP) so a spreadsheet never runs a cell as
/// a formula.
fn quote(s: &str) -> String {
    let s = cchc_domain::csv::neutralise(s).into_owned();
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Column;

    #[test]
    fn csv_is_excel_friendly() {
        let mut t = Table::new("s", "", vec![Column::new("Tên", 10.0), Column::new("Tỷ lệ", 8.0)]);
        t.push(vec!["Sở Nội vụ, tỉnh".into(), Cell::Percent(88.18, 2)]);
        t.push(vec![
            "=HYPERLINK(\"x\")".into(),
            Cell::Date(chrono::NaiveDate::from_ymd_opt(2025, 3, 1).unwrap_or_default()),
        ]);
        let s = String::from_utf8(to_csv(&t)).unwrap_or_default();
        assert!(s.starts_with('\u{feff}'));
        assert!(s.contains("\"Sở Nội vụ, tỉnh\",\"88,18%\""), "{s}");
        assert!(s.contains("\"'=HYPERLINK(\"\"x\"\")\",01/03/2025"), "{s}");
        let mut t = Table::new("s", "", vec![Column::new("Tên", 10.0)]);
        for v in ["\t=1+1", "\r@SUM(A1)", "-1+2", "-7"] {
            t.push(vec![v.into()]);
        }
        let s = String::from_utf8(to_csv(&t)).unwrap_or_default();
        assert!(s.contains("'\t=1+1\r\n") && s.contains("\"'\r@SUM(A1)\"") && s.contains("'-1+2\r\n"), "{s:?}");
        assert!(s.contains("\r\n-7\r\n"), "a negative number stays a number: {s:?}");
    }
}
