//! The queries on `outbox_messages`.
//!
//! A message is `queued` until a worker sends it (`sent`) or gives up on it
//! (`failed`). A worker claims due messages by setting a lease; a worker that
//! dies leaves the lease to expire, and the message is claimed again.

use std::fmt;
use std::time::Duration;

use chrono::NaiveDateTime;
use diesel::dsl::{count_star, min};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamp};
use strum::{EnumString, IntoStaticStr, VariantArray};

use crate::db::schema::outbox_messages;
use crate::db::{DbConn, now, write_transaction};
use crate::domain::error::AppError;
use crate::infra::settings::MailSettings;

/// The longest wait between two attempts.
pub const MAX_RETRY_DELAY: Duration = Duration::from_secs(3600);

/// Characters of an error kept in `last_error`.
const MAX_ERROR_CHARS: usize = 1000;

/// Where a message stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, EnumString, IntoStaticStr, VariantArray)]
#[strum(serialize_all = "snake_case")]
pub enum OutboxState {
    /// Waiting to be sent (again).
    Queued,
    /// Accepted by the relay.
    Sent,
    /// Refused for good, or out of attempts: an admin may retry it.
    Failed,
}

impl OutboxState {
    /// The name stored in the `state` column.
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// A row of the outbox.
#[derive(Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox_messages)]
pub struct OutboxMessage {
    pub id: String,
    pub message_id: String,
    pub dedupe_key: Option<String>,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub raw: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub leased_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// When the body of this sent message was emptied ([`purge_sent`]).
    pub purged_at: Option<NaiveDateTime>,
}

/// The message may hold a sign-in link: never printed.
impl fmt::Debug for OutboxMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OutboxMessage")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("state", &self.state)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// What a worker needs to send a message it claimed.
#[derive(Clone, Queryable, QueryableByName, Selectable)]
#[diesel(table_name = outbox_messages)]
pub struct Claimed {
    pub id: String,
    pub message_id: String,
    pub kind: String,
    pub recipient: String,
    pub raw: String,
    /// Attempts made before this one.
    pub attempts: i32,
}

impl fmt::Debug for Claimed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Claimed")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("attempts", &self.attempts)
            .finish_non_exhaustive()
    }
}

/// A message as an admin sees it: everything but the message itself (which
/// may hold a sign-in link).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = outbox_messages)]
pub struct OutboxSummary {
    pub id: String,
    pub message_id: String,
    pub dedupe_key: Option<String>,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub state: String,
    pub attempts: i32,
    pub next_attempt_at: NaiveDateTime,
    pub lease_until: Option<NaiveDateTime>,
    pub leased_by: Option<String>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
    /// When the body of this sent message was emptied ([`purge_sent`]).
    pub purged_at: Option<NaiveDateTime>,
}

/// How many messages are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OutboxCounts {
    pub queued: i64,
    pub sent: i64,
    pub failed: i64,
}

/// Whether a message with this dedupe key was queued already.
pub fn dedupe_key_exists(conn: &mut DbConn, key: &str) -> Result<bool, AppError> {
    Ok(diesel::select(diesel::dsl::exists(
        outbox_messages::table.filter(outbox_messages::dedupe_key.eq(key)),
    ))
    .get_result(conn)?)
}

/// Inserts a message; `false` when its dedupe key is taken. A duplicate key
/// never raises an error, which would abort the caller's PostgreSQL
/// transaction: `ON CONFLICT DO NOTHING` (on the inner connection, the
/// multi-backend one has no upserts) waits for a concurrent transaction that
/// queued the same key, then skips.
pub fn insert(conn: &mut DbConn, row: &OutboxMessage) -> Result<bool, AppError> {
    let insert = diesel::insert_into(outbox_messages::table).values(row);
    let inserted = match conn {
        DbConn::Postgres(pg) => insert
            .on_conflict(outbox_messages::dedupe_key)
            .do_nothing()
            .execute(pg)?,
        DbConn::Sqlite(sqlite) => insert
            .on_conflict(outbox_messages::dedupe_key)
            .do_nothing()
            .execute(sqlite)?,
    };
    Ok(inserted == 1)
}

fn after(now: NaiveDateTime, wait: Duration) -> NaiveDateTime {
    let wait = chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX);
    now.checked_add_signed(wait).unwrap_or(NaiveDateTime::MAX)
}

