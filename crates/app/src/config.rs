//! Configuration: built-in defaults, then a TOML file, then `CCHC_*` environment variables
//! (`CCHC_LISTEN`, `CCHC_DATABASE_URL`, `CCHC_SECURITY_COOKIE_SECURE`, …: the section and key
//! in upper case joined by `_`). Secrets never appear in `Debug` output or logs.

use std::fmt;
use std::path::{Path, PathBuf};

use cchc_domain::throttle::ThrottleRule;
use serde::{Deserialize, Serialize};

/// The whole configuration.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Address the web server listens on.
    pub listen: String,
    /// Directory for the SQLite database and stored files; created on first run.
    pub data_dir: PathBuf,
    /// `postgres://…` to use PostgreSQL; empty means SQLite in `data_dir`.
    pub database_url: String,
    /// Largest database connection pool per app node.
    pub max_connections: u32,
    pub log: LogConfig,
    pub security: SecurityConfig,
    pub limits: LimitsConfig,
    /// The address users reach cchc at (`https://cchc.example.vn`), for links in e-mails.
    pub public_url: String,
    pub smtp: SmtpConfig,
    pub jobs: JobsConfig,
    pub backup: crate::backup::BackupConfig,
    pub org: OrgConfig,
    /// Rate limits of the anonymous survey form.
    pub sipas: crate::sipas::SipasConfig,
}

/// Who issues the official documents (Nghị định 30/2020): the place of the place-and-date
/// line, the issuing body and the signature block. Settings `org.*` saved in the database
/// override these.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct OrgConfig {
    /// The place name of the date line (`Hà Tĩnh, ngày … tháng … năm …`).
    pub place: String,
    pub issuer_parent: String,
    pub issuer: String,
    pub signer_authority: String,
    pub signer_position: String,
    /// The signer's full name, on the last line of the signature block.
    pub signer_name: String,
}

impl Default for OrgConfig {
    fn default() -> Self {
        Self {
            place: String::new(),
            issuer_parent: "UBND TỈNH".into(),
            issuer: "SỞ NỘI VỤ".into(),
            signer_authority: "KT. GIÁM ĐỐC".into(),
            signer_position: "PHÓ GIÁM ĐỐC".into(),
            signer_name: String::new(),
        }
    }
}

/// Outgoing e-mail (SMTP). Disabled while `host` is empty. The password never appears in
/// `Debug` output or logs.
#[derive(Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SmtpConfig {
    /// Mail server; empty disables e-mail (notifications stay in the application).
    pub host: String,
    pub port: u16,
    /// Sender address, e.g. `cchc@snv.example.vn` or `CCHC <cchc@snv.example.vn>`.
    pub from: String,
    /// Login for the mail server; empty for none.
    pub username: String,
    pub password: String,
    /// Require STARTTLS (turn off only for a relay on the same host or network).
    pub starttls: bool,
    /// Give up on one connection attempt after this many seconds.
    pub timeout_seconds: u64,
}

/// Background jobs run inside `cchc serve`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct JobsConfig {
    /// Run the scheduler and workers on this node (every node may: reminders still go once).
    pub enabled: bool,
    /// Hour of the day (Vietnam time, 0–23) of the daily reminder run.
    pub reminder_hour: u32,
    /// Jobs run at the same time.
    pub workers: usize,
    /// How often to look for e-mails due for a (re)try, in seconds.
    pub poll_seconds: u64,
}

/// Logging.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// `text` for people, `json` for log collectors.
    pub format: String,
    /// A tracing filter such as `info` or `cchc_web=debug,info`.
    pub level: String,
}

