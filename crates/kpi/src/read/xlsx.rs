//! XLSX reader: the first sheet, read by the one table reader (`cchc-table`, within its
//! limits), the first non-empty row as header; date cells come as `dd/mm/yyyy HH:MM:SS`.

use super::fields::{build_record, map_header};
use super::{Batch, ReadError};

/// The rows of the first sheet as text, each with its 1-based row number.
pub(crate) fn sheet_rows(bytes: &[u8]) -> Result<Vec<(u64, Vec<String>)>, ReadError> {
    let rows = cchc_table::read_rows(bytes, "tệp.xlsx", &cchc_table::Limits::default())
        .map_err(|e| ReadError::Xlsx(e.to_string()))?;
    Ok(rows.into_iter().map(|r| (r.line as u64, r.cells)).collect())
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
        assert_eq!(cchc_domain::local_time::fmt_datetime(r.received), "04/03/2025 08:30:00");
        assert_eq!(r.due.map(cchc_domain::local_time::fmt_datetime).as_deref(), Some("10/03/2025 17:00:00"));
        assert!(!r.has_fee);
        assert_eq!(b.issues.len(), 1);
        assert_eq!(b.issues[0].line, 3);
    }
}
