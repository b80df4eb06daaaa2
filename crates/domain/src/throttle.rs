//! Login throttling rules: how long a key (a login name, a client address) must wait after
//! its failures. Pure: the store counts failures, this says what they cost.
//!
//! A login name gets growing delays (30 s, 1 min, 2 min … up to a cap) rather than a hard
//! lock, so a colleague's typos cost seconds and nobody can shut an account for long by
//! typing its name. A client address (a whole office behind one NAT address) gets a much
//! higher limit, and its lock never refuses the right password of an account that has no
//! failures of its own.

use serde::{Deserialize, Serialize};

/// What a run of failures costs a key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThrottleRule {
    /// Failures allowed within the window before any wait.
    pub free_failures: i64,
    /// Failures are counted within this many seconds of the first one.
    pub window_secs: i64,
    /// The wait after the first failure past the free ones; each further failure doubles it.
    pub first_delay_secs: i64,
    /// The longest wait.
    pub max_delay_secs: i64,
}

impl ThrottleRule {
    /// A fixed lock of `lock_secs` once `max_failures` is reached.
    pub fn fixed(max_failures: i64, window_secs: i64, lock_secs: i64) -> Self {
        Self { free_failures: max_failures - 1, window_secs, first_delay_secs: lock_secs, max_delay_secs: lock_secs }
    }

    /// Seconds to wait after the `failures`-th failure in the window; `None` while free.
    pub fn delay_after(&self, failures: i64) -> Option<i64> {
        let past = failures - self.free_failures;
        if past < 1 {
            return None;
        }
        let doublings = u32::try_from(past - 1).unwrap_or(u32::MAX).min(40);
        let delay = self.first_delay_secs.max(1).saturating_mul(1_i64 << doublings);
        Some(delay.min(self.max_delay_secs.max(self.first_delay_secs)))
    }
}

/// Whose failures hold a login back, for the message the user reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThrottleScope {
    /// Too many wrong passwords for this login name.
    Account,
    /// Too many wrong passwords from this client address (for any login).
    Address,
}

/// A wait in words: `45 giây`, `2 phút`, `1 giờ 5 phút`.
pub fn wait_vi(secs: i64) -> String {
    let secs = secs.max(1);
    if secs < 60 {
        return format!("{secs} giây");
    }
    let mins = (secs + 59) / 60;
    if mins < 60 {
        return format!("{mins} phút");
    }
    match mins % 60 {
        0 => format!("{} giờ", mins / 60),
        m => format!("{} giờ {m} phút", mins / 60),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_then_stop_at_the_cap() {
        let r = ThrottleRule { free_failures: 3, window_secs: 900, first_delay_secs: 30, max_delay_secs: 900 };
        let got: Vec<Option<i64>> = (1..=10).map(|n| r.delay_after(n)).collect();
        assert_eq!(got, [None, None, None, Some(30), Some(60), Some(120), Some(240), Some(480), Some(900), Some(900)]);
        assert_eq!(r.delay_after(i64::MAX), Some(900), "no overflow");
    }

    #[test]
    fn a_fixed_lock_is_the_same_wait_from_the_limit_on() {
        let r = ThrottleRule::fixed(5, 900, 600);
        assert_eq!(r.delay_after(4), None);
        assert_eq!(r.delay_after(5), Some(600));
        assert_eq!(r.delay_after(9), Some(600));
    }

    #[test]
    fn waits_in_words() {
        assert_eq!(wait_vi(0), "1 giây");
        assert_eq!(wait_vi(45), "45 giây");
        assert_eq!(wait_vi(61), "2 phút");
        assert_eq!(wait_vi(3600), "1 giờ");
        assert_eq!(wait_vi(3900), "1 giờ 5 phút");
    }
}
