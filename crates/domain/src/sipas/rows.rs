//! A questionnaire as spreadsheet rows, read and written: `Mã | Phần / Yếu tố | Câu hỏi |
//! Loại | Lựa chọn | Bắt buộc | Điều kiện | Trọng số`. The XLSX reader and writer of the
//! application move cells; the meaning of the cells lives here.
//!
//! Layout (chosen here; no published layout exists):
//! - A section row has its code, its title in "Phần / Yếu tố", its kind in "Loại" ("Yếu tố",
//!   "Thông tin người trả lời", "Câu hỏi mở") and, for a factor, its weight.
//! - A question row has its code, its text in "Câu hỏi" and its type in "Loại" ("Thang 5
//!   mức", "Một lựa chọn", "Nhiều lựa chọn", "Số", "Văn bản"); it belongs to the section above.
//! - "Lựa chọn" lists `code = label` entries, one per line or separated by `;`; the entry
//!   labelled "Không trả lời" gives the question's no-answer code. For a number it holds
//!   "Từ 0 đến 120", for a text "Tối đa 500 ký tự"; the scale's labels are fixed.
//! - "Bắt buộc": "Có" / "x" or empty. "Điều kiện": `TC1 = 4, 5` (optionally "Khi …").
//!   "Trọng số": a number with a decimal comma or point; empty = 1.
//! - Columns are found by their titles (diacritic-insensitive) in any order; rows before
//!   the header and blank rows are skipped.

use crate::par::{Points, Problem, Severity};
use crate::text::{clean, fold, nfc};

use super::answers::range_text;
use super::questionnaire::{
    Choice, Condition, Question, QuestionKind, Section, SectionKind, NO_ANSWER_LABEL, SCALE_LABELS,
};
use super::validate::problem;

/// The column titles written on export.
pub const HEADER: [&str; 8] =
    ["Mã", "Phần / Yếu tố", "Câu hỏi", "Loại", "Lựa chọn", "Bắt buộc", "Điều kiện", "Trọng số"];

/// The sections read from rows and every problem found on the way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedSections {
    pub sections: Vec<Section>,
    pub problems: Vec<Problem>,
}

#[derive(Debug, Clone, Copy)]
struct Columns([Option<usize>; 8]);

fn header_columns(cells: &[String]) -> Option<Columns> {
    let mut cols = [None; 8];
    for (i, cell) in cells.iter().enumerate() {
        let f = fold(cell);
        let slot = match f.as_str() {
            "ma" | "ma so" | "ma cau hoi" => 0,
            _ if f.contains("phan") || f.contains("yeu to") => 1,
            _ if f.contains("cau hoi") || f.contains("noi dung") => 2,
            _ if f.starts_with("loai") => 3,
            _ if f.contains("lua chon") || f.contains("phuong an") => 4,
            _ if f.contains("bat buoc") => 5,
            _ if f.contains("dieu kien") => 6,
            _ if f.contains("trong so") => 7,
            _ => continue,
        };
        cols[slot] = cols[slot].or(Some(i));
    }
    (cols[0].is_some() && cols[2].is_some() && cols[3].is_some()).then_some(Columns(cols))
}

/// Reads sections and questions from `(row number, cells)`.
pub fn parse_rows(rows: &[(u32, Vec<String>)]) -> ParsedSections {
    let mut problems = Vec::new();
    let mut sections: Vec<Section> = Vec::new();
    let mut cols: Option<Columns> = None;
    for (row, cells) in rows {
        if cols.is_none() || header_columns(cells).is_some() {
            cols = header_columns(cells).or(cols);
            continue;
        }
        let Some(Columns(c)) = cols else { continue };
        let cell = |slot: usize| c[slot].and_then(|i| cells.get(i)).map(|s| clean(s)).unwrap_or_default();
        if (0..8).all(|s| cell(s).is_empty()) {
            continue;
        }
        // The options cell keeps its line breaks: they separate entries.
        let options = c[4].and_then(|i| cells.get(i)).map(|s| nfc(s.trim())).unwrap_or_default();
        let at = |m: String| problem(Severity::Error, Some(*row), Some(&cell(0)), m);
        let kind_text = cell(3);
        if let Some(kind) = section_kind(&kind_text) {
            let mut s = Section::new(&cell(0), &cell(1), kind);
            s.source_row = Some(*row);
            s.weight = weight(&cell(7)).unwrap_or_else(|m| {
                problems.push(at(m));
                Points::whole(1)
            });
            sections.push(s);
            continue;
        }
        let question = read_question(*row, &cell, &options, &mut problems);
        match (question, sections.last_mut()) {
            (Some(q), Some(s)) => s.questions.push(q),
            (Some(q), None) => problems.push(at(format!("Câu {} nằm trước phần đầu tiên của phiếu.", q.code))),
            (None, _) => {}
        }
    }
    if cols.is_none() {
        let message = "Không thấy dòng tiêu đề (cần các cột Mã, Câu hỏi, Loại).".to_string();
        problems.push(problem(Severity::Error, None, None, message));
    }
    ParsedSections { sections, problems }
}

