//! Item numbering of Vietnamese documents: `I.`, `2.1.`, `3.4:`, `a)`, `1-`, and the split of a
//! cell holding several consecutive items (`3.1. … 3.2. …`).

/// Upper-case Roman numerals used for field headings.
const ROMAN: [&str; 15] =
    ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV"];

/// Value of a Roman numeral heading code (`VII` → 7).
pub fn roman_value(s: &str) -> Option<usize> {
    ROMAN.iter().position(|r| *r == s).map(|p| p + 1)
}

/// Roman numeral of `v` for list labels (`4` → `IV`); beyond the table, the decimal number.
pub fn roman_value_to_str(v: u32) -> String {
    ROMAN.get((v as usize).wrapping_sub(1)).map_or_else(|| v.to_string(), |r| r.to_string())
}

/// Whether `s` is a row number cell: `1`, `1.1`, `IV`, `2.3.`.
pub fn is_row_number(s: &str) -> bool {
    let t = s.trim().trim_end_matches(['.', ')', ':']);
    !t.is_empty()
        && t.len() <= 12
        && (roman_value(t).is_some()
            || t.split('.').all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit())))
}

/// The code at the start of an item and the rest of the text: `2.1. Ban hành` → (`2.1`, `Ban hành`).
pub fn leading_code(text: &str) -> Option<(String, &str)> {
    let t = text.trim_start();
    let bytes = t.as_bytes();
    // (1)
    if let Some(rest) = t.strip_prefix('(') {
        let close = rest.find(')')?;
        let inner = rest.get(..close)?;
        if !inner.is_empty() && inner.len() <= 3 && inner.bytes().all(|b| b.is_ascii_digit()) {
            return Some((inner.to_string(), rest.get(close + 1..)?.trim_start()));
        }
        return None;
    }
    // Roman
    let word_end = t.find(|c: char| !c.is_ascii_uppercase()).unwrap_or(t.len());
    if word_end > 0 {
        let word = &t[..word_end];
        if roman_value(word).is_some() {
            let rest = &t[word_end..];
            if let Some(r) = rest.strip_prefix(['.', ')']) {
                return Some((word.to_string(), r.trim_start()));
            }
            if rest.starts_with(' ') && rest.trim_start().chars().next().is_some_and(|c| c.is_uppercase()) {
                return Some((word.to_string(), rest.trim_start()));
            }
            if rest.is_empty() {
                return Some((word.to_string(), ""));
            }
        }
    }
    // a) b)
    let mut chars = t.chars();
    if let (Some(c), Some(')')) = (chars.next(), chars.next()) {
        if c.is_lowercase() && c.is_alphabetic() {
            return Some((c.to_string(), chars.as_str().trim_start()));
        }
    }
    // 2.1. / 2.1 / 3.4: / 1. / 1) / 1-
    let mut i = 0;
    let mut parts = 0;
    loop {
        let start = i;
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        if i == start || i - start > 3 {
            return None;
        }
        parts += 1;
        if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1].is_ascii_digit() {
            i += 1;
            continue;
        }
        break;
    }
    let code = t.get(..i)?.to_string();
    let rest = t.get(i..)?;
    let sep = rest.chars().next();
    match sep {
        Some('.' | ')' | ':') => Some((code, rest[1..].trim_start())),
        Some('-') if parts == 1 => Some((code, rest[1..].trim_start())),
        Some(c) if parts > 1 && (c == ' ' || c.is_alphabetic()) => Some((code, rest.trim_start())),
        None => Some((code, "")),
        _ => None,
    }
}

/// The code that follows `code` at its last level: `3.9` → `3.10`.
pub fn next_code(code: &str) -> Option<String> {
    let (head, last) = code.rsplit_once('.').map_or(("", code), |(h, l)| (h, l));
    let n: u32 = last.parse().ok()?;
    Some(if head.is_empty() { (n + 1).to_string() } else { format!("{head}.{}", n + 1) })
}

/// Splits a cell holding consecutive multi-level items (`3.1. Xây dựng … 3.2. Tổng hợp …`)
/// into (code, text) pairs. A cell without a leading multi-level code is one item.
pub fn split_items(text: &str) -> Vec<(Option<String>, String)> {
    let text = text.trim();
    let Some((first, _)) = leading_code(text) else {
        return vec![(None, text.to_string())];
    };
    if !first.contains('.') {
        return vec![(Some(first), text.to_string())];
    }
    let mut starts = vec![(0usize, first.clone())];
    let mut code = first;
    while let Some(next) = next_code(&code) {
        let from = starts.last().map_or(0, |s| s.0) + 1;
        let Some(pos) = find_code(text, &next, from) else {
            break;
        };
        starts.push((pos, next.clone()));
        code = next;
    }
    let mut out = Vec::new();
    for (k, (pos, code)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(text.len(), |s| s.0);
        let item = text.get(*pos..end).unwrap_or_default().trim();
        out.push((Some(code.clone()), item.to_string()));
    }
    out
}

/// Position of `code` as an item start (after whitespace, followed by a separator) at or after `from`.
fn find_code(text: &str, code: &str, from: usize) -> Option<usize> {
    let mut search = from;
    while let Some(off) = text.get(search..)?.find(code) {
        let pos = search + off;
        let before_ok = text[..pos].chars().next_back().is_some_and(|c| c.is_whitespace() || c == ';');
        let after = text.get(pos + code.len()..).unwrap_or_default();
        let after_ok = after.starts_with(['.', ':', ')', ' ']);
        let next_digit = |k: usize| after.chars().nth(k).is_some_and(|c| c.is_ascii_digit());
        let longer = next_digit(0) || (after.starts_with('.') && next_digit(1));
        if before_ok && after_ok && !longer {
            return Some(pos);
        }
        search = pos + code.len();
    }
    None
}

/// Text without its leading code.
pub fn strip_code(text: &str) -> &str {
    leading_code(text).map_or(text, |(_, rest)| rest)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        let cases = [
            ("2.1. Ban hành", Some(("2.1", "Ban hành"))),
            ("2.3.Kiểm tra", Some(("2.3", "Kiểm tra"))),
            ("3.1: Triển khai", Some(("3.1", "Triển khai"))),
            ("1.1 Tham mưu", Some(("1.1", "Tham mưu"))),
            ("II CẢI CÁCH THỂ CHẾ", Some(("II", "CẢI CÁCH THỂ CHẾ"))),
            ("a) Tiếp tục", Some(("a", "Tiếp tục"))),
            ("5- Chủ trì", Some(("5", "Chủ trì"))),
            ("100% các Sở", None),
            ("2025 của Bộ", None),
            ("28 biên chế", None),
        ];
        for (text, want) in cases {
            let got = leading_code(text);
            assert_eq!(got.as_ref().map(|(c, r)| (c.as_str(), *r)), want, "{text}");
        }
    }

    #[test]
    fn splits_consecutive_items() {
        let s = "3.8. Văn bản chỉ đạo năm 2025 3.9. Công văn, hướng dẫn theo Quyết định số 892/QĐ-BNV";
        let items = split_items(s);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].0.as_deref(), Some("3.9"));
        let one = split_items("2.11 Nghiên cứu, đề xuất sáng kiến mới");
        assert_eq!(one.len(), 1);
        let paired = split_items("5.1. Trung tâm Tư vấn 5.2. Sở Tài chính (đối với các đơn vị)");
        assert_eq!(paired.iter().map(|p| p.0.clone().unwrap_or_default()).collect::<Vec<_>>(), ["5.1", "5.2"]);
    }
}
