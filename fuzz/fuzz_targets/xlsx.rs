//! XLSX bytes through the one table reader (every sheet, and the first sheet as rows) and the
//! document importer's table interpreter.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let limits = cchc_table::Limits::default();
    let _ = cchc_table::read_workbook(data, &limits);
    let _ = cchc_table::read_rows(data, "fuzz.xlsx", &limits);
    let _ = cchc_import::xlsx::read(data);
    let _ = cchc_import::parse_document(data, Some("fuzz.xlsx"), &Default::default());
});
