//! The database: one connection type over both backends, its pool, the
//! embedded migrations, and the query functions of each resource.
//!
//! The backend is chosen at run time from the URL scheme: `sqlite://PATH`
//! (the embedded default) or `postgres://…`. Diesel work is blocking, so
//! handlers reach it through [`Db::run`], which moves it off the async
//! executor.

pub mod actions;
pub mod attendance;
pub mod developments;
pub mod feeds;
pub mod files;
pub mod hosting_calls;
pub mod invitations;
pub mod meetings;
pub mod minutes;
pub mod organizations;
pub mod people;
pub mod polls;
pub mod reports;
pub mod rooms;
pub mod rsvps;
pub mod schema;
pub mod series;
pub mod sessions;
mod together;
pub mod watch;
pub mod working_groups;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use diesel::connection::{AnsiTransactionManager, SimpleConnection, TransactionManager};
use diesel::prelude::*;
use diesel::r2d2::{self, ManageConnection};
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use crate::domain::error::AppError;

const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/sqlite");
const POSTGRES_MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations/postgres");

/// The PostgreSQL advisory lock held while migrating ("quorum" in ASCII).
const MIGRATION_LOCK: i64 = 0x71_75_6f_72_75_6d;

/// How long a SQLite writer waits for another one before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 15_000;

/// A connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// The production and scale-out backend.
    Postgres(PgConnection),
    /// The embedded default.
    Sqlite(SqliteConnection),
}

impl fmt::Debug for DbConn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Postgres(_) => "DbConn::Postgres",
            Self::Sqlite(_) => "DbConn::Sqlite",
        })
    }
}

/// A database URL whose scheme was understood.
#[derive(Clone, PartialEq, Eq)]
pub enum DatabaseUrl {
    /// `sqlite://PATH`: the file at PATH (relative to the working directory
    /// unless it starts with `/`).
    Sqlite(String),
    /// `postgres://…` or `postgresql://…`, passed to libpq as is.
    Postgres(String),
}

impl DatabaseUrl {
    /// Reads a URL, refusing any scheme but `sqlite://` and `postgres://`.
    pub fn parse(url: &str) -> Result<Self, String> {
        if let Some(path) = url.strip_prefix("sqlite://") {
            if path.is_empty() {
                return Err("the SQLite URL names no file: write sqlite://PATH".into());
            }
            return Ok(Self::Sqlite(path.to_owned()));
        }
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            return Ok(Self::Postgres(url.to_owned()));
        }
        let scheme = url.split_once("://").map_or(url, |(scheme, _)| scheme);
        Err(format!(
            "unknown database URL scheme `{scheme}`: use sqlite://PATH or postgres://USER@HOST/DATABASE"
        ))
    }

    /// The backend's name, for logs and messages.
    pub fn backend(&self) -> &'static str {
        match self {
            Self::Sqlite(_) => "sqlite",
            Self::Postgres(_) => "postgres",
        }
    }
}

/// Never prints a PostgreSQL password.
impl fmt::Debug for DatabaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Sqlite(path) => write!(f, "sqlite://{path}"),
            Self::Postgres(url) => write!(f, "{}", redact_password(url)),
        }
    }
}

fn redact_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    match rest.rsplit_once('@') {
        Some((user_info, host)) if user_info.contains(':') => {
            let user = user_info.split(':').next().unwrap_or_default();
            format!("{scheme}://{user}:***@{host}")
        }
        _ => url.to_owned(),
    }
}

/// Why the database could not be opened.
#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    /// The SQLite file could not be opened or created.
    #[error("cannot open the SQLite database `{path}`: {source}")]
    Sqlite {
        /// The path from the URL.
        path: String,
        /// What SQLite said.
        source: ConnectionError,
    },
    /// The PostgreSQL server could not be reached or refused us.
    #[error("cannot connect to PostgreSQL at {url}: {source}")]
    Postgres {
        /// The URL without its password.
        url: String,
        /// What libpq said.
        source: ConnectionError,
    },
    /// A setting every new connection needs failed.
    #[error("cannot prepare the database connection: {0}")]
    Setup(#[from] diesel::result::Error),
}

/// Initializes OpenSSL, which libpq uses for TLS, without its exit handler;
/// call it before the first PostgreSQL connection (once is enough, later calls
/// do nothing). Left to libpq, OpenSSL registers an `atexit` cleanup that
/// races with the threads still alive at exit (the pool's), and the process
/// could crash with SIGSEGV after its work was done (openssl/openssl#6214);
/// the system frees that memory anyway.
pub fn init_postgres_tls() {
    openssl_sys::init();
}

