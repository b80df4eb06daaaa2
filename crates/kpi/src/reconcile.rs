//! Reconciliation: cchc's numerators and denominators beside the figures typed in from the
//! national portal (CSV/XLSX of unit, period, indicator, numerator, denominator), with the
//! differences flagged and exportable to XLSX.

use cchc_domain::text::fold;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

use crate::catalogue::split_simple;
use crate::period::PeriodKey;
use crate::read::{Issue, IssueKind, ReadError};
use crate::report::Report;
pub use cchc_domain::kpi::PortalFigure;

/// Outcome of one comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReconStatus {
    /// Same numerator and denominator.
    Match,
    /// cchc has the value but it differs.
    Differs,
    /// cchc has no data for that unit, period and indicator.
    MissingInCchc,
}

impl ReconStatus {
    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            ReconStatus::Match => "Khớp",
            ReconStatus::Differs => "Lệch",
            ReconStatus::MissingInCchc => "cchc không có số liệu",
        }
    }
}

/// One comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReconRow {
    pub unit: String,
    pub period: PeriodKey,
    pub indicator: String,
    pub portal_numerator: i64,
    pub portal_denominator: i64,
    pub cchc_numerator: Option<i64>,
    pub cchc_denominator: Option<i64>,
    pub status: ReconStatus,
}

#[derive(Clone, Copy, PartialEq)]
enum RCol {
    Unit,
    Period,
    Indicator,
    Num,
    Den,
}

fn rcol(h: &str) -> Option<RCol> {
    let k: String = fold(h).chars().filter(|c| c.is_alphanumeric()).collect();
    Some(match k.as_str() {
        "unit" | "madonvi" | "donvi" => RCol::Unit,
        "period" | "ky" | "kybaocao" => RCol::Period,
        "indicator" | "chiso" | "machiso" | "chitieu" => RCol::Indicator,
        "numerator" | "tuso" => RCol::Num,
        "denominator" | "mauso" => RCol::Den,
        _ => return None,
    })
}

/// Reads portal figures from rows of text (header first).
pub fn read_portal_rows(rows: &[(u64, Vec<String>)]) -> Result<(Vec<PortalFigure>, Vec<Issue>), ReadError> {
    let Some(((_, header), body)) = rows.split_first() else {
        return Err(ReadError::Header("tệp trống".into()));
    };
    let cols: Vec<Option<RCol>> = header.iter().map(|h| rcol(h)).collect();
    for (c, name) in [
        (RCol::Unit, "đơn vị"),
        (RCol::Period, "kỳ"),
        (RCol::Indicator, "chỉ số"),
        (RCol::Num, "tử số"),
        (RCol::Den, "mẫu số"),
    ] {
        if !cols.contains(&Some(c)) {
            return Err(ReadError::Header(format!("thiếu cột {name}")));
        }
    }
    let (mut out, mut issues) = (Vec::new(), Vec::new());
    for (line, cells) in body {
        let get = |c: RCol| cols.iter().position(|x| *x == Some(c)).and_then(|i| cells.get(i)).map_or("", |s| s.trim());
        let int = |c: RCol| get(c).replace(['.', ' '], "").parse::<i64>().ok();
        match (PeriodKey::parse(get(RCol::Period)), int(RCol::Num), int(RCol::Den)) {
            (Some(period), Some(numerator), Some(denominator)) if !get(RCol::Unit).is_empty() => {
                out.push(PortalFigure {
                    line: *line,
                    unit: get(RCol::Unit).to_string(),
                    period,
                    indicator: get(RCol::Indicator).to_string(),
                    numerator,
                    denominator,
                })
            }
            _ => issues.push(Issue {
                line: *line,
                code: None,
                kind: IssueKind::Malformed,
                message: "dòng không hợp lệ: cần đơn vị, kỳ (vd. 2025-Q1, Quý I/2025), tử số và mẫu số là số nguyên"
                    .into(),
            }),
        }
    }
    Ok((out, issues))
}

/// Reads portal figures from CSV.
pub fn read_portal_csv(bytes: &[u8]) -> Result<(Vec<PortalFigure>, Vec<Issue>), ReadError> {
    let text = std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
        .map_err(|_| ReadError::Header("tệp không phải UTF-8".into()))?;
    let delim = if text.lines().next().is_some_and(|h| h.contains(';')) { ';' } else { ',' };
    let rows: Vec<(u64, Vec<String>)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i as u64 + 1, split_simple(l, delim)))
        .collect();
    read_portal_rows(&rows)
}

/// Reads portal figures from the first sheet of an XLSX workbook.
pub fn read_portal_xlsx(bytes: &[u8]) -> Result<(Vec<PortalFigure>, Vec<Issue>), ReadError> {
    read_portal_rows(&crate::read::xlsx::sheet_rows(bytes)?)
}

/// Compares each portal figure with the report.
pub fn reconcile(report: &Report, figures: &[PortalFigure]) -> Vec<ReconRow> {
    figures
        .iter()
        .map(|f| {
            let v = report.get(&f.unit, f.period).and_then(|r| r.indicator(&f.indicator));
            let (cn, cd) = (v.map(|v| v.numerator), v.map(|v| v.denominator));
            let status = match v {
                None => ReconStatus::MissingInCchc,
                Some(v) if v.numerator == f.numerator && v.denominator == f.denominator => ReconStatus::Match,
                Some(_) => ReconStatus::Differs,
            };
            ReconRow {
                unit: f.unit.clone(),
                period: f.period,
                indicator: f.indicator.clone(),
                portal_numerator: f.numerator,
                portal_denominator: f.denominator,
                cchc_numerator: cn,
                cchc_denominator: cd,
                status,
            }
        })
        .collect()
}

/// The reconciliation as an XLSX workbook.
pub fn reconciliation_xlsx(rows: &[ReconRow]) -> Result<Vec<u8>, XlsxError> {
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
    wb.save_to_buffer()
}
