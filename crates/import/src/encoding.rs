//! Bytes to NFC text: UTF-8 (with or without BOM), UTF-16 (BOM or evident zero bytes),
//! Windows-1258, and the legacy TCVN3 / VNI font encodings, chosen by how Vietnamese the result
//! reads. Legacy text stored as Unicode Latin-1 characters is repaired too.

use cchc_domain::text::nfc;

use crate::error::ImportError;
use crate::legacy::{self, Legacy};

/// Decoded text and the name of the encoding it was in.
#[derive(Debug, Clone)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
}

/// Decodes a text file. Refuses binary data and text in no encoding it knows.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ImportError> {
    if let Some(rest) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return utf8(rest, "utf-8-bom");
    }
    if let Some(enc) = utf16_kind(bytes) {
        let (text, _, bad) = enc.decode(bytes);
        if bad {
            return Err(ImportError::Undecodable);
        }
        let name = if enc == encoding_rs::UTF_16LE { "utf-16le" } else { "utf-16be" };
        return Ok(Decoded { text: nfc(text.trim_start_matches('\u{feff}')), encoding: name.into() });
    }
    if looks_binary(bytes) {
        return Err(ImportError::Binary);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return utf8(bytes, "utf-8");
    }
    single_byte(bytes)
}

fn utf8(bytes: &[u8], name: &str) -> Result<Decoded, ImportError> {
    let text = std::str::from_utf8(bytes).map_err(|_| ImportError::Undecodable)?;
    if looks_binary(bytes) {
        return Err(ImportError::Binary);
    }
    Ok(repair(to_nfc(text), name))
}

/// NFC, skipping the work when the text already is (almost always).
fn to_nfc(text: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized};
    if is_nfc_quick(text.chars()) == IsNormalized::Yes {
        text.to_string()
    } else {
        nfc(text)
    }
}

/// Repairs legacy text stored as Latin-1 characters; records it in the encoding name.
pub fn repair(text: String, name: &str) -> Decoded {
    if let Some(enc) = legacy::detect_in_unicode(&text) {
        if let Some(fixed) = legacy::reinterpret(&text, enc) {
            return Decoded { text: fixed, encoding: format!("{name}+{}", enc.name()) };
        }
    }
    Decoded { text, encoding: name.to_string() }
}

fn utf16_kind(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return Some(encoding_rs::UTF_16LE);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return Some(encoding_rs::UTF_16BE);
    }
    // Without a BOM: ASCII-heavy UTF-16 has a zero in every other byte.
    let sample = &bytes[..bytes.len().min(4096)];
    if sample.len() < 8 {
        return None;
    }
    let zeros = |parity: usize| sample.iter().skip(parity).step_by(2).filter(|b| **b == 0).count();
    let half = sample.len() / 2;
    if zeros(1) * 10 > half * 6 && zeros(0) * 10 < half {
        Some(encoding_rs::UTF_16LE)
    } else if zeros(0) * 10 > half * 6 && zeros(1) * 10 < half {
        Some(encoding_rs::UTF_16BE)
    } else {
        None
    }
}

/// NUL bytes or many control characters mean this is not text.
fn looks_binary(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let control = sample.iter().filter(|b| **b < 0x20 && !matches!(**b, b'\n' | b'\r' | b'\t' | 0x0C)).count();
    control * 20 > sample.len().max(1)
}

fn single_byte(bytes: &[u8]) -> Result<Decoded, ImportError> {
    let mut candidates: Vec<(i64, String, &str)> = Vec::new();
    let (w1258, _, _) = encoding_rs::WINDOWS_1258.decode(bytes);
    let w1258 = nfc(&w1258);
    candidates.push((legacy::score(&w1258), w1258, "windows-1258"));
    for enc in [Legacy::Tcvn3, Legacy::Vni] {
        let t = legacy::decode(bytes, enc);
        candidates.push((legacy::score(&t), t, enc.name()));
    }
    let words = bytes.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()).count() as i64;
    candidates
        .into_iter()
        .max_by_key(|c| c.0)
        .filter(|c| c.0 > 0 && c.0 * 10 >= words.min(200))
        .map(|(_, text, name)| Decoded { text, encoding: name.to_string() })
        .ok_or(ImportError::Undecodable)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn utf16le(s: &str, bom: bool) -> Vec<u8> {
        let mut out = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            out.extend_from_slice(&u.to_le_bytes());
        }
        out
    }

    #[test]
    fn utf_variants() {
        let s = "Kế hoạch cải cách hành chính năm 2025";
        assert_eq!(decode(s.as_bytes()).map(|d| d.text).ok().as_deref(), Some(s));
        let bom = [&[0xEF, 0xBB, 0xBF][..], s.as_bytes()].concat();
        assert_eq!(decode(&bom).map(|d| d.encoding).ok().as_deref(), Some("utf-8-bom"));
        assert_eq!(decode(&utf16le(s, true)).map(|d| d.text).ok().as_deref(), Some(s));
        assert_eq!(decode(&utf16le(s, false)).map(|d| d.encoding).ok().as_deref(), Some("utf-16le"));
    }

    /// Windows-1258 keeps tone marks as separate combining characters after the letter.
    pub(crate) fn to_1258_form(s: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        let mut base: Option<char> = None;
        let mut tones: Vec<char> = Vec::new();
        for c in s.nfd() {
            if matches!(c, '\u{302}' | '\u{306}' | '\u{31B}') {
                base = base.map(|b| unicode_normalization::char::compose(b, c).unwrap_or(b));
            } else if unicode_normalization::char::is_combining_mark(c) {
                tones.push(c);
            } else {
                out.extend(base.take());
                out.extend(tones.drain(..));
                base = Some(c);
            }
        }
        out.extend(base);
        out.extend(tones);
        out
    }

    #[test]
    fn windows_1258_is_recognised() {
        let s = "Quyết định về việc ban hành kế hoạch cải cách hành chính của tỉnh năm 2025";
        let form = to_1258_form(s);
        let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(&form);
        assert!(!bad);
        let d = decode(&bytes).map_err(|e| e.to_string());
        assert_eq!(d.as_ref().map(|d| d.encoding.as_str()), Ok("windows-1258"));
        assert_eq!(d.map(|d| d.text), Ok(s.to_string()));
    }

    #[test]
    fn binary_and_garbage_are_refused() {
        assert_eq!(decode(&[0u8, 1, 2, 3, 0, 0, 7, 8]).err(), Some(ImportError::Binary));
        let junk: Vec<u8> = (0..400u32).map(|i| (0x80 + (i * 37) % 0x7F) as u8).collect();
        assert!(decode(&junk).is_err());
    }
}