/// Sessions, cookies and login throttling.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct SecurityConfig {
    /// A session ends after this many minutes without a request.
    pub session_idle_minutes: i64,
    /// A session ends this many hours after login, however active.
    pub session_max_hours: i64,
    /// Wrong passwords for one login name (from anywhere) before it has to wait.
    pub login_max_failures: i64,
    /// Window in which failures are counted (per login name and per client address).
    pub login_window_minutes: i64,
    /// The first wait of a login name; each further failure doubles it.
    pub login_delay_seconds: i64,
    /// The longest wait of a login name.
    pub login_lock_minutes: i64,
    /// Wrong passwords from one client address (a whole office behind one NAT address) before
    /// that address is refused; the right password of an account without failures of its own
    /// still gets in.
    pub address_max_failures: i64,
    /// How long a client address past its limit is refused.
    pub address_lock_minutes: i64,
    /// Send cookies only over HTTPS. Turn on behind a TLS proxy.
    pub cookie_secure: bool,
    /// Trust the `X-Forwarded-For` header for the client address (only behind a proxy).
    pub trust_forwarded_for: bool,
    /// Seconds a node may reuse a session it has looked up (0 = read it on every request).
    /// Changes made through this node apply at once; through another node or the CLI,
    /// within this time.
    pub session_cache_seconds: u64,
}

impl SecurityConfig {
    /// Growing delays for one login name.
    pub fn login_rule(&self) -> ThrottleRule {
        ThrottleRule {
            free_failures: self.login_max_failures - 1,
            window_secs: self.login_window_minutes * 60,
            first_delay_secs: self.login_delay_seconds,
            max_delay_secs: self.login_lock_minutes * 60,
        }
    }

    /// A fixed lock for one client address, at a much higher count.
    pub fn address_rule(&self) -> ThrottleRule {
        ThrottleRule::fixed(self.address_max_failures, self.login_window_minutes * 60, self.address_lock_minutes * 60)
    }
}

/// Request size limits.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(default, deny_unknown_fields)]
pub struct LimitsConfig {
    /// Largest ordinary form submission, in bytes.
    pub max_form_bytes: usize,
    /// Largest uploaded file (documents, registry files, evidence), in bytes.
    pub max_upload_bytes: usize,
    /// Seconds the dashboard and task lists may be reused before they are computed again
    /// (0 = never reuse). A change made through this node is shown at once; one made through
    /// another node within this time.
    pub view_cache_seconds: u64,
    /// Largest JSON body the API accepts, in bytes (dossier batches of tens of thousands of
    /// records are the largest).
    pub max_api_json_bytes: usize,
    /// Requests one personal access token may make per minute (on each app node).
    pub api_requests_per_minute: u32,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            listen: "127.0.0.1:8080".into(),
            data_dir: PathBuf::from("data"),
            database_url: String::new(),
            max_connections: 10,
            log: LogConfig::default(),
            security: SecurityConfig::default(),
            limits: LimitsConfig::default(),
            public_url: "http://127.0.0.1:8080".into(),
            smtp: SmtpConfig::default(),
            jobs: JobsConfig::default(),
            backup: crate::backup::BackupConfig::default(),
            org: OrgConfig::default(),
            sipas: crate::sipas::SipasConfig::default(),
        }
    }
}

impl Default for LogConfig {
    fn default() -> Self {
        Self { format: "text".into(), level: "info".into() }
    }
}

impl Default for SecurityConfig {
    fn default() -> Self {
        Self {
            session_idle_minutes: 120,
            session_max_hours: 12,
            login_max_failures: 5,
            login_window_minutes: 15,
            login_delay_seconds: 30,
            login_lock_minutes: 15,
            address_max_failures: 100,
            address_lock_minutes: 15,
            cookie_secure: false,
            trust_forwarded_for: false,
            session_cache_seconds: 2,
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            max_form_bytes: 1024 * 1024,
            max_upload_bytes: 20 * 1024 * 1024,
            view_cache_seconds: 5,
            max_api_json_bytes: 32 * 1024 * 1024,
            api_requests_per_minute: 600,
        }
    }
}

impl Default for SmtpConfig {
    fn default() -> Self {
        Self {
            host: String::new(),
            port: 587,
            from: String::new(),
            username: String::new(),
            password: String::new(),
            starttls: true,
            timeout_seconds: 30,
        }
    }
}