/// Opens connections for the pool, keeping the real error (the derive's own
/// `establish` would hide it).
#[derive(Debug)]
pub struct ConnectionManager {
    url: DatabaseUrl,
    /// Where the pool's connections count their commits (`watch`).
    commits: watch::LocalCommits,
}

impl ConnectionManager {
    fn open(&self) -> Result<DbConn, ConnectError> {
        match &self.url {
            DatabaseUrl::Sqlite(path) => Self::open_sqlite(path).map(DbConn::Sqlite),
            DatabaseUrl::Postgres(url) => Self::open_postgres(url).map(DbConn::Postgres),
        }
    }

    fn open_sqlite(path: &str) -> Result<SqliteConnection, ConnectError> {
        let mut conn =
            SqliteConnection::establish(path).map_err(|source| ConnectError::Sqlite {
                path: path.to_owned(),
                source,
            })?;
        // busy_timeout first: switching to WAL needs the write lock.
        conn.batch_execute(&format!(
            "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS};
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;"
        ))?;
        Ok(conn)
    }

    fn open_postgres(url: &str) -> Result<PgConnection, ConnectError> {
        init_postgres_tls();
        PgConnection::establish(url).map_err(|source| ConnectError::Postgres {
            url: redact_password(url),
            source,
        })
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConn;
    type Error = ConnectError;

    fn connect(&self) -> Result<DbConn, ConnectError> {
        let mut conn = self.open()?;
        // its commits move the watch's generation (see `watch`)
        conn.set_instrumentation(watch::Commits::new(self.commits.clone()));
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectError> {
        conn.batch_execute("SELECT 1").map_err(ConnectError::Setup)
    }

    fn has_broken(&self, conn: &mut DbConn) -> bool {
        std::thread::panicking() || DbConn::is_broken_transaction_manager(conn)
    }
}

/// A pooled connection.
pub type PooledConn = r2d2::PooledConnection<ConnectionManager>;

/// The pool, shared by every request and worker.
#[derive(Clone)]
pub struct Db {
    pool: r2d2::Pool<ConnectionManager>,
    url: DatabaseUrl,
    commits: watch::LocalCommits,
    backend: &'static str,
    turns: Arc<Turns>,
    /// Changes to a meeting's answers waiting to be written together.
    lines: Arc<together::Lines>,
}

/// Work waiting for a connection, per connection of the pool, before more
/// is refused at once (503) rather than queued without end.
const WAITING_PER_CONNECTION: usize = 32;

/// Turns at the database: as many at once as the pool has connections (so
/// blocking work runs on as many threads, never hundreds), and a bounded
/// line of work waiting for one.
#[derive(Debug)]
struct Turns {
    at_once: Arc<tokio::sync::Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
}

/// One place in the line, given back however the wait ends.
struct InLine<'a>(&'a AtomicUsize);

impl Drop for InLine<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

impl Turns {
    fn new(connections: u32) -> Self {
        let connections = usize::try_from(connections).unwrap_or(1).max(1);
        Self {
            at_once: Arc::new(tokio::sync::Semaphore::new(connections)),
            waiting: AtomicUsize::new(0),
            max_waiting: connections * WAITING_PER_CONNECTION,
        }
    }

    /// A turn now, or after the work ahead; `Unavailable` (503) when the
    /// line is full. The turn ends when the work does (dropped with it on
    /// its blocking thread, even if the request is gone).
    async fn take(&self) -> Result<tokio::sync::OwnedSemaphorePermit, AppError> {
        if let Ok(turn) = self.at_once.clone().try_acquire_owned() {
            return Ok(turn);
        }
        let ahead = self.waiting.fetch_add(1, Ordering::Relaxed);
        let _place = InLine(&self.waiting);
        if ahead >= self.max_waiting {
            tracing::warn!(
                waiting = ahead,
                "overloaded: database work refused with 503"
            );
            return Err(AppError::Unavailable(
                "too much work waiting for the database".into(),
            ));
        }
        self.at_once
            .clone()
            .acquire_owned()
            .await
            .map_err(|e| AppError::internal(format!("database turns closed: {e}")))
    }
}

/// How the pool is used at one instant (for `/metrics`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolUse {
    /// The most connections the pool holds (`database_pool_size`).
    pub size: u32,
    /// Connections open and free.
    pub idle: u32,
    /// Connections lent to work.
    pub in_use: u32,
    /// Work waiting for a turn at the database (beyond
    /// `WAITING_PER_CONNECTION` per connection it is refused with 503).
    pub waiting: usize,
}

