//! Text documents (prose, TSV, scraped pipe tables) through the whole importer.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(doc) = cchc_import::parse_document(data, Some("fuzz.txt"), &Default::default()) {
        let _ = cchc_import::to_json(&doc);
        let _ = cchc_import::summary(&doc);
    }
});
