//! Agency phrases without a registry: whether text starts with an agency (`Sở Tài chính`,
//! `Các Sở, Ban, ngành`, `UBND cấp huyện`), and where the agency list ends and the duty begins
//! (`… Công an tỉnh căn cứ vào …`). The registry resolver matches the phrases later.

use crate::agency_words::{CAPITAL_HEADS, HEADS, PROPER, STOPS};

/// The duty words as [`lower`] spells them (`hoàn thành` → `hòan thành`), built once.
fn stops() -> &'static [String] {
    static STOP_FORMS: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    STOP_FORMS.get_or_init(|| STOPS.iter().map(|s| lower(s)).collect())
}

fn lower(s: &str) -> String {
    s.to_lowercase().replace("uỷ", "ủy").replace("hoà", "hòa")
}

/// The first `n` chars of `s`: agency heads are near the start, so long paragraphs need not
/// be lower-cased whole.
fn prefix(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// Whether `text` begins with an agency name or a group of agencies.
pub fn starts_with_agency(text: &str) -> bool {
    head_len(text).is_some()
}

/// Byte length of the head word(s) at the start of `text`, if it starts with an agency.
fn head_len(text: &str) -> Option<usize> {
    let t = prefix(text.trim_start(), 48);
    let l = lower(t);
    let l = l.strip_prefix("các ").map_or(l.as_str(), |r| r);
    let offset = t.len() - t.trim_start_matches(|c: char| c != ' ').len();
    let after_cac = lower(t).starts_with("các ");
    let matches_head = |h: &str| l.starts_with(h) && l[h.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
    if HEADS.iter().any(|h| matches_head(h)) {
        return Some(if after_cac { offset } else { 0 });
    }
    if after_cac
        && ["sở", "bộ", "ban", "ngành", "cơ quan", "đơn vị", "địa phương", "tổ chức", "huyện", "xã"]
            .iter()
            .any(|h| matches_head(h))
    {
        return Some(offset);
    }
    let rest = if after_cac { t.get(offset + 1..)?.trim_start() } else { t };
    for h in CAPITAL_HEADS {
        if matches_head(h) {
            let after = rest.get(h.len()..)?.trim_start();
            if after.chars().next().is_some_and(|c| c.is_uppercase()) {
                return Some(0);
            }
        }
    }
    None
}

/// The agency list at the start of `text`: up to a colon, or to the first duty word.
/// Returns the phrase and the byte offset where the duty starts.
pub fn leading_agency(text: &str) -> Option<(String, usize)> {
    head_len(text)?;
    let t = text.trim_start();
    let lead_ws = text.len() - t.len();
    let cut = duty_start(t)?;
    let phrase = t[..cut].trim().trim_end_matches([',', ';', ':', '-']).trim();
    if phrase.is_empty() || phrase.chars().count() > 240 {
        return None;
    }
    Some((phrase.to_string(), lead_ws + cut))
}

/// Byte offset of the first duty word (or colon, or sentence end) outside parentheses.
fn duty_start(t: &str) -> Option<usize> {
    let t = prefix(t, 600);
    let l = lower(t);
    // `lower` keeps byte offsets only if lengths match; fall back to char-safe scanning.
    let same = l.len() == t.len();
    let mut depth = 0i32;
    let mut words = 0;
    let mut prev_space = true;
    for (i, c) in t.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ':' | '.' | ';' if depth <= 0 => return Some(i),
            _ => {}
        }
        if depth > 0 {
            prev_space = c == ' ';
            continue;
        }
        if prev_space && c.is_alphabetic() {
            words += 1;
            if words > 1 && same && c.is_lowercase() {
                let rest = &l[i..];
                let hit = stops().iter().any(|s| {
                    rest.starts_with(s.as_str()) && rest[s.len()..].chars().next().is_none_or(|n| !n.is_alphanumeric())
                });
                if hit {
                    return Some(i);
                }
            }
            if words > 40 {
                return None;
            }
        }
        prev_space = c == ' ' || c == ',';
    }
    Some(t.len())
}

/// Whether `text` starts with a capitalised head naming a specific body (`Sở Tư pháp`).
pub fn starts_with_proper_agency(text: &str) -> bool {
    let t = prefix(text.trim_start(), 48);
    let l = lower(t);
    t.chars().next().is_some_and(char::is_uppercase)
        && starts_with_agency(t)
        && PROPER.iter().any(|h| l.starts_with(h) && l[h.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric()))
}

/// Splits an agency cell into its lines (`;` or paragraph breaks), for display and resolution.
/// A line that continues the previous one (a hard wrap: the previous line ends in `-`, `,` or
/// `và`, or this one starts in lower case) is joined with a space.
pub fn cell_text(text: &str) -> String {
    let parts: Vec<String> = text.split('\n').map(crate::lines::clean).filter(|p| !p.is_empty() && p != "-").collect();
    let mut out = String::new();
    for p in parts {
        if out.is_empty() {
            out = p;
            continue;
        }
        let wrapped = out.ends_with(['-', ',', '–']) || out.ends_with(" và") || p.starts_with(char::is_lowercase);
        out.push_str(if wrapped { " " } else { "; " });
        out.push_str(&p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agency_starts() {
        for yes in [
            "Sở Tài chính: …",
            "Các Sở, Ban, ngành khác",
            "UBND cấp huyện",
            "Ban Quản lý Khu kinh tế",
            "Báo Hòa Bình, Cổng Thông tin",
            "Uỷ ban nhân dân các cấp",
            "Đoàn Thanh niên",
        ] {
            assert!(starts_with_agency(yes), "{yes}");
        }
        for no in [
            "Ban hành Kế hoạch",
            "Báo cáo kết quả",
            "Số: 3098",
            "Các Báo cáo trên gửi",
            "Tập trung rà soát",
            "Về cải cách TTHC",
        ] {
            assert!(!starts_with_agency(no), "{no}");
        }
    }

    #[test]
    fn agency_lists_end_at_the_duty() {
        let cases = [
            ("Sở Nội vụ theo dõi, tổng hợp các tiêu chí", "Sở Nội vụ"),
            ("Các Sở, Ban, ngành khác có trách nhiệm thực hiện", "Các Sở, Ban, ngành khác"),
            (
                "các Sở Nội vụ, Tài chính, Y tế, Văn phòng UBND tỉnh, Công an tỉnh căn cứ vào nhiệm vụ",
                "các Sở Nội vụ, Tài chính, Y tế, Văn phòng UBND tỉnh, Công an tỉnh",
            ),
            ("Sở Tài chính: Theo dõi", "Sở Tài chính"),
            (
                "Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ theo chức năng",
                "Các đồng chí Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
            ),
        ];
        for (text, want) in cases {
            assert_eq!(leading_agency(text).map(|a| a.0).as_deref(), Some(want), "{text}");
        }
    }
}
