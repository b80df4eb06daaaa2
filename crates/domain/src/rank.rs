//! Generic ranking with ties: standard competition ranking (1, 2, 2, 4) by an exact,
//! comparable score, items without a score last and unranked, and a deterministic display
//! order among equals by a secondary key.
//!
//! Scores are compared with `Ord`, never as floats: callers pass integer hundredths (PAR
//! points), a [`Fraction`] (rates such as "on time / decided") or `Reverse(_)` when a lower
//! score is better. The on-time ranking in `tracking::ranking`, the KPI ranking in `cchc-kpi`,
//! PAR and SIPAS all rank through [`rank_by`].

use std::cmp::Ordering;

use serde::{Deserialize, Serialize};

/// One item with its place in the ranking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ranked<T> {
    /// The ranked item.
    pub item: T,
    /// 1 = best; equal scores share the rank of the first of them; `None` without a score.
    pub rank: Option<u32>,
    /// True when another item has exactly the same score (shown as "đồng hạng").
    pub tied: bool,
}

/// Ranks `items` best first by `score` (greatest first). Items whose score is `None` come
/// last and unranked. Equal scores share a rank and the next rank skips (1, 2, 2, 4); among
/// equals, and among unscored items, the order is `display` ascending, then input order.
pub fn rank_by<T, K, D>(
    items: impl IntoIterator<Item = T>,
    score: impl Fn(&T) -> Option<K>,
    display: impl Fn(&T) -> D,
) -> Vec<Ranked<T>>
where
    K: Ord,
    D: Ord,
{
    let mut keyed: Vec<(Option<K>, D, T)> = items.into_iter().map(|t| (score(&t), display(&t), t)).collect();
    // A stable sort keeps input order among fully equal keys.
    keyed.sort_by(|a, b| best_first(&a.0, &b.0).then_with(|| a.1.cmp(&b.1)));
    let tied: Vec<bool> = (0..keyed.len())
        .map(|i| {
            let same = |j: usize| keyed[j].0.is_some() && keyed[j].0 == keyed[i].0;
            (i > 0 && same(i - 1)) || (i + 1 < keyed.len() && same(i + 1))
        })
        .collect();
    let mut ranks: Vec<Option<u32>> = Vec::with_capacity(keyed.len());
    for i in 0..keyed.len() {
        let rank = match &keyed[i].0 {
            None => None,
            Some(_) if i > 0 && keyed[i - 1].0 == keyed[i].0 => ranks[i - 1],
            Some(_) => Some(u32::try_from(i + 1).unwrap_or(u32::MAX)),
        };
        ranks.push(rank);
    }
    keyed
        .into_iter()
        .zip(ranks.into_iter().zip(tied))
        .map(|((_, _, item), (rank, tied))| Ranked { item, rank, tied })
        .collect()
}

/// Greater scores first, `None` after every score.
fn best_first<K: Ord>(a: &Option<K>, b: &Option<K>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => y.cmp(x),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// An exact non-negative-denominator fraction for ranking rates (`num / den`), compared by
/// cross-multiplication so 1/2 and 2/4 are equal and 2/3 is never rounded.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct Fraction {
    num: i64,
    den: i64,
}

impl Fraction {
    /// `num / den`; `None` when `den` is not positive (no data, never 0 %).
    pub fn new(num: i64, den: i64) -> Option<Fraction> {
        (den > 0).then_some(Fraction { num, den })
    }

    /// The numerator as given.
    pub fn num(self) -> i64 {
        self.num
    }

    /// The denominator as given (always positive).
    pub fn den(self) -> i64 {
        self.den
    }

    /// `self × factor`, rounded half away from zero to an integer (e.g. a percentage in
    /// hundredths with `factor` = 10 000).
    pub fn scaled_round(self, factor: i64) -> i64 {
        let n = i128::from(self.num) * i128::from(factor);
        let d = i128::from(self.den);
        let q = if n >= 0 { (2 * n + d) / (2 * d) } else { -((-2 * n + d) / (2 * d)) };
        i64::try_from(q).unwrap_or(if q > 0 { i64::MAX } else { i64::MIN })
    }
}

