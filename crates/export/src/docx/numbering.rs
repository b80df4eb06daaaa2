//! Heading numbers as plain text (I., 1., 1.1., a)): they survive copy and paste, PDF
//! conversion and every reader, where Word list numbering would not. Each level counts within
//! its parent and restarts when a higher level appears.

use super::model::HeadingLevel;

/// The letters NĐ 30 numbers points with: Vietnamese alphabet order, no f, j, w, z.
const LETTERS: [&str; 23] =
    ["a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p", "q", "r", "s", "t", "u", "v", "x", "y"];

/// Running heading counters.
#[derive(Debug, Default)]
pub(crate) struct Counters {
    roman: u32,
    arabic: u32,
    decimal: u32,
    letter: u32,
}

impl Counters {
    /// Counts a heading at `level` and returns its label ("II.", "3.", "3.2.", "b)").
    pub fn next(&mut self, level: HeadingLevel) -> String {
        match level {
            HeadingLevel::Roman => {
                self.roman = self.roman.saturating_add(1);
                (self.arabic, self.decimal, self.letter) = (0, 0, 0);
                format!("{}.", roman(self.roman))
            }
            HeadingLevel::Arabic => {
                self.arabic = self.arabic.saturating_add(1);
                (self.decimal, self.letter) = (0, 0);
                format!("{}.", self.arabic)
            }
            HeadingLevel::Decimal => {
                self.decimal = self.decimal.saturating_add(1);
                self.letter = 0;
                format!("{}.{}.", self.arabic, self.decimal)
            }
            HeadingLevel::Letter => {
                self.letter = self.letter.saturating_add(1);
                format!("{})", letter(self.letter))
            }
        }
    }
}

/// Roman numeral of `n` (1–3999); other values in Arabic digits.
pub(crate) fn roman(n: u32) -> String {
    if n == 0 || n > 3999 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n;
    let mut out = String::new();
    for (value, digits) in TABLE {
        while rest >= value {
            out.push_str(digits);
            rest -= value;
        }
    }
    out
}

/// Letter label of the `n`th point (1-based): a … y, then aa, ab … like spreadsheet columns.
pub(crate) fn letter(n: u32) -> String {
    let base = LETTERS.len() as u32;
    let mut n = n.max(1);
    let mut parts = Vec::new();
    while n > 0 {
        let i = (n - 1) % base;
        parts.push(LETTERS[i as usize]);
        n = (n - 1) / base;
    }
    parts.reverse();
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;
    use HeadingLevel::*;

    #[test]
    fn roman_numerals() {
        let cases = [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (40, "XL"), (1994, "MCMXCIV"), (3999, "MMMCMXCIX")];
        for (n, s) in cases {
            assert_eq!(roman(n), s);
        }
        assert_eq!(roman(0), "0");
        assert_eq!(roman(4000), "4000");
    }

    #[test]
    fn vietnamese_letters() {
        let first: Vec<String> = (1..=7).map(letter).collect();
        assert_eq!(first, ["a", "b", "c", "d", "đ", "e", "g"]);
        assert_eq!(letter(23), "y");
        assert_eq!(letter(24), "aa");
        assert_eq!(letter(0), "a");
    }

    #[test]
    fn levels_restart_under_their_parent() {
        let mut c = Counters::default();
        let got: Vec<String> =
            [Roman, Arabic, Decimal, Decimal, Letter, Letter, Arabic, Letter, Roman, Arabic, Decimal, Roman]
                .into_iter()
                .map(|l| c.next(l))
                .collect();
        assert_eq!(got, ["I.", "1.", "1.1.", "1.2.", "a)", "b)", "2.", "a)", "II.", "1.", "1.1.", "III."]);
    }
}
