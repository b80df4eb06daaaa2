//! Fresh stores for each test, and raw SQL access for tampering on purpose.

use cchc_storage::{postgres, sqlite, ConnectOptions, Store};

pub enum Backend {
    Sqlite(sqlite::SqliteStore, std::path::PathBuf),
    Postgres(postgres::PgStore, String),
}

pub struct Harness {
    pub backend: Backend,
}

impl Harness {
    pub fn store(&self) -> &dyn Store {
        match &self.backend {
            Backend::Sqlite(s, _) => s,
            Backend::Postgres(s, _) => s,
        }
    }

    /// A handle that background tasks can own.
    pub fn shared(&self) -> std::sync::Arc<dyn Store> {
        match &self.backend {
            Backend::Sqlite(s, _) => std::sync::Arc::new(s.clone()),
            Backend::Postgres(s, _) => std::sync::Arc::new(s.clone()),
        }
    }

    /// Runs raw SQL with the append-only triggers disabled: what an attacker with database
    /// access could do.
    pub async fn tamper(&self, sql: &str) {
        match &self.backend {
            Backend::Sqlite(s, _) => {
                let p = s.write_pool();
                for stmt in
                    ["DROP TRIGGER IF EXISTS audit_log_no_update", "DROP TRIGGER IF EXISTS audit_log_no_delete", sql]
                {
                    sqlx::query(stmt).execute(p).await.unwrap_or_else(|e| panic!("{stmt}: {e}"));
                }
            }
            Backend::Postgres(s, _) => {
                let p = s.write_pool();
                for stmt in ["ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update", sql] {
                    sqlx::query(stmt).execute(p).await.unwrap_or_else(|e| panic!("{stmt}: {e}"));
                }
            }
        }
    }

    /// Runs raw SQL as the application would (triggers in force); returns the error text.
    pub async fn raw(&self, sql: &str) -> Result<(), String> {
        let r = match &self.backend {
            Backend::Sqlite(s, _) => sqlx::query(sql).execute(s.write_pool()).await.map(|_| ()),
            Backend::Postgres(s, _) => sqlx::query(sql).execute(s.write_pool()).await.map(|_| ()),
        };
        r.map_err(|e| e.to_string())
    }

    pub async fn cleanup(&self) {
        if let Backend::Postgres(s, schema) = &self.backend {
            let _ = sqlx::query(&format!("DROP SCHEMA {schema} CASCADE")).execute(s.write_pool()).await;
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Backend::Sqlite(_, dir) = &self.backend {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

fn unique() -> String {
    use rand::Rng;
    format!("{}_{:08x}", std::process::id(), rand::thread_rng().gen::<u32>())
}

pub async fn sqlite() -> Harness {
    let dir = std::env::temp_dir().join(format!("cchc-test-{}", unique()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("{e}"));
    let url = format!("sqlite://{}", dir.join("cchc.db").display());
    let s = sqlite::open(&url, &ConnectOptions::default()).await.unwrap_or_else(|e| panic!("{e}"));
    Harness { backend: Backend::Sqlite(s, dir) }
}

pub async fn postgres() -> Option<Harness> {
    let url = std::env::var("CCHC_TEST_DATABASE_URL").ok().filter(|u| !u.is_empty())?;
    let schema = format!("t_{}", unique());
    let s = postgres::open(&url, &ConnectOptions { max_connections: 4 }, Some(&schema))
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    Some(Harness { backend: Backend::Postgres(s, schema) })
}
