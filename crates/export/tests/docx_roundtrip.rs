//! Round trips: the text read back from the written DOCX equals the input, in order, with a
//! tiny extractor, with the platform's own DOCX importer, and with LibreOffice or pandoc when
//! one happens to be installed.

mod docx_support;

use std::process::Command;

use cchc_export::docx::{to_docx, Block};
use cchc_export::Cell;
use docx_support::*;

/// What a reader should find, in document order, for the sample document.
fn expected_paragraphs() -> Vec<String> {
    let mut want: Vec<&str> = vec![
        "UBND TỈNH HÀ TĨNH",
        "SỞ NỘI VỤ",
        "",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "",
        "Số: 125/BC-SNV",
        "Hà Tĩnh, ngày 20 tháng 6 năm 2025",
        "BÁO CÁO",
        "Kết quả thực hiện công tác cải cách hành chính quý II năm 2025",
        "",
        "Kính gửi: Bộ Nội vụ",
        "Thực hiện Kế hoạch số 10/KH-UBND, Sở Nội vụ báo cáo như sau:",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "1. Công tác chỉ đạo, điều hành",
        "Tỷ lệ hồ sơ đúng hạn đạt 88,18%.",
        "1.1. Ban hành kế hoạch",
        "a) Tuyên truyền",
        "- Tổ chức 05 hội nghị;",
        "- Đăng 20 tin bài.",
        "+ Trên Cổng thông tin điện tử tỉnh.",
        "Bảng 1. Kết quả giải quyết hồ sơ",
        "(Số liệu đến ngày 15/6/2025)",
    ];
    want.extend(["TT", "Đơn vị", "Số hồ sơ", "Tỷ lệ"]);
    want.extend(["1", "Sở Tài chính", "1.234,5", "88,18%"]);
    want.extend(["2", "Sở Tư pháp", "1.234.567", "01/03/2025"]);
    want.extend([
        "",
        "Ký tự đặc biệt: <&>\"' giữ nguyên.",
        "",
        "II. PHƯƠNG HƯỚNG QUÝ III",
        "1. Tiếp tục rà soát thủ tục hành chính",
        "",
        "Nơi nhận:",
        "- Bộ Nội vụ;",
        "- UBND tỉnh;",
        "- Lưu: VT, CCHC.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn A",
        "",
    ]);
    want.into_iter().map(str::to_string).collect()
}

#[test]
fn every_paragraph_reads_back_in_order() {
    let parts = written(&sample());
    let got: Vec<String> = paragraphs(part(&parts, "word/document.xml")).into_iter().map(|p| p.text).collect();
    assert_eq!(got, expected_paragraphs());
}

#[test]
fn the_platform_importer_reads_it_back() {
    let doc = sample();
    let bytes = to_docx(&doc).unwrap_or_else(|e| panic!("{e}"));
    let read = cchc_import::docx::read(&bytes, 10 << 20).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(read.encoding, "docx", "no legacy-font repair triggered");
    let paras: Vec<&str> = read
        .blocks
        .iter()
        .filter_map(|b| match b {
            cchc_import::blocks::Block::Para(p) => Some(p.text.as_str()),
            _ => None,
        })
        .collect();
    let parts = unzip(&bytes);
    let outside_tables: Vec<String> = paragraphs(part(&parts, "word/document.xml"))
        .into_iter()
        .filter(|p| p.table_depth == 0 && !p.text.is_empty())
        .map(|p| p.text)
        .collect();
    assert_eq!(paras, outside_tables);
    for text in [
        "BÁO CÁO",
        "I. KẾT QUẢ ĐẠT ĐƯỢC",
        "a) Tuyên truyền",
        "- Đăng 20 tin bài.",
        "Ký tự đặc biệt: <&>\"' giữ nguyên.",
    ] {
        assert!(paras.contains(&text), "{text} not in {paras:#?}");
    }
    let tables: Vec<&cchc_import::blocks::Table> = read
        .blocks
        .iter()
        .filter_map(|b| match b {
            cchc_import::blocks::Block::Table(t) => Some(t),
            _ => None,
        })
        .collect();
    assert_eq!(tables.len(), 3, "header, data, signature");
    let data = tables[1];
    let rows: Vec<Vec<&str>> = data.rows.iter().map(|r| r.cells.iter().map(|c| c.text.as_str()).collect()).collect();
    let Some(Block::Table(input)) = doc.body.iter().find(|b| matches!(b, Block::Table(_))) else {
        panic!("sample has a table")
    };
    let header: Vec<&str> = input.columns.iter().map(|c| c.header.as_str()).collect();
    assert_eq!(rows[0], header);
    assert_eq!(rows.len(), input.rows.len() + 1);
    assert_eq!(rows[1], ["1", "Sở Tài chính", "1.234,5", "88,18%"]);
    assert!(matches!(input.rows[1][3], Cell::Date(_)));
    assert_eq!(rows[2][3], "01/03/2025");
}

/// Runs `program args…` when the program is installed; `None` when it is not.
fn run_if_installed(program: &str, args: &[&str]) -> Option<std::process::Output> {
    let found = Command::new("which").arg(program).output().ok()?;
    if !found.status.success() {
        eprintln!("{program} is not installed: skipped");
        return None;
    }
    Command::new(program).args(args).output().ok()
}

#[test]
fn pandoc_reads_the_text_when_installed() {
    let dir = std::env::temp_dir().join(format!("cchc-docx-pandoc-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("bao-cao.docx");
    let bytes = to_docx(&sample()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
    let path = file.to_string_lossy().to_string();
    if let Some(out) = run_if_installed("pandoc", &[&path, "-t", "plain", "--wrap=none"]) {
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        for want in ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "I. KẾT QUẢ ĐẠT ĐƯỢC", "1.234,5", "Nơi nhận:"]
        {
            assert!(text.contains(want), "{want} not in {text}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn libreoffice_converts_it_when_installed() {
    let dir = std::env::temp_dir().join(format!("cchc-docx-soffice-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join("bao-cao.docx");
    let bytes = to_docx(&sample()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&file, bytes).unwrap_or_else(|e| panic!("{e}"));
    let (path, out_dir) = (file.to_string_lossy().to_string(), dir.to_string_lossy().to_string());
    let program = ["soffice", "libreoffice"]
        .into_iter()
        .find(|p| Command::new("which").arg(p).output().map(|o| o.status.success()).unwrap_or(false));
    let Some(program) = program else {
        eprintln!("LibreOffice is not installed: skipped");
        return;
    };
    let profile = format!("-env:UserInstallation=file://{out_dir}/profile");
    let args = [profile.as_str(), "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", &out_dir, &path];
    if let Some(out) = run_if_installed(program, &args) {
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let text = std::fs::read_to_string(dir.join("bao-cao.txt")).unwrap_or_default();
        for want in ["Độc lập - Tự do - Hạnh phúc", "1. Công tác chỉ đạo, điều hành", "Nguyễn Văn A"]
        {
            assert!(text.contains(want), "{want} not in {text}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}
