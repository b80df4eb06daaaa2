//! Fills the agency cells of a parsed document with the registry units they name. The matching
//! itself belongs to the domain resolver; this module only walks the document.

use crate::model::{AgencyRef, ParsedDocument};

/// What a resolver says about one agency cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub names: Vec<String>,
    pub unit_ids: Vec<i64>,
    pub unresolved: Vec<String>,
}

/// Applies `resolve` to every non-empty agency cell (leads, coordinating, monitoring,
/// implementing) and marks the document resolved.
pub fn resolve_with(doc: &mut ParsedDocument, mut resolve: impl FnMut(&str) -> Resolved) {
    let mut apply = |a: &mut AgencyRef| {
        if a.is_empty() {
            return;
        }
        let r = resolve(&a.text);
        a.names = r.names;
        a.unit_ids = r.unit_ids;
        a.unresolved = r.unresolved;
    };
    for t in &mut doc.tasks {
        apply(&mut t.lead);
        apply(&mut t.coordinating);
    }
    for t in &mut doc.targets {
        apply(&mut t.monitoring);
        apply(&mut t.implementing);
    }
    doc.agencies_resolved = true;
}

/// Resolves every agency cell with the registry resolver, in the document's province (found
/// from its province, issuer or title) and on `on` (default: the document date). Phrases that
/// match nothing stay in the `unresolved` lists and are summarised in one warning.
pub fn resolve_agencies(
    doc: &mut ParsedDocument,
    resolver: &cchc_domain::resolver::Resolver,
    on: Option<chrono::NaiveDate>,
) {
    let d = &doc.document;
    let province = [d.province.as_deref(), d.issuer.as_deref(), d.title.as_deref(), d.place.as_deref()]
        .into_iter()
        .flatten()
        .find_map(|t| resolver.find_province(t));
    let ctx = cchc_domain::resolver::ResolveContext { province, on: on.or(d.date) };
    resolve_with(doc, |text| {
        let r = resolver.resolve(text, &ctx);
        Resolved {
            names: r.names(),
            unit_ids: r.unit_ids(),
            unresolved: r.unresolved().iter().map(|s| s.to_string()).collect(),
        }
    });
    let mut phrases: Vec<String> = Vec::new();
    for a in doc
        .tasks
        .iter()
        .flat_map(|t| [&t.lead, &t.coordinating])
        .chain(doc.targets.iter().flat_map(|t| [&t.monitoring, &t.implementing]))
    {
        for u in &a.unresolved {
            if !phrases.contains(u) {
                phrases.push(u.clone());
            }
        }
    }
    if !phrases.is_empty() {
        let shown: Vec<String> = phrases.iter().take(8).map(|p| format!("“{p}”")).collect();
        let more = if phrases.len() > 8 { format!(" và {} cụm khác", phrases.len() - 8) } else { String::new() };
        let msg = format!("{} cụm từ cơ quan chưa khớp danh mục đơn vị: {}{more}.", phrases.len(), shown.join(", "));
        doc.warnings.push(crate::model::Warning::doc(crate::model::WarningCode::UnresolvedAgency, msg));
    }
}
