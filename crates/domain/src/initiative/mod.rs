//! Reform initiatives (sáng kiến, giải pháp CCHC): a unit proposes one (title, problem,
//! solution, scope, expected benefit), the office sends it to evaluation, evaluators score it
//! against versioned, date-effective criteria (templates labelled *mẫu, chưa xác nhận*), and
//! the council recognises it at province or unit level, or not, with reasons; the level rule
//! (the share of the maximum score each level needs) is part of the criteria's data.
//!
//! Pure rules: no clock (dates are parameters), no storage.

pub mod criteria;
pub mod state;

pub use criteria::{
    check_decision, criteria_templates, evaluate, in_force, CriteriaStatus, Criterion, EvaluationCriteria, LevelRule,
    Tally,
};
pub use state::{transition, Decision, InitiativeAction, InitiativeState, Level};
