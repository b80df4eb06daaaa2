//! The pre-Unicode Vietnamese font encodings still found in old files: TCVN3 (ABC, `.VnTime`)
//! and VNI-Windows. Mapping tables, converters, and a score of how Vietnamese a text reads, used
//! to pick the encoding of undeclared bytes.

/// A legacy encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Legacy {
    Tcvn3,
    Vni,
}

impl Legacy {
    /// Name used in `DocumentInfo::encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Legacy::Tcvn3 => "tcvn3",
            Legacy::Vni => "vni",
        }
    }
}

/// TCVN3 bytes 0xA1..=0xFE; bytes not listed keep their Windows-1252 character.
const TCVN3: &[(u8, char)] = &[
    (0xA1, 'Ă'),
    (0xA2, 'Â'),
    (0xA3, 'Ê'),
    (0xA4, 'Ô'),
    (0xA5, 'Ơ'),
    (0xA6, 'Ư'),
    (0xA7, 'Đ'),
    (0xA8, 'ă'),
    (0xA9, 'â'),
    (0xAA, 'ê'),
    (0xAB, 'ô'),
    (0xAC, 'ơ'),
    (0xAD, 'ư'),
    (0xAE, 'đ'),
    (0xB5, 'à'),
    (0xB6, 'ả'),
    (0xB7, 'ã'),
    (0xB8, 'á'),
    (0xB9, 'ạ'),
    (0xBB, 'ằ'),
    (0xBC, 'ẳ'),
    (0xBD, 'ẵ'),
    (0xBE, 'ắ'),
    (0xC6, 'ặ'),
    (0xC7, 'ầ'),
    (0xC8, 'ẩ'),
    (0xC9, 'ẫ'),
    (0xCA, 'ấ'),
    (0xCB, 'ậ'),
    (0xCC, 'è'),
    (0xCE, 'ẻ'),
    (0xCF, 'ẽ'),
    (0xD0, 'é'),
    (0xD1, 'ẹ'),
    (0xD2, 'ề'),
    (0xD3, 'ể'),
    (0xD4, 'ễ'),
    (0xD5, 'ế'),
    (0xD6, 'ệ'),
    (0xD7, 'ì'),
    (0xD8, 'ỉ'),
    (0xDC, 'ĩ'),
    (0xDD, 'í'),
    (0xDE, 'ị'),
    (0xDF, 'ò'),
    (0xE1, 'ỏ'),
    (0xE2, 'õ'),
    (0xE3, 'ó'),
    (0xE4, 'ọ'),
    (0xE5, 'ồ'),
    (0xE6, 'ổ'),
    (0xE7, 'ỗ'),
    (0xE8, 'ố'),
    (0xE9, 'ộ'),
    (0xEA, 'ờ'),
    (0xEB, 'ở'),
    (0xEC, 'ỡ'),
    (0xED, 'ớ'),
    (0xEE, 'ợ'),
    (0xEF, 'ù'),
    (0xF1, 'ủ'),
    (0xF2, 'ũ'),
    (0xF3, 'ú'),
    (0xF4, 'ụ'),
    (0xF5, 'ừ'),
    (0xF6, 'ử'),
    (0xF7, 'ữ'),
    (0xF8, 'ứ'),
    (0xF9, 'ự'),
    (0xFA, 'ỳ'),
    (0xFB, 'ỷ'),
    (0xFC, 'ỹ'),
    (0xFD, 'ý'),
    (0xFE, 'ỵ'),
];

fn tcvn3_char(b: u8) -> char {
    if b < 0x80 {
        return char::from(b);
    }
    TCVN3.iter().find(|(k, _)| *k == b).map_or_else(|| cp1252(b), |(_, c)| *c)
}

/// Windows-1252 for bytes the legacy tables leave alone (curly quotes, dashes).
fn cp1252(b: u8) -> char {
    let buf = [b];
    let (s, _, _) = encoding_rs::WINDOWS_1252.decode(&buf);
    s.chars().next().unwrap_or('\u{FFFD}')
}

const ACUTE: char = '\u{301}';
const GRAVE: char = '\u{300}';
const HOOK: char = '\u{309}';
const TILDE: char = '\u{303}';
const DOT: char = '\u{323}';
const CIRC: char = '\u{302}';
const BREVE: char = '\u{306}';