fn section_kind(text: &str) -> Option<SectionKind> {
    SectionKind::ALL.into_iter().find(|k| fold(k.label_vi()) == fold(text))
}

fn weight(text: &str) -> Result<Points, String> {
    if text.is_empty() {
        return Ok(Points::whole(1));
    }
    Points::parse(text).map_err(|e| format!("Trọng số: {e}"))
}

/// The question of one row, or `None` with the problems pushed.
fn read_question(
    row: u32,
    cell: &dyn Fn(usize) -> String,
    options: &str,
    problems: &mut Vec<Problem>,
) -> Option<Question> {
    let code = cell(0);
    let mut err = |m: String| problems.push(problem(Severity::Error, Some(row), Some(&code), m));
    let kind_text = fold(&cell(3));
    let mut kind = match kind_text.as_str() {
        "thang 5 muc" | "thang 5" | "thang do 5 muc" => QuestionKind::Scale5,
        "mot lua chon" | "chon mot" => QuestionKind::SingleChoice { options: Vec::new() },
        "nhieu lua chon" | "chon nhieu" => QuestionKind::MultipleChoice { options: Vec::new() },
        "so" | "so nguyen" => QuestionKind::Number { min: None, max: None },
        "van ban" | "tu do" | "cau tra loi tu do" => QuestionKind::Text { max_len: 0 },
        "" => {
            err(format!("Câu {code} chưa ghi loại câu hỏi."));
            return None;
        }
        _ => {
            err(format!("Không rõ loại câu hỏi «{}».", cell(3)));
            return None;
        }
    };
    let no_answer = read_options(&mut kind, options, &mut err);
    let required = match fold(&cell(5)).as_str() {
        "" | "khong" => false,
        "co" | "x" | "bat buoc" | "1" => true,
        _ => {
            err(format!("Cột Bắt buộc chỉ ghi «Có» hoặc để trống (đang là «{}»).", cell(5)));
            false
        }
    };
    let condition = read_condition(&cell(6)).unwrap_or_else(|m| {
        err(m);
        None
    });
    let weight = weight(&cell(7)).unwrap_or_else(|m| {
        err(m);
        Points::whole(1)
    });
    let mut q = Question::new(&code, &cell(2), kind);
    (q.no_answer, q.required, q.condition, q.weight, q.source_row) =
        (no_answer, required, condition, weight, Some(row));
    Some(q)
}

/// Fills the options (or bounds) of `kind` from the "Lựa chọn" cell; returns the
/// no-answer code.
fn read_options(kind: &mut QuestionKind, text: &str, err: &mut dyn FnMut(String)) -> Option<String> {
    let mut no_answer = None;
    let entries: Vec<&str> = if text.contains('\n') { text.split('\n').collect() } else { text.split(';').collect() };
    let mut options = Vec::new();
    let mut bounds: Option<(Option<i64>, Option<i64>)> = None;
    let mut max_len = None;
    for entry in entries.into_iter().map(str::trim).filter(|e| !e.is_empty()) {
        if let Some((code, label)) = entry.split_once('=') {
            let (code, label) = (code.trim().to_string(), clean(label));
            if fold(&label) == fold(NO_ANSWER_LABEL) {
                no_answer = Some(code);
            } else {
                options.push(Choice { code, label });
            }
            continue;
        }
        match kind {
            QuestionKind::Number { .. } => bounds = read_range(entry).or_else(|| err_none(err, entry)).or(bounds),
            QuestionKind::Text { .. } => max_len = read_max_len(entry).or_else(|| err_none(err, entry)).or(max_len),
            _ => err(format!("Lựa chọn «{entry}» cần viết dạng «mã = nội dung».")),
        }
    }
    match kind {
        QuestionKind::Scale5 => {
            for o in options.iter().filter(|o| !(1..=5).any(|v: u8| v.to_string() == o.code)) {
                err(format!("Câu thang 5 mức chỉ có các mức 1–5 và «Không trả lời» (không có «{}»).", o.code));
            }
        }
        QuestionKind::SingleChoice { options: o } | QuestionKind::MultipleChoice { options: o } => *o = options,
        QuestionKind::Number { min, max } => (*min, *max) = bounds.unwrap_or((None, None)),
        QuestionKind::Text { max_len: m } => match max_len {
            Some(n) => *m = n,
            None => err("Câu trả lời tự do cần ghi «Tối đa … ký tự» ở cột Lựa chọn.".to_string()),
        },
    }
    no_answer
}

