//! Format detection from the first bytes (and the file name when given): text, DOCX, XLSX,
//! or a clear refusal for PDF, images, old Office files and other binaries.

use std::io::Cursor;

use crate::error::ImportError;

/// A format the importer reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detected {
    Text,
    Docx,
    Xlsx,
}

/// Decides how to read `bytes`; refuses what cannot be read with a message saying why.
pub fn detect(bytes: &[u8], file_name: Option<&str>) -> Result<Detected, ImportError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Empty);
    }
    let ext = file_name.and_then(|n| n.rsplit_once('.')).map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    let head = &bytes[..bytes.len().min(16)];
    if head.starts_with(b"%PDF") || ext == "pdf" {
        return Err(ImportError::Pdf);
    }
    if let Some(kind) = image_kind(head) {
        return Err(ImportError::Image(kind));
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return zip_kind(bytes);
    }
    if head.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(ImportError::Unsupported(if ext == "xls" {
            "Excel 97-2003 (.xls)"
        } else {
            "Word/Excel 97-2003 (.doc/.xls)"
        }));
    }
    if head.starts_with(b"{\\rtf") {
        return Err(ImportError::Unsupported("RTF"));
    }
    if matches!(ext.as_str(), "doc" | "odt" | "ods" | "ppt" | "pptx") {
        return Err(ImportError::Unsupported(match ext.as_str() {
            "doc" => "Word 97-2003 (.doc)",
            "odt" | "ods" => "OpenDocument",
            _ => "PowerPoint",
        }));
    }
    if looks_like_html(bytes) {
        return Err(ImportError::Unsupported("HTML"));
    }
    Ok(Detected::Text)
}

fn image_kind(head: &[u8]) -> Option<&'static str> {
    let sigs: [(&[u8], &'static str); 7] = [
        (b"\x89PNG", "PNG"),
        (b"\xFF\xD8\xFF", "JPEG"),
        (b"GIF8", "GIF"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"BM", "BMP"),
        (b"RIFF", "WEBP"),
    ];
    sigs.iter().find(|(s, _)| head.starts_with(s)).map(|(_, k)| *k).filter(|k| {
        // `BM` and `RIFF` are short: require the rest of the header to look binary.
        !matches!(*k, "BMP" | "WEBP") || head.iter().skip(2).any(|b| *b < 9)
    })
}

fn zip_kind(bytes: &[u8]) -> Result<Detected, ImportError> {
    let zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| ImportError::Broken { kind: "nén (zip)", detail: e.to_string() })?;
    let names: Vec<&str> = zip.file_names().collect();
    if names.contains(&"word/document.xml") {
        Ok(Detected::Docx)
    } else if names.contains(&"xl/workbook.xml") {
        Ok(Detected::Xlsx)
    } else if names.contains(&"content.xml") {
        Err(ImportError::Unsupported("OpenDocument (.odt/.ods)"))
    } else if names.iter().any(|n| n.starts_with("ppt/")) {
        Err(ImportError::Unsupported("PowerPoint"))
    } else {
        Err(ImportError::Unsupported("tệp nén (zip) không phải DOCX hay XLSX"))
    }
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head: Vec<u8> = bytes.iter().take(512).map(|b| b.to_ascii_lowercase()).collect();
    let s = String::from_utf8_lossy(&head);
    let t = s.trim_start_matches('\u{feff}').trim_start();
    t.starts_with("<!doctype html") || t.starts_with("<html") || (t.starts_with('<') && s.contains("<body"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_name_the_problem() {
        assert_eq!(detect(b"", None), Err(ImportError::Empty));
        assert_eq!(detect(b"%PDF-1.7 ...", Some("a.pdf")), Err(ImportError::Pdf));
        assert_eq!(detect(b"\x89PNG\r\n\x1a\n....", None), Err(ImportError::Image("PNG")));
        assert!(matches!(detect(b"PK\x03\x04garbage", None), Err(ImportError::Broken { .. })));
        assert_eq!(detect("Kế hoạch".as_bytes(), Some("kh.txt")), Ok(Detected::Text));
        assert!(ImportError::Pdf.to_string().contains("PDF"));
    }
}
