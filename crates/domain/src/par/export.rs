//! A criteria set written as rows in the published layout (the same one [`super::rows`]
//! reads), for the XLSX writer: header, one row per node in document order, a total row.
//!
//! The method cell is the guidance as imported when there is one, else the canonical text
//! of the method; a missing STT is derived from the code (areas in Roman numerals, then the
//! code without the area: "2", "2.3").

use super::criteria::{CriteriaSet, Node, NodeRef};
use super::live_text::{live_cell, LIVE_TITLE};
use super::method::ScoringMethod;
use super::method_text::method_text;
use super::points::Points;
use super::rows::{to_roman, HEADER, OWNER_TITLE};

/// The rows of `set`, header first and "Tổng cộng" last; an owner column is added when any
/// criterion has an owning department, a live-data column when any is linked to live data.
pub fn export_rows(set: &CriteriaSet) -> Vec<Vec<String>> {
    let walked = set.walk();
    let with_owner = walked.iter().any(|r| r.node.owner.is_some());
    let with_live = walked.iter().any(|r| r.node.live.is_some());
    let mut header: Vec<String> = HEADER.iter().map(ToString::to_string).collect();
    if with_owner {
        header.push(OWNER_TITLE.to_string());
    }
    if with_live {
        header.push(LIVE_TITLE.to_string());
    }
    let mut out = vec![header];
    for r in &walked {
        let mut row = vec![
            r.node.stt.clone().unwrap_or_else(|| derived_stt(r)),
            r.node.name.clone(),
            r.node.max.to_string(),
            method_cell(r),
            evidence_cell(r.node),
        ];
        if with_owner {
            row.push(r.node.owner.clone().unwrap_or_default());
        }
        if with_live {
            row.push(r.node.live.as_ref().map(live_cell).unwrap_or_default());
        }
        out.push(row);
    }
    let mut total = vec![String::new(), "Tổng cộng".to_string(), set.total.to_string()];
    total.resize(out[0].len(), String::new());
    out.push(total);
    out
}

fn derived_stt(r: &NodeRef<'_>) -> String {
    let mut segments = r.node.code.split('.');
    let first = segments.next().unwrap_or_default();
    if r.depth == 0 {
        return first.parse().map_or_else(|_| first.to_string(), to_roman);
    }
    segments.collect::<Vec<_>>().join(".")
}

fn method_cell(r: &NodeRef<'_>) -> String {
    let node = r.node;
    if !node.guidance.is_empty() {
        return node.guidance.clone();
    }
    if node.is_leaf() {
        return method_text(node.method.as_ref(), r.component, node.may_be_not_applicable);
    }
    // A parent declaring a survey component says so the way a survey leaf does, so the
    // component survives a round trip through the file.
    let survey = ScoringMethod::Survey { scale: Points::HUNDRED, thresholds: vec![] };
    let marker = node.component.filter(|c| c.is_external()).map(|_| &survey);
    method_text(marker, r.component, node.may_be_not_applicable)
}

fn evidence_cell(node: &Node) -> String {
    match (node.evidence.is_empty(), node.evidence_required) {
        (false, _) => node.evidence.clone(),
        (true, true) => "Có".to_string(),
        (true, false) => String::new(),
    }
}
