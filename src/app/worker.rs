//! The worker: claims due messages, sends each, records the outcome; sleeps
//! when there is nothing to send. Now and then it also queues due reminders
//! and empties the bodies of messages sent longer ago than the retention. `quorum serve` runs one beside the web
//! server, `quorum worker` runs one alone; any number may share a database.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::Mailbox;
use tokio_util::sync::CancellationToken;

use crate::db::{Db, new_id};
use crate::domain::error::AppError;
use crate::infra::mail::Mailer;
use crate::infra::mail::outbox::{self, Claimed, OutboxState};
use crate::infra::settings::Settings;

/// How long the worker waits after the database failed it.
const DATABASE_PAUSE: Duration = Duration::from_secs(2);

/// Tries at recording a delivery before leaving it to the lease (the message
/// is then sent again when the lease expires).
const RECORD_TRIES: u32 = 3;

/// How often the worker looks for reminders to queue.
const REMINDER_SCAN: Duration = Duration::from_secs(60);

/// How often the worker empties the bodies of messages sent before the
/// retention (`outbox_retention_days`).
const PURGE_SCAN: Duration = Duration::from_secs(600);

/// Bodies one statement empties: a short write whatever the backlog.
const PURGE_BATCH: u32 = 500;

/// Statements one pass runs at most, so that a first pass over years of
/// mail does not hold up sending; the next pass goes on.
const PURGE_BATCHES: u32 = 20;

/// Sends queued mail until `shutdown` is cancelled; then it claims nothing
/// more, finishes the message in hand and gives back the others it claimed.
pub async fn run(db: Db, mailer: Mailer, settings: Arc<Settings>, shutdown: CancellationToken) {
    let envelope_from = match settings.mail.from.parse::<Mailbox>() {
        Ok(mailbox) => mailbox.email.to_string(),
        Err(e) => {
            tracing::error!(error = %e, "the mail sender is invalid: the mail worker cannot start");
            return;
        }
    };
    let worker = Worker {
        id: new_id(),
        db,
        mailer,
        settings,
        envelope_from,
    };
    tracing::info!(worker = %worker.id, mailer = ?worker.mailer, "mail worker started");
    let mut reminders_seen: Option<tokio::time::Instant> = None;
    let mut purged_seen: Option<tokio::time::Instant> = None;
    while !shutdown.is_cancelled() {
        if reminders_seen.is_none_or(|at| at.elapsed() >= REMINDER_SCAN) {
            worker.queue_reminders().await;
            reminders_seen = Some(tokio::time::Instant::now());
        }
        if purged_seen.is_none_or(|at| at.elapsed() >= PURGE_SCAN) {
            worker.purge_sent_bodies(&shutdown).await;
            worker.forget_expired_sessions().await;
            purged_seen = Some(tokio::time::Instant::now());
        }
        worker.send_signin_links().await;
        let claimed = match worker.claim().await {
            Ok(claimed) => claimed,
            Err(e) => {
                tracing::error!(error = %e, "cannot claim mail");
                pause(&shutdown, DATABASE_PAUSE).await;
                continue;
            }
        };
        if claimed.is_empty() {
            pause(&shutdown, worker.settings.mail.poll_interval).await;
            continue;
        }
        let mut claimed = claimed.into_iter();
        while let Some(message) = claimed.next() {
            if shutdown.is_cancelled() {
                let ids: Vec<String> = std::iter::once(message)
                    .chain(claimed)
                    .map(|m| m.id)
                    .collect();
                worker.release(ids).await;
                break;
            }
            worker.deliver(message).await;
        }
    }
    tracing::info!(worker = %worker.id, "mail worker stopped");
}

/// Sleeps for `wait`, or less if the worker is told to stop.
async fn pause(shutdown: &CancellationToken, wait: Duration) {
    tokio::select! {
        () = tokio::time::sleep(wait) => {}
        () = shutdown.cancelled() => {}
    }
}

struct Worker {
    /// Unique to this worker: it owns the leases it sets.
    id: String,
    db: Db,
    mailer: Mailer,
    settings: Arc<Settings>,
    envelope_from: String,
}

impl Worker {
    /// Queues the reminders that are due, of meetings and of action items
    /// (once each, whatever the number of workers: see `reminders` and
    /// `actions`).
    async fn queue_reminders(&self) {
        let settings = self.settings.clone();
        let queued = self
            .db
            .run(move |conn| {
                crate::db::write_transaction(conn, |conn| {
                    let meetings =
                        crate::services::reminders::queue_due(conn, &settings, crate::db::now())?;
                    let today = crate::services::actions::today();
                    let items = crate::services::actions::queue_reminders(conn, &settings, today)?;
                    Ok(meetings + items)
                })
            })
            .await;
        match queued {
            Ok(0) => {}
            Ok(queued) => tracing::info!(queued, "reminders queued"),
            Err(e) => tracing::error!(error = %e, "cannot queue reminders"),
        }
    }

    /// Turns the waiting sign-in requests into mail (those of people).
    async fn send_signin_links(&self) {
        let settings = self.settings.clone();
        let sent = self
            .db
            .run(move |conn| crate::services::signin::send_links(conn, &settings, crate::db::now()))
            .await;
        if let Err(e) = sent {
            tracing::error!(error = %e, "cannot send sign-in links");
        }
    }

