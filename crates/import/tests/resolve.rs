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

#[test]
fn actors_outside_the_province_are_kept_as_external() {
    let bytes =
        std::fs::read(common::shared("corpus/02_tb-vpcp-ketluan-de-an-06.txt")).unwrap_or_else(|e| panic!("{e}"));
    let mut doc = cchc_import::parse_document(&bytes, None, &cchc_import::ParseOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    resolve_agencies(&mut doc, &resolver(), None);
    let find = |snippet: &str| {
        doc.tasks.iter().find(|t| t.title.contains(snippet)).unwrap_or_else(|| panic!("no task with {snippet}"))
    };
    let telecoms = find("thuê bao di động");
    let codes: Vec<Option<&str>> = telecoms.lead.external.iter().map(|e| e.code.as_deref()).collect();
    assert_eq!(codes, [Some("DN-VNPT"), Some("DN-VIETTEL"), Some("DN-MOBIFONE")], "{:?}", telecoms.lead);
    assert!(telecoms.lead.external.iter().all(|e| telecoms.lead.text.contains(&e.text)), "text as written");
    let health = find("khám bệnh, chữa bệnh");
    assert!(health.lead.external.iter().any(|e| e.code.as_deref() == Some("TW-BYT")), "{:?}", health.lead);
    assert!(!health.lead.unit_ids.is_empty(), "the ministry still resolves in the registry: {:?}", health.lead);
    // Nothing matched in the national list is reported as an unknown agency.
    let w = doc.warnings.iter().find(|w| w.code == cchc_domain::plan::WarningCode::UnresolvedAgency);
    assert!(w.is_none_or(|w| !w.message.contains("Tập đoàn")), "{w:?}");
}

#[test]
fn another_provinces_committee_is_external_and_own_units_resolve() {
    let bytes =
        std::fs::read(common::shared("corpus/18_tb-bnv-ketluan-chi-so-cchc.txt")).unwrap_or_else(|e| panic!("{e}"));
    let mut doc = cchc_import::parse_document(&bytes, None, &cchc_import::ParseOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    resolve_agencies(&mut doc, &resolver(), None);
    let t = doc.tasks.iter().find(|t| t.title.contains("cải thiện chỉ số")).unwrap_or_else(|| panic!("task"));
    assert!(t.lead.external.iter().any(|e| e.kind.as_deref() == Some("province")), "{:?}", t.lead);
    let mut seed = common::parse("seeds/004_52ac1802baa48ef1.txt");
    resolve_agencies(&mut seed, &resolver(), None);
    assert!(seed.tasks.iter().all(|t| t.lead.external.is_empty()), "a province's own units are not external");
}
