//! The incremental aggregate: numerator and denominator counts per unit × period ×
//! indicator, updated by subtracting a changed dossier's old contributions and adding its
//! new ones, so that it always equals a recomputation from scratch.

use chrono::NaiveDateTime;

use crate::catalogue::Catalogue;
use crate::engine::{AsOfMove, Compact, Engine};
use crate::fx::{FxMap, Interner};
use cchc_domain::kpi::methodology::{CountBy, Methodology};
use cchc_domain::kpi::record::DossierRecord;
use cchc_domain::local_time::{from_secs, to_secs};
use cchc_domain::period::{Granularity, PeriodKey};

/// Counts of one unit for consecutive periods of one granularity.
#[derive(Debug, Clone, Default)]
struct Row {
    first: i32,
    periods: i32,
    /// `[(ordinal - first) * indicators + indicator] = [denominator, numerator]`.
    cells: Vec<[i64; 2]>,
}

impl Row {
    fn cell(&mut self, ordinal: i32, ind: usize, stride: usize) -> &mut [i64; 2] {
        if self.periods == 0 {
            self.first = ordinal;
            self.periods = 1;
            self.cells = vec![[0; 2]; stride];
        } else if ordinal < self.first {
            let add = (self.first - ordinal) as usize;
            self.cells.splice(0..0, std::iter::repeat_n([0; 2], add * stride));
            self.first = ordinal;
            self.periods += add as i32;
        } else if ordinal >= self.first + self.periods {
            self.periods = ordinal - self.first + 1;
            self.cells.resize(self.periods as usize * stride, [0; 2]);
        }
        &mut self.cells[(ordinal - self.first) as usize * stride + ind]
    }
}

/// Distinct-procedure counters: (granularity, unit, ordinal, indicator, procedure) packed in
/// two words, hashed as two words (the hot map of the ingest: a dozen updates per dossier).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct DKey(u64, u64);

impl std::hash::Hash for DKey {
    #[inline]
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(self.0);
        h.write_u64(self.1);
    }
}

impl DKey {
    fn new(g: u8, unit: u32, ordinal: i32, ind: u16, procedure: u32) -> DKey {
        DKey(
            (u64::from(g) << 48) | (u64::from(ind) << 32) | u64::from(unit),
            (u64::from(ordinal as u32) << 32) | u64::from(procedure),
        )
    }
    fn granularity(self) -> usize {
        (self.0 >> 48) as usize
    }
    fn indicator(self) -> usize {
        ((self.0 >> 32) & 0xFFFF) as usize
    }
    fn unit(self) -> u32 {
        self.0 as u32
    }
    fn ordinal(self) -> i32 {
        (self.1 >> 32) as u32 as i32
    }
    fn procedure(self) -> u32 {
        self.1 as u32
    }
}

/// One stored value: leaf unit, period, indicator, denominator, numerator.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cell {
    pub unit: String,
    pub period: PeriodKey,
    pub indicator: String,
    pub denominator: i64,
    pub numerator: i64,
}

/// What an [`KpiState::apply`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApplyReport {
    pub inserted: usize,
    pub replaced: usize,
    /// Codes whose incoming version was older (`updated`) than the stored one: ignored.
    pub stale: Vec<String>,
}

/// Which memberships of a dossier an update touches.
#[derive(Debug, Clone, Copy)]
enum Part {
    All,
    /// Only those that depend on the cut-off.
    Open,
}

/// What decides whether an unsettled dossier is re-judged when the cut-off moves.
#[derive(Debug, Clone, Copy)]
struct Pending {
    overdue: Option<i64>,
    finished: i64,
}

/// The aggregate state of one methodology over all dossiers seen so far.
#[derive(Debug, Clone)]
pub struct KpiState {
    pub(crate) engine: Engine,
    pub(crate) units: Interner,
    pub(crate) procedures: Interner,
    proc_masks: Vec<u64>,
    catalogue: Catalogue,
    pub(crate) codes: FxMap<Box<str>, u32>,
    pub(crate) dossiers: Vec<Compact>,
    /// Dossiers open or finishing after the cut-off (the only ones a later cut-off can
    /// re-judge), with the two facts that decide it, so that moving the cut-off scans this
    /// small map instead of reaching into the whole dossier array.
    unsettled: FxMap<u32, Pending>,
    pub(crate) as_of: i64,
    grids: [Vec<Row>; 4],
    distinct: FxMap<DKey, [u32; 2]>,
}

