//! PostgreSQL copies through the client tools: `pg_dump --format=custom` (a consistent
//! snapshot of the whole database, taken while the app nodes go on writing) and `pg_restore`
//! into an empty database. The tools come with the `postgresql-client` package; use the same
//! major version as the server (or newer). The password is passed in `PGPASSWORD`, never on
//! the command line.

use std::path::Path;
use std::process::Command;

use super::BackupError;

/// Splits `postgres://user:secret@host/db` into the URL without the password and the
/// (percent-decoded) password.
fn split_password(url: &str) -> (String, Option<String>) {
    let (Some(s), Some(at)) = (url.find("://"), url.rfind('@')) else { return (url.to_string(), None) };
    if at < s {
        return (url.to_string(), None);
    }
    let creds = &url[s + 3..at];
    match creds.split_once(':') {
        Some((user, pass)) => (format!("{}{user}{}", &url[..s + 3], &url[at..]), Some(percent_decode(pass))),
        None => (url.to_string(), None),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Runs a client tool off the executor; a missing tool says what to install.
async fn run_tool(tool: &'static str, url: &str, args: Vec<String>) -> Result<(), BackupError> {
    let (url, password) = split_password(url);
    let run = move || {
        let mut cmd = Command::new(tool);
        cmd.args(&args).arg("--dbname").arg(&url);
        if let Some(p) = password {
            cmd.env("PGPASSWORD", p);
        }
        cmd.output()
    };
    let out = tokio::task::spawn_blocking(run).await.map_err(|e| BackupError::Io(e.to_string()))?;
    match out {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(BackupError::Tool(format!(
            "không có lệnh {tool} trên máy này. Cài gói postgresql-client cùng phiên bản chính với máy chủ \
             PostgreSQL (Debian/Ubuntu: apt install postgresql-client) rồi chạy lại, hoặc tự sao lưu bằng \
             pg_dump --format=custom (xem README, mục Sao lưu)"
        ))),
        Err(e) => Err(BackupError::Tool(format!("không chạy được {tool}: {e}"))),
        Ok(o) if !o.status.success() => Err(BackupError::Tool(format!(
            "{tool} thất bại ({}): {}",
            o.status,
            String::from_utf8_lossy(&o.stderr).trim()
        ))),
        Ok(_) => Ok(()),
    }
}

/// `pg_dump --format=custom --file FILE`.
pub async fn dump(url: &str, file: &Path) -> Result<(), BackupError> {
    let args = vec!["--format=custom".into(), "--no-owner".into(), "--file".into(), file.display().to_string()];
    run_tool("pg_dump", url, args).await
}

/// `pg_restore --exit-on-error --no-owner FILE` into the (empty) database at `url`.
pub async fn restore(url: &str, file: &Path) -> Result<(), BackupError> {
    let args = vec!["--exit-on-error".into(), "--no-owner".into(), "--single-transaction".into()];
    let mut args: Vec<String> = args;
    args.push(file.display().to_string());
    run_tool("pg_restore", url, args).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_leave_the_url() {
        assert_eq!(
            split_password("postgres://cchc:p%40ss@db/cchc"),
            ("postgres://cchc@db/cchc".to_string(), Some("p@ss".to_string()))
        );
        assert_eq!(split_password("postgres://postgres@127.0.0.1/x"), ("postgres://postgres@127.0.0.1/x".into(), None));
        assert_eq!(split_password("postgres://h/x"), ("postgres://h/x".into(), None));
    }
}
