//! Reading one paragraph of a notice or directive: who is assigned (`Bộ Tư pháp chủ trì, …`,
//! `Giao Sở X …`, `Sở Tài chính: …`), who coordinates (`… phối hợp với Bộ Nội vụ rà soát`),
//! where one actor's clause ends and the next begins (sentences and `;`), and the labelled
//! fields of plans written as prose (`Cơ quan chủ trì: …`, `Thời gian thực hiện: …`).

use cchc_domain::text::fold;

use crate::agency::{leading_agency, starts_with_agency, starts_with_proper_agency};
use crate::lines::{clean, fold_start, prefix};

const CONNECTIVES: [&str; 13] = [
    "tren co so",
    "sau khi",
    "sau do",
    "can cu",
    "dong thoi",
    "ve",
    "de",
    "theo do",
    "doi voi",
    "trong do",
    "ngoai ra",
    "tiep theo",
    "rieng",
];

/// Words that open an assignment before the agency (`Giao Sở X …`).
const TRIGGERS: [&str; 3] = ["giao ", "yêu cầu ", "đề nghị "];

/// Whether folded text starts with a connective clause (`Trên cơ sở …,`, `Về …,`, `Riêng …`).
pub fn starts_connective(f: &str) -> bool {
    CONNECTIVES.iter().any(|c| f.starts_with(c) && f[c.len()..].chars().next().is_none_or(|n| !n.is_alphanumeric()))
}

const WEAK: [&str; 5] = ["đã", "đang", "là", "được", "sẽ"];

/// The text after a leading `Giao ` / `Yêu cầu ` / `Đề nghị `, if it starts so.
fn after_trigger(t: &str) -> Option<&str> {
    let l = prefix(t, 12).to_lowercase();
    TRIGGERS.iter().find(|tr| l.starts_with(**tr)).and_then(|tr| t.get(tr.len()..))
}

/// The agency a sentence assigns work to.
pub fn find_actor(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(a) = directive(t) {
        return Some(a);
    }
    if let Some(rest) = after_trigger(t) {
        if let Some(a) = directive(rest) {
            return Some(a);
        }
    }
    let f = fold_start(t, 40);
    if f.starts_with("rieng ") {
        return t.split_once(' ').and_then(|(_, rest)| directive(rest));
    }
    let sentence_end = t.find(". ").unwrap_or(t.len());
    let first = &t[..sentence_end];
    let connective = starts_connective(&f);
    let mut found = None;
    for (i, _) in first.match_indices([',', ' ', ':']) {
        let after = &first[i + 1..];
        let trimmed = after.trim_start();
        let maybe_trigger = trimmed.starts_with(['g', 'G', 'y', 'Y']);
        let al = if maybe_trigger { prefix(trimmed, 10).to_lowercase() } else { String::new() };
        let via_trigger = ["giao ", "yêu cầu "].iter().find(|tr| al.starts_with(**tr)).map(|tr| tr.len());
        let candidate = match via_trigger {
            Some(len) => trimmed.get(len..).unwrap_or_default(),
            None if connective && matches!(first.as_bytes()[i], b',' | b':') && starts_with_proper_agency(after) => {
                after
            }
            None => continue,
        };
        if let Some(a) = directive(candidate) {
            // `Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương`:
            // the agency right before the duty is the one assigned.
            found = Some(a);
            if via_trigger.is_some() {
                break;
            }
        }
    }
    found
}

/// An agency list followed by a directive verb (not `:` and not `đã`, `là`, `được`).
pub fn directive(text: &str) -> Option<String> {
    let t = text.trim_start();
    let (phrase, at) = leading_agency(t)?;
    let rest = t.get(at..)?.trim_start();
    let first_word = rest.split_whitespace().next().unwrap_or_default().to_lowercase();
    let ok = !rest.is_empty() && !rest.starts_with([':', '.', ',', ';']) && !WEAK.contains(&first_word.as_str());
    ok.then_some(phrase)
}

