//! The deadline parser on cells and prose.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let d = cchc_domain::deadline::parse_deadline(s, Some(2025));
        assert_eq!(d.text, cchc_domain::text::clean(s));
        for m in cchc_domain::deadline::find_deadlines(s, None) {
            assert!(m.start <= m.end && s.get(m.start..m.end).is_some());
        }
    }
});
