//! Fills the agency cells of a parsed document with the registry units they name. The matching
//! itself belongs to the domain resolver; this module only walks the document.

use cchc_domain::resolver::national::{find_national, national_by_code, NationalAgency};
use cchc_domain::resolver::{PartTarget, Resolution, Resolver};
use cchc_domain::unit::UnitId;

use cchc_domain::plan::{Assignment, ParsedDocument};
use cchc_domain::resolver::national::ExternalActor;

/// What a resolver says about one agency cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolved {
    pub names: Vec<String>,
    pub unit_ids: Vec<i64>,
    pub unresolved: Vec<String>,
    pub external: Vec<ExternalActor>,
    pub groups: Vec<cchc_domain::resolver::UnitGroup>,
}

/// Applies `resolve` to every non-empty agency cell (leads, coordinating, monitoring,
/// implementing) and marks the document resolved.
pub fn resolve_with(doc: &mut ParsedDocument, mut resolve: impl FnMut(&str) -> Resolved) {
    let mut apply = |a: &mut Assignment| {
        if a.is_empty() {
            return;
        }
        let r = resolve(&a.text);
        a.names = r.names;
        a.unit_ids = r.unit_ids;
        a.unresolved = r.unresolved;
        a.external = r.external;
        a.groups = r.groups;
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
            external: external_actors(&r, resolver, province),
            groups: r.groups(),
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
            let known = a.external.iter().any(|e| e.text == *u && e.code.is_some());
            if !known && !phrases.contains(u) {
                phrases.push(u.clone());
            }
        }
    }
    if !phrases.is_empty() {
        let shown: Vec<String> = phrases.iter().take(8).map(|p| format!("“{p}”")).collect();
        let more = if phrases.len() > 8 { format!(" và {} cụm khác", phrases.len() - 8) } else { String::new() };
        let msg = format!("{} cụm từ cơ quan chưa khớp danh mục đơn vị: {}{more}.", phrases.len(), shown.join(", "));
        doc.warnings.push(cchc_domain::plan::Warning::doc(cchc_domain::plan::WarningCode::UnresolvedAgency, msg));
    }
}

fn national(text: &str, a: &NationalAgency) -> ExternalActor {
    ExternalActor {
        text: text.to_string(),
        code: Some(a.code.clone()),
        name: Some(a.name.clone()),
        kind: Some(a.kind.clone()),
    }
}

/// The parts of a resolution that name actors outside the province: national bodies (by their
/// registry code, or matched in the national list when the registry has none) and bodies of
/// another province, each kept with the words the document wrote.
pub fn external_actors(r: &Resolution, resolver: &Resolver, province: Option<UnitId>) -> Vec<ExternalActor> {
    let mut out: Vec<ExternalActor> = Vec::new();
    let mut after_province = false;
    for p in &r.parts {
        let other_province = |text: &str| {
            let named = resolver.find_province(text);
            named.is_some_and(|n| Some(n) != province) || (named.is_none() && names_a_province(text))
        };
        let found = match &p.target {
            PartTarget::Unit { code, .. } => national_by_code(code).map(|a| national(&p.text, a)),
            PartTarget::Unresolved | PartTarget::Ambiguous { .. } => match find_national(&p.text) {
                Some(a) => Some(national(&p.text, a)),
                // `Ủy ban nhân dân các tỉnh Lạng Sơn, Cao Bằng, …`: the bare names after it too.
                None if other_province(&p.text) || (after_province && !crate::agency::starts_with_agency(&p.text)) => {
                    Some(ExternalActor { text: p.text.clone(), kind: Some("province".into()), ..Default::default() })
                }
                None => None,
            },
            PartTarget::Group { .. } => None,
        };
        after_province = found.as_ref().is_some_and(|e| e.kind.as_deref() == Some("province"));
        if let Some(e) = found.filter(|e| !out.contains(e)) {
            out.push(e);
        }
    }
    out
}

/// Whether a phrase names a province's people's committee or the province itself
/// (`Ủy ban nhân dân tỉnh Lạng Sơn`, `UBND các tỉnh …`, `Thành phố Hà Nội`).
fn names_a_province(text: &str) -> bool {
    let f = cchc_domain::text::fold(text);
    let f = f.strip_prefix("uy ban nhan dan ").or_else(|| f.strip_prefix("ubnd ")).unwrap_or(&f);
    let f = f.strip_prefix("cac ").unwrap_or(f);
    ["tinh ", "thanh pho "].iter().any(|p| f.starts_with(p) && f.len() > p.len() + 2)
}
