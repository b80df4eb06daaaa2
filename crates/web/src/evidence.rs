//! What evidence files cchc accepts: office documents, PDF and images, recognised by their
//! content (not just the name), within the size limit. Office documents are ZIP containers:
//! they are opened as the importer opens a workbook (`cchc_table::zipcheck`: every entry
//! really decompressed and counted, so a damaged file or a zip bomb is refused) and must hold
//! the parts of their format.

use crate::error::AppError;

/// Allowed kinds: (name, extensions, content type, magic bytes).
const KINDS: &[(&str, &[&str], &str, &[u8])] = &[
    ("PDF", &["pdf"], "application/pdf", b"%PDF-"),
    ("Word", &["docx"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ("Excel", &["xlsx"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04"),
    ("OpenDocument", &["odt"], "application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
    ("OpenDocument", &["ods"], "application/vnd.oasis.opendocument.spreadsheet", b"PK\x03\x04"),
    ("Word/Excel 97-2003", &["doc", "xls"], "application/msword", b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"),
    ("JPEG", &["jpg", "jpeg"], "image/jpeg", b"\xFF\xD8\xFF"),
    ("PNG", &["png"], "image/png", b"\x89PNG\r\n\x1a\n"),
];

/// The `accept` attribute of an evidence file input: every allowed extension.
pub fn accept_attr() -> String {
    KINDS.iter().flat_map(|(_, exts, _, _)| exts.iter().map(|e| format!(".{e}"))).collect::<Vec<_>>().join(",")
}

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
    if let Some(parts) = zip_parts(&ext) {
        check_container(file_name, &ext, bytes, parts, EVIDENCE_UNCOMPRESSED)?;
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

/// The parts a ZIP-based office document must have, by extension.
fn zip_parts(ext: &str) -> Option<&'static [&'static str]> {
    match ext {
        "docx" => Some(&["[Content_Types].xml", "word/document.xml"]),
        "xlsx" => Some(&["[Content_Types].xml", "xl/workbook.xml"]),
        "odt" | "ods" => Some(&["mimetype", "content.xml"]),
        _ => None,
    }
}

/// Largest decompressed size of an office document kept as evidence (it is stored, never
/// parsed, so less than the importer allows is enough).
const EVIDENCE_UNCOMPRESSED: u64 = 100 * 1024 * 1024;

/// Decompresses every entry within the limits and looks for the format's parts.
fn check_container(file_name: &str, ext: &str, bytes: &[u8], parts: &[&str], max: u64) -> Result<(), AppError> {
    let limits = cchc_table::Limits { max_uncompressed_bytes: max, ..cchc_table::Limits::default() };
    let kind = ext.to_uppercase();
    let names = cchc_table::zipcheck::entries(bytes, &limits, &kind)
        .map_err(|e| AppError::BadRequest(format!("tệp «{file_name}» bị từ chối: {e}")))?;
    if let Some(missing) = parts.iter().find(|p| !names.iter().any(|n| n == *p)) {
        return Err(AppError::BadRequest(format!(
            "tệp «{file_name}» không phải tệp {kind} hợp lệ (thiếu thành phần «{missing}»); tệp có thể bị hỏng hoặc bị đổi tên"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{check, check_container, zip_parts};

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

    fn zip(parts: &[(&str, &str)]) -> Vec<u8> {
        cchc_table::crafted::zip_of(&parts.iter().map(|(n, c)| (n.to_string(), c.to_string())).collect::<Vec<_>>())
    }

    #[test]
    fn office_documents_are_opened_not_just_sniffed() {
        let docx = zip(&[("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")]);
        assert!(check("bao-cao.docx", &docx, 1 << 20).is_ok());
        let xlsx = cchc_table::crafted::workbook(&[("Sheet1", "<row r=\"1\"/>", "")], None);
        assert!(check("so-lieu.xlsx", &xlsx, 1 << 20).is_ok(), "{:?}", check("so-lieu.xlsx", &xlsx, 1 << 20).err());
        // The first bytes of a ZIP and nothing else: a damaged workbook.
        let mut damaged = xlsx.clone();
        damaged.truncate(damaged.len() / 2);
        assert!(check("hong.xlsx", &damaged, 1 << 20).is_err());
        // A valid ZIP that is not a Word document.
        assert!(check("doi-ten.docx", &xlsx, 1 << 20).is_err());
        // A zip bomb named .docx (scaled down: 8 MB of zeros against a 4 MB limit, the same
        // check `check` runs with the real limit).
        let zeros = "0".repeat(8 * 1024 * 1024);
        let bomb = zip(&[("[Content_Types].xml", "<Types/>"), ("word/document.xml", &zeros)]);
        assert!(bomb.len() < 64 * 1024, "{}", bomb.len());
        let parts = zip_parts("docx").unwrap_or_default();
        let e = check_container("bom.docx", "docx", &bomb, parts, 4 << 20).err().map(|e| e.to_string());
        assert!(e.as_deref().is_some_and(|e| e.contains("bom.docx") && e.contains("word/document.xml")), "{e:?}");
        assert!(check_container("bom.docx", "docx", &bomb, parts, 16 << 20).is_ok(), "within the limit it is kept");
        // OpenDocument text and spreadsheet keep their own content types.
        let od = zip(&[("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<office/>")]);
        assert_eq!(check("bang.ods", &od, 1 << 20).ok(), Some("application/vnd.oasis.opendocument.spreadsheet"));
        assert_eq!(check("van-ban.odt", &od, 1 << 20).ok(), Some("application/vnd.oasis.opendocument.text"));
    }
}
