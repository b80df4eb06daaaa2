//! XLSX in the house style: Times New Roman 12, a bold centred title, a framed bold header
//! row that repeats on every printed page, frozen under the header, typed cells.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError};

use crate::table::{Cell, Table};

/// What went wrong writing a workbook.
#[derive(Debug, thiserror::Error)]
#[error("không tạo được tệp Excel: {0}")]
pub struct ExportError(#[from] XlsxError);

const FONT: &str = "Times New Roman";

/// Writes the tables as sheets of one workbook and returns the file's bytes.
pub fn to_xlsx(tables: &[Table]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    for t in tables {
        let ws = wb.add_worksheet();
        write_sheet(ws, t)?;
    }
    Ok(wb.save_to_buffer()?)
}

fn base() -> Format {
    Format::new().set_font_name(FONT).set_font_size(12)
}

fn framed() -> Format {
    base().set_border(FormatBorder::Thin).set_text_wrap().set_align(FormatAlign::Top)
}

fn write_sheet(ws: &mut Worksheet, t: &Table) -> Result<(), XlsxError> {
    let name: String = t.sheet.chars().filter(|c| !"[]:*?/\\".contains(*c)).take(31).collect();
    ws.set_name(if name.is_empty() { "Sheet1" } else { &name })?;
    let ncols = t.columns.len().max(1) as u16;
    let mut row: u32 = 0;
    if !t.title.is_empty() {
        let f = base().set_bold().set_font_size(14).set_align(FormatAlign::Center);
        ws.merge_range(row, 0, row, ncols - 1, &t.title, &f)?;
        row += 1;
        for line in &t.subtitle {
            let f = base().set_italic().set_align(FormatAlign::Center);
            ws.merge_range(row, 0, row, ncols - 1, line, &f)?;
            row += 1;
        }
        row += 1;
    }
    let head = framed()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xDDEBF7));
    for (c, col) in t.columns.iter().enumerate() {
        ws.write_string_with_format(row, c as u16, &col.header, &head)?;
        ws.set_column_width(c as u16, col.width)?;
    }
    ws.set_repeat_rows(row, row)?;
    ws.set_freeze_panes(row + 1, 0)?;
    let header_row = row;
    let text = framed();
    let int = framed().set_num_format("#,##0");
    let date = framed().set_num_format("dd/mm/yyyy").set_align(FormatAlign::Center);
    let datetime = framed().set_num_format("dd/mm/yyyy hh:mm:ss");
    for r in &t.rows {
        row += 1;
        for c in 0..t.columns.len() {
            let col = c as u16;
            match r.get(c).unwrap_or(&Cell::Empty) {
                Cell::Empty => ws.write_blank(row, col, &text)?,
                Cell::Text(s) => ws.write_string_with_format(row, col, s, &text)?,
                Cell::Int(v) => ws.write_number_with_format(row, col, *v as f64, &int)?,
                Cell::Num(v, d) => {
                    let f = framed().set_num_format(num_format(*d, false));
                    ws.write_number_with_format(row, col, *v, &f)?
                }
                Cell::Percent(v, d) => {
                    let f = framed().set_num_format(num_format(*d, true));
                    ws.write_number_with_format(row, col, *v / 100.0, &f)?
                }
                Cell::Date(d) => ws.write_datetime_with_format(row, col, *d, &date)?,
                Cell::DateTime(d) => ws.write_datetime_with_format(row, col, *d, &datetime)?,
            };
        }
    }
    if !t.rows.is_empty() {
        ws.autofilter(header_row, 0, row, ncols - 1)?;
    }
    Ok(())
}

/// An Excel number format; Excel renders `.`/`,` with the reader's locale separators.
fn num_format(decimals: u8, percent: bool) -> String {
    let mut f = String::from("#,##0");
    if decimals > 0 {
        f.push('.');
        f.push_str(&"0".repeat(decimals as usize));
    }
    if percent {
        f.push('%');
    }
    f
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::table::Column;

    #[test]
    fn round_trips_through_a_reader() {
        let mut t = Table::new(
            "Đơn vị",
            "DANH SÁCH ĐƠN VỊ",
            vec![Column::new("Mã", 10.0), Column::new("Tên", 40.0), Column::new("Tỷ lệ", 10.0)],
        );
        t.push(vec!["HT-SNV".into(), "Sở Nội vụ".into(), Cell::Percent(88.18, 2)]);
        let bytes = to_xlsx(&[t]).unwrap_or_default();
        let sheets =
            cchc_table::read_workbook(&bytes, &cchc_table::Limits::default()).unwrap_or_else(|e| panic!("{e}"));
        let sheet = sheets.iter().find(|s| s.name == "Đơn vị").unwrap_or_else(|| panic!("no sheet"));
        let cells: Vec<&String> = sheet.rows.iter().flat_map(|r| &r.cells).collect();
        assert!(cells.iter().any(|c| *c == "DANH SÁCH ĐƠN VỊ"), "{cells:?}");
        assert!(cells.iter().any(|c| *c == "Sở Nội vụ"));
        // The percentage is a number cell (a fraction), not text.
        assert!(cells.iter().any(|c| *c == "0.8818"), "{cells:?}");
    }
}
