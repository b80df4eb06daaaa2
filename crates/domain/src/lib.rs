//! The pure domain of cchc: the words of administrative reform as Rust types and rules.
//!
//! Nothing here does I/O or reads the clock; time is always a parameter. Storage, importers,
//! the web UI and the CLI all depend on this crate, never the other way round.
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod api_token;
pub mod audit;
pub mod budget;
pub mod csv;
pub mod deadline;
pub mod initiative;
pub mod inspection;
pub mod kpi;
pub mod local_time;
pub mod par;
pub mod period;
pub mod plan;
pub mod rank;
pub mod registry_file;
pub mod resolver;
pub mod review;
pub mod role;
pub mod sipas;
pub mod text;
pub mod throttle;
pub mod tracking;
pub mod unit;
pub mod unit_plan;
pub mod unit_tree;
pub mod user;
pub mod validation;
pub mod visibility;
pub mod vn_time;
