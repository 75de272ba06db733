//! The organizers of a meeting write to the people who answered it, from
//! the message page and from `POST /api/v1/meetings/{id}/messages`: one
//! mail per person through the outbox, in the same transaction, each keyed
//! by the message's own key so that a form sent twice mails nobody twice.

use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::messages::{Audience, CheckedMessage, MessageInput};
use crate::domain::time::{utc, zone};
use crate::infra::mail;
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::emails::{self, MessageFields};
use crate::services::rsvps::organized_meeting;

/// How many people each audience reaches now, for the form.
pub fn audience_sizes(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
) -> Result<(db::meetings::MeetingListing, Vec<(Audience, usize)>), AppError> {
    let listing = organized_meeting(conn, caller, lang, meeting_id)?;
    let answers = db::rsvps::participants(conn, meeting_id)?;
    let mut sizes = Vec::new();
    for audience in [
        Audience::Participants,
        Audience::Waiting,
        Audience::Everyone,
    ] {
        let mut n = 0;
        for p in &answers {
            if audience.reaches(crate::domain::decode(&p.rsvp.answer)?, p.state()?) {
                n += 1;
            }
        }
        sizes.push((audience, n));
    }
    Ok((listing, sizes))
}

/// Sends the message `input` of `caller`, who organizes the meeting, to its
/// audience; returns how many mails were queued. `key` names this message
/// (the form's own, or the API caller's): sending the same key again
/// queues nothing. Bad input is refused field by field, in `lang`. Call it
/// in a write transaction.
pub fn send(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    input: &MessageInput,
    key: &str,
) -> Result<usize, AppError> {
    let listing = organized_meeting(conn, caller, lang, meeting_id)?;
    let message =
        CheckedMessage::parse(input).map_err(|p| AppError::Invalid(lang.field_errors(p)))?;
    let m = &listing.meeting;
    let tz = zone(&m.time_zone)?;
    let mut queued = 0;
    for p in db::rsvps::participants(conn, meeting_id)? {
        if !message
            .audience
            .reaches(crate::domain::decode(&p.rsvp.answer)?, p.state()?)
        {
            continue;
        }
        let lang = Lang::from_code(&p.person.language);
        let fields = MessageFields {
            name: &p.person.name,
            title: &m.title,
            when: lang.span(utc(m.starts_at), utc(m.ends_at), tz),
            subject: &message.subject,
            body: &message.body,
            from_name: &caller.person.name,
            from_email: &caller.person.email,
            link: format!("{}/meetings/{}", settings.base_url, m.id),
            lang,
        };
        let dedupe = format!("message:{}:{key}:{}", m.id, p.person.id);
        if mail::enqueue(
            conn,
            settings,
            &emails::message(&p.person, &fields, dedupe)?,
        )?
        .is_some()
        {
            queued += 1;
        }
    }
    Ok(queued)
}
