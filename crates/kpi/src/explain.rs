//! Explanations: for a unit, period and indicator, every dossier in scope with whether it is
//! in the denominator and numerator and why, plus the XLSX export of that list.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDateTime, Timelike};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};
use serde::{Deserialize, Serialize};

use crate::aggregate::KpiState;
use crate::engine::Engine;
use crate::hierarchy::UnitTree;
use crate::methodology::{Anchor, CountBy, Fact};
use crate::period::PeriodKey;
use crate::time::from_secs;
use crate::timeliness::NONE;

/// One dossier in the scope of an indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExplainRow {
    pub code: String,
    pub procedure: String,
    pub unit: String,
    pub received: NaiveDateTime,
    pub due: Option<NaiveDateTime>,
    pub finished: Option<NaiveDateTime>,
    /// Why the dossier belongs to the period (Vietnamese).
    pub occurrence: String,
    pub in_denominator: bool,
    pub in_numerator: bool,
    /// Why it is in or out (Vietnamese).
    pub reason: String,
}

/// The dossiers behind one number.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    pub unit: String,
    pub period: PeriodKey,
    pub indicator: String,
    pub indicator_name: String,
    pub count: CountBy,
    pub numerator: i64,
    pub denominator: i64,
    pub rows: Vec<ExplainRow>,
    /// For indicators counting procedures: each procedure and whether it is in the numerator.
    pub procedures: Vec<(String, bool)>,
}

/// Lists the dossiers of `unit` (and the units below it) that belong to `period` for the
/// indicator's anchor; `None` if the indicator code is unknown.
pub fn explain(
    state: &KpiState,
    tree: &UnitTree,
    unit: &str,
    period: PeriodKey,
    indicator: &str,
) -> Option<Explanation> {
    let engine = &state.engine;
    let i = engine.method.indicator_index(indicator)?;
    let (def, ind) = (&engine.method.indicators[i], &engine.indicators[i]);
    let within: Vec<bool> = (0..state.units.len() as u32).map(|u| tree.is_within(state.unit_name(u), unit)).collect();
    let g = period.granularity;
    let mut rows = Vec::new();
    for (code, &idx) in &state.codes {
        let c = &state.dossiers[idx as usize];
        if !within[c.unit as usize] {
            continue;
        }
        let fin_here = c.times.finished != NONE && PeriodKey::containing(g, c.times.finished) == period;
        let (mask, occurrence) = match def.anchor {
            Anchor::Receipt if PeriodKey::containing(g, c.times.received) == period => (c.mask, "tiếp nhận trong kỳ"),
            Anchor::Finish | Anchor::Timeliness if fin_here => (Engine::finished_mask(c), "kết thúc xử lý trong kỳ"),
            Anchor::Timeliness if open_in(state, c, period) => (Engine::open_mask(c), "đang xử lý quá hạn tại cuối kỳ"),
            _ => continue,
        };
        let withdrawn = engine.method.exclude_withdrawn && c.mask & Fact::Withdrawn.bit() != 0;
        let in_den = !withdrawn && ind.den.eval(mask);
        let in_num = in_den && ind.num.eval(mask);
        let reason = if withdrawn {
            "hồ sơ đã rút / từ chối / hủy: không tính".to_string()
        } else if !in_den {
            format!("ngoài mẫu số — {}", def.denominator.why_false(&engine.atoms, mask).join("; "))
        } else if !in_num {
            format!("thuộc mẫu số, ngoài tử số — {}", def.numerator.why_false(&engine.atoms, mask).join("; "))
        } else {
            format!("thuộc tử số: {}", def.numerator.describe_vi())
        };
        let opt = |t: i64| (t != NONE).then(|| from_secs(t));
        rows.push(ExplainRow {
            code: code.to_string(),
            procedure: state.procedures.name(c.procedure).to_string(),
            unit: state.unit_name(c.unit).to_string(),
            received: from_secs(c.times.received),
            due: opt(c.times.due),
            finished: opt(c.times.finished),
            occurrence: occurrence.to_string(),
            in_denominator: in_den,
            in_numerator: in_num,
            reason,
        });
    }
    rows.sort_by(|a, b| {
        (!a.in_denominator, !a.in_numerator, &a.code).cmp(&(!b.in_denominator, !b.in_numerator, &b.code))
    });
    let mut procedures: BTreeMap<String, bool> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.in_denominator) {
        *procedures.entry(r.procedure.clone()).or_insert(false) |= r.in_numerator;
    }
    let (numerator, denominator) = match ind.count {
        CountBy::Dossiers => (
            rows.iter().filter(|r| r.in_numerator).count() as i64,
            rows.iter().filter(|r| r.in_denominator).count() as i64,
        ),
        CountBy::Procedures => (procedures.values().filter(|v| **v).count() as i64, procedures.len() as i64),
    };
    Some(Explanation {
        unit: unit.to_string(),
        period,
        indicator: def.code.clone(),
        indicator_name: def.name.clone(),
        count: ind.count,
        numerator,
        denominator,
        rows,
        procedures: if ind.count == CountBy::Procedures { procedures.into_iter().collect() } else { vec![] },
    })
}

fn open_in(state: &KpiState, c: &crate::engine::Compact, period: PeriodKey) -> bool {
    let mut hit = false;
    c.times
        .overdue_open_periods(&state.engine.method.timeliness, period.granularity, state.as_of, |p| hit |= p == period);
    hit
}

/// An Excel date-time for a chrono time.
pub(crate) fn excel_time(t: NaiveDateTime) -> Result<ExcelDateTime, XlsxError> {
    ExcelDateTime::from_ymd(t.year() as u16, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second() as f64,
    )
}

/// The explanation as an XLSX workbook (Vietnamese headers, dates `dd/mm/yyyy`).
pub fn explanation_xlsx(e: &Explanation) -> Result<Vec<u8>, XlsxError> {
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
    wb.save_to_buffer()
}
