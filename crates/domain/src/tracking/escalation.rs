//! Escalation of overdue work (seed 004: "nhắc nhở, phê bình người đứng đầu"): a task still
//! open after its due date goes, by steps the reform office configures, first to the unit's
//! focal point, then to the unit's head, then to the reform office and the leaders.
//!
//! Rules:
//! - A step is reached once the item is `after_days` days overdue (day 1 = the day after the
//!   due date). Every step reached and not yet sent goes out, so a day the job did not run is
//!   caught up.
//! - Each step is sent once per item, due date and step: keys include the due date, so an
//!   extension starts the escalation afresh.
//! - Idempotency across app nodes: every node computes the same keys; the sender claims each
//!   key under a unique constraint and sends only when its claim won.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{days_between, ItemRef};
use crate::unit::UnitId;
use crate::validation::FieldErrors;

/// Who an escalation step reaches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The unit's CCHC focal point (the unit's notifications).
    Focal,
    /// The unit's head (thủ trưởng) in person.
    Head,
    /// The reform office and the leaders.
    Office,
}

impl Audience {
    /// Every audience, in escalation order.
    pub const ALL: [Audience; 3] = [Audience::Focal, Audience::Head, Audience::Office];

    /// Stable code used in keys: `focal`, `head`, `office`.
    pub fn code(self) -> &'static str {
        match self {
            Audience::Focal => "focal",
            Audience::Head => "head",
            Audience::Office => "office",
        }
    }

    /// Parses a stored code.
    pub fn parse(code: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.code() == code)
    }

    /// Vietnamese label.
    pub fn label_vi(self) -> &'static str {
        match self {
            Audience::Focal => "Cán bộ đầu mối của đơn vị",
            Audience::Head => "Thủ trưởng đơn vị",
            Audience::Office => "Cơ quan thường trực CCHC và lãnh đạo",
        }
    }
}

/// One step: after how many days overdue, to whom.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationStep {
    pub after_days: i64,
    pub audience: Audience,
}

/// The escalation steps in force (stored as settings; the default is a template).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationPolicy {
    /// In escalation order; empty turns escalation off.
    pub steps: Vec<EscalationStep>,
}

impl Default for EscalationPolicy {
    fn default() -> Self {
        let step = |after_days, audience| EscalationStep { after_days, audience };
        EscalationPolicy { steps: vec![step(1, Audience::Focal), step(7, Audience::Head), step(15, Audience::Office)] }
    }
}

impl EscalationPolicy {
    /// The day of `audience`'s step, if it has one.
    pub fn days_for(&self, audience: Audience) -> Option<i64> {
        self.steps.iter().find(|s| s.audience == audience).map(|s| s.after_days)
    }

    /// Checks the steps: days from 1 to 365, each audience once, later audiences no sooner.
    pub fn validate(&self) -> Result<(), FieldErrors> {
        let mut e = FieldErrors::default();
        for s in &self.steps {
            if !(1..=365).contains(&s.after_days) {
                e.add(field(s.audience), "Số ngày quá hạn của bước chuyển cấp phải từ 1 đến 365.");
            }
        }
        let mut seen = BTreeSet::new();
        for s in &self.steps {
            if !seen.insert(s.audience) {
                e.add(field(s.audience), "Mỗi cấp nhận chỉ có một bước chuyển cấp.");
            }
        }
        let mut ordered: Vec<EscalationStep> = self.steps.clone();
        ordered.sort_by_key(|s| s.audience);
        for w in ordered.windows(2) {
            if w[1].after_days < w[0].after_days {
                e.add(
                    field(w[1].audience),
                    "Cấp sau không được nhận sớm hơn cấp trước (đầu mối → thủ trưởng → cơ quan thường trực).",
                );
            }
        }
        e.into_result(())
    }
}

/// The settings form's field of an audience's step.
pub fn field(audience: Audience) -> &'static str {
    match audience {
        Audience::Focal => "escalate_focal_days",
        Audience::Head => "escalate_head_days",
        Audience::Office => "escalate_office_days",
    }
}

/// An overdue item that may escalate: a task instance still waiting for its lead unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverdueItem {
    pub item: ItemRef,
    pub unit: UnitId,
    pub due: NaiveDate,
}

