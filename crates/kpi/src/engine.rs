//! A methodology compiled for computation: each dossier becomes a compact record with a fact
//! mask, and each indicator a pair of bit tests; this module enumerates the (period,
//! indicator, in numerator?) contributions of one dossier.

use crate::catalogue::Procedure;
use crate::timeliness::{Outcome, Times, NONE};
use cchc_domain::kpi::methodology::{Anchor, AtomTable, Cmp, Compiled, CountBy, Fact, Field, Methodology};
use cchc_domain::kpi::record::{Channel, DossierRecord, Feedback, OnlineLevel, PaidOnline, Rating, Status};
use cchc_domain::local_time::{to_secs, year_month};
use cchc_domain::period::{Granularity, PeriodKey};

/// A dossier reduced to what the computation needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compact {
    pub unit: u32,
    pub procedure: u32,
    pub times: Times,
    pub updated: i64,
    /// Record-level facts, catalogue facts, outcome and comparison atoms.
    pub mask: u64,
}

/// One compiled indicator.
#[derive(Debug, Clone)]
pub struct CompiledIndicator {
    pub anchor: Anchor,
    pub count: CountBy,
    pub den: Compiled,
    pub num: Compiled,
}

/// A methodology ready to evaluate dossiers.
#[derive(Debug, Clone)]
pub struct Engine {
    pub method: Methodology,
    pub atoms: AtomTable,
    pub indicators: Vec<CompiledIndicator>,
}

const OUTCOME_BITS: u64 = (1 << Fact::Early as u32) | (1 << Fact::OnTime as u32) | (1 << Fact::Late as u32);

fn field_value(r: &DossierRecord, f: Field) -> i64 {
    match f {
        Field::Channel => i64::from(r.channel.code()),
        Field::OnlineLevel => i64::from(r.online_level.code()),
        Field::PaidOnline => i64::from(r.paid_online.code()),
        Field::Rating => match r.rating {
            Some(Rating::Score(s)) => i64::from(s),
            _ => 0,
        },
        Field::Supplements => i64::from(r.supplements),
        Field::FeeAmount => r.fee_amount.map_or(0, |a| a.min(i64::MAX as u64) as i64),
        Field::Feedback => i64::from(r.feedback.code()),
        Field::Status => i64::from(r.status.code()),
    }
}

impl Engine {
    /// Compiles a validated methodology.
    pub fn new(method: Methodology) -> Result<Engine, String> {
        let mut atoms = AtomTable::default();
        let mut indicators = Vec::with_capacity(method.indicators.len());
        for i in &method.indicators {
            indicators.push(CompiledIndicator {
                anchor: i.anchor,
                count: i.count,
                den: atoms.compile(&i.denominator)?,
                num: atoms.compile(&i.numerator)?,
            });
        }
        Ok(Engine { method, atoms, indicators })
    }

    /// Facts that come from the catalogue entry of the dossier's procedure.
    pub fn procedure_mask(p: Option<&Procedure>) -> u64 {
        let Some(p) = p else { return 0 };
        let mut m = 0;
        if p.full_online_eligible {
            m |= Fact::ProcFullOnline.bit();
        }
        if p.full_online_eligible || !p.online_levels.is_empty() {
            m |= Fact::ProcOnline.bit();
        }
        if p.fee {
            m |= Fact::ProcFee.bit();
        }
        m
    }

