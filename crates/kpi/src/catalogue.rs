//! Procedure catalogue (danh mục TTHC): code, name, level, fee, full-online eligibility and
//! online levels offered; read from CSV or XLSX with English or Vietnamese headers.

use std::collections::HashMap;

use cchc_domain::text::{clean, fold};

use crate::read::fields::parse_bool;
use crate::read::{Issue, IssueKind, ReadError};
use cchc_domain::kpi::record::OnlineLevel;
pub use cchc_domain::kpi::Procedure;

/// The catalogue, by code.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub procedures: HashMap<String, Procedure>,
}

#[derive(Clone, Copy, PartialEq)]
enum PCol {
    Code,
    Name,
    Level,
    Fee,
    Eligible,
    Levels,
}

fn pcol(h: &str) -> Option<PCol> {
    let k: String = fold(h).chars().filter(|c| !matches!(c, ' ' | '_' | '-' | '.')).collect();
    Some(match k.as_str() {
        "code" | "matthc" | "mathutuc" | "procedurecode" => PCol::Code,
        "name" | "tentthc" | "tenthutuc" => PCol::Name,
        "level" | "capthuchien" | "cap" => PCol::Level,
        "fee" | "cophi" | "philephi" | "feebearing" => PCol::Fee,
        "fullonlineeligible" | "dudieukientoantrinh" | "toantrinh" => PCol::Eligible,
        "onlinelevels" | "mucdodvc" | "mucdo" | "hinhthuc" => PCol::Levels,
        _ => return None,
    })
}

fn levels(v: &str) -> Vec<OnlineLevel> {
    let f = fold(v);
    let mut out = Vec::new();
    if f.contains("toan trinh") || f.contains("full") || f.split([';', ',', ' ']).any(|p| p == "4") {
        out.push(OnlineLevel::Full);
    }
    if f.contains("mot phan") || f.contains("partial") || f.split([';', ',', ' ']).any(|p| p == "3") {
        out.push(OnlineLevel::Partial);
    }
    out
}

impl Catalogue {
    /// Builds from a list.
    pub fn from_procedures(list: impl IntoIterator<Item = Procedure>) -> Catalogue {
        Catalogue { procedures: list.into_iter().map(|p| (p.code.clone(), p)).collect() }
    }

    /// Looks a procedure up.
    pub fn get(&self, code: &str) -> Option<&Procedure> {
        self.procedures.get(code)
    }

    /// Reads rows of text cells (header first); bad rows are reported, good ones kept.
    pub fn from_rows(rows: &[(u64, Vec<String>)]) -> Result<(Catalogue, Vec<Issue>), ReadError> {
        let Some(((_, header), body)) = rows.split_first() else {
            return Err(ReadError::Header("danh mục trống".into()));
        };
        let cols: Vec<Option<PCol>> = header.iter().map(|h| pcol(h)).collect();
        if !cols.contains(&Some(PCol::Code)) {
            return Err(ReadError::Header("thiếu cột mã TTHC".into()));
        }
        let mut cat = Catalogue::default();
        let mut issues = Vec::new();
        for (line, cells) in body {
            let mut p = Procedure::default();
            let mut err = None;
            for (c, v) in cols.iter().zip(cells) {
                match c {
                    Some(PCol::Code) => p.code = v.trim().to_string(),
                    Some(PCol::Name) => p.name = clean(v),
                    Some(PCol::Level) => p.level = clean(v),
                    Some(PCol::Fee) => match v.trim().parse::<u64>() {
                        Ok(n) => p.fee = n > 0,
                        Err(_) => match parse_bool(v) {
                            Some(b) => p.fee = b,
                            None => err = Some(format!("cột phí không hợp lệ: «{v}»")),
                        },
                    },
                    Some(PCol::Eligible) => match parse_bool(v) {
                        Some(b) => p.full_online_eligible = b,
                        None => err = Some(format!("cột toàn trình không hợp lệ: «{v}»")),
                    },
                    Some(PCol::Levels) => p.online_levels = levels(v),
                    None => {}
                }
            }
            if p.code.is_empty() {
                err = err.or(Some("thiếu mã TTHC".into()));
            }
            match err {
                Some(message) => issues.push(Issue { line: *line, code: None, kind: IssueKind::Malformed, message }),
                None => {
                    cat.procedures.insert(p.code.clone(), p);
                }
            }
        }
        Ok((cat, issues))
    }

