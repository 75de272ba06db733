//! The organizers of a meeting write to the people who answered it, from
//! the message page and from `POST /api/v1/meetings/{id}/messages`: one
//! mail per person through the outbox, in the same transaction, each keyed
//! by the message's own key so that a form sent twice mails nobody twice.

use crate::db::rsvps::Participant;
use crate::db::{self, DbConn};
use crate::domain::Lang;
use crate::domain::decode;
use crate::domain::error::{AppError, FieldError};
use crate::domain::messages::{Audience, CheckedMessage, MessageInput};
use crate::domain::time::{utc, zone};
use crate::infra::mail;
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::emails::{self, MessageFields};
use crate::services::rsvps::organized_meeting;

/// The answers among `answers` that `audience` reaches.
fn reached(answers: &[Participant], audience: Audience) -> Result<Vec<&Participant>, AppError> {
    let mut reached = Vec::new();
    for p in answers {
        if audience.reaches(decode(&p.rsvp.answer)?, p.state()?) {
            reached.push(p);
        }
    }
    Ok(reached)
}

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
        sizes.push((audience, reached(&answers, audience)?.len()));
    }
    Ok((listing, sizes))
}

/// Sends the message `input` of `caller`, who organizes the meeting, to its
/// audience (an audience nobody is in is a field error); returns how many
/// mails were queued. `key` names this message
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
    let answers = db::rsvps::participants(conn, meeting_id)?;
    let recipients = reached(&answers, message.audience)?;
    if recipients.is_empty() {
        // nothing would be sent: say so, rather than "sent" to nobody
        return Err(AppError::Invalid(vec![FieldError::new(
            "audience",
            lang.texts().messages.nobody,
        )]));
    }
    let mut queued = 0;
    for p in recipients {
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
