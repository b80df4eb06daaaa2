//! The lookup structure built once per registry: a trie over folded word pieces whose nodes
//! carry what a phrase names (a unit, a group word, a qualifier…), plus the static
//! vocabulary of collective phrases.

use std::collections::HashMap;

use super::group::{UnitFacts, UnitGroup};
use super::lex::key_pieces;
use super::MatchVia;
use crate::unit::{Unit, UnitKind};

/// Id of a word piece that no key contains.
pub(crate) const UNKNOWN: u32 = u32::MAX;

/// What a collective word denotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordClass {
    Dept,
    Ministry,
    District,
    Commune,
    Local,
    Generic,
}

impl WordClass {
    pub(crate) fn group(self) -> UnitGroup {
        match self {
            WordClass::Dept => UnitGroup::Departments,
            WordClass::Ministry => UnitGroup::Ministries,
            WordClass::District => UnitGroup::Districts,
            WordClass::Commune => UnitGroup::Communes,
            WordClass::Local => UnitGroup::LocalGovernments,
            WordClass::Generic => UnitGroup::AllUnits,
        }
    }
}

/// Words that narrow or qualify a collective phrase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Qual {
    /// "liên quan": the bodies are unspecified.
    Related,
    /// "cấp tỉnh", "thuộc tỉnh", "thuộc UBND tỉnh".
    Provincial,
    /// "Trung ương".
    National,
    /// "khác": the others than those already named.
    Other,
    /// Words that change nothing ("tương đương", "trên địa bàn tỉnh").
    Neutral,
}

/// What a key names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A registry unit (index into the resolver's unit table).
    Unit {
        idx: usize,
        via: MatchVia,
    },
    /// A collective word; `level` marks words that are plural by themselves ("cấp huyện").
    Word {
        class: WordClass,
        level: bool,
    },
    /// A fixed collective phrase.
    Phrase(UnitGroup),
    Qual(Qual),
    /// "Ủy ban nhân dân" / "Hội đồng nhân dân" / "chính quyền" before a level word.
    Prefix {
        council: bool,
    },
    /// Titles and lead-in verbs kept in the text of the part they precede ("Giám đốc", "Giao").
    LeadIn,
    /// Bodies that are outside any registry by nature (consultants, businesses).
    Outside,
}

#[derive(Debug, Default)]
struct Node {
    next: HashMap<u32, u32>,
    entries: Vec<Entry>,
}

/// Trie over interned word pieces.
#[derive(Debug)]
pub(crate) struct Index {
    vocab: HashMap<String, u32>,
    nodes: Vec<Node>,
}

fn via_rank(v: MatchVia) -> u8 {
    match v {
        MatchVia::Name => 0,
        MatchVia::Abbreviation => 1,
        MatchVia::Alias => 2,
        MatchVia::Successor => 3,
        MatchVia::Fuzzy => 4,
    }
}

impl Index {
    pub(crate) fn new() -> Index {
        Index { vocab: HashMap::new(), nodes: vec![Node::default()] }
    }

    fn intern(&mut self, piece: &str) -> u32 {
        if let Some(id) = self.vocab.get(piece) {
            return *id;
        }
        let id = u32::try_from(self.vocab.len()).unwrap_or(UNKNOWN - 1);
        self.vocab.insert(piece.to_string(), id);
        id
    }

    /// The id of a piece, or [`UNKNOWN`].
    pub(crate) fn id(&self, piece: &str) -> u32 {
        self.vocab.get(piece).copied().unwrap_or(UNKNOWN)
    }

    pub(crate) fn insert(&mut self, key: &[String], entry: Entry) {
        if key.is_empty() {
            return;
        }
        let mut node = 0usize;
        for piece in key {
            let id = self.intern(piece);
            let next = match self.nodes[node].next.get(&id) {
                Some(n) => *n as usize,
                None => {
                    self.nodes.push(Node::default());
                    let n = self.nodes.len() - 1;
                    self.nodes[node].next.insert(id, n as u32);
                    n
                }
            };
            node = next;
        }
        let entries = &mut self.nodes[node].entries;
        if let Entry::Unit { idx, via } = entry {
            for e in entries.iter_mut() {
                if let Entry::Unit { idx: i, via: v } = e {
                    if *i == idx {
                        if via_rank(via) < via_rank(*v) {
                            *v = via;
                        }
                        return;
                    }
                }
            }
        } else if entries.contains(&entry) {
            return;
        }
        entries.push(entry);
    }

    pub(crate) fn root(&self) -> usize {
        0
    }

    pub(crate) fn child(&self, node: usize, id: u32) -> Option<usize> {
        self.nodes.get(node)?.next.get(&id).map(|n| *n as usize)
    }

    pub(crate) fn entries(&self, node: usize) -> &[Entry] {
        self.nodes.get(node).map(|n| n.entries.as_slice()).unwrap_or(&[])
    }

