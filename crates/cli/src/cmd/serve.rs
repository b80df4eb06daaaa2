//! `cchc serve [--demo]`.

use std::process::ExitCode;

use cchc_app::config::Config;
use cchc_app::demo;
use cchc_web::AppState;
use clap::Args;

#[derive(Args)]
pub struct ServeArgs {
    /// Address to listen on (default from the configuration: 127.0.0.1:8080).
    #[arg(long)]
    listen: Option<String>,
    /// Start on a fresh demo database (default registries, one account per role) and print
    /// the logins. With SQLite the demo lives in DATA_DIR/demo and is recreated each time.
    #[arg(long)]
    demo: bool,
}

pub async fn run(mut config: Config, args: ServeArgs) -> anyhow::Result<ExitCode> {
    if let Some(l) = args.listen {
        config.listen = l;
    }
    if args.demo && config.database_url.trim().is_empty() {
        config.data_dir = config.data_dir.join("demo");
        if config.data_dir.exists() {
            std::fs::remove_dir_all(&config.data_dir)
                .map_err(|e| anyhow::anyhow!("không xóa được dữ liệu demo cũ {}: {e}", config.data_dir.display()))?;
        }
    }
    let store = super::open_store(&config).await?;
    if args.demo {
        if store.count_users().await? > 0 {
            eprintln!("Cơ sở dữ liệu đã có dữ liệu; --demo chỉ dùng với cơ sở dữ liệu trống.");
            return Ok(ExitCode::from(2));
        }
        let fixed = std::env::var("CCHC_DEMO_PASSWORD").ok().filter(|p| !p.is_empty());
        let logins = demo::seed(&store, fixed.as_deref()).await?;
        let d = cchc_app::kpi::demo::seed(&store, cchc_app::kpi::now_local().date(), 30).await?;
        println!("Chỉ số 766: {} hồ sơ mẫu trên {} đơn vị, {} thủ tục.", d.dossiers, d.units, d.procedures);
        print_logins(&config, &logins);
    } else if store.count_users().await? == 0 {
        eprintln!("Chưa có tài khoản nào. Tạo tài khoản quản trị: cchc user add --login admin --name \"Quản trị\" --role admin");
    }
    let listener = tokio::net::TcpListener::bind(&config.listen)
        .await
        .map_err(|e| anyhow::anyhow!("không mở được cổng {}: {e}", config.listen))?;
    let addr = listener.local_addr()?;
    // Reminders and e-mail: the scheduler only enqueues, the workers drain on shutdown.
    let jobs = match config.jobs.enabled {
        true => {
            let notifier =
                cchc_app::notify::Notifier::from_config(store.clone(), &config).map_err(|e| anyhow::anyhow!(e))?;
            let backups = cchc_app::backup::Backups::new(store.clone(), &config);
            Some(cchc_app::jobs::Jobs::start_with(notifier, &config.jobs, Some(backups)))
        }
        false => None,
    };
    let state = AppState::new(store, config).map_err(|e| anyhow::anyhow!(e))?;
    tracing::info!(%addr, "cchc listening");
    println!("cchc đang chạy tại http://{addr}/");
    let served = cchc_web::serve(state, listener).await;
    if let Some(jobs) = jobs {
        jobs.shutdown().await;
    }
    served?;
    Ok(ExitCode::SUCCESS)
}

fn print_logins(config: &Config, logins: &[demo::DemoLogin]) {
    println!();
    println!("Dữ liệu demo đã sẵn sàng ({}). Tài khoản đăng nhập:", config.effective_database_url());
    println!("  {:<18} {:<18} {:<28} đơn vị", "tên đăng nhập", "mật khẩu", "vai trò");
    for l in logins {
        println!("  {:<18} {:<18} {:<28} {}", l.login, l.password, l.role.label_vi(), l.unit.as_deref().unwrap_or("—"));
    }
    println!();
}
