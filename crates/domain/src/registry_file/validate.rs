//! The rules a registry file must satisfy before anything is written (all problems are
//! collected): unique codes, known parents and successors, date order, a change only with an
//! end date, successors where the change needs them, shapes of reorganisations, successors
//! in force when they take over, no parent cycles.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;

use super::{Column, RowError, UnitRow};
use crate::unit::{validate_change, ChangeKind, Unit};

/// What validation knows about a code, from the file or the existing registry.
struct Known {
    parent: Option<String>,
    valid_from: Option<NaiveDate>,
    valid_to: Option<NaiveDate>,
}

fn vi(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Checks `rows` against each other and against the `existing` registry (rows whose code
/// exists update that unit).
pub fn validate(rows: &[UnitRow], existing: &[Unit]) -> Result<(), Vec<RowError>> {
    let mut errors: Vec<RowError> = Vec::new();
    let mut push = |line: usize, c: Column, message: String| {
        errors.push(RowError { line, column: Some(c.name().to_string()), message })
    };
    let id_code: HashMap<i64, &str> = existing.iter().map(|u| (u.id, u.code.as_str())).collect();
    let mut known: HashMap<String, Known> = existing
        .iter()
        .map(|u| {
            let parent = u.parent_id.and_then(|p| id_code.get(&p)).map(|c| (*c).to_string());
            (u.code.clone(), Known { parent, valid_from: u.valid_from, valid_to: u.valid_to })
        })
        .collect();
    let mut first_line: HashMap<&str, usize> = HashMap::new();
    for r in rows {
        match first_line.get(r.code.as_str()) {
            Some(l) => push(r.line, Column::Code, format!("mã «{}» trùng với dòng {l}", r.code)),
            None => {
                first_line.insert(&r.code, r.line);
                known.insert(
                    r.code.clone(),
                    Known { parent: r.parent_code.clone(), valid_from: r.valid_from, valid_to: r.valid_to },
                );
            }
        }
    }
    for r in rows {
        check_row(r, &known, &mut push);
    }
    check_cycles(rows, &known, &mut push);
    check_change_shapes(rows, &mut push);
    if errors.is_empty() {
        Ok(())
    } else {
        errors.sort_by_key(|e| e.line);
        Err(errors)
    }
}

fn check_row(r: &UnitRow, known: &HashMap<String, Known>, push: &mut impl FnMut(usize, Column, String)) {
    if let Some(p) = &r.parent_code {
        if *p == r.code {
            push(r.line, Column::ParentCode, "một đơn vị không thể là đơn vị cha của chính nó".to_string());
        } else if !known.contains_key(p) {
            push(r.line, Column::ParentCode, format!("mã đơn vị cha «{p}» không có trong tệp hoặc trong danh mục"));
        }
    }
    if let (Some(f), Some(t)) = (r.valid_from, r.valid_to) {
        if f > t {
            push(r.line, Column::ValidTo, format!("ngày hết hiệu lực {} trước ngày bắt đầu hiệu lực {}", vi(t), vi(f)));
        }
    }
    check_change(r, push);
    check_successors(r, known, push);
}

/// A change needs an end date; merges, splits and renames need successors, dissolutions
/// have none; successors need a change.
fn check_change(r: &UnitRow, push: &mut impl FnMut(usize, Column, String)) {
    if r.change.is_some() && r.valid_to.is_none() {
        push(r.line, Column::ValidTo, "có hình thức thay đổi nhưng thiếu ngày hết hiệu lực (`valid_to`)".to_string());
    }
    match r.change {
        Some(c @ (ChangeKind::Merge | ChangeKind::Split | ChangeKind::Rename)) if r.successor_codes.is_empty() => {
            push(r.line, Column::SuccessorCodes, format!("hình thức «{}» cần đơn vị kế thừa", c.code()));
        }
        Some(ChangeKind::Dissolve) if !r.successor_codes.is_empty() => {
            push(
                r.line,
                Column::SuccessorCodes,
                "giải thể (dissolve) không có đơn vị kế thừa; dùng merge, split hoặc rename".to_string(),
            );
        }
        None if !r.successor_codes.is_empty() => {
            push(r.line, Column::Change, "có đơn vị kế thừa nhưng thiếu hình thức thay đổi (`change`)".to_string());
        }
        _ => {}
    }
}

/// Successors exist, are not the unit itself, and are in force the day after `valid_to`.
fn check_successors(r: &UnitRow, known: &HashMap<String, Known>, push: &mut impl FnMut(usize, Column, String)) {
    let effective = r.valid_to.and_then(|t| t.succ_opt());
    for s in &r.successor_codes {
        if *s == r.code {
            push(r.line, Column::SuccessorCodes, "một đơn vị không thể kế thừa chính nó".to_string());
            continue;
        }
        let Some(k) = known.get(s) else {
            push(
                r.line,
                Column::SuccessorCodes,
                format!("mã đơn vị kế thừa «{s}» không có trong tệp hoặc trong danh mục"),
            );
            continue;
        };
        let Some(e) = effective else { continue };
        if k.valid_from.is_some_and(|f| f > e) {
            push(
                r.line,
                Column::SuccessorCodes,
                format!("đơn vị kế thừa «{s}» chưa có hiệu lực vào ngày {} (ngày sau `valid_to`)", vi(e)),
            );
        } else if k.valid_to.is_some_and(|t| t < e) {
            push(
                r.line,
                Column::SuccessorCodes,
                format!("đơn vị kế thừa «{s}» đã hết hiệu lực trước ngày {} (ngày sau `valid_to`)", vi(e)),
            );
        }
    }
}

/// Reports each row whose parent chain loops back.
fn check_cycles(rows: &[UnitRow], known: &HashMap<String, Known>, push: &mut impl FnMut(usize, Column, String)) {
    for r in rows {
        let mut chain: Vec<&str> = vec![&r.code];
        let mut cur = r.parent_code.as_deref();
        while let Some(c) = cur {
            if c == r.code {
                chain.push(c);
                push(r.line, Column::ParentCode, format!("vòng lặp đơn vị cha: {}", chain.join(" → ")));
                break;
            }
            if chain.contains(&c) || chain.len() > 64 {
                break; // a loop above this row, reported on its own rows
            }
            chain.push(c);
            cur = known.get(c).and_then(|k| k.parent.as_deref());
        }
    }
}

/// Rows ending the same day with the same change kind and successors form one
/// reorganisation; its shape must be valid (e.g. a merge has exactly one successor).
fn check_change_shapes(rows: &[UnitRow], push: &mut impl FnMut(usize, Column, String)) {
    let mut groups: BTreeMap<(NaiveDate, &str, Vec<&str>), Vec<&UnitRow>> = BTreeMap::new();
    for r in rows {
        let (Some(kind), Some(to)) = (r.change, r.valid_to) else {
            continue;
        };
        if r.successor_codes.is_empty() {
            continue; // reported by check_row, or a dissolution
        }
        let mut succ: Vec<&str> = r.successor_codes.iter().map(String::as_str).collect();
        succ.sort_unstable();
        groups.entry((to, kind.code(), succ)).or_default().push(r);
    }
    for ((_, _, _), members) in groups {
        let Some(first) = members.first() else {
            continue;
        };
        let Some(kind) = first.change else { continue };
        let preds: Vec<i64> = (0..members.len() as i64).collect();
        let succs: Vec<i64> = (100_000..100_000 + first.successor_codes.len() as i64).collect();
        if let Err(e) = validate_change(kind, &preds, &succs) {
            for r in &members {
                push(r.line, Column::SuccessorCodes, format!("thay đổi «{}» không hợp lệ: {e}", kind.code()));
            }
        }
    }
}
