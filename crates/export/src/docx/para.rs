//! Paragraphs and runs. Formatting lives in the named styles (`styles.rs`); a paragraph names
//! its style and adds only what varies per document (alignment overrides, spacing, the indents
//! of a rule line), a run adds only inline emphasis.

use super::model::Run;
use super::text::clean;
use super::xml::Xml;

/// Paragraph properties.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Para<'a> {
    /// Style id (see `styles.rs`).
    pub style: &'a str,
    /// Keep with the next paragraph.
    pub keep_next: bool,
    /// Space before, in twips.
    pub before: Option<u32>,
    /// Alignment override (`left`, `center`, `right`, `both`).
    pub align: Option<&'a str>,
}

impl<'a> Para<'a> {
    /// A paragraph in `style` with nothing else.
    pub fn style(style: &'a str) -> Para<'a> {
        Para { style, ..Para::default() }
    }
}

/// A paragraph of one plain run.
pub(crate) fn text(x: &mut Xml, p: Para, s: &str) {
    open(x, p);
    run(x, s, false, false);
    x.close("w:p");
}

/// A paragraph of runs.
pub(crate) fn runs(x: &mut Xml, p: Para, runs: &[Run]) {
    open(x, p);
    for r in runs {
        run(x, &r.text, r.bold, r.italic);
    }
    x.close("w:p");
}

/// An empty paragraph in `style`.
pub(crate) fn empty(x: &mut Xml, style: &str) {
    open(x, Para::style(style));
    x.close("w:p");
}

/// A horizontal solid line of `width` twips centred in a space `space` twips wide: an empty
/// paragraph of style `Nd30Rule` with a bottom border and equal side indents. A paragraph
/// border stays where it is drawn (unlike a floating shape) and users can adjust it in Word.
pub(crate) fn rule(x: &mut Xml, space: u32, width: u32) {
    let side = space.saturating_sub(width.min(space)) / 2;
    let side = side.to_string();
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", "Nd30Rule")]);
    x.open("w:pBdr", &[]);
    x.empty("w:bottom", &[("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")]);
    x.close("w:pBdr");
    x.empty("w:ind", &[("w:left", &side), ("w:right", &side)]);
    x.close("w:pPr");
    x.close("w:p");
}

/// A paragraph holding a page break.
pub(crate) fn page_break(x: &mut Xml) {
    x.open("w:p", &[]);
    x.open("w:r", &[]);
    x.empty("w:br", &[("w:type", "page")]);
    x.close("w:r");
    x.close("w:p");
}

fn open(x: &mut Xml, p: Para) {
    x.open("w:p", &[]);
    x.open("w:pPr", &[]);
    x.empty("w:pStyle", &[("w:val", p.style)]);
    if p.keep_next {
        x.empty("w:keepNext", &[]);
    }
    if let Some(b) = p.before {
        x.empty("w:spacing", &[("w:before", &b.to_string())]);
    }
    if let Some(a) = p.align {
        x.empty("w:jc", &[("w:val", a)]);
    }
    x.close("w:pPr");
}

/// A run: `\n` becomes a line break, `\t` a tab; bold and italic as direct formatting.
pub(crate) fn run(x: &mut Xml, s: &str, bold: bool, italic: bool) {
    let s = clean(s);
    if s.is_empty() {
        return;
    }
    x.open("w:r", &[]);
    if bold || italic {
        x.open("w:rPr", &[]);
        if bold {
            x.empty("w:b", &[]);
        }
        if italic {
            x.empty("w:i", &[]);
        }
        x.close("w:rPr");
    }
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            x.empty("w:br", &[]);
        }
        for (j, part) in line.split('\t').enumerate() {
            if j > 0 {
                x.empty("w:tab", &[]);
            }
            if !part.is_empty() {
                x.element("w:t", &[("xml:space", "preserve")], part);
            }
        }
    }
    x.close("w:r");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_break_lines_and_tabs() {
        let mut x = Xml::new();
        text(&mut x, Para::style("Nd30Body"), "a\r\nb\tc");
        let s = x.finish();
        assert!(
            s.contains("<w:t xml:space=\"preserve\">a</w:t><w:br/><w:t xml:space=\"preserve\">b</w:t><w:tab/>"),
            "{s}"
        );
    }

    #[test]
    fn rule_is_centred() {
        let mut x = Xml::new();
        rule(&mut x, 1000, 400);
        let s = x.finish();
        assert!(s.contains("<w:ind w:left=\"300\" w:right=\"300\"/>"), "{s}");
        let mut x = Xml::new();
        rule(&mut x, 100, 400);
        assert!(x.finish().contains("w:left=\"0\""));
    }
}