/// An escalation step to send today.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Escalation {
    /// Idempotency key (see [`escalation_key`]).
    pub key: String,
    pub item: ItemRef,
    pub unit: UnitId,
    pub due: NaiveDate,
    pub step: EscalationStep,
    /// Days overdue today.
    pub days_overdue: i64,
}

/// The stable key of a step: `escalation:task_instance:42:due:2025-03-14:head`.
pub fn escalation_key(item: ItemRef, due: NaiveDate, audience: Audience) -> String {
    format!("escalation:{item}:due:{due}:{}", audience.code())
}

/// The steps to send on `today`: reached (days overdue ≥ `after_days`) and not in `sent`
/// (keys already claimed). Ordered by unit, item, then step.
pub fn select_escalations(
    items: &[OverdueItem],
    today: NaiveDate,
    policy: &EscalationPolicy,
    sent: &BTreeSet<String>,
) -> Vec<Escalation> {
    let mut out = Vec::new();
    for it in items {
        let days_overdue = days_between(it.due, today);
        for step in policy.steps.iter().filter(|s| days_overdue >= s.after_days) {
            let key = escalation_key(it.item, it.due, step.audience);
            if !sent.contains(&key) {
                out.push(Escalation { key, item: it.item, unit: it.unit, due: it.due, step: *step, days_overdue });
            }
        }
    }
    out.sort_by_key(|e| (e.unit, e.item, e.step.audience));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn item(id: i64, due: &str) -> OverdueItem {
        OverdueItem { item: ItemRef::task(id), unit: 7, due: d(due) }
    }

    #[test]
    fn steps_are_reached_by_days_overdue() {
        let p = EscalationPolicy::default();
        let items = [item(1, "2025-03-10")];
        // (today, audiences sent)
        let cases: [(&str, &[Audience]); 6] = [
            ("2025-03-10", &[]),
            ("2025-03-11", &[Audience::Focal]),
            ("2025-03-16", &[Audience::Focal]),
            ("2025-03-17", &[Audience::Focal, Audience::Head]),
            ("2025-03-25", &[Audience::Focal, Audience::Head, Audience::Office]),
            ("2025-01-01", &[]),
        ];
        for (today, want) in cases {
            let got: Vec<Audience> =
                select_escalations(&items, d(today), &p, &BTreeSet::new()).iter().map(|e| e.step.audience).collect();
            assert_eq!(got, want, "{today}");
        }
    }

    #[test]
    fn each_step_once_per_due_date() {
        let p = EscalationPolicy::default();
        let items = [item(1, "2025-03-10")];
        let first = select_escalations(&items, d("2025-03-17"), &p, &BTreeSet::new());
        let sent: BTreeSet<String> = first.iter().map(|e| e.key.clone()).collect();
        assert!(select_escalations(&items, d("2025-03-18"), &p, &sent).is_empty());
        let later = select_escalations(&items, d("2025-03-26"), &p, &sent);
        assert_eq!(later.len(), 1);
        assert_eq!(later[0].key, "escalation:task_instance:1:due:2025-03-10:office");
        assert_eq!(later[0].days_overdue, 16);
        // An extension (new due date) starts afresh.
        let moved = [item(1, "2025-03-20")];
        assert_eq!(select_escalations(&moved, d("2025-03-21"), &p, &sent).len(), 1);
    }

    #[test]
    fn validation_names_the_field() {
        let step = |after_days, audience| EscalationStep { after_days, audience };
        let cases: [(Vec<EscalationStep>, Option<&str>); 5] = [
            (vec![], None),
            (EscalationPolicy::default().steps, None),
            (vec![step(0, Audience::Focal)], Some("escalate_focal_days")),
            (vec![step(10, Audience::Focal), step(5, Audience::Head)], Some("escalate_head_days")),
            (vec![step(3, Audience::Office), step(4, Audience::Office)], Some("escalate_office_days")),
        ];
        for (steps, want) in cases {
            let r = EscalationPolicy { steps: steps.clone() }.validate();
            match want {
                None => assert!(r.is_ok(), "{steps:?}"),
                Some(f) => assert!(r.err().is_some_and(|e| e.0.iter().any(|x| x.field == f)), "{steps:?}"),
            }
        }
        assert_eq!(Audience::parse("head"), Some(Audience::Head));
        assert_eq!(Audience::parse("boss"), None);
    }
}
