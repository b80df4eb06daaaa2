//! Periodic reports and units' own annual plans: which units owe what for a period, saving
//! and submitting (only while the period is open), the office's review, completeness and
//! timeliness per unit, target values validated at entry.

use std::collections::HashSet;

use cchc_domain::tracking::{
    report_completeness, validate_achievement, AchievementInput, Completeness, Period, TargetMeasure,
};
use cchc_domain::unit::{Unit, UnitId};
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_storage::model::{InstanceFilter, SubmitMode, TargetValueRecord, UnitReport};
use cchc_storage::{Store, StoreError};
use chrono::NaiveDate;

use crate::accounts::ServiceError;
use crate::tracking::TrackingConfig;

/// The key of a unit's own annual plan for `year`.
pub fn plan_key(year: i32) -> String {
    format!("{year}-plan")
}

/// A period or annual-plan key as (label, due date) for a unit kind.
pub fn describe(cfg: &TrackingConfig, key: &str, kind: cchc_domain::unit::UnitKind) -> Option<(String, NaiveDate)> {
    if let Some(year) = key.strip_suffix("-plan").and_then(|y| y.parse::<i32>().ok()) {
        return cfg.unit_plans.due(kind, year).map(|d| (format!("Kế hoạch CCHC năm {year} của đơn vị"), d));
    }
    cfg.calendar.find(key).map(|p| (p.label_vi.clone(), p.report_due))
}

/// The units that owe a report for `period`: every unit leading a task instance of an active
/// plan that falls in the period (its due date within the period, or recurring for it).
pub async fn expected_units(store: &dyn Store, period: &Period) -> Result<Vec<UnitId>, ServiceError> {
    let f = InstanceFilter {
        due_from: Some(period.start),
        due_to: Some(period.report_due.max(period.end)),
        active_only: true,
        ..Default::default()
    };
    let mut units: Vec<UnitId> = store.list_instances(&f).await?.into_iter().filter_map(|i| i.lead_unit_id).collect();
    units.sort_unstable();
    units.dedup();
    Ok(units)
}

/// Units that owe their own annual plan for `year`: every unit leading an instance that year.
pub async fn plan_units(store: &dyn Store, year: i32) -> Result<Vec<UnitId>, ServiceError> {
    let from = NaiveDate::from_ymd_opt(year, 1, 1);
    let to = NaiveDate::from_ymd_opt(year, 12, 31);
    let f = InstanceFilter { due_from: from, due_to: to, active_only: true, ..Default::default() };
    let mut units: Vec<UnitId> = store.list_instances(&f).await?.into_iter().filter_map(|i| i.lead_unit_id).collect();
    units.sort_unstable();
    units.dedup();
    Ok(units)
}

/// Completeness and timeliness of a period (or annual plan) per expected unit.
pub fn completeness(expected: &[UnitId], reports: &[UnitReport], due: NaiveDate, today: NaiveDate) -> Completeness {
    let subs: Vec<(UnitId, NaiveDate)> =
        reports.iter().filter_map(|r| r.submitted_on.map(|d| (r.unit_id, d))).collect();
    report_completeness(expected, &subs, due, today)
}

/// Whether a unit may still submit for `key` on `today`: periods close per the calendar;
/// annual plans and ad-hoc reports never close (a late one is counted late).
pub fn check_open(cfg: &TrackingConfig, key: &str, today: NaiveDate) -> Result<(), ServiceError> {
    if key.ends_with("-plan") || crate::adhoc::request_id(key).is_some() {
        return Ok(());
    }
    let p = cfg.calendar.find(key).ok_or(ServiceError::Store(StoreError::NotFound("kỳ báo cáo")))?;
    if today < p.opens {
        return Err(ServiceError::Store(StoreError::Conflict(format!(
            "kỳ báo cáo {} chưa mở (mở từ ngày {})",
            p.label_vi,
            p.opens.format("%d/%m/%Y")
        ))));
    }
    if p.closes.is_some_and(|c| today > c) {
        return Err(ServiceError::Store(StoreError::Conflict(format!(
            "kỳ báo cáo {} đã đóng; không nộp hay sửa được nữa",
            p.label_vi
        ))));
    }
    Ok(())
}

/// One target value typed on the report form.
#[derive(Debug, Clone, Default)]
pub struct TargetInput {
    pub target_id: i64,
    /// Whether the target is a rate (percent) or a count.
    pub rate: bool,
    pub value: String,
    pub numerator: String,
    pub denominator: String,
    pub note: String,
}

