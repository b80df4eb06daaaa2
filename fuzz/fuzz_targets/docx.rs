//! DOCX bytes: arbitrary data wrapped as `word/document.xml` of a zip, and raw zip bytes.
#![no_main]
use std::io::Write;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cchc_import::parse_document(data, Some("fuzz.docx"), &Default::default());
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        if z.start_file("word/document.xml", zip::write::SimpleFileOptions::default()).is_err() {
            return;
        }
        let _ = z.write_all(data);
        let _ = z.finish();
    }
    let _ = cchc_import::parse_document(&buf.into_inner(), Some("fuzz.docx"), &Default::default());
});
