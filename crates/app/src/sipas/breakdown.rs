//! Finer views of a campaign's answers for province-wide readers: the index per unit group
//! (the unit's kind: departments, communes, central agencies…) and the open answers, searched
//! without diacritics, filtered by unit, a page at a time. Open answers never leave the
//! office's pages: the public site has no route to them.

use cchc_domain::sipas::{compute, formula_template, AnswerValue, NormalisedAnswers, QuestionKind, SipasResult};
use cchc_domain::text::fold_contains;
use cchc_domain::unit::{UnitId, UnitKind};
use cchc_storage::model_sipas::StoredResponse;
use cchc_storage::Store;
use chrono::NaiveDate;
use serde::Serialize;

use crate::accounts::ServiceError;

/// Open answers shown per page.
pub const PAGE_SIZE: usize = 20;

/// The result of one unit group.
#[derive(Debug, Clone, Serialize)]
pub struct GroupLine {
    pub label: String,
    pub units: usize,
    pub quota: i64,
    pub responses: i64,
    pub below_plan: bool,
    pub result: Option<SipasResult>,
}

/// The index per unit group of campaign `id`, groups in the order of [`UnitKind::ALL`].
pub async fn group_results(store: &dyn Store, id: i64) -> Result<Vec<GroupLine>, ServiceError> {
    let campaign = store.campaign(id).await?;
    let q = store.questionnaire(campaign.questionnaire_id).await?.questionnaire;
    let formula = formula_template().map_err(|e| ServiceError::Internal(format!("mẫu công thức hỏng: {e}")))?;
    let all = store.responses(id, None).await?;
    let units = store.all_units().await?;
    let kind_of = |u: UnitId| units.iter().find(|x| x.id == u).map(|x| x.kind);
    let mut out = Vec::new();
    for kind in UnitKind::ALL {
        let members: Vec<(UnitId, i64)> =
            campaign.units.iter().copied().filter(|(u, _)| kind_of(*u) == Some(kind)).collect();
        if members.is_empty() {
            continue;
        }
        let answers: Vec<NormalisedAnswers> =
            all.iter().filter(|r| members.iter().any(|(u, _)| *u == r.unit_id)).map(|r| r.answers.clone()).collect();
        let quota: i64 = members.iter().map(|(_, n)| n).sum();
        let responses = answers.len() as i64;
        let result = if answers.is_empty() { None } else { compute(&q, &formula, &answers).ok() };
        out.push(GroupLine {
            label: kind.label_vi().to_string(),
            units: members.len(),
            quota,
            responses,
            below_plan: responses < quota,
            result,
        });
    }
    Ok(out)
}

/// One open answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenAnswer {
    pub unit_id: UnitId,
    pub unit_name: String,
    pub question: String,
    pub question_text: String,
    pub text: String,
    /// Day received, Vietnam time.
    pub received: NaiveDate,
}

/// A page of open answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OpenAnswerPage {
    pub items: Vec<OpenAnswer>,
    /// Answers matching, on every page.
    pub total: usize,
    /// 1-based, brought into `1..=pages`.
    pub page: usize,
    pub pages: usize,
}

/// The text answers of `responses` whose text holds every word of `query` (without case or
/// diacritics), newest first, page `page` of [`PAGE_SIZE`].
pub fn search_open(
    q: &cchc_domain::sipas::Questionnaire,
    names: &[(UnitId, String)],
    responses: &[StoredResponse],
    query: &str,
    page: usize,
) -> OpenAnswerPage {
    let texts: Vec<(&str, &str)> = q
        .questions()
        .filter(|(_, x)| matches!(x.kind, QuestionKind::Text { .. }))
        .map(|(_, x)| (x.code.as_str(), x.text.as_str()))
        .collect();
    let mut found = Vec::new();
    for r in responses.iter().rev() {
        for (code, question_text) in &texts {
            let Some(AnswerValue::Text(text)) = r.answers.answers.get(*code) else { continue };
            if !fold_contains(text, query.trim()) {
                continue;
            }
            found.push(OpenAnswer {
                unit_id: r.unit_id,
                unit_name: names.iter().find(|(u, _)| *u == r.unit_id).map(|(_, n)| n.clone()).unwrap_or_default(),
                question: code.to_string(),
                question_text: question_text.to_string(),
                text: text.clone(),
                received: cchc_domain::vn_time::day(r.created_at),
            });
        }
    }
    let total = found.len();
    let pages = total.div_ceil(PAGE_SIZE).max(1);
    let page = page.clamp(1, pages);
    let items = found.into_iter().skip((page - 1) * PAGE_SIZE).take(PAGE_SIZE).collect();
    OpenAnswerPage { items, total, page, pages }
}

/// The open answers of campaign `id` (of one of its units, or all) matching `query`.
pub async fn open_answers(
    store: &dyn Store,
    id: i64,
    unit: Option<UnitId>,
    query: &str,
    page: usize,
) -> Result<OpenAnswerPage, ServiceError> {
    let campaign = store.campaign(id).await?;
    let q = store.questionnaire(campaign.questionnaire_id).await?.questionnaire;
    let unit = unit.filter(|u| campaign.units.iter().any(|(x, _)| x == u));
    let responses = store.responses(id, unit).await?;
    let names: Vec<(UnitId, String)> = store.all_units().await?.into_iter().map(|u| (u.id, u.name)).collect();
    Ok(search_open(&q, &names, &responses, query, page))
}

#[cfg(test)]
#[path = "breakdown_tests.rs"]
mod tests;
