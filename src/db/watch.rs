//! Learning that the database changed, without asking it on every request.
//!
//! A [`Watch`] keeps a generation number that moves whenever a change may
//! have been committed, by this instance or any other on the same database.
//! What was read from the database under one generation still holds while
//! the generation is the same: caches keyed by it (the feeds' checks) answer
//! from memory, and read again only after a change.
//!
//! - **SQLite**: a connection of its own reads `PRAGMA data_version`, which
//!   moves when any other connection — of this process or another — commits.
//!   It is read by [`Watch::generation`] at most once a millisecond (the
//!   requests of that millisecond trust the last look): a few microseconds,
//!   no I/O.
//! - **PostgreSQL**: a connection of its own `LISTEN`s on `quorum_changes`,
//!   which the triggers that bump `feed_versions` (and those of what feeds
//!   are looked up by: tokens, people, bodies, groups) notify in the change's
//!   transaction; PostgreSQL delivers the notice when it commits. A look,
//!   at most once a millisecond, reads what arrived on the socket without
//!   waiting. If the connection is
//!   lost, the watch says it cannot tell ([`None`]) and callers ask the
//!   database as before, until a thread has listened again (every second).
//!
//! Besides, every connection of the instance's pool counts the commits
//! that wrote ([`Commits`], diesel's instrumentation), and each moves the
//! generation, so a change made by this instance is seen by it at once,
//! whatever the notice's delay.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, Weak};
use std::time::{Duration, Instant};

use std::fmt::Write as _;

use diesel::connection::{Instrumentation, InstrumentationEvent, get_default_instrumentation};
use diesel::prelude::*;
use diesel::sql_types::BigInt;

use super::{ConnectError, ConnectionManager, DatabaseUrl, Db};

/// The channel the PostgreSQL triggers notify.
pub const CHANNEL: &str = "quorum_changes";

/// How long a lost PostgreSQL listener waits before listening again.
const RETRY: Duration = Duration::from_secs(1);

/// Commits that wrote, made by the connections of one pool ([`super::Db`]):
/// its watch counts them at once.
pub type LocalCommits = Arc<AtomicU64>;

/// Counts the commits of one connection that wrote something: a writing
/// statement outside a transaction once it succeeded, a transaction that
/// wrote once its `COMMIT` did. Events are handed on to diesel's default
/// instrumentation, if one was set (the `costs` tests count queries).
pub struct Commits {
    /// The pool's count.
    count: LocalCommits,
    /// diesel's default instrumentation, whose events follow.
    then: Option<Box<dyn Instrumentation>>,
    in_transaction: bool,
    wrote: bool,
}

impl Commits {
    /// For a new connection of the pool counting in `count`.
    pub fn new(count: LocalCommits) -> Self {
        Self {
            count,
            then: get_default_instrumentation(),
            in_transaction: false,
            wrote: false,
        }
    }

    fn finished(&mut self, statement: &str) {
        let mut words = statement.split_ascii_whitespace();
        let first = words.next().unwrap_or_default().to_ascii_uppercase();
        match first.as_str() {
            "BEGIN" => self.in_transaction = true,
            "COMMIT" | "END" => {
                if std::mem::take(&mut self.wrote) {
                    self.count.fetch_add(1, Ordering::Release);
                }
                self.in_transaction = false;
            }
            // back to a savepoint: what was written before it stays
            "ROLLBACK" if words.next().is_some_and(|w| w.eq_ignore_ascii_case("TO")) => {}
            "ROLLBACK" => {
                self.wrote = false;
                self.in_transaction = false;
            }
            "SELECT" | "PRAGMA" | "SAVEPOINT" | "RELEASE" | "SET" | "SHOW" | "LISTEN" => {}
            // INSERT, UPDATE, DELETE, and anything else that may write
            _ if self.in_transaction => self.wrote = true,
            _ => {
                self.count.fetch_add(1, Ordering::Release);
            }
        }
    }
}

impl std::fmt::Debug for Commits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Commits")
            .field("in_transaction", &self.in_transaction)
            .field("wrote", &self.wrote)
            .finish_non_exhaustive()
    }
}

impl Instrumentation for Commits {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        if let InstrumentationEvent::FinishQuery {
            query, error: None, ..
        } = &event
        {
            let mut start = Start::default();
            // the first words are enough: the rest is not even written
            let _ = write!(start, "{query}");
            self.finished(&start.text);
        }
        if let Some(then) = &mut self.then {
            then.on_connection_event(event);
        }
    }
}

/// The first bytes of a statement's text.
#[derive(Default)]
struct Start {
    text: String,
}

/// Enough for "ROLLBACK TO SAVEPOINT".
const START_BYTES: usize = 24;

impl std::fmt::Write for Start {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for c in s.chars() {
            if self.text.len() >= START_BYTES {
                return Err(std::fmt::Error);
            }
            self.text.push(c);
        }
        Ok(())
    }
}