/// VNI modifier byte → (shape mark, tone mark), lower and upper case alike.
fn vni_modifier(b: u8) -> Option<(Option<char>, Option<char>)> {
    Some(match b {
        0xF9 | 0xD9 => (None, Some(ACUTE)),
        0xF8 | 0xD8 => (None, Some(GRAVE)),
        0xFB | 0xDB => (None, Some(HOOK)),
        0xF5 | 0xD5 => (None, Some(TILDE)),
        0xEF | 0xCF => (None, Some(DOT)),
        0xE2 | 0xC2 => (Some(CIRC), None),
        0xE1 | 0xC1 => (Some(CIRC), Some(ACUTE)),
        0xE0 | 0xC0 => (Some(CIRC), Some(GRAVE)),
        0xE5 | 0xC5 => (Some(CIRC), Some(HOOK)),
        0xE3 | 0xC3 => (Some(CIRC), Some(TILDE)),
        0xE4 | 0xC4 => (Some(CIRC), Some(DOT)),
        0xEA | 0xCA => (Some(BREVE), None),
        0xE9 | 0xC9 => (Some(BREVE), Some(ACUTE)),
        0xE8 | 0xC8 => (Some(BREVE), Some(GRAVE)),
        0xFA | 0xDA => (Some(BREVE), Some(HOOK)),
        0xFC | 0xDC => (Some(BREVE), Some(TILDE)),
        0xEB | 0xCB => (Some(BREVE), Some(DOT)),
        _ => return None,
    })
}

/// VNI single-byte letters.
fn vni_letter(b: u8) -> Option<char> {
    Some(match b {
        0xF4 => 'ơ',
        0xD4 => 'Ơ',
        0xF6 => 'ư',
        0xD6 => 'Ư',
        0xF1 => 'đ',
        0xD1 => 'Đ',
        0xED => 'í',
        0xCD => 'Í',
        0xEC => 'ì',
        0xCC => 'Ì',
        0xE6 => 'ỉ',
        0xC6 => 'Ỉ',
        0xF3 => 'ĩ',
        0xD3 => 'Ĩ',
        0xF2 => 'ị',
        0xD2 => 'Ị',
        _ => return None,
    })
}

fn decode_vni(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 4);
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let base = if b < 0x80 { Some(char::from(b)) } else { vni_letter(b) };
        let Some(base) = base else {
            out.push(cp1252(b));
            i += 1;
            continue;
        };
        out.push(base);
        i += 1;
        let lower = base.to_lowercase().next().unwrap_or(base);
        if !matches!(lower, 'a' | 'e' | 'o' | 'u' | 'y' | 'ơ' | 'ư') {
            continue;
        }
        if let Some((shape, tone)) = bytes.get(i).and_then(|m| vni_modifier(*m)) {
            let shape_ok = match shape {
                Some(CIRC) => matches!(lower, 'a' | 'e' | 'o'),
                Some(_) => lower == 'a',
                None => true,
            };
            if shape_ok {
                out.extend(shape);
                out.extend(tone);
                i += 1;
            }
        }
    }
    cchc_domain::text::nfc(&out)
}

/// Decodes bytes in a legacy encoding to NFC text.
pub fn decode(bytes: &[u8], enc: Legacy) -> String {
    match enc {
        Legacy::Tcvn3 => {
            let s: String = bytes.iter().map(|b| tcvn3_char(*b)).collect();
            uppercase_headings(&s)
        }
        Legacy::Vni => decode_vni(bytes),
    }
}

/// Converts legacy text that was stored as Unicode Latin-1 characters (a `.VnTime` run in a
/// Word file, or bytes decoded as Windows-1252). `None` when a character cannot be a byte.
pub fn reinterpret(text: &str, enc: Legacy) -> Option<String> {
    let mut bytes = Vec::with_capacity(text.len());
    for c in text.chars() {
        let code = u32::from(c);
        if code < 0x100 {
            bytes.push(code as u8);
        } else {
            let mut buf = [0u8; 4];
            let (enc_bytes, _, bad) = encoding_rs::WINDOWS_1252.encode(c.encode_utf8(&mut buf));
            if bad || enc_bytes.len() != 1 {
                return None;
            }
            bytes.extend_from_slice(&enc_bytes);
        }
    }
    Some(decode(&bytes, enc))
}

/// TCVN3 has no upper-case toned letters: headings typed in `.VnTimeH` come out lower case.
/// A word whose ASCII letters are all upper case is upper-cased whole.
fn uppercase_headings(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for (i, word) in s.split(' ').enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let ascii: Vec<char> = word.chars().filter(|c| c.is_ascii_alphabetic()).collect();
        if ascii.len() >= 2 && ascii.iter().all(|c| c.is_ascii_uppercase()) {
            out.push_str(&word.to_uppercase());
        } else {
            out.push_str(word);
        }
    }
    out
}

const COMMON: [&str; 64] = [
    "và", "của", "các", "được", "trong", "không", "người", "những", "một", "có", "là", "cho", "với", "năm", "ngày",
    "tháng", "tỉnh", "hành", "chính", "thực", "hiện", "quyết", "định", "kế", "hoạch", "cải", "cách", "sở", "nội", "vụ",
    "ban", "nhân", "dân", "việc", "theo", "đã", "này", "để", "về", "tại", "từ", "đến", "cơ", "quan", "đơn", "vị",
    "cấp", "xã", "huyện", "nhiệm", "công", "tác", "thủ", "tục", "số", "phát", "triển", "quản", "lý", "nhà", "nước",
    "hợp", "chủ", "trì",
];

