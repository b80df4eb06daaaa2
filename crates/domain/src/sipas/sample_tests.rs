//! Tests of the sample plan with hand-computed quotas.

use super::*;

fn quotas(units: &[(UnitId, u64)], size: SampleSize, minimum: u64) -> Result<Vec<u64>, SampleError> {
    plan(units, size, minimum).map(|qs| qs.iter().map(|q| q.quota).collect())
}

#[test]
fn allocation_table() {
    type Case = (&'static str, Vec<(UnitId, u64)>, SampleSize, u64, Result<Vec<u64>, SampleError>);
    let cases: Vec<Case> = vec![
        // 100 of 1000: 50 / 30 / 15 / 5; unit 4 is raised to 10, the other 90 shared over
        // 950 dossiers: 47,37 / 28,42 / 14,21 → 47 + 28 + 14 = 89, largest remainder to unit 2.
        (
            "floor then largest remainder",
            vec![(1, 500), (2, 300), (3, 150), (4, 50)],
            SampleSize::Total(100),
            10,
            Ok(vec![47, 29, 14, 10]),
        ),
        // 60 of 1075: units 2, 3, 4 fall below the floor (unit 4's floor is its 5 dossiers).
        (
            "cascading floors",
            vec![(1, 1000), (2, 40), (3, 30), (4, 5)],
            SampleSize::Total(60),
            10,
            Ok(vec![35, 10, 10, 5]),
        ),
        ("ties by input order", vec![(1, 1), (2, 1), (3, 1)], SampleSize::Total(2), 0, Ok(vec![1, 1, 0])),
        ("ties by dossiers first", vec![(1, 1), (2, 3)], SampleSize::Total(2), 0, Ok(vec![0, 2])),
        ("no dossiers, no quota", vec![(1, 100), (2, 0)], SampleSize::Total(10), 5, Ok(vec![10, 0])),
        ("proportional without floor", vec![(1, 600), (2, 400)], SampleSize::Total(10), 0, Ok(vec![6, 4])),
        // 5 % of 1000 = 50.
        ("rate", vec![(1, 700), (2, 300)], SampleSize::Rate(Points(500)), 0, Ok(vec![35, 15])),
        // 0,5 % of 1075 = 5,375 → 6, raised to the floors 2 + 2 + 2 + 2 = 8.
        (
            "rate raised to the floors",
            vec![(1, 1000), (2, 40), (3, 30), (4, 5)],
            SampleSize::Rate(Points(50)),
            2,
            Ok(vec![2, 2, 2, 2]),
        ),
        (
            "below the floors",
            vec![(1, 1000), (2, 40), (3, 30), (4, 5)],
            SampleSize::Total(20),
            10,
            Err(SampleError::BelowMinimum { total: 20, minimum: 35 }),
        ),
        (
            "above the dossiers",
            vec![(1, 3), (2, 4)],
            SampleSize::Total(8),
            0,
            Err(SampleError::AboveDossiers { total: 8, dossiers: 7 }),
        ),
        ("nothing to sample", vec![(1, 0)], SampleSize::Total(1), 0, Err(SampleError::NoDossiers)),
        ("rate zero", vec![(1, 10)], SampleSize::Rate(Points::ZERO), 0, Err(SampleError::BadRate(Points::ZERO))),
    ];
    for (name, units, size, minimum, want) in cases {
        assert_eq!(quotas(&units, size, minimum), want, "{name}");
    }
}

#[test]
fn quotas_always_sum_to_the_total_within_bounds() {
    // A deterministic pseudo-random sweep.
    let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = |m: u64| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed % m
    };
    for _ in 0..300 {
        let n = 1 + next(12) as usize;
        let units: Vec<(UnitId, u64)> = (0..n).map(|i| (i as UnitId, next(5) * next(400))).collect();
        let dossiers: u64 = units.iter().map(|(_, d)| d).sum();
        if dossiers == 0 {
            continue;
        }
        let minimum = next(20);
        let floors: u64 = units.iter().map(|(_, d)| minimum.min(*d)).sum();
        let total = floors + next(dossiers - floors + 1);
        let got = plan(&units, SampleSize::Total(total), minimum).unwrap_or_else(|e| panic!("{units:?} {total}: {e}"));
        assert_eq!(got.iter().map(|q| q.quota).sum::<u64>(), total, "{units:?} {total} {minimum}");
        for q in &got {
            assert!(q.quota >= minimum.min(q.dossiers) && q.quota <= q.dossiers, "{q:?} {minimum}");
        }
    }
}

#[test]
fn progress_against_quotas() {
    let quotas = [
        Quota { unit: 1, dossiers: 400, quota: 40 },
        Quota { unit: 2, dossiers: 100, quota: 10 },
        Quota { unit: 3, dossiers: 0, quota: 0 },
    ];
    let done = [(1, 10), (2, 10), (2, 2), (9, 5)];
    let got: Vec<(UnitId, u64, Option<Points>, u64, bool)> = progress(&quotas, &done, Points::whole(50))
        .into_iter()
        .map(|p| (p.unit, p.done, p.percent, p.remaining, p.below_plan))
        .collect();
    assert_eq!(
        got,
        vec![
            (1, 10, Some(Points::whole(25)), 30, true),
            (2, 12, Some(Points::whole(120)), 0, false),
            (3, 0, None, 0, false),
        ]
    );
    // Exactly on the expected share is not below plan.
    let on_plan = progress(&quotas[..1], &[(1, 20)], Points::whole(50));
    assert!(!on_plan[0].below_plan);
}
