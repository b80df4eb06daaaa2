//! Looks inside a workbook's ZIP container before the spreadsheet reader opens it: counts the
//! entries and decompresses each one into nothing, counting the bytes that really come out, so
//! a zip bomb (or a shared-strings table of gigabytes) is refused before anything is kept.

use std::io::{self, Cursor, Read};

use crate::limits::{LimitExceeded, LimitKind, Limits};
use crate::TableError;

/// Checks the entry count and the real decompressed size of every entry against `limits`.
pub fn check(bytes: &[u8], limits: &Limits) -> Result<(), TableError> {
    entries(bytes, limits, "XLSX").map(|_| ())
}

/// The same check for any ZIP container (`kind` names it in messages: DOCX, ODT…); returns
/// the names of its entries, so a caller can see the parts its format must have.
pub fn entries(bytes: &[u8], limits: &Limits, kind: &str) -> Result<Vec<String>, TableError> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| TableError::Unreadable(format!("tệp {kind} hỏng (không đọc được cấu trúc nén: {e})")))?;
    if zip.len() > limits.max_entries {
        return Err(LimitExceeded::new(LimitKind::Entries, zip.len(), limits.max_entries, None).into());
    }
    let mut total: u64 = 0;
    let mut names = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| match e {
            zip::result::ZipError::UnsupportedArchive(m) if m.contains("assword") => {
                TableError::Unreadable(format!("tệp {kind} có mật khẩu; hãy bỏ mật khẩu rồi tải lên lại"))
            }
            e => TableError::Unreadable(format!("tệp {kind} hỏng (thành phần thứ {}: {e})", i + 1)),
        })?;
        let name = entry.name().to_string();
        let allowed = limits.max_uncompressed_bytes - total;
        // One byte past what is allowed is enough to know the limit is broken.
        let read = io::copy(&mut entry.take(allowed + 1), &mut io::sink())
            .map_err(|e| TableError::Unreadable(format!("tệp {kind} hỏng (không giải nén được «{name}»: {e})")))?;
        total += read;
        if total > limits.max_uncompressed_bytes {
            let place = Some(format!("thành phần «{name}»"));
            let max = limits.max_uncompressed_bytes;
            return Err(LimitExceeded { kind: LimitKind::UncompressedBytes, found: total, max, place }.into());
        }
        names.push(name);
    }
    Ok(names)
}
