//! The agency-phrase resolver: turns what a document writes in its "Chủ trì" / "Phối hợp"
//! cells ("Sở TT&TT", "Các Sở Tài chính, Nội vụ", "UBND cấp huyện, cấp xã", "các cơ quan
//! liên quan") into registry units and unit groups, date-effectively, never dropping text.
//!
//! Indexes are built once in [`Resolver::new`]; a call to [`Resolver::resolve`] lexes the
//! phrase, matches the longest known names in a trie (ignoring case, diacritics, NFC/NFD,
//! punctuation, `và` / `&`, `các`), and assembles list items, distributed lists
//! ("các Sở: Tài chính, Tư pháp"), collective phrases, role notes ("… chủ trì đối với …")
//! and successors of merged units.

mod assemble;
mod dates;
mod fuzzy;
mod group;
mod index;
mod lex;
pub mod national;
mod scan;
mod vocabulary;

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use group::UnitGroup;

use crate::text::clean;
use crate::unit::{ChangeKind, Unit, UnitChange, UnitId, UnitKind};
use group::UnitFacts;
use index::{Entry, Index, UNKNOWN};
use lex::{is_stopword, key_pieces, lex, Sym};

/// Where and when a phrase is read: the document's province and date.
#[derive(Debug, Clone, Default)]
pub struct ResolveContext {
    /// Only units of this province (and national bodies) are eligible.
    pub province: Option<UnitId>,
    /// The document date: units that ended before it resolve to their successors.
    pub on: Option<NaiveDate>,
}

/// How a phrase was matched to a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchVia {
    /// The official name (possibly with or without the province's name).
    Name,
    /// A registered abbreviation (`Sở TT&TT`).
    Abbreviation,
    /// A registered other spelling or former name.
    Alias,
    /// The text names a unit that had ended by the document date; this is its successor.
    Successor,
    /// An approximate match (misspelling, missing words); confidence is below 1.
    Fuzzy,
}

/// A unit proposed when a phrase fits several.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Candidate {
    /// Registry id.
    pub id: UnitId,
    /// Unit code (`HT-SNV`).
    pub code: String,
    /// Official name.
    pub name: String,
}

/// What one part of a phrase denotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PartTarget {
    /// A registry unit.
    Unit { id: UnitId, code: String, name: String, via: MatchVia },
    /// A collective group and its display label; see [`UnitGroup::members`].
    Group { group: UnitGroup, label: String },
    /// Several units fit equally (e.g. "Sở Nội vụ" with no province in context).
    Ambiguous { candidates: Vec<Candidate> },
    /// Nothing in the registry fits; the text is kept and flagged.
    Unresolved,
}

/// One part of a phrase and what it denotes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ResolvedPart {
    /// The words of the phrase this part covers (NFC).
    pub text: String,
    pub target: PartTarget,
    /// 1 for exact matches, below 1 for approximate ones, 0 when unresolved or ambiguous.
    pub confidence: f32,
    /// A restriction written with the agency: "đối với áp dụng các sáng kiến CCHC",
    /// "đạt chuẩn NTM", a parenthesis.
    pub scope_note: Option<String>,
    /// The unit the text names when the target is another one (its successor).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_unit: Option<UnitId>,
    /// An explanation for a reviewer (Vietnamese), e.g. why a successor was chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remark: Option<String>,
}

/// The outcome of resolving a phrase: its parts in the order written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Resolution {
    /// The phrase, NFC-normalised with whitespace collapsed.
    pub text: String,
    pub parts: Vec<ResolvedPart>,
}

impl Resolution {
    /// Resolved units, deduplicated, in order.
    pub fn unit_ids(&self) -> Vec<UnitId> {
        let mut out: Vec<UnitId> = Vec::new();
        for p in &self.parts {
            if let PartTarget::Unit { id, .. } = p.target {
                if !out.contains(&id) {
                    out.push(id);
                }
            }
        }
        out
    }

    /// Display names of resolved units and group labels, deduplicated, in order.
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for p in &self.parts {
            let name = match &p.target {
                PartTarget::Unit { name, .. } => name,
                PartTarget::Group { label, .. } => label,
                PartTarget::Ambiguous { .. } | PartTarget::Unresolved => continue,
            };
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        out
    }

    /// Texts kept unresolved or ambiguous, for a person to map.
    pub fn unresolved(&self) -> Vec<&str> {
        self.parts
            .iter()
            .filter(|p| matches!(p.target, PartTarget::Unresolved | PartTarget::Ambiguous { .. }))
            .map(|p| p.text.as_str())
            .collect()
    }

    /// Whether every part names a unit or a group.
    pub fn is_fully_resolved(&self) -> bool {
        self.unresolved().is_empty()
    }

    /// The groups named, deduplicated, in order.
    pub fn groups(&self) -> Vec<UnitGroup> {
        let mut out: Vec<UnitGroup> = Vec::new();
        for p in &self.parts {
            if let PartTarget::Group { group, .. } = p.target {
                if !out.contains(&group) {
                    out.push(group);
                }
            }
        }
        out
    }
}

/// A unit as the resolver needs it.
#[derive(Debug)]
struct UnitInfo {
    id: UnitId,
    code: String,
    name: String,
    /// Key pieces of the name, abbreviations and aliases (for approximate matching).
    forms: Vec<Vec<String>>,
}

