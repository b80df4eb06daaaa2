//! The page: A4 portrait with the decree's margins, and page numbers as NĐ 30 places them —
//! Arabic digits, centred in the top margin, counted from 1 but not shown on the first page.
//! The section has a different first page (`w:titlePg`) whose header is empty; the other pages
//! use a header holding a PAGE field.

use super::geometry::{Geometry, A4_HEIGHT, A4_WIDTH, HEADER_DISTANCE};
use super::xml::{Xml, NS_R, NS_W};

/// Relationship id of the header of pages 2 and later.
pub(crate) const DEFAULT_HEADER_ID: &str = "rIdHeaderDefault";
/// Relationship id of the (empty) first-page header.
pub(crate) const FIRST_HEADER_ID: &str = "rIdHeaderFirst";
/// Part names of the two headers.
pub(crate) const DEFAULT_HEADER_PART: &str = "header1.xml";
pub(crate) const FIRST_HEADER_PART: &str = "header2.xml";

/// `w:sectPr`, the last child of the body.
pub(crate) fn section_properties(x: &mut Xml, g: &Geometry) {
    x.open("w:sectPr", &[]);
    x.empty("w:headerReference", &[("w:type", "default"), ("r:id", DEFAULT_HEADER_ID)]);
    x.empty("w:headerReference", &[("w:type", "first"), ("r:id", FIRST_HEADER_ID)]);
    x.empty("w:pgSz", &[("w:w", &A4_WIDTH.to_string()), ("w:h", &A4_HEIGHT.to_string())]);
    let (top, right, bottom, left) = (g.top.to_string(), g.right.to_string(), g.bottom.to_string(), g.left.to_string());
    let distance = HEADER_DISTANCE.to_string();
    x.empty(
        "w:pgMar",
        &[
            ("w:top", &top),
            ("w:right", &right),
            ("w:bottom", &bottom),
            ("w:left", &left),
            ("w:header", &distance),
            ("w:footer", &distance),
            ("w:gutter", "0"),
        ],
    );
    x.empty("w:pgNumType", &[("w:start", "1")]);
    x.empty("w:cols", &[("w:space", "720")]);
    x.empty("w:titlePg", &[]);
    x.empty("w:docGrid", &[("w:linePitch", "360")]);
    x.close("w:sectPr");
}

/// The header of pages 2 and later: the page number, centred (style "header").
pub(crate) fn numbered_header_xml() -> String {
    let mut x = Xml::new();
    x.open("w:hdr", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "Header")]);
    x.empty("w:jc", &[("w:val", "center")]);
    x.close("w:pPr");
    field_char(&mut x, "begin");
    x.open("w:r", &[]);
    x.element("w:instrText", &[("xml:space", "preserve")], " PAGE ");
    x.close("w:r");
    field_char(&mut x, "separate");
    x.open("w:r", &[]);
    x.element("w:t", &[], "2");
    x.close("w:r");
    field_char(&mut x, "end");
    x.close("w:p");
    x.close("w:hdr");
    x.finish()
}

/// The first page's header: one empty paragraph, so no number shows.
pub(crate) fn empty_header_xml() -> String {
    let mut x = Xml::new();
    x.open("w:hdr", &[("xmlns:w", NS_W), ("xmlns:r", NS_R)]);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "Header")]);
    x.close("w:pPr");
    x.close("w:p");
    x.close("w:hdr");
    x.finish()
}

fn field_char(x: &mut Xml, kind: &str) {
    x.open("w:r", &[]);
    x.empty("w:fldChar", &[("w:fldCharType", kind)]);
    x.close("w:r");
}
