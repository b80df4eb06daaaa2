//! Benchmark harness (`cchc bench kpi`): generate N records, time CSV ingest (with a
//! persistence sink: an append-only file here, the database store in `cchc bench kpi`) plus
//! every indicator for every unit and period, time one-day incremental batches on the days
//! that follow (each persisted through a new sink), run the same computation in DuckDB and SQLite through
//! `bench/duckdb/run.py`, compare every numerator and denominator, report times, ratios and
//! peak memory.

use std::collections::HashMap;
use std::fmt;
use std::fs::File;
use std::io::BufWriter;
use std::path::PathBuf;
use std::time::Instant;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::aggregate::KpiState;
use crate::check::{check_batch, Known};
use crate::generate::{generate, generate_catalogue, generate_units, write_csv, DateStyle, GenOptions};
use crate::ingest::{ingest_csv, IngestOptions};
use crate::read::{Batch, ErrorPolicy};
use crate::report::compute_report;
use crate::sink::{AppendFileSink, RecordSink};
use cchc_domain::kpi::methodology::Methodology;
use cchc_domain::kpi::record::DossierRecord;

mod reference;

pub use reference::compare;
use reference::reference;

/// Benchmark settings.
#[derive(Debug, Clone)]
pub struct BenchOptions {
    /// Records in the CSV (1M, 10M; 10k in tests).
    pub records: usize,
    /// Records per day, also the size of the incremental batch.
    pub per_day: usize,
    pub units: usize,
    pub seed: u64,
    /// Working directory for the CSV, the append file and the reference results.
    pub dir: PathBuf,
    /// Directory holding `duckdb/run.py` and the SQL scripts.
    pub scripts: PathBuf,
    /// Python interpreter.
    pub python: String,
    /// Reference engines to run: any of `duckdb`, `sqlite`.
    pub engines: Vec<String>,
    /// Incremental batches timed, one per following day (at least 1).
    pub incremental_days: usize,
}

impl BenchOptions {
    /// Defaults: 5,000 records a day over 100 units, seed 766, both engines, scripts in the
    /// repository's `bench/`.
    pub fn new(records: usize, dir: PathBuf) -> BenchOptions {
        BenchOptions {
            records,
            per_day: 5_000,
            units: 100,
            seed: 766,
            dir,
            scripts: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../bench")),
            python: "python3".into(),
            engines: vec!["duckdb".into(), "sqlite".into()],
            incremental_days: 5,
        }
    }
}

/// One reference engine's run.
#[derive(Debug, Clone, Default)]
pub struct EngineRun {
    pub engine: String,
    pub seconds: Option<f64>,
    pub load_seconds: Option<f64>,
    pub peak_rss_kb: Option<u64>,
    /// Cells (unit × period × indicator) that differ from cchc, either way.
    pub mismatches: Option<usize>,
    /// First few differences, for the report.
    pub examples: Vec<String>,
    pub error: Option<String>,
}

/// Everything measured.
#[derive(Debug, Clone, Default)]
pub struct BenchReport {
    pub records: usize,
    /// Where the records were persisted.
    pub sink: String,
    pub csv_bytes: u64,
    pub generate_seconds: f64,
    /// CSV → checks → persistence sink (committed) → state.
    pub ingest_seconds: f64,
    /// Report for every unit (with roll-up) and period.
    pub compute_seconds: f64,
    /// The store's background work after the ingest, waited for before the batches.
    pub settle_seconds: f64,
    pub cells: usize,
    pub results: usize,
    pub issues: usize,
    /// Records in each incremental batch.
    pub incremental_records: usize,
    /// Distinct dossiers in the state after the incremental batches.
    pub dossiers: usize,
    /// Each day's batch, in order: checks, persisted (committed), cut-off moved a day, state
    /// updated.
    pub incremental: Vec<IncrementalRun>,
    /// The report recomputed after the last batch.
    pub incremental_report_ms: f64,
    /// VmHWM of this process, kB.
    pub peak_rss_kb: Option<u64>,
    pub engines: Vec<EngineRun>,
}

/// One incremental batch.
#[derive(Debug, Clone, Copy, Default)]
pub struct IncrementalRun {
    /// Until the batch is committed and the state updated.
    pub ms: f64,
    /// Within `ms`, alongside the writer: moving the cut-off and updating the state.
    pub state_ms: f64,
}

impl BenchReport {
    /// Ingest plus compute.
    pub fn total_seconds(&self) -> f64 {
        self.ingest_seconds + self.compute_seconds
    }

    /// The median incremental batch (ms); 0 without any.
    pub fn incremental_median_ms(&self) -> f64 {
        let mut v: Vec<f64> = self.incremental.iter().map(|r| r.ms).collect();
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => 0.0,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }

