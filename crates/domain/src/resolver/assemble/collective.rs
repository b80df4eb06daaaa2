//! Runs of collective words ("Sở, ban, ngành cấp tỉnh; UBND cấp huyện, cấp xã") become group
//! parts: which words continue a part, what "liên quan", "khác", "cấp tỉnh" change, and
//! enumeration headers ("các Sở: …") that give their head to the items after them.

use super::super::dates::vi_date;
use super::super::index::{Qual, WordClass};
use super::super::scan::{Atom, AtomKind, Sep};
use super::super::{content_pieces, PartTarget, ResolvedPart, UnitGroup};
use super::Assembler;

/// A group part being built from a run of collective words.
struct Acc {
    group: UnitGroup,
    start: usize,
    end: usize,
    plural_start: bool,
    related: bool,
    other: bool,
}

impl Acc {
    /// What a qualifier after the part changes.
    fn qualify(&mut self, q: Qual) {
        match q {
            Qual::Related => self.related = true,
            Qual::Other => self.other = true,
            Qual::Provincial if self.group == UnitGroup::AllUnits => self.group = UnitGroup::Departments,
            Qual::National if matches!(self.group, UnitGroup::Departments | UnitGroup::AllUnits) => {
                self.group = UnitGroup::Ministries
            }
            _ => {}
        }
    }
}

impl Assembler<'_> {
    /// A run of collective words joined by commas and `và`.
    pub(super) fn group_run(&mut self, i: usize) -> usize {
        let (run, j) = self.collect_run(i);
        let has_word =
            run.iter().any(|(k, _)| matches!(self.atoms[*k].kind, AtomKind::Word { .. } | AtomKind::Phrase(_)));
        if !has_word {
            return self.unknown_run(i);
        }
        let after = self.skip_soft(j);
        if self.atoms.get(after).and_then(Atom::sep) == Some(Sep::Colon) {
            // "các Sở: Tài chính, Tư pháp" — the run is the head of the items that follow.
            self.head = header_head(&self.atoms, &run);
            self.lead.get_or_insert(self.atoms[i].start);
            return after + 1;
        }
        let unknown_follows = self.atoms.get(after).is_some_and(|a| a.kind == AtomKind::Unknown);
        if unknown_follows && !self.is_plural(&run) {
            // "Sở Tài chánh": a single head word before unknown words is a name we do not know.
            return self.unknown_run(i);
        }
        let mut accs = self.build_accs(&run);
        let t = self.trailing(j, self.atoms[j - 1].end);
        if let Some(last) = accs.last_mut() {
            last.end = last.end.max(t.end);
        }
        merge_related(&mut accs);
        merge_repeated(&mut accs);
        let council = run.iter().any(|(k, _)| self.atoms[*k].kind == AtomKind::Prefix { council: true });
        let n = accs.len();
        for (x, acc) in accs.into_iter().enumerate() {
            let last = x + 1 == n;
            let mut scope: Vec<String> = Vec::new();
            if acc.other {
                scope.push("khác".to_string());
            }
            if last {
                scope.extend(t.scope.iter().cloned());
            }
            let confidence = match (last && t.restricted, council) {
                (true, _) => 0.5,
                (false, true) => 0.9,
                (false, false) => 1.0,
            };
            let remark = self.group_remark(acc.group, council);
            self.parts.push(ResolvedPart {
                text: self.slice(acc.start, acc.end),
                target: PartTarget::Group { group: acc.group, label: acc.group.label_vi().to_string() },
                confidence,
                scope_note: (!scope.is_empty()).then(|| scope.join("; ")),
                named_unit: None,
                remark,
            });
        }
        self.parts.extend(t.extra);
        t.next
    }

    /// The collective atoms from `i` (each with whether a separator precedes it) and the
    /// first atom after them.
    fn collect_run(&self, i: usize) -> (Vec<(usize, bool)>, usize) {
        let is_joint = |a: &Atom| matches!(a.sep(), Some(Sep::Comma | Sep::And | Sep::Soft));
        let mut run: Vec<(usize, bool)> = Vec::new();
        let mut j = i;
        let mut sep_before = false;
        while j < self.atoms.len() {
            if self.atoms[j].is_groupish() {
                run.push((j, sep_before));
                sep_before = false;
                j += 1;
                continue;
            }
            let mut k = j;
            while k < self.atoms.len() && is_joint(&self.atoms[k]) {
                k += 1;
            }
            if k == j || !self.atoms.get(k).is_some_and(Atom::is_groupish) {
                break;
            }
            sep_before = self.atoms[j..k].iter().any(|a| a.sep() != Some(Sep::Soft));
            j = k;
        }
        (run, j)
    }

    /// Whether a run speaks of several bodies: "các …", two collective words, a level word
    /// ("cấp huyện"), a fixed phrase, or "liên quan".
    fn is_plural(&self, run: &[(usize, bool)]) -> bool {
        let words = run.iter().filter(|(k, _)| matches!(self.atoms[*k].kind, AtomKind::Word { .. })).count();
        words >= 2
            || run.iter().any(|(k, _)| {
                let a = &self.atoms[*k];
                a.plural
                    || matches!(
                        a.kind,
                        AtomKind::Word { level: true, .. } | AtomKind::Phrase(_) | AtomKind::Qual(Qual::Related)
                    )
            })
    }

    /// A note for a reviewer: People's Councils named with the committees, or a group with
    /// no member in the registry on the document date.
    fn group_remark(&self, group: UnitGroup, council: bool) -> Option<String> {
        if council {
            return Some("gồm cả Hội đồng nhân dân, không có trong danh mục đơn vị".to_string());
        }
        let (Some(p), Some(d)) = (self.ctx.province, self.ctx.on) else {
            return None;
        };
        if group.is_enumerable() && self.r.members(group, Some(p), Some(d)).is_empty() {
            return Some(format!("danh mục chưa có đơn vị nào thuộc nhóm này vào ngày {}", vi_date(d)));
        }
        None
    }

    /// Splits a run into group parts: words of one group continue a part; "các" starts a
    /// new one; qualifiers change the part they follow.
    fn build_accs(&mut self, run: &[(usize, bool)]) -> Vec<Acc> {
        let mut accs: Vec<Acc> = Vec::new();
        let mut pending: Option<(usize, bool)> = self.lead.take().map(|s| (s, false));
        for (k, sep_before) in run {
            let a = &self.atoms[*k];
            let group = match a.kind {
                AtomKind::LeadIn | AtomKind::Prefix { .. } => {
                    let p = pending.get_or_insert((a.start, false));
                    p.1 |= a.plural;
                    continue;
                }
                AtomKind::Qual(q) => {
                    match accs.last_mut() {
                        Some(cur) => {
                            cur.end = a.end;
                            cur.qualify(q);
                        }
                        None => {
                            pending.get_or_insert((a.start, false));
                        }
                    }
                    continue;
                }
                AtomKind::Phrase(g) => g,
                AtomKind::Word { class, .. } => {
                    let city = class == WordClass::District && self.is_pieces(a, "thanh pho");
                    let after_dept =
                        accs.last().is_some_and(|c| matches!(c.group, UnitGroup::Departments | UnitGroup::AllUnits));
                    if city && !sep_before && after_dept {
                        // "các sở, ngành Thành phố": the city is the province here.
                        if let Some(cur) = accs.last_mut() {
                            cur.end = a.end;
                        }
                        continue;
                    }
                    class.group()
                }
                _ => continue,
            };
            let (start, pending_plural) = pending.take().unwrap_or((a.start, false));
            let plural_start = a.plural || pending_plural;
            match accs.last_mut() {
                Some(cur) if !plural_start && joins(cur.group, group) => cur.end = a.end,
                _ => accs.push(Acc { group, start, end: a.end, plural_start, related: false, other: false }),
            }
        }
        accs
    }

    /// Whether the content pieces of `a` are exactly `words`.
    fn is_pieces(&self, a: &Atom, words: &str) -> bool {
        content_pieces(&self.syms[a.first..=a.last]).join(" ") == words
    }
}