impl KpiState {
    /// An empty state for a methodology and catalogue, judging open dossiers at `as_of`.
    pub fn new(method: Methodology, catalogue: Catalogue, as_of: NaiveDateTime) -> Result<KpiState, String> {
        Ok(KpiState {
            engine: Engine::new(method)?,
            units: Interner::default(),
            procedures: Interner::default(),
            proc_masks: Vec::new(),
            catalogue,
            codes: FxMap::default(),
            dossiers: Vec::new(),
            unsettled: FxMap::default(),
            as_of: to_secs(as_of),
            grids: Default::default(),
            distinct: FxMap::default(),
        })
    }

    /// The methodology.
    pub fn methodology(&self) -> &Methodology {
        &self.engine.method
    }

    /// The data cut-off open dossiers are judged at.
    pub fn as_of(&self) -> NaiveDateTime {
        from_secs(self.as_of)
    }

    /// Number of distinct dossiers held.
    pub fn len(&self) -> usize {
        self.dossiers.len()
    }

    /// Whether no dossier is held.
    pub fn is_empty(&self) -> bool {
        self.dossiers.is_empty()
    }

    /// Upserts records by dossier code, in order. A record older (by `updated`) than the
    /// stored version is ignored and reported.
    pub fn apply(&mut self, records: &[DossierRecord]) -> ApplyReport {
        let mut rep = ApplyReport::default();
        self.reserve(records.len());
        for r in records {
            let unit = self.units.intern(&r.unit);
            let procedure = self.procedures.intern(&r.procedure);
            if procedure as usize == self.proc_masks.len() {
                self.proc_masks.push(Engine::procedure_mask(self.catalogue.get(&r.procedure)));
            }
            let c = self.engine.compact(r, unit, procedure, self.proc_masks[procedure as usize]);
            match self.codes.get(r.code.as_str()).copied() {
                Some(i) => {
                    let old = self.dossiers[i as usize];
                    if old.updated != i64::MIN && c.updated != i64::MIN && c.updated < old.updated {
                        rep.stale.push(r.code.clone());
                        continue;
                    }
                    self.add(&old, -1);
                    self.add(&c, 1);
                    self.dossiers[i as usize] = c;
                    self.track(i);
                    rep.replaced += 1;
                }
                None => {
                    let i = self.dossiers.len() as u32;
                    self.codes.insert(r.code.as_str().into(), i);
                    self.dossiers.push(c);
                    self.add(&c, 1);
                    self.track(i);
                    rep.inserted += 1;
                }
            }
        }
        rep
    }

    fn reserve(&mut self, n: usize) {
        self.codes.reserve(n);
        self.dossiers.reserve(n);
    }

    /// Moves the data cut-off; open dossiers whose judgement changes are re-evaluated.
    pub fn set_as_of(&mut self, as_of: NaiveDateTime) {
        let new = to_secs(as_of);
        let old = self.as_of;
        if new == old {
            return;
        }
        let m = AsOfMove::new(old, new);
        let (engine, ds) = (&self.engine, &self.dossiers);
        let affected: Vec<u32> = if new > old {
            self.unsettled.iter().filter(|(_, p)| m.affects(p.overdue, p.finished)).map(|(&i, _)| i).collect()
        } else {
            (0..ds.len() as u32).filter(|&i| engine.depends_on_as_of(&ds[i as usize], &m)).collect()
        };
        // Only the open-and-overdue memberships depend on the cut-off.
        for &i in &affected {
            let c = self.dossiers[i as usize];
            self.add_part(&c, -1, Part::Open);
        }
        self.as_of = new;
        for &i in &affected {
            let c = self.dossiers[i as usize];
            self.add_part(&c, 1, Part::Open);
        }
        if new > old {
            self.unsettled.retain(|_, p| Self::open_after(p.finished, new));
        } else {
            for i in 0..self.dossiers.len() as u32 {
                self.track(i);
            }
        }
    }

    fn is_unsettled(c: &Compact, as_of: i64) -> bool {
        Self::open_after(c.times.finished, as_of)
    }

    /// Whether a dossier finished at `finished` (`i64::MIN` while open) is still open at `t`.
    fn open_after(finished: i64, t: i64) -> bool {
        finished == i64::MIN || finished > t
    }

