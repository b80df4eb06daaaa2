//! Central notices, directives and programme tables assembled from the fuzzer's bytes
//! (`cchc_import::patterns`: nested a)/b)/-/+ items, several actors per paragraph, tables with
//! one cell per line, actors outside the province) through the whole importer. Beyond not
//! panicking, nothing may be invented: a lead is words of the document, a due date one of the
//! years the pieces write.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = cchc_import::patterns::document(data);
    let Ok(doc) = cchc_import::parse_document(text.as_bytes(), Some("fuzz.txt"), &Default::default()) else {
        return;
    };
    for t in &doc.tasks {
        assert!(t.lead.text.is_empty() || text.contains(t.lead.text.trim()), "invented lead {:?}", t.lead.text);
        if let Some(due) = t.deadline.due {
            assert!((2025..=2026).contains(&chrono::Datelike::year(&due)), "invented deadline {due}");
        }
    }
    let _ = cchc_import::to_json(&doc);
});
