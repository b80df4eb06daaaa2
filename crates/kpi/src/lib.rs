//! Index 766: dossier records in, indicator values per unit and period out, every value
//! traceable to the dossiers in its numerator and denominator.
//!
//! Pure and synchronous: no database, no clock (the data cut-off `as_of` is a parameter).
//! Flow: [`read`] → [`check::check_batch`] → [`aggregate::KpiState::apply`] (incremental) →
//! [`report::compute_report`] → [`rank`], [`explain`], [`reconcile`].
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod aggregate;
pub mod bench;
pub mod catalogue;
pub mod check;
pub mod engine;
pub mod explain;
pub mod fx;
pub mod generate;
pub mod ingest;
pub mod rank;
pub mod read;
pub mod reconcile;
pub mod report;
pub mod sink;
pub mod timeliness;

// The record types, methodology, periods, wall-clock time and the unit tree live in the domain
// (`cchc_domain::kpi`, `period`, `local_time`, `unit_tree`): storage depends on the domain only,
// and tracking and reports share them.
