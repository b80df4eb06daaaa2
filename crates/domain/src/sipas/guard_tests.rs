//! Tests of the duplicate fingerprint and the one-time token format.

use super::*;
use crate::sipas::fixture::answers;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 3, d).unwrap_or_default()
}

#[test]
fn fingerprint_is_stable_and_ignores_free_text() {
    let a = answers(&[("A1", "5"), ("A2", "KTL"), ("B0", "2"), ("R3", "c,a"), ("O1", "Nguyễn A")]);
    // Computed independently: SHA-256 of "sipas-fingerprint-v1\nthu\n1\n7\n2025-03-01\n"
    // followed by "2:A1=1:5\n2:A2=1:\u{1}\n2:B0=1:2\n2:R3=3:a,c\n".
    let want = "88bd64407adb980c12a4e903f24e48e9d4a51685f8f27e9676a9a9852dadee79";
    assert_eq!(fingerprint("thu", 1, 7, day(1), &a), want);
    let other_text = answers(&[("A1", "5"), ("A2", "KTL"), ("B0", "2"), ("R3", "a,c"), ("O1", "0912345678")]);
    assert_eq!(fingerprint("thu", 1, 7, day(1), &other_text), want, "free text is left out");
    let different = [
        fingerprint("thu", 2, 7, day(1), &a),
        fingerprint("thu", 1, 8, day(1), &a),
        fingerprint("thu", 1, 7, day(2), &a),
        fingerprint("thu", 1, 7, day(1), &answers(&[("A1", "4"), ("A2", "KTL"), ("B0", "2"), ("R3", "a,c")])),
    ];
    for f in different {
        assert_ne!(f, want);
        assert_eq!(f.len(), 64);
    }
}

#[test]
fn tokens_from_bytes() {
    let zero = Token::from_bytes([0; 10]);
    assert_eq!((zero.as_str(), zero.to_string()), ("0000000000000000", "0000-0000-0000-0000".to_string()));
    // 15 × "Z" (31): Luhn mod 32 sum = 8 × (62 → 1 + 30) + 7 × 31 = 465 ≡ 17, check 15 = "F".
    let ones = Token::from_bytes([0xFF; 10]);
    assert_eq!(ones.to_string(), "ZZZZ-ZZZZ-ZZZZ-ZZZF");
    assert_eq!(Token::parse(&ones.to_string()), Ok(ones));
}

#[test]
fn typed_tokens_are_read_forgivingly_and_checked() {
    let t = Token::from_bytes([0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC, 0xDE, 0xF0, 0x0F, 0x1E]);
    let shown = t.to_string();
    assert_eq!(Token::parse(&shown.to_lowercase().replace('-', " ")), Ok(t.clone()));
    let confusable = shown.replace('1', "l").replace('0', "O");
    assert_eq!(Token::parse(&confusable), Ok(t.clone()));
    // Every single-symbol typo is caught by the check symbol.
    let alphabet: Vec<char> = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".chars().collect();
    for i in 0..16 {
        for c in &alphabet {
            let mut typo: Vec<char> = t.as_str().chars().collect();
            if typo[i] == *c {
                continue;
            }
            typo[i] = *c;
            let typo: String = typo.into_iter().collect();
            assert_eq!(Token::parse(&typo), Err(TokenError::BadCheck), "{typo}");
        }
    }
    assert_eq!(Token::parse("  "), Err(TokenError::Empty));
    assert_eq!(Token::parse("ABCD-EFGH"), Err(TokenError::WrongLength(8)));
    assert_eq!(Token::parse("UUUU-0000-0000-0000"), Err(TokenError::BadSymbol('U')));
}

#[test]
fn the_stored_digest_is_the_same_for_every_typed_form_and_hides_the_token() {
    let t = Token::from_bytes([7; 10]);
    let typed = Token::parse(&t.to_string().to_lowercase()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(typed.digest(), t.digest());
    assert_eq!(t.digest().len(), 64);
    assert!(!t.digest().contains(&t.as_str().to_lowercase()));
    assert_ne!(Token::from_bytes([8; 10]).digest(), t.digest());
}
