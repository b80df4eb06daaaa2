//! The consolidated report of the demo carries what an official report of the period carries:
//! results by area with their targets (adding up to the task counts of section I), a chart
//! embedded as a PNG picture with its caption, the index-766, PAR INDEX and SIPAS parts (with
//! figures when the data exist, a sentence saying what is missing otherwise), sources for the
//! figures, no placeholder text; LibreOffice converts it when installed.

use std::io::Read;

use chrono::Datelike;
use reqwest::StatusCode;

use crate::harness::{start, Browser};
use crate::nd30::{convert_with_libreoffice, paragraphs, rows};

fn part(zip: &mut zip::ZipArchive<std::io::Cursor<Vec<u8>>>, name: &str) -> Vec<u8> {
    let mut v = Vec::new();
    zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}")).read_to_end(&mut v).unwrap_or_default();
    v
}

/// Checks the PNG's signature and IHDR and that its stored zlib blocks hold exactly one
/// filtered row per line of pixels; returns (width, height).
fn check_png(png: &[u8]) -> (u32, u32) {
    assert!(png.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]), "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    let (w, h) = (be(16), be(20));
    assert!(w > 100 && h > 100, "{w}×{h}");
    assert_eq!((png[24], png[25]), (8, 2), "8-bit RGB");
    let mut i = 8;
    let mut idat = Vec::new();
    while i + 8 <= png.len() {
        let len = be(i) as usize;
        if &png[i + 4..i + 8] == b"IDAT" {
            idat.extend_from_slice(&png[i + 8..i + 8 + len]);
        }
        i += 12 + len;
    }
    assert_eq!(i, png.len(), "chunks end with the file");
    let (mut at, mut raw) = (2, 0usize);
    loop {
        let last = idat[at] & 1 == 1;
        let len = u16::from_le_bytes([idat[at + 1], idat[at + 2]]) as usize;
        assert_eq!(!u16::from_le_bytes([idat[at + 3], idat[at + 4]]) as usize, len, "NLEN");
        raw += len;
        at += 5 + len;
        if last {
            break;
        }
    }
    assert_eq!(raw, (w as usize * 3 + 1) * h as usize);
    (w, h)
}