/// An agency named alone, as a heading: `Giao Sở Khoa học và Công nghệ`, `Yêu cầu Chủ tịch
/// UBND các xã, phường`, `Bộ Công an (cơ quan thường trực)`.
pub fn bare_actor(text: &str) -> Option<String> {
    let t = text.trim().trim_end_matches([':', '.']).trim_end();
    let t = after_trigger(t).unwrap_or(t);
    if t.chars().count() > 160 || !starts_with_agency(t) {
        return None;
    }
    let (phrase, at) = leading_agency(t)?;
    t[at..].trim().is_empty().then_some(phrase)
}

/// `Sở Tài chính: …` → (`Sở Tài chính`, `…`).
pub fn colon_led(text: &str) -> Option<(String, String)> {
    let mut depth = 0i32;
    let colon = text.char_indices().find_map(|(i, c)| {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            ':' if depth <= 0 => return Some(i),
            _ => {}
        }
        None
    })?;
    let before = text[..colon].trim();
    if before.chars().count() > 240 || before.contains(". ") || !starts_with_agency(before) {
        return None;
    }
    // The whole prefix must be agencies: `Sở Nội vụ theo dõi … (Trừ tiêu chí: …)` is not.
    if leading_agency(before).is_none_or(|(phrase, _)| phrase.len() + 1 < before.trim_end_matches([',', ';']).len()) {
        return None;
    }
    Some((clean(before), clean(&text[colon + 1..])))
}

/// The agencies a clause names as coordinating: `… chủ trì, phối hợp với Bộ Nội vụ rà soát …`.
pub fn coordinating(text: &str) -> Option<String> {
    let at = ["phối hợp với ", "Phối hợp với ", "phối hợp chặt chẽ với ", "Phối hợp chặt chẽ với "]
        .iter()
        .filter_map(|k| text.find(k).map(|i| i + k.len()))
        .min()?;
    let (phrase, _) = leading_agency(&text[at..])?;
    Some(clean(&phrase))
}

/// Sentences of a paragraph, also cut after `;` (a clause may name its own actor); each piece
/// keeps its final punctuation.
pub fn clauses(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            '.' | ';' if depth <= 0 => {
                let next = text[i + 1..].trim_start();
                let cut = text[i + 1..].starts_with(' ')
                    && (c == ';' || next.chars().next().is_some_and(|n| n.is_uppercase()));
                if cut {
                    out.push(text[start..=i].trim());
                    start = i + 1;
                }
            }
            _ => {}
        }
    }
    if start < text.len() {
        out.push(text[start..].trim());
    }
    out.into_iter().filter(|s| !s.is_empty()).collect()
}

/// The actor that opens a later clause of a paragraph, and whether it follows the clause
/// before (`Trên cơ sở đó, Bộ Tư pháp tổng hợp …`).
pub fn clause_actor(s: &str) -> Option<(String, bool)> {
    let f = fold_start(s, 40);
    let follows = ["tren co so do", "sau do", "can cu ket qua"].iter().any(|c| f.starts_with(c));
    let actor = if starts_connective(&f) || after_trigger(s).is_some() {
        find_actor(s)
    } else if starts_with_proper_agency(s) {
        directive(s)
    } else {
        None
    };
    actor.map(|a| (a, follows))
}

/// A labelled field of a task written as prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Lead,
    Coordinating,
    Deadline,
    Output,
}

const FIELDS: [(&str, Field); 17] = [
    ("co quan chu tri", Field::Lead),
    ("don vi chu tri", Field::Lead),
    ("chu tri", Field::Lead),
    ("co quan thuc hien", Field::Lead),
    ("don vi thuc hien", Field::Lead),
    ("co quan phoi hop", Field::Coordinating),
    ("don vi phoi hop", Field::Coordinating),
    ("phoi hop", Field::Coordinating),
    ("thoi gian thuc hien", Field::Deadline),
    ("thoi gian hoan thanh", Field::Deadline),
    ("thoi gian", Field::Deadline),
    ("thoi han", Field::Deadline),
    ("tien do", Field::Deadline),
    ("lo trinh thuc hien", Field::Deadline),
    ("san pham", Field::Output),
    ("ket qua", Field::Output),
    ("ket qua, san pham", Field::Output),
];

