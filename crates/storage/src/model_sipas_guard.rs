//! Records of the SIPAS public form's abuse controls: one-time tokens (kept as hashes) and
//! what a public submission carries besides its answers (token, dossier link).

use cchc_domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A one-time token as stored: its hash only, never the token.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenRecord {
    pub campaign_id: i64,
    pub unit_id: UnitId,
    /// The print batch it came from (numbered per campaign).
    pub batch: i64,
    /// Last day the token is accepted (Vietnam time).
    pub expires_on: NaiveDate,
    pub used_at: Option<DateTime<Utc>>,
}

/// Tokens issued and used, per unit of a campaign.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TokenCount {
    pub unit_id: UnitId,
    pub issued: i64,
    pub used: i64,
}

/// What ties a public response to a token or a dossier, checked in the transaction that
/// stores it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PublicLink {
    /// SHA-256 (hex) of the one-time token the link carried.
    pub token_hash: Option<String>,
    /// A dossier code of the index-766 records, already checked against the unit and period.
    pub dossier_code: Option<String>,
    /// Today in Vietnam time: a token expiring before it is refused.
    pub today: Option<NaiveDate>,
}

/// What became of a public response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicOutcome {
    /// Stored with this id (and its token, if any, marked used).
    Stored(i64),
    /// Same fingerprint as a response already received: nothing stored.
    Duplicate,
    /// The token is used, expired or not of this campaign and unit: nothing stored.
    TokenSpent,
    /// The dossier already has a response in this campaign: nothing stored.
    DossierUsed,
}
