//! Synthetic one-stop-shop data, deterministic by seed: units with a hierarchy, a procedure
//! catalogue and dossier records in plausible proportions (channel mix, 3–8 % late,
//! supplements, fees and online payment, digitisation, ratings, status updates).

use std::collections::BinaryHeap;

use chrono::NaiveDate;

use crate::catalogue::{Catalogue, Procedure};
use cchc_domain::kpi::record::{Channel, DossierRecord, Feedback, OnlineLevel, PaidOnline, Rating, Status};
use cchc_domain::local_time::{days_from_civil, from_secs, to_secs, DAY};
use cchc_domain::unit_tree::UnitTree;

mod csv_out;

pub use csv_out::{csv_line, write_csv, DateStyle, CSV_HEADER};

/// Generator settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GenOptions {
    /// Number of receiving units.
    pub units: usize,
    /// Number of days.
    pub days: usize,
    /// New dossiers per day (status updates come on top).
    pub per_day: usize,
    pub seed: u64,
    /// First day.
    pub start: NaiveDate,
}

/// SplitMix64: tiny, fast and stable across versions (the output must not change with a
/// dependency upgrade, or benchmark inputs would drift).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded generator.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n.max(1))) >> 64) as u64
    }
    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Unit code of unit `i`.
pub fn unit_code(i: usize) -> String {
    format!("U{:04}", i + 1)
}

/// Units grouped ten by ten under districts `H01…`, all under the province `TINH`.
pub fn generate_units(opts: &GenOptions) -> UnitTree {
    let mut links: Vec<(String, String)> =
        (0..opts.units).map(|i| (unit_code(i), format!("H{:02}", i / 10 + 1))).collect();
    for h in 0..opts.units.div_ceil(10) {
        links.push((format!("H{:02}", h + 1), "TINH".to_string()));
    }
    UnitTree::from_links(links)
}

/// Number of procedures in the generated catalogue.
pub const PROCEDURES: usize = 150;

/// A catalogue of [`PROCEDURES`] procedures: about 40 % with fees, 55 % eligible fully online.
pub fn generate_catalogue(seed: u64) -> Catalogue {
    let mut rng = Rng::new(seed ^ 0xCA7A);
    Catalogue::from_procedures((0..PROCEDURES).map(|i| {
        let eligible = rng.chance(0.55);
        let partial = !eligible && rng.chance(0.6);
        let mut online_levels = Vec::new();
        if eligible {
            online_levels.push(OnlineLevel::Full);
        }
        if partial || (eligible && rng.chance(0.3)) {
            online_levels.push(OnlineLevel::Partial);
        }
        Procedure {
            code: format!("1.{:06}", 1000 + i),
            name: format!("Thủ tục hành chính số {}", i + 1),
            level: ["Tỉnh", "Huyện", "Xã"][i % 3].to_string(),
            fee: rng.chance(0.4),
            full_online_eligible: eligible,
            online_levels,
        }
    }))
}

struct ProcInfo {
    code: String,
    fee: Option<u64>,
    eligible: bool,
    online: bool,
    days: i64,
}

/// The record iterator returned by [`generate`].
pub struct Generator {
    opts: GenOptions,
    rng: Rng,
    procs: Vec<ProcInfo>,
    units: Vec<String>,
    day: usize,
    made_today: usize,
    serial: u64,
    end: i64,
    /// Final versions waiting for their day: (Reverse(day), serial) → record.
    later: BinaryHeap<std::cmp::Reverse<(i64, u64, Box<DossierRecordOrd>)>>,
}

#[derive(PartialEq)]
struct DossierRecordOrd(DossierRecord);
impl Eq for DossierRecordOrd {}
impl PartialOrd for DossierRecordOrd {
    fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}
impl Ord for DossierRecordOrd {
    fn cmp(&self, o: &Self) -> std::cmp::Ordering {
        self.0.code.cmp(&o.0.code)
    }
}

/// Generates records day by day: each day's new dossiers, preceded by the final versions of
/// earlier dossiers that were first sent unfinished (about 6 %). Dossiers whose finish would
/// fall after the last day stay unfinished.
pub fn generate(opts: GenOptions) -> Generator {
    let cat = generate_catalogue(opts.seed);
    let mut procs: Vec<ProcInfo> = cat
        .procedures
        .values()
        .map(|p| ProcInfo {
            code: p.code.clone(),
            fee: p.fee.then_some(0),
            eligible: p.full_online_eligible,
            online: !p.online_levels.is_empty(),
            days: 0,
        })
        .collect();
    procs.sort_by(|a, b| a.code.cmp(&b.code));
    let mut rng = Rng::new(opts.seed);
    for p in &mut procs {
        p.days = 1 + rng.below(15) as i64;
        p.fee = p.fee.map(|_| [20_000, 50_000, 100_000, 200_000, 500_000][rng.below(5) as usize]);
    }
    let start = days_from_civil(opts.start.year_ce().1 as i32, opts.start.month0() + 1, opts.start.day0() + 1) * DAY;
    Generator {
        opts,
        rng,
        procs,
        units: (0..opts.units.max(1)).map(unit_code).collect(),
        day: 0,
        made_today: 0,
        serial: 0,
        end: start + opts.days as i64 * DAY,
        later: BinaryHeap::new(),
    }
}

