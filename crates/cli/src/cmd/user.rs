//! `cchc user add | list | passwd`.

use std::io::BufRead;
use std::process::ExitCode;

use cchc_app::accounts::{create_user, reset_password, ServiceError, UserForm};
use cchc_app::config::Config;
use cchc_app::password::random_password_for;
use cchc_domain::role::Role;
use cchc_domain::user::Actor;
use clap::{Args, Subcommand};

#[derive(Subcommand)]
pub enum UserCmd {
    /// Create an account.
    Add(AddArgs),
    /// List accounts.
    List,
    /// Set a temporary password (the user must change it at next login).
    Passwd {
        login: String,
        /// Read the password from standard input instead of generating one.
        #[arg(long)]
        stdin: bool,
    },
}

#[derive(Args)]
pub struct AddArgs {
    /// Login name (lower case, no diacritics).
    #[arg(long)]
    login: String,
    /// Full name.
    #[arg(long)]
    name: String,
    /// admin, office, unit_focal, unit_head, appraiser or leader.
    #[arg(long)]
    role: String,
    /// Unit code, required for unit_focal and unit_head (e.g. HT-STC).
    #[arg(long)]
    unit: Option<String>,
    #[arg(long, default_value = "")]
    email: String,
    /// Read the password from standard input instead of generating one.
    #[arg(long)]
    stdin: bool,
}

fn read_password(stdin: bool, login: &str) -> anyhow::Result<(String, bool)> {
    if stdin {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        Ok((line.trim_end_matches(['\r', '\n']).to_string(), false))
    } else {
        Ok((random_password_for(&cchc_domain::user::normalize_login(login)), true))
    }
}

pub async fn run(config: Config, cmd: UserCmd) -> anyhow::Result<ExitCode> {
    let store = super::open_store(&config).await?;
    match cmd {
        UserCmd::Add(a) => {
            let Some(role) = Role::parse(&a.role) else {
                let codes: Vec<_> = Role::ALL.iter().map(|r| r.code()).collect();
                eprintln!("Vai trò «{}» không hợp lệ; dùng một trong: {}", a.role, codes.join(", "));
                return Ok(ExitCode::from(2));
            };
            let unit_id = match &a.unit {
                Some(code) => match store.unit_by_code(code).await? {
                    Some(u) => Some(u.id),
                    None => {
                        eprintln!("Không có đơn vị mã «{code}».");
                        return Ok(ExitCode::from(2));
                    }
                },
                None => None,
            };
            let (password, generated) = read_password(a.stdin, &a.login)?;
            let form = UserForm {
                login: a.login,
                full_name: a.name,
                email: a.email,
                role: Some(role),
                unit_id,
                password: password.clone(),
            };
            match create_user(store.as_ref(), &Actor::cli(), form).await {
                Ok(u) => {
                    println!("Đã tạo tài khoản {} ({}).", u.login, u.role.label_vi());
                    if generated {
                        println!("Mật khẩu: {password}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(ServiceError::Invalid(errs)) => {
                    for e in errs.0 {
                        eprintln!("{}: {}", e.field, e.message);
                    }
                    Ok(ExitCode::from(2))
                }
                Err(e) => Err(e.into()),
            }
        }
        UserCmd::List => {
            for u in store.list_users().await? {
                println!(
                    "{:<24} {:<28} {:<32} {}",
                    u.login,
                    u.role.label_vi(),
                    u.full_name,
                    if u.active { "" } else { "(đã khóa)" }
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        UserCmd::Passwd { login, stdin } => {
            let Some((user, _)) = store.user_credentials(&cchc_domain::user::normalize_login(&login)).await? else {
                eprintln!("Không có tài khoản «{login}».");
                return Ok(ExitCode::from(2));
            };
            let (password, generated) = read_password(stdin, &user.login)?;
            match reset_password(store.as_ref(), &Actor::cli(), user.id, &password).await {
                Ok(()) => {
                    println!("Đã đặt mật khẩu tạm cho {}; người dùng phải đổi khi đăng nhập.", user.login);
                    if generated {
                        println!("Mật khẩu tạm: {password}");
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(ServiceError::Invalid(errs)) => {
                    eprintln!("{}", errs.sentence());
                    Ok(ExitCode::from(2))
                }
                Err(e) => Err(e.into()),
            }
        }
    }
}
