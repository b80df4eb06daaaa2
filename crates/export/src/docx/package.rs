//! The OPC package: the ZIP container with `[Content_Types].xml`, the relationships, the
//! document, styles, settings and header parts, and the document properties. Entries carry a
//! fixed timestamp so the same document always gives the same bytes.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::geometry::Geometry;
use super::image;
use super::model::OfficialDocument;
use super::page::{self, DEFAULT_HEADER_ID, DEFAULT_HEADER_PART, FIRST_HEADER_ID, FIRST_HEADER_PART};
use super::settings::settings_xml;
use super::styles::styles_xml;
use super::text::{one_line, upper};
use super::xml::Xml;
use super::DocxError;

const CT: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const NS_PKG_REL: &str = "http://schemas.openxmlformats.org/package/2006/relationships";

/// Zips the parts.
pub(crate) fn write(doc: &OfficialDocument, g: &Geometry, document: String) -> Result<Vec<u8>, DocxError> {
    let parts = [
        ("[Content_Types].xml".to_string(), content_types()),
        ("_rels/.rels".to_string(), package_rels()),
        ("docProps/core.xml".to_string(), core_xml(doc)),
        ("docProps/app.xml".to_string(), app_xml()),
        ("word/_rels/document.xml.rels".to_string(), document_rels(doc)),
        ("word/document.xml".to_string(), document),
        ("word/styles.xml".to_string(), styles_xml(g)),
        ("word/settings.xml".to_string(), settings_xml()),
        (format!("word/{DEFAULT_HEADER_PART}"), page::numbered_header_xml()),
        (format!("word/{FIRST_HEADER_PART}"), page::empty_header_xml()),
    ];
    let pictures = image::media(&doc.body);
    let mut parts: Vec<(String, &[u8])> = parts.iter().map(|(n, c)| (n.clone(), c.as_bytes())).collect();
    for (n, img) in &pictures {
        parts.push((format!("word/{}", image::part(*n).0), img.png.as_slice()));
    }
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    for (name, content) in &parts {
        zip.start_file(name.as_str(), options)?;
        zip.write_all(content)?;
    }
    Ok(zip.finish()?.into_inner())
}

fn content_types() -> String {
    let mut x = Xml::new();
    x.open("Types", &[("xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")]);
    x.empty(
        "Default",
        &[("Extension", "rels"), ("ContentType", "application/vnd.openxmlformats-package.relationships+xml")],
    );
    x.empty("Default", &[("Extension", "xml"), ("ContentType", "application/xml")]);
    x.empty("Default", &[("Extension", "png"), ("ContentType", "image/png")]);
    let word = |kind: &str| format!("{CT}{kind}+xml");
    let overrides = [
        ("/word/document.xml".to_string(), word("document.main")),
        ("/word/styles.xml".to_string(), word("styles")),
        ("/word/settings.xml".to_string(), word("settings")),
        (format!("/word/{DEFAULT_HEADER_PART}"), word("header")),
        (format!("/word/{FIRST_HEADER_PART}"), word("header")),
        ("/docProps/core.xml".to_string(), "application/vnd.openxmlformats-package.core-properties+xml".to_string()),
        (
            "/docProps/app.xml".to_string(),
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ];
    for (part, ct) in &overrides {
        x.empty("Override", &[("PartName", part), ("ContentType", ct)]);
    }
    x.close("Types");
    x.finish()
}

fn relationships(rels: &[(String, String, String)]) -> String {
    let mut x = Xml::new();
    x.open("Relationships", &[("xmlns", NS_PKG_REL)]);
    for (id, kind, target) in rels {
        x.empty("Relationship", &[("Id", id), ("Type", kind), ("Target", target)]);
    }
    x.close("Relationships");
    x.finish()
}

fn package_rels() -> String {
    relationships(&[
        ("rId1".into(), format!("{REL}officeDocument"), "word/document.xml".into()),
        (
            "rId2".into(),
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties".into(),
            "docProps/core.xml".into(),
        ),
        ("rId3".into(), format!("{REL}extended-properties"), "docProps/app.xml".into()),
    ])
}

fn document_rels(doc: &OfficialDocument) -> String {
    let mut rels = vec![
        ("rIdStyles".into(), format!("{REL}styles"), "styles.xml".into()),
        ("rIdSettings".into(), format!("{REL}settings"), "settings.xml".into()),
        (DEFAULT_HEADER_ID.into(), format!("{REL}header"), DEFAULT_HEADER_PART.into()),
        (FIRST_HEADER_ID.into(), format!("{REL}header"), FIRST_HEADER_PART.into()),
    ];
    for (n, _) in image::media(&doc.body) {
        let (target, id) = image::part(n);
        rels.push((id, format!("{REL}image"), target));
    }
    relationships(&rels)
}

/// Title, subject (the document kind), creator (the issuer), language. No dates: the writer
/// has no clock, and Word fills them when the file is saved.
fn core_xml(doc: &OfficialDocument) -> String {
    let mut x = Xml::new();
    x.open(
        "cp:coreProperties",
        &[
            ("xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    );
    x.element("dc:title", &[], &one_line(&doc.title));
    x.element("dc:subject", &[], &one_line(&upper(&doc.kind_title)));
    x.element("dc:creator", &[], &one_line(&upper(&doc.issuer)));
    x.element("dc:language", &[], "vi-VN");
    x.close("cp:coreProperties");
    x.finish()
}

fn app_xml() -> String {
    let mut x = Xml::new();
    x.open(
        "Properties",
        &[
            ("xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"),
            ("xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"),
        ],
    );
    x.element("Application", &[], "cchc");
    x.element("DocSecurity", &[], "0");
    x.close("Properties");
    x.finish()
}