    /// The slowest incremental batch (ms); 0 without any.
    pub fn incremental_max_ms(&self) -> f64 {
        self.incremental.iter().map(|r| r.ms).fold(0.0, f64::max)
    }
}

/// Why the benchmark could not run.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    #[error("lỗi vào/ra: {0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Other(String),
}

/// VmHWM (peak resident memory) of this process in kB, from /proc/self/status.
pub fn peak_rss_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Opens a persistence sink for one phase of the benchmark (`ingest`, `incremental`).
pub type SinkFactory<'a> = dyn FnMut(&str) -> std::io::Result<Box<dyn RecordSink>> + 'a;

/// Runs the whole benchmark, persisting to an append-only file in `opts.dir`.
pub fn run(opts: &BenchOptions) -> Result<BenchReport, BenchError> {
    std::fs::create_dir_all(&opts.dir)?;
    let store = opts.dir.join("dossiers.cchc");
    let _ = std::fs::remove_file(&store);
    let mut open = |_: &str| -> std::io::Result<Box<dyn RecordSink>> { Ok(Box::new(AppendFileSink::open(&store)?)) };
    run_with(opts, "tệp ghi nối (fsync)", &mut open, &mut || Ok(()))
}

/// Runs the whole benchmark with the given persistence (`sink` names it in the report).
/// `settle` runs between the ingest and the incremental batches, untimed but reported: it
/// lets the store finish its background work (SQLite's log checkpoint) so that the batches
/// measure a day's import in steady state, not the tail of a ten-million-row load.
pub fn run_with(
    opts: &BenchOptions,
    sink: &str,
    open_sink: &mut SinkFactory<'_>,
    settle: &mut dyn FnMut() -> std::io::Result<()>,
) -> Result<BenchReport, BenchError> {
    std::fs::create_dir_all(&opts.dir)?;
    let mut rep = BenchReport { records: opts.records, sink: sink.to_string(), ..BenchReport::default() };
    let start = NaiveDate::from_ymd_opt(2024, 1, 1).ok_or_else(|| BenchError::Other("ngày".into()))?;
    let inc_days = opts.incremental_days.max(1);
    let days = (opts.records + opts.per_day * inc_days).div_ceil(opts.per_day.max(1)) + 2;
    let gen = GenOptions { units: opts.units, days, per_day: opts.per_day, seed: opts.seed, start };
    let csv = opts.dir.join("dossiers.csv");
    let cat_path = opts.dir.join("procedures.csv");
    let t = Instant::now();
    let catalogue = generate_catalogue(opts.seed);
    std::fs::write(&cat_path, catalogue.to_csv())?;
    let mut rows = generate(gen);
    let mut last: Option<NaiveDateTime> = None;
    let head = rows.by_ref().take(opts.records).inspect(|r| last = Some(r.received));
    write_csv(BufWriter::with_capacity(1 << 20, File::create(&csv)?), head, DateStyle::Iso)?;
    let batches: Vec<Vec<DossierRecord>> = (0..inc_days).map(|_| rows.by_ref().take(opts.per_day).collect()).collect();
    rep.generate_seconds = t.elapsed().as_secs_f64();
    rep.csv_bytes = std::fs::metadata(&csv)?.len();
    let as_of = last.map_or(start.and_time(chrono::NaiveTime::MIN), |l| {
        l.date().and_time(chrono::NaiveTime::MIN) + Duration::days(1)
    });

    let method = Methodology::default_766().map_err(|e| BenchError::Other(e.to_string()))?;
    let tree = generate_units(&gen);
    let known = Known {
        units: Some((0..opts.units).map(crate::generate::unit_code).collect()),
        procedures: Some(catalogue.procedures.keys().cloned().collect()),
    };
    let mut state = KpiState::new(method, catalogue, as_of).map_err(BenchError::Other)?;
    let ingest_opts = IngestOptions { policy: ErrorPolicy::SkipBad, known: known.clone() };
    let t = Instant::now();
    let mut sink = open_sink("ingest")?;
    let ing = ingest_csv(File::open(&csv)?, &ingest_opts, sink.as_mut(), &mut state)
        .map_err(|e| BenchError::Other(e.to_string()))?;
    rep.ingest_seconds = t.elapsed().as_secs_f64();
    let t = Instant::now();
    let report = compute_report(&state, &tree);
    rep.compute_seconds = t.elapsed().as_secs_f64();
    rep.results = report.results.len();
    rep.issues = ing.issues.iter().filter(|i| i.kind.drops_row()).count();
    let cells = state.cells();
    rep.cells = cells.len();

    let t = Instant::now();
    settle()?;
    rep.settle_seconds = t.elapsed().as_secs_f64();
    rep.incremental_records = opts.per_day;
    for (day, batch) in (1..).zip(batches) {
        // As in the full ingest: the writer task persists the batch while this thread moves
        // the cut-off and updates the state; the batch is done when both are (commit included).
        let t = Instant::now();
        let lines: Vec<u64> = (1..=batch.len() as u64).collect();
        let checked = check_batch(Batch { records: batch, lines, issues: vec![] }, &known, ErrorPolicy::SkipBad)
            .map_err(|e| BenchError::Other(e.to_string()))?;
        let mut sink = open_sink("incremental")?;
        sink.write_batch(&checked.records)?;
        let t2 = Instant::now();
        state.set_as_of(as_of + Duration::days(day));
        state.apply(&checked.records);
        let state_ms = t2.elapsed().as_secs_f64() * 1e3;
        sink.flush()?;
        rep.incremental.push(IncrementalRun { ms: t.elapsed().as_secs_f64() * 1e3, state_ms });
    }
    rep.dossiers = state.len();
    let t = Instant::now();
    let _after = compute_report(&state, &tree);
    rep.incremental_report_ms = t.elapsed().as_secs_f64() * 1e3;
    rep.peak_rss_kb = peak_rss_kb();

    let ours: HashMap<(String, String, String), (i64, i64)> = cells
        .into_iter()
        .map(|c| ((c.unit, c.period.to_string(), c.indicator), (c.numerator, c.denominator)))
        .collect();
    for engine in &opts.engines {
        rep.engines.push(reference(opts, engine, &csv, &cat_path, as_of, &ours));
    }
    Ok(rep)
}

