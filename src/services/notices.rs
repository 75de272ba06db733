//! The mails a change of answers or of a meeting causes, queued in the
//! change's transaction. Whoever gets a seat receives the meeting as an
//! iCalendar REQUEST (iMIP), whoever loses it a CANCEL; a change of time,
//! place or title reaches every confirmed participant as a REQUEST with the
//! new SEQUENCE, a cancelled meeting as a CANCEL. Waitlisted people get no
//! calendar object until they have a seat. Invitations carry one-click
//! answer links, and no calendar object: the meeting reaches a calendar
//! once the person has a seat.

use crate::db::DbConn;
use crate::db::meetings::{Meeting, MeetingListing};
use crate::db::people::Person;
use crate::db::rooms::Room;
use crate::db::rsvps::{Participant, Settled};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::rsvps::RsvpNotice;
use crate::domain::rsvps::{Answer, Approval, RsvpState};
use crate::domain::time::{utc, zone};
use crate::domain::{MeetingStatus, code, decode};
use crate::infra::calendar::ics::{CalendarHead, Method, Party, calendar};
use crate::infra::mail::{CalendarPart, Email};
use crate::infra::settings::Settings;
use crate::services::emails::{self, InvitationFields, RsvpFields};
use crate::services::feeds::event;
use crate::services::links;

/// `person_id`'s personal join link, when the meeting has a video room.
fn join_link(settings: &Settings, room: Option<&Room>, person_id: &str) -> Option<String> {
    room.filter(|r| r.provider.is_some())
        .map(|r| links::personal_link(settings, &r.meeting_id, person_id))
}

fn fields<'a>(
    settings: &Settings,
    meeting: &'a Meeting,
    p: &'a Participant,
    notice: RsvpNotice,
    join: Option<String>,
    registered_by: Option<&str>,
) -> Result<RsvpFields<'a>, AppError> {
    let lang = Lang::from_code(&p.person.language);
    let tz = zone(&meeting.time_zone)?;
    let venue = venue_line(meeting);
    let state = match (notice, p.waitlist_position) {
        (RsvpNotice::Waitlisted, Some(n)) => Some(lang.waitlist_rank(n)),
        (RsvpNotice::Approved | RsvpNotice::Waitlisted, _) => {
            Some(lang.rsvp_state(p.state()?).to_owned())
        }
        _ => None,
    };
    // the way in, for those who come to the room
    let directions = meeting
        .venue_directions
        .clone()
        .filter(|_| p.rsvp.attendance == code(crate::domain::rsvps::Attendance::InPerson));
    Ok(RsvpFields {
        notice,
        name: &p.person.name,
        title: &meeting.title,
        when: lang.span(utc(meeting.starts_at), utc(meeting.ends_at), tz),
        venue,
        directions,
        state,
        link: format!("{}/meetings/{}", settings.base_url, meeting.id),
        join,
        registered_by: registered_by.map(str::to_owned),
        lang,
    })
}

/// The venue on one line: name, address, city.
pub fn venue_line(meeting: &Meeting) -> Option<String> {
    meeting.venue_name.as_ref().map(|name| {
        [
            Some(name),
            meeting.venue_address.as_ref(),
            meeting.venue_city.as_ref(),
        ]
        .into_iter()
        .flatten()
        .filter(|part| !part.trim().is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
    })
}

/// Characters of the agenda an invitation quotes.
const AGENDA_EXCERPT_CHARS: usize = 600;

/// The start of an agenda, cut at a line (or else a word) before `max`
/// characters, with an ellipsis when something was left out.
pub fn excerpt(text: &str, max: usize) -> Option<String> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    if text.chars().count() <= max {
        return Some(text.to_owned());
    }
    let cut = text
        .char_indices()
        .nth(max)
        .map_or(text.len(), |(at, _)| at);
    let head = &text[..cut];
    let end = head
        .rfind('\n')
        .or_else(|| head.rfind(' '))
        .filter(|&at| at > 0)
        .unwrap_or(cut);
    Some(format!("{} …", head[..end].trim_end()))
}

/// The invitation of `person` to `meeting`, with their own one-click answer
/// links. Its key holds the meeting's sequence: inviting twice queues
/// nothing new until the meeting changes.
pub fn invitation(
    settings: &Settings,
    meeting: &Meeting,
    room: Option<&Room>,
    person: &Person,
) -> Result<Email, AppError> {
    let lang = Lang::from_code(&person.language);
    let tz = zone(&meeting.time_zone)?;
    let token = links::sign(&settings.secret_key, &meeting.id, &person.id)
        .ok_or_else(|| AppError::internal("a person's id is not a UUID"))?;
    let page = format!("{}/meetings/{}", settings.base_url, meeting.id);
    let answer = |answer: Answer| format!("{page}/answer/{token}?answer={}", code(answer));
    let deadline = meeting.rsvp_deadline.map(|deadline| {
        let local = utc(deadline).with_timezone(&tz).naive_local();
        format!("{}, {}", lang.date(local.date()), lang.clock(local))
    });
    let fields = InvitationFields {
        name: &person.name,
        title: &meeting.title,
        when: lang.span(utc(meeting.starts_at), utc(meeting.ends_at), tz),
        format: lang.meeting_format(decode(&meeting.format)?),
        venue: venue_line(meeting),
        deadline,
        agenda: excerpt(&meeting.agenda, AGENDA_EXCERPT_CHARS),
        yes: answer(Answer::Yes),
        maybe: answer(Answer::Maybe),
        no: answer(Answer::No),
        page,
        join: join_link(settings, room, &person.id),
        lang,
    };
    let key = format!(
        "invitation:{}:{}:{}",
        meeting.id, person.id, meeting.sequence
    );
    emails::invitation(person, &fields, key)
}

