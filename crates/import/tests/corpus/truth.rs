//! Truth files of the corpus (`documents/corpus/NN_name.truth.toml`), written by hand from the
//! documents, and the checks of one parsed document against its truth.

use cchc_domain::plan::{ParsedDocument, PlanTask};
use cchc_domain::text::fold;
use chrono::NaiveDate;
use serde::Deserialize;

/// What a person reads in one document.
#[derive(Debug, Deserialize)]
pub struct Truth {
    /// `real` (with its number and date in `note`) or `composed`.
    pub origin: String,
    pub note: String,
    /// Tasks a person counts, and how far the importer may be off.
    pub tasks: usize,
    pub tolerance: usize,
    /// Every lead a person reads in the document, as written: any other lead is a false lead.
    pub actors: Vec<String>,
    #[serde(default)]
    pub spot: Vec<Spot>,
}

/// One task checked in detail: found by a snippet of its text.
#[derive(Debug, Deserialize)]
pub struct Spot {
    pub find: String,
    /// The lead as written (`""`: the document names none).
    pub lead: String,
    /// Phrases the coordinating agencies must contain; unchecked when absent.
    pub coordinating: Option<Vec<String>>,
    /// `YYYY-MM-DD` due date, `""` for none; unchecked when absent.
    pub deadline: Option<String>,
}

/// Folded, without the punctuation that ends or opens a phrase.
pub fn norm(s: &str) -> String {
    let f = fold(s);
    f.trim().trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace()).to_string()
}

/// A lead folded without its parenthetical notes (`Bộ Công an (cơ quan thường trực)`), which
/// the resolver keeps as scope notes.
pub fn norm_lead(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0i32;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth -= 1,
            _ if depth <= 0 => out.push(c),
            _ => {}
        }
    }
    let f = fold(&out);
    f.trim().trim_matches(|c: char| c.is_ascii_punctuation() || c.is_whitespace()).to_string()
}

/// The outcome of one spot check.
#[derive(Debug)]
pub struct SpotResult {
    pub passed: bool,
    /// The task's lead is not empty and not the expected one.
    pub false_lead: bool,
    pub why: String,
}

fn task_for<'a>(doc: &'a ParsedDocument, find: &str) -> Option<(usize, &'a PlanTask)> {
    let key = norm(find);
    let hay = |t: &PlanTask| {
        let mut s = norm(&t.title);
        for a in &t.activities {
            s.push(' ');
            s.push_str(&norm(&a.text));
        }
        s
    };
    doc.tasks.iter().enumerate().find(|(_, t)| hay(t).contains(&key))
}

/// Checks one spot task; returns the index of the task found, if any.
pub fn check_spot(doc: &ParsedDocument, spot: &Spot) -> (SpotResult, Option<usize>) {
    let Some((i, t)) = task_for(doc, &spot.find) else {
        return (SpotResult { passed: false, false_lead: false, why: format!("not found: {}", spot.find) }, None);
    };
    let mut why = Vec::new();
    let lead = norm_lead(&t.lead.text);
    let lead_ok = lead == norm_lead(&spot.lead);
    if !lead_ok {
        why.push(format!("lead “{}” ≠ “{}”", t.lead.text, spot.lead));
    }
    let false_lead = !lead_ok && !lead.is_empty();
    if let Some(coord) = &spot.coordinating {
        let have = norm(&t.coordinating.text);
        for c in coord {
            if !have.contains(&norm(c)) {
                why.push(format!("coordinating “{}” lacks “{c}”", t.coordinating.text));
            }
        }
        if coord.is_empty() && !have.is_empty() {
            why.push(format!("coordinating “{}” should be empty", t.coordinating.text));
        }
    }
    if let Some(d) = &spot.deadline {
        let want = if d.is_empty() {
            None
        } else {
            Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad date {d}: {e}")))
        };
        if t.deadline.due != want {
            why.push(format!("deadline {:?} (“{}”) ≠ {d:?}", t.deadline.due, t.deadline.text));
        }
    }
    let passed = why.is_empty();
    (SpotResult { passed, false_lead, why: format!("{}: {}", spot.find, why.join("; ")) }, Some(i))
}

/// Tasks whose lead is none of the actors the document names (nor part of one).
pub fn stray_leads(doc: &ParsedDocument, actors: &[String]) -> Vec<usize> {
    let actors: Vec<String> = actors.iter().map(|a| norm_lead(a)).collect();
    doc.tasks
        .iter()
        .enumerate()
        .filter(|(_, t)| {
            let l = norm_lead(&t.lead.text);
            !l.is_empty() && !actors.iter().any(|a| a.contains(&l) || l.contains(a.as_str()))
        })
        .map(|(i, _)| i)
        .collect()
}
