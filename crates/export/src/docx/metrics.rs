//! Approximate text widths in Times New Roman, for the lines NĐ 30 draws under the motto
//! (as long as the text) and under the issuer and the summary (1/3–1/2 of the text). The
//! advance widths (1/1000 em) are those of Times New Roman / Liberation Serif for printable
//! ASCII; a Vietnamese letter takes the width of its base letter (marks do not advance), the
//! horn of ơ/ư adds a little, and any other character counts as half an em.

use unicode_normalization::UnicodeNormalization;

/// Regular advance widths of U+0020..=U+007E.
const REGULAR: [u16; 95] = [
    250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 278, 278, 564, 564, 564, 444, 921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889,
    722, 722, 556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500, 333, 444, 500, 444, 500,
    444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480,
    200, 480, 541,
];

/// Bold advance widths of U+0020..=U+007E.
const BOLD: [u16; 95] = [
    250, 333, 555, 500, 500, 1000, 833, 278, 333, 333, 500, 570, 250, 333, 250, 278, 500, 500, 500, 500, 500, 500, 500,
    500, 500, 500, 333, 333, 570, 570, 570, 500, 930, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944,
    722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667, 333, 278, 333, 581, 500, 333, 500, 556, 444, 556,
    444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444, 394,
    220, 394, 520,
];

/// Extra advance of the horn (U+031B) on ơ, ư.
const HORN: u32 = 60;

/// Width of the longest line of `s` in twips at `half_pt` (the unit of `w:sz`).
pub(crate) fn width(s: &str, half_pt: u32, bold: bool) -> u32 {
    s.split('\n').map(|line| line_units(line, bold)).max().map_or(0, |u| to_twips(u, half_pt))
}

fn to_twips(units: u64, half_pt: u32) -> u32 {
    // units/1000 em × (half_pt/2) pt × 20 twips/pt
    u32::try_from(units.saturating_mul(u64::from(half_pt)) / 100).unwrap_or(u32::MAX)
}

fn line_units(line: &str, bold: bool) -> u64 {
    let table = if bold { &BOLD } else { &REGULAR };
    let mut total: u64 = 0;
    for c in line.nfd() {
        total += u64::from(advance(c, table));
    }
    total
}

fn advance(c: char, table: &[u16; 95]) -> u32 {
    match c {
        ' '..='~' => u32::from(table[c as usize - 0x20]),
        '\u{31b}' => HORN,
        '\u{300}'..='\u{36f}' => 0,
        'đ' => u32::from(table[usize::from(b'd') - 0x20]),
        'Đ' => u32::from(table[usize::from(b'D') - 0x20]),
        _ => 500,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn motto_widths_match_printed_documents() {
        // The slogan in 13 pt bold measures about 5.5 cm on printed documents.
        let w = width("Độc lập - Tự do - Hạnh phúc", 26, true);
        let cm = f64::from(w) / 1440.0 * 2.54;
        assert!((5.2..5.9).contains(&cm), "{cm}");
        // The national name in 12 pt bold fits a 9 cm column.
        let w = width("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 24, true);
        assert!(w < 9 * 567, "{w}");
    }

    #[test]
    fn longest_line_counts() {
        assert_eq!(width("", 28, false), 0);
        assert!(width("ab\nabcdef", 28, false) == width("abcdef", 28, false));
        assert!(width("SỞ", 26, true) > width("SỞ", 26, false) - 1);
    }
}