/// The meeting as an invitation (REQUEST) or cancellation (CANCEL) for one
/// participant.
fn calendar_part(
    conn: &mut DbConn,
    settings: &Settings,
    listing: &MeetingListing,
    room: Option<&Room>,
    p: &Participant,
    method: Method,
) -> Result<CalendarPart, AppError> {
    let lang = Lang::from_code(&p.person.language);
    let mut e = event(
        listing,
        room.zip(Some(p.person.id.as_str())),
        settings,
        lang,
    )?;
    // the message's own time: orders it after the earlier ones of the
    // same SEQUENCE (yes, withdrawn, yes again)
    e.stamped_at =
        crate::db::invitations::next_calendar_stamp(conn, &listing.meeting.id, &p.person.id)?
            .and_utc();
    e.attendee = Some(Party {
        name: p.person.name.clone(),
        email: p.person.email.clone(),
    });
    let head = CalendarHead {
        name: listing.meeting.title.clone(),
        refresh: chrono::Duration::hours(1),
    };
    Ok(CalendarPart {
        method: method.as_str().to_owned(),
        ics: calendar(&head, method, &[e]),
    })
}

/// Queues one message about `p`'s place at the meeting (with the meeting
/// as a calendar part when `method` says so).
pub fn send(
    conn: &mut DbConn,
    settings: &Settings,
    listing: &MeetingListing,
    p: &Participant,
    notice: RsvpNotice,
    method: Option<Method>,
    key: String,
) -> Result<(), AppError> {
    send_as(conn, settings, listing, p, notice, method, key, None)
}

/// [`send`], saying who registered `p` when a colleague did.
#[allow(clippy::too_many_arguments)]
fn send_as(
    conn: &mut DbConn,
    settings: &Settings,
    listing: &MeetingListing,
    p: &Participant,
    notice: RsvpNotice,
    method: Option<Method>,
    key: String,
    registered_by: Option<&str>,
) -> Result<(), AppError> {
    // the join link and bridge: the person has a seat (or the meeting
    // is withdrawn from them, and a CANCEL needs none)
    let room = if method == Some(Method::Request) || notice.holds_seat() {
        crate::db::rooms::find(conn, &listing.meeting.id)?
    } else {
        None
    };
    let calendar = method
        .map(|m| {
            let room = room.as_ref().filter(|_| m == Method::Request);
            calendar_part(conn, settings, listing, room, p, m)
        })
        .transpose()?;
    let seated = method == Some(Method::Request) || notice.holds_seat();
    let join = join_link(settings, room.as_ref(), &p.person.id).filter(|_| seated);
    let fields = fields(settings, &listing.meeting, p, notice, join, registered_by)?;
    let email = emails::rsvp(&p.person, &fields, calendar, key)?;
    crate::infra::mail::enqueue(conn, settings, &email)?;
    Ok(())
}

fn is(p: &Participant, state: RsvpState) -> bool {
    p.rsvp.state == code(state)
}

/// What one person is told after a change of answers, if anything: seeing
/// their answer before and after.
fn notice_for(
    before: Option<&Participant>,
    after: Option<&Participant>,
) -> Option<(RsvpNotice, Option<Method>)> {
    let had_seat = before.is_some_and(|b| is(b, RsvpState::Confirmed));
    let has_seat = after.is_some_and(|a| is(a, RsvpState::Confirmed));
    let approval_now = |a: Approval| {
        after.is_some_and(|p| p.rsvp.approval == code(a))
            && before.is_none_or(|p| p.rsvp.approval != code(a))
    };
    if approval_now(Approval::Refused) {
        return Some((RsvpNotice::Refused, had_seat.then_some(Method::Cancel)));
    }
    match (had_seat, has_seat) {
        (false, true) => {
            let waited = before.is_some_and(|b| is(b, RsvpState::Waitlisted))
                && after.zip(before).is_some_and(|(a, b)| {
                    a.rsvp.answer == b.rsvp.answer && a.rsvp.attendance == b.rsvp.attendance
                });
            let notice = if approval_now(Approval::Approved) {
                RsvpNotice::Approved
            } else if waited {
                RsvpNotice::Promoted
            } else {
                RsvpNotice::Confirmed
            };
            Some((notice, Some(Method::Request)))
        }
        (true, false) => Some((RsvpNotice::Withdrawn, Some(Method::Cancel))),
        _ if approval_now(Approval::Approved) => Some((RsvpNotice::Approved, None)),
        // a new place in line (a new "yes", or another attendance), not
        // one kept while the answer's texts changed
        (false, false) if after.is_some_and(|a| is(a, RsvpState::Waitlisted)) => {
            let same_line = before.zip(after).is_some_and(|(b, a)| {
                is(b, RsvpState::Waitlisted) && b.rsvp.waitlist_ticket == a.rsvp.waitlist_ticket
            });
            (!same_line).then_some((RsvpNotice::Waitlisted, None))
        }
        _ => None,
    }
}

