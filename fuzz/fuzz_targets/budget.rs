//! The funding-cell parser.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        let b = cchc_domain::budget::parse_budget(s, cchc_domain::budget::AmountUnit::Million);
        assert!(b.million_vnd.is_none_or(f64::is_finite));
    }
});
