//! One-time survey tokens: the office prints a batch per unit (a QR code and the typed code on
//! each slip); only their digests are stored, so the batch is shown once, when it is made.

use cchc_domain::sipas::Token;
use cchc_domain::unit::UnitId;
use cchc_domain::user::Actor;
use cchc_domain::validation::FieldErrors;
use cchc_storage::Store;
use chrono::NaiveDate;
use rand::RngCore;

use crate::accounts::ServiceError;

/// Largest batch printed at once (a ream of A4 at 8 slips a page is 4 000; a batch is a day's
/// counter work).
pub const MAX_BATCH: usize = 500;

/// A printed batch: the tokens in clear, shown once.
#[derive(Debug, Clone)]
pub struct IssuedBatch {
    pub batch: i64,
    pub tokens: Vec<Token>,
    pub expires_on: NaiveDate,
}

fn invalid(field: &str, message: &str) -> ServiceError {
    let mut e = FieldErrors::default();
    e.add(field, message);
    ServiceError::Invalid(e)
}

/// Makes `count` tokens for `unit` in `campaign`, valid until `expires_on` (at the latest the
/// campaign's last day), from the operating system's random generator.
pub async fn issue_tokens(
    store: &dyn Store,
    actor: &Actor,
    campaign: i64,
    unit: UnitId,
    count: usize,
    expires_on: Option<NaiveDate>,
) -> Result<IssuedBatch, ServiceError> {
    if count == 0 || count > MAX_BATCH {
        return Err(invalid("count", &format!("Số mã mỗi lần in từ 1 đến {MAX_BATCH}.")));
    }
    let c = store.campaign(campaign).await?;
    if !c.units.iter().any(|(u, _)| *u == unit) {
        return Err(invalid("unit", "Đơn vị này không thuộc đợt khảo sát."));
    }
    let expires_on = expires_on.unwrap_or(c.period_to);
    if expires_on > c.period_to || expires_on < c.period_from {
        return Err(invalid("expires_on", "Hạn dùng mã phải nằm trong thời gian của đợt khảo sát."));
    }
    let mut rng = rand::rngs::OsRng;
    let tokens: Vec<Token> = (0..count)
        .map(|_| {
            let mut b = [0u8; 10];
            rng.fill_bytes(&mut b);
            Token::from_bytes(b)
        })
        .collect();
    let hashes: Vec<String> = tokens.iter().map(Token::digest).collect();
    let batch = store.issue_tokens(actor, campaign, unit, &hashes, expires_on).await?;
    Ok(IssuedBatch { batch, tokens, expires_on })
}
