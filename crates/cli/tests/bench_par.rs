//! `cchc bench par` and `cchc bench surge` at a tiny scale: each builds its database, serves
//! it, runs its load and prints every line (bench par: with its target). Only completion and
//! the figures that are counts are checked (no lost write, no error), never timings.

use std::path::PathBuf;
use std::process::Command;

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn bench_par_runs_at_a_tiny_scale_and_prints_its_lines() {
    use rand::Rng;
    let dir = Dir(std::env::temp_dir().join(format!(
        "cchc-bench-par-{}-{:08x}",
        std::process::id(),
        rand::thread_rng().gen::<u32>()
    )));
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .env_remove("CCHC_DATABASE_URL")
        .env("CCHC_LOG_LEVEL", "warn")
        .arg("--data-dir")
        .arg(&dir.0)
        .args(["bench", "par", "--units", "6", "--criteria", "10", "--areas", "3", "--surge", "3"])
        .args(["--duration", "1s", "--connections", "2", "--runs", "2", "--open-over", "1s", "--dir"])
        .arg(&dir.0)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    for line in [
        "6 đơn vị × 10 tiêu chí",
        "3 đơn vị nộp cùng lúc",
        "biểu mẫu: 3 đơn vị mở trong 1 s",
        "lỗi 0  (mỗi đơn vị biểu mẫu của mình, một lần)",
        "(bản nháp), 2 kết nối p50",
        "mất 0  lỗi 5xx 0  khác 0",
        "biểu mẫu chấm điểm (bản nháp)",
        "bản đã nộp (có xếp hạng)",
        "tính lại kết quả và xếp hạng",
        "mục tiêu",
        "< 100 ms",
        "p50 < 20 ms",
        "< 60 s, mất 0, 5xx 0",
    ] {
        assert!(text.contains(line), "«{line}» missing:\n{text}");
    }
    assert!(!text.contains("THIẾU KẾT QUẢ"), "{text}");
}

/// `cchc bench surge` at a tiny scale: every report and task written, each in the audit log.
#[test]
fn bench_surge_runs_at_a_tiny_scale_and_loses_nothing() {
    use rand::Rng;
    let dir = Dir(std::env::temp_dir().join(format!(
        "cchc-bench-surge-{}-{:08x}",
        std::process::id(),
        rand::thread_rng().gen::<u32>()
    )));
    let out = Command::new(env!("CARGO_BIN_EXE_cchc"))
        .env_remove("CCHC_DATABASE_URL")
        .env("CCHC_LOG_LEVEL", "warn")
        .arg("--data-dir")
        .arg(&dir.0)
        .args(["bench", "surge", "--units", "4", "--window", "1s", "--dir"])
        .arg(&dir.0)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{text}");
    for line in [
        "Hạn nộp báo cáo: 4 đơn vị",
        "16 yêu cầu",
        "nộp báo cáo kèm 2 tệp",
        "báo cáo hoàn thành nhiệm vụ",
        "4/4 báo cáo đã nộp, 8/8 tệp, 12/12 nhiệm vụ đã chuyển; mất 0; thiếu nhật ký 0",
    ] {
        assert!(text.contains(line), "«{line}» missing:\n{text}");
    }
}
