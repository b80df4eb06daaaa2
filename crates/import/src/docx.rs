//! DOCX reading: paragraphs and tables of `word/document.xml` in document order, with
//! `w:gridSpan` (columns covered) and `w:vMerge` (continuation of the cell above), list
//! numbering rendered from `word/numbering.xml`, and `.VnTime` (TCVN3) text repaired.

use std::io::{Cursor, Read};

use cchc_domain::plan::Source;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::blocks::{Block, Cell, Para, Row, Table};
use crate::docx_numbering::Numbering;
use crate::error::ImportError;
use crate::legacy;

/// Blocks of a Word document.
#[derive(Debug)]
pub struct DocxRead {
    pub blocks: Vec<Block>,
    pub encoding: String,
}

fn broken(detail: impl ToString) -> ImportError {
    ImportError::Broken { kind: "DOCX", detail: detail.to_string() }
}

fn entry(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str, limit: usize) -> Result<Option<String>, ImportError> {
    let mut file = match zip.by_name(name) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(broken(e)),
    };
    if file.size() as usize > limit {
        return Err(ImportError::TooLarge { size: file.size() as usize, limit });
    }
    let mut buf = Vec::new();
    file.by_ref().take(limit as u64 + 1).read_to_end(&mut buf).map_err(broken)?;
    if buf.len() > limit {
        return Err(ImportError::TooLarge { size: buf.len(), limit });
    }
    String::from_utf8(buf).map(Some).map_err(|_| broken("nội dung XML không phải UTF-8"))
}

/// Reads a DOCX; `max_bytes` also bounds the unpacked XML (zip bombs).
pub fn read(bytes: &[u8], max_bytes: usize) -> Result<DocxRead, ImportError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(broken)?;
    let limit = max_bytes.saturating_mul(4).max(1 << 20);
    let xml = entry(&mut zip, "word/document.xml", limit)?.ok_or_else(|| broken("thiếu word/document.xml"))?;
    let numbering =
        entry(&mut zip, "word/numbering.xml", limit).ok().flatten().map(|x| Numbering::parse(&x)).unwrap_or_default();
    let mut blocks = Walker::new(numbering).walk(&xml)?;
    let encoding = repair(&mut blocks);
    Ok(DocxRead { blocks, encoding })
}

fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| a.unescape_value().ok())
        .map(|v| v.into_owned())
}

#[derive(Default)]
struct CellBuild {
    paras: Vec<String>,
    span: usize,
    merged_above: bool,
}

#[derive(Default)]
struct ParaBuild {
    text: String,
    runs_bold: Vec<bool>,
    run_bold: bool,
    num: Option<(String, usize)>,
}

struct Walker {
    numbering: Numbering,
    blocks: Vec<Block>,
    para: Option<ParaBuild>,
    in_text: bool,
    in_rpr: bool,
    in_numpr: bool,
    num_id: Option<String>,
    ilvl: usize,
    table_depth: usize,
    rows: Vec<Row>,
    cells: Vec<CellBuild>,
    cell: Option<CellBuild>,
    paragraph_no: usize,
    table_no: usize,
}

impl Walker {
    fn new(numbering: Numbering) -> Walker {
        Walker {
            numbering,
            blocks: Vec::new(),
            para: None,
            in_text: false,
            in_rpr: false,
            in_numpr: false,
            num_id: None,
            ilvl: 0,
            table_depth: 0,
            rows: Vec::new(),
            cells: Vec::new(),
            cell: None,
            paragraph_no: 0,
            table_no: 0,
        }
    }

