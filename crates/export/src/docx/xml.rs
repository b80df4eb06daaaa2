//! A small XML writer for the OOXML parts. Every piece of text and every attribute value goes
//! through [`clean`](super::text::clean) and is escaped here, so no input can produce a
//! malformed part.

use super::text::clean;

/// The `w:` namespace of WordprocessingML.
pub(crate) const NS_W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The `r:` namespace of relationship ids.
pub(crate) const NS_R: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// An XML document being written.
pub(crate) struct Xml {
    buf: String,
}

impl Xml {
    /// Starts a part with the XML declaration.
    pub fn new() -> Xml {
        Xml { buf: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n") }
    }

    /// `<tag a="v"…>`.
    pub fn open(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start(tag, attrs);
        self.buf.push('>');
    }

    /// `<tag a="v"…/>`.
    pub fn empty(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.start(tag, attrs);
        self.buf.push_str("/>");
    }

    /// `</tag>`.
    pub fn close(&mut self, tag: &str) {
        self.buf.push_str("</");
        self.buf.push_str(tag);
        self.buf.push('>');
    }

    /// `<tag a="v"…>text</tag>`.
    pub fn element(&mut self, tag: &str, attrs: &[(&str, &str)], text: &str) {
        self.open(tag, attrs);
        self.text(text);
        self.close(tag);
    }

    /// Escaped, cleaned character data.
    pub fn text(&mut self, s: &str) {
        escape_into(&clean(s), &mut self.buf);
    }

    /// Whether the part written so far ends with `s` (e.g. a closing tag).
    pub fn ends_with(&self, s: &str) -> bool {
        self.buf.ends_with(s)
    }

    /// The finished part.
    pub fn finish(self) -> String {
        self.buf
    }

    fn start(&mut self, tag: &str, attrs: &[(&str, &str)]) {
        self.buf.push('<');
        self.buf.push_str(tag);
        for (k, v) in attrs {
            self.buf.push(' ');
            self.buf.push_str(k);
            self.buf.push_str("=\"");
            escape_into(&clean(v), &mut self.buf);
            self.buf.push('"');
        }
    }
}

/// Escapes the five XML special characters (quotes too, so the result is safe in attributes).
pub(crate) fn escape_into(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Line breaks and tabs inside attributes would be normalised to spaces by readers.
            '\n' => out.push_str("&#10;"),
            '\t' => out.push_str("&#9;"),
            _ => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_text_and_attributes() {
        let mut x = Xml::new();
        x.open("a", &[("v", "\"<&>'\u{1}")]);
        x.text("<&>\"' Sở");
        x.close("a");
        x.empty("b", &[]);
        let s = x.finish();
        assert!(s.ends_with("<a v=\"&quot;&lt;&amp;&gt;&apos;\">&lt;&amp;&gt;&quot;&apos; Sở</a><b/>"), "{s}");
    }
}
