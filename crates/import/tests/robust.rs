//! Bad input: refused with a clear message or read with warnings, never a panic. A corpus of
//! malformed inputs (truncations, random bytes, shuffled lines, huge cells, odd zip files) is
//! generated deterministically and run through every parser.

mod common;

use cchc_import::{parse_document, ImportError, ParseOptions};

fn opts() -> ParseOptions {
    ParseOptions::default()
}

/// A small deterministic generator (LCG), so the corpus is the same on every run.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }
}

const DOCS: [&str; 6] = [
    "seeds/001_a5b74ff242722c67.txt",
    "seeds/003_cb22d10497566f9f.txt",
    "seeds/004_52ac1802baa48ef1.txt",
    "samples/05_dongthap-kh552-doimoicongnghe-phuluc.txt",
    "samples/07_hcm-qd2820-kehoach-qd06-phuluc-kinhphi.txt",
    "samples/10_tb659-vpcp-ketluan-pttg-nq66.txt",
];

#[test]
fn refusals_say_why() {
    let cases: Vec<(&[u8], Option<&str>, ImportError)> = vec![
        (b"", None, ImportError::Empty),
        (b"  \n\t ", Some("a.txt"), ImportError::Empty),
        (b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n", Some("kh.pdf"), ImportError::Pdf),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Some("scan.png"), ImportError::Image("PNG")),
        (b"\xFF\xD8\xFF\xE0\0\x10JFIF", None, ImportError::Image("JPEG")),
        (b"\x00\x01\x02\x03\x04\x05binary\x00\x00", None, ImportError::Binary),
    ];
    for (bytes, name, want) in cases {
        let got = parse_document(bytes, name, &opts()).err();
        assert_eq!(got.as_ref(), Some(&want), "{name:?}");
        assert!(!want.to_string().is_empty());
    }
    assert!(ImportError::Pdf.to_string().contains("PDF chưa được hỗ trợ"));
    let big = vec![b'a'; 2048];
    let small = ParseOptions { max_bytes: 1024, ..ParseOptions::default() };
    assert!(matches!(parse_document(&big, None, &small), Err(ImportError::TooLarge { size: 2048, limit: 1024 })));
    let doc_file = [&[0xD0u8, 0xCF, 0x11, 0xE0][..], &[0u8; 64][..]].concat();
    assert!(matches!(parse_document(&doc_file, Some("kh.doc"), &opts()), Err(ImportError::Unsupported(_))));
    assert!(matches!(
        parse_document(b"<!DOCTYPE html><html><body>x</body></html>", None, &opts()),
        Err(ImportError::Unsupported("HTML"))
    ));
    let prose = "Báo cáo tình hình chung của đơn vị trong tháng.\nKhông có nội dung giao việc.".as_bytes();
    assert_eq!(parse_document(prose, None, &opts()).err(), Some(ImportError::NothingFound("văn bản")));
}

const NOTICE: &str = "THÔNG BÁO\nKẾT LUẬN CỦA CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH\nChủ tịch Ủy ban nhân dân tỉnh kết luận như sau:\nSở Tài chính: Tổng hợp, báo cáo kết quả thực hiện với Chủ tịch UBND tỉnh trước ngày 15/8/2025.\nSở Nội vụ: Chủ trì, phối hợp với các cơ quan liên quan đề xuất các giải pháp cải thiện chỉ số cải cách hành chính của tỉnh; hoàn thành trước ngày 30/11/2025.\n";

fn check_notice(bytes: &[u8], encoding: &str) {
    let doc = parse_document(bytes, None, &opts()).unwrap_or_else(|e| panic!("{encoding}: {e}"));
    assert!(doc.document.encoding.contains(encoding), "{} vs {encoding}", doc.document.encoding);
    assert_eq!(doc.tasks.len(), 2, "{encoding}");
    assert_eq!(doc.tasks[0].lead.text, "Sở Tài chính");
    assert_eq!(doc.tasks[1].lead.text, "Sở Nội vụ");
    assert_eq!(doc.tasks[1].deadline.due, chrono::NaiveDate::from_ymd_opt(2025, 11, 30));
}

fn tcvn3(s: &str) -> Vec<u8> {
    const T: &[(char, u8)] = &[
        ('Ă', 0xA1),
        ('Â', 0xA2),
        ('Ê', 0xA3),
        ('Ô', 0xA4),
        ('Ơ', 0xA5),
        ('Ư', 0xA6),
        ('Đ', 0xA7),
        ('ă', 0xA8),
        ('â', 0xA9),
        ('ê', 0xAA),
        ('ô', 0xAB),
        ('ơ', 0xAC),
        ('ư', 0xAD),
        ('đ', 0xAE),
        ('à', 0xB5),
        ('ả', 0xB6),
        ('ã', 0xB7),
        ('á', 0xB8),
        ('ạ', 0xB9),
        ('ằ', 0xBB),
        ('ẳ', 0xBC),
        ('ẵ', 0xBD),
        ('ắ', 0xBE),
        ('ặ', 0xC6),
        ('ầ', 0xC7),
        ('ẩ', 0xC8),
        ('ẫ', 0xC9),
        ('ấ', 0xCA),
        ('ậ', 0xCB),
        ('è', 0xCC),
        ('ẻ', 0xCE),
        ('ẽ', 0xCF),
        ('é', 0xD0),
        ('ẹ', 0xD1),
        ('ề', 0xD2),
        ('ể', 0xD3),
        ('ễ', 0xD4),
        ('ế', 0xD5),
        ('ệ', 0xD6),
        ('ì', 0xD7),
        ('ỉ', 0xD8),
        ('ĩ', 0xDC),
        ('í', 0xDD),
        ('ị', 0xDE),
        ('ò', 0xDF),
        ('ỏ', 0xE1),
        ('õ', 0xE2),
        ('ó', 0xE3),
        ('ọ', 0xE4),
        ('ồ', 0xE5),
        ('ổ', 0xE6),
        ('ỗ', 0xE7),
        ('ố', 0xE8),
        ('ộ', 0xE9),
        ('ờ', 0xEA),
        ('ở', 0xEB),
        ('ỡ', 0xEC),
        ('ớ', 0xED),
        ('ợ', 0xEE),
        ('ù', 0xEF),
        ('ủ', 0xF1),
        ('ũ', 0xF2),
        ('ú', 0xF3),
        ('ụ', 0xF4),
        ('ừ', 0xF5),
        ('ử', 0xF6),
        ('ữ', 0xF7),
        ('ứ', 0xF8),
        ('ự', 0xF9),
        ('ỳ', 0xFA),
        ('ỷ', 0xFB),
        ('ỹ', 0xFC),
        ('ý', 0xFD),
        ('ỵ', 0xFE),
    ];
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                c as u8
            } else {
                T.iter().find(|(k, _)| *k == c || k.to_uppercase().next() == Some(c)).map_or(b'?', |(_, b)| *b)
            }
        })
        .collect()
}

