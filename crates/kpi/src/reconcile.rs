//! Reconciliation: cchc's numerators and denominators beside the figures typed in from the
//! national portal (CSV/XLSX of unit, period, indicator, numerator, denominator), with the
//! differences flagged (`cchc_export::kpi766` writes them as XLSX).

use cchc_domain::text::fold;

use crate::catalogue::split_simple;
use crate::read::{Issue, IssueKind, ReadError};
use crate::report::Report;
pub use cchc_domain::kpi::tables::{ReconRow, ReconStatus};
pub use cchc_domain::kpi::PortalFigure;
use cchc_domain::period::PeriodKey;

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
