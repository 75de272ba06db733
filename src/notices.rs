//! The mails about meetings and answers: invitations, and those a change
//! of answers causes (queued in the change's transaction).

use crate::auth::answer_links;
use crate::db::DbConn;
use crate::db::meetings::Meeting;
use crate::db::people::Person;
use crate::db::rsvps::Participant;
use crate::domain::rsvp::Answer;
use crate::domain::{code, decode, time};
use crate::emails::{self, InvitationFields, RsvpFields, RsvpNotice};
use crate::error::AppError;
use crate::i18n::Lang;
use crate::mail::Email;
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
    let venue = venue_line(meeting);
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

/// The venue on one line: name, address, city.
fn venue_line(meeting: &Meeting) -> Option<String> {
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
    person: &Person,
) -> Result<Email, AppError> {
    let lang = Lang::from_code(&person.language);
    let tz = zone(&meeting.time_zone)?;
    let token = answer_links::sign(&settings.secret_key, &meeting.id, &person.id)
        .ok_or_else(|| AppError::internal("a person's id is not a UUID"))?;
    let page = format!("{}/meetings/{}", settings.base_url, meeting.id);
    let answer = |answer: Answer| format!("{page}/answer/{token}?answer={}", code(answer));
    let deadline = meeting.rsvp_deadline.map(|deadline| {
        let local = utc(deadline).with_timezone(&tz).naive_local();
        format!(
            "{}, {}",
            time::date(local.date(), lang),
            time::clock(local, lang)
        )
    });
    let fields = InvitationFields {
        name: &person.name,
        title: &meeting.title,
        when: time::span(utc(meeting.starts_at), utc(meeting.ends_at), tz, lang),
        format: lang.meeting_format(decode(&meeting.format)?),
        venue: venue_line(meeting),
        deadline,
        agenda: excerpt(&meeting.agenda, AGENDA_EXCERPT_CHARS),
        yes: answer(Answer::Yes),
        maybe: answer(Answer::Maybe),
        no: answer(Answer::No),
        page,
        lang,
    };
    let key = format!(
        "invitation:{}:{}:{}",
        meeting.id, person.id, meeting.sequence
    );
    emails::invitation(person, &fields, key)
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
