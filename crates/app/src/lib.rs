//! Application services: what a user or operator can do, independent of how they ask (web
//! form, JSON, command line). Each service validates input, calls the domain and the store,
//! and returns typed results; the web and CLI crates only translate to and from their medium.

pub mod accounts;
pub mod adhoc;
pub mod attainment;
pub mod backup;
pub mod check;
pub mod config;
pub mod consolidate;
pub mod dashboard;
pub mod demo;
pub mod group_commit;
pub mod initiative;
pub mod inspection;
pub mod jobs;
pub mod kpi;
pub mod mail;
pub mod notify;
pub mod par;
pub mod password;
pub mod plans;
pub mod publish;
pub mod registry;
pub mod reminder_letter;
pub mod reports;
pub mod sipas;
pub mod synthetic;
pub mod tokens;
pub mod tracking;
pub mod unit_plans;
pub mod workdays;