/// `Cơ quan chủ trì: Vụ X.` → (lead, `Vụ X`): a label, a colon, the value.
pub fn field(text: &str) -> Option<(Field, String)> {
    let colon = prefix(text, 40).find(':')?;
    let label = fold(&text[..colon]);
    let label = label.trim().trim_end_matches(['*', ' ']);
    let (_, kind) = FIELDS.iter().find(|(l, _)| *l == label)?;
    let value = clean(text[colon + 1..].trim().trim_end_matches(['.', ';']));
    (!value.is_empty()).then_some((*kind, value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actors() {
        let cases = [
            ("Bộ Tư pháp có trách nhiệm kiểm tra, đôn đốc", Some("Bộ Tư pháp")),
            (
                "Trên cơ sở đề nghị của các Bộ, cơ quan liên quan, Bộ Tài chính khẩn trương rà soát",
                Some("Bộ Tài chính"),
            ),
            (
                "Về trách nhiệm của người đứng đầu, giao các Sở, Ban, ngành phải chịu trách nhiệm về Chỉ số",
                Some("các Sở, Ban, ngành"),
            ),
            ("Yêu cầu Uỷ ban nhân dân các cấp nghiêm túc triển khai", Some("Uỷ ban nhân dân các cấp")),
            ("Năm 2024, các thành viên Ban Chỉ đạo, các cấp, các ngành đã có nhiều nỗ lực", None),
            ("Các Báo cáo trên gửi Bộ Tư pháp trước ngày 05/12/2025", None),
            ("Tập đoàn Dầu khí Việt Nam bảo đảm cung cấp đủ khí", Some("Tập đoàn Dầu khí Việt Nam")),
            (
                "Riêng Ủy ban nhân dân tỉnh Đồng Nai hoàn thành giải phóng mặt bằng",
                Some("Ủy ban nhân dân tỉnh Đồng Nai"),
            ),
            ("Về đề nghị của Ủy ban nhân dân tỉnh Lâm Đồng: giao Bộ Nội vụ xem xét", Some("Bộ Nội vụ")),
        ];
        for (text, want) in cases {
            assert_eq!(find_actor(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn coordinating_agencies() {
        let cases = [
            ("Bộ Tư pháp chủ trì, phối hợp với Bộ Nội vụ rà soát các quy định", Some("Bộ Nội vụ")),
            ("Chủ trì, phối hợp với Bộ Công an, Ban Cơ yếu Chính phủ:", Some("Bộ Công an, Ban Cơ yếu Chính phủ")),
            (
                "trên địa bàn, phối hợp chặt chẽ với Bộ Công an, Bộ Tài chính để tổ chức",
                Some("Bộ Công an, Bộ Tài chính"),
            ),
            (
                "Phối hợp với Viễn thông Đồng Tháp, Bưu điện tỉnh triển khai",
                Some("Viễn thông Đồng Tháp, Bưu điện tỉnh"),
            ),
            ("Bộ Y tế khẩn trương sửa đổi Nghị định", None),
            ("tăng cường cơ chế phối hợp với người dân", None),
        ];
        for (text, want) in cases {
            assert_eq!(coordinating(text).as_deref(), want, "{text}");
        }
    }

    #[test]
    fn clauses_and_their_actors() {
        let t = "Bộ Y tế sửa đổi Nghị định, trình trong tháng 11/2025; Bộ Giáo dục và Đào tạo rà soát, hoàn thành trong quý IV.";
        let parts = clauses(t);
        assert_eq!(parts.len(), 2);
        assert_eq!(clause_actor(parts[1]).map(|a| a.0).as_deref(), Some("Bộ Giáo dục và Đào tạo"));
        assert_eq!(bare_actor("Giao Sở Khoa học và Công nghệ").as_deref(), Some("Sở Khoa học và Công nghệ"));
        assert_eq!(bare_actor("Nhiệm vụ trong thời gian tới"), None);
        assert_eq!(
            field("Cơ quan chủ trì: Vụ Phổ biến, giáo dục pháp luật."),
            Some((Field::Lead, "Vụ Phổ biến, giáo dục pháp luật".into()))
        );
        assert_eq!(field("Lộ trình thực hiện: Quý IV năm 2025."), Some((Field::Deadline, "Quý IV năm 2025".into())));
        assert_eq!(field("Sở Tài chính: theo dõi"), None);
    }
}