    fn walk(mut self, xml: &str) -> Result<Vec<Block>, ImportError> {
        let mut reader = Reader::from_str(xml);
        loop {
            match reader.read_event().map_err(broken)? {
                Event::Start(e) => self.start(&e, false),
                Event::Empty(e) => self.start(&e, true),
                Event::End(e) => self.end(e.local_name().as_ref()),
                Event::Text(t) if self.in_text => {
                    let s = t.unescape().map_err(broken)?;
                    if let Some(p) = self.para.as_mut() {
                        p.text.push_str(&s);
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        Ok(self.blocks)
    }

    fn start(&mut self, e: &BytesStart, empty: bool) {
        match e.local_name().as_ref() {
            b"p" if !empty => self.para = Some(ParaBuild::default()),
            b"t" if !empty => self.in_text = true,
            b"tab" => self.push_text(" "),
            b"br" | b"cr" => self.push_text("\n"),
            b"r" => {
                if let Some(p) = self.para.as_mut() {
                    p.run_bold = false;
                }
            }
            b"rPr" if !empty => self.in_rpr = true,
            b"b" | b"i" if self.in_rpr => {
                let on = val(e).is_none_or(|v| v != "0" && v != "false");
                if let Some(p) = self.para.as_mut() {
                    p.run_bold |= on;
                }
            }
            b"numPr" if !empty => self.in_numpr = true,
            b"numId" if self.in_numpr => self.num_id = val(e),
            b"ilvl" if self.in_numpr => self.ilvl = val(e).and_then(|v| v.parse().ok()).unwrap_or(0),
            b"tbl" if !empty => {
                self.table_depth += 1;
                if self.table_depth == 1 {
                    self.rows.clear();
                    self.table_no += 1;
                }
            }
            b"tr" if !empty && self.table_depth == 1 => self.cells.clear(),
            b"tc" if !empty && self.table_depth == 1 => self.cell = Some(CellBuild { span: 1, ..CellBuild::default() }),
            b"gridSpan" if self.table_depth == 1 => {
                if let Some(c) = self.cell.as_mut() {
                    c.span = val(e).and_then(|v| v.parse().ok()).unwrap_or(1).clamp(1, 64);
                }
            }
            b"vMerge" if self.table_depth == 1 => {
                if let Some(c) = self.cell.as_mut() {
                    c.merged_above = val(e).is_none_or(|v| v != "restart");
                }
            }
            _ => {}
        }
    }

    fn push_text(&mut self, s: &str) {
        if let Some(p) = self.para.as_mut() {
            p.text.push_str(s);
        }
    }

    fn end(&mut self, name: &[u8]) {
        match name {
            b"t" => self.in_text = false,
            b"rPr" => self.in_rpr = false,
            b"r" => {
                if let Some(p) = self.para.as_mut() {
                    let b = p.run_bold;
                    p.runs_bold.push(b);
                }
            }
            b"numPr" => {
                self.in_numpr = false;
                if let (Some(id), Some(p)) = (self.num_id.take(), self.para.as_mut()) {
                    p.num = Some((id, self.ilvl));
                }
            }
            b"p" => self.end_para(),
            b"tc" if self.table_depth == 1 => {
                if let Some(c) = self.cell.take() {
                    self.cells.push(c);
                }
            }
            b"tr" if self.table_depth == 1 => self.end_row(),
            b"tbl" => {
                if self.table_depth == 1 {
                    let rows = std::mem::take(&mut self.rows);
                    if !rows.is_empty() {
                        let source = Source { table: Some(self.table_no), ..Source::default() };
                        self.blocks.push(Block::Table(Table { rows, source }));
                    }
                }
                self.table_depth = self.table_depth.saturating_sub(1);
            }
            _ => {}
        }
    }

    fn end_para(&mut self) {
        let Some(p) = self.para.take() else { return };
        let prefix = p.num.as_ref().and_then(|(id, lvl)| self.numbering.next(id, *lvl)).unwrap_or_default();
        let text = crate::lines::clean(&format!("{prefix}{}", p.text));
        if self.table_depth > 0 {
            if let Some(c) = self.cell.as_mut() {
                c.paras.push(text);
            }
            return;
        }
        self.paragraph_no += 1;
        if text.is_empty() {
            return;
        }
        let emphasized = !p.runs_bold.is_empty() && p.runs_bold.iter().all(|b| *b);
        self.blocks.push(Block::Para(Para { text, source: Source::paragraph(self.paragraph_no), emphasized }));
    }

    fn end_row(&mut self) {
        let row_no = self.rows.len() + 1;
        let mut col = 0;
        let mut cells = Vec::new();
        for c in self.cells.drain(..) {
            let source = Source::table_row(self.table_no, row_no);
            let text = c.paras.iter().filter(|p| !p.is_empty()).cloned().collect::<Vec<_>>().join("\n");
            cells.push(Cell {
                text,
                col: Some(col),
                span: c.span,
                merged_above: c.merged_above,
                source,
                parts: Vec::new(),
            });
            col += c.span;
        }
        self.rows.push(Row { cells, pad: 0, last_may_be_pad: false, source: Source::table_row(self.table_no, row_no) });
    }
}

/// `.VnTime` text arrives as Latin-1 characters: convert paragraphs and cells when the
/// document as a whole reads as legacy-encoded.
fn repair(blocks: &mut [Block]) -> String {
    let all: String = blocks
        .iter()
        .map(|b| match b {
            Block::Para(p) => p.text.clone(),
            Block::Table(t) => {
                t.rows.iter().flat_map(|r| r.cells.iter().map(|c| c.text.clone())).collect::<Vec<_>>().join(" ")
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let Some(enc) = legacy::detect_in_unicode(&all) else {
        return "docx".into();
    };
    let fix = |s: &mut String| {
        if let Some(t) = legacy::reinterpret(s, enc) {
            if legacy::score(&t) > legacy::score(s) {
                *s = t;
            }
        }
    };
    for b in blocks.iter_mut() {
        match b {
            Block::Para(p) => fix(&mut p.text),
            Block::Table(t) => t.rows.iter_mut().flat_map(|r| r.cells.iter_mut()).for_each(|c| fix(&mut c.text)),
        }
    }
    format!("docx+{}", enc.name())
}
