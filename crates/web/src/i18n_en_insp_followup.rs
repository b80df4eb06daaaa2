//! The English catalogue of the inspection follow-up outside the inspection pages: the task
//! list's remedies, the dashboard panel, the planning page's PAR columns.

pub const PAIRS: &[(&str, &str)] = &[("Kiến nghị cần khắc phục", "Recommendations to remedy")];
