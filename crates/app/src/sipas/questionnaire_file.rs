//! A questionnaire version as an XLSX file and back: the office downloads a version (sections,
//! questions with their type, options with "không trả lời", conditions, required flags,
//! weights; the meaning of the cells is the domain's `rows` layout) and imports an edited file
//! as a NEW version of the same code, effective from a date. A stored version is never edited
//! in place, so a version frozen by a campaign stays as the campaign used it.
//!
//! Rules chosen where the domain is silent:
//! - The new version starts strictly after the version it was edited from, so the two never
//!   take effect on the same first day; the older one stays as it was (the date-effective
//!   choice of [`cchc_domain::sipas::effective_questionnaire`] picks the newer one from then).
//! - A version is a template ("mẫu, chưa xác nhận") unless the office states it was adopted;
//!   a template keeps that label in its name.
//! - Any error (layout or questionnaire) refuses the whole file: nothing is stored.

use cchc_domain::par::{SetStatus, Severity};
use cchc_domain::sipas::{export_rows, parse_rows, validate_questionnaire, Questionnaire};
use cchc_domain::user::Actor;
use cchc_export::{Cell, Column, Table};
use cchc_storage::model_sipas::StoredQuestionnaire;
use cchc_storage::Store;
use chrono::NaiveDate;

use crate::accounts::ServiceError;

/// The label a template carries in its name.
const TEMPLATE_LABEL: &str = "mẫu, chưa xác nhận";

/// What the office sends with an edited file.
#[derive(Debug, Clone)]
pub struct QuestionnaireUpload {
    /// The stored version the file was edited from.
    pub base: i64,
    /// The new version's name; empty keeps the base's name.
    pub name: String,
    pub effective_from: NaiveDate,
    /// The province adopted this version (else it is a template).
    pub adopted: bool,
}

/// Why an import stored nothing: the problems, by row where known.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuestionnaireProblems(pub Vec<(Option<u32>, String)>);

impl QuestionnaireProblems {
    /// One line per problem, "Dòng n: …" when the row is known.
    pub fn lines(&self) -> Vec<String> {
        self.0.iter().map(|(row, m)| row.map_or_else(|| m.clone(), |r| format!("Dòng {r}: {m}"))).collect()
    }
}

/// The XLSX table of a questionnaire version: title and facts above, the rows layout below.
pub fn questionnaire_table(q: &Questionnaire) -> Table {
    let widths = [10.0, 30.0, 60.0, 18.0, 34.0, 10.0, 18.0, 10.0];
    let rows = export_rows(&q.sections);
    let header = rows.first().cloned().unwrap_or_default();
    let cols = header.iter().zip(widths).map(|(h, w)| Column::new(h, w)).collect();
    let mut t = Table::new("Phiếu khảo sát", &format!("PHIẾU KHẢO SÁT: {}", q.name.to_uppercase()), cols);
    let to = q.effective_to.map(|d| format!(" đến {}", d.format("%d/%m/%Y"))).unwrap_or_default();
    t.subtitle.push(format!(
        "Mã {} · phiên bản {} · hiệu lực từ {}{to} · {}",
        q.code,
        q.version,
        q.effective_from.format("%d/%m/%Y"),
        q.status.label_vi()
    ));
    for row in rows.into_iter().skip(1) {
        t.push(row.into_iter().map(|c| if c.is_empty() { Cell::Empty } else { Cell::Text(c) }).collect());
    }
    t
}

fn refuse(problems: Vec<(Option<u32>, String)>) -> Result<StoredQuestionnaire, ImportError> {
    Err(ImportError::Problems(QuestionnaireProblems(problems)))
}

/// Why an import failed.
#[derive(Debug)]
pub enum ImportError {
    /// The file or the questionnaire in it is wrong; nothing stored.
    Problems(QuestionnaireProblems),
    Service(ServiceError),
}

impl From<ServiceError> for ImportError {
    fn from(e: ServiceError) -> Self {
        ImportError::Service(e)
    }
}

impl From<cchc_storage::StoreError> for ImportError {
    fn from(e: cchc_storage::StoreError) -> Self {
        ImportError::Service(e.into())
    }
}

