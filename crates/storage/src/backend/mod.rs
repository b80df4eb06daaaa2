//! Backend selection: the URL scheme picks SQLite (default, embedded) or PostgreSQL, once at
//! startup; everything after that goes through the [`Store`](crate::traits::Store) trait.

pub mod postgres;
pub mod sqlite;
mod upkeep;

use upkeep::Upkeep;

use std::sync::Arc;

use crate::error::{StoreError, StoreResult};
use crate::traits::Store;

/// How to open the database.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Largest connection pool per app node.
    pub max_connections: u32,
}

impl Default for ConnectOptions {
    fn default() -> Self {
        Self { max_connections: 10 }
    }
}

/// Opens the store named by `url` (`sqlite://path/cchc.db` or `postgres://…`) and runs the
/// embedded migrations of that backend.
pub async fn connect(url: &str, opts: &ConnectOptions) -> StoreResult<Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(Arc::new(sqlite::open(url, opts).await?))
    } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
        Ok(Arc::new(postgres::open(url, opts, None).await?))
    } else {
        Err(StoreError::Invalid(format!(
            "địa chỉ cơ sở dữ liệu phải bắt đầu bằng sqlite: hoặc postgres: (nhận được «{}»)",
            redact(url)
        )))
    }
}

/// Hides a password in a database URL before it is logged or shown.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(super::redact("postgres://u:secret@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite://data/cchc.db"), "sqlite://data/cchc.db");
    }
}
