//! Reporting periods, one module for every feature area.
//!
//! - [`PeriodKey`] (`key.rs`): month, quarter, half and year as a compact ordinal with its
//!   bounds in wall-clock seconds; the index-766 engine keys every value by it.
pub mod key;

pub use key::{Granularity, PeriodKey};
