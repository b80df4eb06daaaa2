//! First pass over a phrase: the longest known key at each position becomes an atom (a unit,
//! a collective word, a qualifier…); unknown words and separators become atoms too.

use super::index::{Entry, Qual, WordClass, UNKNOWN};
use super::lex::{is_stopword, Punct, Sym};
use super::{MatchVia, Resolver, UnitGroup};
use crate::unit::UnitId;

/// Separators between list items.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sep {
    Comma,
    Semi,
    Colon,
    Open,
    Close,
    /// `và` / `&` between items.
    And,
    /// Item numbering ("5.1.", "2)"): a hard boundary.
    Strong,
    /// Dots, dashes, slashes, quotes: ignored.
    Soft,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum AtomKind {
    /// Eligible units the key names.
    Units(Vec<(usize, MatchVia)>),
    Word {
        class: WordClass,
        level: bool,
    },
    Phrase(UnitGroup),
    Qual(Qual),
    Prefix {
        council: bool,
    },
    LeadIn,
    Outside,
    Unknown,
    Sep(Sep),
}

#[derive(Debug, Clone)]
pub(crate) struct Atom {
    pub kind: AtomKind,
    /// Byte span in the phrase.
    pub start: usize,
    pub end: usize,
    /// Symbol span (inclusive).
    pub first: usize,
    pub last: usize,
    /// Whether the atom starts with the plural marker `các`.
    pub plural: bool,
    /// Interned ids of its content pieces ([`UNKNOWN`] for pieces no key contains).
    pub ids: Vec<u32>,
}

impl Atom {
    pub(crate) fn sep(&self) -> Option<Sep> {
        match self.kind {
            AtomKind::Sep(s) => Some(s),
            _ => None,
        }
    }

    pub(crate) fn is_groupish(&self) -> bool {
        matches!(
            self.kind,
            AtomKind::Word { .. }
                | AtomKind::Phrase(_)
                | AtomKind::Qual(_)
                | AtomKind::Prefix { .. }
                | AtomKind::LeadIn
        )
    }
}

/// Scans the symbols of a phrase into atoms, preferring the longest key that is eligible
/// in `province`.
pub(crate) fn scan(r: &Resolver, syms: &[Sym], province: Option<UnitId>) -> Vec<Atom> {
    let mut atoms: Vec<Atom> = Vec::new();
    let mut i = 0;
    while i < syms.len() {
        let sym = &syms[i];
        let Some(piece) = sym.piece() else {
            let sep = match sym.punct() {
                Some(Punct::Comma) => Sep::Comma,
                Some(Punct::Semi) => Sep::Semi,
                Some(Punct::Colon) => Sep::Colon,
                Some(Punct::Open) => Sep::Open,
                Some(Punct::Close) => Sep::Close,
                _ => Sep::Soft,
            };
            atoms.push(sep_atom(sep, syms, i, i));
            i += 1;
            continue;
        };
        if piece == "va" {
            atoms.push(sep_atom(Sep::And, syms, i, i));
            i += 1;
            continue;
        }
        if let Some(last) = numbering(syms, i, segment_start(&atoms)) {
            atoms.push(sep_atom(Sep::Strong, syms, i, last));
            i = last + 1;
            continue;
        }
        match longest(r, syms, i, province) {
            Some((last, kind)) => {
                atoms.push(Atom {
                    kind,
                    start: sym.start(),
                    end: syms[last].end(),
                    first: i,
                    last,
                    plural: piece == "cac",
                    ids: ids(r, &syms[i..=last]),
                });
                i = last + 1;
            }
            None => {
                // An unknown written word stays whole even when it expanded to pieces.
                let mut last = i;
                while last + 1 < syms.len() && syms[last + 1].start() == sym.start() {
                    last += 1;
                }
                atoms.push(Atom {
                    kind: AtomKind::Unknown,
                    start: sym.start(),
                    end: syms[last].end(),
                    first: i,
                    last,
                    plural: piece == "cac",
                    ids: ids(r, &syms[i..=last]),
                });
                i = last + 1;
            }
        }
    }
    atoms
}

