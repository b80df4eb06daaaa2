//! The NĐ 30/2020 rules, checked in the XML of the written package: page, fonts, header block,
//! headings, body paragraphs, tables, signature and recipients, page numbers.

mod docx_support;

use docx_support::*;

fn find<'a>(paras: &'a [ParaInfo], text: &str) -> &'a ParaInfo {
    paras.iter().find(|p| p.text == text).unwrap_or_else(|| {
        let all: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        panic!("no paragraph {text:?} in {all:#?}")
    })
}

/// Twips to millimetres.
fn mm(twips: u32) -> f64 {
    f64::from(twips) * 25.4 / 1440.0
}

#[test]
fn a4_page_and_margins_within_the_decree() {
    let parts = written(&sample());
    let doc = part(&parts, "word/document.xml");
    assert!(doc.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4 portrait");
    assert!(
        doc.contains(
            "<w:pgMar w:top=\"1134\" w:right=\"850\" w:bottom=\"1134\" w:left=\"1701\" w:header=\"709\" w:footer=\"709\" w:gutter=\"0\"/>"
        ),
        "margins 20/15/20/30 mm"
    );
    let pg_mar = doc.split("<w:pgMar ").nth(1).and_then(|s| s.split("/>").next()).unwrap_or("");
    for (side, lo, hi) in [("top", 20.0, 25.0), ("bottom", 20.0, 25.0), ("left", 30.0, 35.0), ("right", 15.0, 20.0)] {
        let v: u32 = pg_mar
            .split(&format!("w:{side}=\""))
            .nth(1)
            .and_then(|s| s.split('"').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        assert!((lo - 0.1..=hi + 0.1).contains(&mm(v)), "{side} = {} mm", mm(v));
    }
}

#[test]
fn times_new_roman_everywhere() {
    let parts = written(&sample());
    let st = styles(part(&parts, "word/styles.xml"));
    let defaults = st.get("").unwrap_or_else(|| panic!("no docDefaults"));
    assert_eq!(defaults.fonts, vec!["Times New Roman"; 4]);
    assert_eq!(defaults.size, Some(28), "body 14 pt");
    for (name, xml) in &parts {
        for chunk in xml.split("w:ascii=\"").skip(1) {
            assert!(
                chunk.starts_with("Times New Roman\""),
                "{name} uses another font: {}",
                &chunk[..20.min(chunk.len())]
            );
        }
    }
    for (id, s) in &st {
        assert!(s.fonts.iter().all(|f| f == "Times New Roman"), "style {id}: {:?}", s.fonts);
    }
}

#[test]
fn header_block_follows_the_decree() {
    let parts = written(&sample());
    let paras = paragraphs(part(&parts, "word/document.xml"));
    let st = styles(part(&parts, "word/styles.xml"));
    let fmt = |p: &ParaInfo| effective(&st, &p.style);

    let parent = find(&paras, "UBND TỈNH HÀ TĨNH");
    let issuer = find(&paras, "SỞ NỘI VỤ");
    let number = find(&paras, "Số: 125/BC-SNV");
    let name = find(&paras, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    let motto = find(&paras, "Độc lập - Tự do - Hạnh phúc");
    let date = find(&paras, "Hà Tĩnh, ngày 20 tháng 6 năm 2025");
    for p in [parent, issuer, number] {
        assert_eq!((p.table_depth, p.cell), (1, 0), "{} in the left column", p.text);
    }
    for p in [name, motto, date] {
        assert_eq!((p.table_depth, p.cell), (1, 1), "{} in the right column", p.text);
    }
    let f = fmt(parent);
    assert_eq!((f.bold, f.size), (None, Some(24)), "parent authority: 12 pt regular");
    let f = fmt(issuer);
    assert_eq!((f.bold, f.size), (Some(true), Some(24)), "issuer: 12 pt bold");
    let f = fmt(number);
    assert_eq!((f.bold, f.size), (None, Some(26)), "number: 13 pt");
    let f = fmt(name);
    assert_eq!((f.bold, f.size, f.jc.as_deref()), (Some(true), Some(24), Some("center")), "national name");
    let f = fmt(motto);
    assert_eq!((f.bold, f.size, f.jc.as_deref()), (Some(true), Some(26), Some("center")), "motto: 13 pt bold");
    let f = fmt(date);
    assert_eq!((f.italic, f.size), (Some(true), Some(28)), "place and date: italic");

    // Lines: as long as the motto under it, 1/3–1/2 of the issuer under the issuer.
    let rules: Vec<&ParaInfo> = paras.iter().filter(|p| p.bottom_border && p.style == "Nd30Rule").collect();
    assert_eq!(rules.len(), 3, "issuer, motto, summary");
    let doc = part(&parts, "word/document.xml");
    let widths = grid_widths(doc);
    let line = |p: &ParaInfo, cell: u32| {
        let (l, r) = p.indents.unwrap_or((0, 0));
        assert_eq!(l, r, "centred");
        cell.saturating_sub(l + r)
    };
    let issuer_line = mm(line(rules[0], widths[0]));
    let motto_line = mm(line(rules[1], widths[1]));
    assert!((52.0..=59.0).contains(&motto_line), "motto line {motto_line} mm");
    // "SỞ NỘI VỤ" in 12 pt bold is about 22 mm wide; its line 1/3–1/2 of that.
    assert!((22.0 / 3.0 - 1.0..=22.0 / 2.0 + 1.0).contains(&issuer_line), "issuer line {issuer_line} mm");
}

/// Column widths of the first table.
fn grid_widths(doc: &str) -> Vec<u32> {
    let grid = doc.split("<w:tblGrid>").nth(1).and_then(|s| s.split("</w:tblGrid>").next()).unwrap_or("");
    grid.split("w:w=\"").skip(1).filter_map(|s| s.split('"').next()?.parse().ok()).collect()
}

#[test]
fn kind_summary_and_addressee() {
    let parts = written(&sample());
    let paras = paragraphs(part(&parts, "word/document.xml"));
    let st = styles(part(&parts, "word/styles.xml"));
    let kind = find(&paras, "BÁO CÁO");
    let summary = find(&paras, "Kết quả thực hiện công tác cải cách hành chính quý II năm 2025");
    for p in [kind, summary] {
        let f = effective(&st, &p.style);
        assert_eq!((p.table_depth, f.bold, f.jc.as_deref(), f.size), (0, Some(true), Some("center"), Some(28)));
    }
    let to = find(&paras, "Kính gửi: Bộ Nội vụ");
    assert_eq!(effective(&st, &to.style).jc.as_deref(), Some("center"));
}

#[test]
fn headings_are_numbered_and_bold_where_the_decree_says() {
    let parts = written(&sample());
    let paras = paragraphs(part(&parts, "word/document.xml"));
    let st = styles(part(&parts, "word/styles.xml"));
    let cases = [
        ("I. KẾT QUẢ ĐẠT ĐƯỢC", "Heading1", Some(true)),
        ("1. Công tác chỉ đạo, điều hành", "Heading2", Some(true)),
        ("1.1. Ban hành kế hoạch", "Heading3", Some(true)),
        ("a) Tuyên truyền", "Heading4", None),
        ("II. PHƯƠNG HƯỚNG QUÝ III", "Heading1", Some(true)),
        ("1. Tiếp tục rà soát thủ tục hành chính", "Heading2", Some(true)),
    ];
    for (text, style, bold) in cases {
        let p = find(&paras, text);
        assert_eq!(p.style, style, "{text}");
        assert_eq!(effective(&st, style).bold, bold, "{text}");
    }
    assert_eq!(st.get("Heading1").map(|s| s.name.as_str()), Some("heading 1"), "Word's built-in name");
}

#[test]
fn body_paragraphs_are_justified_and_indented() {
    let parts = written(&sample());
    let paras = paragraphs(part(&parts, "word/document.xml"));
    let st = styles(part(&parts, "word/styles.xml"));
    let p = find(&paras, "Tỷ lệ hồ sơ đúng hạn đạt 88,18%.");
    let f = effective(&st, &p.style);
    assert_eq!(f.jc.as_deref(), Some("both"));
    assert!((567..=720).contains(&f.first_line.unwrap_or(0)), "indent 1–1.27 cm");
    assert!(f.before.unwrap_or(0) >= 120, "at least 6 pt between paragraphs");
    assert!((240..=360).contains(&f.line.unwrap_or(0)), "single to 1.5 lines");
    assert_eq!(f.size, Some(28));
    let bold: Vec<&str> = p.runs.iter().filter(|r| r.bold).map(|r| r.text.as_str()).collect();
    assert_eq!(bold, ["88,18%"], "inline bold run");
    let dash = find(&paras, "- Tổ chức 05 hội nghị;");
    assert_eq!(effective(&st, &dash.style).jc.as_deref(), Some("both"));
    find(&paras, "+ Trên Cổng thông tin điện tử tỉnh.");
}

#[test]
fn tables_repeat_their_header_and_format_numbers() {
    let parts = written(&sample());
    let doc = part(&parts, "word/document.xml");
    let paras = paragraphs(doc);
    let st = styles(part(&parts, "word/styles.xml"));
    assert_eq!(doc.matches("<w:tblHeader/>").count(), 1, "one repeating header row");
    let data = doc.split("<w:tblStyle w:val=\"TableGrid\"/>").nth(1).unwrap_or("");
    let first_row = data.split("<w:tr>").nth(1).unwrap_or("");
    assert!(first_row.starts_with("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"), "{first_row}");
    let head = find(&paras, "Số hồ sơ");
    assert_eq!(head.table_depth, 1);
    assert_eq!(effective(&st, &head.style).bold, Some(true));
    let cell = find(&paras, "1.234,5");
    let f = effective(&st, &cell.style);
    assert_eq!((f.jc.as_deref(), f.size), (Some("right"), Some(24)), "numbers right-aligned, 12 pt");
    find(&paras, "1.234.567");
    find(&paras, "88,18%");
    assert_eq!(effective(&st, &find(&paras, "01/03/2025").style).jc.as_deref(), Some("center"));
    let title = find(&paras, "Bảng 1. Kết quả giải quyết hồ sơ");
    assert_eq!((title.table_depth, effective(&st, &title.style).bold), (0, Some(true)));
    assert!(data.contains("<w:tblLayout w:type=\"fixed\"/>"));
    for side in ["top", "left", "bottom", "right", "insideH", "insideV"] {
        let styles_xml = part(&parts, "word/styles.xml");
        assert!(styles_xml.contains(&format!("<w:{side} w:val=\"single\" w:sz=\"4\"")), "border {side}");
    }
}

#[test]
fn special_characters_are_escaped() {
    let parts = written(&sample());
    let doc = part(&parts, "word/document.xml");
    assert!(doc.contains("Ký tự đặc biệt: &lt;&amp;&gt;&quot;&apos; giữ nguyên."));
    find(&paragraphs(doc), "Ký tự đặc biệt: <&>\"' giữ nguyên.");
}

#[test]
fn page_numbers_centred_on_top_from_page_two() {
    let parts = written(&sample());
    let doc = part(&parts, "word/document.xml");
    let sect = doc.split("<w:sectPr>").nth(1).unwrap_or("");
    assert!(sect.contains("<w:titlePg/>"), "different first page");
    assert!(sect.contains("<w:headerReference w:type=\"default\" r:id=\"rIdHeaderDefault\"/>"));
    assert!(sect.contains("<w:headerReference w:type=\"first\" r:id=\"rIdHeaderFirst\"/>"));
    assert!(!sect.contains("footerReference"), "numbers in the top margin, not the footer");
    let rels = part(&parts, "word/_rels/document.xml.rels");
    assert!(rels.contains("Id=\"rIdHeaderDefault\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header1.xml\""));
    assert!(rels.contains("Id=\"rIdHeaderFirst\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header2.xml\""));
    let numbered = part(&parts, "word/header1.xml");
    assert!(numbered.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
    assert!(numbered.contains("<w:jc w:val=\"center\"/>"));
    let first = part(&parts, "word/header2.xml");
    assert!(!first.contains("PAGE") && paragraphs(first).iter().all(|p| p.text.is_empty()), "nothing on page 1");
    let st = styles(part(&parts, "word/styles.xml"));
    assert_eq!(effective(&st, "Header").size, Some(28), "page number 14 pt");
}

#[test]
fn signature_and_recipients() {
    let parts = written(&sample());
    let paras = paragraphs(part(&parts, "word/document.xml"));
    let st = styles(part(&parts, "word/styles.xml"));
    let label = find(&paras, "Nơi nhận:");
    let f = effective(&st, &label.style);
    assert_eq!(
        (f.bold, f.italic, f.size, label.cell),
        (Some(true), Some(true), Some(24), 0),
        "12 pt bold italic, left"
    );
    for text in ["- Bộ Nội vụ;", "- UBND tỉnh;", "- Lưu: VT, CCHC."] {
        let p = find(&paras, text);
        let f = effective(&st, &p.style);
        assert_eq!((f.size, f.bold, p.cell, p.table_depth), (Some(22), None, 0, 1), "{text}: 11 pt");
    }
    for text in ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"] {
        let p = find(&paras, text);
        let f = effective(&st, &p.style);
        assert_eq!((f.bold, f.jc.as_deref(), p.cell), (Some(true), Some("center"), 1), "{text}: bold, right column");
    }
    assert!(effective(&st, &find(&paras, "Nguyễn Văn A").style).before.unwrap_or(0) >= 1000, "room to sign");
}

#[test]
fn letters_carry_the_summary_under_the_number() {
    let mut doc = sample();
    doc.kind_title = String::new();
    doc.title = "báo cáo kết quả CCHC quý II".into();
    let parts = written(&doc);
    let paras = paragraphs(part(&parts, "word/document.xml"));
    let vv = find(&paras, "V/v báo cáo kết quả CCHC quý II");
    assert_eq!((vv.table_depth, vv.cell), (1, 0));
    assert!(paras.iter().all(|p| p.style != "Nd30Kind" && p.style != "Nd30Summary"));
    find(&paras, "Kính gửi: Bộ Nội vụ");
}

#[test]
fn package_parts_are_declared_and_well_formed() {
    let parts = written(&sample());
    for (name, xml) in &parts {
        well_formed(name, xml);
    }
    let types = part(&parts, "[Content_Types].xml");
    for p in ["document.xml", "styles.xml", "settings.xml", "header1.xml", "header2.xml"] {
        assert!(types.contains(&format!("PartName=\"/word/{p}\"")), "{p} declared");
    }
    assert!(types.contains("wordprocessingml.document.main+xml"));
    for p in ["core.xml", "app.xml"] {
        assert!(types.contains(&format!("PartName=\"/docProps/{p}\"")));
    }
    for (rels, base) in [("_rels/.rels", ""), ("word/_rels/document.xml.rels", "word/")] {
        for target in part(&parts, rels).split("Target=\"").skip(1).filter_map(|s| s.split('"').next()) {
            assert!(parts.contains_key(&format!("{base}{target}")), "{rels} points to missing {target}");
        }
    }
    let core = part(&parts, "docProps/core.xml");
    assert!(core.contains("<dc:title>Kết quả thực hiện công tác cải cách hành chính quý II năm 2025</dc:title>"));
    assert!(core.contains("<dc:creator>SỞ NỘI VỤ</dc:creator>"));
    let settings = part(&parts, "word/settings.xml");
    assert!(settings.contains("<w:decimalSymbol w:val=\",\"/>"));
}
