//! Changing a meeting: the change, then the mails it causes (updates,
//! cancellations, seats given by more capacity), in the caller's write
//! transaction. Series of sessions are in `series`.

use crate::db::meetings;
use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::error::{AppError, FieldError};
use crate::domain::meetings::CheckedMeeting;
use crate::infra::settings::Settings;
use crate::services::{notices, rsvps};

/// Replaces a meeting's fields; confirmed participants receive the update
/// by mail when a calendar must see it. Seats already given stay given: a
/// capacity below them is refused; more seats go to the waiting list at
/// once. Call it in a write transaction.
pub fn update(
    conn: &mut DbConn,
    settings: &Settings,
    id: &str,
    checked: &CheckedMeeting,
    lang: Lang,
) -> Result<(), AppError> {
    check_capacities(conn, id, checked, lang)?;
    if meetings::update(conn, id, checked).map_err(|e| lang.worded(e))? {
        notices::meeting_changed(conn, settings, id)?;
    }
    rsvps::resettle(conn, settings, id)
}

/// Cancels a meeting (kept, so calendars remove it) and sends the
/// cancellation to confirmed participants; cancelling twice changes nothing.
pub fn cancel(conn: &mut DbConn, settings: &Settings, id: &str) -> Result<(), AppError> {
    if meetings::cancel(conn, id)? {
        notices::meeting_changed(conn, settings, id)?;
    }
    Ok(())
}

/// Refuses capacities below the seats already given (nobody loses a seat
/// they were given). Takes the meeting's lock, so no seat is given between
/// this check and the change.
fn check_capacities(
    conn: &mut DbConn,
    meeting_id: &str,
    checked: &CheckedMeeting,
    lang: Lang,
) -> Result<(), AppError> {
    db::rsvps::lock(conn, meeting_id)?;
    let (in_person, remote) = db::rsvps::seats_held(conn, meeting_id)?;
    let mut errors = Vec::new();
    for (field, limit, held) in [
        ("capacity", checked.capacity, in_person),
        ("remote_capacity", checked.remote_capacity, remote),
    ] {
        if limit.is_some_and(|limit| i64::from(limit) < held) {
            errors.push(FieldError::new(field, lang.seats_already_held(held)));
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(errors))
    }
}