/// Watches one database for committed changes.
pub struct Watch {
    /// The commits of this instance's pool.
    local: LocalCommits,
    /// Changes seen on the listening connection.
    seen: AtomicU64,
    listener: Mutex<Listener>,
    /// Whether the listener works (a lost PostgreSQL one does not).
    listening: AtomicBool,
    /// When the listener was last looked at, in microseconds since `born`.
    looked_at: AtomicU64,
    born: Instant,
}

/// How long a look at the listener holds: under load, one request looks
/// and the others of that moment trust it. What another program or
/// instance commits is seen within this of its commit (SQLite) or of its
/// notice's arrival (PostgreSQL); what this process commits, at once.
const LOOK_EVERY_MICROS: u64 = 1_000;

impl std::fmt::Debug for Watch {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Watch")
            .field("seen", &self.seen.load(Ordering::Relaxed))
            .finish_non_exhaustive()
    }
}

enum Listener {
    Sqlite {
        conn: SqliteConnection,
        data_version: i64,
    },
    Postgres(PgConnection),
    /// The PostgreSQL listener was lost; a thread listens again.
    Lost,
}

#[derive(QueryableByName)]
struct DataVersion {
    #[diesel(sql_type = BigInt)]
    data_version: i64,
}

fn data_version(conn: &mut SqliteConnection) -> QueryResult<i64> {
    diesel::sql_query("PRAGMA data_version")
        .get_result::<DataVersion>(conn)
        .map(|v| v.data_version)
}

impl Watch {
    /// Opens the watching connection of `url`; for PostgreSQL, also the
    /// thread that listens again after a lost connection (it ends with the
    /// watch).
    pub fn open(db: &Db) -> Result<Arc<Self>, ConnectError> {
        let url = db.url();
        let listener = listen(url)?;
        let watch = Arc::new(Self {
            local: db.commits(),
            seen: AtomicU64::new(0),
            listener: Mutex::new(listener),
            listening: AtomicBool::new(true),
            looked_at: AtomicU64::new(0),
            born: Instant::now(),
        });
        if let DatabaseUrl::Postgres(_) = url {
            let weak = Arc::downgrade(&watch);
            let url = url.clone();
            std::thread::Builder::new()
                .name("quorum-watch".into())
                .spawn(move || relisten(&weak, &url))
                .map_err(|e| {
                    ConnectError::Setup(diesel::result::Error::QueryBuilderError(e.into()))
                })?;
        }
        Ok(watch)
    }

    /// The generation of the database as this instance can tell it now, or
    /// `None` when it cannot (a lost PostgreSQL listener): then nothing read
    /// before may be trusted without asking the database.
    pub fn generation(&self) -> Option<u64> {
        // read before the listener: a commit counted after this read moves
        // the next generation, never hides in this one
        let local = self.local.load(Ordering::Acquire);
        if !self.listening.load(Ordering::Acquire) {
            return None;
        }
        let now = u64::try_from(self.born.elapsed().as_micros()).unwrap_or(u64::MAX);
        let looked_at = self.looked_at.load(Ordering::Acquire);
        if now.saturating_sub(looked_at) < LOOK_EVERY_MICROS {
            return Some(self.seen.load(Ordering::Acquire).wrapping_add(local));
        }
        let mut listener = self.listener.lock().unwrap_or_else(PoisonError::into_inner);
        let changed = match &mut *listener {
            Listener::Sqlite {
                conn,
                data_version: last,
            } => match data_version(conn) {
                Ok(now) => std::mem::replace(last, now) != now,
                Err(error) => {
                    tracing::warn!(%error, "cannot read SQLite's data_version");
                    return None;
                }
            },
            Listener::Postgres(conn) => {
                let mut changed = false;
                let mut lost = None;
                // twice: a server ending the connection sends its last
                // words first, read by one look, and its end, by the next
                for _ in 0..2 {
                    // a lost connection gives its error again at every look
                    for notice in conn.notifications_iter() {
                        match notice {
                            Ok(_) => changed = true,
                            Err(error) => {
                                lost = Some(error);
                                break;
                            }
                        }
                    }
                }
                if let Some(error) = lost {
                    tracing::warn!(%error, "change notices lost: listening again");
                    self.listening.store(false, Ordering::Release);
                    *listener = Listener::Lost;
                    return None;
                }
                changed
            }
            Listener::Lost => return None,
        };
        let seen = if changed {
            self.seen.fetch_add(1, Ordering::AcqRel) + 1
        } else {
            self.seen.load(Ordering::Acquire)
        };
        // after `seen` moved: a request trusting this look counts the change
        self.looked_at.store(now, Ordering::Release);
        Some(seen.wrapping_add(local))
    }
}

