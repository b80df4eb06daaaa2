//! SIPAS (citizen satisfaction) use cases: the questionnaire template and its versions as XLSX,
//! campaigns with a sample plan per unit, the anonymous public form (answers checked by the
//! domain, abuse controls that count every refusal: rate limits per address and device,
//! one-time tokens, dossier links), results per unit, unit group and for the campaign beside
//! the previous period, open answers searched, and the XLSX and DOCX exports.

mod breakdown;
mod campaigns;
mod demo;
mod dossier;
mod intake;
mod limits;
mod paper;
mod previous;
mod public;
mod questionnaire_file;
mod report;
mod report_docx;
mod results;
mod tokens;

pub use breakdown::{group_results, open_answers, search_open, GroupLine, OpenAnswer, OpenAnswerPage, PAGE_SIZE};
pub use campaigns::{install_template, open_campaign, CampaignForm};
pub use demo::seed_demo;
pub use intake::{PublicForm, PublicIntake};
pub use limits::SipasConfig;
pub use paper::{import_paper, import_rows, PaperImport};
pub use previous::{compare_with_previous, pair, previous_campaign, PeriodComparison};
pub use public::{is_device_id, submit_public, PublicError, PublicSubmission};
pub use questionnaire_file::{
    import_questionnaire, questionnaire_table, read_version, ImportError, QuestionnaireProblems, QuestionnaireUpload,
};
pub use report::{load_bundle, results_tables, ResultsBundle};
pub use report_docx::{factor_chart, results_report};
pub use results::{results, CampaignResults, UnitResultLine};
pub use tokens::{issue_tokens, IssuedBatch, MAX_BATCH};
