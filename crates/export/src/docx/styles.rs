//! `word/styles.xml`: Times New Roman everywhere (document defaults), and one named style per
//! element of the decree's layout ("NĐ30 Quốc hiệu", "NĐ30 Nội dung", "heading 1"…), so an
//! official can restyle the whole document in Word from the Styles pane. Sizes are in
//! half-points (`w:sz`), spacing in twips.

use super::geometry::Geometry;
use super::xml::{Xml, NS_W};

/// The font NĐ 30 prescribes.
pub(crate) const FONT: &str = "Times New Roman";

/// One paragraph style.
#[derive(Default, Clone, Copy)]
struct Style {
    id: &'static str,
    name: &'static str,
    based_on: Option<&'static str>,
    next: Option<&'static str>,
    align: Option<&'static str>,
    keep_next: bool,
    before: u32,
    /// `(line, exact)`; `None` keeps the inherited spacing.
    line: Option<(u32, bool)>,
    first_line: Option<u32>,
    outline: Option<u8>,
    bold: bool,
    italic: bool,
    size: Option<u32>,
}

fn centred(id: &'static str, name: &'static str, size: u32) -> Style {
    Style { id, name, based_on: Some("Normal"), align: Some("center"), size: Some(size), ..Style::default() }
}

fn body_like(id: &'static str, name: &'static str, g: &Geometry) -> Style {
    Style {
        id,
        name,
        based_on: Some("Normal"),
        align: Some("both"),
        before: 120,
        line: Some((g.line, false)),
        first_line: Some(g.indent),
        ..Style::default()
    }
}

fn heading(id: &'static str, name: &'static str, level: u8, g: &Geometry) -> Style {
    Style { next: Some("Nd30Body"), keep_next: true, outline: Some(level), ..body_like(id, name, g) }
}

fn paragraph_styles(g: &Geometry) -> Vec<Style> {
    let body = g.body_half_pt;
    vec![
        Style { id: "Normal", name: "Normal", ..Style::default() },
        body_like("Nd30Body", "NĐ30 Nội dung", g),
        body_like("Nd30Bullet", "NĐ30 Gạch đầu dòng", g),
        Style { bold: true, ..heading("Heading1", "heading 1", 0, g) },
        Style { bold: true, ..heading("Heading2", "heading 2", 1, g) },
        Style { bold: true, italic: true, ..heading("Heading3", "heading 3", 2, g) },
        heading("Heading4", "heading 4", 3, g),
        centred("Nd30Parent", "NĐ30 Cơ quan chủ quản", 24),
        Style { bold: true, ..centred("Nd30Issuer", "NĐ30 Cơ quan ban hành", 24) },
        Style { before: 120, ..centred("Nd30Number", "NĐ30 Số, ký hiệu", 26) },
        Style { before: 60, ..centred("Nd30LetterSummary", "NĐ30 Trích yếu công văn", 24) },
        Style { bold: true, ..centred("Nd30Motto", "NĐ30 Quốc hiệu", 24) },
        Style { bold: true, ..centred("Nd30Slogan", "NĐ30 Tiêu ngữ", 26) },
        Style { italic: true, before: 120, ..centred("Nd30PlaceDate", "NĐ30 Địa danh, thời gian", body) },
        Style { line: Some((40, true)), ..centred("Nd30Rule", "NĐ30 Đường kẻ", 4) },
        Style { bold: true, keep_next: true, before: 480, ..centred("Nd30Kind", "NĐ30 Tên loại", body) },
        Style { bold: true, keep_next: true, ..centred("Nd30Summary", "NĐ30 Trích yếu", body) },
        Style { before: 240, ..centred("Nd30Addressee", "NĐ30 Kính gửi", body) },
        Style { bold: true, keep_next: true, before: 240, ..centred("Nd30TableTitle", "NĐ30 Tên bảng", body) },
        Style { italic: true, keep_next: true, ..centred("Nd30TableNote", "NĐ30 Ghi chú bảng", 26) },
        Style { bold: true, ..centred("Nd30TableHead", "NĐ30 Bảng: tiêu đề cột", 24) },
        centred("Nd30TableDate", "NĐ30 Bảng: ngày", 24),
        Style { align: Some("left"), ..centred("Nd30TableText", "NĐ30 Bảng: chữ", 24) },
        Style { align: Some("right"), ..centred("Nd30TableNumber", "NĐ30 Bảng: số", 24) },
        Style { keep_next: true, before: 120, ..centred("Nd30Figure", "NĐ30 Hình", body) },
        Style { italic: true, ..centred("Nd30Caption", "NĐ30 Chú thích hình", 26) },
        Style { line: Some((240, false)), ..centred("Nd30Spacer", "NĐ30 Cách bảng", 12) },
        Style { bold: true, ..centred("Nd30Authority", "NĐ30 Quyền hạn, chức vụ người ký", body) },
        Style { bold: true, before: 1440, ..centred("Nd30SignerName", "NĐ30 Họ tên người ký", body) },
        Style {
            bold: true, italic: true, align: Some("left"), ..centred("Nd30RecipientsLabel", "NĐ30 Nơi nhận", 24)
        },
        Style { align: Some("left"), ..centred("Nd30Recipients", "NĐ30 Danh sách nơi nhận", 22) },
        centred("Header", "header", body),
    ]
}

