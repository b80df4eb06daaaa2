//! Test helpers for the DOCX writer: unzip the package, read paragraphs (text, style, runs,
//! direct properties) from WordprocessingML with quick-xml, and resolve style formatting
//! through `basedOn`, so tests assert what Word would show.
#![allow(dead_code)]

use std::collections::HashMap;
use std::io::{Cursor, Read};

use cchc_export::docx::{Block, HeadingLevel, OfficialDocument, Run, Signature};
use cchc_export::{Cell, Column, Table};
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

/// Every entry of the package, by name.
pub fn unzip(bytes: &[u8]) -> HashMap<String, String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).unwrap_or_else(|e| panic!("not a ZIP: {e}"));
    let mut out = HashMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap_or_else(|e| panic!("{e}"));
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap_or_else(|e| panic!("{}: {e}", f.name()));
        out.insert(f.name().to_string(), s);
    }
    out
}

/// The part, or a panic naming it.
pub fn part<'a>(parts: &'a HashMap<String, String>, name: &str) -> &'a str {
    parts.get(name).map(String::as_str).unwrap_or_else(|| panic!("missing part {name}"))
}

/// Reads the whole part and fails on malformed XML.
pub fn well_formed(name: &str, xml: &str) {
    let mut r = Reader::from_str(xml);
    let mut depth: i64 = 0;
    loop {
        match r.read_event() {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed at {}: {e}", r.buffer_position()),
        }
    }
    assert_eq!(depth, 0, "{name}: unbalanced elements");
}

/// The value of attribute `name` (by local name).
pub fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name.as_bytes())
        .and_then(|a| a.unescape_value().ok())
        .map(|v| v.into_owned())
}

