//! Inviting people to a meeting, from its page and from the API: who may,
//! when, and whom. Each invitation carries the person's one-click answer
//! links (`auth::answer_links`).

use crate::auth::Caller;
use crate::db::{self, DbConn};
use crate::domain::rsvp::answers_close_at;
use crate::domain::{MeetingKind, MeetingStatus, decode};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::settings::Settings;
use crate::{mail, notices, registrations};

/// Why a meeting takes no invitations now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NotNow {
    Draft,
    Cancelled,
    Over,
    PastDeadline,
}

impl NotNow {
    fn error(self, lang: Lang) -> AppError {
        let message = match (self, lang) {
            (Self::Draft, Lang::Fr) => {
                "Cette réunion est encore un brouillon : annoncez-la avant d'envoyer les invitations."
            }
            (Self::Draft, Lang::En) => {
                "This meeting is still a draft: announce it before sending invitations."
            }
            (Self::Cancelled, Lang::Fr) => {
                "Cette réunion est annulée : elle ne prend plus d'invitations."
            }
            (Self::Cancelled, Lang::En) => {
                "This meeting is cancelled: invitations can no longer be sent."
            }
            (Self::Over, Lang::Fr) => {
                "Cette réunion est passée : elle ne prend plus d'invitations."
            }
            (Self::Over, Lang::En) => "This meeting is over: invitations can no longer be sent.",
            (Self::PastDeadline, Lang::Fr) => {
                "La date limite des réponses est passée : les invités ne pourraient plus répondre."
            }
            (Self::PastDeadline, Lang::En) => {
                "The answers' deadline has passed: the people invited could no longer answer."
            }
        };
        AppError::Conflict(message.to_owned())
    }
}

/// Queues an invitation for everyone the meeting concerns who has not
/// answered yet (`db::invitations::audience`), in the recipient's language,
/// and returns how many were queued. Only the meeting's organizers invite,
/// to a scheduled meeting still to come whose deadline has not passed.
/// Inviting again queues nothing for people already invited to this version
/// of the meeting (the mail's key holds its sequence). Call it in a write
/// transaction: the invitations are queued all together or not at all.
pub fn invite(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    meeting_id: &str,
) -> Result<usize, AppError> {
    let listing = registrations::organized_meeting(conn, caller, meeting_id)?;
    let meeting = listing.meeting;
    let now = db::now();
    let not_now = match decode(&meeting.status)? {
        MeetingStatus::Draft => Some(NotNow::Draft),
        MeetingStatus::Cancelled => Some(NotNow::Cancelled),
        MeetingStatus::Scheduled if now >= meeting.ends_at => Some(NotNow::Over),
        MeetingStatus::Scheduled
            if now >= answers_close_at(meeting.rsvp_deadline, meeting.ends_at) =>
        {
            Some(NotNow::PastDeadline)
        }
        MeetingStatus::Scheduled => None,
    };
    if let Some(not_now) = not_now {
        return Err(not_now.error(caller.lang()));
    }
    let group = match decode(&meeting.kind)? {
        MeetingKind::WorkingGroupSession => meeting.working_group_id.as_deref(),
        MeetingKind::DecemberSession | MeetingKind::SpringPlenary => None,
    };
    let audience = db::invitations::audience(conn, &meeting.id, group)?;
    let mut queued = 0;
    for person in audience {
        let email = notices::invitation(settings, &meeting, &person)?;
        if mail::enqueue(conn, settings, &email)?.is_some() {
            queued += 1;
        }
    }
    Ok(queued)
}
