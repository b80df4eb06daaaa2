//! Encoding detection and the TCVN3 / VNI converters.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = cchc_import::encoding::decode(data);
    let _ = cchc_import::legacy::decode(data, cchc_import::legacy::Legacy::Tcvn3);
    let _ = cchc_import::legacy::decode(data, cchc_import::legacy::Legacy::Vni);
    if let Ok(s) = std::str::from_utf8(data) {
        let _ = cchc_import::legacy::detect_in_unicode(s);
    }
});