/// The questionnaire of an edited file, checked, as the next version of `base`.
pub fn read_version(
    base: &Questionnaire,
    up: &QuestionnaireUpload,
    rows: &[(u32, Vec<String>)],
) -> Result<Questionnaire, QuestionnaireProblems> {
    let parsed = parse_rows(rows);
    let mut problems: Vec<(Option<u32>, String)> =
        parsed.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| (p.row, p.message.clone())).collect();
    if up.effective_from <= base.effective_from {
        problems.push((
            None,
            format!(
                "Ngày hiệu lực của phiên bản mới phải sau {} (ngày hiệu lực của phiên bản {}).",
                base.effective_from.format("%d/%m/%Y"),
                base.version
            ),
        ));
    }
    let mut name = if up.name.trim().is_empty() { base.name.clone() } else { up.name.trim().to_string() };
    let status = if up.adopted { SetStatus::Adopted } else { SetStatus::Template };
    if status == SetStatus::Template && !name.contains(TEMPLATE_LABEL) {
        name = format!("{name} ({TEMPLATE_LABEL})");
    }
    let q = Questionnaire { name, status, sections: parsed.sections, ..base.next_version(up.effective_from) };
    problems.extend(
        validate_questionnaire(&q).into_iter().filter(|p| p.severity == Severity::Error).map(|p| (p.row, p.message)),
    );
    if problems.is_empty() {
        Ok(q)
    } else {
        problems.sort_by_key(|(row, _)| row.unwrap_or(u32::MAX));
        Err(QuestionnaireProblems(problems))
    }
}

/// Imports `bytes` (XLSX or CSV) as a new version of the questionnaire `up.base`.
pub async fn import_questionnaire(
    store: &dyn Store,
    actor: &Actor,
    up: &QuestionnaireUpload,
    file_name: &str,
    bytes: &[u8],
) -> Result<StoredQuestionnaire, ImportError> {
    let base = store.questionnaire(up.base).await?.questionnaire;
    let rows = match cchc_table::read_rows(bytes, file_name, &cchc_table::Limits::default()) {
        Ok(rows) => rows,
        Err(e) => return refuse(vec![(None, e.to_string())]),
    };
    let rows: Vec<(u32, Vec<String>)> = rows.into_iter().map(|r| (r.line as u32, r.cells)).collect();
    match read_version(&base, up, &rows) {
        Ok(q) => Ok(store.save_questionnaire(actor, &q).await?),
        Err(p) => refuse(p.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cchc_domain::sipas::questionnaire_template;

    fn upload(from: NaiveDate, adopted: bool) -> QuestionnaireUpload {
        QuestionnaireUpload { base: 1, name: String::new(), effective_from: from, adopted }
    }

    fn numbered(rows: Vec<Vec<String>>) -> Vec<(u32, Vec<String>)> {
        rows.into_iter().zip(3..).map(|(r, n)| (n, r)).collect()
    }

    #[test]
    fn an_exported_version_reads_back_as_the_next_one() -> Result<(), Box<dyn std::error::Error>> {
        let base = questionnaire_template()?;
        let later = base.effective_from + chrono::Duration::days(1);
        let q = read_version(&base, &upload(later, false), &numbered(export_rows(&base.sections)))
            .map_err(|p| p.lines().join("; "))?;
        let strip = |q: &Questionnaire| {
            let mut s = q.sections.clone();
            for x in &mut s {
                x.source_row = None;
                x.questions.iter_mut().for_each(|y| y.source_row = None);
            }
            s
        };
        assert_eq!(strip(&q), strip(&base));
        assert_eq!((q.version, q.effective_from, q.frozen, q.status), (base.version + 1, later, false, base.status));
        assert!(q.name.contains(TEMPLATE_LABEL));
        let adopted = read_version(
            &base,
            &QuestionnaireUpload { name: "Phiếu 2026".into(), ..upload(later, true) },
            &numbered(export_rows(&base.sections)),
        )
        .map_err(|p| p.lines().join("; "))?;
        assert_eq!((adopted.name.as_str(), adopted.status), ("Phiếu 2026", SetStatus::Adopted));
        Ok(())
    }

    #[test]
    fn errors_come_by_row_and_refuse_the_file() -> Result<(), Box<dyn std::error::Error>> {
        let base = questionnaire_template()?;
        let mut rows = export_rows(&base.sections);
        rows[2][3] = "Thang 7 mức".into();
        rows[3][6] = "KHONGCO = 1".into();
        let got = read_version(&base, &upload(base.effective_from, false), &numbered(rows))
            .err()
            .map(|p| p.0.into_iter().map(|(row, _)| row).collect::<Vec<_>>());
        // Row numbers: header on row 3, so rows[2] is row 5 and rows[3] is row 6; the date
        // problem has no row and comes last.
        assert_eq!(got, Some(vec![Some(5), Some(6), None]));
        Ok(())
    }
}