/// The styles part.
pub(crate) fn styles_xml(g: &Geometry) -> String {
    let mut x = Xml::new();
    x.open("w:styles", &[("xmlns:w", NS_W)]);
    doc_defaults(&mut x, g);
    for s in paragraph_styles(g) {
        write_style(&mut x, &s);
    }
    x.open("w:style", &[("w:type", "character"), ("w:default", "1"), ("w:styleId", "DefaultParagraphFont")]);
    x.empty("w:name", &[("w:val", "Default Paragraph Font")]);
    x.empty("w:uiPriority", &[("w:val", "1")]);
    x.empty("w:semiHidden", &[]);
    x.close("w:style");
    table_styles(&mut x);
    x.close("w:styles");
    x.finish()
}

fn doc_defaults(x: &mut Xml, g: &Geometry) {
    let size = g.body_half_pt.to_string();
    x.open("w:docDefaults", &[]);
    x.open("w:rPrDefault", &[]);
    x.open("w:rPr", &[]);
    x.empty("w:rFonts", &[("w:ascii", FONT), ("w:hAnsi", FONT), ("w:eastAsia", FONT), ("w:cs", FONT)]);
    x.empty("w:color", &[("w:val", "000000")]);
    x.empty("w:sz", &[("w:val", &size)]);
    x.empty("w:szCs", &[("w:val", &size)]);
    x.empty("w:lang", &[("w:val", "vi-VN"), ("w:eastAsia", "en-US"), ("w:bidi", "ar-SA")]);
    x.close("w:rPr");
    x.close("w:rPrDefault");
    x.open("w:pPrDefault", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:spacing", &[("w:after", "0"), ("w:line", "240"), ("w:lineRule", "auto")]);
    x.close("w:pPr");
    x.close("w:pPrDefault");
    x.close("w:docDefaults");
}

fn write_style(x: &mut Xml, s: &Style) {
    let mut attrs = vec![("w:type", "paragraph")];
    if s.id == "Normal" {
        attrs.push(("w:default", "1"));
    }
    attrs.push(("w:styleId", s.id));
    x.open("w:style", &attrs);
    x.empty("w:name", &[("w:val", s.name)]);
    if let Some(b) = s.based_on {
        x.empty("w:basedOn", &[("w:val", b)]);
    }
    if let Some(n) = s.next {
        x.empty("w:next", &[("w:val", n)]);
    }
    x.empty("w:qFormat", &[]);
    x.open("w:pPr", &[]);
    if s.keep_next {
        x.empty("w:keepNext", &[]);
        x.empty("w:keepLines", &[]);
    }
    let before = s.before.to_string();
    let mut spacing = vec![("w:before", before.as_str()), ("w:after", "0")];
    let line = s.line.map(|(l, _)| l.to_string()).unwrap_or_default();
    if let Some((_, exact)) = s.line {
        spacing.push(("w:line", &line));
        spacing.push(("w:lineRule", if exact { "exact" } else { "auto" }));
    }
    x.empty("w:spacing", &spacing);
    if let Some(f) = s.first_line {
        x.empty("w:ind", &[("w:firstLine", &f.to_string())]);
    }
    if let Some(a) = s.align {
        x.empty("w:jc", &[("w:val", a)]);
    }
    if let Some(o) = s.outline {
        x.empty("w:outlineLvl", &[("w:val", &o.to_string())]);
    }
    x.close("w:pPr");
    x.open("w:rPr", &[]);
    x.empty("w:rFonts", &[("w:ascii", FONT), ("w:hAnsi", FONT), ("w:eastAsia", FONT), ("w:cs", FONT)]);
    if s.bold {
        x.empty("w:b", &[]);
        x.empty("w:bCs", &[]);
    }
    if s.italic {
        x.empty("w:i", &[]);
        x.empty("w:iCs", &[]);
    }
    if let Some(sz) = s.size {
        x.empty("w:sz", &[("w:val", &sz.to_string())]);
        x.empty("w:szCs", &[("w:val", &sz.to_string())]);
    }
    x.close("w:rPr");
    x.close("w:style");
}

/// The default table style and "Table Grid" (thin single borders, as official tables have).
fn table_styles(x: &mut Xml) {
    x.open("w:style", &[("w:type", "table"), ("w:default", "1"), ("w:styleId", "TableNormal")]);
    x.empty("w:name", &[("w:val", "Normal Table")]);
    x.empty("w:uiPriority", &[("w:val", "99")]);
    x.empty("w:semiHidden", &[]);
    x.open("w:tblPr", &[]);
    x.empty("w:tblInd", &[("w:w", "0"), ("w:type", "dxa")]);
    cell_margins(x, "0", "108");
    x.close("w:tblPr");
    x.close("w:style");

    x.open("w:style", &[("w:type", "table"), ("w:styleId", "TableGrid")]);
    x.empty("w:name", &[("w:val", "Table Grid")]);
    x.empty("w:basedOn", &[("w:val", "TableNormal")]);
    x.empty("w:uiPriority", &[("w:val", "39")]);
    x.open("w:tblPr", &[]);
    x.open("w:tblBorders", &[]);
    for side in ["w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"] {
        x.empty(side, &[("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")]);
    }
    x.close("w:tblBorders");
    x.close("w:tblPr");
    x.close("w:style");
}

/// `w:tblCellMar` with the given top and bottom, left and right margins (twips).
pub(crate) fn cell_margins(x: &mut Xml, vertical: &str, side: &str) {
    x.open("w:tblCellMar", &[]);
    x.empty("w:top", &[("w:w", vertical), ("w:type", "dxa")]);
    x.empty("w:left", &[("w:w", side), ("w:type", "dxa")]);
    x.empty("w:bottom", &[("w:w", vertical), ("w:type", "dxa")]);
    x.empty("w:right", &[("w:w", side), ("w:type", "dxa")]);
    x.close("w:tblCellMar");
}