    /// Forgets sessions that are over (any number of workers may at once).
    async fn forget_expired_sessions(&self) {
        let forgotten = self
            .db
            .run(|conn| {
                crate::db::write_transaction(conn, |conn| {
                    crate::db::sessions::purge_expired(conn, crate::db::now(), 1000)
                })
            })
            .await;
        if let Err(e) = forgotten {
            tracing::error!(error = %e, "cannot forget the sessions that are over");
        }
    }

    /// Empties the bodies of messages sent more than `outbox_retention_days`
    /// ago, a batch at a time (any number of workers may do it at once: see
    /// `outbox::purge_sent`).
    async fn purge_sent_bodies(&self, shutdown: &CancellationToken) {
        let days = self.settings.outbox_retention_days;
        let sent_before = crate::db::now() - chrono::Duration::days(i64::from(days));
        let mut purged = 0;
        for _ in 0..PURGE_BATCHES {
            if shutdown.is_cancelled() {
                break;
            }
            let batch = self
                .db
                .run(move |conn| outbox::purge_sent(conn, sent_before, PURGE_BATCH))
                .await;
            match batch {
                Ok(count) => {
                    purged += count;
                    if count < PURGE_BATCH as usize {
                        break;
                    }
                }
                Err(e) => {
                    tracing::error!(error = %e, "cannot purge the bodies of sent mail");
                    break;
                }
            }
        }
        if purged > 0 {
            tracing::info!(purged, retention_days = days, "bodies of sent mail purged");
        }
    }

    async fn claim(&self) -> Result<Vec<Claimed>, AppError> {
        let id = self.id.clone();
        let (batch, lease) = (self.settings.mail.batch_size, self.settings.mail.lease);
        self.db
            .run(move |conn| outbox::claim_due(conn, &id, batch, lease))
            .await
    }

    async fn release(&self, ids: Vec<String>) {
        let id = self.id.clone();
        match self
            .db
            .run(move |conn| outbox::release(conn, &id, &ids))
            .await
        {
            Ok(released) => tracing::info!(released, "gave back claimed mail on shutdown"),
            // their leases expire: they are only sent later
            Err(e) => tracing::warn!(error = %e, "cannot give back claimed mail"),
        }
    }

    async fn deliver(&self, message: Claimed) {
        // A message that waited in the batch may have outlived its lease:
        // extend it, and send only if it is still ours.
        let (id, worker, lease) = (
            message.id.clone(),
            self.id.clone(),
            self.settings.mail.lease,
        );
        match self
            .db
            .run(move |conn| outbox::renew_lease(conn, &id, &worker, lease))
            .await
        {
            Ok(true) => {}
            Ok(false) => {
                tracing::info!(outbox_id = %message.id, kind = %message.kind, "mail taken over by another worker");
                return;
            }
            Err(e) => {
                tracing::warn!(outbox_id = %message.id, error = %e, "cannot renew the lease: mail left for later");
                return;
            }
        }
        let attempt = message.attempts.saturating_add(1);
        let sent = self
            .mailer
            .send_raw(
                &message.id,
                &self.envelope_from,
                &message.recipient,
                message.raw.as_bytes(),
            )
            .await;
        match sent {
            Ok(()) => {
                tracing::info!(outbox_id = %message.id, kind = %message.kind, attempt, "mail sent");
                self.record_sent(&message.id).await;
            }
            Err(error) => {
                let (worker, mail) = (self.id.clone(), self.settings.mail.clone());
                let (text, permanent) = (error.to_string(), error.is_permanent());
                let claimed = message.clone();
                let state = self
                    .db
                    .run(move |conn| {
                        outbox::mark_failed_attempt(
                            conn, &claimed, &worker, &text, permanent, &mail,
                        )
                    })
                    .await;
                match state {
                    Ok(OutboxState::Failed) => tracing::error!(
                        outbox_id = %message.id, kind = %message.kind, attempt, %error,
                        "mail failed for good"
                    ),
                    Ok(_) => tracing::warn!(
                        outbox_id = %message.id, kind = %message.kind, attempt, %error,
                        "mail not sent, will retry"
                    ),
                    Err(e) => tracing::error!(
                        outbox_id = %message.id, kind = %message.kind, attempt, %error,
                        record_error = %e, "mail not sent, and the attempt not recorded"
                    ),
                }
            }
        }
    }

    /// Records a delivery, trying a few times: a delivery left unrecorded is
    /// sent again once its lease expires.
    async fn record_sent(&self, outbox_id: &str) {
        for attempt in 1..=RECORD_TRIES {
            let id = outbox_id.to_owned();
            match self.db.run(move |conn| outbox::mark_sent(conn, &id)).await {
                Ok(()) => return,
                Err(e) if attempt < RECORD_TRIES => {
                    tracing::warn!(outbox_id, error = %e, "cannot record a delivery, trying again");
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
                Err(e) => tracing::error!(
                    outbox_id, error = %e,
                    "cannot record a delivery: it will be sent again when its lease expires"
                ),
            }
        }
    }
}