/// Validates typed target values (per-field messages named `t<id>_value` etc.).
pub fn validate_targets(
    unit: &Unit,
    period_key: &str,
    inputs: &[TargetInput],
) -> Result<Vec<TargetValueRecord>, FieldErrors> {
    let mut errs = FieldErrors::default();
    let mut out = Vec::new();
    for i in inputs {
        if i.value.trim().is_empty() && i.numerator.trim().is_empty() && i.denominator.trim().is_empty() {
            continue;
        }
        let measure = if i.rate { TargetMeasure::Rate } else { TargetMeasure::Count };
        let input = AchievementInput {
            unit_id: Some(unit.id),
            period: period_key.to_string(),
            value: i.value.clone(),
            numerator: i.numerator.clone(),
            denominator: i.denominator.clone(),
            note: i.note.clone(),
        };
        match validate_achievement(&input, measure) {
            Ok(a) => out.push(TargetValueRecord {
                target_id: i.target_id,
                unit_id: unit.id,
                period_key: period_key.to_string(),
                value: Some(a.value),
                numerator: a.numerator,
                denominator: a.denominator,
                note: a.note,
            }),
            Err(e) => {
                for fe in e.0 {
                    errs.add(&format!("t{}_{}", i.target_id, fe.field), fe.message);
                }
            }
        }
    }
    errs.into_result(out)
}

/// How a unit user's submission is sent: the head signs off and submits at once; a focal
/// point sends to the head when sign-off is required and the unit has a head account (else
/// nobody could sign), otherwise straight to the office.
pub fn submit_mode(cfg: &TrackingConfig, role: cchc_domain::role::Role, unit_has_head: bool) -> SubmitMode {
    match role {
        cchc_domain::role::Role::UnitHead => SubmitMode::ByHead,
        _ if cfg.signoff.reports && unit_has_head => SubmitMode::ToHead,
        _ => SubmitMode::Direct,
    }
}

/// Whether `unit` has an active head account (someone to sign off its reports).
pub async fn unit_has_head(store: &dyn Store, unit: UnitId) -> Result<bool, ServiceError> {
    Ok(store
        .list_users()
        .await?
        .iter()
        .any(|u| u.active && u.role == cchc_domain::role::Role::UnitHead && u.unit_id == Some(unit)))
}

/// The head's decision on a report waiting for sign-off: signed off (submitted, and the
/// period must still be open), or sent back with a reason (required).
pub async fn sign_off(
    store: &dyn Store,
    actor: &Actor,
    cfg: &TrackingConfig,
    report: &UnitReport,
    expected_version: i64,
    send_back: Option<&str>,
    today: NaiveDate,
) -> Result<UnitReport, ServiceError> {
    let reason = send_back.map(|r| cchc_domain::text::nfc(r.trim()));
    if reason.as_deref().is_some_and(str::is_empty) {
        let mut e = FieldErrors::default();
        e.add("reason", "Cần nêu lý do trả lại để cán bộ đầu mối chỉnh sửa.");
        return Err(ServiceError::Invalid(e));
    }
    if reason.is_none() {
        check_open(cfg, &report.period_key, today)?;
    }
    Ok(store.signoff_report(actor, report.id, expected_version, today, reason.as_deref()).await?)
}

/// Whether a target's figures are rates (a value in percent) rather than counts.
pub fn is_rate(t: &cchc_storage::model::TargetRecord) -> bool {
    t.target.values.iter().any(|x| x.unit == cchc_domain::plan::ValueUnit::Percent)
}

/// The office's review of a submitted report: accepted, or returned with a reason (required).
pub async fn review(
    store: &dyn Store,
    actor: &Actor,
    report: &UnitReport,
    expected_version: i64,
    return_reason: Option<&str>,
    today: NaiveDate,
) -> Result<UnitReport, ServiceError> {
    let reason = return_reason.map(|r| cchc_domain::text::nfc(r.trim()));
    if reason.as_deref().is_some_and(str::is_empty) {
        let mut e = FieldErrors::default();
        e.add("reason", "Cần nêu lý do trả lại báo cáo.");
        return Err(ServiceError::Invalid(e));
    }
    Ok(store.review_report(actor, report.id, expected_version, today, reason.as_deref()).await?)
}

/// What a unit types on its report page.
#[derive(Debug, Clone, Default)]
pub struct ReportForm {
    pub key: String,
    pub narrative: String,
    pub targets: Vec<TargetInput>,
    /// The report's version the writer saw (an API client's `If-Match`); `None` on the form.
    pub expected_version: Option<i64>,
}

