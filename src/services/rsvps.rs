//! Answering a meeting, as pages, the API and one-click links all do it:
//! who may answer whose RSVP, and when. The seats themselves are
//! `db::rsvps`; the rule, `domain::rsvps`.

use crate::db::meetings::{Meeting, MeetingListing};
use crate::db::people::Person;
use crate::db::rsvps::{Participant, Settled};
use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::rsvps::{CheckedAnswer, Closed};
use crate::domain::{MeetingKind, MeetingStatus, decode};
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::notices;
use crate::services::policy::Action;

/// Whether `caller` organizes this meeting (admins organize every one).
pub fn organizes(caller: &Caller, listing: &MeetingListing) -> bool {
    organizes_meeting(caller, &listing.meeting)
}

fn organizes_meeting(caller: &Caller, meeting: &Meeting) -> bool {
    decode::<MeetingKind>(&meeting.kind).is_ok_and(|kind| {
        caller.may(Action::OrganizeMeeting {
            kind,
            working_group_id: meeting.working_group_id.as_deref(),
        })
    })
}

/// The meeting, if `caller` may see it: drafts exist only for organizers.
pub fn visible_meeting(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    meeting_id: &str,
) -> Result<MeetingListing, AppError> {
    let listing = db::meetings::find(conn, meeting_id)?.ok_or(AppError::NotFound)?;
    require_visible(caller, &listing.meeting)?;
    Ok(listing)
}

