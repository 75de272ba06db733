//! A running quorum on a fresh database, with nothing in the background:
//! no mail worker, so that what a request costs is all the process does.

use quorum::app::settings::Layer;
use quorum::app::startup::Application;
use quorum::db::{Db, DbConn};
use quorum::domain::secrets::{Redacted, SecretKey};

/// The admin URL of the PostgreSQL server that holds the test databases.
const POSTGRES_URL_VAR: &str = "QUORUM_TEST_POSTGRES_URL";

/// A 64-byte key in hex, fixed for tests.
const TEST_SECRET_KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\
                               0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// Which database the costs are measured on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL admin URL, or `None` when the PostgreSQL half is off.
/// Under `CI=true` the PostgreSQL half is never skipped (as in the API
/// tests' helpers).
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
enum Scratch {
    Sqlite(std::path::PathBuf),
    Postgres { admin_url: String, name: String },
}

impl Scratch {
    fn create(backend: Backend) -> (Self, String) {
        let unique = uuid::Uuid::now_v7().simple().to_string();
        match backend {
            Backend::Sqlite => {
                let dir = std::env::temp_dir().join(format!("quorum-costs-{unique}"));
                std::fs::create_dir_all(&dir).expect("create the test directory");
                let url = format!("sqlite://{}", dir.join("quorum.db").display());
                (Self::Sqlite(dir), url)
            }
            Backend::Postgres => {
                use diesel::{Connection, RunQueryDsl, sql_query};
                let admin_url = postgres_admin_url().expect("PostgreSQL half enabled");
                let name = format!("quorum_costs_{unique}");
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
fn with_database(admin_url: &str, database: &str) -> String {
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

/// quorum serving on a port of 127.0.0.1.
pub struct RunningApp {
    pub address: String,
    pub db: Db,
    pub secret_key: SecretKey,
    // dropped last: the database outlives the server's use of it
    _scratch: Scratch,
}

impl RunningApp {
    /// Starts quorum on a fresh, migrated database of `backend`, without
    /// its mail worker.
    pub fn start(backend: Backend) -> Self {
        let (scratch, database_url) = Scratch::create(backend);
        let mut layer = Layer {
            listen: Some("127.0.0.1:0".into()),
            database_url: Some(database_url),
            database_pool_size: Some(4),
            secret_key: Some(Redacted(TEST_SECRET_KEY.into())),
            ..Layer::default()
        };
        layer.mail.worker = Some(false);
        let settings = layer.resolve().expect("test settings");
        let app = Application::build(settings).expect("the application starts");
        assert!(app.mailer().is_none(), "no mail worker during a measure");
        let address = format!("http://127.0.0.1:{}", app.port());
        let db = app.state().db.clone();
        let secret_key = app.state().settings.secret_key.clone();
        tokio::spawn(app.run_until_stopped());
        Self {
            address,
            db,
            secret_key,
            _scratch: scratch,
        }
    }

    /// Blocking database work from the test.
    pub fn with_conn<T>(&self, work: impl FnOnce(&mut DbConn) -> T) -> T {
        let mut conn = self.db.get().expect("a database connection");
        work(&mut conn)
    }
}
