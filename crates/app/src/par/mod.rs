//! PAR index (Chỉ số CCHC) use cases: criteria sets (templates, XLSX import and export),
//! rounds, a unit's self-assessment with evidence, appraisal with explanation rounds, council
//! approval, and results ranked within each unit group. The web and the CLI call these; the
//! domain (`cchc_domain::par`) scores, the store keeps.

mod assess;
mod results;
mod rounds;
mod sets;

pub use assess::{appraise, explain, save_self, submit, AppraisalInput, SelfInput};
pub use results::{results, unit_line, RoundResults, UnitLine};
pub use rounds::{group_of, open_round, RoundForm};
pub use sets::{import_set, install_templates, set_rows, ParImportError, SetMeta};
