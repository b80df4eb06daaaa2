//! XLSX reader: the first sheet, the first non-empty row as header, date cells converted
//! from Excel serials, numbers written back without a trailing `.0`.

use std::io::Cursor;

use calamine::{open_workbook_auto_from_rs, Data, Reader};

use super::fields::{build_record, map_header};
use super::{Batch, ReadError};
use crate::time::from_excel_serial;

/// A cell as text.
pub(crate) fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Bool(b) => if *b { "1" } else { "0" }.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::DateTime(dt) => {
            from_excel_serial(dt.as_f64()).map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string()).unwrap_or_default()
        }
    }
}

/// The rows of the first sheet as text, each with its 1-based row number.
pub(crate) fn sheet_rows(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, ReadError> {
    let mut wb = open_workbook_auto_from_rs(Cursor::new(bytes.to_vec())).map_err(|e| ReadError::Xlsx(e.to_string()))?;
    let range = match wb.worksheet_range_at(0) {
        Some(r) => r.map_err(|e| ReadError::Xlsx(e.to_string()))?,
        None => return Err(ReadError::Xlsx("không có trang tính nào".into())),
    };
    let first_row = u64::from(range.start().map_or(0, |(r, _)| r));
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, row)| (first_row + i as u64 + 1, row.iter().map(cell_text).collect()))
        .filter(|(_, cells): &(u64, Vec<String>)| cells.iter().any(|c| !c.trim().is_empty()))
        .collect())
}

/// Parses the first sheet of an XLSX workbook into records.
pub fn read_xlsx(bytes: &[u8]) -> Result<Batch, ReadError> {
    let rows = sheet_rows(bytes)?;
    let Some(((_, header), body)) = rows.split_first() else {
        return Err(ReadError::Header("trang tính trống".into()));
    };
    let cols = map_header(header).map_err(ReadError::Header)?;
    let mut batch = Batch::default();
    for (line, cells) in body {
        batch.push_row(*line, build_record(&cols, cells));
    }
    Ok(batch)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

    #[test]
    fn reads_vietnamese_headers_and_date_cells() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        let heads = ["Mã hồ sơ", "MaTTHC", "MaDonVi", "NgayTiepNhan", "NgayHenTra", "KenhThucHien", "PhiLePhi"];
        for (c, h) in heads.iter().enumerate() {
            ws.write_string(0, c as u16, *h).unwrap();
        }
        let fmt = Format::new().set_num_format("dd/mm/yyyy hh:mm:ss");
        let when = ExcelDateTime::from_ymd(2025, 3, 4).unwrap().and_hms(8, 30, 0).unwrap();
        ws.write_string(1, 0, "HS-1").unwrap();
        ws.write_string(1, 1, "2.002").unwrap();
        ws.write_string(1, 2, "U9").unwrap();
        ws.write_datetime_with_format(1, 3, &when, &fmt).unwrap();
        ws.write_string(1, 4, "10/03/2025 17:00:00").unwrap();
        ws.write_number(1, 5, 2.0).unwrap();
        ws.write_number(1, 6, 0.0).unwrap();
        ws.write_string(2, 0, "HS-2").unwrap();
        ws.write_string(2, 1, "2.002").unwrap();
        ws.write_string(2, 2, "U9").unwrap();
        ws.write_string(2, 3, "hôm nay").unwrap();
        let bytes = wb.save_to_buffer().unwrap();
        let b = read_xlsx(&bytes).unwrap();
        assert_eq!(b.records.len(), 1);
        let r = &b.records[0];
        assert_eq!(crate::time::fmt_datetime(r.received), "04/03/2025 08:30:00");
        assert_eq!(r.due.map(crate::time::fmt_datetime).as_deref(), Some("10/03/2025 17:00:00"));
        assert!(!r.has_fee);
        assert_eq!(b.issues.len(), 1);
        assert_eq!(b.issues[0].line, 3);
    }
}
