//! Malformed and extreme input: the writer never panics and always produces a well-formed
//! package.

mod docx_support;

use cchc_export::docx::{to_docx, Block, HeadingLevel, Layout, OfficialDocument, Run, Signature};
use cchc_export::{Cell, Column, Table};
use docx_support::*;

fn check(doc: &OfficialDocument) -> std::collections::HashMap<String, String> {
    let parts = written(doc);
    for (name, xml) in &parts {
        well_formed(name, xml);
    }
    parts
}

#[test]
fn empty_document_is_still_a_valid_file() {
    let parts = check(&OfficialDocument::default());
    let paras = paragraphs(part(&parts, "word/document.xml"));
    assert!(paras.iter().any(|p| p.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "the motto is always there");
    assert!(!paras.iter().any(|p| p.text == "Nơi nhận:"), "no empty recipients block");
    let doc = part(&parts, "word/document.xml");
    assert_eq!(doc.matches("<w:tbl>").count(), 1, "header table only");
    assert!(doc.contains("<w:titlePg/>"));
}

#[test]
fn control_characters_are_dropped_and_text_is_composed() {
    let nasty: String =
        (0u32..0x20).filter_map(char::from_u32).chain(['\u{7f}', '\u{85}', '\u{fffe}', '\u{ffff}']).collect();
    let nfd = "Ca\u{309}i ca\u{301}ch ha\u{300}nh chi\u{301}nh";
    let mut t = Table::new("s", &format!("Bảng{nasty}"), vec![Column::new(&format!("Cột{nasty}"), 10.0)]);
    t.push(vec![Cell::Text(format!("ô{nasty}"))]);
    let doc = OfficialDocument {
        issuer_parent: format!("ubnd{nasty}"),
        issuer: nfd.into(),
        number: format!("Số: 1{nasty}"),
        place_date: nasty.clone(),
        kind_title: format!("báo cáo{nasty}"),
        title: format!("{nfd}{nasty}"),
        recipients_intro: Some(nasty.clone()),
        body: vec![
            Block::paragraph(&format!("a{nasty}b")),
            Block::Heading(HeadingLevel::Roman, nasty.clone()),
            Block::Bullets(vec![nasty.clone()]),
            Block::Paragraph(vec![Run::italic(&nasty)]),
            Block::Table(t),
        ],
        signer: Signature { authority: nasty.clone(), position: nasty.clone(), name: nasty.clone() },
        recipients: vec![nasty.clone()],
        layout: Layout::default(),
    };
    let parts = check(&doc);
    let all = parts.values().cloned().collect::<String>();
    for c in all.chars() {
        assert!(!c.is_control() || c == '\n' || c == '\t' || c == '\r', "control {:?} in output", c as u32);
        assert!(c != '\u{fffe}' && c != '\u{ffff}');
    }
    let paras = paragraphs(part(&parts, "word/document.xml"));
    let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
    for want in ["UBND", "CẢI CÁCH HÀNH CHÍNH", "Số: 1", "BÁO CÁO", "Cải cách hành chính"] {
        assert!(texts.contains(&want), "header fields cleaned, trimmed, NFC: {want} not in {texts:?}");
    }
    assert!(texts.contains(&"a\t\n\nb"), "tab, line feed and carriage return kept, the rest dropped: {texts:?}");
    assert!(texts.contains(&"I."), "empty Roman heading keeps its number");
    assert!(texts.contains(&"ô\t\n\n"), "the same in a cell: {texts:?}");
}

#[test]
fn huge_table_and_very_long_words() {
    let columns: Vec<Column> = (0..8).map(|i| Column::new(&format!("Cột {i}"), 10.0)).collect();
    let mut t = Table::new("s", "Bảng lớn", columns);
    for r in 0..5000i64 {
        t.push(
            (0..8).map(|c| if c % 2 == 0 { Cell::Int(r * 1000 + c) } else { Cell::Num(r as f64 / 3.0, 2) }).collect(),
        );
    }
    let word = "Đ".repeat(100_000);
    let mut doc = sample();
    doc.body = vec![Block::Table(t), Block::paragraph(&word), Block::heading(HeadingLevel::Arabic, &word)];
    doc.issuer = word.clone();
    let parts = check(&doc);
    let xml = part(&parts, "word/document.xml");
    let data = xml.split("<w:tblStyle w:val=\"TableGrid\"/>").nth(1).and_then(|s| s.split("</w:tbl>").next());
    assert_eq!(data.unwrap_or("").matches("<w:tr>").count(), 5001);
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 1);
    let paras = paragraphs(xml);
    assert!(paras.iter().any(|p| p.text == word), "long word kept whole");
    assert!(paras.iter().any(|p| p.text == format!("1. {word}")));
    assert!(paras.iter().any(|p| p.text == "4.999.006"));
    assert!(paras.iter().any(|p| p.text == "1.666,33"));
    // The issuer's line stays inside its column however long the name.
    let rule = paras.iter().find(|p| p.style == "Nd30Rule").and_then(|p| p.indents);
    assert!(rule.is_some_and(|(l, r)| l == r && l > 0), "{rule:?}");
}

#[test]
fn odd_tables_do_not_break_the_file() {
    let mut no_columns = Table::new("s", "", Vec::new());
    no_columns.push(vec!["a".into(), "b".into()]);
    let mut ragged = Table::new("s", "Lệch", vec![Column::new("A", -3.0), Column::new("B", f64::NAN)]);
    ragged.push(vec![]);
    ragged.push(vec!["1".into(), "2".into(), "3".into(), "4".into()]);
    ragged.push(vec![Cell::Num(f64::INFINITY, 2), Cell::Percent(f64::NAN, 1)]);
    let empty = Table::new("s", "", Vec::new());
    let doc = OfficialDocument {
        body: vec![Block::Table(no_columns), Block::Table(ragged), Block::Table(empty), Block::PageBreak],
        ..OfficialDocument::default()
    };
    let parts = check(&doc);
    let xml = part(&parts, "word/document.xml");
    let paras = paragraphs(xml);
    assert!(paras.iter().any(|p| p.text == "4"), "cells beyond the columns are kept");
    assert_eq!(xml.matches("<w:tblHeader/>").count(), 2, "the empty table writes no grid");
    assert!(xml.contains("<w:br w:type=\"page\"/>"));
}

#[test]
fn out_of_range_layout_is_brought_into_the_decree() {
    let mut doc = sample();
    doc.layout = Layout {
        body_pt: 9,
        margin_top_mm: 5,
        margin_bottom_mm: 90,
        margin_left_mm: 0,
        margin_right_mm: 255,
        first_line_indent_cm: f32::INFINITY,
        line_spacing: -2.0,
    };
    let parts = check(&doc);
    let xml = part(&parts, "word/document.xml");
    assert!(xml.contains("w:top=\"1134\" w:right=\"1134\" w:bottom=\"1417\" w:left=\"1701\""), "20/20/25/30 mm");
    let st = styles(part(&parts, "word/styles.xml"));
    let body = effective(&st, "Nd30Body");
    assert_eq!((body.size, body.first_line, body.line), (Some(26), Some(720), Some(240)));
}

#[test]
fn same_document_same_bytes() {
    let a = to_docx(&sample()).unwrap_or_default();
    let b = to_docx(&sample()).unwrap_or_default();
    assert!(!a.is_empty());
    assert_eq!(a, b);
}
