//! The mails a change of answers or of a meeting causes, queued in the
//! change's transaction. Whoever gets a seat receives the meeting as an
//! iCalendar REQUEST (iMIP), whoever loses it a CANCEL; a change of time,
//! place or title reaches every confirmed participant as a REQUEST with the
//! new SEQUENCE, a cancelled meeting as a CANCEL. Waitlisted people get no
//! calendar object until they have a seat.

use crate::calendar::feed::event;
use crate::calendar::ics::{CalendarHead, Method, Party, calendar};
use crate::db::DbConn;
use crate::db::meetings::{Meeting, MeetingListing};
use crate::db::rsvps::Participant;
use crate::domain::rsvp::{Approval, RsvpState};
use crate::domain::{MeetingStatus, code, time};
use crate::emails::{self, RsvpFields, RsvpNotice};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::mail::CalendarPart;
use crate::settings::Settings;
use crate::web::views::{utc, zone};

fn fields<'a>(
    settings: &Settings,
    meeting: &'a Meeting,
    p: &'a Participant,
    notice: RsvpNotice,
) -> Result<RsvpFields<'a>, AppError> {
    let lang = Lang::from_code(&p.person.language);
    let tz = zone(&meeting.time_zone)?;
    let venue = meeting.venue_name.as_ref().map(|name| {
        [
            Some(name),
            meeting.venue_address.as_ref(),
            meeting.venue_city.as_ref(),
        ]
        .into_iter()
        .flatten()
        .cloned()
        .collect::<Vec<_>>()
        .join(", ")
    });
    let state = match notice {
        RsvpNotice::Approved => Some(lang.rsvp_state(p.state()?)),
        _ => None,
    };
    Ok(RsvpFields {
        notice,
        name: &p.person.name,
        title: &meeting.title,
        when: time::span(utc(meeting.starts_at), utc(meeting.ends_at), tz, lang),
        venue,
        state,
        link: format!("{}/meetings/{}", settings.base_url, meeting.id),
        lang,
    })
}

/// The meeting as an invitation (REQUEST) or cancellation (CANCEL) for one
/// participant.
fn invitation(
    settings: &Settings,
    listing: &MeetingListing,
    p: &Participant,
    method: Method,
) -> Result<CalendarPart, AppError> {
    let lang = Lang::from_code(&p.person.language);
    let mut e = event(listing, settings, lang)?;
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

fn send(
    conn: &mut DbConn,
    settings: &Settings,
    listing: &MeetingListing,
    p: &Participant,
    notice: RsvpNotice,
    method: Option<Method>,
    key: String,
) -> Result<(), AppError> {
    let calendar = method
        .map(|m| invitation(settings, listing, p, m))
        .transpose()?;
    let fields = fields(settings, &listing.meeting, p, notice)?;
    let email = emails::rsvp(&p.person, &fields, calendar, key)?;
    crate::mail::enqueue(conn, settings, &email)?;
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
        _ => None,
    }
}

/// Tells everyone whose place changed between `before` and `after` (the
/// answers of one meeting around one change).
pub fn answers_changed(
    conn: &mut DbConn,
    settings: &Settings,
    meeting_id: &str,
    before: &[Participant],
    after: &[Participant],
) -> Result<(), AppError> {
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
        let Some((notice, method)) = notice_for(b, a) else {
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
        send(conn, settings, listing, p, notice, method, key)?;
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
