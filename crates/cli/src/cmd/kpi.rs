//! `cchc kpi …`: import dossier records, the procedure catalogue, the unit-code map and
//! methodology versions; print a unit's index-766 score.

use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::config::Config;
use cchc_app::kpi::files::{import_catalogue, import_dossiers, import_methodology, import_unit_codes, DossierSource};
use cchc_app::kpi::overview::{overview, OverviewQuery};
use cchc_app::kpi::{now_local, ImportOutcome, KpiError, KpiService};
use cchc_domain::period::{Granularity, PeriodKey};
use cchc_domain::user::Actor;
use cchc_kpi::read::ErrorPolicy;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum KpiCmd {
    /// Import dossier records (CSV, JSON Lines or XLSX). Bad rows are reported with their line
    /// and left out; with --reject-bad any bad row refuses the whole file.
    Import {
        file: PathBuf,
        /// Refuse the whole file if any row is bad (default: keep the good rows).
        #[arg(long)]
        reject_bad: bool,
    },
    /// Import the procedure catalogue (CSV or XLSX: MaTTHC, TenTTHC, CoPhi, …).
    Catalogue {
        file: PathBuf,
        #[arg(long)]
        reject_bad: bool,
    },
    /// Import the map from one-stop-shop unit codes to registry unit codes (columns
    /// ma_don_vi_766, ma_don_vi); all rows or none.
    UnitCodes { file: PathBuf },
    /// Import a methodology version (TOML or JSON); it applies from its effective date.
    Methodology { file: PathBuf },
    /// Print the index-766 score of a unit (default: the province with the most data).
    Report {
        #[arg(long)]
        unit: Option<String>,
        /// Period: 2025-03, 2025-Q1, 2025-H1, 2025 (default: the current quarter).
        #[arg(long)]
        period: Option<String>,
    },
}

/// Issues printed (the rest are counted).
const SHOWN: usize = 50;

fn print_outcome(o: &ImportOutcome, what: &str) -> ExitCode {
    for i in o.issues.iter().take(SHOWN) {
        let tag = if i.kind.is_error() { "lỗi" } else { "lưu ý" };
        eprintln!(
            "  dòng {}{}: {tag}: {}",
            i.line,
            i.code.as_ref().map(|c| format!(" ({c})")).unwrap_or_default(),
            i.message
        );
    }
    if o.issues.len() > SHOWN {
        eprintln!("  … và {} vấn đề khác", o.issues.len() - SHOWN);
    }
    if o.refused {
        eprintln!("Không nhập {}: tệp bị từ chối vì có dòng lỗi; chưa có thay đổi nào được ghi.", o.file_name);
        return ExitCode::from(2);
    }
    print!("Đã nhập {}: {} / {} dòng {what} hợp lệ, {} dòng bị loại.", o.file_name, o.accepted, o.rows, o.dropped);
    if let Some(w) = &o.written {
        print!(" Đã ghi {} hồ sơ (mới hoặc cập nhật), bỏ qua {} bản cũ hơn bản đã lưu.", w.written, w.stale);
    }
    if let Some(c) = &o.catalogue {
        print!(" Danh mục: thêm {}, cập nhật {}, giữ nguyên {}.", c.created, c.updated, c.unchanged);
    }
    println!();
    ExitCode::SUCCESS
}

fn refused(file: &std::path::Path, e: KpiError) -> anyhow::Result<ExitCode> {
    match e {
        KpiError::Invalid(m) | KpiError::Store(cchc_storage::StoreError::Invalid(m)) => {
            eprintln!("Không nhập được {}: {m}", file.display());
            Ok(ExitCode::from(2))
        }
        other => Err(other.into()),
    }
}

fn read(file: &std::path::Path) -> anyhow::Result<Vec<u8>> {
    std::fs::read(file).map_err(|e| anyhow::anyhow!("không đọc được {}: {e}", file.display()))
}

fn name_of(file: &std::path::Path) -> String {
    file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default()
}

pub async fn run(config: Config, cmd: KpiCmd) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&config).await?;
    let actor = Actor::cli();
    let policy = |reject: bool| if reject { ErrorPolicy::RejectBatch } else { ErrorPolicy::SkipBad };
    match cmd {
        KpiCmd::Import { file, reject_bad } => {
            match import_dossiers(&store, &actor, DossierSource::Path(file.clone()), policy(reject_bad)).await {
                Ok(o) => Ok(print_outcome(&o, "hồ sơ")),
                Err(e) => refused(&file, e),
            }
        }
        KpiCmd::Catalogue { file, reject_bad } => {
            let bytes = read(&file)?;
            match import_catalogue(&store, &actor, &name_of(&file), bytes, policy(reject_bad)).await {
                Ok(o) => Ok(print_outcome(&o, "thủ tục")),
                Err(e) => refused(&file, e),
            }
        }
        KpiCmd::UnitCodes { file } => match import_unit_codes(&store, &actor, &name_of(&file), &read(&file)?).await {
            Ok(n) => {
                println!("Đã nhập {n} mã đơn vị từ {}.", file.display());
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => refused(&file, e),
        },
        KpiCmd::Methodology { file } => {
            match import_methodology(&store, &actor, &name_of(&file), &read(&file)?).await {
                Ok((m, replaced)) => {
                    let verb = if replaced { "Đã thay" } else { "Đã thêm" };
                    println!(
                        "{verb} phiên bản {} ({}), áp dụng từ {}.",
                        m.id,
                        m.name,
                        m.effective_from.format("%d/%m/%Y")
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => refused(&file, e),
            }
        }
        KpiCmd::Report { unit, period } => report(store, unit, period).await,
    }
}

async fn report(
    store: cchc_storage::DynStore,
    unit: Option<String>,
    period: Option<String>,
) -> anyhow::Result<ExitCode> {
    let now = now_local();
    let period = match period {
        Some(p) => PeriodKey::parse(&p).ok_or_else(|| anyhow::anyhow!("kỳ không hợp lệ: {p}"))?,
        None => PeriodKey::containing(Granularity::Quarter, cchc_domain::local_time::to_secs(now)),
    };
    let service = KpiService::new(store);
    let q = OverviewQuery { root: unit, period, visible: None, trend_len: 1 };
    let o = service.compute(now, move |c| overview(c, &q)).await??;
    let num = |v: Option<f64>| v.map_or("—".to_string(), |x| cchc_export::table::vn_number(x, 2));
    println!(
        "Chỉ số 766 — {} ({}) — {} — dữ liệu tính đến {}",
        o.root.name,
        o.root.code,
        o.period_label,
        o.as_of.format("%d/%m/%Y %H:%M")
    );
    println!("Điểm: {}  Xếp loại: {}", num(o.score), o.band.as_deref().unwrap_or("—"));
    for g in &o.groups {
        println!("  {:<6} {:<36} {:>8} / {}", g.code, g.name, num(g.points), g.max_points);
    }
    for i in &o.indicators {
        println!(
            "  {:<6} tử số {:>8}  mẫu số {:>8}  tỷ lệ {:>8}%  điểm {:>6}",
            i.code,
            i.numerator,
            i.denominator,
            num(i.percent),
            num(i.points)
        );
    }
    Ok(ExitCode::SUCCESS)
}