/// Tells everyone whose place changed between the answers before and after
/// one change of a meeting's answers.
pub fn answers_changed(
    conn: &mut DbConn,
    settings: &Settings,
    settled: &Settled,
) -> Result<(), AppError> {
    tell_changes(conn, settings, settled, None, None)
}

/// [`answers_changed`], after a colleague registered `person_id`: their
/// mail says `by` (the colleague's name) did.
pub fn registered_by_colleague(
    conn: &mut DbConn,
    settings: &Settings,
    settled: &Settled,
    person_id: &str,
    by: &str,
) -> Result<(), AppError> {
    tell_changes(conn, settings, settled, None, Some((person_id, by)))
}

/// Tells `removed` that the organizers took their answer back (with a
/// CANCEL when it held a seat), not as if they had withdrawn it
/// themselves; and everyone else whose place the removal changed, as
/// `answers_changed` does.
pub fn removed_by_organizers(
    conn: &mut DbConn,
    settings: &Settings,
    settled: &Settled,
    removed: &str,
) -> Result<(), AppError> {
    tell_changes(conn, settings, settled, Some(removed), None)
}

fn tell_changes(
    conn: &mut DbConn,
    settings: &Settings,
    settled: &Settled,
    removed: Option<&str>,
    registrar: Option<(&str, &str)>,
) -> Result<(), AppError> {
    let Settled {
        meeting_id,
        before,
        after,
    } = settled;
    let mut listing = None;
    let people = before.iter().chain(after).map(|p| &p.person.id);
    let mut seen: Vec<&String> = Vec::new();
    for person in people {
        if seen.contains(&person) {
            continue;
        }
        seen.push(person);
        let b = before.iter().find(|p| &p.person.id == person);
        let a = after.iter().find(|p| &p.person.id == person);
        let told = if removed == Some(person.as_str()) {
            b.map(|b| {
                let had_seat = is(b, RsvpState::Confirmed);
                (RsvpNotice::Removed, had_seat.then_some(Method::Cancel))
            })
        } else {
            notice_for(b, a)
        };
        let Some((notice, method)) = told else {
            continue;
        };
        let listing = match &listing {
            Some(listing) => listing,
            None => listing
                .insert(crate::db::meetings::find(conn, meeting_id)?.ok_or(AppError::NotFound)?),
        };
        // the person as they are now (or were, when their answer is gone)
        let Some(p) = a.or(b) else { continue };
        let key = format!(
            "{}:{meeting_id}:{person}:{}",
            notice.kind(),
            crate::db::now().and_utc().timestamp_micros()
        );
        let registered_by = registrar
            .filter(|(registered, _)| registered == person)
            .map(|(_, by)| by);
        send_as(
            conn,
            settings,
            listing,
            p,
            notice,
            method,
            key,
            registered_by,
        )?;
    }
    Ok(())
}

/// Sends the meeting as it is now to every confirmed participant: an update
/// (REQUEST), or a CANCEL when it is called off. Queued once per sequence,
/// so calling it again for the same change sends nothing more.
pub fn meeting_changed(
    conn: &mut DbConn,
    settings: &Settings,
    meeting_id: &str,
) -> Result<(), AppError> {
    let listing = crate::db::meetings::find(conn, meeting_id)?.ok_or(AppError::NotFound)?;
    let (notice, method) = match listing.meeting.status.as_str() {
        s if s == code(MeetingStatus::Cancelled) => (RsvpNotice::Cancelled, Method::Cancel),
        s if s == code(MeetingStatus::Draft) => return Ok(()),
        _ => (RsvpNotice::Changed, Method::Request),
    };
    for p in crate::db::rsvps::participants(conn, meeting_id)? {
        if !is(&p, RsvpState::Confirmed) {
            continue;
        }
        let key = format!(
            "{}:{meeting_id}:{}:{}",
            notice.kind(),
            p.person.id,
            listing.meeting.sequence
        );
        send(conn, settings, &listing, &p, notice, Some(method), key)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::excerpt;

    #[test]
    fn an_agenda_excerpt_ends_at_a_line() {
        assert_eq!(excerpt("  \n ", 10), None);
        assert_eq!(
            excerpt("1. Tour de table\n", 100).as_deref(),
            Some("1. Tour de table")
        );
        assert_eq!(
            excerpt("1. Tour de table\n2. Activités du club", 25).as_deref(),
            Some("1. Tour de table …")
        );
        assert_eq!(
            excerpt("Tour de table des collectivités", 12).as_deref(),
            Some("Tour de …")
        );
        assert_eq!(excerpt("éééééééééé", 3).as_deref(), Some("ééé …"));
    }
}
