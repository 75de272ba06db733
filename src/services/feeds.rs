//! Meetings as calendar events, and the version of a feed (its ETag).

use sha2::{Digest, Sha256};

use crate::db::meetings::MeetingListing;
use crate::db::rooms::Room;
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::time::{utc, zone};
use crate::domain::{MeetingKind, MeetingStatus, decode};
use crate::infra::calendar::ics::{CalendarEvent, EventStatus, Party};
use crate::infra::settings::Settings;
use crate::services::links;

/// The club as organizer of every event: the address mail comes from.
pub fn organizer(settings: &Settings) -> Party {
    match settings.mail.from.parse::<lettre::message::Mailbox>() {
        Ok(mailbox) => Party {
            name: mailbox.name.unwrap_or_default(),
            email: mailbox.email.to_string(),
        },
        Err(_) => Party {
            name: String::new(),
            email: settings.mail.from.clone(),
        },
    }
}

/// One meeting as a calendar event, its words in `lang`. `room`, given
/// only for a reader entitled to it (a personal feed, an invitation) with
/// the reader's person id, adds their personal join link (the join
/// gateway's) and the phone bridge — never the room's own address.
pub fn event(
    listing: &MeetingListing,
    room: Option<(&Room, &str)>,
    settings: &Settings,
    lang: Lang,
) -> Result<CalendarEvent, AppError> {
    let m = &listing.meeting;
    let kind: MeetingKind = decode(&m.kind)?;
    let status: MeetingStatus = decode(&m.status)?;
    let url = format!("{}/meetings/{}", settings.base_url, m.id);
    let more = lang.texts().calendar.event_more;
    let mut description = if m.agenda.trim().is_empty() {
        format!("{more} : {url}")
    } else {
        format!("{}\n\n{more} : {url}", m.agenda.trim())
    };
    if let Some((room, reader)) = room {
        let words = &lang.texts().calendar;
        let (join, phone, code) = (words.event_join, words.event_phone, words.event_code);
        if room.provider.is_some() {
            let link = links::personal_link(settings, &m.id, reader);
            description.push_str(&format!("\n{join} : {link}"));
        }
        if let Some(number) = &room.dial_in_number {
            description.push_str(&format!("\n{phone} : {number}"));
            if let Some(pin) = &room.dial_in_pin {
                description.push_str(&format!(", {code} {pin}"));
            }
        }
    }
    let location = [&m.venue_name, &m.venue_address, &m.venue_city]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(", ");
    let mut categories = vec![lang.meeting_kind(kind).to_owned()];
    if let Some((_, group)) = &listing.working_group {
        categories.push(group.clone());
    }
    Ok(CalendarEvent {
        uid: format!(
            "{}@{}",
            m.id,
            crate::infra::mail::message_id_host(&settings.base_url)
        ),
        sequence: m.sequence,
        changed_at: utc(m.updated_at),
        created_at: utc(m.created_at),
        starts_at: utc(m.starts_at),
        ends_at: utc(m.ends_at),
        zone: zone(&m.time_zone)?,
        summary: m.title.clone(),
        description,
        location: (!location.is_empty()).then_some(location),
        geo: m.venue_latitude.zip(m.venue_longitude),
        url,
        status: if status == MeetingStatus::Cancelled {
            EventStatus::Cancelled
        } else {
            EventStatus::Confirmed
        },
        categories,
        organizer: organizer(settings),
        attendee: None,
    })
}

/// A feed's version: changes whenever a meeting in it changes, one joins or
/// leaves it, or its name or language changes — computed from the rows,
/// without writing the calendar. Quoted, as a strong ETag.
pub fn etag(name: &str, lang: Lang, listings: &[MeetingListing], rooms: &[Room]) -> String {
    let mut hash = Sha256::new();
    hash.update(name.as_bytes());
    hash.update([0]);
    hash.update(lang.code().as_bytes());
    for l in listings {
        let m = &l.meeting;
        hash.update([0]);
        hash.update(m.id.as_bytes());
        hash.update(m.sequence.to_be_bytes());
        hash.update(m.updated_at.and_utc().timestamp_micros().to_be_bytes());
        // names of the group shown in CATEGORIES
        if let Some((_, group)) = &l.working_group {
            hash.update(group.as_bytes());
        }
    }
    for room in rooms {
        hash.update([1]);
        hash.update(room.meeting_id.as_bytes());
        hash.update(room.updated_at.and_utc().timestamp_micros().to_be_bytes());
    }
    format!("\"{}\"", &hex::encode(hash.finalize())[..32])
}
