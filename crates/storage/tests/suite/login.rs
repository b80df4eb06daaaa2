//! Storage cases for login throttling: failures counted per key within a window, fixed locks and
//! growing delays as the rule says, a clean count once the window and the wait are over.

use cchc_domain::throttle::ThrottleRule;
use cchc_storage::model::LoginThrottle;
use chrono::{Duration, TimeZone, Utc};

use crate::harness::Harness;

pub async fn login_throttle_locks_and_clears(h: &Harness) {
    let s = h.store();
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).single().unwrap_or_else(|| panic!("time"));
    let rule = ThrottleRule::fixed(5, 900, 900);
    for i in 1..=4 {
        let t = s.record_login_failure("login:x", now + Duration::seconds(i), &rule).await.unwrap_or_default();
        assert_eq!(t.failures, i);
        assert!(t.locked_until.is_none());
    }
    let t = s.record_login_failure("login:x", now + Duration::seconds(5), &rule).await.unwrap_or_default();
    assert_eq!(t.locked_until, Some(now + Duration::seconds(905)));
    let at = |secs| now + Duration::seconds(secs);
    assert!(s.login_throttle("login:x", at(10), &rule).await.unwrap_or_default().locked_until.is_some());
    let after = s.login_throttle("login:x", at(906), &rule).await.unwrap_or_default();
    assert!(after.locked_until.is_none());
    assert_eq!(after.failures, 0, "the window and the lock are over: a clean count");
    assert!(
        s.login_throttle("login:y", now, &rule).await.unwrap_or_default().locked_until.is_none(),
        "keys are separate"
    );
    // After the window, counting starts again.
    let t = s.record_login_failure("login:x", now + Duration::hours(2), &rule).await.unwrap_or_default();
    assert_eq!(t.failures, 1);
    s.clear_login_failures("login:x").await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(s.login_throttle("login:x", now, &rule).await.unwrap_or_default(), LoginThrottle::default());
}

pub async fn login_delays_grow_with_each_failure(h: &Harness) {
    let s = h.store();
    let now = Utc.with_ymd_and_hms(2026, 1, 5, 8, 0, 0).single().unwrap_or_else(|| panic!("time"));
    let rule = ThrottleRule { free_failures: 2, window_secs: 900, first_delay_secs: 30, max_delay_secs: 100 };
    let mut waits = Vec::new();
    for i in 0..5 {
        let t = s.record_login_failure("login:g", now + Duration::seconds(i), &rule).await.unwrap_or_default();
        waits.push(t.locked_until.map(|u| (u - (now + Duration::seconds(i))).num_seconds()));
    }
    assert_eq!(waits, [None, None, Some(30), Some(60), Some(100)]);
    let t = s.login_throttle("login:g", now + Duration::seconds(10), &rule).await.unwrap_or_default();
    assert_eq!(t.failures, 5);
}