/// Whether a collective word of `new` continues a part of `cur`.
fn joins(cur: UnitGroup, new: UnitGroup) -> bool {
    use UnitGroup::*;
    cur == new
        || (new == AllUnits && matches!(cur, Departments | Ministries | LocalGovernments))
        || (cur == AllUnits && matches!(new, Departments | LocalGovernments))
        || (cur == Ministries && new == Departments)
}

/// "liên quan" makes the parts since the last one starting with "các" one related group:
/// "Địa phương, sở, ngành có liên quan" is one group, "UBND cấp huyện, các đơn vị liên quan"
/// two.
fn merge_related(accs: &mut Vec<Acc>) {
    let mut x = accs.len();
    while x > 0 {
        x -= 1;
        if !accs[x].related {
            continue;
        }
        let from = (0..=x).rev().find(|s| accs[*s].plural_start).unwrap_or(0);
        let end = accs[x].end;
        accs.drain(from + 1..=x);
        let acc = &mut accs[from];
        acc.group = UnitGroup::Related;
        acc.end = end;
        acc.related = false;
        acc.other = false;
        x = from;
    }
}

/// "Giám đốc các Sở, Thủ trưởng các ban, ngành" names one group twice: keep one part.
fn merge_repeated(accs: &mut Vec<Acc>) {
    let mut x = 1;
    while x < accs.len() {
        if accs[x].group == accs[x - 1].group && !accs[x].other && !accs[x - 1].other {
            accs[x - 1].end = accs[x].end;
            accs.remove(x);
        } else {
            x += 1;
        }
    }
}

/// The head an enumeration header gives its items: "các Sở:" → `so`, "UBND các huyện:" →
/// `uy ban nhan dan huyen`.
fn header_head(atoms: &[Atom], run: &[(usize, bool)]) -> Option<Vec<u32>> {
    let mut head: Vec<u32> = Vec::new();
    for (k, _) in run {
        match atoms[*k].kind {
            AtomKind::Prefix { council: false } if head.is_empty() => head.extend(&atoms[*k].ids),
            AtomKind::Word { level: false, .. } => {
                head.extend(&atoms[*k].ids);
                return Some(head);
            }
            _ => {}
        }
    }
    None
}
