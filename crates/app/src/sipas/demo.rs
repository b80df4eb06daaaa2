//! Demo data for SIPAS: the questionnaire template and a campaign of Hà Tĩnh's units open
//! around today, with paper questionnaires typed in for most departments (answers that vary
//! from respondent to respondent), so the results page has figures on first start.

use cchc_domain::sipas::{fingerprint, validate_answers, AnswerValue, QuestionKind, Questionnaire, Submission};
use cchc_domain::user::Actor;
use cchc_storage::model_sipas::{Channel, NewResponse};
use cchc_storage::{Store, StoreError};
use chrono::Duration;

use super::{install_template, open_campaign, CampaignForm};
use crate::accounts::ServiceError;

/// Answers of respondent `n` of unit number `u`: mostly satisfied, some units less so.
fn answers(q: &Questionnaire, u: usize, n: usize) -> Submission {
    let mut sub = Submission::new();
    for (j, x) in q.sections.iter().flat_map(|s| s.questions.iter()).enumerate() {
        let h = (u * 31 + n * 17 + j * 7) % 10;
        let value = match (&x.kind, x.condition.is_some()) {
            (_, true) => continue,
            (QuestionKind::Scale5, _) => AnswerValue::Scale(if h < 2 + u % 3 {
                3
            } else if h < 8 {
                4
            } else {
                5
            }),
            (QuestionKind::SingleChoice { options }, _) if !options.is_empty() => {
                AnswerValue::Choice(options[(n + j) % options.len()].code.clone())
            }
            _ => continue,
        };
        if x.required || matches!(x.kind, QuestionKind::Scale5) {
            sub.insert(x.code.clone(), value);
        }
    }
    sub
}

/// Installs the template and opens the demo campaign with its paper questionnaires.
pub async fn seed_demo(store: &dyn Store, actor: &Actor) -> Result<(), ServiceError> {
    let qid = install_template(store, actor).await?;
    let Some(province) = store.unit_by_code("HT").await? else { return Ok(()) };
    let today = crate::tracking::today();
    let form = CampaignForm {
        name: format!("Khảo sát sự hài lòng năm {}", chrono::Datelike::year(&today)),
        questionnaire_id: qid,
        province: province.id,
        period_from: today - Duration::days(30),
        period_to: today + Duration::days(60),
        sample: 400,
    };
    let c = open_campaign(store, actor, &form).await?;
    let q = store.questionnaire(qid).await?.questionnaire;
    for (u, (unit, quota)) in c.units.iter().enumerate().take(c.units.len().saturating_sub(3)) {
        for n in 0..(*quota as usize).min(12) {
            let Ok(a) = validate_answers(&q, &answers(&q, u, n)) else { continue };
            let day = today - Duration::days((n % 20) as i64);
            let r = NewResponse {
                campaign_id: c.id,
                unit_id: *unit,
                channel: Channel::Paper,
                fingerprint: fingerprint(&q.code, q.version, *unit, day, &a),
                answers: a,
            };
            match store.add_responses(actor, &[r]).await {
                Ok(_) | Err(StoreError::Conflict(_)) => {}
                Err(e) => return Err(e.into()),
            }
        }
    }
    Ok(())
}