/// VNI-Windows: base letter, then one modifier byte for shape and tone.
fn vni(s: &str) -> Vec<u8> {
    use unicode_normalization::UnicodeNormalization;
    let mut out = Vec::new();
    for c in s.chars() {
        match c {
            'đ' => out.push(0xF1),
            'Đ' => out.push(0xD1),
            'ơ' => out.push(0xF4),
            'ư' => out.push(0xF6),
            _ if c.is_ascii() => out.push(c as u8),
            _ => {
                let parts: Vec<char> = c.to_string().nfd().collect();
                let base = parts[0];
                let has = |m: char| parts.contains(&m);
                let tone = ['\u{301}', '\u{300}', '\u{309}', '\u{303}', '\u{323}'].iter().position(|m| has(*m));
                let upper = base.is_uppercase();
                let lower = base.to_lowercase().next().unwrap_or(base);
                if lower == 'i' {
                    out.push([0xED, 0xEC, 0xE6, 0xF3, 0xF2][tone.unwrap_or(0)] - if upper { 0x20 } else { 0 });
                    continue;
                }
                match (has('\u{31B}'), lower) {
                    (true, 'o') => out.push(if upper { 0xD4 } else { 0xF4 }),
                    (true, 'u') => out.push(if upper { 0xD6 } else { 0xF6 }),
                    _ => out.push(base as u8),
                }
                let modifier = if has('\u{302}') {
                    Some([0xE1, 0xE0, 0xE5, 0xE3, 0xE4].get(tone.unwrap_or(9)).copied().unwrap_or(0xE2))
                } else if has('\u{306}') {
                    Some([0xE9, 0xE8, 0xFA, 0xFC, 0xEB].get(tone.unwrap_or(9)).copied().unwrap_or(0xEA))
                } else {
                    tone.map(|t| [0xF9, 0xF8, 0xFB, 0xF5, 0xEF][t])
                };
                if let Some(m) = modifier {
                    out.push(if upper { m - 0x20 } else { m });
                }
            }
        }
    }
    out
}

