//! SIPAS questionnaires as versioned, date-effective data: sections (the five service
//! factors of DOMAIN.md §5, respondent facts, open questions), questions with their type,
//! the "không trả lời" option, the required flag, the content weight and skip logic.
//!
//! Rules chosen where the domain is silent:
//! - The status reuses the PAR [`SetStatus`]: a template is "mẫu, chưa xác nhận"; a version
//!   used by a survey is frozen and edits make a new version ([`Questionnaire::next_version`]).
//! - A factor is a section of kind `factor`; its code is the section code ("TC", "TT").
//! - Codes (sections, questions, options) are case-sensitive on storage but answers match
//!   them case- and diacritic-insensitively; they may hold letters, digits, `-`, `_`, `.`.
//! - A condition shows a question only when an earlier question was shown and answered with
//!   one of the listed codes (scale values are the codes "1"…"5"; the "không trả lời" code
//!   may be listed too). A question whose condition's question is hidden is hidden.
//! - Weights are exact hundredths ([`Points`]); 1 when not given.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::par::{Points, SetStatus};

/// The labels of the five-point scale, value 1 first.
pub const SCALE_LABELS: [&str; 5] = ["Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng"];

/// The label of the "không trả lời" option.
pub const NO_ANSWER_LABEL: &str = "Không trả lời";

/// A versioned, date-effective SIPAS questionnaire (phiếu khảo sát).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Stable code across versions, e.g. "mau-sipas".
    pub code: String,
    pub name: String,
    /// 1, 2, …: a frozen version is never edited, a new version is made instead.
    pub version: u32,
    pub effective_from: NaiveDate,
    /// Last day of validity; `None` = open-ended.
    #[serde(default)]
    pub effective_to: Option<NaiveDate>,
    pub status: SetStatus,
    /// Set once a survey used this version.
    #[serde(default)]
    pub frozen: bool,
    /// Legal basis or where the questionnaire comes from.
    #[serde(default)]
    pub source: String,
    pub sections: Vec<Section>,
}

/// What a section is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SectionKind {
    /// A service factor (yếu tố): its five-point questions are the contents of the index.
    Factor,
    /// Facts about the respondent (thông tin người trả lời): age group, sex, education.
    Respondent,
    /// Open questions (câu hỏi mở).
    Open,
}

impl SectionKind {
    /// Every kind, in the usual order of a form.
    pub const ALL: [SectionKind; 3] = [SectionKind::Factor, SectionKind::Respondent, SectionKind::Open];

    /// Vietnamese label, also the "Loại" cell of a section row.
    pub fn label_vi(self) -> &'static str {
        match self {
            SectionKind::Factor => "Yếu tố",
            SectionKind::Respondent => "Thông tin người trả lời",
            SectionKind::Open => "Câu hỏi mở",
        }
    }
}

/// One section of the questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// For a factor, the factor code ("TC", "TT", "CC", "KQ", "PA").
    pub code: String,
    pub title: String,
    pub kind: SectionKind,
    /// The factor's weight in a weighted index (ignored for other kinds).
    #[serde(default = "one")]
    pub weight: Points,
    pub questions: Vec<Question>,
    /// The row of the imported file this section came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_row: Option<u32>,
}

/// One question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Stable code ("TC1"), also the column of the coded answer sheet.
    pub code: String,
    pub text: String,
    #[serde(rename = "type")]
    pub kind: QuestionKind,
    /// The code of the "không trả lời" option; `None` = not offered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub no_answer: Option<String>,
    /// Must be answered whenever it is shown.
    #[serde(default)]
    pub required: bool,
    /// The content's weight in a weighted factor mean.
    #[serde(default = "one")]
    pub weight: Points,
    /// Skip logic: shown only when the condition holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub condition: Option<Condition>,
    /// The row of the imported file this question came from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_row: Option<u32>,
}

/// The type of a question and what it accepts; stored with a `kind` tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum QuestionKind {
    /// The five-point satisfaction scale (1 = Rất không hài lòng … 5 = Rất hài lòng).
    Scale5,
    /// Exactly one option.
    SingleChoice { options: Vec<Choice> },
    /// One or more options.
    MultipleChoice { options: Vec<Choice> },
    /// A whole number (age, number of trips), bounds inclusive.
    Number {
        #[serde(default)]
        min: Option<i64>,
        #[serde(default)]
        max: Option<i64>,
    },
    /// Free text of at most `max_len` characters.
    Text { max_len: u32 },
}

impl QuestionKind {
    /// Vietnamese label, also the "Loại" cell of a question row.
    pub fn label_vi(&self) -> &'static str {
        match self {
            QuestionKind::Scale5 => "Thang 5 mức",
            QuestionKind::SingleChoice { .. } => "Một lựa chọn",
            QuestionKind::MultipleChoice { .. } => "Nhiều lựa chọn",
            QuestionKind::Number { .. } => "Số",
            QuestionKind::Text { .. } => "Văn bản",
        }
    }

    /// The options of a choice question (empty for other types).
    pub fn options(&self) -> &[Choice] {
        match self {
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => options,
            _ => &[],
        }
    }

    /// The codes a condition on this question may list (scale values or option codes),
    /// `None` when conditions on this type are not allowed (number, text).
    pub fn condition_codes(&self) -> Option<Vec<String>> {
        match self {
            QuestionKind::Scale5 => Some((1..=5).map(|v: u8| v.to_string()).collect()),
            QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
                Some(options.iter().map(|o| o.code.clone()).collect())
            }
            QuestionKind::Number { .. } | QuestionKind::Text { .. } => None,
        }
    }
}

