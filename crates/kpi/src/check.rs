//! Batch checks after reading: finish before receipt, unknown units and procedures, missing
//! appointment, duplicate dossier codes (the newest version wins), then the error policy.

use std::collections::HashSet;

use crate::fx::FxMap;

use crate::read::{Batch, ErrorPolicy, Issue, IssueKind, ReadError};

/// The known units and procedures; `None` skips that check.
#[derive(Debug, Clone, Default)]
pub struct Known {
    pub units: Option<HashSet<String>>,
    pub procedures: Option<HashSet<String>>,
}

/// Checks a batch. Rows with errors are dropped and reported; of several rows with the same
/// dossier code the one with the latest `updated` wins, ties going to the later row, and the
/// others are reported as [`IssueKind::Duplicate`]. With [`ErrorPolicy::RejectBatch`] any error
/// refuses the batch.
pub fn check_batch(batch: Batch, known: &Known, policy: ErrorPolicy) -> Result<Batch, ReadError> {
    let Batch { records, lines, mut issues } = batch;
    let mut keep = vec![true; records.len()];
    let mut winner: FxMap<&str, usize> = FxMap::default();
    winner.reserve(records.len());
    for (i, r) in records.iter().enumerate() {
        let mut flag = |kind: IssueKind, message: String| {
            issues.push(Issue { line: lines[i], code: Some(r.code.clone()), kind, message })
        };
        if r.finished.is_some_and(|f| f < r.received) {
            flag(IssueKind::FinishBeforeReceipt, "ngày kết thúc xử lý trước ngày tiếp nhận".into());
        }
        if known.units.as_ref().is_some_and(|u| !u.contains(&r.unit)) {
            flag(IssueKind::UnknownUnit, format!("đơn vị «{}» không có trong danh sách", r.unit));
        }
        if known.procedures.as_ref().is_some_and(|p| !p.contains(&r.procedure)) {
            flag(IssueKind::UnknownProcedure, format!("TTHC «{}» không có trong danh mục", r.procedure));
        }
        if r.due.is_none() {
            flag(IssueKind::MissingDue, "không có ngày hẹn trả: không xét trước/đúng/quá hạn".into());
        }
        let dropped = issues.iter().rev().take_while(|x| x.line == lines[i]).any(|x| x.kind.drops_row());
        if dropped {
            keep[i] = false;
            continue;
        }
        if let Some(&j) = winner.get(r.code.as_str()) {
            let older = if records[j].updated > r.updated { i } else { j };
            keep[older] = false;
            issues.push(Issue {
                line: lines[older],
                code: Some(r.code.clone()),
                kind: IssueKind::Duplicate,
                message: format!("mã hồ sơ trùng trong lô; dùng bản mới hơn ở dòng {}", lines[i + j - older]),
            });
            winner.insert(&r.code, i + j - older);
        } else {
            winner.insert(&r.code, i);
        }
    }
    drop(winner);
    let errors: Vec<Issue> = issues.iter().filter(|i| i.kind.is_error()).cloned().collect();
    if policy == ErrorPolicy::RejectBatch && !errors.is_empty() {
        return Err(ReadError::Rejected(errors));
    }
    let mut out = Batch { issues, ..Batch::default() };
    for ((r, l), k) in records.into_iter().zip(lines).zip(keep) {
        if k {
            out.records.push(r);
            out.lines.push(l);
        }
    }
    out.issues.sort_by_key(|i| i.line);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::csv::read_csv;

    const CSV: &str = "code,procedure,unit,received,due,finished,updated\n\
        A,P1,U1,01/01/2025,05/01/2025,03/01/2025,03/01/2025\n\
        B,P1,U1,01/01/2025,05/01/2025,31/12/2024,\n\
        C,P9,U1,01/01/2025,05/01/2025,,\n\
        D,P1,U9,01/01/2025,05/01/2025,,\n\
        A,P1,U1,01/01/2025,05/01/2025,,01/01/2025\n\
        E,P1,U1,01/01/2025,,,\n\
        E,P1,U1,01/01/2025,06/01/2025,,\n";

    fn known() -> Known {
        Known { units: Some(["U1".to_string()].into()), procedures: Some(["P1".to_string()].into()) }
    }

    #[test]
    fn flags_and_keeps_the_newest() {
        let b = check_batch(read_csv(CSV.as_bytes()).unwrap(), &known(), ErrorPolicy::SkipBad).unwrap();
        let kept: Vec<(&str, u64)> = b.records.iter().zip(&b.lines).map(|(r, l)| (r.code.as_str(), *l)).collect();
        // A: line 2 is newer (updated 03/01) than line 6; E: the later row wins the tie.
        assert_eq!(kept, [("A", 2), ("E", 8)]);
        let got: Vec<(u64, IssueKind)> = b.issues.iter().map(|i| (i.line, i.kind)).collect();
        assert_eq!(
            got,
            [
                (3, IssueKind::FinishBeforeReceipt),
                (4, IssueKind::UnknownProcedure),
                (5, IssueKind::UnknownUnit),
                (6, IssueKind::Duplicate),
                (7, IssueKind::MissingDue),
                (7, IssueKind::Duplicate),
            ]
        );
    }

    #[test]
    fn reject_batch_refuses_everything() {
        let err = check_batch(read_csv(CSV.as_bytes()).unwrap(), &known(), ErrorPolicy::RejectBatch).unwrap_err();
        match err {
            ReadError::Rejected(v) => {
                assert_eq!(v.iter().map(|i| i.line).collect::<Vec<_>>(), [3, 4, 5])
            }
            other => panic!("{other}"),
        }
        let clean = "code,procedure,unit,received,due\nA,P1,U1,01/01/2025,02/01/2025\nA,P1,U1,01/01/2025,03/01/2025\n";
        let ok = check_batch(read_csv(clean.as_bytes()).unwrap(), &known(), ErrorPolicy::RejectBatch).unwrap();
        assert_eq!(ok.records.len(), 1, "duplicates alone do not refuse a batch");
    }
}
