//! What both test binaries (`tests/api`, `tests/costs`) need to run
//! quorum on a fresh database: the backend, the PostgreSQL admin URL, a
//! scratch database removed when dropped, a fixed secret key. Included by
//! `#[path]` in each.

use std::path::PathBuf;

/// The admin URL of the PostgreSQL server used to create test databases.
const POSTGRES_URL_VAR: &str = "QUORUM_TEST_POSTGRES_URL";

/// A 64-byte key in hex, fixed for tests.
pub const TEST_SECRET_KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\
                                   0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL admin URL, or `None` when the PostgreSQL half is off.
/// Under `CI=true` the PostgreSQL half is never skipped.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var(POSTGRES_URL_VAR) {
        Ok(url) if !url.is_empty() => Some(url),
        _ if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("CI=true but {POSTGRES_URL_VAR} is not set: the PostgreSQL half must run")
        }
        _ => {
            eprintln!("PostgreSQL half skipped: {POSTGRES_URL_VAR} is not set");
            None
        }
    }
}

/// A fresh database, removed when dropped.
pub enum Scratch {
    Sqlite(PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Scratch {
    pub fn create(backend: Backend) -> (Self, String) {
        let unique = uuid::Uuid::now_v7().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("quorum-test-{unique}"));
                std::fs::create_dir_all(&dir).expect("create the test directory");
                let url = format!("sqlite://{}", dir.join("quorum.db").display());
                (Self::Sqlite(dir), url)
            }
            Backend::Postgres => {
                use diesel::{Connection, RunQueryDsl, sql_query};
                let admin_url = postgres_admin_url().expect("PostgreSQL half enabled");
                let name = format!("quorum_test_{unique}");
                // before this process's first PostgreSQL connection: no
                // OpenSSL exit handler to crash the test binary as it exits
                quorum::db::init_postgres_tls();
                let mut admin = diesel::PgConnection::establish(&admin_url)
                    .unwrap_or_else(|e| panic!("cannot reach PostgreSQL at {admin_url}: {e}"));
                sql_query(format!("CREATE DATABASE {name}"))
                    .execute(&mut admin)
                    .expect("create the test database");
                let url = with_database(&admin_url, &name);
                (Self::Postgres { admin_url, name }, url)
            }
        }
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        match self {
            Self::Sqlite(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Self::Postgres { admin_url, name } => {
                use diesel::{Connection, RunQueryDsl, sql_query};
                if let Ok(mut admin) = diesel::PgConnection::establish(admin_url) {
                    let _ = sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .execute(&mut admin);
                }
            }
        }
    }
}

/// The admin URL pointing at another database.
pub fn with_database(admin_url: &str, database: &str) -> String {
    let (base, query) = admin_url
        .split_once('?')
        .map_or((admin_url, None), |(b, q)| (b, Some(q)));
    let authority_end = base.find("://").map_or(0, |i| i + 3);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}
