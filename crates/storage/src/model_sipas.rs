//! Records of the SIPAS area as the store returns them: questionnaires, campaigns, responses.

use cchc_domain::sipas::{NormalisedAnswers, Questionnaire};
use cchc_domain::unit::UnitId;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

/// A questionnaire as stored: one row per version.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredQuestionnaire {
    pub id: i64,
    pub questionnaire: Questionnaire,
    pub created_at: DateTime<Utc>,
}

/// A survey campaign: a questionnaire, a period, the units surveyed with their quotas.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Campaign {
    pub id: i64,
    pub name: String,
    pub questionnaire_id: i64,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub units: Vec<(UnitId, i64)>,
}

impl Campaign {
    /// Open for answers on `day`.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        self.period_from <= day && day <= self.period_to
    }
}

/// A campaign to open.
#[derive(Debug, Clone, PartialEq)]
pub struct NewCampaign {
    pub name: String,
    pub questionnaire_id: i64,
    pub period_from: NaiveDate,
    pub period_to: NaiveDate,
    pub units: Vec<(UnitId, i64)>,
}

/// How an answer sheet arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// The anonymous public form (link or QR code).
    Web,
    /// A paper form typed in by staff.
    Paper,
    /// A face-to-face or phone interview entered by staff.
    Interview,
}

impl Channel {
    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Channel::Web => "web",
            Channel::Paper => "paper",
            Channel::Interview => "interview",
        }
    }

    /// Parses a stored code.
    pub fn parse(s: &str) -> Option<Channel> {
        [Channel::Web, Channel::Paper, Channel::Interview].into_iter().find(|c| c.code() == s)
    }
}

/// A response to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewResponse {
    pub campaign_id: i64,
    pub unit_id: UnitId,
    pub channel: Channel,
    pub answers: NormalisedAnswers,
    /// Same answers, unit and day give the same fingerprint: a second one is a duplicate.
    pub fingerprint: String,
}

/// A stored response (anonymous: no respondent, no address).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StoredResponse {
    pub id: i64,
    pub unit_id: UnitId,
    pub channel: Channel,
    pub answers: NormalisedAnswers,
    pub created_at: DateTime<Utc>,
}

/// Per unit of a campaign: accepted responses, and rejected submissions by reason.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct ResponseCounts {
    pub accepted: Vec<(UnitId, i64)>,
    /// (reason, count) over the whole campaign.
    pub rejected: Vec<(String, i64)>,
}
