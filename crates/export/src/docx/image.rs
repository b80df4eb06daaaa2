//! Pictures of the body: each valid PNG becomes the part `word/media/image{n}.png`, related to
//! the document as `rIdImage{n}`, and is drawn inline (`wp:inline`) in a centred paragraph,
//! followed by its caption.

use super::geometry::Geometry;
use super::model::{Block, Image};
use super::para::{self, Para};
use super::xml::Xml;
use crate::png::dimensions;

pub(crate) const NS_WP: &str = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing";
const NS_A: &str = "http://schemas.openxmlformats.org/drawingml/2006/main";
const NS_PIC: &str = "http://schemas.openxmlformats.org/drawingml/2006/picture";
/// English Metric Units per twip and per millimetre.
const EMU_PER_TWIP: u64 = 635;
const EMU_PER_MM: u64 = 36_000;

/// The pictures that will be written, numbered from 1 in body order.
pub(crate) fn media(body: &[Block]) -> Vec<(usize, &Image)> {
    body.iter()
        .filter_map(|b| match b {
            Block::Image(i) if dimensions(&i.png).is_some() => Some(i),
            _ => None,
        })
        .enumerate()
        .map(|(i, img)| (i + 1, img))
        .collect()
}

/// The part name (under `word/`) and relationship id of picture `n`.
pub(crate) fn part(n: usize) -> (String, String) {
    (format!("media/image{n}.png"), format!("rIdImage{n}"))
}

/// Writes picture `n` and its caption; nothing when the bytes are not a PNG.
pub(crate) fn write(x: &mut Xml, img: &Image, n: usize, g: &Geometry) {
    let Some((w_px, h_px)) = dimensions(&img.png) else { return };
    let max = g.text_width as u64 * EMU_PER_TWIP;
    let cx = (img.width_mm.max(10) as u64 * EMU_PER_MM).min(max);
    let cy = cx * h_px.max(1) as u64 / w_px.max(1) as u64;
    let (cx, cy) = (cx.to_string(), cy.to_string());
    let (_, rid) = part(n);
    let id = n.to_string();
    let name = format!("Hình {n}");
    let description = super::text::one_line(&img.description);
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "Nd30Figure")]);
    x.close("w:pPr");
    x.open("w:r", &[]);
    x.open("w:drawing", &[]);
    x.open("wp:inline", &[("distT", "0"), ("distB", "0"), ("distL", "0"), ("distR", "0")]);
    x.empty("wp:extent", &[("cx", &cx), ("cy", &cy)]);
    x.empty("wp:docPr", &[("id", &id), ("name", &name), ("descr", &description)]);
    x.open("wp:cNvGraphicFramePr", &[]);
    x.empty("a:graphicFrameLocks", &[("xmlns:a", NS_A), ("noChangeAspect", "1")]);
    x.close("wp:cNvGraphicFramePr");
    x.open("a:graphic", &[("xmlns:a", NS_A)]);
    x.open("a:graphicData", &[("uri", NS_PIC)]);
    x.open("pic:pic", &[("xmlns:pic", NS_PIC)]);
    x.open("pic:nvPicPr", &[]);
    x.empty("pic:cNvPr", &[("id", &id), ("name", &format!("image{n}.png"))]);
    x.empty("pic:cNvPicPr", &[]);
    x.close("pic:nvPicPr");
    x.open("pic:blipFill", &[]);
    x.empty("a:blip", &[("r:embed", &rid)]);
    x.open("a:stretch", &[]);
    x.empty("a:fillRect", &[]);
    x.close("a:stretch");
    x.close("pic:blipFill");
    x.open("pic:spPr", &[]);
    x.open("a:xfrm", &[]);
    x.empty("a:off", &[("x", "0"), ("y", "0")]);
    x.empty("a:ext", &[("cx", &cx), ("cy", &cy)]);
    x.close("a:xfrm");
    x.open("a:prstGeom", &[("prst", "rect")]);
    x.empty("a:avLst", &[]);
    x.close("a:prstGeom");
    x.close("pic:spPr");
    x.close("pic:pic");
    x.close("a:graphicData");
    x.close("a:graphic");
    x.close("wp:inline");
    x.close("w:drawing");
    x.close("w:r");
    x.close("w:p");
    if !img.caption.trim().is_empty() {
        para::text(x, Para::style("Nd30Caption"), &img.caption);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::model::Layout;
    use crate::png::Canvas;

    fn image(png: Vec<u8>) -> Image {
        Image { png, width_mm: 500, caption: "Biểu đồ 1: Nhiệm vụ".into(), description: "Cột \"A\"".into() }
    }

    #[test]
    fn a_picture_is_inline_fits_the_text_width_and_keeps_its_proportions() {
        let g = Geometry::new(&Layout::default());
        let mut x = Xml::new();
        write(&mut x, &image(Canvas::new(200, 100).to_png()), 1, &g);
        let s = x.finish();
        let cx = g.text_width as u64 * EMU_PER_TWIP;
        assert!(s.contains(&format!("<wp:extent cx=\"{cx}\" cy=\"{}\"/>", cx / 2)), "{s}");
        assert!(s.contains("r:embed=\"rIdImage1\""), "{s}");
        assert!(s.contains("descr=\"Cột &quot;A&quot;\""), "{s}");
        assert!(s.contains("Biểu đồ 1: Nhiệm vụ"));
        let mut x = Xml::new();
        write(&mut x, &image(b"GIF89a".to_vec()), 1, &g);
        assert!(!x.finish().contains("<w:p"), "not a PNG: nothing");
    }

    #[test]
    fn only_valid_pictures_are_numbered() {
        let ok = Canvas::new(2, 2).to_png();
        let body = vec![
            Block::Image(image(b"junk".to_vec())),
            Block::paragraph("x"),
            Block::Image(image(ok.clone())),
            Block::Image(image(ok)),
        ];
        let m = media(&body);
        assert_eq!(m.iter().map(|(n, _)| *n).collect::<Vec<_>>(), vec![1, 2]);
        assert_eq!(part(2), ("media/image2.png".to_string(), "rIdImage2".to_string()));
    }

    #[test]
    fn the_package_holds_the_picture_its_type_and_relationship() {
        use std::io::Read;
        let png = Canvas::new(40, 20).to_png();
        let doc = crate::docx::OfficialDocument {
            body: vec![Block::paragraph("Trước"), Block::Image(image(png.clone())), Block::paragraph("Sau")],
            ..Default::default()
        };
        let bytes = crate::docx::to_docx(&doc).unwrap_or_default();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let mut read = |name: &str| {
            let mut v = Vec::new();
            zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_end(&mut v).unwrap_or_default();
            v
        };
        assert_eq!(read("word/media/image1.png"), png);
        let rels = String::from_utf8(read("word/_rels/document.xml.rels")).unwrap_or_default();
        assert!(rels.contains("Id=\"rIdImage1\"") && rels.contains("Target=\"media/image1.png\""), "{rels}");
        let types = String::from_utf8(read("[Content_Types].xml")).unwrap_or_default();
        assert!(types.contains("Extension=\"png\" ContentType=\"image/png\""), "{types}");
        let document = String::from_utf8(read("word/document.xml")).unwrap_or_default();
        assert!(document.contains("xmlns:wp=") && document.contains("<wp:inline"), "{document}");
        let order = ["Trước", "<wp:inline", "Biểu đồ 1: Nhiệm vụ", "Sau"].map(|s| document.find(s).unwrap_or(0));
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    }
}
