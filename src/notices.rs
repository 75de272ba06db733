//! The mails a change of answers causes, queued in the change's transaction.

use crate::db::DbConn;
use crate::db::meetings::Meeting;
use crate::db::rsvps::Participant;
use crate::domain::{decode, time};
use crate::emails::{self, RsvpFields, RsvpNotice};
use crate::error::AppError;
use crate::i18n::Lang;
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
        RsvpNotice::Promoted | RsvpNotice::Refused => None,
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

/// Tells each promoted person they have a seat. The key holds the instant
/// of the promotion, so each promotion is queued once.
pub fn promoted(
    conn: &mut DbConn,
    settings: &Settings,
    meeting: &Meeting,
    promoted: &[Participant],
) -> Result<(), AppError> {
    for p in promoted {
        let key = format!(
            "rsvp_promoted:{}:{}:{}",
            meeting.id,
            p.person.id,
            p.rsvp.updated_at.and_utc().timestamp_micros()
        );
        let email = emails::rsvp(
            &p.person,
            &fields(settings, meeting, p, RsvpNotice::Promoted)?,
            key,
        )?;
        crate::mail::enqueue(conn, settings, &email)?;
    }
    Ok(())
}

/// Tells a person the organizers' decision on their answer.
pub fn decided(
    conn: &mut DbConn,
    settings: &Settings,
    meeting: &Meeting,
    p: &Participant,
) -> Result<(), AppError> {
    let notice = match decode(&p.rsvp.approval)? {
        crate::domain::rsvp::Approval::Approved => RsvpNotice::Approved,
        crate::domain::rsvp::Approval::Refused => RsvpNotice::Refused,
        _ => return Ok(()),
    };
    let key = format!(
        "rsvp_decided:{}:{}:{}",
        meeting.id,
        p.person.id,
        p.rsvp.updated_at.and_utc().timestamp_micros()
    );
    let email = emails::rsvp(&p.person, &fields(settings, meeting, p, notice)?, key)?;
    crate::mail::enqueue(conn, settings, &email)?;
    Ok(())
}
