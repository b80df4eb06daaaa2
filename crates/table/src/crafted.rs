//! Crafted workbooks that once could stop a spreadsheet reader (the malformed corpus): built
//! here, in a few kilobytes each, so that every reader's tests and the whole-stack upload tests
//! run the same files. Each is a valid ZIP with the parts a reader needs.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

const NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// A workbook of the given sheets (name, `<sheetData>` content, extra XML after it), with an
/// optional shared-strings part.
pub fn workbook(sheets: &[(&str, &str, &str)], shared_strings: Option<&str>) -> Vec<u8> {
    let mut parts: Vec<(String, String)> = Vec::new();
    let mut types = String::new();
    let mut rels = String::new();
    let mut list = String::new();
    for (i, (name, data, extra)) in sheets.iter().enumerate() {
        let n = i + 1;
        types.push_str(&format!(
            r#"<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
        ));
        rels.push_str(&format!(
            r#"<Relationship Id="rId{n}" Type="{REL}/worksheet" Target="worksheets/sheet{n}.xml"/>"#
        ));
        list.push_str(&format!(r#"<sheet name="{name}" sheetId="{n}" r:id="rId{n}"/>"#));
        parts.push((
            format!("xl/worksheets/sheet{n}.xml"),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}"><sheetData>{data}</sheetData>{extra}</worksheet>"#),
        ));
    }
    if let Some(sst) = shared_strings {
        let n = sheets.len() + 1;
        rels.push_str(&format!(r#"<Relationship Id="rId{n}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>"#));
        types.push_str(r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>"#);
        parts.push((
            "xl/sharedStrings.xml".into(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{NS}">{sst}</sst>"#),
        ));
    }
    parts.push((
        "[Content_Types].xml".into(),
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>{types}</Types>"#
        ),
    ));
    parts.push((
        "_rels/.rels".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#),
    ));
    parts.push((
        "xl/workbook.xml".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" xmlns:r="{REL}"><sheets>{list}</sheets></workbook>"#),
    ));
    parts.push((
        "xl/_rels/workbook.xml.rels".into(),
        format!(r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#),
    ));
    zip_of(&parts)
}

/// A ZIP of the given (name, content) parts, deflated.
pub fn zip_of(parts: &[(String, String)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    for (name, content) in parts {
        // Writing into memory cannot fail but for a programming error; an empty file then
        // fails the tests that use it.
        if zip.start_file(name.as_str(), opts).is_err() || zip.write_all(content.as_bytes()).is_err() {
            return Vec::new();
        }
    }
    zip.finish().map(Cursor::into_inner).unwrap_or_default()
}

fn inline(cell: &str, text: &str) -> String {
    format!(r#"<c r="{cell}" t="inlineStr"><is><t>{text}</t></is></c>"#)
}

/// The corpus: (name, bytes, what a reader must do with it).
pub fn corpus() -> Vec<(&'static str, Vec<u8>)> {
    let far = format!(r#"<row r="1">{}</row><row r="1048576">{}</row>"#, inline("A1", "a"), inline("XFD1048576", "b"));
    let far_row =
        format!(r#"<row r="1">{}</row><row r="99999999">{}</row>"#, inline("A1", "a"), inline("A99999999", "b"));
    let merge_bomb = format!(r#"<row r="1">{}</row>"#, inline("A1", "a"));
    let merges: String = (0..2000).map(|i| format!(r#"<mergeCell ref="A{}:XFD1048576"/>"#, i + 1)).collect();
    let deep = format!(
        r#"<row r="1"><c r="A1" t="inlineStr"><is>{}x{}</is></c></row>"#,
        "<r>".repeat(50_000),
        "</r>".repeat(50_000)
    );
    let many: Vec<(String, String)> = (0..300).map(|i| (format!("S{i}"), String::new())).collect();
    let many_refs: Vec<(&str, &str, &str)> = many.iter().map(|(n, d)| (n.as_str(), d.as_str(), "")).collect();
    let strings: String = "<si><t>aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa</t></si>".repeat(40_000);
    vec![
        ("far corner (A1 and XFD1048576)", workbook(&[("Sheet1", &far, "")], None)),
        ("row number past Excel's", workbook(&[("Sheet1", &far_row, "")], None)),
        (
            "2,000 merged ranges to XFD1048576",
            workbook(&[("Sheet1", &merge_bomb, &format!("<mergeCells>{merges}</mergeCells>"))], None),
        ),
        ("50,000 nested elements in a cell", workbook(&[("Sheet1", &deep, "")], None)),
        ("300 sheets", workbook(&many_refs, None)),
        (
            "2.6 MB shared-strings table",
            workbook(&[("Sheet1", r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#, "")], Some(&strings)),
        ),
    ]
}
