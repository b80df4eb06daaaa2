//! Numbers of a target sentence: percentages and counts, each with the administrative level it
//! applies to (`cấp tỉnh 100%, cấp huyện 100%, cấp xã 95%`; `100% … cấp tỉnh, 90% … UBND cấp
//! huyện và 70% … UBND cấp xã`).

use cchc_domain::plan::{TargetLevel, TargetValue, ValueUnit};

/// Level named in a phrase (`UBND cấp xã` → commune); several levels → `All`.
pub fn level_of(phrase: &str) -> TargetLevel {
    let l = format!(
        " {} ",
        phrase
            .to_lowercase()
            .replace("uỷ", "ủy")
            .replace("cơ sở", "cơ_sở")
            .replace("thị xã", "thị_xã")
            .replace("hợp tác xã", "hợp_tác_xã")
            .replace("xã hội", "xã_hội")
    );
    let l = l.replace([',', ';', '.', ':', '(', ')'], " ");
    if l.contains(" các cấp ") {
        return TargetLevel::All;
    }
    let any = |ks: &[&str]| ks.iter().any(|k| l.contains(k));
    let commune = any(&[" cấp xã ", " xã ", " phường ", " thị trấn "]);
    let district = any(&[" cấp huyện ", " huyện ", " thị_xã ", " quận "]);
    let province =
        any(&[" cấp tỉnh ", " cấp sở ", " sở ", " các sở ", " thuộc ủy ban nhân dân tỉnh ", " thuộc ubnd tỉnh "]);
    match (province, district, commune) {
        (true, false, false) => TargetLevel::Province,
        (false, true, false) => TargetLevel::District,
        (false, false, true) => TargetLevel::Commune,
        (false, false, false) => TargetLevel::Unspecified,
        _ => TargetLevel::All,
    }
}

struct Found {
    start: usize,
    end: usize,
    number: f64,
    max: Option<f64>,
    unit: ValueUnit,
}

/// Values of a target text, levels read from the clause each value sits in (and the clauses
/// after it, up to the next value in the same sentence). Parenthesised remarks are skipped.
pub fn extract(text: &str) -> Vec<TargetValue> {
    let masked = mask_parentheses(text);
    let mut out = Vec::new();
    for (s_start, sentence) in sentences(&masked) {
        let found = numbers(sentence);
        for (k, f) in found.iter().enumerate() {
            let clause_start = sentence[..f.start].rfind([',', ';', ':']).map_or(0, |p| p + 1);
            let clause_start =
                sentence[clause_start..f.start].rfind(" và ").map_or(clause_start, |p| clause_start + p + 4);
            let next = found.get(k + 1).map_or(sentence.len(), |n| n.start);
            let clause_end = sentence[..next].rfind([',', ';']).filter(|p| *p >= f.end).unwrap_or(next);
            let clause_end = if found.get(k + 1).is_some() {
                sentence[f.end..clause_end].find(" và ").map_or(clause_end, |p| f.end + p)
            } else {
                sentence.len()
            };
            let clause = &sentence[clause_start..clause_end.max(f.end)];
            let original = text.get(s_start + clause_start..s_start + clause_end.max(f.end)).unwrap_or(clause);
            out.push(TargetValue {
                level: level_of(clause),
                number: f.number,
                number_max: f.max,
                unit: f.unit,
                text: crate::lines::clean(original),
            });
        }
    }
    out
}

/// Replaces text inside parentheses with spaces, keeping byte positions.
fn mask_parentheses(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '(' {
            depth += 1;
        }
        if depth > 0 {
            out.extend(std::iter::repeat_n(' ', c.len_utf8()));
        } else {
            out.push(c);
        }
        if c == ')' && depth > 0 {
            depth -= 1;
        }
    }
    out
}

fn sentences(text: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        let end_here = (c == '.'
            && bytes.get(i + 1) == Some(&b' ')
            && text[i + 2..].chars().next().is_some_and(|n| n.is_uppercase()))
            || c == ';';
        if end_here {
            out.push((start, &text[start..=i]));
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push((start, &text[start..]));
    }
    out
}

const COUNT_CUES: [&str; 13] = [
    "ít nhất",
    "tối thiểu",
    "giảm",
    "tăng",
    "khoảng",
    "đạt",
    "có",
    "tổ chức",
    "từ",
    "đến",
    "thêm",
    "hoàn thành",
    "xây dựng",
];

