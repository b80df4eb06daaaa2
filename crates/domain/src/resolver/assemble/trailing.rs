//! What may follow an agency before the next separator: a parenthesis (a note, possibly
//! naming the unit that does the work), or a role phrase ("… chủ trì đối với …") that becomes
//! the part's scope note.

use super::super::scan::{AtomKind, Sep};
use super::super::ResolvedPart;
use super::Assembler;

/// What follows an agency before the next separator.
#[derive(Default)]
pub(super) struct Trailing {
    pub(super) next: usize,
    pub(super) end: usize,
    pub(super) scope: Vec<String>,
    pub(super) restricted: bool,
    pub(super) extra: Vec<ResolvedPart>,
}

/// Words that open a role phrase, whose note runs to the next `;`.
const ROLE_MARKERS: [&str; 12] = [
    "chu tri",
    "phoi hop",
    "doi voi",
    "cho y kien",
    "tham muu",
    "thuc hien",
    "chiu trach nhiem",
    "la co quan",
    "theo doi",
    "huong dan",
    "tong hop",
    "qua",
];

impl Assembler<'_> {
    /// Whether the words from atom `i` open a role phrase ("chủ trì đối với …").
    fn starts_with_role(&self, i: usize) -> bool {
        let to = self.extent(i, &[Sep::Comma, Sep::Semi, Sep::Strong]);
        let words = self.pieces(i, to).join(" ");
        ROLE_MARKERS.iter().any(|m| words == *m || words.starts_with(&format!("{m} ")))
    }

    /// Scope notes, parentheses and extra units after an agency ending at atom `i - 1`.
    pub(super) fn trailing(&mut self, i: usize, end: usize) -> Trailing {
        let mut t = Trailing { next: i, end, ..Trailing::default() };
        loop {
            let k = self.skip_soft(t.next);
            let Some(a) = self.atoms.get(k) else {
                t.next = k;
                break;
            };
            match a.kind {
                AtomKind::Sep(Sep::Open) => {
                    let close = self.matching_close(k);
                    let inner_end = if self.atoms[close].sep() == Some(Sep::Close) {
                        self.atoms[close].start
                    } else {
                        self.atoms[close].end
                    };
                    let content = self.slice(a.end, inner_end);
                    for j in k + 1..close {
                        if let AtomKind::Units(c) = &self.atoms[j].kind {
                            let text = self.slice(self.atoms[j].start, self.atoms[j].end);
                            let parts = self.unit_parts(c.clone(), text, Some(content.clone()), 1.0);
                            t.extra.extend(parts);
                        }
                    }
                    if !content.is_empty() {
                        t.scope.push(content);
                    }
                    t.end = self.atoms[close].end;
                    t.next = close + 1;
                }
                AtomKind::Unknown | AtomKind::Outside => {
                    let role = self.starts_with_role(k);
                    let stops: &[Sep] =
                        if role { &[Sep::Semi, Sep::Strong] } else { &[Sep::Comma, Sep::Semi, Sep::And, Sep::Strong] };
                    let m = self.extent(k, stops);
                    t.scope.push(self.scope_text(k, m));
                    t.restricted = true;
                    t.end = self.atoms[m].end;
                    t.next = m + 1;
                    break;
                }
                _ => {
                    t.next = k;
                    break;
                }
            }
        }
        t
    }

    /// The parenthesis closing the one opened at `open` (the last atom when unclosed).
    fn matching_close(&self, open: usize) -> usize {
        let mut depth = 0usize;
        for j in open..self.atoms.len() {
            match self.atoms[j].sep() {
                Some(Sep::Open) => depth += 1,
                Some(Sep::Close) => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return j;
                    }
                }
                _ => {}
            }
        }
        self.atoms.len() - 1
    }

    /// The note of a role phrase: from "đối với" when present ("Sở Nội vụ chủ trì đối với
    /// nhân rộng mô hình hay" → "đối với nhân rộng mô hình hay"), else the whole tail.
    fn scope_text(&self, from: usize, to: usize) -> String {
        let (a, b) = (self.atoms[from].first, self.atoms[to].last);
        let syms = &self.syms[a..=b];
        let words: Vec<(usize, &str)> = syms.iter().filter_map(|s| s.piece().map(|p| (s.start(), p))).collect();
        let start = words
            .windows(2)
            .find(|w| w[0].1 == "doi" && w[1].1 == "voi")
            .map(|w| w[0].0)
            .unwrap_or(self.atoms[from].start);
        self.slice(start, self.atoms[to].end)
    }
}