/// Claims up to `batch` due messages for `lease`, oldest first. Several
/// workers never claim the same message: PostgreSQL skips the rows another
/// worker is claiming (`FOR UPDATE SKIP LOCKED`), SQLite serialises the
/// claims in an immediate transaction.
pub fn claim_due(
    conn: &mut DbConn,
    worker_id: &str,
    batch: u32,
    lease: Duration,
) -> Result<Vec<Claimed>, AppError> {
    use outbox_messages::dsl as o;
    let now = now();
    let until = after(now, lease);
    let mut claimed = match conn {
        DbConn::Postgres(pg) => diesel::sql_query(
            "UPDATE outbox_messages SET lease_until = $1, leased_by = $2 \
             WHERE id IN (\
                 SELECT id FROM outbox_messages \
                 WHERE state = 'queued' AND next_attempt_at <= $3 \
                   AND (lease_until IS NULL OR lease_until < $3) \
                 ORDER BY next_attempt_at LIMIT $4 \
                 FOR UPDATE SKIP LOCKED) \
             RETURNING id, message_id, kind, recipient, raw, attempts",
        )
        .bind::<Timestamp, _>(until)
        .bind::<Text, _>(worker_id)
        .bind::<Timestamp, _>(now)
        .bind::<BigInt, _>(i64::from(batch))
        .load::<Claimed>(pg)?,
        DbConn::Sqlite(_) => write_transaction(conn, |conn| {
            let ids: Vec<String> = o::outbox_messages
                .filter(o::state.eq(OutboxState::Queued.as_str()))
                .filter(o::next_attempt_at.le(now))
                .filter(o::lease_until.is_null().or(o::lease_until.lt(now)))
                .order(o::next_attempt_at.asc())
                .limit(i64::from(batch))
                .select(o::id)
                .load(conn)?;
            if ids.is_empty() {
                return Ok::<_, AppError>(Vec::new());
            }
            diesel::update(o::outbox_messages.filter(o::id.eq_any(&ids)))
                .set((o::lease_until.eq(until), o::leased_by.eq(worker_id)))
                .execute(conn)?;
            Ok(o::outbox_messages
                .filter(o::id.eq_any(&ids))
                .select(Claimed::as_select())
                .load(conn)?)
        })?,
    };
    // ids are UUID v7: this is the order they were queued in
    claimed.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(claimed)
}

/// Extends this worker's lease on a message it is about to send; `false`
/// when the message is no longer its own to send (the lease expired and
/// another worker took it, or it was sent meanwhile).
pub fn renew_lease(
    conn: &mut DbConn,
    id: &str,
    worker_id: &str,
    lease: Duration,
) -> Result<bool, AppError> {
    use outbox_messages::dsl as o;
    let updated = diesel::update(
        o::outbox_messages
            .filter(o::id.eq(id))
            .filter(o::leased_by.eq(worker_id))
            .filter(o::state.eq(OutboxState::Queued.as_str())),
    )
    .set(o::lease_until.eq(after(now(), lease)))
    .execute(conn)?;
    Ok(updated == 1)
}

/// Gives back the leases of messages this worker claimed but will not send
/// (it is stopping), so another worker sends them at once.
pub fn release(conn: &mut DbConn, worker_id: &str, ids: &[String]) -> Result<usize, AppError> {
    use outbox_messages::dsl as o;
    Ok(diesel::update(
        o::outbox_messages
            .filter(o::id.eq_any(ids))
            .filter(o::leased_by.eq(worker_id))
            .filter(o::state.eq(OutboxState::Queued.as_str())),
    )
    .set(o::lease_until.eq(None::<NaiveDateTime>))
    .execute(conn)?)
}

/// Records a delivery. `leased_by` stays: it tells which worker sent it.
pub fn mark_sent(conn: &mut DbConn, id: &str) -> Result<(), AppError> {
    use outbox_messages::dsl as o;
    diesel::update(
        o::outbox_messages
            .filter(o::id.eq(id))
            .filter(o::state.ne(OutboxState::Sent.as_str())),
    )
    .set((
        o::state.eq(OutboxState::Sent.as_str()),
        o::attempts.eq(o::attempts + 1),
        o::sent_at.eq(now()),
        o::lease_until.eq(None::<NaiveDateTime>),
    ))
    .execute(conn)?;
    Ok(())
}

