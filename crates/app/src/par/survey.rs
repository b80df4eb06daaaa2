//! Survey points from the SIPAS module: a campaign's satisfaction index of each unit becomes
//! the appraised score of the round's satisfaction criterion, through that criterion's own
//! scoring method (e.g. points = index % × maximum / 100), with the campaign as the reason.

use cchc_domain::par::Mark;
use cchc_domain::review::ReviewState;
use cchc_domain::sipas::par_points;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_domain::visibility::Visibility;
use cchc_storage::model_par::AppraisalScore;
use cchc_storage::Store;

use crate::accounts::ServiceError;

/// What a transfer did: (unit, points) set, and (unit, why not) skipped.
#[derive(Debug, Clone, Default)]
pub struct SurveyTransfer {
    pub set: Vec<(UnitId, String)>,
    pub skipped: Vec<(UnitId, String)>,
}

fn invalid(field: &str, m: String) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(field, m);
    ServiceError::Invalid(e)
}

/// Sets criterion `code` of every submitted assessment of `round` from campaign `campaign`.
pub async fn survey_from_sipas(
    store: &dyn Store,
    actor: &Actor,
    round: i64,
    campaign: i64,
    code: &str,
) -> Result<SurveyTransfer, ServiceError> {
    let sipas = crate::sipas::results(store, campaign).await?;
    let mut out = SurveyTransfer::default();
    for a in store.assessments(round, Visibility::Province).await? {
        let set = store.criteria_set(a.set_id).await?.set;
        let node = set
            .find(code)
            .filter(|n| n.is_leaf())
            .ok_or_else(|| invalid("code", format!("Mã tiêu chí {code} không có trong bộ tiêu chí.")))?;
        if a.status != ReviewState::Submitted {
            out.skipped.push((a.unit_id, "chưa nộp hoặc đã thẩm định xong".into()));
            continue;
        }
        let Some(result) = sipas.units.iter().find(|u| u.unit_id == a.unit_id).and_then(|u| u.result.as_ref()) else {
            out.skipped.push((a.unit_id, "chưa có phiếu khảo sát".into()));
            continue;
        };
        let points =
            par_points(result, &node.scoring_method(), node.max).map_err(|e| invalid("code", e.to_string()))?;
        let score = AppraisalScore {
            code: code.to_string(),
            mark: Some(Mark::Points(points)),
            reason: format!("Theo kết quả {}", sipas.campaign.name),
            explain: false,
        };
        store.save_appraisal(actor, a.id, a.version, &[score]).await?;
        out.set.push((a.unit_id, points.to_string()));
    }
    Ok(out)
}
