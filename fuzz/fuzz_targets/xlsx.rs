//! XLSX bytes through calamine and the shared table interpreter.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cchc_import::xlsx::read(data);
    let _ = cchc_import::parse_document(data, Some("fuzz.xlsx"), &Default::default());
});
