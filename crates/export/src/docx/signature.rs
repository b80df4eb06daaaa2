//! The end of the document (NĐ 30, ô 7 and 9b): a borderless two-column table with "Nơi nhận:"
//! (12 pt bold italic) and its entries (11 pt) on the left, and on the right the signing
//! authority and position (upper case, bold), room for the signature and seal, and the
//! signer's name (bold).

use super::geometry::Geometry;
use super::model::OfficialDocument;
use super::para::{self, Para};
use super::table;
use super::text::{clean, upper};
use super::xml::Xml;

/// Left column share: the recipients list is narrower than the signature.
const LEFT_SHARE: f64 = 0.45;

/// Writes the block; nothing when there is neither a signer nor a recipient.
pub(crate) fn write(x: &mut Xml, doc: &OfficialDocument, g: &Geometry) {
    let s = &doc.signer;
    let signer_lines: Vec<String> = [&s.authority, &s.position]
        .iter()
        .flat_map(|v| upper(v).split('\n').map(str::to_string).collect::<Vec<_>>())
        .filter(|l| !l.trim().is_empty())
        .collect();
    let name = clean(&s.name);
    let recipients: Vec<String> = doc.recipients.iter().map(|r| entry(r)).filter(|r| !r.is_empty()).collect();
    if signer_lines.is_empty() && name.trim().is_empty() && recipients.is_empty() {
        return;
    }
    let widths = g.columns(&[LEFT_SHARE, 1.0 - LEFT_SHARE]);
    let (left, right) = (widths.first().copied().unwrap_or(0), widths.get(1).copied().unwrap_or(0));
    // The block starts a little below the last paragraph and stays on one page.
    para::empty(x, "Nd30Spacer");
    table::open_layout(x, &widths);
    x.open("w:tr", &[]);
    x.open("w:trPr", &[]);
    x.empty("w:cantSplit", &[]);
    x.close("w:trPr");
    table::cell(x, left, false, |x| {
        if recipients.is_empty() {
            para::empty(x, "Nd30Recipients");
            return;
        }
        para::text(x, Para::style("Nd30RecipientsLabel"), "Nơi nhận:");
        for r in &recipients {
            para::text(x, Para::style("Nd30Recipients"), r);
        }
    });
    table::cell(x, right, false, |x| {
        for l in &signer_lines {
            para::text(x, Para::style("Nd30Authority"), l);
        }
        para::text(x, Para::style("Nd30SignerName"), &name);
    });
    x.close("w:tr");
    x.close("w:tbl");
    para::empty(x, "Nd30Spacer");
}

/// A recipient entry on one line, starting with "- ".
fn entry(r: &str) -> String {
    let r = clean(r).split_whitespace().collect::<Vec<_>>().join(" ");
    if r.is_empty() || r.starts_with('-') || r.starts_with('+') {
        r
    } else {
        format!("- {r}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_get_a_dash() {
        assert_eq!(entry("Bộ Nội vụ;"), "- Bộ Nội vụ;");
        assert_eq!(entry("- Lưu: VT, CCHC."), "- Lưu: VT, CCHC.");
        assert_eq!(entry(" \n "), "");
    }
}