#[test]
fn legacy_and_windows_encodings_are_converted() {
    check_notice(NOTICE.as_bytes(), "utf-8");
    check_notice(&tcvn3(NOTICE), "tcvn3");
    check_notice(&vni(NOTICE), "vni");
    let latin1_tcvn3: String = tcvn3(NOTICE).iter().map(|b| char::from(*b)).collect();
    check_notice(latin1_tcvn3.as_bytes(), "utf-8+tcvn3");
    let form = windows_1258_form(NOTICE);
    let (w, _, bad) = encoding_rs::WINDOWS_1258.encode(&form);
    assert!(!bad);
    check_notice(&w, "windows-1258");
    let mut u16 = vec![0xFF, 0xFE];
    for u in NOTICE.encode_utf16() {
        u16.extend_from_slice(&u.to_le_bytes());
    }
    check_notice(&u16, "utf-16le");
}

/// Windows-1258 writes â ê ô ơ ư ă as letters and the five tones as combining marks.
fn windows_1258_form(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut out = String::new();
    let mut base: Option<char> = None;
    let mut tones: Vec<char> = Vec::new();
    for c in s.nfd() {
        if matches!(c, '\u{302}' | '\u{306}' | '\u{31B}') {
            base = base.map(|b| unicode_normalization::char::compose(b, c).unwrap_or(b));
        } else if unicode_normalization::char::is_combining_mark(c) {
            tones.push(c);
        } else {
            out.extend(base.take());
            out.extend(tones.drain(..));
            base = Some(c);
        }
    }
    out.extend(base);
    out.extend(tones);
    out
}

fn corpus() -> Vec<(String, Vec<u8>)> {
    let mut rng = Lcg(0x5eed_cc4c);
    let mut out: Vec<(String, Vec<u8>)> = Vec::new();
    for name in DOCS {
        let bytes = common::read(name);
        for k in 1..12 {
            let cut = bytes.len() * k / 12 + rng.below(97);
            out.push((format!("{name} cut {cut}"), bytes[..cut.min(bytes.len())].to_vec()));
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let mut lines: Vec<&str> = text.lines().collect();
        for i in (1..lines.len()).rev() {
            let j = rng.below(i + 1);
            lines.swap(i, j);
        }
        out.push((format!("{name} shuffled"), lines.join("\n").into_bytes()));
        let spliced: Vec<u8> =
            bytes.iter().enumerate().map(|(i, b)| if i % 53 == 0 { (rng.next() & 0xFF) as u8 } else { *b }).collect();
        out.push((format!("{name} noise"), spliced));
    }
    for n in 0..20 {
        let len = 1 + rng.below(4000);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0xFF) as u8).collect();
        out.push((format!("random {n}"), bytes));
    }
    let huge_cell = format!(
        "|\nTT |\nNhiệm vụ |\nChủ trì |\nThời gian |\n|\n1 |\n{} |\nSở Nội vụ |\nQuý I |\n",
        "Rà soát ".repeat(150_000)
    );
    out.push(("huge cell".into(), huge_cell.into_bytes()));
    out.push(("only pipes".into(), "|\n||||||||\n|\n|\n".repeat(500).into_bytes()));
    out.push(("tabs".into(), "TT\tNhiệm vụ\tChủ trì\n\t\t\t\t\t\n1\t\t\n\t\t\t\t\t\t\t\t\n".repeat(50).into_bytes()));
    out.push((
        "codes".into(),
        "1.1.1.1.1.1. 2.2. 3.3.3 Quý IV- I/ Tháng 13/2025 trước ngày 31/2/2025 ngày 99 tháng 99 năm 99999\n"
            .repeat(30)
            .into_bytes(),
    ));
    out.extend(zips(&mut rng));
    out
}

fn zips(rng: &mut Lcg) -> Vec<(String, Vec<u8>)> {
    let deep: String = "<w:tbl><w:tr><w:tc>".repeat(300)
        + "<w:p><w:r><w:t>x</w:t></w:r></w:p>"
        + &"</w:tc></w:tr></w:tbl>".repeat(300);
    let docs = [
        ("not xml", "<<<>>>".to_string()),
        ("unclosed", "<w:document><w:body><w:p><w:r><w:t>Sở Nội vụ: làm".to_string()),
        ("deep tables", format!("<w:document><w:body>{deep}</w:body></w:document>")),
        ("bad entity", "<w:document><w:body><w:p><w:r><w:t>&bogus;</w:t></w:r></w:p></w:body></w:document>".to_string()),
        ("huge span", "<w:document><w:body><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"99999999\"/><w:vMerge/></w:tcPr></w:tc></w:tr></w:tbl></w:body></w:document>".to_string()),
    ];
    let mut out: Vec<(String, Vec<u8>)> = docs
        .iter()
        .map(|(n, x)| (format!("docx {n}"), common::zip_files(&[("word/document.xml", x.clone())])))
        .collect();
    out.push(("xlsx no sheets".into(), common::zip_files(&[("xl/workbook.xml", "<workbook/>".to_string())])));
    out.push(("zip other".into(), common::zip_files(&[("a/b/c/d/e/f.txt", "x".to_string())])));
    out.extend(cchc_table::crafted::corpus().into_iter().map(|(n, b)| (format!("xlsx {n}"), b)));
    let good = common::docx(&["Sở Tài chính: báo cáo trước ngày 15/8/2025."], &[]);
    for k in 1..8 {
        let cut = good.len() * k / 8;
        out.push((format!("docx cut {cut}"), good[..cut].to_vec()));
    }
    let mut flipped = good.clone();
    for _ in 0..20 {
        let i = rng.below(flipped.len());
        flipped[i] ^= 0x5A;
    }
    out.push(("docx flipped".into(), flipped));
    out
}

