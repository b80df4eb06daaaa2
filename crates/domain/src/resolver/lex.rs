//! Splitting an agency phrase into folded word pieces and punctuation, keeping byte spans
//! into the NFC text so that every part of a resolution can quote the original words.

use crate::text::fold;

/// Punctuation that matters to list parsing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Punct {
    Comma,
    Semi,
    Colon,
    Open,
    Close,
    Dot,
    /// Dashes, slashes, quotes and anything else that never separates list items.
    Soft,
}

/// One lexical symbol: a folded word piece or a punctuation mark.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sym {
    /// A folded word piece. Abbreviations such as `UBND` expand to several pieces that share
    /// the span of the written word.
    Word {
        piece: String,
        start: usize,
        end: usize,
    },
    Punct {
        p: Punct,
        start: usize,
        end: usize,
    },
}

impl Sym {
    pub(crate) fn start(&self) -> usize {
        match self {
            Sym::Word { start, .. } | Sym::Punct { start, .. } => *start,
        }
    }

    pub(crate) fn end(&self) -> usize {
        match self {
            Sym::Word { end, .. } | Sym::Punct { end, .. } => *end,
        }
    }

    pub(crate) fn piece(&self) -> Option<&str> {
        match self {
            Sym::Word { piece, .. } => Some(piece),
            Sym::Punct { .. } => None,
        }
    }

    pub(crate) fn punct(&self) -> Option<Punct> {
        match self {
            Sym::Punct { p, .. } => Some(*p),
            Sym::Word { .. } => None,
        }
    }
}

/// Words that never distinguish one agency name from another: `và` / `&`, the plural
/// marker `các` and the possessive `của`. Keys are built without them and matching skips them.
pub(crate) fn is_stopword(piece: &str) -> bool {
    matches!(piece, "va" | "cac" | "cua")
}

/// Abbreviations officials write for common words, expanded so that `UBND tỉnh` and
/// `Ủy ban nhân dân tỉnh` produce the same pieces.
fn expansion(folded: &str) -> Option<&'static [&'static str]> {
    Some(match folded {
        "ubnd" => &["uy", "ban", "nhan", "dan"],
        "hdnd" => &["hoi", "dong", "nhan", "dan"],
        "ubmttq" => &["uy", "ban", "mat", "tran", "to", "quoc"],
        "tp" => &["thanh", "pho"],
        "tx" => &["thi", "xa"],
        "vp" => &["van", "phong"],
        "tw" => &["trung", "uong"],
        "bql" => &["ban", "quan", "ly"],
        "kkt" => &["khu", "kinh", "te"],
        "kcn" => &["khu", "cong", "nghiep"],
        "cchc" => &["cai", "cach", "hanh", "chinh"],
        _ => return None,
    })
}

fn classify(c: char) -> Option<Punct> {
    Some(match c {
        ',' => Punct::Comma,
        ';' => Punct::Semi,
        ':' => Punct::Colon,
        '(' | '[' => Punct::Open,
        ')' | ']' => Punct::Close,
        '.' => Punct::Dot,
        c if c.is_whitespace() => return None,
        _ => Punct::Soft,
    })
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Lexes `text` (expected NFC) into symbols. `&` becomes the word piece `va`.
pub(crate) fn lex(text: &str) -> Vec<Sym> {
    let mut out = Vec::new();
    let mut word_start: Option<usize> = None;
    let push_word = |out: &mut Vec<Sym>, start: usize, end: usize| {
        let folded = fold(&text[start..end]);
        match expansion(&folded) {
            Some(pieces) => out.extend(pieces.iter().map(|p| Sym::Word { piece: (*p).to_string(), start, end })),
            None => out.push(Sym::Word { piece: folded, start, end }),
        }
    };
    for (i, c) in text.char_indices() {
        if is_word_char(c) {
            word_start.get_or_insert(i);
            continue;
        }
        if let Some(s) = word_start.take() {
            push_word(&mut out, s, i);
        }
        let end = i + c.len_utf8();
        if c == '&' {
            out.push(Sym::Word { piece: "va".to_string(), start: i, end });
        } else if let Some(p) = classify(c) {
            out.push(Sym::Punct { p, start: i, end });
        }
    }
    if let Some(s) = word_start {
        push_word(&mut out, s, text.len());
    }
    out
}

/// The matching key of a name: its word pieces without stopwords.
pub(crate) fn key_pieces(text: &str) -> Vec<String> {
    lex(&crate::text::nfc(text))
        .into_iter()
        .filter_map(|s| match s {
            Sym::Word { piece, .. } if !is_stopword(&piece) => Some(piece),
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_marks_connectives_and_abbreviations() {
        let cases: &[(&str, &str)] = &[
            ("Sở Lao động - Thương binh và Xã hội", "so lao dong thuong binh xa hoi"),
            ("Sở TT&TT", "so tt tt"),
            ("UBND tỉnh", "uy ban nhan dan tinh"),
            ("Uỷ ban nhân dân tỉnh", "uy ban nhan dan tinh"),
            ("VP UBND tỉnh", "van phong uy ban nhan dan tinh"),
            ("TP.HCM", "thanh pho hcm"),
            ("Các cơ quan chủ trì CCHC của tỉnh", "co quan chu tri cai cach hanh chinh tinh"),
            ("BQL KKT", "ban quan ly khu kinh te"),
        ];
        for (input, want) in cases {
            assert_eq!(key_pieces(input).join(" "), *want, "{input}");
        }
    }

    #[test]
    fn spans_point_into_the_text() {
        let text = "Sở KH&CN; UBND";
        let syms = lex(text);
        let words: Vec<&str> = syms.iter().filter(|s| s.piece().is_some()).map(|s| &text[s.start()..s.end()]).collect();
        assert_eq!(words, ["Sở", "KH", "&", "CN", "UBND", "UBND", "UBND", "UBND"]);
        assert_eq!(syms.iter().filter_map(Sym::punct).collect::<Vec<_>>(), [Punct::Semi]);
    }
}