/// The wait before the next attempt when `attempts` attempts failed before
/// this one: `base × 2^attempts`, at most an hour.
pub fn retry_delay(base: Duration, attempts: u32) -> Duration {
    2u32.checked_pow(attempts)
        .and_then(|factor| base.checked_mul(factor))
        .map_or(MAX_RETRY_DELAY, |delay| delay.min(MAX_RETRY_DELAY))
}

/// Records a failed attempt: the message is due again after the back-off,
/// or `failed` when the failure is permanent or it was the last attempt
/// allowed. Returns the message's new state.
pub fn mark_failed_attempt(
    conn: &mut DbConn,
    claimed: &Claimed,
    worker_id: &str,
    error: &str,
    permanent: bool,
    mail: &MailSettings,
) -> Result<OutboxState, AppError> {
    use outbox_messages::dsl as o;
    let before = u32::try_from(claimed.attempts).unwrap_or(0);
    let attempts = before.saturating_add(1);
    let state = if permanent || attempts >= mail.max_attempts {
        OutboxState::Failed
    } else {
        OutboxState::Queued
    };
    let now = now();
    let error: String = error.chars().take(MAX_ERROR_CHARS).collect();
    let updated = diesel::update(
        o::outbox_messages
            .filter(o::id.eq(&claimed.id))
            .filter(o::leased_by.eq(worker_id))
            .filter(o::state.eq(OutboxState::Queued.as_str())),
    )
    .set((
        o::state.eq(state.as_str()),
        o::attempts.eq(i32::try_from(attempts).unwrap_or(i32::MAX)),
        o::next_attempt_at.eq(after(now, retry_delay(mail.retry_base, before))),
        o::lease_until.eq(None::<NaiveDateTime>),
        o::last_error.eq(error),
    ))
    .execute(conn)?;
    if updated == 0 {
        // another worker took it over meanwhile: its record stands
        return Ok(OutboxState::Queued);
    }
    Ok(state)
}

/// Empties the bodies of up to `batch` messages sent before `sent_before`,
/// oldest first, and notes when (`purged_at`); returns how many. Their
/// links must not outlive the retention in the database and its backups;
/// the rest of the row, what the admin page shows, stays. Queued and failed
/// messages keep their bodies: they are still to be sent.
///
/// Safe beside other workers and idempotent: the update repeats the
/// conditions of the read, so a message another instance purged meanwhile
/// (PostgreSQL checks them again on the row it waited for) or a second pass
/// changes nothing. One statement writes at most `batch` rows.
pub fn purge_sent(
    conn: &mut DbConn,
    sent_before: NaiveDateTime,
    batch: u32,
) -> Result<usize, AppError> {
    use outbox_messages::dsl as o;
    let ids: Vec<String> = o::outbox_messages
        .filter(o::state.eq(OutboxState::Sent.as_str()))
        .filter(o::purged_at.is_null())
        .filter(o::sent_at.lt(sent_before))
        .order(o::sent_at.asc())
        .limit(i64::from(batch))
        .select(o::id)
        .load(conn)?;
    if ids.is_empty() {
        return Ok(0);
    }
    Ok(diesel::update(
        o::outbox_messages
            .filter(o::id.eq_any(&ids))
            .filter(o::state.eq(OutboxState::Sent.as_str()))
            .filter(o::purged_at.is_null()),
    )
    .set((o::raw.eq(""), o::purged_at.eq(now())))
    .execute(conn)?)
}

/// The latest messages, newest first, of one state or all.
pub fn list_recent(
    conn: &mut DbConn,
    state: Option<OutboxState>,
    limit: i64,
) -> Result<Vec<OutboxSummary>, AppError> {
    use outbox_messages::dsl as o;
    let mut query = o::outbox_messages
        .select(OutboxSummary::as_select())
        .order((o::created_at.desc(), o::id.desc()))
        .limit(limit)
        .into_boxed();
    if let Some(state) = state {
        query = query.filter(o::state.eq(state.as_str()));
    }
    Ok(query.load(conn)?)
}