impl fmt::Debug for Db {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Db")
            .field("backend", &self.backend)
            .finish()
    }
}

impl Db {
    /// Opens one connection first, so that a wrong URL fails at once with the
    /// backend's own message, then builds the pool.
    pub fn connect(url: &DatabaseUrl, max_connections: u32) -> Result<Self, ConnectError> {
        let commits = watch::LocalCommits::default();
        let manager = ConnectionManager {
            url: url.clone(),
            commits: commits.clone(),
        };
        let first = manager.open()?;
        drop(first);
        let pool = r2d2::Pool::builder()
            .max_size(max_connections)
            .min_idle(Some(1))
            .connection_timeout(Duration::from_secs(30))
            // no `SELECT 1` before each lend: a connection found lost after
            // a failure is replaced and the work run again (`run`)
            .test_on_check_out(false)
            .build_unchecked(manager);
        Ok(Self {
            pool,
            url: url.clone(),
            commits,
            backend: url.backend(),
            turns: Arc::new(Turns::new(max_connections)),
            lines: Arc::default(),
        })
    }

    /// The URL the pool connects to.
    pub fn url(&self) -> &DatabaseUrl {
        &self.url
    }

    /// The commits that wrote, counted by the pool's connections.
    pub fn commits(&self) -> watch::LocalCommits {
        self.commits.clone()
    }