fn numbers(s: &str) -> Vec<Found> {
    let mut out = Vec::new();
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit()
            || (i > 0
                && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'/' | b'.' | b',' | b'-' | b':')))
        {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len()
            && (bytes[i].is_ascii_digit()
                || (matches!(bytes[i], b'.' | b',') && bytes.get(i + 1).is_some_and(|b| b.is_ascii_digit())))
        {
            i += 1;
        }
        let raw = &s[start..i];
        let rest = &s[i..];
        let value = raw.replace('.', "").replace(',', ".").parse::<f64>().ok();
        let Some(value) = value else { continue };
        let rest_t = rest.trim_start();
        if rest_t.starts_with('%') {
            let end = i + (rest.len() - rest_t.len()) + 1;
            out.push(Found { start, end, number: value, max: None, unit: ValueUnit::Percent });
            i = end;
            continue;
        }
        let thousands = raw.contains('.') && !raw.contains(',') && raw.split('.').skip(1).all(|g| g.len() == 3);
        if rest.starts_with(['/', '-', ':'])
            || (raw.len() == 4 && !thousands)
            || (raw.contains([',', '.']) && !thousands)
        {
            continue;
        }
        let before = s[..start].trim_end().to_lowercase();
        let cue = COUNT_CUES.iter().any(|c| before.ends_with(c)) || (raw.len() >= 2 && raw.starts_with('0'));
        let noun = rest_t.chars().next().is_some_and(|c| c.is_alphabetic());
        if cue && noun && !rest_t.to_lowercase().starts_with("tuổi") && !rest_t.to_lowercase().starts_with("năm") {
            // `từ 02 đến 03 cuộc`
            let lower_rest = rest_t.to_lowercase();
            if let Some(after) = lower_rest.strip_prefix("đến ") {
                let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
                if let Ok(max) = digits.parse::<f64>() {
                    let end = i + (rest.len() - rest_t.len()) + "đến ".len() + digits.len();
                    out.push(Found { start, end, number: value, max: Some(max), unit: ValueUnit::Count });
                    i = end;
                    continue;
                }
            }
            out.push(Found { start, end: i, number: value, max: None, unit: ValueUnit::Count });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn levels(text: &str) -> Vec<(TargetLevel, f64)> {
        extract(text).iter().map(|v| (v.level, v.number)).collect()
    }

    #[test]
    fn level_specific_values() {
        let t = "100% hồ sơ công việc tại các cơ quan chuyên môn cấp tỉnh, 90% hồ sơ công việc tại UBND cấp huyện và 70% hồ sơ công việc tại UBND cấp xã được xác lập trên môi trường mạng (trừ hồ sơ mật 5%).";
        assert_eq!(
            levels(t),
            [(TargetLevel::Province, 100.0), (TargetLevel::District, 90.0), (TargetLevel::Commune, 70.0)]
        );
        let t =
            "số hóa hồ sơ đạt tỷ lệ tối thiểu tương ứng: cấp tỉnh 100%, cấp huyện 100%, cấp xã 95% số hồ sơ tiếp nhận.";
        assert_eq!(
            levels(t),
            [(TargetLevel::Province, 100.0), (TargetLevel::District, 100.0), (TargetLevel::Commune, 95.0)]
        );
    }

    #[test]
    fn counts_and_ranges() {
        let v = extract(
            "Phấn đấu trong năm tổ chức ít nhất từ 02 đến 03 cuộc đối thoại; giảm 28 biên chế; 50% cán bộ dưới 40 tuổi",
        );
        let got: Vec<(f64, Option<f64>, ValueUnit)> = v.iter().map(|v| (v.number, v.number_max, v.unit)).collect();
        assert_eq!(
            got,
            [(2.0, Some(3.0), ValueUnit::Count), (28.0, None, ValueUnit::Count), (50.0, None, ValueUnit::Percent)]
        );
        assert_eq!(extract("Giảm tối thiểu 2,5% chi hỗ trợ")[0].number, 2.5);
    }

    #[test]
    fn levels_of_phrases() {
        assert_eq!(
            level_of("- Các phòng, ban thuộc Ủy ban nhân dân các huyện, thị xã, thành phố."),
            TargetLevel::District
        );
        assert_eq!(level_of("- Ủy ban nhân dân các xã, phường, thị trấn."), TargetLevel::Commune);
        assert_eq!(level_of("- Các sở, ngành và tương đương thuộc Ủy ban nhân dân tỉnh"), TargetLevel::Province);
        assert_eq!(level_of("cơ sở dữ liệu quốc gia"), TargetLevel::Unspecified);
    }
}
