//! The anonymous public form: no account, no personal data kept. A submission is refused and
//! counted (never silently dropped) when the honeypot field is filled, when one address sends
//! too many, when the answers break the questionnaire, or when it repeats one already received
//! (same answers, unit and day).

use std::collections::BTreeMap;

use cchc_domain::sipas::{fingerprint, parse_cell, validate_answers, Questionnaire, Submission};
use cchc_domain::throttle::ThrottleRule;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_storage::model_sipas::{Channel, NewResponse};
use cchc_storage::{Store, StoreError};
use chrono::{DateTime, Utc};

use crate::accounts::ServiceError;

/// One public submission as the form sent it.
#[derive(Debug, Clone, Default)]
pub struct PublicSubmission {
    pub campaign: i64,
    pub unit: UnitId,
    /// Field `q-CODE` → text (several values of a multiple choice joined by `;`).
    pub fields: BTreeMap<String, String>,
    /// The hidden field people never see; bots fill it.
    pub honeypot: String,
    /// The client address, for the rate limit only (never stored with the answers).
    pub client: String,
}

/// Why a public submission was not kept.
#[derive(Debug, thiserror::Error)]
pub enum PublicError {
    /// No such campaign or unit, or the campaign is not open today.
    #[error("{0}")]
    NotOpen(String),
    /// The answers break the questionnaire: (field, message) for the form.
    #[error("phiếu có {} lỗi", .0.len())]
    Invalid(Vec<(String, String)>),
    /// Refused and counted: why (`honeypot`, `rate`, `duplicate`) and the message for the
    /// respondent.
    #[error("{message}")]
    Refused { reason: &'static str, message: String },
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<StoreError> for PublicError {
    fn from(e: StoreError) -> Self {
        PublicError::Service(e.into())
    }
}

/// At most 30 submissions from one address in 10 minutes (a one-stop counter's kiosk stays
/// well below; a script does not).
fn rate_rule() -> ThrottleRule {
    ThrottleRule::fixed(30, 600, 600)
}

fn submission(q: &Questionnaire, fields: &BTreeMap<String, String>) -> Result<Submission, Vec<(String, String)>> {
    let mut sub = Submission::new();
    let mut errors = Vec::new();
    for question in q.sections.iter().flat_map(|s| &s.questions) {
        let Some(text) = fields.get(&format!("q-{}", question.code)) else { continue };
        match parse_cell(question, text) {
            Ok(Some(v)) => {
                sub.insert(question.code.clone(), v);
            }
            Ok(None) => {}
            Err(e) => errors.push((question.code.clone(), e.to_string())),
        }
    }
    if errors.is_empty() {
        Ok(sub)
    } else {
        Err(errors)
    }
}

/// Checks and keeps a public submission made at `now`.
pub async fn submit_public(store: &dyn Store, s: &PublicSubmission, now: DateTime<Utc>) -> Result<(), PublicError> {
    let today = cchc_domain::vn_time::day(now);
    let campaign =
        store.campaign(s.campaign).await.map_err(|_| PublicError::NotOpen("Không có đợt khảo sát này.".into()))?;
    if !campaign.units.iter().any(|(u, _)| *u == s.unit) {
        return Err(PublicError::NotOpen("Đơn vị này không thuộc đợt khảo sát.".into()));
    }
    if !campaign.is_open_on(today) {
        return Err(PublicError::NotOpen("Đợt khảo sát chưa mở hoặc đã kết thúc.".into()));
    }
    let refuse = |reason: &'static str, message: &'static str| async move {
        store.record_rejection(s.campaign, Some(s.unit), reason).await?;
        Err::<(), PublicError>(PublicError::Refused { reason, message: message.into() })
    };
    if !s.honeypot.trim().is_empty() {
        return refuse("honeypot", "Không nhận được phiếu.").await;
    }
    let key = format!("sipas:{}", s.client);
    if store.login_throttle(&key, now, &rate_rule()).await?.locked_until.is_some() {
        return refuse("rate", "Đã nhận quá nhiều phiếu từ cùng một địa chỉ; vui lòng thử lại sau ít phút.").await;
    }
    store.record_login_failure(&key, now, &rate_rule()).await?;
    let q = store.questionnaire(campaign.questionnaire_id).await?.questionnaire;
    let answers = match submission(&q, &s.fields) {
        Ok(sub) => validate_answers(&q, &sub)
            .map_err(|es| es.iter().map(|e| (e.question().unwrap_or_default().to_string(), e.to_string())).collect()),
        Err(es) => Err(es),
    };
    let answers = match answers {
        Ok(a) => a,
        Err(es) => {
            store.record_rejection(s.campaign, Some(s.unit), "invalid").await?;
            return Err(PublicError::Invalid(es));
        }
    };
    let response = NewResponse {
        campaign_id: s.campaign,
        unit_id: s.unit,
        channel: Channel::Web,
        fingerprint: fingerprint(&q.code, q.version, s.unit, today, &answers),
        answers,
    };
    match store.add_responses(&Actor { user_id: None, login: "cong-khai".into() }, &[response]).await {
        Ok(_) => Ok(()),
        Err(StoreError::Conflict(_)) => refuse("duplicate", "Phiếu này đã được gửi trước đó; cảm ơn ông/bà.").await,
        Err(e) => Err(e.into()),
    }
}
