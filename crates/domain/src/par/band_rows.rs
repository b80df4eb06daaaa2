//! The rows of the band form (one band a row: label, lower bound in percent) read into bands,
//! with every problem named by its row, and the problems of a band set read from a file.
//!
//! Rules chosen where the domain is silent:
//! - A row with neither label nor bound is skipped (the form offers blank rows to add bands).
//! - Two bands may share neither a label nor a lower bound; the second one is the row named.
//! - The set-wide checks of [`BandSet::problems`] run only once every row is sound, so one
//!   mistake is never reported twice.

use std::collections::HashMap;

use super::bands::{Band, BandSet};
use super::points::Points;

/// One typed row: its number as shown (from 1), the label and the bound as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BandRow {
    pub line: usize,
    pub label: String,
    pub min: String,
}

/// Reads the typed rows into bands; `Err` lists every problem, each with its row.
pub fn parse_band_rows(rows: &[BandRow]) -> Result<Vec<Band>, Vec<String>> {
    let mut bands = Vec::new();
    let mut errors = Vec::new();
    let mut by_min: HashMap<Points, usize> = HashMap::new();
    let mut by_label: HashMap<String, usize> = HashMap::new();
    for r in rows {
        let (label, min) = (r.label.trim(), r.min.trim());
        if label.is_empty() && min.is_empty() {
            continue;
        }
        let n = r.line;
        if label.is_empty() {
            errors.push(format!("Dòng {n}: chưa có tên mức xếp loại."));
        } else if let Some(first) = by_label.insert(label.to_lowercase(), n) {
            errors.push(format!("Dòng {n}: trùng tên mức «{label}» với dòng {first}."));
        }
        let bound = match Points::parse(min) {
            _ if min.is_empty() => {
                errors.push(format!("Dòng {n}: chưa có ngưỡng (chỉ số tối thiểu, %)."));
                None
            }
            Ok(p) if p < Points::ZERO || p > Points::HUNDRED => {
                errors.push(format!("Dòng {n}: ngưỡng {p}% phải từ 0 đến 100."));
                None
            }
            Ok(p) => Some(p),
            Err(_) => {
                errors.push(format!("Dòng {n}: ngưỡng «{min}» không phải là số (ví dụ 80 hoặc 72,5)."));
                None
            }
        };
        if let Some(p) = bound {
            if let Some(first) = by_min.insert(p, n) {
                errors.push(format!("Dòng {n}: trùng ngưỡng {p}% với dòng {first}."));
            }
            bands.push(Band { label: label.to_string(), min: p });
        }
    }
    if errors.is_empty() {
        Ok(bands)
    } else {
        Err(errors)
    }
}

/// The problems of a whole band set (from the form or a file): each band's own, named by its
/// position, then the set-wide ones.
pub fn band_set_problems(set: &BandSet) -> Vec<String> {
    let rows: Vec<BandRow> = set
        .bands
        .iter()
        .enumerate()
        .map(|(i, b)| BandRow { line: i + 1, label: b.label.clone(), min: b.min.to_string() })
        .collect();
    let mut out = Vec::new();
    if set.name.trim().is_empty() {
        out.push("Cần nhập tên bộ mức xếp loại.".to_string());
    }
    if set.code.trim().is_empty() {
        out.push("Cần mã bộ mức xếp loại.".to_string());
    }
    match parse_band_rows(&rows) {
        Err(e) => out.extend(e),
        Ok(_) => out.extend(set.problems()),
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(line: usize, label: &str, min: &str) -> BandRow {
        BandRow { line, label: label.into(), min: min.into() }
    }

    #[test]
    fn rows_become_bands_and_blank_rows_are_skipped() {
        let rows = [row(1, "Tốt", "85"), row(2, " Khá ", "72,5"), row(3, "", " "), row(4, "Yếu", "0")];
        let bands = parse_band_rows(&rows).unwrap_or_default();
        let got: Vec<(&str, Points)> = bands.iter().map(|b| (b.label.as_str(), b.min)).collect();
        assert_eq!(got, vec![("Tốt", Points::whole(85)), ("Khá", Points(7_250)), ("Yếu", Points::ZERO)]);
    }

    #[test]
    fn every_row_problem_is_named_by_its_row() {
        let rows = [
            row(1, "Tốt", "80"),
            row(2, "", "70"),
            row(3, "Khá", "bảy mươi"),
            row(4, "Trung bình", "120"),
            row(5, "tốt", "50"),
            row(6, "Yếu", "80"),
            row(7, "Kém", ""),
        ];
        assert_eq!(
            parse_band_rows(&rows),
            Err(vec![
                "Dòng 2: chưa có tên mức xếp loại.".to_string(),
                "Dòng 3: ngưỡng «bảy mươi» không phải là số (ví dụ 80 hoặc 72,5).".to_string(),
                "Dòng 4: ngưỡng 120% phải từ 0 đến 100.".to_string(),
                "Dòng 5: trùng tên mức «tốt» với dòng 1.".to_string(),
                "Dòng 6: trùng ngưỡng 80% với dòng 1.".to_string(),
                "Dòng 7: chưa có ngưỡng (chỉ số tối thiểu, %).".to_string(),
            ])
        );
    }

    #[test]
    fn set_problems_follow_row_problems() {
        let mut set = crate::par::bands_template().unwrap_or_else(|e| panic!("{e}"));
        assert!(band_set_problems(&set).is_empty());
        set.bands.retain(|b| b.min > Points::ZERO);
        assert_eq!(band_set_problems(&set), vec!["Chỉ số dưới 50% sẽ không được xếp loại.".to_string()]);
        set.bands.push(Band { label: "Tốt".into(), min: Points::whole(10) });
        set.name = " ".into();
        assert_eq!(
            band_set_problems(&set),
            vec!["Cần nhập tên bộ mức xếp loại.".to_string(), "Dòng 4: trùng tên mức «Tốt» với dòng 1.".to_string()]
        );
        set.bands.clear();
        set.name = "X".into();
        assert_eq!(band_set_problems(&set), vec!["Chưa có mức xếp loại nào.".to_string()]);
    }
}
