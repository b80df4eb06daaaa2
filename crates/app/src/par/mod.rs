//! PAR index (Chỉ số CCHC) use cases: criteria sets (templates, XLSX import and export),
//! classification bands the office edits,
//! rounds, a unit's self-assessment with evidence, appraisal with explanation rounds, council
//! approval, and results ranked within each unit group. The web and the CLI call these; the
//! domain (`cchc_domain::par`) scores, the store keeps.

mod assess;
mod bands;
mod cache;
mod history;
mod links;
pub mod owner;
mod projection;
pub(crate) mod report;
mod results;
mod rounds;
mod scope;
mod sets;
mod survey;

pub use assess::{appraise, explain, revise, save_self, submit, AppraisalInput, SelfInput};
pub use bands::{
    band_candidates, band_version, band_versions, bands_file, read_bands_file, round_day, save_bands, BandVersion,
};
pub use cache::ResultsCache;
pub use history::{lineage, unit_history, AreaScore, HistoryYear};
pub use links::{link_evidence, LinkInput};
pub use projection::{projection, UnitProjection};
pub use report::appraisal_report;
pub use results::{draft_line_of, results, unit_line, RoundResults, UnitLine};
pub use rounds::{group_of, open_round, RoundForm};
pub use scope::{appraisal_scope, area_of, decide, AppraisalScope};
pub use sets::{import_set, install_templates, set_rows, ParImportError, SetMeta};
pub use survey::{survey_from_sipas, SurveyTransfer};
