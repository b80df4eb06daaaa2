//! Import time of the largest shared document and of the largest corpus document (run with
//! `cargo test -p cchc-import --test timing -- --ignored --nocapture`; debug builds are slow,
//! compare runs of the same profile only).

use std::path::PathBuf;

use cchc_import::bench::time_files;

fn docs(dir: &str) -> Vec<PathBuf> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../documents").join(dir);
    let mut out: Vec<PathBuf> =
        std::fs::read_dir(root).map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect()).unwrap_or_default();
    out.retain(|p| p.extension().is_some_and(|x| x == "txt"));
    out.sort_by_key(|p| std::cmp::Reverse(std::fs::metadata(p).map(|m| m.len()).unwrap_or(0)));
    out.truncate(1);
    out
}

#[test]
#[ignore = "timing, not a check"]
fn largest_documents() {
    let mut paths = docs("seeds");
    paths.extend(docs("samples"));
    paths.extend(docs("corpus"));
    for t in time_files(&paths, 30) {
        println!("{t}");
        assert!(t.tasks > 0, "{} parsed nothing", t.name);
    }
}
