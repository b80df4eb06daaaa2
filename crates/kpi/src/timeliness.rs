//! Timeliness rules (DOMAIN.md §6): supplement time is not processing time, more than one
//! supplement request makes a dossier late, early / on time / late are kept apart, and an
//! unfinished dossier is judged at each period end (or at the data cut-off).

use serde::{Deserialize, Serialize};

use cchc_domain::kpi::methodology::TimelinessRules;
use cchc_domain::local_time::DAY;
use cchc_domain::period::{Granularity, PeriodKey};

/// Marker for an absent time in compact records.
pub const NONE: i64 = i64::MIN;

/// Outcome for a finished dossier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Finished before the appointment day.
    Early,
    /// Finished on the appointment day, not after the appointment time.
    OnTime,
    /// Finished after the appointment (supplement time excluded), or more supplement requests
    /// than allowed.
    Late,
    /// No appointment recorded: cannot be judged.
    NoDue,
}

/// The times the rules look at, in seconds (`NONE` when absent).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Times {
    pub received: i64,
    pub due: i64,
    pub finished: i64,
    pub supplement_secs: i64,
    pub supplements: u32,
}

impl Times {
    fn too_many_supplements(&self, rules: &TimelinessRules) -> bool {
        rules.max_supplements.is_some_and(|m| self.supplements > m)
    }

    /// The appointment moved by the supplement waiting time (when the rules exclude it).
    pub fn deadline(&self, rules: &TimelinessRules) -> Option<i64> {
        (self.due != NONE)
            .then(|| self.due + if rules.exclude_supplement_time { self.supplement_secs.max(0) } else { 0 })
    }

    /// Early / on time / late for a finished dossier; `None` while unfinished.
    pub fn outcome(&self, rules: &TimelinessRules) -> Option<Outcome> {
        if self.finished == NONE {
            return None;
        }
        if self.too_many_supplements(rules) {
            return Some(Outcome::Late);
        }
        let Some(deadline) = self.deadline(rules) else {
            return Some(Outcome::NoDue);
        };
        Some(if self.finished > deadline {
            Outcome::Late
        } else if self.finished.div_euclid(DAY) < deadline.div_euclid(DAY) {
            Outcome::Early
        } else {
            Outcome::OnTime
        })
    }

    /// The instant after which an unfinished dossier is overdue, if any.
    pub fn overdue_after(&self, rules: &TimelinessRules) -> Option<i64> {
        if self.too_many_supplements(rules) {
            return Some(self.received);
        }
        self.deadline(rules).map(|d| d.max(self.received))
    }

    /// Whether the dossier is open and overdue when judged at instant `t`.
    pub fn overdue_open_at(&self, rules: &TimelinessRules, t: i64) -> bool {
        self.received < t
            && (self.finished == NONE || self.finished > t)
            && self.overdue_after(rules).is_some_and(|o| t > o)
    }

