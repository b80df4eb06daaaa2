//! The anonymous public form: no account, no personal data kept. A submission is refused and
//! counted (never silently dropped) when the honeypot field is filled, when one address or one
//! device sends too many, when its one-time token is forged, unknown, used or expired, when its
//! dossier code is not one of the unit's in the period or already answered, when the answers
//! break the questionnaire, or when it repeats one already received (same answers, unit, day).
//! The counts of the address and the device, the refusal or the answers, the token's use and
//! the dossier link are one write (see [`super::intake`]).

use std::collections::BTreeMap;

use cchc_domain::sipas::{fingerprint, parse_cell, validate_answers, Questionnaire, Submission, Token};
use cchc_domain::unit::UnitId;
use cchc_storage::model_sipas::{Channel, NewResponse};
use cchc_storage::model_sipas_guard::{PublicAttempt, PublicLink, PublicVerdict};
use cchc_storage::{Store, StoreError};
use chrono::{DateTime, Utc};

use super::intake::{PublicForm, PublicIntake};
use super::SipasConfig;
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
    /// The anonymous device cookie the form page set (`None`: the browser sent none).
    pub device: Option<String>,
    /// The one-time token the link carried (`?t=`), empty when none.
    pub token: String,
    /// The optional "Mã hồ sơ" field, empty when not given.
    pub dossier: String,
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
    /// Refused and counted: why (`honeypot`, `rate`, `device`, `no_device`, `token_forged`,
    /// `token_unknown`, `token_used`, `token_expired`, `dossier_used`, `duplicate`) and the
    /// message for the respondent.
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

/// Checks and keeps a public submission made at `now` under the form's rate `limits`.
/// Everything that needs no counter is checked first (the honeypot and a missing device
/// cookie are refused at once); the rest is one write through `intake`'s group commit: the
/// address's and device's counts, then the refusal (counted with its reason) or the answers.
pub async fn submit_public(
    store: &dyn Store,
    intake: &PublicIntake,
    s: &PublicSubmission,
    limits: &SipasConfig,
    now: DateTime<Utc>,
) -> Result<(), PublicError> {
    let today = cchc_domain::vn_time::day(now);
    let form = intake.form(store, s.campaign).await.map_err(|e| match e {
        StoreError::NotFound(_) => PublicError::NotOpen("Không có đợt khảo sát này.".into()),
        e => e.into(),
    })?;
    let campaign = &form.campaign;
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
    let Some(device) = s.device.as_deref().filter(|d| is_device_id(d)) else {
        return refuse("no_device", NO_DEVICE).await;
    };
    let (early, content) = match prepare(store, &form, s, today).await? {
        Ok(c) => (None, Ok(c)),
        Err(e) => (Some(e.clone()), Err(e.reason())),
    };
    let attempt = PublicAttempt {
        campaign_id: s.campaign,
        unit_id: s.unit,
        at: now,
        address: (format!("sipas:{}", s.client), limits.address_rule()),
        device: (format!("sipas-device:{device}"), limits.device_rule()),
        content,
    };
    let reason = match intake.store(attempt).await? {
        PublicVerdict::Stored(_) => return Ok(()),
        PublicVerdict::Refused(reason) => reason,
    };
    Err(match early {
        Some(Early::Invalid(r, errors)) if r == reason => PublicError::Invalid(errors),
        Some(Early::Refused(r, message)) if r == reason => PublicError::Refused { reason, message: message.into() },
        _ => PublicError::Refused { reason, message: message_of(reason).into() },
    })
}

/// Why the app refuses a submission before the write: a refusal with its message, or
/// answers (or a dossier code) the form shows again with the problems found.
#[derive(Debug, Clone)]
enum Early {
    Refused(&'static str, &'static str),
    Invalid(&'static str, Vec<(String, String)>),
}

impl Early {
    fn reason(&self) -> &'static str {
        match self {
            Early::Refused(r, _) | Early::Invalid(r, _) => r,
        }
    }
}

