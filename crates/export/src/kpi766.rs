//! The two index-766 workbooks that are not house-style tables: the dossiers behind one value
//! (`Giải trình`) and the reconciliation with the national portal (`Đối chiếu`). `cchc-kpi`
//! computes them ([`Explanation`], [`ReconRow`]); this module only writes them.

use cchc_domain::kpi::tables::{Explanation, ReconRow, ReconStatus};
use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::xlsx::ExportError;

/// An Excel date-time for a chrono time.
fn excel_time(t: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second() as f64,
    )
}

/// The explanation as an XLSX workbook (Vietnamese headers, dates `dd/mm/yyyy`).
pub fn explanation_xlsx(e: &Explanation) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Giải trình")?;
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    ws.write_string_with_format(0, 0, format!("{} — {}", e.indicator, e.indicator_name), &bold)?;
    ws.write_string(
        1,
        0,
        format!(
            "Đơn vị: {} · Kỳ: {} · Tử số: {} · Mẫu số: {}",
            e.unit,
            e.period.label_vi(),
            e.numerator,
            e.denominator
        ),
    )?;
    let heads = [
        "Mã hồ sơ",
        "Mã TTHC",
        "Đơn vị",
        "Ngày tiếp nhận",
        "Ngày hẹn trả",
        "Ngày kết thúc xử lý",
        "Căn cứ tính vào kỳ",
        "Thuộc mẫu số",
        "Thuộc tử số",
        "Lý do",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    for (i, r) in e.rows.iter().enumerate() {
        let row = 4 + i as u32;
        ws.write_string(row, 0, &r.code)?;
        ws.write_string(row, 1, &r.procedure)?;
        ws.write_string(row, 2, &r.unit)?;
        ws.write_datetime_with_format(row, 3, excel_time(r.received)?, &date)?;
        for (col, t) in [(4u16, r.due), (5, r.finished)] {
            if let Some(t) = t {
                ws.write_datetime_with_format(row, col, excel_time(t)?, &date)?;
            }
        }
        ws.write_string(row, 6, &r.occurrence)?;
        ws.write_string(row, 7, if r.in_denominator { "Có" } else { "Không" })?;
        ws.write_string(row, 8, if r.in_numerator { "Có" } else { "Không" })?;
        ws.write_string(row, 9, &r.reason)?;
    }
    for (c, w) in [(0u16, 22.0), (1, 14.0), (2, 12.0), (3, 14.0), (4, 14.0), (5, 16.0), (6, 28.0), (9, 60.0)] {
        ws.set_column_width(c, w)?;
    }
    ws.set_freeze_panes(4, 0)?;
    Ok(wb.save_to_buffer()?)
}

/// The reconciliation as an XLSX workbook; rows that do not match in red.
pub fn reconciliation_xlsx(rows: &[ReconRow]) -> Result<Vec<u8>, ExportError> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Đối chiếu")?;
    let bold = Format::new().set_bold();
    let red = Format::new().set_font_color(rust_xlsxwriter::Color::Red);
    let heads = [
        "Đơn vị",
        "Kỳ",
        "Chỉ số",
        "Tử số (Cổng)",
        "Mẫu số (Cổng)",
        "Tử số (cchc)",
        "Mẫu số (cchc)",
        "Chênh tử số",
        "Chênh mẫu số",
        "Kết quả",
    ];
    for (c, h) in heads.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, &r.unit)?;
        ws.write_string(row, 1, r.period.label_vi())?;
        ws.write_string(row, 2, &r.indicator)?;
        ws.write_number(row, 3, r.portal_numerator as f64)?;
        ws.write_number(row, 4, r.portal_denominator as f64)?;
        if let (Some(n), Some(d)) = (r.cchc_numerator, r.cchc_denominator) {
            ws.write_number(row, 5, n as f64)?;
            ws.write_number(row, 6, d as f64)?;
            ws.write_number(row, 7, (n - r.portal_numerator) as f64)?;
            ws.write_number(row, 8, (d - r.portal_denominator) as f64)?;
        }
        let f = if r.status == ReconStatus::Match { Format::new() } else { red.clone() };
        ws.write_string_with_format(row, 9, r.status.label_vi(), &f)?;
    }
    ws.set_column_width(1, 22)?;
    ws.set_column_width(9, 22)?;
    Ok(wb.save_to_buffer()?)
}