impl PartialEq for Fraction {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Fraction {}

impl PartialOrd for Fraction {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Fraction {
    fn cmp(&self, other: &Self) -> Ordering {
        (i128::from(self.num) * i128::from(other.den)).cmp(&(i128::from(other.num) * i128::from(self.den)))
    }
}

#[cfg(test)]
mod tests {
    use std::cmp::Reverse;

    use super::*;

    fn ranks_of(scores: &[(&str, Option<i64>)]) -> Vec<(String, Option<u32>, bool)> {
        rank_by(scores.iter().copied(), |(_, s)| *s, |(name, _)| name.to_string())
            .into_iter()
            .map(|r| (r.item.0.to_string(), r.rank, r.tied))
            .collect()
    }

    #[test]
    fn competition_ranking_table() {
        type Case = (&'static str, Vec<(&'static str, Option<i64>)>, Vec<(&'static str, Option<u32>, bool)>);
        let cases: Vec<Case> = vec![
            ("empty", vec![], vec![]),
            (
                "distinct",
                vec![("b", Some(8000)), ("a", Some(9000)), ("c", Some(7000))],
                vec![("a", Some(1), false), ("b", Some(2), false), ("c", Some(3), false)],
            ),
            (
                "1 2 2 4",
                vec![("d", Some(50)), ("c", Some(80)), ("b", Some(80)), ("a", Some(90))],
                vec![("a", Some(1), false), ("b", Some(2), true), ("c", Some(2), true), ("d", Some(4), false)],
            ),
            (
                "two adjacent tie groups 1 1 3 3",
                vec![("a", Some(9)), ("b", Some(9)), ("c", Some(7)), ("d", Some(7))],
                vec![("a", Some(1), true), ("b", Some(1), true), ("c", Some(3), true), ("d", Some(3), true)],
            ),
            (
                "unscored last, unranked, by display key, never tied",
                vec![("z", None), ("y", Some(1)), ("x", None)],
                vec![("y", Some(1), false), ("x", None, false), ("z", None, false)],
            ),
            ("zero is a score", vec![("a", Some(0)), ("b", None)], vec![("a", Some(1), false), ("b", None, false)]),
        ];
        for (name, input, want) in cases {
            let want: Vec<(String, Option<u32>, bool)> =
                want.into_iter().map(|(n, r, t)| (n.to_string(), r, t)).collect();
            assert_eq!(ranks_of(&input), want, "{name}");
        }
    }

    #[test]
    fn lower_is_better_with_reverse() {
        let late_days = [("a", 3), ("b", 0), ("c", 3)];
        let ranked = rank_by(late_days, |(_, d)| Some(Reverse(*d)), |(n, _)| *n);
        let got: Vec<(&str, Option<u32>)> = ranked.iter().map(|r| (r.item.0, r.rank)).collect();
        assert_eq!(got, vec![("b", Some(1)), ("a", Some(2)), ("c", Some(2))]);
    }

    #[test]
    fn fractions_compare_exactly() {
        let f = |n, d| Fraction::new(n, d);
        assert_eq!(f(1, 2), f(2, 4));
        assert!(f(2, 3) > f(6666, 10_000));
        assert!(f(2, 3) < f(6667, 10_000));
        assert_eq!(f(1, 0), None);
        assert_eq!(f(1, -2), None);
        // 1/3 and 0.333333333 are different although floats would call them close.
        let ranked = rank_by([("a", f(1, 3)), ("b", f(333_333_333, 1_000_000_000))], |(_, x)| *x, |(n, _)| *n);
        assert_eq!(ranked[0].item.0, "a");
        assert_eq!((ranked[0].rank, ranked[1].rank), (Some(1), Some(2)));
    }

    #[test]
    fn fraction_rounding() {
        let cases = [
            ((1, 3, 10_000), 3333),
            ((2, 3, 10_000), 6667),
            ((1, 8, 100), 13),
            ((-1, 8, 100), -13),
            ((8578, 10000, 10_000), 8578),
        ];
        for ((n, d, factor), want) in cases {
            let got = Fraction::new(n, d).map(|x| x.scaled_round(factor));
            assert_eq!(got, Some(want), "{n}/{d}×{factor}");
        }
    }
}
