//! The consolidated report of the demo checked against Nghị định 30/2020, point by point: the
//! national motto and number lines, the place-and-date line with the configured place, no
//! stray capital inside a sentence, no placeholder text, annex rows of short titles and codes,
//! and a signature block ending with the signer's name. When LibreOffice is installed, the
//! DOCX is also converted to PDF.

use std::io::Read;

use reqwest::StatusCode;

use crate::harness::{start, Browser};

/// The text of each `<w:p>` of `xml`, tags stripped and entities decoded.
pub(crate) fn paragraphs(xml: &str) -> Vec<String> {
    xml.split("</w:p>").map(|p| text_of(p).trim().to_string()).filter(|p| !p.is_empty()).collect()
}

fn text_of(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&")
}

/// Each table row's cells, as text.
pub(crate) fn rows(xml: &str) -> Vec<Vec<String>> {
    xml.split("</w:tr>")
        .filter(|r| r.contains("<w:tc>") || r.contains("<w:tc "))
        .map(|r| {
            let start = r.rfind("<w:tr").unwrap_or(0);
            let mut cells: Vec<String> = r[start..].split("</w:tc>").map(|c| text_of(c).trim().to_string()).collect();
            cells.pop(); // what follows the last cell
            cells
        })
        .collect()
}

#[tokio::test]
async fn the_consolidated_docx_follows_decree_30_point_by_point() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let year = chrono::Datelike::year(&cchc_app::tracking::today());
    let r = office.get(&format!("/reports/consolidated.docx?period={year}-6m")).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap_or_default().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap_or_else(|e| panic!("{e}"));
    let mut xml = String::new();
    zip.by_name("word/document.xml").unwrap_or_else(|e| panic!("{e}")).read_to_string(&mut xml).unwrap_or_default();
    let paras = paragraphs(&xml);

    // 1. Header: the national motto and the number line.
    assert!(paras.iter().any(|p| p == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), "{paras:?}");
    assert!(paras.iter().any(|p| p.starts_with("Độc lập - Tự do - Hạnh phúc")));
    assert!(paras.iter().any(|p| p.starts_with("Số:")));
    assert!(paras.iter().any(|p| p == "UBND TỈNH HÀ TĨNH"), "the issuing body names its province");

    // 2. Place and date: "Hà Tĩnh, ngày dd tháng m năm yyyy".
    let line = paras.iter().find(|p| p.contains(", ngày ")).unwrap_or_else(|| panic!("no date line: {paras:?}"));
    let rest = line.strip_prefix("Hà Tĩnh, ngày ").unwrap_or_else(|| panic!("no place: {line}"));
    let parts: Vec<&str> = rest.split(' ').collect();
    assert_eq!(parts.len(), 5, "{line}");
    assert!(parts[0].len() == 2 && parts[0].chars().all(|c| c.is_ascii_digit()), "{line}");
    assert_eq!((parts[1], parts[3]), ("tháng", "năm"), "{line}");

    // 3. No stray capital: a period named inside a sentence is in lower case.
    for p in paras.iter().filter(|p| p.starts_with("Trong ")) {
        let next = p["Trong ".len()..].chars().next().unwrap_or(' ');
        assert!(!next.is_uppercase(), "stray capital: {p}");
    }
    assert!(!xml.contains("Trong Năm") && !xml.contains("công tác cải cách hành chính Năm"));

    // 4. No placeholder text.
    for bad in ["bổ sung.)", "(Cơ quan thường trực", "…/…", "TODO", "placeholder"] {
        assert!(!paras.iter().any(|p| p.contains(bad)), "placeholder {bad}");
    }

    // 5. Annex rows: code and short title, no pasted paragraphs.
    let table = rows(&xml);
    let overdue: Vec<&Vec<String>> = table.iter().filter(|r| r.iter().any(|c| c == "Quá hạn")).collect();
    assert!(!overdue.is_empty(), "the demo has overdue tasks in the period");
    for r in &table {
        for c in r {
            assert!(c.chars().count() <= 300, "a cell of {} characters: {c}", c.chars().count());
        }
    }
    for r in &overdue {
        let title = &r[2];
        assert!(title.chars().count() <= cchc_app::consolidate::TITLE_MAX + 1, "{title}");
        assert!(!r[1].is_empty() && r[1].chars().count() <= 12, "a task code: {r:?}");
        assert!(!r[6].is_empty(), "a reason: {r:?}");
    }

    // 6. Signature block: recipients, authority, position, and the name as the last line.
    let recipients = paras.iter().position(|p| p == "Nơi nhận:").unwrap_or_else(|| panic!("no recipients"));
    let after: Vec<&String> = paras[recipients..].iter().collect();
    let authority = after.iter().position(|p| p.as_str() == "KT. GIÁM ĐỐC").unwrap_or_else(|| panic!("{after:?}"));
    assert_eq!(after.get(authority + 1).map(|p| p.as_str()), Some("PHÓ GIÁM ĐỐC"));
    assert_eq!(after.get(authority + 2).map(|p| p.as_str()), Some("Nguyễn Văn Minh"), "the name line");
    assert_eq!(paras.last().map(String::as_str), Some("Nguyễn Văn Minh"), "the name ends the document");

    // 7. Font: Times New Roman, 13–14 pt body.
    let mut styles = String::new();
    zip.by_name("word/styles.xml").unwrap_or_else(|e| panic!("{e}")).read_to_string(&mut styles).unwrap_or_default();
    assert!(styles.contains("Times New Roman"));
    assert!(styles.contains("w:sz w:val=\"26\"") || styles.contains("w:sz w:val=\"28\""), "13 or 14 pt");

    // LibreOffice, when installed, opens and converts it.
    convert_with_libreoffice(&bytes);
}

/// The PDF LibreOffice makes of the DOCX; `None` (with a message) when it is not installed.
pub(crate) fn convert_with_libreoffice(bytes: &[u8]) -> Option<Vec<u8>> {
    let found = std::process::Command::new("soffice").arg("--version").output().is_ok_and(|o| o.status.success());
    if !found {
        println!("soffice not installed: the PDF conversion of the consolidated DOCX is skipped");
        return None;
    }
    // One directory and one LibreOffice profile per call: tests run in parallel threads of
    // one process, and two soffice instances cannot share a profile.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = CALLS.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let dir = std::env::temp_dir().join(format!("cchc-nd30-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let docx = dir.join("bao-cao.docx");
    std::fs::write(&docx, bytes).unwrap_or_else(|e| panic!("{e}"));
    let out = std::process::Command::new("soffice")
        .arg(format!("-env:UserInstallation=file://{}", dir.join("profile").display()))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&docx)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let pdf = std::fs::read(dir.join("bao-cao.pdf")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(pdf.starts_with(b"%PDF"), "LibreOffice made a PDF");
    Some(pdf)
}
