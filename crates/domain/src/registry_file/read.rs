//! Rows of cells (a CSV file or a spreadsheet sheet) into typed [`UnitRow`]s, with every
//! cell-level problem reported by line and column.

use std::collections::HashMap;

use chrono::{Duration, NaiveDate};

use super::{Column, RowError, UnitRow};
use crate::csv::{parse, Record};
use crate::text::{clean, fold};
use crate::unit::{ChangeKind, UnitKind};

/// Reads records of string cells whose first non-blank record is the header (e.g. the first
/// sheet of an XLSX workbook, each cell rendered as text, with its row number as the line).
pub fn read_table(records: &[Record]) -> Result<Vec<UnitRow>, Vec<RowError>> {
    let start = records.iter().position(|r| !is_blank(r)).unwrap_or(records.len());
    read_records(&unneutralised(&records[start..]))
}

/// Cells as written before [`crate::csv::neutralise`] protected them from spreadsheets, so an
/// exported registry reads back as it was.
fn unneutralised(records: &[Record]) -> Vec<Record> {
    let cell = |c: &String| crate::csv::unneutralise(c).to_string();
    records.iter().map(|r| Record { line: r.line, cells: r.cells.iter().map(cell).collect() }).collect()
}

/// Reads CSV text (UTF-8 with or without BOM; `,`, `;` or tab delimiter).
pub fn read_csv(text: &str) -> Result<Vec<UnitRow>, Vec<RowError>> {
    let records = parse(text).map_err(|e| vec![RowError { line: e.line, column: None, message: e.message }])?;
    read_records(&unneutralised(&records))
}

fn is_blank(r: &Record) -> bool {
    r.cells.iter().all(|c| c.trim().is_empty())
}

fn read_records(records: &[Record]) -> Result<Vec<UnitRow>, Vec<RowError>> {
    let Some(header) = records.first() else {
        return Err(vec![RowError {
            line: 1,
            column: None,
            message: "tệp trống: dòng đầu phải là tiêu đề cột".to_string(),
        }]);
    };
    let columns = map_header(header)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for rec in records.iter().skip(1).filter(|r| !is_blank(r)) {
        match read_row(rec, &columns) {
            Ok(row) => rows.push(row),
            Err(es) => errors.extend(es),
        }
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

fn accepted_headers() -> String {
    Column::ALL.iter().map(|c| format!("{} ({})", c.name(), c.header_vi())).collect::<Vec<_>>().join(", ")
}

/// Column → cell position. Headers match the file name or the Vietnamese header ignoring
/// case and diacritics; an empty header or a row-number column (`STT`, `TT`) is ignored.
fn map_header(header: &Record) -> Result<HashMap<Column, usize>, Vec<RowError>> {
    let mut map: HashMap<Column, usize> = HashMap::new();
    let mut errors = Vec::new();
    let err = |message: String, column: Option<String>| RowError { line: header.line, column, message };
    for (pos, cell) in header.cells.iter().enumerate() {
        let f = fold(cell.trim().trim_end_matches('*')).replace('_', " ");
        if f.is_empty() || f == "stt" || f == "tt" {
            continue;
        }
        let col = Column::ALL.into_iter().find(|c| f == fold(c.name()).replace('_', " ") || f == fold(c.header_vi()));
        match col {
            None => errors.push(err(
                format!("cột «{}» không được hỗ trợ; các cột hợp lệ: {}", clean(cell), accepted_headers()),
                None,
            )),
            Some(c) if map.contains_key(&c) => {
                errors.push(err(format!("cột «{}» xuất hiện hai lần", clean(cell)), Some(c.name().to_string())))
            }
            Some(c) => {
                map.insert(c, pos);
            }
        }
    }
    for c in Column::ALL.into_iter().filter(|c| c.required() && !map.contains_key(c)) {
        errors.push(err(format!("thiếu cột bắt buộc `{}` ({})", c.name(), c.header_vi()), Some(c.name().to_string())));
    }
    if errors.is_empty() {
        Ok(map)
    } else {
        Err(errors)
    }
}

/// Normalises a unit code: NFC, trimmed, upper case.
pub(crate) fn normalize_code(s: &str) -> String {
    clean(s).to_uppercase()
}

fn code_error(code: &str) -> Option<String> {
    let ok = !code.is_empty()
        && code.len() <= 40
        && code.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    (!ok).then(|| format!("mã «{code}» không hợp lệ: chỉ gồm chữ cái không dấu, chữ số và - _ . (tối đa 40 ký tự)"))
}

/// Splits a `;`-separated list (line breaks also separate), cleaning each item.
fn list(s: &str) -> Vec<String> {
    s.split([';', '\n']).map(clean).filter(|x| !x.is_empty()).fold(Vec::new(), |mut acc, x| {
        if !acc.contains(&x) {
            acc.push(x);
        }
        acc
    })
}

/// Parses `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, `yyyy-mm-dd` (with an optional
/// time part) or an Excel serial day number.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    let date_part = s.split([' ', 'T']).next().unwrap_or(s);
    for fmt in ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d", "%Y/%m/%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(date_part, fmt) {
            if (1900..=2200).contains(&chrono::Datelike::year(&d)) {
                return Some(d);
            }
        }
    }
    // Spreadsheet cells read as numbers: days since 30/12/1899 (only plausible dates).
    let n: f64 = s.parse().ok()?;
    if !(10_000.0..=200_000.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(Duration::days(n.floor() as i64))
}

/// Reads one record's cells, collecting every problem.
struct RowReader<'a> {
    rec: &'a Record,
    columns: &'a HashMap<Column, usize>,
    errors: Vec<RowError>,
}

