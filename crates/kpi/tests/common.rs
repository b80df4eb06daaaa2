//! Helpers shared by the integration tests: hand-built dossiers and a default state.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::{DossierRecord, OnlineLevel};
use cchc_domain::local_time::parse_datetime;
use cchc_kpi::aggregate::KpiState;
use cchc_kpi::catalogue::{Catalogue, Procedure};
use chrono::NaiveDateTime;

pub fn t(s: &str) -> NaiveDateTime {
    parse_datetime(s).unwrap_or_else(|| panic!("bad time {s}"))
}

/// A finished, in-person dossier of procedure `P-FEE` at unit `U1`.
pub fn rec(code: &str, received: &str, due: &str, finished: Option<&str>) -> DossierRecord {
    DossierRecord {
        code: code.into(),
        procedure: "P-FEE".into(),
        unit: "U1".into(),
        received: t(received),
        due: Some(t(due)),
        finished: finished.map(t),
        ..DossierRecord::default()
    }
}

pub fn with(mut r: DossierRecord, f: impl FnOnce(&mut DossierRecord)) -> DossierRecord {
    f(&mut r);
    r
}

/// P-FEE: fee, fully online eligible; P-FREE: no fee, partial online; P-OFF: offline only.
pub fn catalogue() -> Catalogue {
    Catalogue::from_procedures([
        Procedure {
            code: "P-FEE".into(),
            fee: true,
            full_online_eligible: true,
            online_levels: vec![OnlineLevel::Full],
            ..Procedure::default()
        },
        Procedure { code: "P-FREE".into(), online_levels: vec![OnlineLevel::Partial], ..Procedure::default() },
        Procedure { code: "P-OFF".into(), ..Procedure::default() },
    ])
}

pub fn state(as_of: &str, records: &[DossierRecord]) -> KpiState {
    let mut s = KpiState::new(Methodology::default_766().unwrap(), catalogue(), t(as_of)).unwrap();
    s.apply(records);
    s
}