/// One option of a choice question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// Skip logic: show the question only when `question` was answered with one of `any_of`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Condition {
    pub question: String,
    pub any_of: Vec<String>,
}

fn one() -> Points {
    Points::whole(1)
}

impl Question {
    /// A question with a code, a text and a type; optional, weight 1, no condition.
    pub fn new(code: &str, text: &str, kind: QuestionKind) -> Question {
        Question {
            code: code.to_string(),
            text: text.to_string(),
            kind,
            no_answer: None,
            required: false,
            weight: one(),
            condition: None,
            source_row: None,
        }
    }
}

impl Section {
    /// A section with a code, a title and a kind; weight 1, no questions.
    pub fn new(code: &str, title: &str, kind: SectionKind) -> Section {
        Section {
            code: code.to_string(),
            title: title.to_string(),
            kind,
            weight: one(),
            questions: Vec::new(),
            source_row: None,
        }
    }
}

impl Questionnaire {
    /// True when the questionnaire applies on `date`.
    pub fn is_effective_on(&self, date: NaiveDate) -> bool {
        self.effective_from <= date && self.effective_to.is_none_or(|to| date <= to)
    }

    /// True when an edit must make a new version instead of changing this one.
    pub fn editing_requires_new_version(&self) -> bool {
        self.frozen
    }

    /// The next version, editable, effective from `from`; the caller closes this one with
    /// `effective_to = from - 1 day` when it stores both.
    pub fn next_version(&self, from: NaiveDate) -> Questionnaire {
        Questionnaire {
            version: self.version + 1,
            effective_from: from,
            effective_to: None,
            frozen: false,
            ..self.clone()
        }
    }

    /// Every question in document order with its section.
    pub fn questions(&self) -> impl Iterator<Item = (&Section, &Question)> {
        self.sections.iter().flat_map(|s| s.questions.iter().map(move |q| (s, q)))
    }

    /// The question with `code`.
    pub fn question(&self, code: &str) -> Option<&Question> {
        self.questions().map(|(_, q)| q).find(|q| q.code == code)
    }

    /// The factor sections in document order.
    pub fn factors(&self) -> impl Iterator<Item = &Section> {
        self.sections.iter().filter(|s| s.kind == SectionKind::Factor)
    }

    /// Position of each question code in document order (first occurrence).
    pub fn positions(&self) -> BTreeMap<&str, usize> {
        let mut out = BTreeMap::new();
        for (i, (_, q)) in self.questions().enumerate() {
            out.entry(q.code.as_str()).or_insert(i);
        }
        out
    }
}

/// The questionnaire with `code` that applies on `date`: an adopted one wins over a
/// template, then the highest version.
pub fn effective_questionnaire<'a>(
    list: &'a [Questionnaire],
    code: &str,
    date: NaiveDate,
) -> Option<&'a Questionnaire> {
    list.iter()
        .filter(|q| q.code == code && q.is_effective_on(date))
        .max_by_key(|q| (q.status == SetStatus::Adopted, q.version))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
    }

    fn questionnaire(version: u32, status: SetStatus, from: NaiveDate) -> Questionnaire {
        let mut factor = Section::new("TC", "Tiếp cận dịch vụ", SectionKind::Factor);
        factor.questions.push(Question::new("TC1", "Biển chỉ dẫn", QuestionKind::Scale5));
        Questionnaire {
            code: "q".into(),
            name: "Q".into(),
            version,
            effective_from: from,
            effective_to: None,
            status,
            frozen: false,
            source: String::new(),
            sections: vec![factor],
        }
    }

    #[test]
    fn adopted_then_highest_version_applies() {
        let list = vec![
            questionnaire(1, SetStatus::Adopted, date(2024, 1, 1)),
            questionnaire(2, SetStatus::Template, date(2024, 1, 1)),
            questionnaire(3, SetStatus::Adopted, date(2025, 1, 1)),
        ];
        let cases = [(date(2024, 6, 1), Some(1)), (date(2025, 6, 1), Some(3)), (date(2023, 6, 1), None)];
        for (on, want) in cases {
            assert_eq!(effective_questionnaire(&list, "q", on).map(|q| q.version), want, "{on}");
        }
        assert!(effective_questionnaire(&list, "other", date(2025, 6, 1)).is_none());
    }

    #[test]
    fn frozen_versions_are_copied_not_edited() {
        let mut q = questionnaire(1, SetStatus::Adopted, date(2024, 1, 1));
        assert!(!q.editing_requires_new_version());
        q.frozen = true;
        assert!(q.editing_requires_new_version());
        let next = q.next_version(date(2025, 1, 1));
        assert_eq!((next.version, next.frozen, next.effective_from), (2, false, date(2025, 1, 1)));
        assert_eq!(next.sections, q.sections);
    }

    #[test]
    fn json_uses_type_tags_and_defaults() -> Result<(), serde_json::Error> {
        let json = r#"{"code":"TC1","text":"x","type":{"kind":"single_choice","options":[{"code":"1","label":"Có"}]}}"#;
        let q: Question = serde_json::from_str(json)?;
        assert_eq!((q.weight, q.required, q.no_answer.clone()), (Points::whole(1), false, None));
        assert_eq!(q.kind.options().len(), 1);
        assert_eq!(QuestionKind::Scale5.condition_codes().map(|c| c.len()), Some(5));
        assert_eq!(QuestionKind::Text { max_len: 5 }.condition_codes(), None);
        let back: Question = serde_json::from_str(&serde_json::to_string(&q)?)?;
        assert_eq!(back, q);
        Ok(())
    }
}