impl RowReader<'_> {
    fn cell(&self, c: Column) -> &str {
        self.columns.get(&c).and_then(|p| self.rec.cells.get(*p)).map(String::as_str).unwrap_or("")
    }

    fn err(&mut self, c: Column, message: String) {
        self.errors.push(RowError { line: self.rec.line, column: Some(c.name().to_string()), message });
    }

    fn code(&mut self, c: Column, required: bool) -> Option<String> {
        let code = normalize_code(self.cell(c));
        if code.is_empty() {
            if required {
                self.err(c, "thiếu mã đơn vị".to_string());
            }
            return None;
        }
        if let Some(m) = code_error(&code) {
            self.err(c, m);
        }
        Some(code)
    }

    fn kind(&mut self) -> Option<UnitKind> {
        let text = clean(self.cell(Column::Kind));
        let kind = UnitKind::parse(&text);
        if kind.is_none() {
            let codes: Vec<&str> = UnitKind::ALL.iter().map(|k| k.code()).collect();
            let labels: Vec<&str> = UnitKind::ALL.iter().map(|k| k.label_vi()).collect();
            let what = if text.is_empty() {
                "thiếu loại đơn vị".to_string()
            } else {
                format!("loại đơn vị «{text}» không hợp lệ")
            };
            self.err(
                Column::Kind,
                format!("{what}; dùng một trong: {} (hoặc {})", codes.join(", "), labels.join("; ")),
            );
        }
        kind
    }

    fn date(&mut self, c: Column) -> Option<NaiveDate> {
        let text = clean(self.cell(c));
        if text.is_empty() {
            return None;
        }
        let d = parse_date(&text);
        if d.is_none() {
            self.err(c, format!("ngày «{text}» không hợp lệ; dùng dd/mm/yyyy (ví dụ 28/02/2025) hoặc yyyy-mm-dd"));
        }
        d
    }

    fn change(&mut self) -> Option<ChangeKind> {
        let text = clean(self.cell(Column::Change));
        if text.is_empty() {
            return None;
        }
        let change = ChangeKind::parse(&text);
        if change.is_none() {
            let codes: Vec<&str> = ChangeKind::ALL.iter().map(|k| k.code()).collect();
            self.err(
                Column::Change,
                format!("hình thức thay đổi «{text}» không hợp lệ; dùng một trong: {}", codes.join(", ")),
            );
        }
        change
    }

    fn successor_codes(&mut self) -> Vec<String> {
        let codes: Vec<String> = list(self.cell(Column::SuccessorCodes)).iter().map(|c| normalize_code(c)).collect();
        for m in codes.iter().filter_map(|c| code_error(c)) {
            self.err(Column::SuccessorCodes, m);
        }
        codes
    }
}

fn read_row(rec: &Record, columns: &HashMap<Column, usize>) -> Result<UnitRow, Vec<RowError>> {
    let mut r = RowReader { rec, columns, errors: Vec::new() };
    let code = r.code(Column::Code, true);
    let name = clean(r.cell(Column::Name));
    if name.is_empty() {
        r.err(Column::Name, "thiếu tên đơn vị".to_string());
    }
    let kind = r.kind();
    let parent_code = r.code(Column::ParentCode, false);
    let valid_from = r.date(Column::ValidFrom);
    let valid_to = r.date(Column::ValidTo);
    let change = r.change();
    let successor_codes = r.successor_codes();
    match (code, kind) {
        (Some(code), Some(kind)) if r.errors.is_empty() => Ok(UnitRow {
            line: rec.line,
            code,
            kind,
            parent_code,
            name,
            abbreviations: list(r.cell(Column::Abbreviations)),
            aliases: list(r.cell(Column::Aliases)),
            valid_from,
            valid_to,
            change,
            successor_codes,
            note: clean(r.cell(Column::Note)),
        }),
        _ => Err(r.errors),
    }
}
