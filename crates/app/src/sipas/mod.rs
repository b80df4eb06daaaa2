//! SIPAS (citizen satisfaction) use cases: the questionnaire template, campaigns with a
//! sample plan per unit, the anonymous public form (answers checked by the domain, abuse
//! controls that count every refusal), and results per unit and for the campaign.

mod campaigns;
mod demo;
mod paper;
mod public;
mod results;

pub use campaigns::{install_template, open_campaign, CampaignForm};
pub use demo::seed_demo;
pub use paper::{import_paper, import_rows, PaperImport};
pub use public::{submit_public, PublicError, PublicSubmission};
pub use results::{results, CampaignResults, UnitResultLine};
