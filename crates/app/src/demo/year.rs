//! The demo's documents moved to the current year: the seed plan is Hà Tĩnh's plan for 2025,
//! so its dates are rewritten into the year of `tracking::today()` before it is imported, and
//! every page says so (the `org.notice` banner).

/// The plan year of the demo's seed documents (seed 001 is the plan for 2025; the directive
/// is dated 2025).
pub const SEED_YEAR: i32 = 2025;

/// The settings key of the banner shown on every page to logged-in users.
pub const NOTICE_KEY: &str = "org.notice";

/// `text` with every year from `plan - 1` to `plan + 1` moved by `by` years. Only a run of
/// exactly four digits is a year, so document numbers (`3098/QĐ-UBND`), other years
/// (`2021-2030`) and longer numbers stay as they are.
pub fn shift_years(text: &str, plan: i32, by: i32) -> String {
    if by == 0 {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut digits = String::new();
    let flush = |digits: &mut String, out: &mut String| {
        match digits.parse::<i32>() {
            Ok(y) if digits.len() == 4 && (plan - 1..=plan + 1).contains(&y) => out.push_str(&(y + by).to_string()),
            _ => out.push_str(digits),
        }
        digits.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
        } else {
            flush(&mut digits, &mut out);
            out.push(c);
        }
    }
    flush(&mut digits, &mut out);
    out
}

/// A seed document's bytes moved into `year` (UTF-8 text only; anything else unchanged).
pub fn shifted_document(bytes: &[u8], year: i32) -> Vec<u8> {
    match std::str::from_utf8(bytes) {
        Ok(text) => shift_years(text, SEED_YEAR, year - SEED_YEAR).into_bytes(),
        Err(_) => bytes.to_vec(),
    }
}

/// The banner text: what the data is and how its dates were moved.
pub fn notice(year: i32) -> String {
    if year == SEED_YEAR {
        format!("Dữ liệu mẫu: kế hoạch năm {SEED_YEAR} của tỉnh Hà Tĩnh, tiến độ mô phỏng đến hôm nay")
    } else {
        format!(
            "Dữ liệu mẫu: kế hoạch năm {SEED_YEAR} của tỉnh Hà Tĩnh, ngày tháng dời sang năm {year} để minh họa; \
             tiến độ mô phỏng đến hôm nay"
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_plan_years_move() {
        let t = "Số: 3098/QĐ-UBND, ngày 31/12/2024; Kế hoạch năm 2025 (20/3/2025), đầu năm 2026; \
                 giai đoạn 2021-2030; mã 120251; 2025";
        assert_eq!(
            shift_years(t, 2025, 1),
            "Số: 3098/QĐ-UBND, ngày 31/12/2025; Kế hoạch năm 2026 (20/3/2026), đầu năm 2027; \
             giai đoạn 2021-2030; mã 120251; 2026"
        );
        assert_eq!(shift_years(t, 2025, 0), t);
        assert_eq!(shift_years("năm 2025", 2025, -1), "năm 2024");
    }

    #[test]
    fn the_seed_plan_is_of_the_seed_year_and_moves_whole() {
        let bytes = super::super::SEED_DOCUMENTS[0].1;
        let moved = String::from_utf8(shifted_document(bytes, 2027)).unwrap_or_default();
        assert!(moved.contains("KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH HÀ TĨNH NĂM 2027"), "title moved");
        assert!(moved.contains("ngày 31 tháng 12 năm 2026"), "date of issue moved");
        assert!(!moved.contains("năm 2025"), "no date of the seed year is left");
        assert!(notice(2027).contains("năm 2025") && notice(2027).contains("sang năm 2027"));
        assert!(!notice(SEED_YEAR).contains("dời"));
    }
}