/// A connection that watches `url`: reading SQLite's data version, or
/// listening to the PostgreSQL channel.
fn listen(url: &DatabaseUrl) -> Result<Listener, ConnectError> {
    match url {
        DatabaseUrl::Sqlite(path) => {
            let mut conn = ConnectionManager::open_sqlite(path)?;
            // its looks are the watch's, not any request's work
            conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
            let version = data_version(&mut conn)?;
            Ok(Listener::Sqlite {
                conn,
                data_version: version,
            })
        }
        DatabaseUrl::Postgres(url) => {
            let mut conn = ConnectionManager::open_postgres(&with_keepalives(url))?;
            conn.set_instrumentation(|_: InstrumentationEvent<'_>| {});
            diesel::sql_query(format!("LISTEN {CHANNEL}")).execute(&mut conn)?;
            Ok(Listener::Postgres(conn))
        }
    }
}

/// The URL with TCP keepalives every few seconds, so that a listener whose
/// server vanished without a word learns it within half a minute (libpq's
/// default waits two hours), unless the URL sets its own.
fn with_keepalives(url: &str) -> String {
    if url.contains("keepalives") {
        return url.to_owned();
    }
    let joint = if url.contains('?') { '&' } else { '?' };
    format!("{url}{joint}keepalives_idle=10&keepalives_interval=5&keepalives_count=3")
}

/// Listens again whenever the listener was lost, while the watch lives.
/// Once listening, the generation moves: notices may have been missed.
fn relisten(watch: &Weak<Watch>, url: &DatabaseUrl) {
    loop {
        std::thread::sleep(RETRY);
        let Some(watch) = watch.upgrade() else {
            return;
        };
        let lost = matches!(
            *watch
                .listener
                .lock()
                .unwrap_or_else(PoisonError::into_inner),
            Listener::Lost
        );
        if !lost {
            continue;
        }
        match listen(url) {
            Ok(listener) => {
                // the generation moves before anyone can look again: what
                // was kept before the loss is never trusted
                let mut slot = watch
                    .listener
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                watch.seen.fetch_add(1, Ordering::AcqRel);
                *slot = listener;
                watch.listening.store(true, Ordering::Release);
                drop(slot);
                tracing::info!("listening to change notices again");
            }
            Err(error) => tracing::warn!(%error, "cannot listen to change notices yet"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commits() -> Commits {
        Commits {
            count: LocalCommits::default(),
            then: None,
            in_transaction: false,
            wrote: false,
        }
    }

    fn commits_after(statements: &[&str]) -> u64 {
        let mut commits = commits();
        for statement in statements {
            commits.finished(statement);
        }
        commits.count.load(Ordering::Acquire)
    }

    #[test]
    fn a_transaction_counts_once_it_committed_what_it_wrote() {
        assert_eq!(
            commits_after(&[
                "BEGIN IMMEDIATE",
                "UPDATE meetings SET title = $1",
                "COMMIT"
            ]),
            1
        );
        assert_eq!(commits_after(&["INSERT INTO rsvps (id) VALUES ($1)"]), 1);
        assert_eq!(
            commits_after(&["BEGIN", "UPDATE meetings", "ROLLBACK", "SELECT 1"]),
            0
        );
    }

    #[test]
    fn what_wrote_nothing_or_was_undone_does_not_count() {
        let mut commits = commits();
        for statement in [
            "SELECT 1",
            "BEGIN",
            "SELECT * FROM meetings FOR UPDATE",
            "COMMIT",
        ] {
            commits.finished(statement);
            assert!(!commits.wrote, "{statement}");
        }
        commits.finished("BEGIN");
        commits.finished("DELETE FROM sessions");
        assert!(commits.wrote);
        commits.finished("ROLLBACK TO SAVEPOINT diesel_savepoint_1");
        assert!(commits.wrote, "the outer transaction's write stays");
        commits.finished("ROLLBACK");
        assert!(!commits.wrote && !commits.in_transaction);
    }

    #[test]
    fn only_a_statements_first_bytes_are_read() {
        let mut start = Start::default();
        let long = format!("UPDATE meetings SET agenda = '{}'", "x".repeat(10_000));
        assert!(write!(start, "{long}").is_err());
        assert_eq!(start.text.len(), START_BYTES);
    }

    #[test]
    fn keepalives_join_the_url() {
        assert_eq!(
            with_keepalives("postgres://q@db/quorum"),
            "postgres://q@db/quorum?keepalives_idle=10&keepalives_interval=5&keepalives_count=3"
        );
        assert_eq!(
            with_keepalives("postgres://q@db/quorum?sslmode=require"),
            "postgres://q@db/quorum?sslmode=require&keepalives_idle=10&keepalives_interval=5&keepalives_count=3"
        );
        assert_eq!(
            with_keepalives("postgres://q@db/quorum?keepalives=0"),
            "postgres://q@db/quorum?keepalives=0"
        );
    }
}
