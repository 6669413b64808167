//! Storage errors: what callers need to decide on, with stable codes; details are logged.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    /// The database could not be reached or answered with an I/O or pool failure.
    #[error("database unavailable: {0}")]
    Unavailable(String),
    /// A uniqueness rule was broken (a duplicate name, username, …).
    #[error("duplicate: {0}")]
    Duplicate(String),
    /// A reference points to a row that does not exist.
    #[error("broken reference: {0}")]
    Reference(String),
    /// The database schema is newer than this binary.
    #[error(
        "the database schema (version {db}) is newer than this binary (version {binary}); upgrade xinbao"
    )]
    SchemaTooNew { db: i64, binary: i64 },
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("database error: {0}")]
    Other(String),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::Unavailable(_) => "store_unavailable",
            StoreError::Duplicate(_) => "duplicate",
            StoreError::Reference(_) => "broken_reference",
            StoreError::SchemaTooNew { .. } => "schema_too_new",
            StoreError::Migration(_) => "migration_failed",
            StoreError::Other(_) => "store_error",
        }
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        use sqlx::error::ErrorKind;
        match &e {
            sqlx::Error::Database(db) => match db.kind() {
                ErrorKind::UniqueViolation => StoreError::Duplicate(db.message().to_string()),
                ErrorKind::ForeignKeyViolation => StoreError::Reference(db.message().to_string()),
                _ => StoreError::Other(e.to_string()),
            },
            sqlx::Error::Io(_)
            | sqlx::Error::PoolTimedOut
            | sqlx::Error::PoolClosed
            | sqlx::Error::Tls(_)
            | sqlx::Error::Protocol(_)
            | sqlx::Error::WorkerCrashed => StoreError::Unavailable(e.to_string()),
            _ => StoreError::Other(e.to_string()),
        }
    }
}

impl From<xinbao_domain::UnknownCode> for StoreError {
    fn from(e: xinbao_domain::UnknownCode) -> Self {
        StoreError::Other(e.to_string())
    }
}

impl From<sqlx::migrate::MigrateError> for StoreError {
    fn from(e: sqlx::migrate::MigrateError) -> Self {
        StoreError::Migration(e.to_string())
    }
}
