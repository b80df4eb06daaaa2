//! Runs the index 766 benchmark: `cargo run --release -p cchc-kpi --example bench -- 1000000 [dir] [engines]`
//! (engines: comma-separated `duckdb,sqlite`, or `none`).

use cchc_kpi::bench::{run, BenchOptions};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let records = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1_000_000);
    let dir = args.get(2).map_or_else(|| std::env::temp_dir().join("cchc-bench-kpi"), Into::into);
    let mut opts = BenchOptions::new(records, dir);
    if let Some(e) = args.get(3) {
        opts.engines = e.split(',').filter(|x| *x != "none").map(String::from).collect();
    }
    match run(&opts) {
        Ok(rep) => print!("{rep}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
