//! What can go wrong in storage, in terms a caller can act on.

/// A storage failure: not found, conflict (unique violation, stale state), invalid input
/// caught by the store, or anything else (logged with context, shown as a plain sentence).
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The object does not exist.
    #[error("không tìm thấy {0}")]
    NotFound(&'static str),
    /// A uniqueness rule or the object's current state forbids the change.
    #[error("{0}")]
    Conflict(String),
    /// Input that only the store can judge (e.g. a code that refers to nothing).
    #[error("{0}")]
    Invalid(String),
    /// Anything else: database unreachable, driver error, corrupted data.
    #[error("lỗi cơ sở dữ liệu: {0}")]
    Other(String),
}

/// Result alias for storage calls.
pub type StoreResult<T> = Result<T, StoreError>;

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        match &e {
            sqlx::Error::RowNotFound => StoreError::NotFound("bản ghi"),
            sqlx::Error::Database(db) if db.is_unique_violation() => {
                StoreError::Conflict(unique_message(db.constraint(), db.message()))
            }
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                StoreError::Invalid("dữ liệu tham chiếu đến một đối tượng không tồn tại".into())
            }
            _ => StoreError::Other(e.to_string()),
        }
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Other(format!("migration: {e}"))
    }
}

/// Turns a unique violation into a sentence a user understands.
fn unique_message(constraint: Option<&str>, message: &str) -> String {
    let hay = format!("{} {}", constraint.unwrap_or(""), message);
    if hay.contains("login") {
        "tên đăng nhập đã được dùng".into()
    } else if hay.contains("code") {
        "mã đã được dùng cho một đối tượng khác".into()
    } else {
        "dữ liệu trùng với một bản ghi đã có".into()
    }
}