fn require_visible(caller: Option<&Caller>, meeting: &Meeting) -> Result<(), AppError> {
    let draft = meeting.status == crate::domain::code(MeetingStatus::Draft);
    if draft && !caller.is_some_and(|c| organizes_meeting(c, meeting)) {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// The meeting, if `caller` organizes it (else 403 in `lang`, or 404 for a
/// draft).
pub fn organized_meeting(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
) -> Result<MeetingListing, AppError> {
    let listing = visible_meeting(conn, Some(caller), meeting_id)?;
    caller.require_in(
        Action::OrganizeMeeting {
            kind: decode(&listing.meeting.kind)?,
            working_group_id: listing.meeting.working_group_id.as_deref(),
        },
        lang,
    )?;
    Ok(listing)
}

/// Whether `caller` may enter the meeting's room: its organizers, people
/// with a seat, and for a working group's session the group's followers.
pub fn may_join(
    conn: &mut DbConn,
    caller: &Caller,
    listing: &MeetingListing,
) -> Result<bool, AppError> {
    if organizes(caller, listing) {
        return Ok(true);
    }
    let answer = db::rsvps::find(conn, &listing.meeting.id, &caller.person.id)?;
    may_join_answered(conn, caller, listing, answer.as_ref())
}

/// [`may_join`], `caller`'s answer already read.
fn may_join_answered(
    conn: &mut DbConn,
    caller: &Caller,
    listing: &MeetingListing,
    answer: Option<&Participant>,
) -> Result<bool, AppError> {
    if organizes(caller, listing) {
        return Ok(true);
    }
    let m = &listing.meeting;
    let seated = answer.is_some_and(|p| {
        p.rsvp.state == crate::domain::code(crate::domain::rsvps::RsvpState::Confirmed)
    });
    let follows = match (&m.working_group_id, decode::<MeetingKind>(&m.kind)?) {
        (Some(group), MeetingKind::WorkingGroupSession) => {
            db::working_groups::is_following(conn, &caller.person.id, group)?
        }
        _ => false,
    };
    Ok(seated || follows)
}

/// Refuses a change of answers `caller` may not make now: a meeting not
/// announced, cancelled or over; past the deadline, unless they organize it.
/// The refusal is in `lang`.
fn require_open(caller: &Caller, lang: Lang, m: &Meeting) -> Result<(), AppError> {
    match Closed::check(
        decode(&m.status)?,
        m.rsvp_deadline,
        m.ends_at,
        db::now(),
        organizes_meeting(caller, m),
    ) {
        Some(closed) => Err(closed.refusal(lang.answers_closed(closed))),
        None => Ok(()),
    }
}

/// Refuses `caller`'s change of their own answer: a draft they do not
/// organize (404), or a meeting closed to answers. Checked on the meeting
/// as locked for the change, so a cancellation or a new deadline committed
/// a moment before is seen.
pub(super) fn may_answer(caller: &Caller, lang: Lang, meeting: &Meeting) -> Result<(), AppError> {
    require_visible(Some(caller), meeting)?;
    require_open(caller, lang, meeting)
}

/// Refuses a change of someone else's answers unless `organizer` organizes
/// the meeting and it still takes changes.
fn organizer_may_change(
    conn: &mut DbConn,
    organizer: &Caller,
    lang: Lang,
    meeting_id: &str,
) -> Result<(), AppError> {
    let listing = organized_meeting(conn, organizer, lang, meeting_id)?;
    require_open(organizer, lang, &listing.meeting)
}

/// `caller`'s own answer. Call it in a write transaction.
pub fn answer(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    checked: &CheckedAnswer,
) -> Result<Participant, AppError> {
    let settled = db::rsvps::answer(conn, meeting_id, &caller.person, checked, |meeting| {
        may_answer(caller, lang, meeting)
    })
    .map_err(|e| lang.worded(e))?;
    answer_of(&tell(conn, settings, settled)?, &caller.person.id)
}

/// `caller` no longer comes: their answer becomes "no", keeping what they
/// wrote; returns whether there was one. Call it in a write transaction.
pub fn withdraw(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
) -> Result<bool, AppError> {
    let settled = db::rsvps::withdraw(conn, meeting_id, &caller.person.id, |meeting| {
        may_answer(caller, lang, meeting)
    })?;
    Ok(tell(conn, settings, settled)?.had_answer(&caller.person.id))
}

/// An organizer answers for someone else (a phone call, an e-mail), at any
/// time until the meeting ends. Call it in a write transaction.
pub fn answer_for(
    conn: &mut DbConn,
    settings: &Settings,
    organizer: &Caller,
    lang: Lang,
    meeting_id: &str,
    person: &Person,
    checked: &CheckedAnswer,
) -> Result<Participant, AppError> {
    organizer_may_change(conn, organizer, lang, meeting_id)?;
    let settled = db::rsvps::answer(conn, meeting_id, person, checked, |_| Ok(()))
        .map_err(|e| lang.worded(e))?;
    answer_of(&tell(conn, settings, settled)?, &person.id)
}

/// An organizer takes back someone's answer; that person is told the
/// organizers removed them. Call it in a write transaction.
pub fn withdraw_for(
    conn: &mut DbConn,
    settings: &Settings,
    organizer: &Caller,
    lang: Lang,
    meeting_id: &str,
    person_id: &str,
) -> Result<bool, AppError> {
    organizer_may_change(conn, organizer, lang, meeting_id)?;
    let settled = db::rsvps::remove_answer(conn, meeting_id, person_id)?;
    if person_id == organizer.person.id {
        return Ok(tell(conn, settings, settled)?.had_answer(person_id));
    }
    // the person did not withdraw: their mail says the organizers did
    notices::removed_by_organizers(conn, settings, &settled, person_id)?;
    Ok(settled.had_answer(person_id))
}

/// An organizer accepts or refuses an answer waiting for approval. Call it
/// in a write transaction.
pub fn decide(
    conn: &mut DbConn,
    settings: &Settings,
    organizer: &Caller,
    lang: Lang,
    meeting_id: &str,
    person_id: &str,
    approve: bool,
) -> Result<Participant, AppError> {
    organizer_may_change(conn, organizer, lang, meeting_id)?;
    let settled = db::rsvps::decide(conn, meeting_id, person_id, &organizer.person.id, approve)?;
    tell(conn, settings, settled)?
        .answer_of(person_id)
        .cloned()
        .ok_or(AppError::NotFound)
}

/// Places a meeting's answers again after its seat rules changed (more
/// seats, another quota): those who get a seat are told. Call it in the
/// write transaction that changed the meeting.
pub fn resettle(conn: &mut DbConn, settings: &Settings, meeting_id: &str) -> Result<(), AppError> {
    let settled = db::rsvps::resettle(conn, meeting_id)?;
    tell(conn, settings, settled).map(drop)
}

/// Queues the mails of everyone whose place a change of answers changed,
/// in the change's transaction.
fn tell(conn: &mut DbConn, settings: &Settings, settled: Settled) -> Result<Settled, AppError> {
    notices::answers_changed(conn, settings, &settled)?;
    Ok(settled)
}

fn answer_of(settled: &Settled, person_id: &str) -> Result<Participant, AppError> {
    settled
        .answer_of(person_id)
        .cloned()
        .ok_or_else(|| AppError::internal("the answer just written is missing"))
}

/// A meeting of someone's own, with their answer (none for a session of a
/// group they follow and have not answered).
#[derive(Debug, Clone)]
pub struct MyMeeting {
    pub listing: MeetingListing,
    pub answer: Option<Participant>,
    /// Whether it has a video room the caller may enter (coming ones only).
    pub video_room: bool,
}

/// How many coming and past meetings "my meetings" shows.
pub const MY_COMING: i64 = 10;
pub const MY_PAST: i64 = 5;

/// `caller`'s meetings, as their personal feed holds them (answered yes or
/// maybe, and the sessions of the groups they follow): the next
/// [`MY_COMING`] not over yet, and the last [`MY_PAST`] over, newest first;
/// each with the caller's answer and place in line.
pub fn my_meetings(
    conn: &mut DbConn,
    caller: &Caller,
) -> Result<(Vec<MyMeeting>, Vec<MyMeeting>), AppError> {
    use crate::db::meetings::{MeetingFilter, Participant as TakingPart};
    let me = &caller.person.id;
    let now = db::now();
    let mine = |filter: MeetingFilter| MeetingFilter {
        taken_part_by: Some(TakingPart::Person(me.clone())),
        ..filter
    };
    let coming = db::meetings::list(
        conn,
        &mine(MeetingFilter {
            ending_after: Some(now),
            limit: Some(MY_COMING),
            ..MeetingFilter::default()
        }),
    )?;
    let past = db::meetings::list(
        conn,
        &mine(MeetingFilter {
            ended_before: Some(now),
            limit: Some(MY_PAST),
            ..MeetingFilter::default()
        }),
    )?;
    let mut with_answers = |listings: Vec<MeetingListing>, coming: bool| {
        listings
            .into_iter()
            .map(|listing| {
                let answer = db::rsvps::find(conn, &listing.meeting.id, me)?;
                let video_room = coming
                    && db::rooms::find(conn, &listing.meeting.id)?
                        .is_some_and(|room| room.provider.is_some())
                    && may_join_answered(conn, caller, &listing, answer.as_ref())?;
                Ok(MyMeeting {
                    listing,
                    answer,
                    video_room,
                })
            })
            .collect::<Result<Vec<_>, AppError>>()
    };
    Ok((with_answers(coming, true)?, with_answers(past, false)?))
}
