//! Inviting people to a meeting, from its page and from the API: who may,
//! when, and whom. Each invitation carries the person's one-click answer
//! links (`auth::answer_links`).

use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::rsvps::Closed;
use crate::domain::{MeetingKind, decode};
use crate::infra::mail;
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::{notices, rsvps};

/// Why a meeting takes no invitations now (the answers are closed to its
/// members: `Closed`), in words about invitations.
fn refusal(closed: Closed, lang: Lang) -> AppError {
    let message = lang.invitations_closed(closed);
    AppError::Conflict(message.to_owned())
}

/// Whom inviting would reach now: the meeting, everyone it concerns who
/// has not answered yet (`db::invitations::audience`), and whether they are
/// a working group's people. Refused like `invite`.
#[derive(Debug)]
pub struct Audience {
    pub meeting: db::meetings::Meeting,
    pub people: Vec<db::people::Person>,
    pub group: bool,
}

/// The audience of the meeting's invitations, if `caller` may invite now:
/// the meeting's organizers, to a scheduled meeting still to come whose
/// deadline has not passed.
pub fn audience(
    conn: &mut DbConn,
    caller: &Caller,
    meeting_id: &str,
) -> Result<Audience, AppError> {
    let listing = rsvps::organized_meeting(conn, caller, caller.lang(), meeting_id)?;
    let meeting = listing.meeting;
    // invited people answer as members: closed to them, no invitations
    if let Some(closed) = Closed::check(
        decode(&meeting.status)?,
        meeting.rsvp_deadline,
        meeting.ends_at,
        db::now(),
        false,
    ) {
        return Err(refusal(closed, caller.lang()));
    }
    let group = match decode(&meeting.kind)? {
        MeetingKind::WorkingGroupSession => meeting.working_group_id.as_deref(),
        MeetingKind::DecemberSession | MeetingKind::SpringPlenary => None,
    };
    let people = db::invitations::audience(conn, &meeting.id, group)?;
    let group = group.is_some();
    Ok(Audience {
        meeting,
        people,
        group,
    })
}

/// Queues an invitation for the meeting's audience, in each recipient's
/// language, and returns how many were queued. Inviting again queues
/// nothing for people already invited to this version of the meeting (the
/// mail's key holds its sequence). Call it in a write transaction: the
/// invitations are queued all together or not at all.
pub fn invite(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    meeting_id: &str,
) -> Result<usize, AppError> {
    let Audience {
        meeting, people, ..
    } = audience(conn, caller, meeting_id)?;
    let room = db::rooms::find(conn, &meeting.id)?;
    let mut queued = 0;
    for person in people {
        let email = notices::invitation(settings, &meeting, room.as_ref(), &person)?;
        if mail::enqueue(conn, settings, &email)?.is_some() {
            queued += 1;
        }
    }
    Ok(queued)
}
