//! `cchc unit import FILE | --defaults` and `cchc unit export`.

use std::path::PathBuf;
use std::process::ExitCode;

use cchc_app::config::Config;
use cchc_app::registry::{export_csv, import_registry, import_rows, RegistryImportError};
use cchc_domain::registry_file::read_csv;
use cchc_domain::user::Actor;
use clap::Subcommand;

#[derive(Subcommand)]
pub enum UnitCmd {
    /// Import units from a CSV or XLSX file (all rows or none), or the registries shipped with
    /// cchc (`--defaults`: Hà Tĩnh, Bình Định, Hòa Bình, Đồng Tháp, TP. Hồ Chí Minh, ministries).
    Import {
        #[arg(required_unless_present = "defaults")]
        file: Option<PathBuf>,
        #[arg(long, conflicts_with = "file")]
        defaults: bool,
    },
    /// Export the registry as CSV (the import layout) to a file or standard output.
    Export {
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
}

pub async fn run(config: Config, cmd: UnitCmd) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&config).await?;
    match cmd {
        UnitCmd::Import { file: None, .. } => {
            let mut rows = Vec::new();
            for (name, text) in cchc_domain::registry_file::default_registries() {
                rows.extend(read_csv(text).map_err(|e| anyhow::anyhow!("{name}: {} lỗi", e.len()))?);
            }
            match import_rows(store.as_ref(), &Actor::cli(), &rows).await {
                Ok(r) => {
                    println!(
                        "Đã nhập danh mục mặc định: thêm {} đơn vị, cập nhật {}, giữ nguyên {}, {} thay đổi tổ chức.",
                        r.created, r.updated, r.unchanged, r.changes
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("Không nhập được danh mục mặc định: {e}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        UnitCmd::Import { file: Some(file), .. } => {
            let bytes = std::fs::read(&file).map_err(|e| anyhow::anyhow!("không đọc được {}: {e}", file.display()))?;
            let name = file.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            match import_registry(store.as_ref(), &Actor::cli(), &bytes, &name).await {
                Ok(r) => {
                    println!(
                        "Đã nhập {}: thêm {} đơn vị, cập nhật {}, giữ nguyên {}, {} thay đổi tổ chức.",
                        file.display(),
                        r.created,
                        r.updated,
                        r.unchanged,
                        r.changes
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(RegistryImportError::Rows(errs)) => {
                    eprintln!(
                        "Không nhập được {} ({} lỗi); chưa có thay đổi nào được ghi:",
                        file.display(),
                        errs.len()
                    );
                    for e in errs {
                        eprintln!("  {e}");
                    }
                    Ok(ExitCode::from(2))
                }
                Err(e) => {
                    eprintln!("Không nhập được {}: {e}", file.display());
                    Ok(ExitCode::from(2))
                }
            }
        }
        UnitCmd::Export { output } => {
            let csv = export_csv(store.as_ref()).await?;
            match output {
                Some(p) => {
                    std::fs::write(&p, csv.as_bytes())?;
                    eprintln!("Đã ghi {}", p.display());
                }
                None => print!("{csv}"),
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}
