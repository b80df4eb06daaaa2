//! Approximate matching of list items that no key matches exactly ("Sở Văn hóa - Thể
//! thao", "Sở Tài chánh"): same first word, every written word found in the name, one typo
//! allowed per long word. Results carry a confidence below 1.

use super::Resolver;
use crate::unit::UnitId;

impl Resolver {
    /// Approximate match of a list item against unit names: same first word, most words in
    /// common (one typo allowed per long word). Returns the unit and a score in (0, 1].
    pub(super) fn fuzzy(&self, pieces: &[String], province: Option<UnitId>) -> Option<(usize, f32)> {
        if pieces.len() < 2 {
            return None;
        }
        let mut best: Option<(usize, f32)> = None;
        let mut tie = false;
        for (i, u) in self.units.iter().enumerate() {
            if !self.eligible(i, province) {
                continue;
            }
            let score = u.forms.iter().map(|f| fuzzy_score(pieces, f)).fold(0.0_f32, f32::max);
            if score < 0.6 {
                continue;
            }
            match best {
                Some((_, b)) if (score - b).abs() < 1e-6 => tie = true,
                Some((_, b)) if score < b => {}
                _ => {
                    best = Some((i, score));
                    tie = false;
                }
            }
        }
        if tie {
            None
        } else {
            best
        }
    }
}

/// Share of words in common between a query and a name form. Every query word must be in
/// the form (one typo allowed per long word), the first words must agree, and at least two
/// words must match: "Sở Văn hóa - Thể thao" fits "Sở Văn hóa, Thể thao và Du lịch", "Sở
/// Ngoại vụ" does not fit "Sở Nội vụ".
fn fuzzy_score(query: &[String], form: &[String]) -> f32 {
    if query.first() != form.first() {
        return 0.0;
    }
    let mut used = vec![false; form.len()];
    let mut weight = 0.0_f32;
    for q in query {
        let exact = form.iter().enumerate().find(|(i, f)| !used[*i] && *f == q);
        let hit = exact
            .map(|(i, _)| (i, 1.0))
            .or_else(|| form.iter().enumerate().find(|(i, f)| !used[*i] && near(q, f)).map(|(i, _)| (i, 0.75)));
        match hit {
            Some((i, w)) => {
                used[i] = true;
                weight += w;
            }
            None => return 0.0,
        }
    }
    if query.len() < 2 {
        return 0.0;
    }
    weight / query.len().max(form.len()) as f32
}

/// One edit apart, for words of four letters or more.
pub(super) fn near(a: &str, b: &str) -> bool {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len() < 4 || b.len() < 4 || a.len().abs_diff(b.len()) > 1 {
        return false;
    }
    let (mut i, mut j, mut edits) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        if a[i] == b[j] {
            i += 1;
            j += 1;
            continue;
        }
        edits += 1;
        if edits > 1 {
            return false;
        }
        match a.len().cmp(&b.len()) {
            std::cmp::Ordering::Greater => i += 1,
            std::cmp::Ordering::Less => j += 1,
            std::cmp::Ordering::Equal => {
                i += 1;
                j += 1;
            }
        }
    }
    edits + (a.len() - i) + (b.len() - j) <= 1
}
