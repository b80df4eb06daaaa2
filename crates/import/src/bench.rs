//! Timing of the parsers: each given file parsed N times (min and median in ms), and a ~10 MB
//! document synthesised in the seed-001 layout (scraped pipe table, many appendix rows).

use std::time::Instant;

use crate::{parse_document, ParseOptions};

/// Timings of one input.
#[derive(Debug, Clone)]
pub struct Timing {
    pub name: String,
    pub bytes: usize,
    pub runs: usize,
    pub min_ms: f64,
    pub median_ms: f64,
    /// Tasks found (a sanity check that the run parsed something).
    pub tasks: usize,
}

impl std::fmt::Display for Timing {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{:<48} {:>10} B  min {:>8.2} ms  median {:>8.2} ms  ({} runs, {} tasks)",
            self.name, self.bytes, self.min_ms, self.median_ms, self.runs, self.tasks
        )
    }
}

/// Parses `bytes` `runs` times and reports min and median.
pub fn time_bytes(name: &str, bytes: &[u8], runs: usize) -> Timing {
    let opts = ParseOptions { max_bytes: usize::MAX, default_year: None };
    let mut times = Vec::with_capacity(runs.max(1));
    let mut tasks = 0;
    for _ in 0..runs.max(1) {
        let t = Instant::now();
        let r = parse_document(bytes, Some(name), &opts);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        tasks = r.map(|d| d.tasks.len()).unwrap_or(0);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    Timing {
        name: name.to_string(),
        bytes: bytes.len(),
        runs: times.len(),
        min_ms: times[0],
        median_ms: times[times.len() / 2],
        tasks,
    }
}

/// Times each file; unreadable files are reported with zero tasks.
pub fn time_files(paths: &[std::path::PathBuf], runs: usize) -> Vec<Timing> {
    paths
        .iter()
        .map(|p| {
            let bytes = std::fs::read(p).unwrap_or_default();
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            time_bytes(&name, &bytes, runs)
        })
        .collect()
}

/// A document of about `target_bytes` in the seed-001 layout: header, then an appendix table of
/// areas with objective / task / activity rows in the one-cell-per-line scraped dialect.
pub fn synthesize(target_bytes: usize) -> String {
    let mut s = String::with_capacity(target_bytes + 4096);
    s.push_str("ỦY BAN NHÂN DÂN TỈNH HÀ TĨNH |\nSố: 3098/QĐ-UBND |\nHà Tĩnh, ngày 31 tháng 12 năm 2024 |\nQUYẾT ĐỊNH\nVỀ VIỆC BAN HÀNH KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH TỈNH HÀ TĨNH NĂM 2025\nPHỤ LỤC\n");
    s.push_str("|\nTT |\n1- Mục tiêu/Chỉ tiêu/nội dung |\n2- Nhiệm vụ |\n3- Hoạt động |\n4- Kết quả, sản phẩm |\n5- Chủ trì |\n6- Phối hợp |\n7- Thời gian hoàn thành |\n8- Kinh phí |\n");
    let romans = ["I", "II", "III", "IV", "V", "VI", "VII"];
    let deadlines = [
        "Quý II, III/2025",
        "Năm 2025",
        "Thường xuyên",
        "Tháng 12/2024",
        "Quý I- IV năm 2025",
        "Theo Kế hoạch của Bộ Nội vụ",
    ];
    let mut area = 0;
    while s.len() < target_bytes {
        let roman = romans[area % romans.len()];
        s.push_str(&format!("|\n{roman} |\nLĨNH VỰC CẢI CÁCH SỐ {area} |\n|||||||\n"));
        for tt in 1..=20 {
            let d = deadlines[(area + tt) % deadlines.len()];
            s.push_str(&format!(
                "|\n{tt} |\n1.{tt}. Nâng cao chất lượng công tác chỉ đạo điều hành, tổ chức thực hiện có hiệu quả nội dung số {tt} |\n2.{tt}. Ban hành kế hoạch và tổ chức triển khai nhiệm vụ số {tt} của lĩnh vực |\n3.{tt}. Xây dựng dự thảo văn bản, lấy ý kiến các cơ quan liên quan và trình ban hành |\nVăn bản, báo cáo, kế hoạch |\nSở Nội vụ |\nCác Sở, ban ngành cấp tỉnh, UBND cấp huyện |\n{d} |\n{} |\n",
                tt * 10
            ));
            s.push_str(&format!("|\n3.{tt}b Tổ chức thực hiện, kiểm tra, đôn đốc |\nCông văn |\nSở Tư pháp |\nCác cơ quan liên quan |\nNăm 2025 |\nTheo dự toán được cấp |\n|||\n"));
        }
        area += 1;
    }
    s
}

/// Times parsing of a synthesised document of about `target_bytes`.
pub fn time_synthetic(target_bytes: usize, runs: usize) -> Timing {
    let doc = synthesize(target_bytes);
    time_bytes("synthetic-001-layout.txt", doc.as_bytes(), runs)
}
