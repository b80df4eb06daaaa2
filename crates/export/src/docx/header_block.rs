//! The official header of the first page (NĐ 30, Phụ lục I, ô 1–5): a borderless table whose
//! left column holds the parent authority, the issuer with a short line under it and the
//! number (and, in a letter, the "V/v" summary), and whose right column holds the national name,
//! the motto with a line as long as itself, and the place and date; then the document kind and
//! summary with a short line, and the "Kính gửi" line.

use super::geometry::Geometry;
use super::metrics;
use super::model::OfficialDocument;
use super::para::{self, Para};
use super::table;
use super::text::{clean, upper};
use super::xml::Xml;

/// The national name (Quốc hiệu).
pub(crate) const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// The motto (Tiêu ngữ), with spaced hyphens as the decree writes it.
pub(crate) const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// Share of the text line the short rules under the issuer and the summary take: the decree
/// asks for 1/3 to 1/2; 0.4 stays inside that range despite the width estimate's error.
const SHORT_RULE: f64 = 0.4;

/// Left column share of the header table: wide enough for "UBND TỈNH …", while the right one
/// keeps the national name (about 8.2 cm in 12 pt bold) on one line.
const LEFT_SHARE: f64 = 0.42;

/// Sizes (half-points) of the header elements; they match the styles of `styles.rs`.
const ISSUER_SIZE: u32 = 24;
const SLOGAN_SIZE: u32 = 26;

/// Writes the header table, the kind and summary, and "Kính gửi".
pub(crate) fn write(x: &mut Xml, doc: &OfficialDocument, g: &Geometry) {
    let widths = g.columns(&[LEFT_SHARE, 1.0 - LEFT_SHARE]);
    let (left, right) = (widths.first().copied().unwrap_or(0), widths.get(1).copied().unwrap_or(0));
    let letter = field(&doc.kind_title).is_empty();
    table::open_layout(x, &widths);

    x.open("w:tr", &[]);
    table::cell(x, left, false, |x| issuer_cell(x, doc, left));
    table::cell(x, right, false, |x| motto_cell(x, right));
    x.close("w:tr");

    x.open("w:tr", &[]);
    table::cell(x, left, false, |x| {
        para::text(x, Para::style("Nd30Number"), &field(&doc.number));
        if letter && !field(&doc.title).is_empty() {
            para::text(x, Para::style("Nd30LetterSummary"), &letter_summary(&doc.title));
        }
    });
    table::cell(x, right, false, |x| para::text(x, Para::style("Nd30PlaceDate"), &field(&doc.place_date)));
    x.close("w:tr");
    x.close("w:tbl");

    if !letter {
        para::text(x, Para::style("Nd30Kind"), &field_upper(&doc.kind_title));
        let title = field(&doc.title);
        if !title.is_empty() {
            para::text(x, Para::style("Nd30Summary"), &title);
            let w = metrics::width(&title, g.body_half_pt, true).min(g.text_width);
            para::rule(x, g.text_width, short(w));
        }
    }
    if let Some(intro) = &doc.recipients_intro {
        for line in clean(intro).split('\n').filter(|l| !l.trim().is_empty()) {
            para::text(x, Para::style("Nd30Addressee"), line.trim());
        }
    }
}

fn issuer_cell(x: &mut Xml, doc: &OfficialDocument, width: u32) {
    let parent = field_upper(&doc.issuer_parent);
    if !parent.is_empty() {
        para::text(x, Para::style("Nd30Parent"), &parent);
    }
    let issuer = field_upper(&doc.issuer);
    if issuer.is_empty() {
        para::empty(x, "Nd30Issuer");
        return;
    }
    para::text(x, Para::style("Nd30Issuer"), &issuer);
    let w = metrics::width(&issuer, ISSUER_SIZE, true).min(width);
    para::rule(x, width, short(w));
}

fn motto_cell(x: &mut Xml, width: u32) {
    para::text(x, Para::style("Nd30Motto"), NATIONAL_NAME);
    para::text(x, Para::style("Nd30Slogan"), MOTTO);
    let w = metrics::width(MOTTO, SLOGAN_SIZE, true).min(width);
    para::rule(x, width, w);
}

/// A letter's summary starts with "V/v".
fn letter_summary(title: &str) -> String {
    let t = field(title);
    let t = t.as_str();
    if t.to_lowercase().starts_with("v/v") {
        t.to_string()
    } else {
        format!("V/v {t}")
    }
}

/// A header field: cleaned, without leading or trailing blanks and line breaks.
fn field(s: &str) -> String {
    clean(s).trim().to_string()
}

/// A header field in upper case.
fn field_upper(s: &str) -> String {
    upper(s).trim().to_string()
}

fn short(width: u32) -> u32 {
    (f64::from(width) * SHORT_RULE).round() as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_summaries_start_with_vv() {
        assert_eq!(letter_summary("báo cáo CCHC quý II"), "V/v báo cáo CCHC quý II");
        assert_eq!(letter_summary(" V/v báo cáo"), "V/v báo cáo");
    }

    #[test]
    fn short_rule_is_within_a_third_and_a_half() {
        let w = 3000;
        assert!(short(w) * 3 >= w && short(w) * 2 <= w);
    }
}
