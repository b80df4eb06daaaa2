//! Text hygiene before anything reaches the XML: NFC (Vietnamese arrives decomposed from some
//! sources, and Word shows decomposed marks badly in Times New Roman), line breaks unified to
//! `\n`, and characters XML 1.0 cannot hold or that Word would show as boxes dropped.

use unicode_normalization::UnicodeNormalization;

/// The text in NFC with `\r\n` and `\r` turned into `\n` and control characters removed
/// (tab and line feed are kept: they become `w:tab` and `w:br`).
pub(crate) fn clean(s: &str) -> String {
    let unified = s.replace("\r\n", "\n").replace('\r', "\n");
    unified.nfc().filter(|c| allowed(*c)).collect()
}

/// Cleaned and upper-cased (agency names, the document kind, Roman headings, signer lines).
pub(crate) fn upper(s: &str) -> String {
    clean(s).to_uppercase().nfc().collect()
}

/// Cleaned, with line breaks and tabs turned into spaces and runs of spaces collapsed: for
/// one-line values such as document properties.
pub(crate) fn one_line(s: &str) -> String {
    clean(s).split_whitespace().collect::<Vec<_>>().join(" ")
}

fn allowed(c: char) -> bool {
    match c {
        '\t' | '\n' => true,
        // C0 and C1 controls, DEL
        '\u{0}'..='\u{1f}' | '\u{7f}'..='\u{9f}' => false,
        // Noncharacters XML refuses; surrogates cannot occur in a Rust string.
        '\u{fffe}' | '\u{ffff}' => false,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn composes_and_strips() {
        let nfd = "So\u{302}\u{301} ho\u{301}a";
        assert_eq!(clean(nfd), "Số hóa");
        assert_eq!(clean("a\u{0}b\u{7}c\u{1b}d\u{85}e\u{ffff}"), "abcde");
        assert_eq!(clean("x\r\ny\rz\tw"), "x\ny\nz\tw");
    }

    #[test]
    fn upper_case_vietnamese() {
        assert_eq!(upper("ủy ban nhân dân tỉnh hà tĩnh"), "ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH");
        assert_eq!(upper("sở nội vụ"), "SỞ NỘI VỤ");
        assert_eq!(upper("đ\u{0}ư"), "ĐƯ");
    }

    #[test]
    fn one_line_collapses() {
        assert_eq!(one_line("  a\n\tb   c "), "a b c");
    }
}
