//! Text rules every input goes through: NFC normalisation and the diacritic-insensitive
//! "fold" used for search and matching (`so hoa` finds `số hóa`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// [`nfc`] without a copy when the text already is NFC (the usual case: a quick check).
pub fn nfc_cow(s: &str) -> std::borrow::Cow<'_, str> {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        std::borrow::Cow::Borrowed(s)
    } else {
        std::borrow::Cow::Owned(nfc(s))
    }
}

/// Normalises any input to NFC; all stored text is NFC.
pub fn nfc(s: &str) -> String {
    s.nfc().collect()
}

/// Normalises to NFC and trims; collapses internal runs of whitespace to one space.
pub fn clean(s: &str) -> String {
    let n = nfc(s);
    let mut out = String::with_capacity(n.len());
    for word in n.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// Folds text for matching: lower case, no diacritics (`đ` → `d`), whitespace collapsed.
/// Works the same on NFC and NFD input.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.nfd() {
        if is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            _ => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        last_space = false;
        out.extend(c.to_lowercase());
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A search key: folded, punctuation turned into spaces, with a leading space so that
/// `LIKE '% phrase%'` matches a phrase starting at any word (`so hoa` finds `(số hóa`).
pub fn search_key(s: &str) -> String {
    let f: String = fold(s).chars().map(|c| if c.is_alphanumeric() { c } else { ' ' }).collect();
    let mut out = String::with_capacity(f.len() + 1);
    for w in f.split_whitespace() {
        out.push(' ');
        out.push_str(w);
    }
    out
}

/// True when every word of `query` (folded) occurs in `haystack` (folded).
pub fn fold_contains(haystack: &str, query: &str) -> bool {
    let h = fold(haystack);
    fold(query).split(' ').all(|w| h.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        let cases = [
            ("Số hóa", "so hoa"),
            ("ĐỒNG THÁP", "dong thap"),
            ("  Sở   Nội vụ ", "so noi vu"),
            ("Ủy ban nhân dân", "uy ban nhan dan"),
            ("Uỷ ban", "uy ban"),
        ];
        for (input, want) in cases {
            assert_eq!(fold(input), want, "{input}");
        }
    }

    #[test]
    fn nfd_and_nfc_fold_alike() {
        let nfd: String = "Thủ tục hành chính".nfd().collect();
        assert_ne!(nfd, "Thủ tục hành chính");
        assert_eq!(fold(&nfd), fold("Thủ tục hành chính"));
        assert_eq!(nfc(&nfd), "Thủ tục hành chính");
    }

    #[test]
    fn search_keys_ignore_punctuation() {
        assert_eq!(search_key("Đẩy mạnh (số hóa), TT&TT"), " day manh so hoa tt tt");
        assert!(search_key("Kế hoạch số hóa hồ sơ").contains(&search_key("SỐ HÓA")));
        assert!(!search_key("Rà soát hoạt động").contains(&search_key("so hoa")));
    }

    #[test]
    fn clean_collapses_whitespace() {
        assert_eq!(clean(" a \n\t b  "), "a b");
    }

    #[test]
    fn contains_ignores_diacritics() {
        assert!(fold_contains("Đẩy mạnh số hóa hồ sơ", "so hoa"));
        assert!(fold_contains("Đẩy mạnh số hóa hồ sơ", "HO SO day"));
        assert!(!fold_contains("Đẩy mạnh số hóa", "van ban"));
    }
}