/// The response to store with its links, or why it is refused: the token, then the dossier
/// code, then the answers.
async fn prepare(
    store: &dyn Store,
    form: &PublicForm,
    s: &PublicSubmission,
    today: chrono::NaiveDate,
) -> Result<Result<(NewResponse, PublicLink), Early>, PublicError> {
    let token = match check_token(store, s, today).await? {
        Ok(t) => t,
        Err((reason, message)) => return Ok(Err(Early::Refused(reason, message))),
    };
    let dossier = match super::dossier::check(store, &form.campaign, s.unit, &s.dossier).await? {
        Ok(d) => d,
        Err(message) => return Ok(Err(Early::Invalid("dossier", vec![("dossier".into(), message)]))),
    };
    let q = &form.questionnaire;
    let answers = match submission(q, &s.fields) {
        Ok(sub) => validate_answers(q, &sub)
            .map_err(|es| es.iter().map(|e| (e.question().unwrap_or_default().to_string(), e.to_string())).collect()),
        Err(es) => Err(es),
    };
    let answers = match answers {
        Ok(a) => a,
        Err(es) => return Ok(Err(Early::Invalid("invalid", es))),
    };
    let response = NewResponse {
        campaign_id: s.campaign,
        unit_id: s.unit,
        channel: Channel::Web,
        fingerprint: fingerprint(&q.code, q.version, s.unit, today, &answers),
        answers,
    };
    let link = PublicLink { token_hash: token.map(|t| t.digest()), dossier_code: dossier, today: Some(today) };
    Ok(Ok((response, link)))
}

/// The respondent's message for a refusal the store decided.
fn message_of(reason: &str) -> &'static str {
    match reason {
        "rate" => "Đã nhận quá nhiều phiếu từ cùng một địa chỉ; vui lòng thử lại sau ít phút.",
        "device" => "Thiết bị này đã gửi đủ số phiếu cho phép; xin cảm ơn ông/bà.",
        "duplicate" => "Phiếu này đã được gửi trước đó; cảm ơn ông/bà.",
        "token_used" => TOKEN_USED,
        "dossier_used" => DOSSIER_USED,
        _ => "Không nhận được phiếu.",
    }
}

const NO_DEVICE: &str = "Trình duyệt chưa nhận phiếu từ trang khảo sát; vui lòng mở lại đường dẫn và gửi lại.";
const TOKEN_USED: &str = "Mã khảo sát này đã được dùng. Mỗi mã chỉ dùng cho một phiếu.";
const DOSSIER_USED: &str = "Hồ sơ này đã có phiếu đánh giá trong đợt khảo sát; xin cảm ơn ông/bà.";

/// The device cookie as the form page makes it: 32 lower-case hexadecimal digits.
pub fn is_device_id(s: &str) -> bool {
    s.len() == 32 && s.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The link's token, if any: `Err((reason, message))` when it is forged, unknown, of another
/// unit, used or expired. Whether it is still unused is checked again when the answers are
/// stored (two submissions may race with one token).
async fn check_token(
    store: &dyn Store,
    s: &PublicSubmission,
    today: chrono::NaiveDate,
) -> Result<Result<Option<Token>, (&'static str, &'static str)>, PublicError> {
    if s.token.trim().is_empty() {
        return Ok(Ok(None));
    }
    let Ok(token) = Token::parse(&s.token) else {
        return Ok(Err(("token_forged", "Mã khảo sát không hợp lệ; vui lòng quét lại mã QR trên phiếu.")));
    };
    let record = store.token(&token.digest()).await?;
    Ok(match record {
        Some(r) if r.campaign_id != s.campaign || r.unit_id != s.unit => {
            Err(("token_unknown", "Mã khảo sát không thuộc đơn vị này."))
        }
        None => Err(("token_unknown", "Mã khảo sát không có trong danh sách đã phát.")),
        Some(r) if r.used_at.is_some() => Err(("token_used", TOKEN_USED)),
        Some(r) if r.expires_on < today => Err(("token_expired", "Mã khảo sát đã hết hạn.")),
        Some(_) => Ok(Some(token)),
    })
}
