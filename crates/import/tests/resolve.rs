//! Agency cells resolved against the default registry shipped with cchc.

mod common;

use cchc_domain::registry_file::default_registry;
use cchc_domain::resolver::Resolver;
use cchc_import::{resolve_agencies, to_json};

fn resolver() -> Resolver {
    let (units, changes) = default_registry().unwrap_or_else(|e| panic!("{e:?}"));
    Resolver::new(&units, &changes)
}

#[test]
fn ha_tinh_leads_resolve_to_units() {
    let mut doc = common::parse("seeds/001_a5b74ff242722c67.txt");
    resolve_agencies(&mut doc, &resolver(), None);
    assert!(doc.agencies_resolved);
    let t = common::task(&doc, Some("I"), "2.1");
    assert!(!t.lead.unit_ids.is_empty(), "Sở Nội vụ resolves: {:?}", t.lead);
    assert!(t.lead.names.iter().any(|n| n.contains("Nội vụ")), "{:?}", t.lead.names);
    let with_lead = doc.tasks.iter().filter(|t| !t.lead.is_empty()).count();
    let resolved = doc.tasks.iter().filter(|t| !t.lead.names.is_empty()).count();
    assert!(resolved * 10 >= with_lead * 8, "{resolved} of {with_lead} leads resolved");
    let json = to_json(&doc);
    assert_eq!(json["document"]["agencies_resolved"], true);
    assert!(json["tasks"][0]["lead"].as_array().is_some_and(|a| !a.is_empty()));
}

#[test]
fn notice_leads_resolve_in_hoa_binh() {
    let mut doc = common::parse("seeds/004_52ac1802baa48ef1.txt");
    resolve_agencies(&mut doc, &resolver(), None);
    let fin = &doc.tasks[4];
    assert!(fin.lead.names.iter().any(|n| n.contains("Tài chính")), "{:?}", fin.lead);
    let list = &doc.tasks[8];
    assert!(list.lead.unit_ids.len() >= 3, "Các Sở Tài chính, Nội vụ, Nông nghiệp và Môi trường: {:?}", list.lead);
}
