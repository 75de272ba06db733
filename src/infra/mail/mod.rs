//! Mail: every email is written to the outbox in the transaction of the
//! change that causes it ([`enqueue`]), then sent by the [`worker`] with
//! retries and back-off. A crash loses no email: a message claimed by a
//! worker that died is claimed again when its lease expires, and sent with
//! the same Message-ID and the same bytes.
//!
//! - `message.rs`: an [`Email`] formatted as it will be sent;
//! - `outbox.rs`: the queries on `outbox_messages`;
//! - `transport.rs`: SMTP, `.eml` files or memory;
//! - `worker.rs`: claim, send, mark.

mod message;
pub mod outbox;
pub mod transport;

use std::fmt;

pub use message::message_id_host;
pub use transport::{Mailer, SendError, SentMessage};

use crate::db::{DbConn, new_id, now};
use crate::domain::error::AppError;
use crate::infra::settings::Settings;

/// A message to send, already rendered in the recipient's language.
#[derive(Clone)]
pub struct Email {
    /// The recipient's display name (may be empty).
    pub to_name: String,
    /// The recipient's address.
    pub to_address: String,
    /// The subject, in any language.
    pub subject: String,
    /// The plain-text body.
    pub text: String,
    /// The HTML body, sent as an alternative to the text.
    pub html: Option<String>,
    /// The template's name, e.g. `signin`: logged and shown to admins.
    pub kind: &'static str,
    /// A notification's (meeting, person, kind): queued at most once.
    pub dedupe_key: Option<String>,
    /// An iCalendar part, for invitations, updates and cancellations.
    pub calendar: Option<CalendarPart>,
}

/// Bodies may hold sign-in links: never printed.
impl fmt::Debug for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Email")
            .field("kind", &self.kind)
            .field("subject", &self.subject)
            .field("dedupe_key", &self.dedupe_key)
            .field("html", &self.html.is_some())
            .field("calendar", &self.calendar.as_ref().map(|c| &c.method))
            .finish_non_exhaustive()
    }
}

/// An iCalendar part (iMIP), for later issues: `method` is REQUEST or CANCEL, `ics` the VCALENDAR text.
#[derive(Debug, Clone)]
pub struct CalendarPart {
    /// The iTIP method, equal to the METHOD property of `ics`.
    pub method: String,
    /// The VCALENDAR text.
    pub ics: String,
}

/// Queues `email` in the caller's transaction; returns its Message-ID, or None when its dedupe_key was already queued.
///
/// Nothing is sent here: the message is sent once the caller's transaction
/// commits, and never if it rolls back. On SQLite call it inside
/// [`crate::db::write_transaction`], like any read-then-write.
pub fn enqueue(
    conn: &mut DbConn,
    settings: &Settings,
    email: &Email,
) -> Result<Option<String>, AppError> {
    let id = new_id();
    let message_id = format!("<{id}@{}>", message_id_host(&settings.base_url));
    let raw = message::format(&settings.mail.from, &message_id, email)?;
    let now = now();
    let row = outbox::OutboxMessage {
        id,
        message_id: message_id.clone(),
        dedupe_key: email.dedupe_key.clone(),
        kind: email.kind.to_owned(),
        recipient: email.to_address.trim().to_owned(),
        subject: email.subject.clone(),
        raw,
        state: outbox::OutboxState::Queued.as_str().to_owned(),
        attempts: 0,
        next_attempt_at: now,
        lease_until: None,
        leased_by: None,
        last_error: None,
        created_at: now,
        sent_at: None,
        purged_at: None,
    };
    Ok(outbox::insert(conn, &row)?.then_some(message_id))
}