impl fmt::Debug for SmtpConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("from", &self.from)
            .field("username", &self.username)
            .field("password", &if self.password.is_empty() { "" } else { "***" })
            .field("starttls", &self.starttls)
            .field("timeout_seconds", &self.timeout_seconds)
            .finish()
    }
}

impl Default for JobsConfig {
    fn default() -> Self {
        Self { enabled: true, reminder_hour: 7, workers: 2, poll_seconds: 60 }
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("listen", &self.listen)
            .field("data_dir", &self.data_dir)
            .field("database_url", &cchc_storage::redact(&self.database_url))
            .field("max_connections", &self.max_connections)
            .field("log", &self.log)
            .field("security", &self.security)
            .field("limits", &self.limits)
            .field("public_url", &self.public_url)
            .field("smtp", &self.smtp)
            .field("jobs", &self.jobs)
            .field("backup", &self.backup)
            .finish()
    }
}

impl Config {
    /// The database URL in effect: the configured one, or SQLite in the data directory.
    pub fn effective_database_url(&self) -> String {
        if self.database_url.trim().is_empty() {
            format!("sqlite://{}", self.data_dir.join("cchc.db").display())
        } else {
            self.database_url.trim().to_string()
        }
    }

    /// Loads defaults, then the TOML file if given, then the environment.
    pub fn load(file: Option<&Path>, env: impl Iterator<Item = (String, String)>) -> Result<Config, String> {
        let mut merged = toml::Value::try_from(Config::default()).map_err(|e| e.to_string())?;
        if let Some(path) = file {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("không đọc được tệp cấu hình {}: {e}", path.display()))?;
            let file_val: toml::Value =
                toml::from_str(&text).map_err(|e| format!("tệp cấu hình {} sai cú pháp: {e}", path.display()))?;
            overlay(&mut merged, file_val, "")?;
        }
        for (k, v) in env {
            if let Some(key) = k.strip_prefix("CCHC_") {
                if NOT_SETTINGS.contains(&key) || key.starts_with("TEST_") {
                    continue;
                }
                apply_env(&mut merged, key, &v)?;
            }
        }
        merged.try_into().map_err(|e: toml::de::Error| format!("cấu hình không hợp lệ: {e}"))
    }
}

/// `CCHC_*` variables that are not settings: the config file path, the demo password used by
/// automated tests, and test-only variables (`CCHC_TEST_*`).
const NOT_SETTINGS: &[&str] = &["CONFIG", "DEMO_PASSWORD"];

/// Overlays `src` onto `dst`, refusing keys the defaults do not have (catches typos).
fn overlay(dst: &mut toml::Value, src: toml::Value, path: &str) -> Result<(), String> {
    match (dst, src) {
        (toml::Value::Table(d), toml::Value::Table(s)) => {
            for (k, v) in s {
                let p = if path.is_empty() { k.clone() } else { format!("{path}.{k}") };
                match d.get_mut(&k) {
                    Some(slot) => overlay(slot, v, &p)?,
                    None => return Err(format!("khóa cấu hình không tồn tại: {p}")),
                }
            }
            Ok(())
        }
        (slot, v) => {
            if std::mem::discriminant(slot) != std::mem::discriminant(&v) {
                return Err(format!("khóa cấu hình {path} sai kiểu giá trị"));
            }
            *slot = v;
            Ok(())
        }
    }
}