    /// Entries of the exact key `ids`.
    pub(crate) fn lookup(&self, ids: &[u32]) -> &[Entry] {
        let mut node = self.root();
        for id in ids {
            match self.child(node, *id) {
                Some(n) => node = n,
                None => return &[],
            }
        }
        self.entries(node)
    }

    /// Adds the collective vocabulary.
    pub(crate) fn add_vocabulary(&mut self) {
        for (text, entry) in super::vocabulary::vocabulary() {
            self.insert(&key_pieces(text), entry);
        }
    }
}

/// How a province is written after a unit name ("… tỉnh Hà Tĩnh", "… Thành phố", "… HCM").
pub(crate) struct ProvinceWords {
    /// Suffixes, longest first.
    pub suffixes: Vec<Vec<String>>,
    /// Bare names ("ha tinh", "hcm") used to find the province in a place line.
    pub bare: Vec<Vec<String>>,
    /// "tinh" or "thanh pho".
    pub level: Vec<String>,
}

const UBND: [&str; 4] = ["uy", "ban", "nhan", "dan"];

fn strip_ubnd(k: &[String]) -> &[String] {
    if k.len() > UBND.len() && k.iter().zip(UBND).all(|(a, b)| a == b) {
        &k[UBND.len()..]
    } else {
        k
    }
}

pub(crate) fn province_words(p: &Unit) -> ProvinceWords {
    let forms = std::iter::once(&p.name).chain(&p.abbreviations).chain(&p.aliases);
    let mut level: Vec<String> = Vec::new();
    let mut bare: Vec<Vec<String>> = Vec::new();
    for f in forms {
        let k = key_pieces(f);
        let k = strip_ubnd(&k);
        let (lv, rest): (&[String], &[String]) = if k.first().is_some_and(|w| w == "tinh") {
            k.split_at(1)
        } else if k.len() >= 2 && k[0] == "thanh" && k[1] == "pho" {
            k.split_at(2)
        } else {
            (&[], k)
        };
        if level.is_empty() && !lv.is_empty() {
            level = lv.to_vec();
        }
        if !rest.is_empty() && !bare.iter().any(|b| b.as_slice() == rest) {
            bare.push(rest.to_vec());
        }
    }
    if level.is_empty() {
        level = vec!["tinh".to_string()];
    }
    let mut suffixes: Vec<Vec<String>> = Vec::new();
    for b in &bare {
        suffixes.push(level.iter().chain(b).cloned().collect());
        suffixes.push(b.clone());
    }
    suffixes.push(level.clone());
    suffixes.sort_by_key(|s| std::cmp::Reverse(s.len()));
    suffixes.dedup();
    ProvinceWords { suffixes, bare, level }
}

/// Inserts every key under which `unit` (at `idx`) may be written.
pub(crate) fn add_unit_keys(
    index: &mut Index,
    idx: usize,
    unit: &Unit,
    facts: &UnitFacts,
    province: Option<&ProvinceWords>,
) {
    let forms = std::iter::once((&unit.name, MatchVia::Name))
        .chain(unit.abbreviations.iter().map(|a| (a, MatchVia::Abbreviation)))
        .chain(unit.aliases.iter().map(|a| (a, MatchVia::Alias)));
    let ubnd: Vec<String> = UBND.iter().map(|s| (*s).to_string()).collect();
    for (form, via) in forms {
        let k = key_pieces(form);
        if k.is_empty() {
            continue;
        }
        let entry = Entry::Unit { idx, via };
        index.insert(&k, entry);
        if via == MatchVia::Abbreviation {
            if let Some(joined) = joined_abbreviation(&k) {
                index.insert(&joined, entry);
            }
        }
        match facts.kind {
            UnitKind::Province => {
                if strip_ubnd(&k).len() == k.len() {
                    index.insert(&[ubnd.clone(), k.clone()].concat(), entry);
                }
                if let Some(p) = province {
                    index.insert(&[ubnd.clone(), p.level.clone()].concat(), entry);
                }
            }
            UnitKind::District | UnitKind::Commune => {
                if strip_ubnd(&k).len() == k.len() {
                    index.insert(&[ubnd.clone(), k].concat(), entry);
                }
            }
            _ => {
                let Some(p) = province else { continue };
                let base = p
                    .suffixes
                    .iter()
                    .find(|s| k.len() > s.len() + 1 && k.ends_with(s))
                    .map(|s| &k[..k.len() - s.len()])
                    .unwrap_or(&k);
                if base.len() < 2 {
                    continue;
                }
                index.insert(base, entry);
                for s in &p.suffixes {
                    index.insert(&[base, s.as_slice()].concat(), entry);
                }
            }
        }
    }
}

/// `so ld tb xh` → `so ldtbxh`: officials write compound abbreviations with and without
/// separators.
fn joined_abbreviation(k: &[String]) -> Option<Vec<String>> {
    let (head, rest) = k.split_first()?;
    if rest.len() < 2 || rest.iter().any(|p| p.chars().count() > 4) {
        return None;
    }
    Some(vec![head.clone(), rest.concat()])
}