    /// Reads a CSV catalogue (`,` `;` or tab separated; simple quotes).
    pub fn read_csv(bytes: &[u8]) -> Result<(Catalogue, Vec<Issue>), ReadError> {
        let text = std::str::from_utf8(bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes))
            .map_err(|_| ReadError::Header("tệp không phải UTF-8".into()))?;
        let delim = if text.lines().next().is_some_and(|h| h.contains(';') && !h.contains(',')) { ';' } else { ',' };
        let rows: Vec<(u64, Vec<String>)> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| (i as u64 + 1, split_simple(l, delim)))
            .collect();
        Self::from_rows(&rows)
    }

    /// Reads the first sheet of an XLSX catalogue.
    pub fn read_xlsx(bytes: &[u8]) -> Result<(Catalogue, Vec<Issue>), ReadError> {
        Self::from_rows(&crate::read::xlsx::sheet_rows(bytes)?)
    }

    /// Writes the catalogue as CSV (the format [`Catalogue::read_csv`] reads).
    pub fn to_csv(&self) -> String {
        let mut out = String::from("code,name,level,fee,full_online_eligible,online_levels\n");
        let mut list: Vec<&Procedure> = self.procedures.values().collect();
        list.sort_by(|a, b| a.code.cmp(&b.code));
        for p in list {
            let lv: Vec<&str> =
                p.online_levels.iter().map(|l| if *l == OnlineLevel::Full { "full" } else { "partial" }).collect();
            out.push_str(&format!(
                "{},\"{}\",{},{},{},{}\n",
                p.code,
                p.name.replace('"', "\"\""),
                p.level,
                u8::from(p.fee),
                u8::from(p.full_online_eligible),
                lv.join(";")
            ));
        }
        out
    }
}

/// Splits a line on `delim`, honouring double quotes (no embedded newlines).
pub(crate) fn split_simple(line: &str, delim: char) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut q = false;
    let mut chars = line.trim_end_matches('\r').chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if q && chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            '"' => q = !q,
            c if c == delim && !q => out.push(std::mem::take(&mut cur)),
            c => cur.push(c),
        }
    }
    out.push(cur);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_csv_both_vocabularies_and_round_trips() {
        let s = "MaTTHC;TenTTHC;CapThucHien;CoPhi;DuDieuKienToanTrinh;MucDoDVC\n\
                 1.001;Cấp giấy phép;Tỉnh;50000;có;Toàn trình\n\
                 1.002;\"Đăng ký; khai sinh\";Xã;0;không;Một phần\n\
                 ;Không mã;Xã;0;0;\n\
                 1.003;Sai;Xã;abc;0;\n";
        let (cat, issues) = Catalogue::read_csv(s.as_bytes()).unwrap();
        assert_eq!(cat.procedures.len(), 2);
        let p = cat.get("1.001").unwrap();
        assert!(p.fee && p.full_online_eligible);
        assert_eq!(p.online_levels, vec![OnlineLevel::Full]);
        assert_eq!(cat.get("1.002").unwrap().name, "Đăng ký; khai sinh");
        assert_eq!(issues.iter().map(|i| i.line).collect::<Vec<_>>(), [4, 5]);
        let (again, none) = Catalogue::read_csv(cat.to_csv().as_bytes()).unwrap();
        assert!(none.is_empty());
        assert_eq!(again.get("1.001"), cat.get("1.001"));
        assert_eq!(again.get("1.002"), cat.get("1.002"));
    }
}