    /// Calls `f` for every period of granularity `g` at whose end (or at `as_of` for the
    /// period containing it) the dossier was open and overdue.
    pub fn overdue_open_periods(
        &self,
        rules: &TimelinessRules,
        g: Granularity,
        as_of: i64,
        mut f: impl FnMut(PeriodKey),
    ) {
        let Some(from) = self.overdue_after(rules) else {
            return;
        };
        if from >= as_of {
            return;
        }
        let mut p = PeriodKey::containing(g, from);
        loop {
            let t = p.end().min(as_of);
            if self.finished != NONE && self.finished <= t {
                return;
            }
            if self.overdue_open_at(rules, t) {
                f(p);
            }
            if p.end() >= as_of {
                return;
            }
            p = p.next();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_domain::local_time::parse_datetime_secs;

    fn s(x: &str) -> i64 {
        parse_datetime_secs(x).unwrap()
    }
    const RULES: TimelinessRules = TimelinessRules { exclude_supplement_time: true, max_supplements: Some(1) };

    fn times(rec: &str, due: &str, fin: &str, supp_h: i64, n: u32) -> Times {
        let opt = |x: &str| if x.is_empty() { NONE } else { s(x) };
        Times { received: s(rec), due: opt(due), finished: opt(fin), supplement_secs: supp_h * 3600, supplements: n }
    }

    /// Ten finished dossiers: 1 early, 7 on time, 2 late (one of them by two supplement requests).
    #[test]
    fn ten_dossiers_outcomes() {
        let cases = [
            (times("01/03/2025 08:00", "10/03/2025 17:00", "07/03/2025 10:00", 0, 0), Outcome::Early),
            (times("01/03/2025 08:00", "10/03/2025 17:00", "10/03/2025 09:00", 0, 0), Outcome::OnTime),
            (times("01/03/2025 08:00", "10/03/2025 17:00", "10/03/2025 17:00", 0, 0), Outcome::OnTime),
            (times("02/03/2025 08:00", "11/03/2025 17:00", "11/03/2025 16:59", 0, 0), Outcome::OnTime),
            // finished two days after the appointment but waited 48 h for a supplement: on time
            (times("01/03/2025 08:00", "10/03/2025 17:00", "12/03/2025 16:00", 48, 1), Outcome::OnTime),
            (times("03/03/2025 08:00", "12/03/2025 17:00", "12/03/2025 08:00", 0, 0), Outcome::OnTime),
            (times("03/03/2025 08:00", "12/03/2025 17:00", "12/03/2025 12:00", 2, 1), Outcome::OnTime),
            (times("04/03/2025 08:00", "13/03/2025 17:00", "13/03/2025 11:00", 0, 0), Outcome::OnTime),
            (times("01/03/2025 08:00", "10/03/2025 17:00", "10/03/2025 17:01", 0, 0), Outcome::Late),
            // two supplement requests: late even though finished early
            (times("01/03/2025 08:00", "10/03/2025 17:00", "05/03/2025 10:00", 24, 2), Outcome::Late),
        ];
        for (i, (t, want)) in cases.iter().enumerate() {
            assert_eq!(t.outcome(&RULES), Some(*want), "dossier {i}");
        }
        let count = |o| cases.iter().filter(|(t, _)| t.outcome(&RULES) == Some(o)).count();
        assert_eq!((count(Outcome::Early), count(Outcome::OnTime), count(Outcome::Late)), (1, 7, 2));
    }

    #[test]
    fn supplement_time_counts_when_rules_say_so() {
        let t = times("01/03/2025 08:00", "10/03/2025 17:00", "12/03/2025 16:00", 48, 1);
        let r = TimelinessRules { exclude_supplement_time: false, max_supplements: None };
        assert_eq!(t.outcome(&r), Some(Outcome::Late));
        let no_due = times("01/03/2025 08:00", "", "02/03/2025 08:00", 0, 0);
        assert_eq!(no_due.outcome(&RULES), Some(Outcome::NoDue));
        assert_eq!(times("01/03/2025", "02/03/2025", "", 0, 0).outcome(&RULES), None);
    }

    #[test]
    fn unfinished_judged_at_each_period_end() {
        let g = Granularity::Month;
        let months = |t: &Times, as_of: &str| {
            let mut v = vec![];
            t.overdue_open_periods(&RULES, g, s(as_of), |p| v.push(p.to_string()));
            v
        };
        // due 20/01, finished 10/03: open and overdue at the end of January and February.
        let late = times("10/01/2025", "20/01/2025 17:00", "10/03/2025", 0, 0);
        assert_eq!(months(&late, "30/06/2025"), ["2025-01", "2025-02"]);
        // still open on the cut-off 15/02: January, and February judged at 15/02.
        let open = times("10/01/2025", "20/01/2025 17:00", "", 0, 0);
        assert_eq!(months(&open, "15/02/2025"), ["2025-01", "2025-02"]);
        // due after the cut-off: not (yet) overdue anywhere.
        let young = times("10/02/2025", "20/02/2025 17:00", "", 0, 0);
        assert!(months(&young, "15/02/2025").is_empty());
        // 72 h of supplement move the deadline from 30/01 to 02/02: overdue only in February.
        let supp = times("10/01/2025", "30/01/2025 17:00", "", 72, 1);
        assert_eq!(months(&supp, "28/02/2025 23:00"), ["2025-02"]);
        let quarter = {
            let mut v = vec![];
            late.overdue_open_periods(&RULES, Granularity::Quarter, s("30/06/2025"), |p| v.push(p.to_string()));
            v
        };
        assert!(quarter.is_empty(), "finished within Q1: counted as finished late, not as open");
    }
}