fn sep_atom(sep: Sep, syms: &[Sym], first: usize, last: usize) -> Atom {
    Atom {
        kind: AtomKind::Sep(sep),
        start: syms[first].start(),
        end: syms[last].end(),
        first,
        last,
        plural: false,
        ids: Vec::new(),
    }
}

fn ids(r: &Resolver, syms: &[Sym]) -> Vec<u32> {
    syms.iter().filter_map(Sym::piece).filter(|p| !is_stopword(p)).map(|p| r.index.id(p)).collect()
}

fn segment_start(atoms: &[Atom]) -> bool {
    match atoms.iter().rev().find(|a| a.sep() != Some(Sep::Soft)) {
        None => true,
        Some(a) => matches!(a.sep(), Some(Sep::Comma | Sep::Semi | Sep::Colon | Sep::Strong | Sep::Open)),
    }
}

/// Item numbering at `i`: `5.1.` anywhere, `5.` or `5)` at the start of an item.
/// Returns the last symbol of the numbering.
fn numbering(syms: &[Sym], i: usize, at_item_start: bool) -> Option<usize> {
    let is_number = |s: &Sym| s.piece().is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()));
    if !is_number(&syms[i]) {
        return None;
    }
    let mut j = i;
    let mut numbers = 1;
    loop {
        match syms.get(j + 1).and_then(Sym::punct) {
            Some(Punct::Dot) => {
                if syms.get(j + 2).is_some_and(is_number) {
                    j += 2;
                    numbers += 1;
                } else {
                    j += 1;
                    break;
                }
            }
            Some(Punct::Close) if at_item_start => {
                j += 1;
                break;
            }
            _ => return None,
        }
    }
    (numbers >= 2 || at_item_start).then_some(j)
}

/// The longest key starting at `i` whose entries are eligible; skips punctuation other than
/// `;` and parentheses, and the stopwords.
fn longest(r: &Resolver, syms: &[Sym], i: usize, province: Option<UnitId>) -> Option<(usize, AtomKind)> {
    let mut node = r.index.root();
    let mut best: Option<(usize, AtomKind)> = None;
    let mut j = i;
    while j < syms.len() {
        match &syms[j] {
            Sym::Punct { p: Punct::Semi | Punct::Open | Punct::Close, .. } => break,
            Sym::Punct { .. } => {}
            Sym::Word { piece, .. } if is_stopword(piece) => {}
            Sym::Word { piece, .. } => {
                let id = r.index.id(piece);
                if id == UNKNOWN {
                    break;
                }
                match r.index.child(node, id) {
                    Some(n) => node = n,
                    None => break,
                }
                let word_ends = syms.get(j + 1).is_none_or(|s| s.start() != syms[j].start());
                if word_ends {
                    if let Some(kind) = kind_of(r, r.index.entries(node), province) {
                        best = Some((j, kind));
                    }
                }
            }
        }
        j += 1;
    }
    best
}

/// The atom a key's entries make: eligible units first, else the collective reading.
fn kind_of(r: &Resolver, entries: &[Entry], province: Option<UnitId>) -> Option<AtomKind> {
    let units: Vec<(usize, MatchVia)> = entries
        .iter()
        .filter(|e| r.entry_eligible(e, province))
        .filter_map(|e| match e {
            Entry::Unit { idx, via } => Some((*idx, *via)),
            _ => None,
        })
        .collect();
    if !units.is_empty() {
        return Some(AtomKind::Units(units));
    }
    // When a key is also a collective word, the most specific reading wins.
    let collective = |e: &Entry| -> Option<(u8, AtomKind)> {
        Some(match *e {
            Entry::Phrase(g) => (0, AtomKind::Phrase(g)),
            Entry::Outside => (1, AtomKind::Outside),
            Entry::Word { class, level } => (2, AtomKind::Word { class, level }),
            Entry::Qual(q) => (3, AtomKind::Qual(q)),
            Entry::Prefix { council } => (4, AtomKind::Prefix { council }),
            Entry::LeadIn => (5, AtomKind::LeadIn),
            Entry::Unit { .. } => return None,
        })
    };
    entries.iter().filter_map(collective).min_by_key(|(rank, _)| *rank).map(|(_, kind)| kind)
}
