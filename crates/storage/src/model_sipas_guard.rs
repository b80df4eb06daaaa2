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

/// One public submission's whole write, as the app prepared it: the rate-limit keys it counts
/// against and either the response to store or the reason it is already refused.
#[derive(Debug, Clone, PartialEq)]
pub struct PublicAttempt {
    pub campaign_id: i64,
    pub unit_id: UnitId,
    /// When it arrived; the rate-limit windows are counted from it.
    pub at: DateTime<Utc>,
    /// The client address's key and rule: every attempt not refused for the address counts.
    pub address: (String, cchc_domain::throttle::ThrottleRule),
    /// The device's key and rule: only stored responses count.
    pub device: (String, cchc_domain::throttle::ThrottleRule),
    /// The response and its links, or the reason the app refused it (a bad token, bad answers…),
    /// counted only once the address and device limits have been checked.
    pub content: Result<(crate::model_sipas::NewResponse, PublicLink), &'static str>,
}

/// What became of a [`PublicAttempt`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PublicVerdict {
    /// Stored with this id.
    Stored(i64),
    /// Refused and counted with this reason: `rate` (the address is over its limit), `device`,
    /// the app's own reason, or what the store found (`duplicate`, `token_used`,
    /// `dossier_used`).
    Refused(&'static str),
}