    /// Reduces a record; `proc_mask` from [`Engine::procedure_mask`].
    pub fn compact(&self, r: &DossierRecord, unit: u32, procedure: u32, proc_mask: u64) -> Compact {
        let opt = |t: Option<chrono::NaiveDateTime>| t.map_or(NONE, to_secs);
        let times = Times {
            received: to_secs(r.received),
            due: opt(r.due),
            finished: opt(r.finished),
            supplement_secs: r.supplement_secs,
            supplements: r.supplements,
        };
        let facts = [
            (Fact::HasDue, r.due.is_some()),
            (Fact::Finished, r.finished.is_some()),
            (Fact::Returned, r.returned.is_some() || r.status == Status::Returned),
            (Fact::Online, r.channel == Channel::Online),
            (Fact::InPerson, r.channel == Channel::InPerson),
            (Fact::ByPost, r.channel == Channel::Post),
            (Fact::FullOnline, r.online_level == OnlineLevel::Full),
            (Fact::PartialOnline, r.online_level == OnlineLevel::Partial),
            (Fact::Fee, r.has_fee),
            (Fact::PaidOnline, r.paid_online != PaidOnline::No),
            (Fact::PaidNational, r.paid_online == PaidOnline::NationalPortal),
            (Fact::PaidProvincial, r.paid_online == PaidOnline::ProvincialGateway),
            (Fact::Digitised, r.digitised),
            (Fact::ElectronicResult, r.electronic_result),
            (Fact::Reused, r.reused_data),
            (Fact::FromStore, r.from_data_store),
            (Fact::Supplemented, r.supplements > 0),
            (Fact::MultiSupplement, r.supplements > 1),
            (Fact::Withdrawn, r.status == Status::Withdrawn),
            (Fact::Feedback, r.feedback != Feedback::None),
            (Fact::FeedbackResolved, r.feedback == Feedback::Resolved),
            (Fact::Rated, r.rating.is_some()),
            (Fact::Satisfied, r.rating.is_some_and(Rating::is_satisfied)),
            (Fact::Apology, r.apology),
        ];
        let mut mask = proc_mask;
        for (f, on) in facts {
            if on {
                mask |= f.bit();
            }
        }
        mask |= match times.outcome(&self.method.timeliness) {
            Some(Outcome::Early) => Fact::Early.bit(),
            Some(Outcome::OnTime) => Fact::OnTime.bit(),
            Some(Outcome::Late) => Fact::Late.bit(),
            Some(Outcome::NoDue) | None => 0,
        };
        for (i, c) in self.atoms.cmps.iter().enumerate() {
            let Cmp { field, op, value } = *c;
            if op.test(field_value(r, field), value) {
                mask |= 1u64 << (32 + i);
            }
        }
        Compact { unit, procedure, times, updated: opt(r.updated), mask }
    }

    /// Mask of the occurrence in the period where the dossier finished.
    pub fn finished_mask(c: &Compact) -> u64 {
        c.mask | Fact::FinishedInPeriod.bit()
    }

    /// Mask of an occurrence at a period end where the dossier was open and overdue.
    pub fn open_mask(c: &Compact) -> u64 {
        (c.mask & !OUTCOME_BITS & !Fact::Finished.bit()) | Fact::OverdueOpen.bit()
    }

    /// Calls `emit(granularity, period, indicator, in_numerator)` for every denominator
    /// membership of the dossier, judged with data cut-off `as_of`.
    pub fn contributions(&self, c: &Compact, as_of: i64, mut emit: impl FnMut(Granularity, PeriodKey, usize, bool)) {
        self.settled_contributions(c, &mut emit);
        self.open_contributions(c, as_of, &mut emit);
    }

    fn excluded(&self, c: &Compact) -> bool {
        self.method.exclude_withdrawn && c.mask & Fact::Withdrawn.bit() != 0
    }

    /// The memberships that do not depend on the cut-off: at receipt, or at finish.
    pub fn settled_contributions(&self, c: &Compact, mut emit: impl FnMut(Granularity, PeriodKey, usize, bool)) {
        if self.excluded(c) {
            return;
        }
        let fin = c.times.finished != NONE;
        let fmask = Self::finished_mask(c);
        let keys = |t: i64| {
            let (y, m) = year_month(t);
            Granularity::ALL.map(|g| PeriodKey::from_year_month(g, y, m))
        };
        let rkeys = keys(c.times.received);
        let fkeys = if fin { keys(c.times.finished) } else { rkeys };
        for (i, ind) in self.indicators.iter().enumerate() {
            let test = |m: u64| ind.den.eval(m).then(|| ind.num.eval(m));
            let main = match ind.anchor {
                Anchor::Receipt => test(c.mask).map(|n| (n, &rkeys)),
                Anchor::Finish | Anchor::Timeliness if fin => test(fmask).map(|n| (n, &fkeys)),
                _ => None,
            };
            if let Some((num, ks)) = main {
                for (g, k) in Granularity::ALL.into_iter().zip(ks) {
                    emit(g, *k, i, num);
                }
            }
        }
    }

