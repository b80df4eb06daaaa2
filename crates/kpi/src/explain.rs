//! Explanations: for a unit, period and indicator, every dossier in scope with whether it is
//! in the denominator and numerator and why (`cchc_export::kpi766` writes it as XLSX).

use std::collections::BTreeMap;

pub use cchc_domain::kpi::tables::{ExplainRow, Explanation};

use crate::aggregate::KpiState;
use crate::engine::Engine;
use crate::timeliness::NONE;
use cchc_domain::kpi::methodology::{Anchor, CountBy, Fact};
use cchc_domain::local_time::from_secs;
use cchc_domain::period::PeriodKey;
use cchc_domain::unit_tree::UnitTree;

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
