//! List numbering of Word documents: `word/numbering.xml` levels (decimal, Roman, letters,
//! bullets) rendered as the labels Word shows (`2.1.`, `a)`, `-`), since the text of an
//! auto-numbered paragraph does not contain them.

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

fn val(e: &BytesStart) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == b"val")
        .and_then(|a| a.unescape_value().ok())
        .map(|v| v.into_owned())
}

/// Level formats of the document's lists.
#[derive(Debug, Default)]
pub struct Numbering {
    /// abstractNum id → level → (format, text, start)
    abstracts: HashMap<String, HashMap<usize, (String, String, u32)>>,
    nums: HashMap<String, String>,
    counters: HashMap<String, [u32; 9]>,
}

impl Numbering {
    /// Reads the list definitions.
    pub fn parse(xml: &str) -> Numbering {
        let mut n = Numbering::default();
        let mut reader = Reader::from_str(xml);
        let (mut abs, mut lvl, mut num): (Option<String>, usize, Option<String>) = (None, 0, None);
        let mut cur = (String::from("decimal"), String::new(), 1u32);
        while let Ok(ev) = reader.read_event() {
            match ev {
                Event::Start(e) | Event::Empty(e) => {
                    let id = |k: &[u8]| {
                        e.attributes()
                            .flatten()
                            .find(|a| a.key.local_name().as_ref() == k)
                            .and_then(|a| a.unescape_value().ok())
                            .map(|v| v.into_owned())
                    };
                    match e.local_name().as_ref() {
                        b"abstractNum" => abs = id(b"abstractNumId"),
                        b"lvl" => {
                            lvl = id(b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                            cur = (String::from("decimal"), String::new(), 1);
                        }
                        b"numFmt" => cur.0 = val(&e).unwrap_or_default(),
                        b"lvlText" => cur.1 = val(&e).unwrap_or_default(),
                        b"start" => cur.2 = val(&e).and_then(|v| v.parse().ok()).unwrap_or(1),
                        b"num" => num = id(b"numId"),
                        b"abstractNumId" => {
                            if let (Some(nid), Some(a)) = (num.clone(), val(&e)) {
                                n.nums.insert(nid, a);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(e) if e.local_name().as_ref() == b"lvl" => {
                    if let Some(a) = &abs {
                        n.abstracts.entry(a.clone()).or_default().insert(lvl, cur.clone());
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        n
    }

    /// The rendered label of the next item of list `id` at `lvl` (`2.1. `, `a) `, `- `).
    pub fn next(&mut self, id: &str, lvl: usize) -> Option<String> {
        let abs = self.nums.get(id)?;
        let levels = self.abstracts.get(abs)?;
        let (fmt, text, _) = levels.get(&lvl)?.clone();
        let counters = self.counters.entry(id.to_string()).or_insert([0; 9]);
        let lvl = lvl.min(8);
        for (k, c) in counters.iter_mut().enumerate() {
            if k > lvl {
                *c = 0;
            }
        }
        if counters[lvl] == 0 {
            counters[lvl] = levels.get(&lvl).map_or(1, |l| l.2);
        } else {
            counters[lvl] += 1;
        }
        if fmt == "bullet" || fmt == "none" {
            return Some(if fmt == "bullet" { "- ".into() } else { String::new() });
        }
        let mut out = text;
        for (k, count) in counters.iter().enumerate().take(lvl + 1) {
            let f = levels.get(&k).map_or("decimal", |l| l.0.as_str());
            let v = (*count).max(levels.get(&k).map_or(1, |l| l.2));
            out = out.replace(&format!("%{}", k + 1), &render(f, v));
        }
        Some(format!("{out} "))
    }
}

fn render(fmt: &str, v: u32) -> String {
    match fmt {
        "upperRoman" | "lowerRoman" => {
            let r = crate::numbering::roman_value_to_str(v);
            if fmt == "lowerRoman" {
                r.to_lowercase()
            } else {
                r
            }
        }
        "lowerLetter" | "upperLetter" => {
            let c = char::from(b'a' + ((v.saturating_sub(1)) % 26) as u8);
            if fmt == "upperLetter" {
                c.to_ascii_uppercase().to_string()
            } else {
                c.to_string()
            }
        }
        _ => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_list_definition() {
        let xml = r#"<w:numbering xmlns:w="w"><w:abstractNum w:abstractNumId="0">
            <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
            <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
            <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
            <w:lvl w:ilvl="3"><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4)"/></w:lvl>
            <w:lvl w:ilvl="4"><w:numFmt w:val="bullet"/><w:lvlText w:val="-"/></w:lvl>
          </w:abstractNum><w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#;
        let mut n = Numbering::parse(xml);
        let got: Vec<Option<String>> =
            [(0, "7"), (1, "7"), (2, "7"), (2, "7"), (1, "7"), (3, "7"), (4, "7"), (0, "7"), (0, "9")]
                .iter()
                .map(|(lvl, id)| n.next(id, *lvl))
                .collect();
        let want = ["I. ", "1. ", "1.1. ", "1.2. ", "2. ", "a) ", "- ", "II. "];
        for (g, w) in got.iter().zip(want) {
            assert_eq!(g.as_deref(), Some(w));
        }
        assert_eq!(got[8], None, "unknown list");
    }
}
