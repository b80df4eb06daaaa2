//! `word/document.xml`: the header block, the body blocks in order (numbered headings,
//! justified paragraphs, dash lists, tables, page breaks), the signature block and the section
//! properties.

use super::geometry::Geometry;
use super::model::{Block, HeadingLevel, OfficialDocument};
use super::numbering::Counters;
use super::para::{self, Para};
use super::text::{clean, upper};
use super::xml::{Xml, NS_R, NS_W};
use super::{header_block, image, page, signature, table};

/// The main document part.
pub(crate) fn document_xml(doc: &OfficialDocument, g: &Geometry) -> String {
    let mut x = Xml::new();
    x.open("w:document", &[("xmlns:w", NS_W), ("xmlns:r", NS_R), ("xmlns:wp", image::NS_WP)]);
    x.open("w:body", &[]);
    header_block::write(&mut x, doc, g);
    blocks(&mut x, &doc.body, g);
    signature::write(&mut x, doc, g);
    if x.ends_with("</w:tbl>") {
        // Word expects the body to end with a paragraph, not a table.
        para::empty(&mut x, "Nd30Spacer");
    }
    page::section_properties(&mut x, g);
    x.close("w:body");
    x.close("w:document");
    x.finish()
}

fn blocks(x: &mut Xml, body: &[Block], g: &Geometry) {
    let mut counters = Counters::default();
    let mut pictures = image::media(body).into_iter();
    for b in body {
        match b {
            Block::Heading(level, text) => {
                let label = counters.next(*level);
                para::text(x, Para::style(heading_style(*level)), &heading_text(*level, &label, text));
            }
            Block::Paragraph(runs) => para::runs(x, Para::style("Nd30Body"), runs),
            Block::Bullets(items) => list(x, "-", items),
            Block::SubBullets(items) => list(x, "+", items),
            Block::Table(t) => table::data_table(x, t, g),
            Block::Image(img) => {
                // `media` lists the valid pictures in body order: this is the next one, if valid.
                if crate::png::dimensions(&img.png).is_some() {
                    if let Some((n, _)) = pictures.next() {
                        image::write(x, img, n, g);
                    }
                }
            }
            Block::PageBreak => para::page_break(x),
        }
    }
}

/// The Word style of a heading level.
pub(crate) fn heading_style(level: HeadingLevel) -> &'static str {
    match level {
        HeadingLevel::Roman => "Heading1",
        HeadingLevel::Arabic => "Heading2",
        HeadingLevel::Decimal => "Heading3",
        HeadingLevel::Letter => "Heading4",
    }
}

/// "I. KẾT QUẢ…", "1. Công tác…": the label, a space, the title (upper case at the Roman
/// level, as the decree writes section titles).
pub(crate) fn heading_text(level: HeadingLevel, label: &str, title: &str) -> String {
    let title = match level {
        HeadingLevel::Roman => upper(title),
        _ => clean(title),
    };
    let title = title.trim();
    if title.is_empty() {
        label.to_string()
    } else {
        format!("{label} {title}")
    }
}

fn list(x: &mut Xml, marker: &str, items: &[String]) {
    for item in items {
        let item = clean(item);
        let item = item.trim();
        let text = if item.is_empty() { marker.to_string() } else { format!("{marker} {item}") };
        para::text(x, Para::style("Nd30Bullet"), &text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_carry_their_numbers() {
        assert_eq!(heading_text(HeadingLevel::Roman, "I.", "kết quả đạt được"), "I. KẾT QUẢ ĐẠT ĐƯỢC");
        assert_eq!(heading_text(HeadingLevel::Arabic, "1.", " Công tác chỉ đạo "), "1. Công tác chỉ đạo");
        assert_eq!(heading_text(HeadingLevel::Letter, "a)", ""), "a)");
    }
}
