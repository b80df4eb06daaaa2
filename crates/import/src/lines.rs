//! Line-level text rules shared by the text readers: markdown emphasis left by web scrapers,
//! list markers, and joining hard-wrapped lines back into paragraphs.

use unicode_normalization::{is_nfc_quick, IsNormalized};

use crate::agency;

/// NFC with whitespace collapsed, like `cchc_domain::text::clean`, without re-normalising text
/// that is already NFC (nearly all of it): the importer cleans every cell and paragraph.
pub fn clean(s: &str) -> String {
    if is_nfc_quick(s.chars()) != IsNormalized::Yes {
        return cchc_domain::text::clean(s);
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// The first `n` chars of `s`.
pub fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// The fold of the first `n` chars only: enough to test how a long paragraph starts.
pub fn fold_start(s: &str, n: usize) -> String {
    let end = s.char_indices().nth(n).map_or(s.len(), |(i, _)| i);
    cchc_domain::text::fold(&s[..end])
}

/// Removes `**bold**`, `*italic*` and `#` heading marks; says whether the whole line was
/// emphasised.
pub fn strip_markdown(line: &str) -> (String, bool) {
    let t = line.trim();
    if !t.contains(['*', '#']) {
        return (clean(t), false);
    }
    let t = t.trim_start_matches('#').trim_start();
    let emphasized = t.len() > 2 && t.starts_with('*') && t.trim_end().ends_with('*');
    let mut out = String::with_capacity(t.len());
    let chars: Vec<char> = t.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c == '*' {
            let prev = i.checked_sub(1).and_then(|p| chars.get(p));
            let next = chars.get(i + 1);
            // `5 * 3` stays; markers touch a word or another star
            let spaced = prev.is_some_and(|p| p.is_whitespace()) && next.is_some_and(|n| n.is_whitespace());
            if !spaced {
                continue;
            }
        }
        out.push(*c);
    }
    (clean(&out), emphasized)
}

/// A separator line under the national motto (`--------`).
pub fn is_rule(line: &str) -> bool {
    let t = line.trim();
    t.len() >= 3 && t.chars().all(|c| matches!(c, '-' | '_' | '=' | '–'))
}

/// `1. …`, `2.3. …`, `a) …`, `- …`, `+ …`, `• …`, `I. …`.
pub fn is_list_marker(line: &str) -> bool {
    let t = line.trim_start();
    if t.starts_with("- ") || t.starts_with("+ ") || t.starts_with('•') || t.starts_with("– ") {
        return true;
    }
    crate::numbering::leading_code(t).is_some_and(|(_, rest)| rest.chars().next().is_some_and(|c| c.is_uppercase()))
}

/// Whether all letters are upper case (a heading line).
pub fn is_all_caps(s: &str) -> bool {
    let mut letters = s.chars().filter(|c| c.is_alphabetic()).peekable();
    letters.peek().is_some() && letters.all(|c| !c.is_lowercase())
}

fn ends_sentence(s: &str) -> bool {
    s.trim_end().ends_with(['.', ':', ';', '!', '?'])
}

/// A paragraph re-joined from lines.
#[derive(Debug, Clone, PartialEq)]
pub struct Joined {
    pub first: usize,
    pub last: usize,
    pub text: String,
    pub emphasized: bool,
}

/// Joins hard-wrapped raw lines (markdown still on) into paragraphs. A paragraph also ends at
/// a list marker, after a sentence end before a capital, at a change between upper-case and
/// mixed-case lines, and at the edges of an emphasised (`**…**`) line. `agency_cell` also
/// breaks where a line starts with a new agency name after a line without a trailing comma.
pub fn join_wrapped(lines: &[(usize, String)], agency_cell: bool) -> Vec<Joined> {
    let mut out: Vec<Joined> = Vec::new();
    let mut prev: Option<(String, bool)> = None;
    for (no, raw) in lines {
        let raw_t = raw.trim();
        let (t, _) = strip_markdown(raw_t);
        if t.is_empty() || is_rule(raw_t) {
            if t.is_empty() && !is_rule(raw_t) {
                prev = None;
            }
            continue;
        }
        let opens = raw_t.starts_with('*');
        let closes = raw_t.ends_with('*');
        let new_para = match &prev {
            None => true,
            Some((p, p_closed)) => {
                let starts_upper = t.chars().next().is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
                *p_closed
                    || opens
                    || is_list_marker(&t)
                    || (ends_sentence(p) && starts_upper)
                    || (is_all_caps(p) != is_all_caps(&t) && starts_upper)
                    || (agency_cell
                        && !is_all_caps(&t)
                        && !p.trim_end().ends_with([',', ';'])
                        && agency::starts_with_agency(&t))
            }
        };
        if new_para || out.is_empty() {
            out.push(Joined { first: *no, last: *no, text: t.clone(), emphasized: opens && closes });
        } else if let Some(last) = out.last_mut() {
            last.last = *no;
            last.text.push(' ');
            last.text.push_str(&t);
            last.emphasized = last.emphasized && closes;
        }
        if let Some(last) = out.last_mut() {
            if closes && lines.iter().any(|(n, r)| *n == last.first && r.trim().starts_with('*')) {
                last.emphasized = true;
            }
        }
        prev = Some((t, closes));
    }
    out
}

/// Whether lines look hard-wrapped at a fixed width (many lines of similar medium length).
pub fn looks_wrapped(lines: &[&str]) -> bool {
    // Short lines (table cells, headings, paragraph ends) say nothing about wrapping.
    let lens: Vec<usize> = lines.iter().map(|l| l.trim().chars().count()).filter(|n| *n >= 40).collect();
    if lens.len() < 10 {
        return false;
    }
    let medium = lens.iter().filter(|n| (55..=95).contains(*n)).count();
    let long = lens.iter().filter(|n| **n > 120).count();
    medium * 10 >= lens.len() * 6 && long * 10 < lens.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_markers() {
        assert_eq!(strip_markdown("**ỦY BAN NHÂN DÂN**"), ("ỦY BAN NHÂN DÂN".into(), true));
        assert_eq!(strip_markdown("**1. **Kinh phí").0, "1. Kinh phí");
        assert!(is_list_marker("1. Các đồng chí Bộ trưởng"));
        assert!(is_list_marker("- Tập trung rà soát"));
        assert!(!is_list_marker("2025 của Bộ Chính trị"));
    }

    #[test]
    fn wrapped_lines_join() {
        let lines: Vec<(usize, String)> = [
            "Ngày 28 tháng 11 năm 2025, tại",
            "Trụ sở Chính phủ, Phó Thủ tướng đã chủ trì cuộc họp.",
            "Sau khi nghe báo cáo của Bộ",
            "Tư pháp, Phó Thủ tướng kết luận như sau:",
            "1. Các đồng chí Bộ trưởng,",
            "- Tập trung rà soát",
        ]
        .iter()
        .enumerate()
        .map(|(i, s)| (i + 1, s.to_string()))
        .collect();
        let p = join_wrapped(&lines, false);
        assert_eq!(p.len(), 4);
        assert_eq!((p[1].first, p[1].last), (3, 4));
        let em: Vec<(usize, String)> =
            ["**THÔNG BÁO**", "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG", "TẠI CUỘC HỌP", "**ỦY BAN NHÂN", "DÂN**"]
                .iter()
                .enumerate()
                .map(|(i, s)| (i + 1, s.to_string()))
                .collect();
        let texts: Vec<String> = join_wrapped(&em, false).into_iter().map(|j| j.text).collect();
        assert_eq!(texts, ["THÔNG BÁO", "KẾT LUẬN CỦA PHÓ THỦ TƯỚNG TẠI CUỘC HỌP", "ỦY BAN NHÂN DÂN"]);
    }
}