    /// `sqlite` or `postgres`.
    pub fn backend(&self) -> &'static str {
        self.backend
    }

    /// The pool's connections and the line of work waiting for one; reads
    /// counters only, takes no connection.
    pub fn pool_use(&self) -> PoolUse {
        let state = self.pool.state();
        PoolUse {
            size: self.pool.max_size(),
            idle: state.idle_connections,
            in_use: state.connections.saturating_sub(state.idle_connections),
            waiting: self.turns.waiting.load(Ordering::Relaxed),
        }
    }

    /// A connection for blocking code (command-line tools, the worker).
    pub fn get(&self) -> Result<PooledConn, AppError> {
        self.pool
            .get()
            .map_err(|e| AppError::Unavailable(format!("no database connection: {e}")))
    }

    /// Runs blocking database work on a blocking thread, once a turn at the
    /// database is free; refuses it (503) when too much work is waiting.
    pub async fn run<T, F>(&self, mut work: F) -> Result<T, AppError>
    where
        F: FnMut(&mut DbConn) -> Result<T, AppError> + Send + 'static,
        T: Send + 'static,
    {
        let turn = self.turns.take().await?;
        let db = self.clone();
        actix_web::web::block(move || {
            let _turn = turn;
            let mut conn = db.get()?;
            match work(&mut conn) {
                // the server restarted or killed the connection: whatever
                // the work did was rolled back with it; once more on another
                Err(error @ AppError::Internal(_)) if lost(&mut conn) => {
                    tracing::warn!(%error, "database connection lost: the work runs again");
                    drop(conn);
                    let mut conn = db.live_connection()?;
                    match work(&mut conn) {
                        Err(error @ AppError::Internal(_)) if lost(&mut conn) => Err(
                            AppError::Unavailable(format!("database connection lost: {error}")),
                        ),
                        done => done,
                    }
                }
                done => done,
            }
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }

    /// A connection that answers, after one was found lost: the others of
    /// the pool may be lost too (a restarted server ends them all), and
    /// each found so is dropped from the pool.
    fn live_connection(&self) -> Result<PooledConn, AppError> {
        for _ in 0..self.pool.max_size() {
            let mut conn = self.get()?;
            if !lost(&mut conn) {
                return Ok(conn);
            }
        }
        self.get()
    }

    /// Whether the database answers within two seconds with every migration
    /// applied (for the readiness probe).
    pub async fn check_ready(&self) -> Result<bool, AppError> {
        let pool = self.pool.clone();
        actix_web::web::block(move || {
            let mut conn = pool
                .get_timeout(Duration::from_secs(2))
                .map_err(|e| AppError::Unavailable(format!("no database connection: {e}")))?;
            let applied = migrations_applied(&mut conn);
            if applied.is_err() {
                // a connection the server ended is dropped, not lent again
                lost(&mut conn);
            }
            applied
        })
        .await
        .map_err(|e| AppError::internal(format!("database task failed: {e}")))?
    }

    /// Applies the pending migrations of this backend; returns how many.
    pub fn migrate(&self) -> Result<usize, AppError> {
        let mut conn = self.get()?;
        let failed = |e: &dyn fmt::Display| AppError::internal(format!("migration failed: {e}"));
        let applied = match &mut *conn {
            DbConn::Sqlite(c) => c
                .run_pending_migrations(SQLITE_MIGRATIONS)
                .map_err(|e| failed(&e))?
                .len(),
            DbConn::Postgres(c) => {
                // Instances starting together take turns (the lock is released
                // with the session if this one dies).
                c.batch_execute(&format!("SELECT pg_advisory_lock({MIGRATION_LOCK})"))?;
                let result = c
                    .run_pending_migrations(POSTGRES_MIGRATIONS)
                    .map(|v| v.len());
                c.batch_execute(&format!("SELECT pg_advisory_unlock({MIGRATION_LOCK})"))?;
                result.map_err(|e| failed(&e))?
            }
        };
        Ok(applied)
    }
}

/// Whether a connection whose work failed is gone: it answers nothing
/// anymore (asked only after a failure, never on the way of a success). A
/// lost connection is marked broken, so the pool drops it when it is given
/// back instead of lending it again.
fn lost(conn: &mut DbConn) -> bool {
    let lost = conn.batch_execute("SELECT 1").is_err();
    if lost {
        <DbConn as Connection>::TransactionManager::transaction_manager_status_mut(conn)
            .set_in_error();
    }
    lost
}

/// Whether every embedded migration has been applied.
pub fn migrations_applied(conn: &mut DbConn) -> Result<bool, AppError> {
    let pending = match conn {
        DbConn::Sqlite(c) => c.has_pending_migration(SQLITE_MIGRATIONS),
        DbConn::Postgres(c) => c.has_pending_migration(POSTGRES_MIGRATIONS),
    }
    .map_err(|e| AppError::internal(format!("cannot read the migrations table: {e}")))?;
    Ok(!pending)
}

/// Runs `work` in a transaction that holds the write lock from its first
/// statement (`BEGIN IMMEDIATE` on SQLite), so that a read followed by a write
/// never fails with "database is locked" under concurrent writers.
pub fn write_transaction<T, E, F>(conn: &mut DbConn, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    match conn {
        DbConn::Sqlite(c) => AnsiTransactionManager::begin_transaction_sql(c, "BEGIN IMMEDIATE")?,
        DbConn::Postgres(c) => AnsiTransactionManager::begin_transaction(c)?,
    }
    match work(conn) {
        Ok(value) => {
            DbConn::commit_transaction(conn)?;
            Ok(value)
        }
        Err(error) => match DbConn::rollback_transaction(conn) {
            Ok(()) | Err(diesel::result::Error::BrokenTransactionManager) => Err(error),
            Err(rollback_error) => Err(rollback_error.into()),
        },
    }
}

/// A new id: UUID v7, so ids sort by creation time.
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Now, as stored: a UTC instant without zone, to the microsecond (the
/// precision both backends keep).
pub fn now() -> chrono::NaiveDateTime {
    use chrono::{SubsecRound, Utc};
    Utc::now().naive_utc().trunc_subsecs(6)
}

/// A failed query: a missing row is `NotFound`, anything else a 500.
impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> Self {
        match error {
            diesel::result::Error::NotFound => Self::NotFound,
            other => Self::Internal(format!("database: {other}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_scheme_is_named() {
        let err = DatabaseUrl::parse("mysql://localhost/quorum").unwrap_err();
        assert!(err.contains("`mysql`"), "{err}");
    }

    #[test]
    fn sqlite_path_is_kept() {
        assert_eq!(
            DatabaseUrl::parse("sqlite:///var/lib/quorum/quorum.db"),
            Ok(DatabaseUrl::Sqlite("/var/lib/quorum/quorum.db".into()))
        );
    }

    #[test]
    fn password_never_printed() {
        let url = DatabaseUrl::parse("postgres://quorum:s3cret@db:5432/quorum").unwrap();
        let shown = format!("{url:?}");
        assert!(!shown.contains("s3cret"), "{shown}");
        assert!(shown.contains("quorum:***@db:5432/quorum"), "{shown}");
    }
}
