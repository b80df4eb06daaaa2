//! The national bodies a province's documents name as actors outside the province
//! (`data/national_agencies.tsv`): ministries, ministerial-level and government agencies, other
//! central bodies, state groups and corporations. A phrase matches one when, ignoring case,
//! diacritics, a leading `các`, a trailing parenthesis and spacing, it is its name or one of its
//! other names; nothing approximate, so an actor outside the list stays as written.

use std::sync::OnceLock;

use chrono::NaiveDate;

use crate::text::fold;

const DATA: &str = include_str!("../../data/national_agencies.tsv");

/// One national body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NationalAgency {
    /// `TW-BTP` (as in the unit registry for ministries), `DN-EVN` for state enterprises.
    pub code: String,
    /// `ministry`, `ministerial_agency`, `government_agency`, `central_body`, `state_group`,
    /// `state_corporation`.
    pub kind: String,
    pub name: String,
    pub other_names: Vec<String>,
    /// Last day of existence of a body merged or dissolved.
    pub valid_to: Option<NaiveDate>,
}

/// An actor outside the province's registry, as a document writes it; `code`, `name` and `kind`
/// are set when it matches the national list (`Tập đoàn Điện lực Việt Nam` → `DN-EVN`). Kept
/// with the task that names it, so an import never drops a lead it could not place in the
/// province.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ExternalActor {
    pub text: String,
    pub code: Option<String>,
    pub name: Option<String>,
    /// `ministry`, `ministerial_agency`, `government_agency`, `central_body`, `state_group`,
    /// `state_corporation`, or `province` for another province's bodies.
    pub kind: Option<String>,
}

impl ExternalActor {
    /// The actor as the document wrote it, with the registry code when one matched
    /// (`Bộ Tư pháp (TW-BTP)`).
    pub fn label(&self) -> String {
        match &self.code {
            Some(c) => format!("{} ({c})", self.text),
            None => self.text.clone(),
        }
    }
}

/// The shipped list, parsed once. Malformed lines are skipped (the data test checks none are).
pub fn national_agencies() -> &'static [NationalAgency] {
    static LIST: OnceLock<Vec<NationalAgency>> = OnceLock::new();
    LIST.get_or_init(|| DATA.lines().filter_map(parse_line).collect())
}

fn parse_line(line: &str) -> Option<NationalAgency> {
    if line.trim().is_empty() || line.starts_with('#') {
        return None;
    }
    let cols: Vec<&str> = line.split('\t').collect();
    let [code, kind, name, others, valid_to] = cols.as_slice() else {
        return None;
    };
    Some(NationalAgency {
        code: code.trim().to_string(),
        kind: kind.trim().to_string(),
        name: name.trim().to_string(),
        other_names: others.split(';').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect(),
        valid_to: NaiveDate::parse_from_str(valid_to.trim(), "%d/%m/%Y").ok(),
    })
}

fn key(s: &str) -> String {
    let s = s.split('(').next().unwrap_or(s);
    let f = fold(s).replace(['-', '–', ',', '.', ';', ':'], " ");
    let words: Vec<&str> = f.split_whitespace().collect();
    let words = if words.first() == Some(&"cac") { &words[1..] } else { &words[..] };
    words.join(" ")
}

fn index() -> &'static Vec<(String, usize)> {
    static INDEX: OnceLock<Vec<(String, usize)>> = OnceLock::new();
    INDEX.get_or_init(|| {
        national_agencies()
            .iter()
            .enumerate()
            .flat_map(|(i, a)| std::iter::once(&a.name).chain(&a.other_names).map(move |n| (key(n), i)))
            .collect()
    })
}

/// The national body `phrase` names, if it is one of the list.
pub fn find_national(phrase: &str) -> Option<&'static NationalAgency> {
    let k = key(phrase);
    if k.is_empty() {
        return None;
    }
    index().iter().find(|(n, _)| *n == k).map(|(_, i)| &national_agencies()[*i])
}

/// The national body with registry code `code`.
pub fn national_by_code(code: &str) -> Option<&'static NationalAgency> {
    national_agencies().iter().find(|a| a.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_line_parses_and_codes_are_unique() {
        let lines = DATA.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).count();
        let list = national_agencies();
        assert_eq!(list.len(), lines, "a malformed line in national_agencies.tsv");
        let mut codes: Vec<&str> = list.iter().map(|a| a.code.as_str()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), list.len());
    }

    #[test]
    fn names_and_other_names_match() {
        let cases = [
            ("Tập đoàn Điện lực Việt Nam", Some("DN-EVN")),
            ("tap doan dien luc viet nam (EVN)", Some("DN-EVN")),
            ("Tập đoàn Công nghiệp - Viễn thông Quân đội", Some("DN-VIETTEL")),
            ("Viettel", Some("DN-VIETTEL")),
            ("Bộ Tư pháp", Some("TW-BTP")),
            ("Ngân hàng Nhà nước", Some("TW-NHNN")),
            ("Tổng công ty Bưu điện Việt Nam", Some("DN-VNPOST")),
            ("Viettel Hà Tĩnh", None),
            ("Sở Tư pháp", None),
        ];
        for (text, want) in cases {
            assert_eq!(find_national(text).map(|a| a.code.as_str()), want, "{text}");
        }
        assert!(national_by_code("TW-BGTVT").is_some_and(|a| a.valid_to.is_some()));
    }

    #[test]
    fn an_external_actor_is_labelled_as_written_with_its_code() {
        let evn = ExternalActor {
            text: "Tập đoàn Điện lực Việt Nam".into(),
            code: Some("DN-EVN".into()),
            ..Default::default()
        };
        assert_eq!(evn.label(), "Tập đoàn Điện lực Việt Nam (DN-EVN)");
        let other =
            ExternalActor {
                text: "UBND tỉnh Lạng Sơn".into(), kind: Some("province".into()), ..Default::default()
            };
        assert_eq!(other.label(), "UBND tỉnh Lạng Sơn");
    }
}