impl UnitInfo {
    fn of(u: &Unit) -> UnitInfo {
        UnitInfo {
            id: u.id,
            code: u.code.clone(),
            name: u.name.clone(),
            forms: std::iter::once(&u.name)
                .chain(&u.abbreviations)
                .chain(&u.aliases)
                .map(|f| key_pieces(f))
                .filter(|k| k.len() >= 2)
                .collect(),
        }
    }
}

/// A recorded end of a unit and who carries on.
#[derive(Debug)]
struct Succession {
    effective: NaiveDate,
    kind: ChangeKind,
    successors: Vec<usize>,
}

/// Resolves agency phrases against a registry. Build once, call many times.
#[derive(Debug)]
pub struct Resolver {
    units: Vec<UnitInfo>,
    facts: Vec<UnitFacts>,
    successions: Vec<Vec<Succession>>,
    index: Index,
    /// Keys that name a province in a place or issuer line.
    province_keys: Vec<(Vec<u32>, usize)>,
}

impl Resolver {
    /// Builds the indexes for `units` and the reorganisations between them.
    pub fn new(units: &[Unit], changes: &[UnitChange]) -> Resolver {
        let facts = group::unit_facts(units);
        let province_words: HashMap<UnitId, index::ProvinceWords> =
            units.iter().filter(|u| u.kind == UnitKind::Province).map(|u| (u.id, index::province_words(u))).collect();
        let mut index = Index::new();
        index.add_vocabulary();
        for (i, u) in units.iter().enumerate() {
            let pw = facts[i].province.and_then(|p| province_words.get(&p));
            index::add_unit_keys(&mut index, i, u, &facts[i], pw);
        }
        let mut province_keys = Vec::new();
        for (i, u) in units.iter().enumerate() {
            for bare in province_words.get(&u.id).map(|pw| pw.bare.as_slice()).unwrap_or(&[]) {
                let ids: Vec<u32> = bare.iter().map(|p| index.id(p)).collect();
                if !ids.contains(&UNKNOWN) {
                    province_keys.push((ids, i));
                }
            }
        }
        province_keys.sort_by_key(|(k, _)| std::cmp::Reverse(k.len()));
        Resolver {
            units: units.iter().map(UnitInfo::of).collect(),
            facts,
            successions: successions(units, changes),
            index,
            province_keys,
        }
    }

    /// The province a place or issuer phrase names ("UBND tỉnh Hà Tĩnh", "TỈNH ĐỒNG THÁP",
    /// "Bình Định, ngày …", "Thành phố Hồ Chí Minh"): the earliest province name in the text.
    pub fn find_province(&self, text: &str) -> Option<UnitId> {
        let syms = lex(&clean(text));
        let words: Vec<&str> = syms.iter().filter_map(Sym::piece).collect();
        let ids: Vec<u32> = words.iter().map(|w| self.index.id(w)).collect();
        for start in 0..ids.len() {
            // "Đoàn TNCS Hồ Chí Minh", "tư tưởng Hồ Chí Minh" name a person, not the city.
            let after_person_word =
                start >= 2 && matches!((words[start - 2], words[start - 1]), ("cong", "san") | ("tu", "tuong"));
            if after_person_word {
                continue;
            }
            for (key, idx) in &self.province_keys {
                if ids[start..].starts_with(key) {
                    return Some(self.units[*idx].id);
                }
            }
        }
        None
    }

    /// Resolves an agency phrase in a province and on a date.
    pub fn resolve(&self, phrase: &str, ctx: &ResolveContext) -> Resolution {
        let text = clean(phrase);
        let syms = lex(&text);
        let atoms = scan::scan(self, &syms, ctx.province);
        let parts = assemble::assemble(self, &text, &syms, atoms, ctx);
        Resolution { text, parts }
    }

    /// The members of `group` in `province` on `on` (any date when `None`).
    pub fn members(&self, group: UnitGroup, province: Option<UnitId>, on: Option<NaiveDate>) -> Vec<UnitId> {
        group::members_of(group, &self.facts, province, on)
    }

    /// Whether the unit at `idx` may be named in a document of `province`.
    fn eligible(&self, idx: usize, province: Option<UnitId>) -> bool {
        let own = self.facts[idx].province;
        province.is_none() || own.is_none() || own == province
    }

    /// Whether an index entry may be used in `province`.
    fn entry_eligible(&self, e: &Entry, province: Option<UnitId>) -> bool {
        match e {
            Entry::Unit { idx, .. } => self.eligible(*idx, province),
            _ => true,
        }
    }
}

/// For each unit (by position), the reorganisations that ended it.
fn successions(units: &[Unit], changes: &[UnitChange]) -> Vec<Vec<Succession>> {
    let by_id: HashMap<UnitId, usize> = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
    let mut out: Vec<Vec<Succession>> = units.iter().map(|_| Vec::new()).collect();
    for c in changes {
        let successors: Vec<usize> = c.successors.iter().filter_map(|s| by_id.get(s).copied()).collect();
        for pi in c.predecessors.iter().filter_map(|p| by_id.get(p).copied()) {
            out[pi].push(Succession {
                effective: c.effective,
                kind: c.kind,
                // A unit absorbing others is listed as predecessor and successor of a merge.
                successors: successors.iter().copied().filter(|s| *s != pi).collect(),
            });
        }
    }
    out
}

/// Pieces of `syms` that count for matching (no punctuation, no stopwords).
fn content_pieces(syms: &[Sym]) -> Vec<String> {
    syms.iter().filter_map(Sym::piece).filter(|p| !is_stopword(p)).map(str::to_string).collect()
}

#[cfg(test)]
mod tests;
