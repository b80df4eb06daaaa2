//! The sample plan of a survey: quotas per unit from the dossiers each unit handled in the
//! period (index-766 records, passed in as counts), and progress against the quotas.
//!
//! Rules chosen where the domain is silent (no sample-size rule was found, METHODOLOGY.md
//! §3.3):
//! - A unit's minimum is the plan's minimum, but never more than its dossiers; a unit
//!   without dossiers gets no quota.
//! - Allocation is proportional to dossiers with that floor: units whose proportional
//!   share falls below their minimum are set to it and the rest is shared again among the
//!   others, until no share is below its minimum. Whole quotas come from the largest
//!   remainders (ties: more dossiers first, then input order), so they sum exactly to the
//!   total. With the floor capped by dossiers and the total at most the dossiers, no quota
//!   exceeds its unit's dossiers.
//! - A rate gives the total `⌈dossiers × rate⌉`, raised to the sum of minimums if needed.
//! - Progress is "below plan" when answers / quota is under the expected share the caller
//!   passes (e.g. the part of the survey period elapsed); a unit over its quota has
//!   nothing remaining.

use serde::{Deserialize, Serialize};

use crate::par::Points;
use crate::unit::UnitId;

/// How big the sample is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SampleSize {
    /// A number of questionnaires.
    Total(u64),
    /// A percentage of the dossiers (hundredths of a percent: `Points(500)` is 5 %).
    Rate(Points),
}

/// One unit's quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quota {
    pub unit: UnitId,
    pub dossiers: u64,
    pub quota: u64,
}

/// Why no plan can be made; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SampleError {
    #[error("Không đơn vị nào có hồ sơ trong kỳ.")]
    NoDossiers,
    #[error("Cỡ mẫu {total} nhỏ hơn tổng số phiếu tối thiểu của các đơn vị ({minimum}).")]
    BelowMinimum { total: u64, minimum: u64 },
    #[error("Cỡ mẫu {total} lớn hơn tổng số hồ sơ trong kỳ ({dossiers}).")]
    AboveDossiers { total: u64, dossiers: u64 },
    #[error("Tỷ lệ chọn mẫu {0}% phải lớn hơn 0 và không quá 100%.")]
    BadRate(Points),
}

/// Quotas per unit for `units` (unit, dossiers in the period), in input order.
pub fn plan(units: &[(UnitId, u64)], size: SampleSize, minimum: u64) -> Result<Vec<Quota>, SampleError> {
    let dossiers: u64 = units.iter().map(|(_, d)| d).sum();
    if dossiers == 0 {
        return Err(SampleError::NoDossiers);
    }
    let floors: Vec<u64> = units.iter().map(|(_, d)| minimum.min(*d)).collect();
    let floor_sum: u64 = floors.iter().sum();
    let total = match size {
        SampleSize::Total(t) => t,
        SampleSize::Rate(r) if r <= Points::ZERO || r > Points::HUNDRED => return Err(SampleError::BadRate(r)),
        SampleSize::Rate(r) => {
            let wanted = (u128::from(dossiers) * r.0.unsigned_abs() as u128).div_ceil(10_000);
            u64::try_from(wanted).unwrap_or(dossiers).max(floor_sum)
        }
    };
    if total < floor_sum {
        return Err(SampleError::BelowMinimum { total, minimum: floor_sum });
    }
    if total > dossiers {
        return Err(SampleError::AboveDossiers { total, dossiers });
    }
    let mut fixed: Vec<Option<u64>> = units.iter().map(|(_, d)| (*d == 0).then_some(0)).collect();
    loop {
        let (rest, weight) = free_share(units, &fixed, total);
        let mut changed = false;
        for (i, (_, d)) in units.iter().enumerate() {
            // share_i = rest × d / weight < floor_i, compared exactly.
            if fixed[i].is_none() && u128::from(rest) * u128::from(*d) < u128::from(floors[i]) * u128::from(weight) {
                fixed[i] = Some(floors[i]);
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    let quotas = largest_remainder(units, &fixed, total);
    Ok(units.iter().zip(quotas).map(|((unit, d), quota)| Quota { unit: *unit, dossiers: *d, quota }).collect())
}

/// (total left for the free units, their dossiers).
fn free_share(units: &[(UnitId, u64)], fixed: &[Option<u64>], total: u64) -> (u64, u64) {
    let taken: u64 = fixed.iter().flatten().sum();
    let weight = units.iter().zip(fixed).filter(|(_, f)| f.is_none()).map(|((_, d), _)| d).sum();
    (total.saturating_sub(taken), weight)
}

fn largest_remainder(units: &[(UnitId, u64)], fixed: &[Option<u64>], total: u64) -> Vec<u64> {
    let (rest, weight) = free_share(units, fixed, total);
    let mut quotas = Vec::with_capacity(units.len());
    let mut remainders = Vec::new();
    for (i, ((_, d), f)) in units.iter().zip(fixed).enumerate() {
        match f {
            Some(q) => quotas.push(*q),
            None => {
                let exact = u128::from(rest) * u128::from(*d);
                let w = u128::from(weight.max(1));
                quotas.push(u64::try_from(exact / w).unwrap_or(u64::MAX));
                remainders.push((exact % w, *d, i));
            }
        }
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
    let given: u64 = quotas.iter().sum();
    for (_, _, i) in remainders.into_iter().take(usize::try_from(total.saturating_sub(given)).unwrap_or(0)) {
        quotas[i] += 1;
    }
    quotas
}

/// A unit's progress against its quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub unit: UnitId,
    pub quota: u64,
    pub done: u64,
    /// done / quota in percent, two decimals; `None` for a zero quota.
    pub percent: Option<Points>,
    pub remaining: u64,
    /// Below the expected share of the quota.
    pub below_plan: bool,
}

/// Progress of each planned unit, given answers so far per unit and the expected share of
/// the quota by now (`Points::HUNDRED` at the end of the survey).
pub fn progress(quotas: &[Quota], done: &[(UnitId, u64)], expected: Points) -> Vec<Progress> {
    quotas
        .iter()
        .map(|q| {
            let done: u64 = done.iter().filter(|(u, _)| *u == q.unit).map(|(_, n)| n).sum();
            let percent =
                crate::rank::Fraction::new(done as i64, q.quota as i64).map(|f| Points(f.scaled_round(10_000)));
            let wanted = i128::from(expected.0.max(0)) * i128::from(q.quota);
            Progress {
                unit: q.unit,
                quota: q.quota,
                done,
                percent,
                remaining: q.quota.saturating_sub(done),
                below_plan: i128::from(done) * 10_000 < wanted,
            }
        })
        .collect()
}

#[cfg(test)]
#[path = "sample_tests.rs"]
mod tests;
