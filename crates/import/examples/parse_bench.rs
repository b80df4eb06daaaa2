//! Parser timings: each file given (or the shared seeds and samples), then a synthesised
//! ~10 MB document in the seed-001 layout. Run in release:
//!
//! `cargo run --release -p cchc-import --example parse_bench -- [--no-synthetic] [FILES…]`

use std::path::PathBuf;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let synthetic = !args.iter().any(|a| a == "--no-synthetic");
    let mut files: Vec<PathBuf> = args.iter().filter(|a| !a.starts_with("--")).map(PathBuf::from).collect();
    if files.is_empty() {
        let shared = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../documents");
        for dir in ["seeds", "samples"] {
            if let Ok(entries) = std::fs::read_dir(shared.join(dir)) {
                let mut found: Vec<PathBuf> =
                    entries.flatten().map(|e| e.path()).filter(|p| p.extension().is_some_and(|x| x == "txt")).collect();
                found.sort();
                files.extend(found);
            }
        }
    }
    for t in cchc_import::bench::time_files(&files, 30) {
        println!("{t}");
    }
    if synthetic {
        println!("{}", cchc_import::bench::time_synthetic(10 * 1024 * 1024, 5));
    }
}
