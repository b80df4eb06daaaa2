//! Initiative services the web and the CLI call: a unit proposes an initiative (title,
//! problem, solution, scope, expected benefit, attachments), edits it while it is a draft or
//! returned, and submits it; the office sends it to evaluation with the criteria in force or
//! returns it for completion; evaluators score it and the council decides (`evaluate`);
//! other units declare they applied a recognised one; the annual counts per unit feed pages,
//! the XLSX table and the PAR projection (`counts`).

pub mod counts;
pub mod demo;
pub mod evaluate;

use cchc_domain::initiative::{transition, InitiativeAction, InitiativeState};
use cchc_domain::text::clean;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model::NewEvidence;
use cchc_storage::model_initiative::{Initiative, InitiativeChange, InitiativeText};
use cchc_storage::Store;
use chrono::{Datelike, NaiveDate};

use crate::accounts::ServiceError;

/// The most characters a field of an initiative keeps.
const MAX_FIELD: usize = 20_000;

/// Checks what the unit typed: every field required, each problem on its field.
pub fn check_text(t: &InitiativeText) -> Result<InitiativeText, ServiceError> {
    let mut e = FieldErrors::default();
    let out = InitiativeText {
        title: clean(&t.title),
        problem: t.problem.trim().to_string(),
        solution: t.solution.trim().to_string(),
        scope: t.scope.trim().to_string(),
        benefit: t.benefit.trim().to_string(),
    };
    let fields = [
        ("title", &out.title, "Cần nhập tên sáng kiến, giải pháp."),
        ("problem", &out.problem, "Cần nêu vấn đề, thực trạng cần giải quyết."),
        ("solution", &out.solution, "Cần nêu nội dung giải pháp."),
        ("scope", &out.scope, "Cần nêu phạm vi áp dụng."),
        ("benefit", &out.benefit, "Cần nêu hiệu quả dự kiến."),
    ];
    for (field, value, missing) in fields {
        if value.is_empty() {
            e.add(field, missing);
        } else if value.chars().count() > MAX_FIELD {
            e.add(field, format!("Nội dung quá dài (tối đa {MAX_FIELD} ký tự)."));
        }
    }
    if e.is_empty() {
        Ok(out)
    } else {
        Err(ServiceError::Invalid(e))
    }
}

/// One problem on one field.
pub(crate) fn one(field: &str, message: impl Into<String>) -> FieldErrors {
    let mut e = FieldErrors::default();
    e.add(field, message);
    e
}

fn refused(e: cchc_domain::review::ReviewError) -> ServiceError {
    ServiceError::Invalid(one("state", format!("Sáng kiến {}.", e.0)))
}

/// A unit's new draft (the year is the year it is proposed).
pub async fn propose(
    store: &dyn Store,
    actor: &Actor,
    unit: UnitId,
    text: &InitiativeText,
    files: Vec<NewEvidence>,
    today: NaiveDate,
) -> Result<Initiative, ServiceError> {
    let text = check_text(text)?;
    transition(None, InitiativeAction::Save).map_err(refused)?;
    Ok(store.create_initiative(actor, unit, today.year(), &text, &files).await?)
}

/// The unit edits its draft or returned initiative (read with the unit's visibility).
pub async fn edit(
    store: &dyn Store,
    actor: &Actor,
    unit: UnitId,
    id: i64,
    expected_version: i64,
    text: &InitiativeText,
    files: Vec<NewEvidence>,
) -> Result<Initiative, ServiceError> {
    let i = store.initiative(id, Visibility::Unit(unit)).await?;
    if i.unit_id != unit {
        return Err(refused(cchc_domain::review::ReviewError("là của đơn vị khác".into())));
    }
    transition(Some(i.state), InitiativeAction::Save).map_err(refused)?;
    let text = check_text(text)?;
    Ok(store.edit_initiative(actor, id, expected_version, &text, &files).await?)
}

/// Moves an initiative by `action` (checked by the lifecycle) and stores the change.
pub(crate) async fn apply(
    store: &dyn Store,
    actor: &Actor,
    i: &Initiative,
    expected_version: i64,
    action: InitiativeAction,
    mut change: InitiativeChange,
) -> Result<Initiative, ServiceError> {
    change.state = transition(Some(i.state), action).map_err(refused)?;
    Ok(store.change_initiative(actor, i.id, expected_version, &change).await?)
}

fn change(action: &str, on: NaiveDate) -> InitiativeChange {
    InitiativeChange {
        action: action.into(),
        state: InitiativeState::Draft,
        criteria_id: None,
        return_reason: None,
        decision_reason: None,
        results: None,
        on,
    }
}

/// The unit submits its draft or returned initiative (read with its own visibility).
pub async fn submit(
    store: &dyn Store,
    actor: &Actor,
    unit: UnitId,
    id: i64,
    expected_version: i64,
    today: NaiveDate,
) -> Result<Initiative, ServiceError> {
    let i = store.initiative(id, Visibility::Unit(unit)).await?;
    if i.unit_id != unit {
        return Err(refused(cchc_domain::review::ReviewError("là của đơn vị khác".into())));
    }
    check_text(&i.text)?;
    apply(store, actor, &i, expected_version, InitiativeAction::Submit, change("initiative.submit", today)).await
}

/// The office returns a sent initiative for completion, with a reason.
pub async fn send_back(
    store: &dyn Store,
    actor: &Actor,
    id: i64,
    expected_version: i64,
    reason: &str,
    today: NaiveDate,
) -> Result<Initiative, ServiceError> {
    let reason = clean(reason);
    if reason.is_empty() {
        return Err(ServiceError::Invalid(one("reason", "Cần nêu nội dung cần hoàn thiện.")));
    }
    let i = store.initiative(id, Visibility::Province).await?;
    let mut c = change("initiative.return", today);
    c.return_reason = Some(reason);
    apply(store, actor, &i, expected_version, InitiativeAction::Return, c).await
}

/// A unit declares it applied a recognised initiative of another unit.
pub async fn adopt(
    store: &dyn Store,
    actor: &Actor,
    unit: UnitId,
    id: i64,
    result: &str,
    today: NaiveDate,
) -> Result<cchc_storage::model_initiative::Adoption, ServiceError> {
    let result = clean(result);
    if result.is_empty() {
        return Err(ServiceError::Invalid(one("result", "Cần nêu kết quả áp dụng tại đơn vị.")));
    }
    store.initiative(id, Visibility::Unit(unit)).await?;
    Ok(store.adopt_initiative(actor, id, unit, today, &result).await?)
}
