//! Unit names as pages show them: a name that two units active today share carries its
//! parent's name ("Sở Tư pháp (Tỉnh Hà Tĩnh)"), so no list shows an ambiguous unit. Templates
//! link a unit to its scorecard with the `unit_link` macro.

use std::collections::HashMap;

use cchc_domain::unit::{Unit, UnitId};

/// Unambiguous labels of the units given.
pub struct UnitNames {
    labels: HashMap<UnitId, String>,
}

impl UnitNames {
    /// Labels for `units` as of `on` (the names shared among the units active that day get
    /// their parent's name).
    pub fn new(units: &[Unit], on: chrono::NaiveDate) -> UnitNames {
        let mut count: HashMap<&str, usize> = HashMap::new();
        for u in units.iter().filter(|u| u.is_active_on(on)) {
            *count.entry(u.name.as_str()).or_default() += 1;
        }
        let by_id: HashMap<UnitId, &Unit> = units.iter().map(|u| (u.id, u)).collect();
        let labels = units
            .iter()
            .map(|u| {
                let shared = count.get(u.name.as_str()).copied().unwrap_or(0) > 1;
                let parent = u.parent_id.and_then(|p| by_id.get(&p)).map(|p| p.name.as_str());
                let label = match (shared, parent) {
                    (true, Some(p)) => format!("{} ({p})", u.name),
                    _ => u.name.clone(),
                };
                (u.id, label)
            })
            .collect();
        UnitNames { labels }
    }

    /// The label of unit `id` (empty for an unknown unit).
    pub fn label(&self, id: UnitId) -> String {
        self.labels.get(&id).cloned().unwrap_or_default()
    }
}