impl fmt::Display for BenchReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mb = |kb: Option<u64>| kb.map_or("?".to_string(), |k| format!("{:.0} MB", k as f64 / 1024.0));
        writeln!(
            f,
            "cchc bench kpi — {} hồ sơ ({:.0} MB CSV), sinh dữ liệu {:.1} s",
            self.records,
            self.csv_bytes as f64 / 1e6,
            self.generate_seconds
        )?;
        writeln!(
            f,
            "  cchc: đọc + kiểm tra + lưu ({}) + tích lũy {:.3} s, tính mọi chỉ số/đơn vị/kỳ {:.3} s, tổng {:.3} s",
            self.sink,
            self.ingest_seconds,
            self.compute_seconds,
            self.total_seconds()
        )?;
        writeln!(
            f,
            "        {} ô (đơn vị × kỳ × chỉ số), {} kết quả đơn vị × kỳ, {} dòng bị loại",
            self.cells, self.results, self.issues
        )?;
        if self.settle_seconds >= 0.01 {
            writeln!(
                f,
                "        sau đó, không tính giờ: chờ việc nền của cơ sở dữ liệu (chép nhật ký WAL vào tệp) {:.1} s",
                self.settle_seconds
            )?;
        }
        let days: Vec<String> = self.incremental.iter().map(|r| format!("{:.1} ({:.1})", r.ms, r.state_ms)).collect();
        writeln!(
            f,
            "  cchc: lô tăng thêm {} hồ sơ/ngày, {} ngày liền: trung vị {:.1} ms, chậm nhất {:.1} ms đến khi đã lưu \
             và cập nhật trạng thái; tính lại báo cáo {:.1} ms; bộ nhớ đỉnh {}",
            self.incremental_records,
            self.incremental.len(),
            self.incremental_median_ms(),
            self.incremental_max_ms(),
            self.incremental_report_ms,
            mb(self.peak_rss_kb)
        )?;
        writeln!(
            f,
            "        từng ngày, ms (trong ngoặc: cập nhật trạng thái, song song với ghi): {}",
            days.join("; ")
        )?;
        for e in &self.engines {
            match (&e.error, e.seconds) {
                (Some(err), _) => writeln!(f, "  {}: không chạy được — {err}", e.engine)?,
                (None, Some(s)) => {
                    writeln!(
                        f,
                        "  {}: {:.3} s (nạp {:.3} s), cchc/{} = {:.2}, bộ nhớ đỉnh {}, khác biệt: {}",
                        e.engine,
                        s,
                        e.load_seconds.unwrap_or(0.0),
                        e.engine,
                        self.total_seconds() / s,
                        mb(e.peak_rss_kb),
                        e.mismatches.map_or("?".into(), |n| if n == 0 {
                            "0 (khớp hoàn toàn)".into()
                        } else {
                            n.to_string()
                        })
                    )?;
                    for x in &e.examples {
                        writeln!(f, "      {x}")?;
                    }
                }
                (None, None) => writeln!(f, "  {}: không có thời gian", e.engine)?,
            }
        }
        Ok(())
    }
}
