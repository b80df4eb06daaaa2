//! The one unit tree with roll-up: units as parent links by code (commune → district →
//! province, department → province), used to roll values up to every ancestor (index 766
//! reports and explanations) and to ask whether a unit lies under another.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::unit::{Unit, UnitId};

/// Units with their parents and display names.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct UnitTree {
    /// Child code → parent code.
    pub parent: HashMap<String, String>,
    /// Code → name (optional).
    pub names: HashMap<String, String>,
}

impl UnitTree {
    /// From (child, parent) links.
    pub fn from_links<I, S>(links: I) -> UnitTree
    where
        I: IntoIterator<Item = (S, S)>,
        S: Into<String>,
    {
        UnitTree { parent: links.into_iter().map(|(c, p)| (c.into(), p.into())).collect(), names: HashMap::new() }
    }

    /// The registry's units: each unit's code under its parent's code, with its name.
    pub fn from_units(units: &[Unit]) -> UnitTree {
        let by_id: HashMap<UnitId, &Unit> = units.iter().map(|u| (u.id, u)).collect();
        let mut tree = UnitTree::default();
        for u in units {
            if let Some(p) = u.parent_id.and_then(|p| by_id.get(&p)) {
                tree.parent.insert(u.code.clone(), p.code.clone());
            }
            tree.names.insert(u.code.clone(), u.name.clone());
        }
        tree
    }

    /// The unit itself followed by its ancestors, nearest first (cycles are cut).
    pub fn chain(&self, unit: &str) -> Vec<String> {
        let mut out = vec![unit.to_string()];
        let mut cur = unit;
        while let Some(p) = self.parent.get(cur) {
            if out.iter().any(|x| x == p) {
                break;
            }
            out.push(p.clone());
            cur = p;
        }
        out
    }

    /// Whether `unit` is `ancestor` or lies below it.
    pub fn is_within(&self, unit: &str, ancestor: &str) -> bool {
        self.chain(unit).iter().any(|u| u == ancestor)
    }

    /// Display name, or the code.
    pub fn name<'a>(&'a self, unit: &'a str) -> &'a str {
        self.names.get(unit).map_or(unit, String::as_str)
    }

    /// Units that have children.
    pub fn is_parent(&self, unit: &str) -> bool {
        self.parent.values().any(|p| p == unit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chains_and_cycles() {
        let t = UnitTree::from_links([("X1", "H1"), ("H1", "T"), ("A", "B"), ("B", "A")]);
        assert_eq!(t.chain("X1"), ["X1", "H1", "T"]);
        assert_eq!(t.chain("A"), ["A", "B"]);
        assert!(t.is_within("X1", "T"));
        assert!(!t.is_within("T", "X1"));
        assert!(t.is_parent("H1"));
    }
}
