//! The coded answer sheet for paper entry: one row per respondent, `Mã phiếu | Đơn vị |
//! Ngày | TC1 | TC2 | …`, values as codes. Rows are parsed into submissions and validated
//! with [`validate`]; errors are given per row so the caller can import all-or-nothing or
//! row by row.
//!
//! Rules chosen where the domain is silent:
//! - The header is the first row with "Mã phiếu", "Đơn vị" and "Ngày" columns; every other
//!   titled column must be a question code (matched exactly, else without case and
//!   diacritics). An unknown column is an error of the header row; its cells are ignored.
//! - The unit is kept as written: the caller resolves it to a unit (the resolver module).
//! - A sheet code appearing twice is an error on the second row.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::answers::{validate, AnswerError, NormalisedAnswers, Submission};
use super::cells::{cell_of, parse_cell};
use super::questionnaire::{Question, Questionnaire};
use crate::registry_file::parse_date;
use crate::text::{clean, fold};

/// The three leading columns of the sheet.
pub const SHEET_COLUMNS: [&str; 3] = ["Mã phiếu", "Đơn vị", "Ngày"];

/// One respondent's row, validated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CodedSheet {
    /// The row of the file.
    pub row: u32,
    /// Mã phiếu, as written on the paper form.
    pub sheet: String,
    /// The unit as written; resolved by the caller.
    pub unit: String,
    pub date: NaiveDate,
    pub answers: NormalisedAnswers,
}

/// Every valid row and the errors of the others.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedSheets {
    pub sheets: Vec<CodedSheet>,
    /// (row, errors); the header row's errors concern columns.
    pub errors: Vec<(u32, Vec<AnswerError>)>,
}

/// The header of an empty sheet for `q`.
pub fn sheet_header(q: &Questionnaire) -> Vec<String> {
    SHEET_COLUMNS.iter().map(ToString::to_string).chain(q.questions().map(|(_, x)| x.code.clone())).collect()
}

/// Where each column goes.
enum Column<'a> {
    Sheet,
    Unit,
    Date,
    Question(&'a Question),
    Ignored,
}

fn header<'a>(q: &'a Questionnaire, cells: &[String]) -> Option<(Vec<Column<'a>>, Vec<AnswerError>)> {
    let folded: Vec<String> = cells.iter().map(|c| fold(c)).collect();
    let fixed: Vec<String> = SHEET_COLUMNS.iter().map(|c| fold(c)).collect();
    if !fixed.iter().all(|f| folded.contains(f)) {
        return None;
    }
    let mut errors = Vec::new();
    let columns = cells
        .iter()
        .zip(&folded)
        .map(|(cell, f)| match fixed.iter().position(|x| x == f) {
            Some(0) => Column::Sheet,
            Some(1) => Column::Unit,
            Some(_) => Column::Date,
            None if f.is_empty() => Column::Ignored,
            None => {
                let exact = q.question(cell.trim());
                let found = exact.or_else(|| q.questions().map(|(_, x)| x).find(|x| fold(&x.code) == *f));
                found.map_or_else(
                    || {
                        errors.push(AnswerError::UnknownColumn(cell.trim().to_string()));
                        Column::Ignored
                    },
                    Column::Question,
                )
            }
        })
        .collect();
    Some((columns, errors))
}

/// Reads the coded rows of `q`'s sheet.
pub fn parse_sheet(q: &Questionnaire, rows: &[(u32, Vec<String>)]) -> ParsedSheets {
    let mut out = ParsedSheets::default();
    let mut columns: Option<Vec<Column<'_>>> = None;
    let mut seen: BTreeMap<String, u32> = BTreeMap::new();
    for (row, cells) in rows {
        let Some(cols) = &columns else {
            if let Some((cols, errors)) = header(q, cells) {
                if !errors.is_empty() {
                    out.errors.push((*row, errors));
                }
                columns = Some(cols);
            }
            continue;
        };
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        match read_row(q, cols, *row, cells, &mut seen) {
            Ok(sheet) => out.sheets.push(sheet),
            Err(errors) => out.errors.push((*row, errors)),
        }
    }
    if columns.is_none() {
        let first = rows.first().map_or(0, |(r, _)| *r);
        out.errors
            .push((first, vec![AnswerError::MissingField("dòng tiêu đề «Mã phiếu | Đơn vị | Ngày | mã câu hỏi…»")]));
    }
    out
}

fn read_row(
    q: &Questionnaire,
    cols: &[Column<'_>],
    row: u32,
    cells: &[String],
    seen: &mut BTreeMap<String, u32>,
) -> Result<CodedSheet, Vec<AnswerError>> {
    let mut errors = Vec::new();
    let (mut sheet, mut unit, mut date) = (String::new(), String::new(), None);
    let mut submission = Submission::new();
    for (col, text) in cols.iter().zip(cells) {
        match col {
            Column::Sheet => sheet = clean(text),
            Column::Unit => unit = clean(text),
            Column::Date if text.trim().is_empty() => {}
            Column::Date => match parse_date(text) {
                Some(d) => date = Some(d),
                None => errors.push(AnswerError::BadDate(text.trim().to_string())),
            },
            Column::Question(question) => match parse_cell(question, text) {
                Ok(Some(v)) => {
                    submission.insert(question.code.clone(), v);
                }
                Ok(None) => {}
                Err(e) => errors.push(e),
            },
            Column::Ignored => {}
        }
    }
    if sheet.is_empty() {
        errors.push(AnswerError::MissingField("mã phiếu"));
    } else if seen.contains_key(&sheet) {
        errors.push(AnswerError::DuplicateSheet(sheet.clone()));
    } else {
        seen.insert(sheet.clone(), row);
    }
    if unit.is_empty() {
        errors.push(AnswerError::MissingField("đơn vị"));
    }
    if date.is_none() && !errors.iter().any(|e| matches!(e, AnswerError::BadDate(_))) {
        errors.push(AnswerError::MissingField("ngày"));
    }
    let answers = validate(q, &submission).map_err(|mut e| {
        // Cells already refused while reading are not reported twice.
        e.retain(|x| !errors.iter().any(|y| y.question().is_some() && y.question() == x.question()));
        e
    });
    match (answers, date) {
        (Ok(answers), Some(date)) if errors.is_empty() => Ok(CodedSheet { row, sheet, unit, date, answers }),
        (Ok(_), _) => Err(errors),
        (Err(more), _) => {
            errors.extend(more);
            Err(errors)
        }
    }
}

/// The sheet for `sheets` of `q`, header first, dates as dd/mm/yyyy.
pub fn export_sheet(q: &Questionnaire, sheets: &[CodedSheet]) -> Vec<Vec<String>> {
    let mut out = vec![sheet_header(q)];
    for s in sheets {
        let mut row = vec![s.sheet.clone(), s.unit.clone(), s.date.format("%d/%m/%Y").to_string()];
        row.extend(
            q.questions().map(|(_, x)| s.answers.answers.get(&x.code).map(|v| cell_of(x, v)).unwrap_or_default()),
        );
        out.push(row);
    }
    out
}

#[cfg(test)]
#[path = "sheet_tests.rs"]
mod tests;