/// A run as read back.
#[derive(Debug, Clone, Default)]
pub struct RunInfo {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

/// A paragraph as read back.
#[derive(Debug, Clone, Default)]
pub struct ParaInfo {
    pub style: String,
    pub text: String,
    pub runs: Vec<RunInfo>,
    /// Nesting depth in tables (0: body).
    pub table_depth: usize,
    /// Index of the cell within its row (when in a table).
    pub cell: usize,
    /// Direct `w:jc`.
    pub jc: Option<String>,
    /// Direct side indents (left, right) and whether the paragraph has a bottom border.
    pub indents: Option<(u32, u32)>,
    pub bottom_border: bool,
}

/// Paragraphs of a WordprocessingML part, in order (`w:tab` as `\t`, `w:br` as `\n`).
pub fn paragraphs(xml: &str) -> Vec<ParaInfo> {
    let mut r = Reader::from_str(xml);
    let mut out = Vec::new();
    let (mut cur, mut run): (Option<ParaInfo>, Option<RunInfo>) = (None, None);
    let (mut depth, mut cell, mut in_t, mut in_ppr, mut in_rpr) = (0usize, 0usize, false, false, false);
    loop {
        let ev = r.read_event().unwrap_or_else(|e| panic!("bad XML: {e}"));
        let (e, empty) = match &ev {
            Event::Start(e) => (Some(e.clone()), false),
            Event::Empty(e) => (Some(e.clone()), true),
            _ => (None, false),
        };
        if let Some(e) = e {
            match e.local_name().as_ref() {
                b"tbl" if !empty => depth += 1,
                b"tr" => cell = 0,
                b"p" => {
                    let p = ParaInfo { table_depth: depth, cell, ..ParaInfo::default() };
                    if empty {
                        out.push(p);
                    } else {
                        cur = Some(p);
                    }
                }
                b"pPr" if !empty => in_ppr = true,
                b"rPr" if !empty => in_rpr = true,
                b"pStyle" => cur.iter_mut().for_each(|p| p.style = attr(&e, "val").unwrap_or_default()),
                b"jc" if in_ppr && !in_rpr => cur.iter_mut().for_each(|p| p.jc = attr(&e, "val")),
                b"ind" if in_ppr => cur.iter_mut().for_each(|p| {
                    let n = |k| attr(&e, k).and_then(|v| v.parse().ok()).unwrap_or(0);
                    p.indents = Some((n("left"), n("right")));
                }),
                b"bottom" if in_ppr => cur.iter_mut().for_each(|p| p.bottom_border = true),
                b"r" if !empty => run = Some(RunInfo::default()),
                b"b" if in_rpr => run.iter_mut().for_each(|r| r.bold = on(&e)),
                b"i" if in_rpr => run.iter_mut().for_each(|r| r.italic = on(&e)),
                b"t" if !empty => in_t = true,
                b"tab" if !in_ppr => push(&mut cur, &mut run, "\t"),
                b"br" if attr(&e, "type").is_none() => push(&mut cur, &mut run, "\n"),
                _ => {}
            }
        }
        match ev {
            Event::Text(t) if in_t => {
                let s = t.unescape().unwrap_or_else(|e| panic!("{e}"));
                push(&mut cur, &mut run, &s);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_t = false,
                b"pPr" => in_ppr = false,
                b"rPr" => in_rpr = false,
                b"r" => {
                    if let (Some(p), Some(r)) = (cur.as_mut(), run.take()) {
                        p.runs.push(r);
                    }
                }
                b"p" => out.extend(cur.take()),
                b"tc" => cell += 1,
                b"tbl" => depth = depth.saturating_sub(1),
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

fn on(e: &BytesStart) -> bool {
    attr(e, "val").is_none_or(|v| v != "0" && v != "false")
}

fn push(p: &mut Option<ParaInfo>, r: &mut Option<RunInfo>, s: &str) {
    if let Some(p) = p.as_mut() {
        p.text.push_str(s);
    }
    if let Some(r) = r.as_mut() {
        r.text.push_str(s);
    }
}

/// Formatting a style defines itself.
#[derive(Debug, Clone, Default)]
pub struct StyleInfo {
    pub name: String,
    pub based_on: Option<String>,
    pub bold: Option<bool>,
    pub italic: Option<bool>,
    pub size: Option<u32>,
    pub jc: Option<String>,
    pub first_line: Option<u32>,
    pub before: Option<u32>,
    pub line: Option<u32>,
    pub fonts: Vec<String>,
}

/// Styles by id, plus the document defaults under the id "".
pub fn styles(xml: &str) -> HashMap<String, StyleInfo> {
    let mut r = Reader::from_str(xml);
    let mut out = HashMap::new();
    let mut cur: Option<(String, StyleInfo)> = Some((String::new(), StyleInfo::default()));
    loop {
        match r.read_event().unwrap_or_else(|e| panic!("{e}")) {
            Event::Start(e) | Event::Empty(e) => {
                let Some((_, s)) = cur.as_mut() else {
                    if e.local_name().as_ref() == b"style" {
                        cur = Some((attr(&e, "styleId").unwrap_or_default(), StyleInfo::default()));
                    }
                    continue;
                };
                let num = |k: &str| attr(&e, k).and_then(|v| v.parse().ok());
                match e.local_name().as_ref() {
                    b"style" => cur = Some((attr(&e, "styleId").unwrap_or_default(), StyleInfo::default())),
                    b"name" => s.name = attr(&e, "val").unwrap_or_default(),
                    b"basedOn" => s.based_on = attr(&e, "val"),
                    b"b" => s.bold = Some(on(&e)),
                    b"i" => s.italic = Some(on(&e)),
                    b"sz" => s.size = num("val"),
                    b"jc" => s.jc = attr(&e, "val"),
                    b"ind" => s.first_line = num("firstLine"),
                    b"spacing" => {
                        s.before = num("before").or(s.before);
                        s.line = num("line").or(s.line);
                    }
                    b"rFonts" => {
                        s.fonts.extend(["ascii", "hAnsi", "cs", "eastAsia"].iter().filter_map(|k| attr(&e, k)))
                    }
                    _ => {}
                }
            }
            Event::End(e) if matches!(e.local_name().as_ref(), b"style" | b"docDefaults") => {
                if let Some((id, s)) = cur.take() {
                    out.insert(id, s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// A style's formatting with `basedOn` and the document defaults applied.
pub fn effective(styles: &HashMap<String, StyleInfo>, id: &str) -> StyleInfo {
    let mut chain = Vec::new();
    let mut next = Some(id.to_string());
    while let Some(i) = next {
        let Some(s) = styles.get(&i) else { break };
        if chain.len() > 20 {
            break;
        }
        chain.push(s.clone());
        next = s.based_on.clone();
    }
    chain.push(styles.get("").cloned().unwrap_or_default());
    let mut out = StyleInfo { name: id.to_string(), ..StyleInfo::default() };
    for s in chain.iter().rev() {
        out.bold = s.bold.or(out.bold);
        out.italic = s.italic.or(out.italic);
        out.size = s.size.or(out.size);
        out.jc = s.jc.clone().or(out.jc);
        out.first_line = s.first_line.or(out.first_line);
        out.before = s.before.or(out.before);
        out.line = s.line.or(out.line);
        if !s.fonts.is_empty() {
            out.fonts = s.fonts.clone();
        }
    }
    out
}

/// The report the tests write: a quarterly CCHC report of a department.
pub fn sample() -> OfficialDocument {
    let mut t = Table::new(
        "Kết quả",
        "Bảng 1. Kết quả giải quyết hồ sơ",
        vec![
            Column::new("TT", 5.0),
            Column::new("Đơn vị", 30.0),
            Column::new("Số hồ sơ", 12.0),
            Column::new("Tỷ lệ", 10.0),
        ],
    );
    t.subtitle.push("(Số liệu đến ngày 15/6/2025)".into());
    t.push(vec![Cell::Int(1), "Sở Tài chính".into(), Cell::Num(1234.5, 1), Cell::Percent(88.18, 2)]);
    t.push(vec![Cell::Int(2), "Sở Tư pháp".into(), Cell::Int(1234567), Cell::Date(date(2025, 3, 1))]);
    OfficialDocument {
        issuer_parent: "UBND tỉnh Hà Tĩnh".into(),
        issuer: "Sở Nội vụ".into(),
        number: "Số: 125/BC-SNV".into(),
        place_date: "Hà Tĩnh, ngày 20 tháng 6 năm 2025".into(),
        kind_title: "Báo cáo".into(),
        title: "Kết quả thực hiện công tác cải cách hành chính quý II năm 2025".into(),
        recipients_intro: Some("Kính gửi: Bộ Nội vụ".into()),
        body: vec![
            Block::paragraph("Thực hiện Kế hoạch số 10/KH-UBND, Sở Nội vụ báo cáo như sau:"),
            Block::heading(HeadingLevel::Roman, "Kết quả đạt được"),
            Block::heading(HeadingLevel::Arabic, "Công tác chỉ đạo, điều hành"),
            Block::Paragraph(vec![Run::plain("Tỷ lệ hồ sơ đúng hạn đạt "), Run::bold("88,18%"), Run::plain(".")]),
            Block::heading(HeadingLevel::Decimal, "Ban hành kế hoạch"),
            Block::heading(HeadingLevel::Letter, "Tuyên truyền"),
            Block::Bullets(vec!["Tổ chức 05 hội nghị;".into(), "Đăng 20 tin bài.".into()]),
            Block::SubBullets(vec!["Trên Cổng thông tin điện tử tỉnh.".into()]),
            Block::Table(t),
            Block::paragraph("Ký tự đặc biệt: <&>\"' giữ nguyên."),
            Block::PageBreak,
            Block::heading(HeadingLevel::Roman, "Phương hướng quý III"),
            Block::heading(HeadingLevel::Arabic, "Tiếp tục rà soát thủ tục hành chính"),
        ],
        signer: Signature {
            authority: "KT. Giám đốc".into(),
            position: "Phó Giám đốc".into(),
            name: "Nguyễn Văn A".into(),
        },
        recipients: vec!["- Bộ Nội vụ;".into(), "UBND tỉnh;".into(), "- Lưu: VT, CCHC.".into()],
        ..OfficialDocument::default()
    }
}

/// A date for fixtures.
pub fn date(y: i32, m: u32, d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(y, m, d).unwrap_or_else(|| panic!("bad date"))
}

/// Writes the document and unzips it.
pub fn written(doc: &OfficialDocument) -> HashMap<String, String> {
    let bytes = cchc_export::docx::to_docx(doc).unwrap_or_else(|e| panic!("{e}"));
    unzip(&bytes)
}
