//! `cchc import FILE [--dry-run] [--format json|text] [--yes]`: read a plan or conclusion
//! notice into tasks and targets.

use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::config::Config;
use cchc_app::plans::{compare, into_content, parse, sha256, store_plan, Existing, Stored};
use cchc_domain::plan::PlanDiff;
use cchc_domain::registry_file::default_registry;
use cchc_domain::resolver::Resolver;
use cchc_domain::user::Actor;
use cchc_import::{summary, to_json};
use clap::{Args, ValueEnum};

#[derive(Args)]
pub struct ImportArgs {
    /// The document: scraped text, DOCX or XLSX.
    file: PathBuf,
    /// Parse and print, store nothing.
    #[arg(long)]
    dry_run: bool,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
    /// Apply a revised version of a stored document (otherwise its differences are shown only).
    #[arg(long)]
    yes: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum OutputFormat {
    Text,
    Json,
}

/// The registry to resolve agencies with: the database's, or for a dry run without a database,
/// the default registries shipped with cchc.
async fn registry(config: &Config, dry_run: bool) -> anyhow::Result<(Resolver, Option<cchc_storage::DynStore>)> {
    let url = config.effective_database_url();
    let no_db = url.starts_with("sqlite:") && !config.data_dir.join("cchc.db").exists();
    if dry_run && no_db {
        let (units, changes) = default_registry().map_err(|e| anyhow::anyhow!("danh mục mặc định lỗi: {}", e.len()))?;
        return Ok((Resolver::new(&units, &changes), None));
    }
    let store = super::open_store(config).await?;
    if store.all_units().await?.is_empty() {
        if dry_run {
            let (units, changes) =
                default_registry().map_err(|e| anyhow::anyhow!("danh mục mặc định lỗi: {}", e.len()))?;
            return Ok((Resolver::new(&units, &changes), None));
        }
        anyhow::bail!(
            "danh mục đơn vị đang trống nên không gán được nhiệm vụ cho đơn vị nào; hãy nhập danh mục trước: \
             `cchc unit import TỆP` hoặc `cchc unit import --defaults`"
        );
    }
    Ok((cchc_app::plans::resolver(store.as_ref()).await?, Some(store)))
}

pub async fn run(config: Config, a: ImportArgs) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(&a.file).map_err(|e| anyhow::anyhow!("không đọc được {}: {e}", a.file.display()))?;
    let name = a.file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let (resolver, store) = registry(&config, a.dry_run).await?;
    let limit = config.limits.max_upload_bytes.max(bytes.len().min(200 * 1024 * 1024));
    let doc = match tokio::task::block_in_place(|| parse(&bytes, &name, limit, &resolver)) {
        Ok(d) => d,
        Err(e) => {
            eprintln!("Không nhập được {}: {e}", a.file.display());
            return Ok(ExitCode::from(2));
        }
    };
    eprintln!("{}", summary(&doc));
    if a.dry_run {
        if let OutputFormat::Json = a.format {
            println!("{}", serde_json::to_string_pretty(&to_json(&doc))?);
        }
        return Ok(ExitCode::SUCCESS);
    }
    let Some(store) = store else { return Ok(ExitCode::SUCCESS) };
    let content = into_content(doc, &name, &sha256(&bytes), &resolver);
    if let Existing::Revision { document, diff } = compare(store.as_ref(), &content).await? {
        if !a.yes {
            println!(
                "{} đã có trong hệ thống (phiên bản {}). Tệp này là bản sửa đổi:",
                document.meta.label(),
                document.version
            );
            print_diff(&diff);
            println!("Chạy lại với --yes để áp dụng.");
            return Ok(ExitCode::from(4));
        }
    }
    let outcome = store_plan(store.as_ref(), &Actor::cli(), &content).await?;
    match &outcome {
        Stored::Created { document } => println!(
            "Đã nhập {}: {} nhiệm vụ, {} chỉ tiêu ({} cần xem lại đơn vị).",
            document.meta.label(),
            document.task_count,
            document.target_count,
            document.review_count
        ),
        Stored::Revised { document, replaced } => println!(
            "Đã cập nhật {} lên phiên bản {} (thay phiên bản {}).",
            document.meta.label(),
            document.version,
            replaced.version
        ),
        Stored::Unchanged { document } => {
            println!("{} đã có trong hệ thống; không có thay đổi.", document.meta.label())
        }
    }
    if let OutputFormat::Json = a.format {
        println!("{}", serde_json::to_string_pretty(&outcome)?);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_diff(d: &PlanDiff) {
    for c in &d.added_tasks {
        println!("  + nhiệm vụ {c}");
    }
    for c in &d.removed_tasks {
        println!("  - nhiệm vụ {c}");
    }
    for (c, fields) in &d.changed_tasks {
        for f in fields {
            println!("  ~ nhiệm vụ {c}, {}: «{}» → «{}»", f.field, f.before, f.after);
        }
    }
    for c in &d.added_targets {
        println!("  + chỉ tiêu {c}");
    }
    for c in &d.removed_targets {
        println!("  - chỉ tiêu {c}");
    }
    for (c, fields) in &d.changed_targets {
        for f in fields {
            println!("  ~ chỉ tiêu {c}, {}: «{}» → «{}»", f.field, f.before, f.after);
        }
    }
}