/// One message, without its body.
pub fn find(conn: &mut DbConn, id: &str) -> Result<Option<OutboxSummary>, AppError> {
    Ok(outbox_messages::table
        .find(id)
        .select(OutboxSummary::as_select())
        .first(conn)
        .optional()?)
}

/// How many messages are queued, sent and failed.
pub fn counts_by_state(conn: &mut DbConn) -> Result<OutboxCounts, AppError> {
    use outbox_messages::dsl as o;
    let rows: Vec<(String, i64)> = o::outbox_messages
        .group_by(o::state)
        .select((o::state, count_star()))
        .load(conn)?;
    let mut counts = OutboxCounts::default();
    for (state, count) in rows {
        match state.parse() {
            Ok(OutboxState::Queued) => counts.queued = count,
            Ok(OutboxState::Sent) => counts.sent = count,
            Ok(OutboxState::Failed) => counts.failed = count,
            Err(_) => {}
        }
    }
    Ok(counts)
}

/// What an operator watches: the messages waiting and how long the oldest
/// has waited, and the messages given up on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Backlog {
    /// Messages `queued` (due now, or waiting out a back-off).
    pub queued: i64,
    /// When the oldest queued message was queued.
    pub oldest_queued_at: Option<NaiveDateTime>,
    /// Messages `failed`, until an admin retries them.
    pub failed: i64,
}

/// The backlog, for `/metrics`: two queries on the `(state,
/// next_attempt_at)` index that read the queued and failed rows only, never
/// the sent ones, which grow with the club's history.
pub fn backlog(conn: &mut DbConn) -> Result<Backlog, AppError> {
    use outbox_messages::dsl as o;
    let (queued, oldest_queued_at) = o::outbox_messages
        .filter(o::state.eq(OutboxState::Queued.as_str()))
        .select((count_star(), min(o::created_at)))
        .get_result::<(i64, Option<NaiveDateTime>)>(conn)?;
    let failed = o::outbox_messages
        .filter(o::state.eq(OutboxState::Failed.as_str()))
        .select(count_star())
        .get_result::<i64>(conn)?;
    Ok(Backlog {
        queued,
        oldest_queued_at,
        failed,
    })
}

/// Puts a failed message back in the queue, due now, with a fresh count of
/// attempts; `false` when there is no failed message with this id.
pub fn retry(conn: &mut DbConn, id: &str) -> Result<bool, AppError> {
    use outbox_messages::dsl as o;
    let updated = diesel::update(
        o::outbox_messages
            .filter(o::id.eq(id))
            .filter(o::state.eq(OutboxState::Failed.as_str())),
    )
    .set((
        o::state.eq(OutboxState::Queued.as_str()),
        o::attempts.eq(0),
        o::next_attempt_at.eq(now()),
        o::lease_until.eq(None::<NaiveDateTime>),
        o::leased_by.eq(None::<String>),
    ))
    .execute(conn)?;
    Ok(updated == 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_the_base() {
        let base = Duration::from_secs(30);
        assert_eq!(retry_delay(base, 0), Duration::from_secs(30));
        assert_eq!(retry_delay(base, 1), Duration::from_secs(60));
        assert_eq!(retry_delay(base, 3), Duration::from_secs(240));
        assert_eq!(retry_delay(base, 6), Duration::from_secs(1920));
    }

    #[test]
    fn back_off_is_capped_at_an_hour() {
        let base = Duration::from_secs(30);
        assert_eq!(retry_delay(base, 7), MAX_RETRY_DELAY);
        assert_eq!(retry_delay(base, 31), MAX_RETRY_DELAY);
        assert_eq!(retry_delay(base, 32), MAX_RETRY_DELAY);
        assert_eq!(retry_delay(base, u32::MAX), MAX_RETRY_DELAY);
        assert_eq!(retry_delay(Duration::MAX, 1), MAX_RETRY_DELAY);
    }

    #[test]
    fn a_small_base_stays_small() {
        let base = Duration::from_millis(100);
        let total: Duration = (0..3).map(|n| retry_delay(base, n)).sum();
        assert_eq!(total, Duration::from_millis(700));
    }

    #[test]
    fn states_are_stored_by_name() {
        assert_eq!(OutboxState::Queued.as_str(), "queued");
        assert_eq!("failed".parse(), Ok(OutboxState::Failed));
    }
}