#[test]
fn the_dimension_bomb_is_refused_with_the_limit_it_breaks() {
    let bomb = include_bytes!("../../table/tests/files/dimension-bomb.xlsx");
    let e = parse_document(bomb, Some("kh.xlsx"), &opts()).err();
    let Some(ImportError::Limit(m)) = &e else { panic!("{e:?}") };
    assert!(m.contains("số cột") && m.contains("XFD1048576"), "{m}");
}

#[test]
fn malformed_corpus_never_panics() {
    let corpus = corpus();
    assert!(corpus.len() > 100);
    let mut parsed = 0;
    for (name, bytes) in &corpus {
        let result = std::panic::catch_unwind(|| parse_document(bytes, None, &opts()));
        match result {
            Ok(Ok(doc)) => {
                parsed += 1;
                let json = cchc_import::to_json(&doc);
                assert!(json["tasks"].is_array(), "{name}");
                assert!(!cchc_import::summary(&doc).is_empty());
            }
            Ok(Err(e)) => assert!(!e.to_string().is_empty(), "{name}"),
            Err(_) => panic!("parser panicked on {name}"),
        }
    }
    assert!(parsed > 40, "most truncations still parse ({parsed})");
}

/// Notices, directives and programme tables assembled from random bytes out of the layouts of
/// issue 16 (`cchc_import::patterns`): nested a)/b)/-/+ items, several actors per paragraph,
/// tables with one cell per line, actors outside the province. Read without a panic, and
/// nothing invented: every lead is words of the document, every due date in the years the
/// pieces write, every table row of the pieces found.
#[test]
fn generated_notices_and_tables_are_read_without_inventing() {
    let mut rng = Lcg(0x0016_1616);
    let mut with_tasks = 0;
    for n in 0..150 {
        let len = 2 * (1 + rng.below(40));
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0xFF) as u8).collect();
        let text = cchc_import::patterns::document(&bytes);
        let result = std::panic::catch_unwind(|| parse_document(text.as_bytes(), Some("tb.txt"), &opts()));
        let doc = match result {
            Ok(Ok(doc)) => doc,
            // A document of headings only has nothing to import: refused with a message.
            Ok(Err(e)) => {
                assert!(!e.to_string().is_empty(), "case {n}");
                continue;
            }
            Err(_) => panic!("case {n} panicked:\n{text}"),
        };
        with_tasks += usize::from(!doc.tasks.is_empty());
        for t in &doc.tasks {
            let lead = t.lead.text.trim();
            assert!(lead.is_empty() || text.contains(lead), "case {n}: invented lead {lead:?}\n{text}");
            if let Some(due) = t.deadline.due {
                let year = chrono::Datelike::year(&due);
                assert!((2025..=2026).contains(&year), "case {n}: invented deadline {due}\n{text}");
            }
        }
    }
    assert!(with_tasks > 100, "most generated documents yield tasks ({with_tasks})");
}

/// A table with one cell per line: every row is a task with its lead and its time cell.
#[test]
fn a_table_with_one_cell_per_line_gives_one_task_per_row() {
    // Piece 4 (a table row) four times, actors and times varying.
    let text = cchc_import::patterns::document(&[4, 3, 10, 4, 22, 1, 28, 2]);
    let doc = parse_document(text.as_bytes(), Some("kh.txt"), &opts()).unwrap_or_else(|e| panic!("{e}\n{text}"));
    let found: Vec<(&str, &str, &str)> =
        doc.tasks.iter().map(|t| (t.title.as_str(), t.lead.text.as_str(), t.deadline.text.as_str())).collect();
    assert_eq!(doc.tasks.len(), 4, "{found:#?}\n{text}");
    for t in &doc.tasks {
        assert!(!t.lead.text.is_empty() && !t.deadline.text.is_empty(), "{t:?}");
        assert!(t.title.contains("đối với các cơ quan"), "the wrapped cell is joined: {}", t.title);
    }
}
