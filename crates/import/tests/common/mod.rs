//! Shared helpers for the integration tests: locating the shared documents and building DOCX
//! and XLSX files programmatically.

#![allow(dead_code)]

use std::io::Write;
use std::path::PathBuf;

use cchc_domain::plan::{ParsedDocument, PlanTask};
use cchc_import::{parse_document, ParseOptions};

/// `/work/shared/…` next to the repository.
pub fn shared(rel: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../documents").join(rel)
}

pub fn read(rel: &str) -> Vec<u8> {
    std::fs::read(shared(rel)).unwrap_or_else(|e| panic!("cannot read {rel}: {e}"))
}

pub fn parse(rel: &str) -> ParsedDocument {
    let bytes = read(rel);
    parse_document(&bytes, Some(rel), &ParseOptions::default()).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The task with `code` in `area` (areas restart numbering).
pub fn task<'a>(doc: &'a ParsedDocument, area: Option<&str>, code: &str) -> &'a PlanTask {
    doc.tasks
        .iter()
        .find(|t| t.code == code && (area.is_none() || t.area.as_deref() == area))
        .unwrap_or_else(|| panic!("no task {code} in {area:?}"))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A DOCX cell: text, horizontal span, and whether it continues the cell above.
#[derive(Clone, Debug)]
pub enum DocxCell {
    Text(String),
    Continue,
}

/// Builds a DOCX with body paragraphs, then one table (rows of cells, `Continue` = vMerge).
pub fn docx(paragraphs: &[&str], rows: &[Vec<DocxCell>]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str(&format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(p)));
    }
    if !rows.is_empty() {
        body.push_str("<w:tbl>");
        for (r, row) in rows.iter().enumerate() {
            body.push_str("<w:tr>");
            for (c, cell) in row.iter().enumerate() {
                match cell {
                    DocxCell::Continue => body.push_str("<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>"),
                    DocxCell::Text(t) => {
                        let starts =
                            rows.get(r + 1).and_then(|n| n.get(c)).is_some_and(|n| matches!(n, DocxCell::Continue));
                        let pr = if starts { "<w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>" } else { "" };
                        let paras: String = t
                            .split('\n')
                            .map(|l| format!("<w:p><w:r><w:t xml:space=\"preserve\">{}</w:t></w:r></w:p>", esc(l)))
                            .collect();
                        body.push_str(&format!("<w:tc>{pr}{paras}</w:tc>"));
                    }
                }
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    zip_files(&[
        ("[Content_Types].xml", "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>".to_string()),
        ("word/document.xml", document),
    ])
}

/// A zip archive of (name, content) entries.
pub fn zip_files(files: &[(&str, String)]) -> Vec<u8> {
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in files {
            z.start_file(*name, opts).unwrap_or_else(|e| panic!("{e}"));
            z.write_all(content.as_bytes()).unwrap_or_else(|e| panic!("{e}"));
        }
        z.finish().unwrap_or_else(|e| panic!("{e}"));
    }
    buf.into_inner()
}

/// Builds an XLSX: title rows, then the grid; `None` cells continue the cell above (merged).
pub fn xlsx(title_rows: &[&str], grid: &[Vec<Option<String>>]) -> Vec<u8> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    let fmt = Format::new();
    let mut r = 0u32;
    for t in title_rows {
        ws.write_string(r, 0, *t).unwrap_or_else(|e| panic!("{e}"));
        r += 1;
    }
    let base = r;
    for (i, row) in grid.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let Some(text) = cell else { continue };
            let mut end = i;
            while grid.get(end + 1).and_then(|n| n.get(c)).is_some_and(|n| n.is_none()) {
                end += 1;
            }
            let (row0, row1) = (base + i as u32, base + end as u32);
            if row1 > row0 {
                ws.merge_range(row0, c as u16, row1, c as u16, text, &fmt).unwrap_or_else(|e| panic!("{e}"));
            } else if !text.is_empty() {
                ws.write_string(row0, c as u16, text).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        r = base + i as u32 + 1;
    }
    let _ = r;
    wb.save_to_buffer().unwrap_or_else(|e| panic!("{e}"))
}
