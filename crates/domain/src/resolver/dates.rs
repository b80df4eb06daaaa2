//! Choosing among the units a name denotes by the document date: units in force first, then
//! the successors of units that had ended, then units founded later, then ended units
//! without successor.

use chrono::NaiveDate;

use super::{MatchVia, Resolver};
use crate::unit::ChangeKind;

/// A unit chosen for a part.
pub(super) struct Hit {
    pub(super) idx: usize,
    pub(super) via: MatchVia,
    pub(super) confidence: f32,
    pub(super) named: Option<usize>,
    pub(super) remark: Option<String>,
}

impl Hit {
    fn plain((idx, via): (usize, MatchVia), confidence: f32, remark: Option<String>) -> Hit {
        Hit { idx, via, confidence, named: None, remark }
    }
}

/// Units for a part, or several that fit equally.
pub(super) enum Outcome {
    Units(Vec<Hit>),
    Ambiguous(Vec<usize>),
}

impl Resolver {
    /// Chooses among candidate units by date: units in force first, then successors of
    /// ended ones, then units founded later, then ended units without successor.
    pub(super) fn choose(&self, cands: Vec<(usize, MatchVia)>, on: Option<NaiveDate>) -> Outcome {
        let mut uniq: Vec<(usize, MatchVia)> = Vec::new();
        for c in cands {
            if !uniq.iter().any(|u| u.0 == c.0) {
                uniq.push(c);
            }
        }
        let hits = match on {
            None => uniq.iter().map(|c| Hit::plain(*c, 1.0, None)).collect(),
            Some(d) => self.dated_hits(&uniq, d),
        };
        let one_named = hits.iter().all(|h| h.named.is_some() && h.named == hits[0].named);
        if hits.len() <= 1 || one_named {
            Outcome::Units(hits)
        } else {
            Outcome::Ambiguous(hits.iter().map(|h| h.idx).collect())
        }
    }

    fn dated_hits(&self, cands: &[(usize, MatchVia)], d: NaiveDate) -> Vec<Hit> {
        let facts = &self.facts;
        let active: Vec<Hit> =
            cands.iter().filter(|c| facts[c.0].active_on(Some(d))).map(|c| Hit::plain(*c, 1.0, None)).collect();
        if !active.is_empty() {
            return active;
        }
        let successors = self.successor_hits(cands, d);
        if !successors.is_empty() {
            return successors;
        }
        let later: Vec<Hit> = cands
            .iter()
            .filter_map(|c| {
                let from = facts[c.0].valid_from.filter(|f| *f > d)?;
                let remark = format!("đơn vị chỉ có từ ngày {}, sau ngày văn bản", vi_date(from));
                Some(Hit::plain(*c, 0.7, Some(remark)))
            })
            .collect();
        if !later.is_empty() {
            return later;
        }
        cands
            .iter()
            .map(|c| {
                let to = facts[c.0].valid_to.map(vi_date).unwrap_or_default();
                let remark = format!("đơn vị đã kết thúc hoạt động sau ngày {to}, không có đơn vị kế thừa");
                Hit::plain(*c, 0.5, Some(remark))
            })
            .collect()
    }

    /// Successors active on `d` of the candidates that had ended by then.
    fn successor_hits(&self, cands: &[(usize, MatchVia)], d: NaiveDate) -> Vec<Hit> {
        let mut out: Vec<Hit> = Vec::new();
        for (idx, _) in cands {
            let mut frontier = vec![*idx];
            let mut seen = vec![*idx];
            let mut found: Vec<(usize, ChangeKind, NaiveDate)> = Vec::new();
            for _ in 0..8 {
                let mut next = Vec::new();
                for u in &frontier {
                    for s in &self.successions[*u] {
                        for n in &s.successors {
                            if seen.contains(n) {
                                continue;
                            }
                            seen.push(*n);
                            if self.facts[*n].valid_to.is_some_and(|t| t < d) {
                                next.push(*n);
                            } else {
                                found.push((*n, s.kind, s.effective));
                            }
                        }
                    }
                }
                if next.is_empty() {
                    break;
                }
                frontier = next;
            }
            let split = found.len() > 1;
            for (n, kind, effective) in found {
                if out.iter().any(|h| h.idx == n) {
                    continue;
                }
                let verb = match kind {
                    ChangeKind::Merge => "đã hợp nhất vào",
                    ChangeKind::Split => "đã chia tách, một phần thuộc",
                    ChangeKind::Rename => "đã đổi tên thành",
                    ChangeKind::Dissolve => "đã giải thể; kế thừa:",
                };
                let remark =
                    format!("{} {verb} {} từ ngày {}", self.units[*idx].name, self.units[n].name, vi_date(effective));
                out.push(Hit {
                    idx: n,
                    via: MatchVia::Successor,
                    confidence: if split { 0.7 } else { 0.9 },
                    named: Some(*idx),
                    remark: Some(remark),
                });
            }
        }
        out
    }
}

/// `dd/mm/yyyy`.
pub(crate) fn vi_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