    /// The memberships of a dossier open and overdue at a period end (or at the cut-off
    /// `as_of`, for the last period): the only ones that depend on the cut-off.
    pub fn open_contributions(
        &self,
        c: &Compact,
        as_of: i64,
        mut emit: impl FnMut(Granularity, PeriodKey, usize, bool),
    ) {
        if self.excluded(c) {
            return;
        }
        let omask = Self::open_mask(c);
        let rules = &self.method.timeliness;
        let mut open_keys: Option<[Vec<PeriodKey>; 4]> = None;
        for (i, ind) in self.indicators.iter().enumerate() {
            if ind.anchor != Anchor::Timeliness || !ind.den.eval(omask) {
                continue;
            }
            let num = ind.num.eval(omask);
            let open = open_keys.get_or_insert_with(|| {
                Granularity::ALL.map(|g| {
                    let mut v = Vec::new();
                    c.times.overdue_open_periods(rules, g, as_of, |p| v.push(p));
                    v
                })
            });
            for (g, ks) in Granularity::ALL.into_iter().zip(open.iter()) {
                for k in ks {
                    emit(g, *k, i, num);
                }
            }
        }
    }

    /// Whether the dossier's contributions can change when the cut-off moves within `[lo, hi]`.
    ///
    /// Only open-and-overdue occurrences depend on the cut-off. Every period before the last
    /// one is judged at its own end; the last one (ending at or after the cut-off), at the
    /// cut-off. So when both ends fall in the same last month (and hence quarter, half and
    /// year), a
    /// dossier already overdue at `lo` and still open at `hi` is judged the same at both:
    /// only those that become overdue or finish in between change.
    pub fn depends_on_as_of(&self, c: &Compact, m: &AsOfMove) -> bool {
        m.affects(self.overdue_after(c), c.times.finished)
    }

    /// The instant after which the dossier, while open, is overdue.
    pub fn overdue_after(&self, c: &Compact) -> Option<i64> {
        c.times.overdue_after(&self.method.timeliness)
    }
}

/// A move of the cut-off between `lo` and `hi` (either way), for
/// [`Engine::depends_on_as_of`].
#[derive(Debug, Clone, Copy)]
pub struct AsOfMove {
    lo: i64,
    hi: i64,
    /// Whether the last period judged is the same month at both ends.
    same_month: bool,
}

impl AsOfMove {
    /// The move from cut-off `a` to `b`.
    pub fn new(a: i64, b: i64) -> AsOfMove {
        let (lo, hi) = (a.min(b), a.max(b));
        // The last period judged at cut-off `t` is the first one ending at or after `t`: the
        // month holding the instant just before `t`.
        let last = |t: i64| PeriodKey::containing(Granularity::Month, t.saturating_sub(1));
        AsOfMove { lo, hi, same_month: last(lo) == last(hi) }
    }

    /// [`Engine::depends_on_as_of`] from the two facts it needs: the instant after which the
    /// dossier is overdue and its finish time (`NONE` while open).
    pub fn affects(&self, overdue: Option<i64>, finished: i64) -> bool {
        let AsOfMove { lo, hi, same_month } = *self;
        let Some(overdue) = overdue else { return false };
        let open_at = |t: i64| finished == NONE || finished > t;
        if !open_at(lo) || overdue >= hi {
            return false;
        }
        !(same_month && overdue < lo && open_at(hi))
    }
}
