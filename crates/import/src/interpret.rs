//! From blocks to the parsed document: recognise data tables by their headers, read the
//! header metadata from everything else, then tasks, targets, notice assignments, declared
//! counts and the checks that raise warnings.

use cchc_domain::budget::AmountUnit;
use cchc_domain::deadline::DeadlineKind;
use cchc_domain::plan::{DocumentFormat, DocumentInfo, DocumentKind, ParsedDocument, Warning, WarningCode};
use cchc_domain::text::fold;
use chrono::Datelike;

use crate::blocks::{Block, Para, Table};
use crate::columns::{recognise, Header, Role, TableKind};
use crate::error::ImportError;
use crate::header;
use crate::rows::{aligned_rows, tasks_from_table, Ctx};
use crate::{prose, simplify, targets};

struct DataTable<'a> {
    table: &'a Table,
    at: usize,
    extra: usize,
    header: Header,
}

fn cell_texts(table: &Table, row: usize) -> Vec<String> {
    table.rows.get(row).map(|r| r.cells.iter().map(|c| c.text.clone()).collect()).unwrap_or_default()
}

/// Finds the header row of a table; merges a second header row (`Đơn vị theo dõi | Đơn vị thực hiện`).
fn find_header(table: &Table) -> Option<(usize, usize, Header)> {
    let (at, header) = (0..table.rows.len().min(40)).find_map(|i| recognise(&cell_texts(table, i)).map(|h| (i, h)))?;
    let top = cell_texts(table, at);
    let next = cell_texts(table, at + 1);
    let second = !next.is_empty()
        && next.first().is_some_and(|c| c.trim().is_empty())
        && next.iter().filter(|c| !matches!(crate::columns::role_of(c), Role::Other)).count() >= 1
        && !next.iter().any(|c| crate::numbering::is_row_number(c));
    if second {
        let merged: Vec<String> = (0..top.len().max(next.len()))
            .map(|c| {
                format!("{} {}", top.get(c).map_or("", |s| s.as_str()), next.get(c).map_or("", |s| s.as_str()))
                    .trim()
                    .to_string()
            })
            .collect();
        if let Some(h) = recognise(&merged) {
            return Some((at, 1, h));
        }
    }
    Some((at, 0, header))
}

fn flatten(table: &Table, rows: std::ops::Range<usize>, out: &mut Vec<Para>) {
    for row in table.rows.iter().take(rows.end).skip(rows.start) {
        for cell in &row.cells {
            for (k, part) in cell.text.split('\n').enumerate() {
                let text = crate::lines::clean(part);
                if text.is_empty() {
                    continue;
                }
                let source = cell.parts.get(k).cloned().unwrap_or_else(|| cell.source.clone());
                out.push(Para { text, source, emphasized: false });
            }
        }
    }
}

