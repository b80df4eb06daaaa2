//! SIPAS (citizen satisfaction) use cases: the questionnaire template, campaigns with a
//! sample plan per unit, the anonymous public form (answers checked by the domain, abuse
//! controls that count every refusal: rate limits per address and device, one-time tokens,
//! dossier links), and results per unit and for the campaign.

mod campaigns;
mod demo;
mod dossier;
mod limits;
mod paper;
mod public;
mod results;
mod tokens;

pub use campaigns::{install_template, open_campaign, CampaignForm};
pub use demo::seed_demo;
pub use limits::SipasConfig;
pub use paper::{import_paper, PaperImport};
pub use public::{is_device_id, submit_public, PublicError, PublicSubmission};
pub use results::{results, CampaignResults, UnitResultLine};
pub use tokens::{issue_tokens, IssuedBatch, MAX_BATCH};