/// How Vietnamese a text reads: common words count up, stray Latin-1 symbols count down.
pub fn score(text: &str) -> i64 {
    let mut s = 0i64;
    for w in text.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        if COMMON.contains(&w.to_lowercase().as_str()) {
            s += 3;
        }
    }
    for c in text.chars() {
        let code = u32::from(c);
        let stray = (0xA0..=0xBF).contains(&code)
            || matches!(
                c,
                '×' | '÷'
                    | 'Ø'
                    | 'ø'
                    | 'Þ'
                    | 'þ'
                    | 'ß'
                    | 'æ'
                    | 'Æ'
                    | 'ð'
                    | 'ñ'
                    | 'Ñ'
                    | 'å'
                    | 'ë'
                    | 'ï'
                    | 'î'
                    | 'ö'
                    | 'Ö'
                    | 'û'
                    | 'ü'
                    | 'Ü'
                    | 'Ë'
                    | 'Ï'
                    | 'Î'
                    | 'Û'
                    | 'Å'
                    | 'Ä'
                    | 'ä'
                    | 'ç'
                    | 'Ç'
                    | 'Ì'
                    | 'Í'
                    | 'Ó'
                    | 'Ò'
                    | 'Ú'
                    | 'ÿ'
            )
            || (code < 0x20 && !matches!(c, '\n' | '\r' | '\t'));
        if stray {
            s -= 2;
        }
    }
    s
}

/// Whether a Unicode text looks like legacy-encoded Vietnamese, and which encoding fixes it.
pub fn detect_in_unicode(text: &str) -> Option<Legacy> {
    let latin1 = text.chars().filter(|c| (0xA0..0x100).contains(&u32::from(*c))).count();
    let vietnamese = text
        .chars()
        .filter(|c| {
            (0x1EA0..=0x1EF9).contains(&u32::from(*c)) || matches!(c, 'ơ' | 'ư' | 'ă' | 'đ' | 'Ơ' | 'Ư' | 'Ă' | 'Đ')
        })
        .count();
    if latin1 < 8 || vietnamese * 4 > latin1 {
        return None;
    }
    let base = score(text);
    [Legacy::Tcvn3, Legacy::Vni]
        .into_iter()
        .filter_map(|e| reinterpret(text, e).map(|t| (score(&t), e)))
        .filter(|(s, _)| *s > base + 6)
        .max_by_key(|(s, _)| *s)
        .map(|(_, e)| e)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Encodes NFC Vietnamese into TCVN3 bytes with the same table, for round trips.
    pub(crate) fn to_tcvn3(s: &str) -> Vec<u8> {
        s.chars()
            .map(|c| {
                if c.is_ascii() {
                    return c as u8;
                }
                let lower = c.to_lowercase().next().unwrap_or(c);
                TCVN3
                    .iter()
                    .find(|(_, v)| *v == c)
                    .or_else(|| TCVN3.iter().find(|(_, v)| *v == lower))
                    .map_or(b'?', |(k, _)| *k)
            })
            .collect()
    }

    #[test]
    fn tcvn3_known_strings() {
        let bytes = to_tcvn3("Cộng hoà xã hội chủ nghĩa Việt Nam, Độc lập - Tự do - Hạnh phúc");
        assert_eq!(decode(&bytes, Legacy::Tcvn3), "Cộng hoà xã hội chủ nghĩa Việt Nam, Độc lập - Tự do - Hạnh phúc");
        let latin1: Vec<u8> = "ViÖt Nam".chars().map(|c| c as u32 as u8).collect();
        assert_eq!(decode(&latin1, Legacy::Tcvn3), "Việt Nam");
    }

    #[test]
    fn vni_known_strings() {
        let s = "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam. Ñoäc laäp - Töï do - Haïnh phuùc. Naêm ñöôïc tænh";
        let bytes: Vec<u8> = s.chars().map(|c| c as u32 as u8).collect();
        assert_eq!(
            decode(&bytes, Legacy::Vni),
            "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Năm được tỉnh"
        );
    }

    #[test]
    fn unicode_legacy_is_detected() {
        let text = "Uû ban nh©n d©n tØnh. QuyÕt ®Þnh vÒ viÖc ban hµnh kÕ ho¹ch c¶i c¸ch hµnh chÝnh n¨m 2025 cña tØnh";
        assert_eq!(detect_in_unicode(text), Some(Legacy::Tcvn3));
        assert_eq!(detect_in_unicode("Quyết định về việc ban hành kế hoạch"), None);
    }
}