fn err_none<T>(err: &mut dyn FnMut(String), entry: &str) -> Option<T> {
    err(format!("Không đọc được «{entry}» ở cột Lựa chọn."));
    None
}

/// "Từ 0 đến 120", "từ 1", "đến 50".
fn read_range(text: &str) -> Option<(Option<i64>, Option<i64>)> {
    let f = fold(text);
    let (from, to) = match f.split_once("den") {
        Some((a, b)) => (a, Some(b)),
        None => (f.as_str(), None),
    };
    let from = from.trim().strip_prefix("tu").map(str::trim).unwrap_or(from.trim());
    let num = |s: &str| s.trim().parse::<i64>().ok();
    let min = if from.is_empty() { None } else { Some(num(from)?) };
    let max = match to {
        Some(t) => Some(num(t)?),
        None => None,
    };
    (min.is_some() || max.is_some()).then_some((min, max))
}

/// "Tối đa 500 ký tự".
fn read_max_len(text: &str) -> Option<u32> {
    let f = fold(text);
    f.strip_prefix("toi da")?.trim().trim_end_matches("ky tu").trim().parse().ok()
}

/// "TC1 = 4, 5" / "Khi PA0 = 1".
fn read_condition(text: &str) -> Result<Option<Condition>, String> {
    if text.is_empty() {
        return Ok(None);
    }
    let body = text.trim();
    let body = if fold(body).starts_with("khi ") { body[body.find(' ').unwrap_or(0)..].trim() } else { body };
    let Some((question, values)) = body.split_once(['=', ':']) else {
        return Err(format!("Điều kiện «{text}» cần viết dạng «TC1 = 4, 5»."));
    };
    let any_of: Vec<String> =
        values.split([',', ';']).map(str::trim).filter(|v| !v.is_empty()).map(String::from).collect();
    Ok(Some(Condition { question: question.trim().to_string(), any_of }))
}

/// The questionnaire's sections as rows, header first.
pub fn export_rows(sections: &[Section]) -> Vec<Vec<String>> {
    let mut out = vec![HEADER.iter().map(ToString::to_string).collect::<Vec<_>>()];
    for s in sections {
        let weight = if s.kind == SectionKind::Factor { s.weight.to_string() } else { String::new() };
        out.push(vec![
            s.code.clone(),
            s.title.clone(),
            String::new(),
            s.kind.label_vi().to_string(),
            String::new(),
            String::new(),
            String::new(),
            weight,
        ]);
        for q in &s.questions {
            out.push(vec![
                q.code.clone(),
                String::new(),
                q.text.clone(),
                q.kind.label_vi().to_string(),
                options_cell(q),
                if q.required { "Có".to_string() } else { String::new() },
                q.condition.as_ref().map(|c| format!("{} = {}", c.question, c.any_of.join(", "))).unwrap_or_default(),
                q.weight.to_string(),
            ]);
        }
    }
    out
}

fn options_cell(q: &Question) -> String {
    let mut entries: Vec<String> = match &q.kind {
        QuestionKind::Scale5 => SCALE_LABELS.iter().zip(1..).map(|(l, v): (&&str, u8)| format!("{v} = {l}")).collect(),
        QuestionKind::SingleChoice { options } | QuestionKind::MultipleChoice { options } => {
            options.iter().map(|o| format!("{} = {}", o.code, o.label)).collect()
        }
        QuestionKind::Number { min, max } => {
            let range = range_text(*min, *max);
            let mut chars = range.chars();
            chars.next().map(|c| c.to_uppercase().chain(chars).collect::<String>()).into_iter().collect()
        }
        QuestionKind::Text { max_len } => vec![format!("Tối đa {max_len} ký tự")],
    };
    entries.extend(q.no_answer.iter().map(|na| format!("{na} = {NO_ANSWER_LABEL}")));
    entries.join("\n")
}

#[cfg(test)]
#[path = "rows_tests.rs"]
mod tests;
