//! Inspections of agencies' reform work (kiểm tra công tác CCHC): the checklist each unit
//! group is inspected against (versioned data, templates labelled *mẫu, chưa xác nhận*), the
//! share of each group covered by a year's plan against its target, findings with their
//! severity and recommendation, the remedy of each recommendation (the task lifecycle of
//! `tracking`, resolved or waived with a reason), when an inspection may close, and the
//! follow-up figures the chairman asks for (raised / resolved / outstanding, and why).
//!
//! Pure rules: no clock (dates are parameters), no storage.

pub mod checklist;
pub mod coverage;
pub mod finding;
pub mod followup;

pub use checklist::{checklist_templates, in_force, Checklist, ChecklistItem, ChecklistStatus};
pub use coverage::{coverage, GroupCoverage};
pub use finding::{closable, waiver_reason, Answer, FindingSource, InspectionState, RecommendationState, Severity};
pub use followup::{tally, FollowUp, FollowUpItem, Tally};