/// Reads the data tables into `doc`: tasks (a table without a required column is left out
/// with a warning: tasks without owners cannot be tracked) and targets. Returns the first
/// missing column and whether a target table was read.
fn read_tables(data: &[DataTable<'_>], year: Option<i32>, doc: &mut ParsedDocument) -> (Option<ImportError>, bool) {
    let mut missing: Option<ImportError> = None;
    let mut target_table = false;
    for d in data {
        let rows = aligned_rows(d.table, d.at, &d.header, d.extra);
        match d.header.kind {
            TableKind::Tasks => {
                if let Some(role) = d.header.missing_required() {
                    let location = d.table.rows.get(d.at).map(|r| r.source.label()).unwrap_or_default();
                    doc.warnings.push(Warning::at(
                        WarningCode::MissingColumn,
                        format!("Bảng nhiệm vụ thiếu cột “{}”.", role.label()),
                        &d.table.source,
                    ));
                    missing.get_or_insert(ImportError::MissingColumn { location, column: role.label() });
                    // Tasks without owners cannot be tracked: the table is not imported.
                    continue;
                }
                let unit = d
                    .header
                    .col(Role::Budget)
                    .and_then(|c| d.header.labels.get(c))
                    .and_then(|l| AmountUnit::from_header(l))
                    .unwrap_or_default();
                let out = tasks_from_table(&rows, &d.header, Ctx { plan_year: year, budget_unit: unit });
                doc.areas.extend(out.areas);
                doc.tasks.extend(out.tasks);
                doc.warnings.extend(out.warnings);
            }
            TableKind::Targets => {
                target_table = true;
                let out = targets::from_table(&rows, &d.header);
                doc.areas.extend(out.areas);
                doc.targets.extend(out.targets);
            }
        }
    }
    (missing, target_table)
}

/// Interprets the blocks of one document.
pub fn interpret(
    blocks: &[Block],
    format: DocumentFormat,
    encoding: &str,
    default_year: Option<i32>,
) -> Result<ParsedDocument, ImportError> {
    let mut paras: Vec<Para> = Vec::new();
    let mut data: Vec<DataTable> = Vec::new();
    for b in blocks {
        match b {
            Block::Para(p) => paras.push(p.clone()),
            Block::Table(t) => match find_header(t) {
                Some((at, extra, header)) => {
                    flatten(t, 0..at, &mut paras);
                    data.push(DataTable { table: t, at, extra, header });
                }
                None => flatten(t, 0..t.rows.len(), &mut paras),
            },
        }
    }
    let h = header::extract(&paras);
    let year = h.plan_year.or(h.date.map(|d| d.year())).or(default_year);
    let mut doc = ParsedDocument {
        document: DocumentInfo {
            kind: h.kind.unwrap_or(DocumentKind::Other),
            form: h.form.unwrap_or(DocumentKind::Other),
            number: h.number.clone(),
            date: h.date,
            place: h.place.clone(),
            issuer: h.issuer.clone(),
            title: h.title.clone(),
            plan_year: h.plan_year,
            province: h.province.clone(),
            format,
            encoding: encoding.to_string(),
        },
        areas: Vec::new(),
        targets: Vec::new(),
        tasks: Vec::new(),
        warnings: Vec::new(),
        agencies_resolved: false,
    };
    let (missing, target_table) = read_tables(&data, year, &mut doc);
    let table_tasks = doc.tasks.len();
    if !target_table {
        let out = targets::from_prose(&paras);
        doc.areas.extend(out.areas);
        doc.targets.extend(out.targets);
    }
    if doc.document.kind == DocumentKind::Notice || doc.tasks.is_empty() {
        let out = prose::assignments(&paras, year);
        doc.tasks.extend(out.tasks);
        doc.warnings.extend(out.warnings);
    }
    let procedures = simplify::procedures(&paras, &doc.tasks, year);
    doc.tasks.extend(procedures);
    if h.number_blank {
        doc.warnings.push(Warning::doc(WarningCode::MissingNumber, "Số văn bản để trống (bản dự thảo?)."));
    }
    if encoding.contains("tcvn3") || encoding.contains("vni") {
        doc.warnings.push(Warning::doc(
            WarningCode::LegacyEncoding,
            format!("Văn bản dùng bảng mã cũ ({encoding}) và đã được chuyển sang Unicode; hãy kiểm tra lại chữ."),
        ));
    }
    declared_counts(&paras, &mut doc, table_tasks);
    checks(&mut doc);
    if doc.tasks.is_empty() && doc.targets.is_empty() {
        return Err(missing.unwrap_or(ImportError::NothingFound(match format {
            DocumentFormat::Text => "văn bản",
            DocumentFormat::Docx => "DOCX",
            DocumentFormat::Xlsx => "XLSX",
        })));
    }
    Ok(doc)
}

/// `36 nhiệm vụ` in a caption or the body, against the number of tasks read.
fn declared_counts(paras: &[Para], doc: &mut ParsedDocument, table_tasks: usize) {
    let top = doc.tasks.iter().filter(|t| t.parent.is_none()).count();
    let mut seen: Vec<usize> = Vec::new();
    for p in paras {
        let f = fold(&p.text);
        let words: Vec<&str> = f.split_whitespace().collect();
        for w in words.windows(3) {
            if w[1] == "nhiem" && w[2].starts_with("vu") {
                let Ok(n) = w[0].parse::<usize>() else {
                    continue;
                };
                if n == 0 || seen.contains(&n) || table_tasks == 0 {
                    continue;
                }
                seen.push(n);
                if n != top {
                    let msg =
                        format!("Văn bản nêu {n} nhiệm vụ nhưng chỉ đọc được {top} nhiệm vụ (không kể nhiệm vụ con).");
                    doc.warnings.push(Warning::at(WarningCode::DeclaredCountMismatch, msg, &p.source));
                }
            }
        }
    }
}

fn checks(doc: &mut ParsedDocument) {
    let date = doc.document.date;
    let mut extra = Vec::new();
    for t in &doc.tasks {
        if t.lead.is_empty() {
            extra.push(Warning::at(
                WarningCode::MissingLead,
                format!("Nhiệm vụ {} chưa có cơ quan chủ trì.", t.code),
                &t.source,
            ));
        }
        if !t.deadline.text.is_empty() && t.deadline.kind == DeadlineKind::Unspecified {
            extra.push(Warning::at(
                WarningCode::UnparsedDeadline,
                format!("Không hiểu thời hạn “{}” của nhiệm vụ {}.", t.deadline.text, t.code),
                &t.source,
            ));
        }
        if let (Some(due), Some(d)) = (t.deadline.due, date) {
            if due < d && t.deadline.kind == DeadlineKind::FixedDate {
                extra.push(Warning::at(
                    WarningCode::DeadlineBeforeDocument,
                    format!("Thời hạn {} của nhiệm vụ {} trước ngày ban hành văn bản.", due.format("%d/%m/%Y"), t.code),
                    &t.source,
                ));
            }
        }
    }
    doc.warnings.extend(extra);
}
