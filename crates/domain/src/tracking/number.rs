//! Numbers typed the Vietnamese way (`88,18`, `1.234`, `1.234,5`) or the English way (`88.18`,
//! `1,234.5`), as users copy them from documents and spreadsheets.
//!
//! Reading rules, in order:
//! - spaces (also non-breaking) are ignored, one trailing `%` is allowed, a leading sign too;
//! - with both `.` and `,`, the last one is the decimal mark and the other groups thousands;
//! - several of the same mark group thousands (`1.234.567`, `1,234,567`);
//! - a single `,` is the decimal mark (`88,18`; `1,234` is 1,234 the Vietnamese way);
//! - a single `.` groups thousands when exactly three digits follow and the part before is
//!   1–3 digits not starting with 0 (`1.234` = 1234, `100.000` = 100000); otherwise it is the
//!   decimal mark (`88.18`, `0.123`, `12.5`).

/// Why a text is not a number; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    #[error("Cần nhập số.")]
    Empty,
    #[error("Không đọc được số «{0}»; hãy nhập dạng 88,18 hoặc 1.234.")]
    Invalid(String),
}

/// Reads a number written with Vietnamese or English separators (see the module rules).
pub fn parse_number(text: &str) -> Result<f64, NumberError> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.is_empty() {
        return Err(NumberError::Empty);
    }
    let invalid = || NumberError::Invalid(text.trim().to_string());
    let body = compact.strip_suffix('%').unwrap_or(&compact);
    let (negative, digits) = match body.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, body.strip_prefix('+').unwrap_or(body)),
    };
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',') {
        return Err(invalid());
    }
    let (int_part, frac_part) = split_marks(digits).ok_or_else(invalid)?;
    let mut plain = int_part;
    if let Some(frac) = frac_part {
        plain.push('.');
        plain.push_str(&frac);
    }
    let value: f64 = plain.parse().map_err(|_| invalid())?;
    if !value.is_finite() {
        return Err(invalid());
    }
    Ok(if negative { -value } else { value })
}

/// The integer digits (grouping removed) and the fraction digits, or `None` when the marks
/// do not make sense.
fn split_marks(s: &str) -> Option<(String, Option<String>)> {
    let dots = s.matches('.').count();
    let commas = s.matches(',').count();
    let (decimal, group) = match (dots, commas) {
        (0, 0) => return digits_only(s).then(|| (s.to_string(), None)),
        (_, 0) if dots > 1 => (None, Some('.')),
        (0, _) if commas > 1 => (None, Some(',')),
        (0, 1) => (Some(','), None),
        (1, 0) => {
            let (a, b) = s.split_once('.')?;
            let grouping = b.len() == 3 && (1..=3).contains(&a.len()) && !a.starts_with('0');
            if grouping {
                (None, Some('.'))
            } else {
                (Some('.'), None)
            }
        }
        _ => {
            let last_dot = s.rfind('.')?;
            let last_comma = s.rfind(',')?;
            if last_dot > last_comma {
                (Some('.'), Some(','))
            } else {
                (Some(','), Some('.'))
            }
        }
    };
    let (int_raw, frac) = match decimal {
        Some(mark) => {
            let (a, b) = s.rsplit_once(mark)?;
            if b.is_empty() || !digits_only(b) {
                return None;
            }
            (a, Some(b.to_string()))
        }
        None => (s, None),
    };
    let int = match group {
        Some(mark) => ungroup(int_raw, mark)?,
        None => int_raw.to_string(),
    };
    (!int.is_empty() && digits_only(&int)).then_some((int, frac))
}

/// `1.234.567` → `1234567` when every group after the first has three digits.
fn ungroup(s: &str, mark: char) -> Option<String> {
    let mut parts = s.split(mark);
    let first = parts.next()?;
    if first.is_empty() || first.len() > 3 {
        return None;
    }
    let mut out = first.to_string();
    for p in parts {
        if p.len() != 3 {
            return None;
        }
        out.push_str(p);
    }
    Some(out)
}

fn digits_only(s: &str) -> bool {
    !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
}
