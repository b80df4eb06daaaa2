//! The number line and the place and date line, written as NĐ 30 requires: numbers below 10
//! with a leading zero, days below 10 and the months January and February with a leading zero
//! ("ngày 05 tháng 02"), other months without ("tháng 6"). Drafts leave the number and the day
//! blank for the records office (văn thư) to fill in when the document is issued.

use chrono::{Datelike, NaiveDate};

/// Spaces left for a number the records office writes in.
const BLANK_NUMBER: &str = "        ";
/// Spaces left for a day the signer writes in.
const BLANK_DAY: &str = "      ";

/// "Số: 05/BC-SNV"; with no number yet, "Số:" followed by a blank the records office fills
/// ("Số:        /BC-SNV"). The symbol is upper-cased and loses its spaces.
pub fn number_line(number: Option<u32>, symbol: &str) -> String {
    let symbol: String = symbol.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
    let number = match number {
        Some(n) => format!("{n:02}"),
        None => BLANK_NUMBER.to_string(),
    };
    if symbol.is_empty() {
        format!("Số: {number}")
    } else {
        format!("Số: {number}/{symbol}")
    }
}

/// "Hà Tĩnh, ngày 05 tháng 02 năm 2025" ("Ngày …" when `place` is empty).
pub fn place_date(place: &str, date: NaiveDate) -> String {
    let day = format!("{:02}", date.day());
    with_place(place, &day, date.month(), date.year())
}

/// "Hà Tĩnh, ngày       tháng 6 năm 2025": the day left blank for the signer, as drafts are
/// written before the signing day is known. A month outside 1–12 is brought into range.
pub fn place_month(place: &str, year: i32, month: u32) -> String {
    with_place(place, BLANK_DAY, month.clamp(1, 12), year)
}

fn with_place(place: &str, day: &str, month: u32, year: i32) -> String {
    let month = if month <= 2 { format!("{month:02}") } else { month.to_string() };
    let place = place.trim();
    if place.is_empty() {
        format!("Ngày {day} tháng {month} năm {year}")
    } else {
        format!("{place}, ngày {day} tháng {month} năm {year}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn zero_padding_per_nd30() {
        let cases = [
            (d(2025, 6, 20), "Hà Tĩnh, ngày 20 tháng 6 năm 2025"),
            (d(2025, 2, 5), "Hà Tĩnh, ngày 05 tháng 02 năm 2025"),
            (d(2025, 1, 9), "Hà Tĩnh, ngày 09 tháng 01 năm 2025"),
            (d(2025, 3, 1), "Hà Tĩnh, ngày 01 tháng 3 năm 2025"),
            (d(2025, 10, 10), "Hà Tĩnh, ngày 10 tháng 10 năm 2025"),
            (d(2025, 12, 31), "Hà Tĩnh, ngày 31 tháng 12 năm 2025"),
        ];
        for (date, want) in cases {
            assert_eq!(place_date("Hà Tĩnh", date), want);
        }
        assert_eq!(place_date("  ", d(2025, 2, 5)), "Ngày 05 tháng 02 năm 2025");
    }

    #[test]
    fn blank_day_for_drafts() {
        assert_eq!(place_month("Hà Tĩnh", 2025, 6), format!("Hà Tĩnh, ngày {BLANK_DAY} tháng 6 năm 2025"));
        assert_eq!(place_month("Hà Tĩnh", 2025, 1), format!("Hà Tĩnh, ngày {BLANK_DAY} tháng 01 năm 2025"));
        assert!(place_month("X", 2025, 99).contains("tháng 12"));
    }

    #[test]
    fn number_lines() {
        assert_eq!(number_line(Some(125), "BC-SNV"), "Số: 125/BC-SNV");
        assert_eq!(number_line(Some(5), " bc - snv "), "Số: 05/BC-SNV");
        assert_eq!(number_line(None, "BC-SNV"), format!("Số: {BLANK_NUMBER}/BC-SNV"));
        assert_eq!(number_line(Some(7), ""), "Số: 07");
    }
}
