//! Lists behind the numbers: the dossiers of one indicator value, the dossiers about to be
//! late, the reconciliation with the portal, the methodology versions; and a small reader
//! of two-column tables (CSV or XLSX) for the unit-code map.

use std::collections::{HashMap, HashSet};

use cchc_domain::kpi::methodology::{Methodology, MethodologySet};
use cchc_domain::local_time::to_secs;
use cchc_domain::period::PeriodKey;
use cchc_domain::visibility::Visibility;
use cchc_kpi::explain::{explain, Explanation};
use cchc_kpi::reconcile::{reconcile, PortalFigure, ReconRow, ReconStatus};
use cchc_storage::model_kpi::DossierFilter;
use cchc_storage::DynStore;
use chrono::NaiveDateTime;
use serde::Serialize;

use super::overview::check_visible;
use super::service::Computed;
use super::KpiError;

/// The dossiers counted (or not) in one indicator value of a unit and period.
pub fn explain_value(
    c: &mut Computed<'_>,
    visible: &Option<HashSet<String>>,
    unit: &str,
    period: PeriodKey,
    indicator: &str,
) -> Result<Explanation, KpiError> {
    check_visible(visible, unit)?;
    let v = c.version_for(period).ok_or_else(|| KpiError::Invalid("không có phương pháp áp dụng cho kỳ này".into()))?;
    explain(c.state(v), c.tree, unit, period, indicator).ok_or(KpiError::NotFound)
}

/// Compares portal figures with cchc's values, each period with its own methodology
/// version; figures of units the user may not see are left out.
pub fn reconcile_figures(
    c: &mut Computed<'_>,
    visible: &Option<HashSet<String>>,
    figures: &[PortalFigure],
) -> Vec<ReconRow> {
    let mut out = Vec::with_capacity(figures.len());
    for f in figures.iter().filter(|f| check_visible(visible, &f.unit).is_ok()) {
        match c.for_period(f.period) {
            Some((_, report)) => out.extend(reconcile(&report, std::slice::from_ref(f))),
            None => out.push(ReconRow {
                unit: f.unit.clone(),
                period: f.period,
                indicator: f.indicator.clone(),
                portal_numerator: f.numerator,
                portal_denominator: f.denominator,
                cchc_numerator: None,
                cchc_denominator: None,
                status: ReconStatus::MissingInCchc,
            }),
        }
    }
    out
}

/// An open dossier and how close it is to its deadline.
#[derive(Debug, Clone, Serialize)]
pub struct DueRow {
    pub code: String,
    pub procedure: String,
    pub procedure_name: String,
    pub unit: String,
    pub unit_name: String,
    pub received: NaiveDateTime,
    pub due: NaiveDateTime,
    /// The appointment moved by the supplement waiting time.
    pub deadline: NaiveDateTime,
    /// Hours to the deadline (negative: overdue).
    pub hours_left: f64,
    pub overdue: bool,
    /// More supplement requests than the rules allow: late whatever the date.
    pub too_many_supplements: bool,
    pub supplements: u32,
}

/// Open dossiers within `scope` whose deadline falls before `now + horizon_hours`, overdue
/// ones first; at most `limit`.
pub async fn due_list(
    store: &DynStore,
    scope: Visibility,
    now: NaiveDateTime,
    horizon_hours: i64,
    limit: i64,
) -> Result<Vec<DueRow>, KpiError> {
    let set = MethodologySet { versions: store.methodologies().await?.into_iter().map(|m| m.methodology).collect() };
    let rules = set.effective_on(now.date()).map(|m| m.timeliness.clone());
    let until = to_secs(now) + horizon_hours * 3600;
    let filter = DossierFilter { open_due_before: Some(until), limit: Some(limit), ..DossierFilter::default() };
    let records = store.list_dossiers(scope, &filter).await?;
    let names: HashMap<String, String> = store.procedures().await?.into_iter().map(|p| (p.code, p.name)).collect();
    let units: HashMap<String, String> = store.all_units().await?.into_iter().map(|u| (u.code, u.name)).collect();
    let mut out: Vec<DueRow> = records
        .into_iter()
        .filter_map(|r| {
            let due = r.due?;
            let exclude = rules.as_ref().is_none_or(|x| x.exclude_supplement_time);
            let deadline = due + chrono::Duration::seconds(if exclude { r.supplement_secs.max(0) } else { 0 });
            let too_many = rules.as_ref().and_then(|x| x.max_supplements).is_some_and(|m| r.supplements > m);
            if to_secs(deadline) >= until && !too_many {
                return None;
            }
            let hours_left = (to_secs(deadline) - to_secs(now)) as f64 / 3600.0;
            Some(DueRow {
                procedure_name: names.get(&r.procedure).cloned().unwrap_or_default(),
                unit_name: units.get(&r.unit).cloned().unwrap_or_else(|| r.unit.clone()),
                code: r.code,
                procedure: r.procedure,
                unit: r.unit,
                received: r.received,
                due,
                deadline,
                hours_left,
                overdue: hours_left < 0.0 || too_many,
                too_many_supplements: too_many,
                supplements: r.supplements,
            })
        })
        .collect();
    out.sort_by(|a, b| a.deadline.cmp(&b.deadline).then_with(|| a.code.cmp(&b.code)));
    Ok(out)
}

/// A methodology version as the methodology page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct VersionView {
    pub methodology: Methodology,
    pub in_force: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Numerator and denominator of each indicator, in words.
    pub formulas: Vec<(String, String)>,
}

/// Every stored version, the one in force on `today` marked.
pub async fn methodology_versions(store: &DynStore, today: chrono::NaiveDate) -> Result<Vec<VersionView>, KpiError> {
    let stored = store.methodologies().await?;
    let set = MethodologySet { versions: stored.iter().map(|s| s.methodology.clone()).collect() };
    let current = set.effective_on(today).map(|m| m.id.clone());
    Ok(stored
        .into_iter()
        .map(|s| VersionView {
            in_force: current.as_deref() == Some(s.methodology.id.as_str()),
            formulas: s
                .methodology
                .indicators
                .iter()
                .map(|i| (i.numerator.describe_vi(), i.denominator.describe_vi()))
                .collect(),
            methodology: s.methodology,
            created_at: s.created_at,
        })
        .collect())
}

/// The first sheet of an XLSX file, or the records of a CSV, through the one table reader:
/// rows with their line numbers, cells trimmed, blank rows left out.
pub fn table_rows(file_name: &str, bytes: &[u8]) -> Result<Vec<cchc_table::Row>, String> {
    let mut rows =
        cchc_table::read_rows(bytes, file_name, &cchc_table::Limits::default()).map_err(|e| e.to_string())?;
    for r in &mut rows {
        for c in &mut r.cells {
            *c = c.trim().to_string();
        }
    }
    Ok(rows)
}