#[tokio::test]
async fn the_consolidated_report_has_areas_indices_surveys_and_a_chart() {
    let s = start().await;
    let office = Browser::login(&s, "vanphong").await;
    let store = s.store.as_ref();
    // A year period of the demo with tasks due in it.
    let today = cchc_app::tracking::today();
    let cfg = cchc_app::tracking::config(store).await.unwrap_or_else(|e| panic!("{e}"));
    let mut period = None;
    for p in [today.year(), today.year() - 1, 2025].into_iter().flat_map(|y| cfg.calendar.periods_of_year(y)) {
        let n = cchc_app::consolidate::period_instances(store, &p).await.map(|v| v.len()).unwrap_or(0);
        if p.key.ends_with("-year") && n > 0 {
            period = Some((p, n));
            break;
        }
    }
    let (period, instances) = period.unwrap_or_else(|| panic!("the demo has a year with tasks"));

    let r = office.get(&format!("/reports/consolidated.docx?period={}", period.key)).await;
    assert_eq!(r.status(), StatusCode::OK);
    let bytes = r.bytes().await.unwrap_or_default().to_vec();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.clone())).unwrap_or_else(|e| panic!("{e}"));
    let xml = String::from_utf8(part(&mut zip, "word/document.xml")).unwrap_or_default();
    let paras = paragraphs(&xml);

    // The chart: a PNG part, related to the document, drawn inline, with its caption.
    check_png(&part(&mut zip, "word/media/image1.png"));
    let rels = String::from_utf8(part(&mut zip, "word/_rels/document.xml.rels")).unwrap_or_default();
    assert!(rels.contains("Target=\"media/image1.png\""), "{rels}");
    let types = String::from_utf8(part(&mut zip, "[Content_Types].xml")).unwrap_or_default();
    assert!(types.contains("image/png"));
    assert!(xml.contains("<wp:inline") && xml.contains("r:embed=\"rIdImage1\""));
    assert!(paras.iter().any(|p| p.starts_with("Biểu đồ 1: Nhiệm vụ theo lĩnh vực")), "{paras:?}");

    // Results by area add up to section I's count and to the period's instances.
    let counts = paras.iter().find(|p| p.contains("lượt nhiệm vụ đến hạn theo kế hoạch")).cloned().unwrap_or_default();
    let total: i64 = counts
        .split("có ")
        .nth(1)
        .and_then(|x| x.split(' ').next())
        .and_then(|n| n.replace('.', "").parse().ok())
        .unwrap_or_else(|| panic!("{counts}"));
    assert_eq!(total as usize, instances, "{counts}");
    assert!(counts.ends_with(&format!("(nguồn: /tasks?period={}).", period.key)), "{counts}");
    let timeliness = format!("(nguồn: /reports?period={}).", period.key);
    assert!(paras.iter().any(|p| p.starts_with("Có ") && p.ends_with(&timeliness)), "the submissions' source");
    assert!(paras.iter().any(|p| p == "KẾT QUẢ THỰC HIỆN NHIỆM VỤ THEO LĨNH VỰC"));
    let table = rows(&xml);
    let sums: Vec<&Vec<String>> = table.iter().filter(|r| r.get(1).is_some_and(|c| c == "Tổng cộng")).collect();
    assert_eq!(sums.len(), 1, "one total row");
    let n = |c: &str| c.replace('.', "").parse::<i64>().unwrap_or_else(|_| panic!("not a number: {c}"));
    let sum = sums[0];
    assert_eq!(n(&sum[2]), total, "the area table's total is section I's: {sum:?}");
    assert_eq!(n(&sum[3]) + n(&sum[4]) + n(&sum[5]) + n(&sum[6]), total, "done + in progress + overdue + not started");

    // The index parts: figures or a sentence saying what is missing, with their source.
    assert!(paras.iter().any(|p| p.ends_with("KẾT QUẢ CÁC CHỈ SỐ ĐÁNH GIÁ CẢI CÁCH HÀNH CHÍNH")), "{paras:?}");
    let after = |h: &str| {
        let i = paras.iter().position(|p| p.ends_with(h)).unwrap_or_else(|| panic!("no heading {h}: {paras:?}"));
        paras[i + 1].clone()
    };
    let i766 = after("Bộ chỉ số phục vụ người dân, doanh nghiệp (Bộ chỉ số 766)");
    assert!(
        (i766.starts_with("Điểm Bộ chỉ số 766") || i766.starts_with("Chưa có số liệu hồ sơ"))
            && i766.contains("(nguồn: /kpi?unit="),
        "{i766}"
    );
    assert!(i766.contains("của Tỉnh Hà Tĩnh"), "the issuing province's score: {i766}");
    let rounds = store.rounds().await.unwrap_or_default();
    let year = period.end.year();
    let par = after("Chỉ số cải cách hành chính (PAR INDEX)");
    match rounds.iter().filter(|r| r.year == year || r.year == year - 1).max_by_key(|r| (r.year, r.id)) {
        Some(r) => assert!(par.starts_with(&format!("Đợt đánh giá \"{}\"", r.name)), "{par}"),
        None => assert!(par.starts_with("Chưa có đợt đánh giá Chỉ số cải cách hành chính"), "{par}"),
    }
    let campaigns = store.campaigns().await.unwrap_or_default();
    let sipas = after("Chỉ số hài lòng về sự phục vụ hành chính (SIPAS)");
    let campaign = campaigns
        .iter()
        .filter(|c| (c.period_from.year() == year || c.period_to.year() == year) && c.period_from <= today)
        .max_by_key(|c| (c.period_to, c.id));
    match campaign {
        Some(c) => {
            assert!(sipas.starts_with(&format!("Đợt khảo sát \"{}\"", c.name)), "{sipas}");
            if sipas.contains("Chỉ số SIPAS chung") {
                assert!(paras.iter().any(|p| p == "TỶ LỆ HÀI LÒNG THEO YẾU TỐ (SIPAS)"), "factor table");
            }
        }
        None => assert!(sipas.starts_with("Chưa có đợt khảo sát SIPAS"), "{sipas}"),
    }

    // No placeholder: no bracketed note for someone to fill in.
    for p in &paras {
        assert!(!(p.starts_with('(') && p.ends_with(')')), "placeholder line: {p}");
        for bad in ["bổ sung.)", "(Cơ quan thường trực", "…/…", "TODO", "placeholder", "xxx"] {
            assert!(!p.contains(bad), "placeholder {bad}: {p}");
        }
    }

    // The annex names the task list behind every area row.
    let x = office.get(&format!("/reports/consolidated.xlsx?period={}", period.key)).await;
    assert_eq!(x.status(), StatusCode::OK);
    let mut annex = zip::ZipArchive::new(std::io::Cursor::new(x.bytes().await.unwrap_or_default().to_vec()))
        .unwrap_or_else(|e| panic!("{e}"));
    let workbook = String::from_utf8(part(&mut annex, "xl/workbook.xml")).unwrap_or_default();
    assert!(workbook.contains("Kết quả theo lĩnh vực"), "{workbook}");
    let strings = String::from_utf8(part(&mut annex, "xl/sharedStrings.xml")).unwrap_or_default();
    assert!(strings.contains(&format!("/tasks?period={}&amp;document=", period.key)), "area sources");

    // LibreOffice, when installed, converts it and draws the chart (an image XObject of the
    // PNG's size in the PDF).
    if let Some(pdf) = convert_with_libreoffice(&bytes) {
        let (w, h) = check_png(&part(&mut zip, "word/media/image1.png"));
        let image = format!("/Subtype/Image/Width {w}/Height {h}");
        assert!(pdf.windows(image.len()).any(|x| x == image.as_bytes()), "the chart is in the PDF");
    }
}
