//! GET handlers that return HTML pages.

pub mod account;
pub mod admin;
pub mod home;
pub mod kpi;
pub mod kpi_chart;
pub mod notifications;
pub mod par;
pub mod plans;
pub mod reports;
pub mod settings;
pub mod sipas;
pub mod tasks;
pub mod units;
