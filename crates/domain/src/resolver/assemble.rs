//! Second pass: atoms become parts. Handles list items, distributed lists ("Các Sở Tài chính,
//! Nội vụ"), enumeration headers ("các Sở: …"), runs of collective words ("Sở, ban, ngành
//! cấp tỉnh; UBND cấp huyện, cấp xã"), role notes and parentheses after an agency, and
//! words nothing matches.

mod collective;
mod trailing;

use super::dates::Outcome;
use super::index::{Entry, UNKNOWN};
use super::lex::Sym;
use super::scan::{Atom, AtomKind, Sep};
use super::{content_pieces, MatchVia, PartTarget, ResolveContext, ResolvedPart, Resolver};

/// State of one pass over a phrase.
struct Assembler<'a> {
    r: &'a Resolver,
    text: &'a str,
    syms: &'a [Sym],
    atoms: Vec<Atom>,
    ctx: &'a ResolveContext,
    parts: Vec<ResolvedPart>,
    /// Head words carried over a distributed list ("so" in "Các Sở Tài chính, Nội vụ").
    head: Option<Vec<u32>>,
    /// Start of lead-in words or an enumeration header, kept in the next part's text.
    lead: Option<usize>,
}

pub(crate) fn assemble(
    r: &Resolver,
    text: &str,
    syms: &[Sym],
    atoms: Vec<Atom>,
    ctx: &ResolveContext,
) -> Vec<ResolvedPart> {
    let mut a = Assembler { r, text, syms, atoms, ctx, parts: Vec::new(), head: None, lead: None };
    a.run();
    a.parts
}

