//! The PAR index (Chỉ số cải cách hành chính): criteria sets as versioned, date-effective
//! data, scoring methods, validation and the row layout provinces publish, the index formula
//! with classification bands and ranking, the projected score from live data, and the
//! per-criterion review record.
//!
//! Points are exact hundredths ([`Points`]); nothing here does I/O or reads the clock.
//! Where the domain is silent a submodule picks a rule and lists it in its own `//!` header.

pub mod band_rows;
pub mod bands;
pub mod criteria;
pub mod export;
pub mod live_text;
pub mod method;
pub mod method_text;
pub mod owner;
pub mod points;
pub mod projection;
pub mod review;
pub mod rows;
pub mod score;
pub mod standing;
pub mod templates;
pub mod validate;

pub use band_rows::{band_set_problems, parse_band_rows, BandRow};
pub use bands::{effective_bands, Band, BandSet};
pub use criteria::{effective_set, Component, ComponentShare, CriteriaSet, Node, NodeRef, SetStatus, UnitGroup};
pub use export::export_rows;
pub use method::{Level, ScoreError, ScoreInput, ScoringMethod, Threshold};
pub use method_text::{method_text, parse_method_text, ParsedMethod};
pub use points::{Points, PointsError};
pub use projection::{project, LiveLink, Projected, Projection, ProjectionSource};
pub use review::{check_mark, final_marks, validate_appraisal, validate_self_assessment, CriterionScore, ReviewError};
pub use rows::{parse_rows, ParsedRows};
pub use score::{check_marks, compute, index_of, ComponentResult, Mark, MarkProblem, NodeResult, UnitResult};
pub use standing::{rank_group, GroupEntry, LastYear, Standing};
pub use templates::{bands_template, criteria_templates};
pub use validate::{is_valid, validate_set, Problem, Severity};