/// A unit's report post as one write: the text, the target values, the new files and, when
/// `submit` is set, the submission (sent as it says) — checked first (period open, values valid, a period
/// report not empty when submitted), then applied wholly or not at all.
#[allow(clippy::too_many_arguments)]
pub async fn save_post(
    store: &dyn Store,
    actor: &Actor,
    cfg: &TrackingConfig,
    unit: &Unit,
    form: &ReportForm,
    files: Vec<cchc_storage::model::NewEvidence>,
    submit: Option<SubmitMode>,
    today: NaiveDate,
) -> Result<UnitReport, ServiceError> {
    let key = form.key.as_str();
    // An ad-hoc report is answered only by the units it was requested from.
    let adhoc = crate::adhoc::for_unit(store, key, unit.id).await?.is_some();
    check_open(cfg, key, today)?;
    let targets = store.targets_for_unit(unit.id).await?;
    // A figure is a rate when its target is measured in percent (the target says, not the form).
    let inputs: Vec<TargetInput> = form
        .targets
        .iter()
        .map(|i| {
            let t = targets.iter().find(|t| t.id == i.target_id);
            TargetInput { rate: t.map_or(i.rate, is_rate), ..i.clone() }
        })
        .collect();
    let values = validate_targets(unit, key, &inputs).map_err(ServiceError::Invalid)?;
    if !values.is_empty() {
        // Only the unit's own targets (named for it, or province-wide) take its figures.
        let own: HashSet<i64> = targets.iter().map(|t| t.id).collect();
        if let Some(v) = values.iter().find(|v| !own.contains(&v.target_id)) {
            let mut e = FieldErrors::default();
            e.add(&format!("t{}_value", v.target_id), "Chỉ tiêu này không giao cho đơn vị.");
            return Err(ServiceError::Invalid(e));
        }
    }
    let kind = if adhoc {
        "adhoc"
    } else if key.ends_with("-plan") {
        "plan"
    } else {
        "period"
    };
    let narrative = cchc_domain::text::nfc(form.narrative.trim());
    if submit.is_some() && kind != "plan" && narrative.is_empty() {
        let mut e = FieldErrors::default();
        e.add("narrative", "Cần nhập nội dung báo cáo trước khi nộp.");
        return Err(ServiceError::Invalid(e));
    }
    let save = cchc_storage::model::ReportSave {
        unit: unit.id,
        period_key: key.to_string(),
        kind: kind.to_string(),
        narrative,
        values,
        files,
        submit_on: submit.map(|_| today),
        submit_mode: submit.unwrap_or(SubmitMode::Direct),
        expected_version: form.expected_version,
    };
    Ok(store.save_report(actor, &save).await?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_domain::unit::UnitKind;

    fn unit() -> Unit {
        Unit {
            id: 7,
            code: "U".into(),
            kind: UnitKind::Department,
            parent_id: None,
            name: "Sở A".into(),
            abbreviations: vec![],
            aliases: vec![],
            valid_from: None,
            valid_to: None,
            note: String::new(),
        }
    }

    #[test]
    fn target_values_are_checked_before_anything_is_written() {
        let ok = TargetInput { target_id: 1, rate: true, value: "88,5".into(), ..Default::default() };
        let bad = TargetInput { target_id: 2, rate: true, value: "120".into(), ..Default::default() };
        let frac = TargetInput {
            target_id: 3,
            rate: true,
            numerator: "12".into(),
            denominator: "10".into(),
            ..Default::default()
        };
        assert_eq!(validate_targets(&unit(), "2025-q1", std::slice::from_ref(&ok)).map(|v| v[0].value), Ok(Some(88.5)));
        let e = validate_targets(&unit(), "2025-q1", &[ok, bad, frac]).err().unwrap_or_default();
        assert!(e.0.iter().any(|f| f.field.starts_with("t2_")), "{e:?}");
        assert!(e.0.iter().any(|f| f.field.starts_with("t3_")), "{e:?}");
        assert!(validate_targets(&unit(), "2025-q1", &[TargetInput { target_id: 4, ..Default::default() }])
            .is_ok_and(|v| v.is_empty()));
    }

    #[test]
    fn closed_periods_refuse_submissions() {
        let cfg = TrackingConfig::default();
        let p = cfg.calendar.find("2025-q1").unwrap_or_else(|| panic!("q1"));
        assert!(check_open(&cfg, "2025-q1", p.report_due).is_ok());
        if let Some(c) = p.closes {
            assert!(check_open(&cfg, "2025-q1", c + chrono::Duration::days(1)).is_err());
        }
        assert!(check_open(&cfg, "2025-q1", p.opens - chrono::Duration::days(1)).is_err());
        assert!(check_open(&cfg, "2025-plan", p.report_due).is_ok());
        assert!(check_open(&cfg, "1999-xyz", p.report_due).is_err());
    }

    #[test]
    fn focal_points_send_to_a_head_when_there_is_one() {
        use cchc_domain::role::Role;
        let mut cfg = TrackingConfig::default();
        assert_eq!(submit_mode(&cfg, Role::UnitFocal, true), SubmitMode::ToHead);
        assert_eq!(submit_mode(&cfg, Role::UnitFocal, false), SubmitMode::Direct);
        assert_eq!(submit_mode(&cfg, Role::UnitHead, true), SubmitMode::ByHead);
        cfg.signoff.reports = false;
        assert_eq!(submit_mode(&cfg, Role::UnitFocal, true), SubmitMode::Direct);
        assert_eq!(submit_mode(&cfg, Role::UnitHead, true), SubmitMode::ByHead);
    }

    #[test]
    fn unit_plans_are_due_by_kind() {
        let r = crate::tracking::UnitPlanRules::default();
        assert_eq!(r.due(UnitKind::Department, 2025), NaiveDate::from_ymd_opt(2025, 1, 15));
        assert_eq!(r.due(UnitKind::Commune, 2025), NaiveDate::from_ymd_opt(2025, 2, 5));
    }
}