impl Assembler<'_> {
    fn run(&mut self) {
        let mut i = 0;
        while i < self.atoms.len() {
            i = match &self.atoms[i].kind {
                AtomKind::Sep(Sep::Semi | Sep::Strong) => {
                    self.head = None;
                    i + 1
                }
                AtomKind::Sep(_) => i + 1,
                AtomKind::LeadIn if self.atoms.get(i + 1).is_some_and(|a| a.kind == AtomKind::Unknown) => {
                    // "Giáo dục" folds like the lead-in "giao": words run on, so it is a name.
                    self.unknown_run(i)
                }
                AtomKind::LeadIn => {
                    self.lead.get_or_insert(self.atoms[i].start);
                    i + 1
                }
                AtomKind::Unknown
                    if self.atoms[i].plural && self.atoms.get(i + 1).is_some_and(|a| a.kind == AtomKind::LeadIn) =>
                {
                    // "Các đồng chí Bộ trưởng, …": the plural marker belongs to the lead-in.
                    self.lead.get_or_insert(self.atoms[i].start);
                    i + 1
                }
                AtomKind::Units(_) => self.unit_part(i),
                AtomKind::Outside | AtomKind::Unknown => self.unknown_run(i),
                _ => self.group_run(i),
            };
        }
        if let Some(start) = self.lead.take() {
            // Lead-in words with nothing after them.
            self.push_unresolved(start, self.text.len(), None);
        }
    }

    /// The text between two byte offsets, without edge spaces and list punctuation.
    fn slice(&self, start: usize, end: usize) -> String {
        let s = self.text.get(start..end).unwrap_or("");
        s.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';' | ':' | '.' | '-' | '–')).to_string()
    }

    fn push_unresolved(&mut self, start: usize, end: usize, scope: Option<String>) {
        let text = self.slice(start, end);
        if text.is_empty() {
            return;
        }
        self.parts.push(ResolvedPart {
            text,
            target: PartTarget::Unresolved,
            confidence: 0.0,
            scope_note: scope,
            named_unit: None,
            remark: None,
        });
    }

    /// First atom at or after `j` that is not a soft separator.
    fn skip_soft(&self, mut j: usize) -> usize {
        while j < self.atoms.len() && self.atoms[j].sep() == Some(Sep::Soft) {
            j += 1;
        }
        j
    }

    /// Last content atom from `i` before a separator in `stops` (outside parentheses).
    fn extent(&self, i: usize, stops: &[Sep]) -> usize {
        let mut depth = 0usize;
        let mut last = i;
        for j in i..self.atoms.len() {
            match self.atoms[j].sep() {
                Some(Sep::Open) => depth += 1,
                Some(Sep::Close) => {
                    depth = depth.saturating_sub(1);
                    last = j;
                    continue;
                }
                Some(s) if depth == 0 && stops.contains(&s) => break,
                Some(_) => continue,
                None => {}
            }
            last = j;
        }
        last
    }

    /// Content pieces of atoms `from..=to`.
    fn pieces(&self, from: usize, to: usize) -> Vec<String> {
        let (a, b) = (self.atoms[from].first, self.atoms[to].last);
        content_pieces(&self.syms[a..=b])
    }

    /// A matched unit name with its lead-in, note and parenthesis.
    fn unit_part(&mut self, i: usize) -> usize {
        let atom = self.atoms[i].clone();
        let AtomKind::Units(mut cands) = atom.kind.clone() else {
            return i + 1;
        };
        let next = self.skip_soft(i + 1);
        if self
            .atoms
            .get(next)
            .is_some_and(|a| !a.plural && matches!(a.kind, AtomKind::Word { .. } | AtomKind::Phrase(_)))
        {
            // "Công an Thành phố" in a province document: the name goes on past what the
            // registry knows, so the known part must not stand for it.
            return self.unknown_run(i);
        }
        // In a distributed list the head wins: "các Bộ: …, Công an" is Bộ Công an.
        if let Some(head) = &self.head {
            if let Some(c) = self.head_units(head, &atom.ids) {
                cands = c;
            }
        }
        if let Some(h) = unit_head(self.r, &atom.ids) {
            self.head = Some(h);
        }
        let start = self.lead.take().unwrap_or(atom.start);
        let t = self.trailing(i + 1, atom.end);
        let scope = (!t.scope.is_empty()).then(|| t.scope.join("; "));
        let text = self.slice(start, t.end);
        let parts = self.unit_parts(cands, text, scope, 1.0);
        self.parts.extend(parts);
        self.parts.extend(t.extra);
        t.next
    }

    /// Eligible units of the key `head ++ ids`.
    fn head_units(&self, head: &[u32], ids: &[u32]) -> Option<Vec<(usize, MatchVia)>> {
        if ids.is_empty() || ids.contains(&UNKNOWN) {
            return None;
        }
        let key: Vec<u32> = head.iter().chain(ids).copied().collect();
        let units: Vec<(usize, MatchVia)> = self
            .r
            .index
            .lookup(&key)
            .iter()
            .filter(|e| self.r.entry_eligible(e, self.ctx.province))
            .filter_map(|e| match e {
                Entry::Unit { idx, via } => Some((*idx, *via)),
                _ => None,
            })
            .collect();
        (!units.is_empty()).then_some(units)
    }

    /// Parts for the units a name denotes on the document date (or one ambiguous part).
    fn unit_parts(
        &self,
        cands: Vec<(usize, MatchVia)>,
        text: String,
        scope: Option<String>,
        factor: f32,
    ) -> Vec<ResolvedPart> {
        match self.r.choose(cands, self.ctx.on) {
            Outcome::Units(hits) => hits
                .into_iter()
                .map(|h| {
                    let u = &self.r.units[h.idx];
                    ResolvedPart {
                        text: text.clone(),
                        target: PartTarget::Unit { id: u.id, code: u.code.clone(), name: u.name.clone(), via: h.via },
                        confidence: h.confidence * factor,
                        scope_note: scope.clone(),
                        named_unit: h.named.map(|n| self.r.units[n].id),
                        remark: h.remark,
                    }
                })
                .collect(),
            Outcome::Ambiguous(idxs) => vec![ResolvedPart {
                text,
                target: PartTarget::Ambiguous {
                    candidates: idxs
                        .iter()
                        .map(|i| {
                            let u = &self.r.units[*i];
                            super::Candidate { id: u.id, code: u.code.clone(), name: u.name.clone() }
                        })
                        .collect(),
                },
                confidence: 0.0,
                scope_note: scope,
                named_unit: None,
                remark: Some("nhiều đơn vị cùng tên; cần chọn tỉnh hoặc đơn vị".to_string()),
            }],
        }
    }

    /// A run of words nothing matched directly: a distributed-list item, a near miss, or
    /// unresolved text.
    fn unknown_run(&mut self, i: usize) -> usize {
        let start = self.lead.take().unwrap_or(self.atoms[i].start);
        let outside = self.atoms[i].kind == AtomKind::Outside;
        if !outside {
            if let Some(next) = self.head_item(i, start) {
                return next;
            }
        }
        let m = self.extent(i, &[Sep::Comma, Sep::Semi, Sep::And, Sep::Strong, Sep::Colon]);
        let (body_end, scope) = self.closing_note(i, m);
        if !outside {
            let body_last = (i..=m).rev().find(|j| self.atoms[*j].end <= body_end).unwrap_or(i);
            let pieces = self.pieces(i, body_last);
            if let Some((idx, score)) = self.r.fuzzy(&pieces, self.ctx.province) {
                let text = self.slice(start, self.atoms[m].end);
                let parts = self.unit_parts(vec![(idx, MatchVia::Fuzzy)], text, scope, 0.8 * score);
                self.parts.extend(parts);
                return m + 1;
            }
        }
        self.push_unresolved(start, self.atoms[m].end, scope);
        m + 1
    }

    /// An item of a distributed list ("Nội vụ" after "Các Sở Tài chính,"): the carried head
    /// plus the item's words is a known name. The item may contain `và` ("Nông nghiệp và Môi
    /// trường"), so the longest extent is tried first.
    fn head_item(&mut self, i: usize, start: usize) -> Option<usize> {
        let head = self.head.clone()?;
        let extents: [&[Sep]; 2] = [
            &[Sep::Comma, Sep::Semi, Sep::Strong, Sep::Colon],
            &[Sep::Comma, Sep::Semi, Sep::And, Sep::Strong, Sep::Colon],
        ];
        for stops in extents {
            let m = self.extent(i, stops);
            let ids: Vec<u32> = (i..=m).flat_map(|j| self.atoms[j].ids.clone()).collect();
            if let Some(c) = self.head_units(&head, &ids) {
                let t = self.trailing(m + 1, self.atoms[m].end);
                let scope = (!t.scope.is_empty()).then(|| t.scope.join("; "));
                let text = self.slice(start, t.end);
                let parts = self.unit_parts(c, text, scope, 1.0);
                self.parts.extend(parts);
                self.parts.extend(t.extra);
                return Some(t.next);
            }
        }
        None
    }

    /// A parenthesis closing the words `i..=m` is a note about them: where the words end,
    /// and the note.
    fn closing_note(&self, i: usize, m: usize) -> (usize, Option<String>) {
        if self.atoms[m].sep() == Some(Sep::Close) {
            let open = (i..m).rev().find(|j| self.atoms[*j].sep() == Some(Sep::Open));
            if let Some(o) = open.filter(|o| *o > i) {
                let note = self.slice(self.atoms[o].end, self.atoms[m].start);
                return (self.atoms[o].start, Some(note));
            }
        }
        (self.atoms[m].end, None)
    }
}

/// The head a matched unit name gives the bare items after it ("Sở Tài chính, Nội vụ").
fn unit_head(r: &Resolver, ids: &[u32]) -> Option<Vec<u32>> {
    const HEADS: [&str; 11] = [
        "uy ban nhan dan huyen",
        "uy ban nhan dan thi xa",
        "uy ban nhan dan thanh pho",
        "uy ban nhan dan xa",
        "uy ban nhan dan phuong",
        "so",
        "ban",
        "bo",
        "huyen",
        "thi xa",
        "thanh pho",
    ];
    for h in HEADS {
        let hid: Vec<u32> = h.split(' ').map(|p| r.index.id(p)).collect();
        if ids.len() > hid.len() && ids.starts_with(&hid) {
            return Some(hid);
        }
    }
    None
}
