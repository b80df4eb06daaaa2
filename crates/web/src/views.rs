//! View models: domain objects shaped for templates (labels in the user's language, derived
//! status, links), so templates stay free of logic.

use std::collections::HashMap;

use cchc_domain::unit::{Unit, UnitChange, UnitId, UnitKind};
use chrono::NaiveDate;
use serde::Serialize;

use crate::i18n::Lang;

/// A unit as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub id: UnitId,
    pub code: String,
    pub name: String,
    pub kind: &'static str,
    pub kind_label: &'static str,
    pub parent_id: Option<UnitId>,
    pub parent_name: Option<String>,
    pub abbreviations: Vec<String>,
    pub aliases: Vec<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub note: String,
    /// Ended before today.
    pub ended: bool,
    /// Where an ended unit's work went (the current view shows these).
    pub successors: Vec<UnitRef>,
    pub children: Vec<UnitView>,
}

/// A link to a unit.
#[derive(Debug, Clone, Serialize)]
pub struct UnitRef {
    pub id: UnitId,
    pub name: String,
}

/// A change as pages show it.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeView {
    pub id: i64,
    pub kind_label: &'static str,
    pub effective: NaiveDate,
    pub predecessors: Vec<UnitRef>,
    pub successors: Vec<UnitRef>,
    pub note: String,
}

/// Builds views with names resolved from the whole registry.
pub struct Registry<'a> {
    by_id: HashMap<UnitId, &'a Unit>,
    successors: HashMap<UnitId, Vec<UnitId>>,
    changes: &'a [UnitChange],
    lang: Lang,
    today: NaiveDate,
}

impl<'a> Registry<'a> {
    pub fn new(units: &'a [Unit], changes: &'a [UnitChange], lang: Lang, today: NaiveDate) -> Self {
        let mut successors: HashMap<UnitId, Vec<UnitId>> = HashMap::new();
        for c in changes {
            for p in &c.predecessors {
                for s in &c.successors {
                    if s != p {
                        successors.entry(*p).or_default().push(*s);
                    }
                }
            }
        }
        Self { by_id: units.iter().map(|u| (u.id, u)).collect(), successors, changes, lang, today }
    }

    fn kind_label(&self, k: UnitKind) -> &'static str {
        match self.lang {
            Lang::Vi => k.label_vi(),
            Lang::En => k.label_en(),
        }
    }

    fn r(&self, id: UnitId) -> Option<UnitRef> {
        self.by_id.get(&id).map(|u| UnitRef { id, name: u.name.clone() })
    }

    /// One unit, without children.
    pub fn view(&self, u: &Unit) -> UnitView {
        UnitView {
            id: u.id,
            code: u.code.clone(),
            name: u.name.clone(),
            kind: u.kind.code(),
            kind_label: self.kind_label(u.kind),
            parent_id: u.parent_id,
            parent_name: u.parent_id.and_then(|p| self.by_id.get(&p)).map(|p| p.name.clone()),
            abbreviations: u.abbreviations.clone(),
            aliases: u.aliases.clone(),
            valid_from: u.valid_from,
            valid_to: u.valid_to,
            note: u.note.clone(),
            ended: u.has_ended_by(self.today),
            successors: self.current_successors(u.id).into_iter().filter_map(|id| self.r(id)).collect(),
            children: Vec::new(),
        }
    }

    /// Follows successor links to the units that exist today (a merge of a merge ends at the
    /// latest unit).
    pub fn current_successors(&self, id: UnitId) -> Vec<UnitId> {
        let mut out = Vec::new();
        let mut stack: Vec<UnitId> = self.successors.get(&id).cloned().unwrap_or_default();
        let mut seen = vec![id];
        while let Some(s) = stack.pop() {
            if seen.contains(&s) {
                continue;
            }
            seen.push(s);
            match self.by_id.get(&s) {
                Some(u) if u.has_ended_by(self.today) && self.successors.contains_key(&s) => {
                    stack.extend(self.successors.get(&s).cloned().unwrap_or_default());
                }
                Some(_) => out.push(s),
                None => {}
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The tree of units under `roots` (or the top-level units), current ones only unless
    /// `include_ended`.
    pub fn tree(&self, units: &[Unit], include_ended: bool) -> Vec<UnitView> {
        let shown: Vec<&Unit> = units.iter().filter(|u| include_ended || !u.has_ended_by(self.today)).collect();
        let mut children: HashMap<Option<UnitId>, Vec<&Unit>> = HashMap::new();
        for u in &shown {
            let parent = u.parent_id.filter(|p| shown.iter().any(|x| x.id == *p));
            children.entry(parent).or_default().push(u);
        }
        for v in children.values_mut() {
            v.sort_by(|a, b| {
                (a.kind, cchc_domain::text::fold(&a.name)).cmp(&(b.kind, cchc_domain::text::fold(&b.name)))
            });
        }
        self.build(None, &children, 0)
    }

    fn build(
        &self,
        parent: Option<UnitId>,
        children: &HashMap<Option<UnitId>, Vec<&Unit>>,
        depth: usize,
    ) -> Vec<UnitView> {
        if depth > 32 {
            return Vec::new();
        }
        children
            .get(&parent)
            .map(|list| {
                list.iter()
                    .map(|u| {
                        let mut v = self.view(u);
                        v.children = self.build(Some(u.id), children, depth + 1);
                        v
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Changes involving a unit, newest first.
    pub fn changes_of(&self, id: UnitId) -> Vec<ChangeView> {
        let mut v: Vec<ChangeView> = self
            .changes
            .iter()
            .filter(|c| c.predecessors.contains(&id) || c.successors.contains(&id))
            .map(|c| self.change_view(c))
            .collect();
        v.reverse();
        v
    }

    pub fn change_view(&self, c: &UnitChange) -> ChangeView {
        ChangeView {
            id: c.id,
            kind_label: match self.lang {
                Lang::Vi => c.kind.label_vi(),
                Lang::En => c.kind.label_en(),
            },
            effective: c.effective,
            predecessors: c.predecessors.iter().filter_map(|p| self.r(*p)).collect(),
            successors: c.successors.iter().filter_map(|p| self.r(*p)).collect(),
            note: c.note.clone(),
        }
    }
}

/// Today in Vietnam.
pub fn today() -> NaiveDate {
    cchc_domain::vn_time::day(chrono::Utc::now())
}

/// Kind options for select boxes.
pub fn kind_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    UnitKind::ALL.iter().map(|k| (k.code(), if lang == Lang::En { k.label_en() } else { k.label_vi() })).collect()
}

/// Units as `(id, "Name (CODE)")` options for select boxes, in Vietnamese alphabetical order
/// ignoring diacritics.
pub fn unit_options<'a>(units: impl IntoIterator<Item = &'a Unit>) -> Vec<(UnitId, String)> {
    let mut v: Vec<(UnitId, String)> = units.into_iter().map(|u| (u.id, format!("{} ({})", u.name, u.code))).collect();
    v.sort_by_cached_key(|o| cchc_domain::text::fold(&o.1));
    v
}

/// The day of the week in Vietnamese (`Thứ Hai` … `Chủ nhật`).
pub fn weekday_vi(d: NaiveDate) -> &'static str {
    use chrono::{Datelike, Weekday};
    match d.weekday() {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}