use chrono::Datelike;

impl Generator {
    fn day_start(&self) -> i64 {
        self.end - (self.opts.days - self.day) as i64 * DAY
    }

    fn dossier(&mut self) -> (DossierRecord, Option<DossierRecord>) {
        let r = &mut self.rng;
        let day0 = self.end - (self.opts.days - self.day) as i64 * DAY;
        let received = day0 + 7 * 3600 + 1800 + r.below(9 * 3600) as i64;
        let skew = r.below(self.procs.len() as u64);
        let p = &self.procs[r.below(skew + 1) as usize];
        let unit = self.units[r.below(self.units.len() as u64) as usize].clone();
        self.serial += 1;
        let channel = if p.online && r.chance(0.55) {
            Channel::Online
        } else if r.chance(0.07) {
            Channel::Post
        } else {
            Channel::InPerson
        };
        let online_level = match channel {
            Channel::Online if p.eligible && r.chance(0.85) => OnlineLevel::Full,
            Channel::Online => OnlineLevel::Partial,
            _ => OnlineLevel::None,
        };
        let due = (received.div_euclid(DAY) + p.days) * DAY + 17 * 3600;
        let supplements = match r.below(100) {
            0..=87 => 0,
            88..=97 => 1,
            _ => 2,
        };
        let supp_secs = (0..supplements).map(|_| (24 + r.below(96) as i64) * 3600).sum::<i64>();
        let effective = match r.below(1000) {
            0..=599 => received + 3600 + r.below((due - received - 3600 - DAY).max(3600) as u64) as i64,
            600..=949 => due - r.below(8 * 3600) as i64,
            _ => due + 3600 + r.below(8 * DAY as u64) as i64,
        };
        let finished = (effective.max(received + 1800) + supp_secs).min(i64::MAX / 2);
        let withdrawn = r.chance(0.005);
        let done = finished < self.end && !withdrawn;
        let returned = finished + r.below(3 * DAY as u64) as i64;
        let late = finished - supp_secs > due || supplements > 1;
        let paid = match (p.fee, channel) {
            (Some(_), Channel::Online) if r.chance(0.7) => {
                if r.chance(0.6) {
                    PaidOnline::NationalPortal
                } else {
                    PaidOnline::ProvincialGateway
                }
            }
            (Some(_), _) if r.chance(0.05) => PaidOnline::NationalPortal,
            _ => PaidOnline::No,
        };
        let rating = r.chance(0.25).then(|| {
            Rating::Score(match r.below(100) {
                0..=54 => 5,
                55..=84 => 4,
                85..=92 => 3,
                93..=96 => 2,
                _ => 1,
            })
        });
        let feedback = if r.chance(0.01) {
            if r.chance(0.8) {
                Feedback::Resolved
            } else {
                Feedback::Pending
            }
        } else {
            Feedback::None
        };
        let rec = DossierRecord {
            code: format!("HS{:03}-{:09}", self.opts.seed % 1000, self.serial),
            procedure: p.code.clone(),
            unit,
            received: from_secs(received),
            due: Some(from_secs(due)),
            finished: done.then(|| from_secs(finished)),
            returned: (done && returned < self.end).then(|| from_secs(returned)),
            channel,
            online_level,
            has_fee: p.fee.is_some(),
            fee_amount: p.fee,
            paid_online: paid,
            digitised: r.chance(0.75),
            electronic_result: done && r.chance(0.65),
            reused_data: r.chance(0.3),
            from_data_store: r.chance(0.15),
            supplements,
            supplement_secs: supp_secs,
            status: if withdrawn {
                Status::Withdrawn
            } else if done && returned < self.end {
                Status::Returned
            } else if done {
                Status::Finished
            } else {
                Status::Processing
            },
            feedback,
            rating: if done { rating } else { None },
            apology: done && late && r.chance(0.7),
            updated: Some(from_secs(if done { finished } else { received })),
        };
        let interim =
            (done && finished.div_euclid(DAY) > received.div_euclid(DAY) && r.chance(0.06)).then(|| DossierRecord {
                finished: None,
                returned: None,
                electronic_result: false,
                status: Status::Processing,
                rating: None,
                apology: false,
                updated: Some(from_secs(received)),
                ..rec.clone()
            });
        match interim {
            Some(first) => (first, Some(rec)),
            None => (rec, None),
        }
    }
}

impl Iterator for Generator {
    type Item = DossierRecord;
    fn next(&mut self) -> Option<DossierRecord> {
        loop {
            if self.day >= self.opts.days {
                return None;
            }
            let today = self.day_start();
            if let Some(std::cmp::Reverse((when, _, _))) = self.later.peek() {
                if *when < today + DAY {
                    return self.later.pop().map(|std::cmp::Reverse((_, _, r))| r.0);
                }
            }
            if self.made_today < self.opts.per_day {
                self.made_today += 1;
                let (now, then) = self.dossier();
                if let Some(t) = then {
                    let when = t.updated.map_or(today, to_secs);
                    self.later.push(std::cmp::Reverse((when, self.serial, Box::new(DossierRecordOrd(t)))));
                }
                return Some(now);
            }
            self.day += 1;
            self.made_today = 0;
        }
    }
}
