//! Funding cells of plan tables (`380`, `1,5 tỷ đồng`, `Theo dự toán được cấp`, a legal
//! citation) read into an amount in million VND and an allocation kind. The original text is
//! always kept.

use serde::{Deserialize, Serialize};

use crate::text::{clean, fold};

/// What a funding cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BudgetKind {
    /// An amount (`380`, `200 triệu`, `1,5 tỷ đồng`).
    Amount,
    /// Within the budget already allocated (`Theo dự toán được cấp`, `dự toán được giao`).
    Allocated,
    /// A funding source without an amount (`Ngân sách tỉnh`, `nguồn kinh phí …`, `Đầu tư công`).
    Source,
    /// A legal basis for the spending (`Thông tư số 92/2021/TT-BTC …`).
    Citation,
    /// Empty or not recognised.
    Unspecified,
}

/// The unit a bare number is in, usually stated in the column header (`Kinh phí (triệu đồng)`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AmountUnit {
    Dong,
    Thousand,
    #[default]
    Million,
    Billion,
}

impl AmountUnit {
    fn to_million(self) -> f64 {
        match self {
            AmountUnit::Dong => 1e-6,
            AmountUnit::Thousand => 1e-3,
            AmountUnit::Million => 1.0,
            AmountUnit::Billion => 1e3,
        }
    }

    /// The unit named in a header such as `Kinh phí (triệu đồng)`, if any.
    pub fn from_header(header: &str) -> Option<AmountUnit> {
        let f = fold(header);
        if f.contains("ty dong") {
            Some(AmountUnit::Billion)
        } else if f.contains("trieu") {
            Some(AmountUnit::Million)
        } else if f.contains("nghin") || f.contains("ngan dong") {
            Some(AmountUnit::Thousand)
        } else if f.contains("(dong)") || f.contains("don vi: dong") || f.contains("vnd") {
            Some(AmountUnit::Dong)
        } else {
            None
        }
    }
}

/// A parsed funding cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Budget {
    pub text: String,
    pub kind: BudgetKind,
    /// Amount in million VND, when one is stated.
    pub million_vnd: Option<f64>,
    /// Named funding source (`ngân sách tỉnh`), when one is stated.
    pub source: Option<String>,
}

/// Parses a funding cell; a bare number is read in `unit` (million VND unless the header says).
pub fn parse_budget(text: &str, unit: AmountUnit) -> Budget {
    let text = clean(text);
    let f = fold(&text);
    let mut b = Budget { text: text.clone(), kind: BudgetKind::Unspecified, million_vnd: None, source: None };
    if f.is_empty() {
        return b;
    }
    if is_citation(&f) {
        b.kind = BudgetKind::Citation;
        return b;
    }
    if let Some(m) = amount(&f, unit) {
        b.kind = BudgetKind::Amount;
        b.million_vnd = Some(m);
        b.source = source_phrase(&text, &f);
        return b;
    }
    if f.contains("du toan") && !f.contains("nguon") {
        b.kind = BudgetKind::Allocated;
        return b;
    }
    let sources = [
        "ngan sach",
        "nguon",
        "kinh phi",
        "von",
        "chi thuong xuyen",
        "dau tu cong",
        "xa hoi hoa",
        "tai tro",
        "du toan",
    ];
    if sources.iter().any(|s| f.contains(s)) {
        b.kind = BudgetKind::Source;
        b.source = Some(text);
    }
    b
}

fn is_citation(f: &str) -> bool {
    let heads = ["thong tu", "nghi dinh", "quyet dinh", "nghi quyet", "cong van", "ke hoach so"];
    heads.iter().any(|h| f.starts_with(h) || f.contains(&format!("{h} so"))) || (f.contains(" so ") && f.contains('/'))
}