    fn track(&mut self, i: u32) {
        let c = &self.dossiers[i as usize];
        if Self::is_unsettled(c, self.as_of) {
            self.unsettled.insert(i, Pending { overdue: self.engine.overdue_after(c), finished: c.times.finished });
        } else {
            self.unsettled.remove(&i);
        }
    }

    fn add(&mut self, c: &Compact, sign: i64) {
        self.add_part(c, sign, Part::All);
    }

    fn add_part(&mut self, c: &Compact, sign: i64, part: Part) {
        let KpiState { engine, grids, distinct, as_of, .. } = self;
        let stride = engine.indicators.len();
        let unit = c.unit as usize;
        let emit = |g: Granularity, p: PeriodKey, ind: usize, num: bool| {
            let rows = &mut grids[g.index()];
            if rows.len() <= unit {
                rows.resize_with(unit + 1, Row::default);
            }
            if engine.indicators[ind].count == CountBy::Procedures {
                let key = DKey::new(g.index() as u8, c.unit, p.ordinal, ind as u16, c.procedure);
                let e = distinct.entry(key).or_insert([0, 0]);
                let before = [e[0] > 0, e[1] > 0];
                e[0] = (i64::from(e[0]) + sign) as u32;
                if num {
                    e[1] = (i64::from(e[1]) + sign) as u32;
                }
                let after = [e[0] > 0, e[1] > 0];
                if *e == [0, 0] {
                    distinct.remove(&key);
                }
                let cell = rows[unit].cell(p.ordinal, ind, stride);
                for k in 0..2 {
                    cell[k] += i64::from(after[k]) - i64::from(before[k]);
                }
            } else {
                let cell = rows[unit].cell(p.ordinal, ind, stride);
                cell[0] += sign;
                if num {
                    cell[1] += sign;
                }
            }
        };
        match part {
            Part::All => engine.contributions(c, *as_of, emit),
            Part::Open => engine.open_contributions(c, *as_of, emit),
        }
    }

    /// Denominator and numerator of a leaf unit (as recorded on dossiers), without roll-up.
    pub fn leaf_value(&self, unit: &str, period: PeriodKey, indicator: usize) -> Option<[i64; 2]> {
        let u = self.units.get(unit)? as usize;
        let row = self.grids[period.granularity.index()].get(u)?;
        let off = period.ordinal - row.first;
        if off < 0 || off >= row.periods {
            return None;
        }
        row.cells.get(off as usize * self.engine.indicators.len() + indicator).copied()
    }

    /// Every non-empty leaf cell, sorted (for comparisons and the benchmark check).
    pub fn cells(&self) -> Vec<Cell> {
        let stride = self.engine.indicators.len();
        let mut out = Vec::new();
        for (gi, rows) in self.grids.iter().enumerate() {
            for (u, row) in rows.iter().enumerate() {
                for (k, v) in row.cells.iter().enumerate() {
                    if *v == [0, 0] {
                        continue;
                    }
                    let ind = k % stride;
                    out.push(Cell {
                        unit: self.units.name(u as u32).to_string(),
                        period: PeriodKey {
                            granularity: Granularity::ALL[gi],
                            ordinal: row.first + (k / stride) as i32,
                        },
                        indicator: self.engine.method.indicators[ind].code.clone(),
                        denominator: v[0],
                        numerator: v[1],
                    });
                }
            }
        }
        out.sort();
        out
    }

    /// Leaf units with their per-granularity rows, for reports: (unit id, granularity,
    /// first ordinal, cells).
    pub(crate) fn rows(&self) -> impl Iterator<Item = (u32, Granularity, i32, &[[i64; 2]])> + '_ {
        self.grids.iter().enumerate().flat_map(|(gi, rows)| {
            rows.iter()
                .enumerate()
                .filter(|(_, r)| r.periods > 0)
                .map(move |(u, r)| (u as u32, Granularity::ALL[gi], r.first, r.cells.as_slice()))
        })
    }

    /// Distinct-procedure counters with a non-zero count: (granularity, unit, ordinal,
    /// indicator, procedure, in numerator).
    pub(crate) fn distinct_entries(&self) -> impl Iterator<Item = (Granularity, u32, i32, usize, u32, bool)> + '_ {
        self.distinct.iter().map(|(k, v)| {
            (Granularity::ALL[k.granularity()], k.unit(), k.ordinal(), k.indicator(), k.procedure(), v[1] > 0)
        })
    }

    /// Name of a unit id.
    pub fn unit_name(&self, id: u32) -> &str {
        self.units.name(id)
    }
}
