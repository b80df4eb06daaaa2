//! Abuse-control primitives of the anonymous survey, pure: a duplicate-submission
//! fingerprint and the format of one-time survey tokens.
//!
//! What the application must add (nothing here stores or counts):
//! - rate limits per client address and per token on the public form (see `throttle`);
//! - storage of issued tokens (by [`Token::digest`]), marking a token used in the same
//!   transaction that stores the answers, and expiry;
//! - random bytes for [`Token::from_bytes`] from the operating system's generator;
//! - a policy for fingerprint repeats (the domain does not decide whether two identical
//!   answer sets on one day at one unit are a duplicate or two people who agree: the app
//!   should flag them for review rather than refuse them).
//!
//! The fingerprint holds no personal data: it hashes the questionnaire version, the unit,
//! the day and the coded answers, and leaves out free-text answers (they may contain names
//! or phone numbers, and a short text's hash can be guessed).

use std::fmt;

use chrono::NaiveDate;
use sha2::{Digest, Sha256};

use super::answers::{AnswerValue, NormalisedAnswers};
use crate::unit::UnitId;

/// The duplicate-submission fingerprint: SHA-256 (hex) of the questionnaire code and version,
/// the unit, the day and the coded answers in code order, free text left out.
pub fn fingerprint(
    questionnaire: &str,
    version: u32,
    unit: UnitId,
    day: NaiveDate,
    answers: &NormalisedAnswers,
) -> String {
    let mut h = Sha256::new();
    h.update(format!("sipas-fingerprint-v1\n{questionnaire}\n{version}\n{unit}\n{day}\n").as_bytes());
    for (code, value) in &answers.answers {
        let coded = match value {
            AnswerValue::Scale(v) | AnswerValue::Number(v) => v.to_string(),
            AnswerValue::Choice(c) => c.clone(),
            AnswerValue::Choices(cs) => cs.join(","),
            AnswerValue::NoAnswer => "\u{1}".to_string(),
            AnswerValue::Text(_) => continue,
        };
        // Lengths make the encoding unambiguous whatever the codes contain.
        h.update(format!("{}:{code}={}:{coded}\n", code.len(), coded.len()).as_bytes());
    }
    hex::encode(h.finalize())
}

/// Crockford's base 32: no I, L, O, U.
const ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";
/// Data symbols; one check symbol follows.
const DATA: usize = 15;

/// A one-time survey token: 15 Crockford base-32 symbols (75 random bits) and a Luhn mod 32
/// check symbol, shown as `XXXX-XXXX-XXXX-XXXX`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Token(String);

/// Why a typed token is not a token; the message is for the user.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("Chưa nhập mã khảo sát.")]
    Empty,
    #[error("Mã khảo sát có 16 ký tự (đang có {0}).")]
    WrongLength(usize),
    #[error("Mã khảo sát không có ký tự «{0}».")]
    BadSymbol(char),
    #[error("Mã khảo sát bị gõ sai (ký tự kiểm tra không khớp).")]
    BadCheck,
}

impl Token {
    /// A token from random bytes (the first 75 bits are used).
    pub fn from_bytes(bytes: [u8; 10]) -> Token {
        let n = bytes.iter().fold(0u128, |acc, b| (acc << 8) | u128::from(*b)) >> 5;
        let digits: Vec<usize> = (0..DATA).rev().map(|i| ((n >> (5 * i)) & 31) as usize).collect();
        let mut s: String = digits.iter().map(|d| char::from(ALPHABET[*d])).collect();
        s.push(char::from(ALPHABET[check_digit(&digits)]));
        Token(s)
    }

    /// Reads a typed token: case, hyphens and spaces ignored; I and L read as 1, O as 0.
    pub fn parse(text: &str) -> Result<Token, TokenError> {
        let mut digits = Vec::new();
        for c in text.chars().filter(|c| !c.is_whitespace() && *c != '-') {
            let c = match c.to_ascii_uppercase() {
                'I' | 'L' => '1',
                'O' => '0',
                c => c,
            };
            let d = ALPHABET.iter().position(|a| char::from(*a) == c).ok_or(TokenError::BadSymbol(c))?;
            digits.push(d);
        }
        match digits.len() {
            0 => return Err(TokenError::Empty),
            n if n != DATA + 1 => return Err(TokenError::WrongLength(n)),
            _ => {}
        }
        if check_digit(&digits[..DATA]) != digits[DATA] {
            return Err(TokenError::BadCheck);
        }
        Ok(Token(digits.iter().map(|d| char::from(ALPHABET[*d])).collect()))
    }

    /// The canonical form without separators.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// What the store keeps instead of the token: SHA-256 (hex) of the canonical form, so a
    /// leaked table gives no usable token while a typed variant (lower case, hyphens) still
    /// finds its row.
    pub fn digest(&self) -> String {
        hex::encode(Sha256::digest(format!("sipas-token-v1\n{}", self.0).as_bytes()))
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let groups: Vec<&str> = (0..self.0.len()).step_by(4).map(|i| &self.0[i..(i + 4).min(self.0.len())]).collect();
        f.write_str(&groups.join("-"))
    }
}

/// The Luhn mod 32 check symbol of `digits`.
fn check_digit(digits: &[usize]) -> usize {
    let sum: usize = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, d)| {
            let addend = if i % 2 == 0 { d * 2 } else { *d };
            addend / 32 + addend % 32
        })
        .sum();
    (32 - sum % 32) % 32
}

#[cfg(test)]
#[path = "guard_tests.rs"]
mod tests;