/// The first number in the cell with its unit word, in million VND.
fn amount(f: &str, unit: AmountUnit) -> Option<f64> {
    let bytes = f.as_bytes();
    let start = bytes.iter().position(|b| b.is_ascii_digit())?;
    let mut end = start;
    while end < bytes.len() && (bytes[end].is_ascii_digit() || matches!(bytes[end], b'.' | b',' | b' ')) {
        end += 1;
    }
    let raw = f.get(start..end)?.trim_end_matches([' ', '.', ',']);
    let raw = raw.split(' ').next().unwrap_or(raw);
    let value = number(raw)?;
    let rest = f.get(start + raw.len()..).unwrap_or_default().trim_start();
    let word_unit = if rest.starts_with("ty") {
        Some(AmountUnit::Billion)
    } else if rest.starts_with("trieu") || rest.starts_with("tr.") || rest.starts_with("tr ") {
        Some(AmountUnit::Million)
    } else if rest.starts_with("nghin") || rest.starts_with("ngan") {
        Some(AmountUnit::Thousand)
    } else if rest.starts_with("dong") || rest.starts_with("vnd") || rest.starts_with("d ") || rest == "d" {
        Some(AmountUnit::Dong)
    } else {
        None
    };
    // A number followed by other words (`02 đợt`, `Quý 2`) is not an amount.
    let before = f.get(..start).unwrap_or_default().trim();
    if word_unit.is_none() && (!rest.is_empty() && !rest.starts_with('(') || !before.is_empty()) {
        return None;
    }
    Some(value * word_unit.unwrap_or(unit).to_million())
}

/// Vietnamese number: `.` groups thousands, `,` marks decimals (`1.500`, `1,5`, `2.000,5`).
fn number(raw: &str) -> Option<f64> {
    let groups_of_three = |s: &str| s.split('.').skip(1).all(|g| g.len() == 3);
    let normal = if raw.contains(',') {
        raw.replace('.', "").replace(',', ".")
    } else if raw.contains('.') && groups_of_three(raw) {
        raw.replace('.', "")
    } else {
        raw.to_string()
    };
    normal.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn source_phrase(text: &str, f: &str) -> Option<String> {
    let at = ["ngan sach", "nguon", "von "].iter().filter_map(|k| f.find(k)).min()?;
    // `fold` keeps one char per char for Vietnamese letters, so char offsets line up.
    let n = f[..at].chars().count();
    let s: String = text.chars().skip(n).collect();
    Some(s.trim().to_string()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_and_kinds() {
        let cases: &[(&str, BudgetKind, Option<f64>)] = &[
            ("380", BudgetKind::Amount, Some(380.0)),
            ("0", BudgetKind::Amount, Some(0.0)),
            ("1.500", BudgetKind::Amount, Some(1500.0)),
            ("1,5 tỷ đồng", BudgetKind::Amount, Some(1500.0)),
            ("200 triệu", BudgetKind::Amount, Some(200.0)),
            ("500.000.000 đồng", BudgetKind::Amount, Some(500.0)),
            ("Theo dự toán được cấp", BudgetKind::Allocated, None),
            ("Ngân sách tỉnh", BudgetKind::Source, None),
            ("Thông tư số 92/2021/TT-BTC ngày 28/10/2021", BudgetKind::Citation, None),
            ("", BudgetKind::Unspecified, None),
        ];
        for (text, kind, m) in cases {
            let b = parse_budget(text, AmountUnit::Million);
            assert_eq!((b.kind, b.million_vnd), (*kind, *m), "{text}");
            assert_eq!(b.text, *text);
        }
    }

    #[test]
    fn header_units() {
        assert_eq!(AmountUnit::from_header("Kinh phí (triệu đồng)"), Some(AmountUnit::Million));
        assert_eq!(AmountUnit::from_header("Kinh phí (nghìn đồng)"), Some(AmountUnit::Thousand));
        assert_eq!(parse_budget("250", AmountUnit::Thousand).million_vnd, Some(0.25));
    }
}
