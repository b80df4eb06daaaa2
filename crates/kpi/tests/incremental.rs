//! Property test: applying random batches of new and changed records (and moving the data
//! cut-off) incrementally always equals a full recomputation from the final records.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::HashMap;

use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::{Channel, DossierRecord, PaidOnline, Status};
use cchc_domain::unit_tree::UnitTree;
use cchc_kpi::aggregate::KpiState;
use cchc_kpi::generate::{generate, generate_catalogue, GenOptions, Rng};
use cchc_kpi::report::compute_report;
use chrono::{Duration, NaiveDate};

fn mutate(rng: &mut Rng, r: &DossierRecord) -> DossierRecord {
    let mut m = r.clone();
    let hours = |rng: &mut Rng, n: u64| Duration::hours(rng.below(n) as i64);
    match rng.below(9) {
        0 => m.finished = None,
        1 => m.finished = Some(m.received + hours(rng, 30 * 24)),
        2 => m.due = m.due.map(|d| d + hours(rng, 10 * 24) - Duration::days(5)),
        3 => m.channel = [Channel::InPerson, Channel::Online, Channel::Post][rng.below(3) as usize],
        4 => {
            m.paid_online = if m.paid_online == PaidOnline::No { PaidOnline::ProvincialGateway } else { PaidOnline::No }
        }
        5 => m.status = if m.status == Status::Withdrawn { Status::Processing } else { Status::Withdrawn },
        6 => {
            m.supplements = rng.below(3) as u32;
            m.supplement_secs = rng.below(72) as i64 * 3600;
        }
        7 => m.unit = format!("U{:04}", rng.below(4) + 1),
        _ => {
            m.procedure =
                generate_catalogue(1).procedures.keys().nth(rng.below(20) as usize).cloned().unwrap_or_default()
        }
    }
    // a later version most of the time; sometimes an older one, which must be ignored
    let shift = if rng.chance(0.15) { -Duration::hours(1) } else { Duration::hours(1 + rng.below(500) as i64) };
    m.updated = r.updated.map(|u| u + shift);
    m
}

#[test]
fn incremental_equals_full_recomputation() {
    let start = NaiveDate::from_ymd_opt(2024, 11, 20).unwrap();
    let method = Methodology::default_766().unwrap();
    let tree = UnitTree::from_links([("U0001", "H1"), ("U0002", "H1"), ("U0003", "H2"), ("H1", "T"), ("H2", "T")]);
    for case in 0..120u64 {
        let mut rng = Rng::new(case);
        let opts = GenOptions {
            units: 4,
            days: 60 + rng.below(90) as usize,
            per_day: 1 + rng.below(6) as usize,
            seed: case,
            start,
        };
        let base: Vec<DossierRecord> = generate(opts).collect();
        let catalogue = generate_catalogue(case);
        let mut as_of = start.and_hms_opt(0, 0, 0).unwrap() + Duration::days(rng.below(200) as i64);
        let mut inc = KpiState::new(method.clone(), catalogue.clone(), as_of).unwrap();
        let mut latest: HashMap<String, DossierRecord> = HashMap::new();
        let mut stream: Vec<DossierRecord> = Vec::new();
        for r in &base {
            stream.push(r.clone());
            if rng.chance(0.2) {
                let prev = latest.get(&r.code).unwrap_or(r).clone();
                stream.push(mutate(&mut rng, &prev));
            }
            latest.insert(r.code.clone(), stream.last().unwrap().clone());
        }
        // re-send changed versions of random earlier dossiers at the end, too
        for _ in 0..rng.below(40) {
            let i = rng.below(base.len().max(1) as u64) as usize;
            if let Some(r) = base.get(i) {
                stream.push(mutate(&mut rng, r));
            }
        }
        // the expected final version of each dossier: newest `updated` wins, ties to later rows
        let mut finals: HashMap<String, DossierRecord> = HashMap::new();
        for r in &stream {
            let keep_old =
                finals.get(&r.code).is_some_and(|o| matches!((o.updated, r.updated), (Some(a), Some(b)) if b < a));
            if !keep_old {
                finals.insert(r.code.clone(), r.clone());
            }
        }
        let mut pos = 0;
        while pos < stream.len() {
            let n = 1 + rng.below(60) as usize;
            let end = (pos + n).min(stream.len());
            inc.apply(&stream[pos..end]);
            pos = end;
            if rng.chance(0.3) {
                // a day or two forward (often within the month, as a daily import does), or a
                // jump either way across months
                as_of = if rng.chance(0.5) {
                    as_of + Duration::hours(rng.below(48) as i64)
                } else {
                    as_of + Duration::hours(rng.below(24 * 40) as i64) - Duration::days(7)
                };
                inc.set_as_of(as_of);
            }
        }
        let mut full = KpiState::new(method.clone(), catalogue, as_of).unwrap();
        let mut finals: Vec<DossierRecord> = finals.into_values().collect();
        finals.sort_by(|a, b| a.code.cmp(&b.code));
        full.apply(&finals);
        assert_eq!(inc.len(), full.len(), "case {case}");
        let (a, b) = (inc.cells(), full.cells());
        assert!(!b.is_empty(), "case {case}: nothing computed");
        assert_eq!(a, b, "case {case}");
        let (ra, rb) = (compute_report(&inc, &tree), compute_report(&full, &tree));
        assert_eq!(ra.results, rb.results, "case {case}");
    }
}
