//! Whole-stack tests: the real router served on 127.0.0.1:0 over a fresh SQLite database with
//! the demo data, driven by an HTTP client with cookies, checking statuses, redirects,
//! cookies and HTML.

mod access;
mod adhoc;
mod api;
mod api_inspections;
mod attainment;
mod bulk;
mod cache;
mod consolidated;
mod crafted;
mod dashboard;
mod errors;
mod escalation;
mod external_leads;
mod forms;
mod groups;
mod hardening;
mod harness;
mod initiative_criteria;
mod initiatives;
mod insp_docs;
mod insp_planning;
mod inspections;
mod kpi;
mod nd30;
mod notify;
mod par;
mod par_bands;
mod plans;
mod province;
mod public;
mod registry;
mod remedies;
mod reports;
mod settings;
mod signoff;
mod sipas;
mod sipas_office;
mod task_signoff;
mod tasklist;
mod tasks;
mod throttle;
mod workdays;
