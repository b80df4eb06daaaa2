//! `cchc kpi` and `cchc demo dossiers` end to end: the catalogue first, a dossier file with
//! bad rows refused whole or imported without them (every bad row reported with its line),
//! the resulting score, and generated records using the registry's unit codes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir() -> Dir {
    use rand::Rng;
    let d = std::env::temp_dir().join(format!(
        "cchc-kpi-cli-{}-{:08x}",
        std::process::id(),
        rand::thread_rng().gen::<u32>()
    ));
    std::fs::create_dir_all(&d).unwrap_or_else(|e| panic!("{e}"));
    Dir(d)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cchc"))
        .env_remove("CCHC_DATABASE_URL")
        .env("CCHC_LOG_LEVEL", "warn")
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{e}"))
}

fn text(o: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr))
}

fn write(dir: &Path, name: &str, body: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, body).unwrap_or_else(|e| panic!("{e}"));
    p.to_string_lossy().to_string()
}

const DOSSIERS: &str = "MaHoSo;MaTTHC;MaDonVi;NgayTiepNhan;NgayHenTra;NgayKetThucXuLy;KenhThucHien\n\
    HS-1;P1;X-A;03/01/2025 08:00;10/01/2025 17:00;08/01/2025 10:00;2\n\
    HS-2;P1;X-KHONG;03/01/2025 08:00;10/01/2025 17:00;;1\n\
    HS-3;P1;x-b;05/01/2025 08:00;06/01/2025 17:00;04/01/2025 10:00;1\n\
    HS-4;P1;X-B;hôm qua;06/01/2025 17:00;;1\n\
    HS-5;P2;X-B;05/02/2025 08:00;06/02/2025 17:00;07/02/2025 10:00;1\n";

#[test]
fn dossier_import_reports_bad_rows_by_line() {
    let d = tempdir();
    let reg = write(
        &d.0,
        "units.csv",
        "code,kind,parent_code,name\nX,province,,Tỉnh X\nX-A,department,X,Sở A\nX-B,department,X,Sở B\n",
    );
    assert!(run(&d.0, &["unit", "import", &reg]).status.success());
    let hs = write(&d.0, "hoso.csv", DOSSIERS);

    let o = run(&d.0, &["kpi", "import", &hs]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("chưa có danh mục thủ tục"), "{}", text(&o));

    let cat = write(&d.0, "tthc.csv", "MaTTHC,TenTTHC,CoPhi\nP1,Thủ tục 1,0\nP2,Thủ tục 2,1\n");
    let o = run(&d.0, &["kpi", "catalogue", &cat]);
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("thêm 2"), "{}", text(&o));

    // Refused whole: every error listed, nothing written.
    let o = run(&d.0, &["kpi", "import", &hs, "--reject-bad"]);
    let t = text(&o);
    assert_eq!(o.status.code(), Some(2), "{t}");
    for needle in ["dòng 3 (HS-2)", "X-KHONG", "dòng 4 (HS-3)", "trước ngày tiếp nhận", "dòng 5", "hôm qua", "từ chối"]
    {
        assert!(t.contains(needle), "{needle} missing:\n{t}");
    }
    let o = run(&d.0, &["kpi", "report", "--unit", "X", "--period", "2025-Q1"]);
    assert!(text(&o).contains("Điểm: —"), "nothing counted yet:\n{}", text(&o));

    // Good rows kept, bad rows listed.
    let o = run(&d.0, &["kpi", "import", &hs]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("2 / 5 dòng hồ sơ hợp lệ, 3 dòng bị loại") && t.contains("Đã ghi 2 hồ sơ"), "{t}");
    assert!(t.contains("dòng 3 (HS-2)") && t.contains("dòng 5"), "{t}");

    let o = run(&d.0, &["kpi", "report", "--unit", "X", "--period", "2025-Q1"]);
    let t = text(&o);
    assert!(o.status.success(), "{t}");
    assert!(t.contains("Tỉnh X") && t.contains("Quý I/2025") && t.contains("TD1"), "{t}");
    assert!(!t.contains("Điểm: —"), "HS-1 and HS-5 are counted:\n{t}");
}

#[test]
fn demo_dossiers_use_registry_codes_when_a_database_exists() {
    let d = tempdir();
    let out = d.0.join("hs.csv");
    let o = run(
        &d.0,
        &["demo", "dossiers", "--units", "3", "--days", "4", "--per-day", "10", "--out", &out.to_string_lossy()],
    );
    assert!(o.status.success(), "{}", text(&o));
    let csv = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(csv.starts_with("code,procedure,unit,received") && csv.contains(",U0001,"), "synthetic codes:\n{csv}");
    assert!(csv.lines().count() >= 41, "{}", csv.lines().count());

    let reg = write(
        &d.0,
        "units.csv",
        "code,kind,parent_code,name\nX,province,,Tỉnh X\nX-A,department,X,Sở A\nX-B,department,X,Sở B\n",
    );
    assert!(run(&d.0, &["unit", "import", &reg]).status.success());
    let cat = d.0.join("tthc.csv");
    let args = ["demo", "dossiers", "--province", "X", "--days", "4", "--per-day", "10", "--out"];
    let o = run(&d.0, &[&args[..], &[&*out.to_string_lossy(), "--catalogue", &cat.to_string_lossy()]].concat());
    assert!(o.status.success(), "{}", text(&o));
    let csv = std::fs::read_to_string(&out).unwrap_or_default();
    assert!(csv.contains(",X-A,") && csv.contains(",X-B,") && !csv.contains(",U0001,"), "registry codes:\n{csv}");
    // The generated files import cleanly.
    assert!(run(&d.0, &["kpi", "catalogue", &cat.to_string_lossy()]).status.success());
    let o = run(&d.0, &["kpi", "import", &out.to_string_lossy(), "--reject-bad"]);
    assert!(o.status.success(), "{}", text(&o));
}
