//! What evidence files cchc accepts: office documents, PDF and images, recognised by their
//! content (not just the name), within the size limit.

use crate::error::AppError;

/// Allowed kinds: (name, extensions, content type, magic bytes).
const KINDS: &[(&str, &[&str], &str, &[u8])] = &[
    ("PDF", &["pdf"], "application/pdf", b"%PDF-"),
    ("Word", &["docx"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ("Excel", &["xlsx"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ("OpenDocument", &["odt", "ods"], "application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ("Word/Excel 97-2003", &["doc", "xls"], "application/msword", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
    ("JPEG", &["jpg", "jpeg"], "image/jpeg", b"\xFF\xD8\xFF"),
    ("PNG", &["png"], "image/png", b"\x89PNG\r\n\x1a\n"),
];

/// Checks a file by extension and content; returns the content type to store.
pub fn check(file_name: &str, bytes: &[u8], max_bytes: usize) -> Result<&'static str, AppError> {
    if bytes.is_empty() {
        return Err(AppError::BadRequest(format!("tệp «{file_name}» rỗng")));
    }
    if bytes.len() > max_bytes {
        return Err(AppError::TooLarge);
    }
    let ext = file_name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let Some((_, _, ct, magic)) = KINDS.iter().find(|(_, exts, _, _)| exts.contains(&ext.as_str())) else {
        return Err(AppError::BadRequest(format!(
            "tệp «{file_name}» không thuộc loại được phép; chỉ nhận PDF, Word, Excel, OpenDocument, JPEG, PNG"
        )));
    };
    if !bytes.starts_with(magic) {
        return Err(AppError::BadRequest(format!(
            "nội dung tệp «{file_name}» không khớp với phần mở rộng .{ext}; tệp có thể bị hỏng hoặc bị đổi tên"
        )));
    }
    Ok(ct)
}

/// An uploaded file accepted as evidence: checked by [`check`], hashed once, ready to store.
pub fn accept(up: crate::form::Upload, max_bytes: usize) -> Result<cchc_storage::model::NewEvidence, AppError> {
    use sha2::{Digest, Sha256};
    let content_type = check(&up.file_name, &up.bytes, max_bytes)?;
    let sha256 = Sha256::digest(&up.bytes).iter().map(|b| format!("{b:02x}")).collect();
    Ok(cchc_storage::model::NewEvidence {
        file_name: up.file_name,
        content_type: content_type.to_string(),
        bytes: up.bytes,
        sha256,
    })
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn accepts_documents_refuses_the_rest() {
        assert_eq!(check("bao-cao.pdf", b"%PDF-1.7 x", 100).ok(), Some("application/pdf"));
        assert!(check("anh.PNG", b"\x89PNG\r\n\x1a\nxx", 100).is_ok());
        assert!(check("trang.html", b"<html>", 100).is_err(), "HTML could run script");
        assert!(check("x.svg", b"<svg onload=alert(1)>", 100).is_err());
        assert!(check("virus.pdf", b"MZ\x90\x00", 100).is_err(), "renamed executable");
        assert!(check("big.pdf", &[b'%'; 200], 100).is_err());
        assert!(check("empty.pdf", b"", 100).is_err());
        assert!(check("no-extension", b"%PDF-", 100).is_err());
    }
}
