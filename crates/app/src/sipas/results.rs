//! Results of a campaign: the SIPAS index per unit (factors and index, with the number of
//! valid answers and a flag below the sample plan) and for the whole campaign.

use cchc_domain::sipas::{compute, formula_template, NormalisedAnswers, SipasResult};
use cchc_storage::model_sipas::Campaign;
use cchc_storage::Store;
use serde::Serialize;

use crate::accounts::ServiceError;

/// One unit of a campaign.
#[derive(Debug, Clone, Serialize)]
pub struct UnitResultLine {
    pub unit_id: i64,
    pub unit_name: String,
    pub quota: i64,
    pub responses: i64,
    pub below_plan: bool,
    pub result: Option<SipasResult>,
}

/// A campaign's results.
#[derive(Debug, Clone, Serialize)]
pub struct CampaignResults {
    pub campaign: Campaign,
    pub questionnaire_name: String,
    pub template: bool,
    pub units: Vec<UnitResultLine>,
    pub overall: Option<SipasResult>,
    /// Refused submissions by reason.
    pub rejected: Vec<(String, i64)>,
}

/// Computes the results of campaign `id` with the formula template.
pub async fn results(store: &dyn Store, id: i64) -> Result<CampaignResults, ServiceError> {
    let campaign = store.campaign(id).await?;
    let q = store.questionnaire(campaign.questionnaire_id).await?.questionnaire;
    let formula = formula_template().map_err(|e| ServiceError::Internal(format!("mẫu công thức hỏng: {e}")))?;
    let all = store.responses(id, None).await?;
    let counts = store.response_counts(id).await?;
    let units = store.all_units().await?;
    let compute_of =
        |answers: Vec<NormalisedAnswers>| (!answers.is_empty()).then(|| compute(&q, &formula, &answers).ok()).flatten();
    let mut lines = Vec::new();
    for (unit_id, quota) in &campaign.units {
        let mine: Vec<NormalisedAnswers> =
            all.iter().filter(|r| r.unit_id == *unit_id).map(|r| r.answers.clone()).collect();
        let responses = mine.len() as i64;
        lines.push(UnitResultLine {
            unit_id: *unit_id,
            unit_name: units.iter().find(|u| u.id == *unit_id).map(|u| u.name.clone()).unwrap_or_default(),
            quota: *quota,
            responses,
            below_plan: responses < *quota,
            result: compute_of(mine),
        });
    }
    let overall = compute_of(all.into_iter().map(|r| r.answers).collect());
    Ok(CampaignResults {
        template: q.status == cchc_domain::par::SetStatus::Template,
        questionnaire_name: q.name,
        campaign,
        units: lines,
        overall,
        rejected: counts.rejected,
    })
}
