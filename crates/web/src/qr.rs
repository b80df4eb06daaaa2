//! QR codes of the public survey links, drawn as SVG (crisp at any print size, a few hundred
//! bytes): the `qrcode` crate encodes, this module draws the dark modules as one path with the
//! standard four-module quiet zone. Error correction level M (15 %) survives a creased poster.

use qrcode::{Color, EcLevel, QrCode};

/// Quiet zone around the code, in modules (the standard asks for 4).
const QUIET: usize = 4;

/// The code's modules: its width and, row by row, whether each module is dark.
pub fn modules(text: &str) -> Result<(usize, Vec<bool>), String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M)
        .map_err(|e| format!("không tạo được mã QR: {e}"))?;
    let dark = code.to_colors().into_iter().map(|c| c == Color::Dark).collect();
    Ok((code.width(), dark))
}

/// An SVG image of the QR code of `text`; `label` is its accessible name.
pub fn svg(text: &str, label: &str) -> Result<String, String> {
    let (width, dark) = modules(text)?;
    let side = width + 2 * QUIET;
    let mut path = String::with_capacity(dark.len() * 4);
    for (y, row) in dark.chunks(width).enumerate() {
        // One rectangle per horizontal run of dark modules.
        let mut x = 0;
        while x < width {
            if !row[x] {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && row[x] {
                x += 1;
            }
            path.push_str(&format!("M{} {}h{}v1h-{}z", start + QUIET, y + QUIET, x - start, x - start));
        }
    }
    Ok(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" role=\"img\" \
         aria-label=\"{}\" shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>",
        escape(label)
    ))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads the drawn SVG back as a picture (4 pixels a module) and decodes it with an
    /// independent reader.
    fn decode(svg_text: &str) -> String {
        let side: usize = svg_text
            .split("viewBox=\"0 0 ")
            .nth(1)
            .and_then(|s| s.split(' ').next())
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no viewBox"));
        let mut grid = vec![false; side * side];
        let d = svg_text.split(" d=\"").nth(1).and_then(|s| s.split('"').next()).unwrap_or_default();
        for rect in d.split('z').filter(|r| !r.is_empty()) {
            let nums: Vec<usize> = rect
                .split(|c: char| !c.is_ascii_digit())
                .filter(|s| !s.is_empty())
                .map(|s| s.parse().unwrap_or_else(|e| panic!("{e}")))
                .collect();
            let (x, y, w) = (nums[0], nums[1], nums[2]);
            for i in x..x + w {
                grid[y * side + i] = true;
            }
        }
        let px = 4;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side * px, side * px, |x, y| {
            if grid[(y / px) * side + x / px] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1, "one code found");
        grids[0].decode().unwrap_or_else(|e| panic!("{e}")).1
    }

    #[test]
    fn the_drawn_code_decodes_to_the_link() {
        for link in [
            "https://cchc.hatinh.gov.vn/khao-sat/3/12",
            "http://127.0.0.1:8080/khao-sat/1/2?t=7ZQ4M0A9X3KDPW2F",
            "HELLO",
        ] {
            let s = svg(link, "Mã QR <khảo sát>").unwrap_or_else(|e| panic!("{e}"));
            assert!(s.contains("aria-label=\"Mã QR &lt;khảo sát&gt;\""));
            assert_eq!(decode(&s), link);
        }
    }

    #[test]
    fn a_short_link_is_a_small_code_and_too_much_text_is_an_error() {
        // Version 1 is 21 × 21 modules; "HELLO" at level M fits in it.
        assert_eq!(modules("HELLO").map(|m| m.0), Ok(21));
        assert!(modules(&"x".repeat(5000)).is_err());
    }
}