/// Applies one `CCHC_*` variable: `LISTEN` → `listen`, `SECURITY_COOKIE_SECURE` →
/// `security.cookie_secure`. Unknown names are an error so that typos are not ignored.
fn apply_env(root: &mut toml::Value, key: &str, raw: &str) -> Result<(), String> {
    let lower = key.to_ascii_lowercase();
    let toml::Value::Table(t) = root else { return Err("cấu hình gốc không phải bảng".into()) };
    let mut target: Option<&mut toml::Value> = None;
    if t.get(&lower).is_some_and(|v| !v.is_table()) {
        target = t.get_mut(&lower);
    } else {
        for (section, v) in t.iter_mut() {
            if let (Some(rest), toml::Value::Table(inner)) = (lower.strip_prefix(&format!("{section}_")), v) {
                if let Some(slot) = inner.get_mut(rest) {
                    target = Some(slot);
                    break;
                }
            }
        }
    }
    let slot = target.ok_or_else(|| format!("biến môi trường không được hỗ trợ: CCHC_{key}"))?;
    *slot = match slot {
        toml::Value::Integer(_) => {
            toml::Value::Integer(raw.trim().parse().map_err(|_| format!("CCHC_{key} phải là số nguyên"))?)
        }
        toml::Value::Boolean(_) => toml::Value::Boolean(match raw.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => true,
            "0" | "false" | "no" | "off" => false,
            _ => return Err(format!("CCHC_{key} phải là true hoặc false")),
        }),
        _ => toml::Value::String(raw.to_string()),
    };
    Ok(())
}

/// A commented example of every setting (`cchc config example`).
pub const EXAMPLE: &str = include_str!("config_example.toml");

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Iterator<Item = (String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect::<Vec<_>>().into_iter()
    }

    #[test]
    fn example_matches_defaults() {
        let parsed: Config = toml::from_str(EXAMPLE).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(parsed, Config::default(), "config_example.toml must list every default");
    }

    #[test]
    fn env_overrides_file_overrides_defaults() {
        let dir = std::env::temp_dir().join(format!("cchc-cfg-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let file = dir.join("c.toml");
        std::fs::write(&file, "listen = \"0.0.0.0:9000\"\n[security]\nlogin_max_failures = 3\n").unwrap_or_default();
        let c = Config::load(
            Some(&file),
            env(&[("CCHC_SECURITY_COOKIE_SECURE", "true"), ("CCHC_LISTEN", "0.0.0.0:9100"), ("PATH", "/bin")]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.listen, "0.0.0.0:9100");
        assert_eq!(c.security.login_max_failures, 3);
        assert!(c.security.cookie_secure);
        assert_eq!(c.limits, LimitsConfig::default());
    }

    #[test]
    fn smtp_settings_come_from_the_environment() {
        let c = Config::load(
            None,
            env(&[("CCHC_SMTP_HOST", "mail.example.vn"), ("CCHC_SMTP_PORT", "2525"), ("CCHC_SMTP_STARTTLS", "false")]),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.smtp.host.as_str(), c.smtp.port, c.smtp.starttls), ("mail.example.vn", 2525, false));
        let c = Config::load(None, env(&[("CCHC_JOBS_REMINDER_HOUR", "6"), ("CCHC_PUBLIC_URL", "https://cchc.vn")]))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((c.jobs.reminder_hour, c.public_url.as_str()), (6, "https://cchc.vn"));
    }

    #[test]
    fn typos_and_bad_values_are_errors() {
        assert!(Config::load(None, env(&[("CCHC_LISTN", "x")])).is_err());
        assert!(Config::load(None, env(&[("CCHC_MAX_CONNECTIONS", "many")])).is_err());
        assert!(Config::load(None, env(&[("CCHC_SECURITY_COOKIE_SECURE", "perhaps")])).is_err());
    }

    #[test]
    fn secrets_are_not_in_debug() {
        let c = Config { database_url: "postgres://cchc:hunter2@db/cchc".into(), ..Config::default() };
        let d = format!("{c:?}");
        assert!(!d.contains("hunter2"), "{d}");
        let mut c = Config::default();
        c.smtp.password = "mat-khau-smtp".into();
        let d = format!("{c:?}");
        assert!(!d.contains("mat-khau-smtp") && d.contains("***"), "{d}");
        assert!(Config::default().effective_database_url().starts_with("sqlite://"));
    }
}
