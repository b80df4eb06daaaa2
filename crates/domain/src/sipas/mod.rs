//! SIPAS (Chỉ số hài lòng về sự phục vụ hành chính): questionnaires as versioned,
//! date-effective data with skip logic, validation of a respondent's answers (shared by the
//! anonymous public form and paper entry), the index formula as configuration, the index
//! content → factor → index with comparison and conversion to PAR points, the sample plan,
//! the row layouts of the questionnaire and of the coded answer sheet, and abuse-control
//! primitives.
//!
//! Nothing here does I/O or reads the clock. Where the domain is silent (METHODOLOGY.md
//! §3.3: the scale and formula are unconfirmed) a submodule picks a rule and lists it in its
//! own `//!` header; every shipped default is a template ("mẫu, chưa xác nhận").

pub mod answers;
pub mod cells;
pub mod compare;
pub mod formula;
pub mod guard;
pub mod index;
pub mod questionnaire;
pub mod rows;
pub mod sample;
pub mod sheet;
pub mod templates;
pub mod validate;

#[cfg(test)]
pub(crate) mod fixture;

pub use answers::{shown, validate as validate_answers, AnswerError, AnswerValue, NormalisedAnswers, Submission};
pub use cells::{cell_of, parse_cell};
pub use compare::{compare, par_points, proportional_survey_method, Change, Comparison};
pub use formula::{effective_formula, formula_template, FormulaConfig, Mean};
pub use guard::{fingerprint, Token, TokenError};
pub use index::{compute, FactorResult, QuestionResult, Share, SipasResult, ValueCount};
pub use questionnaire::{
    effective_questionnaire, Choice, Condition, Question, QuestionKind, Questionnaire, Section, SectionKind,
};
pub use rows::{export_rows, parse_rows, ParsedSections};
pub use sample::{plan, progress, Progress, Quota, SampleError, SampleSize};
pub use sheet::{export_sheet, parse_sheet, sheet_header, CodedSheet, ParsedSheets};
pub use templates::questionnaire_template;
pub use validate::validate_questionnaire;
