//! A meeting's minutes, draft then published, as the minutes page and
//! `/api/v1/meetings/{id}/minutes` both drive them. Organizers write the
//! draft; publishing makes it the meeting's minutes and, the first time (or
//! when the organizer asks again), mails it to the meeting's participants and
//! its working group's followers, through the outbox in the same
//! transaction, with a dedupe key per mailing and person.

use chrono::NaiveDateTime;

use crate::db::attendance::SheetLine;
use crate::db::meetings::MeetingListing;
use crate::db::minutes::{self as rows, MinutesRow};
use crate::db::{self, DbConn};
use crate::domain::attendance::{MINUTES_MAX, MinutesState, Presence};
use crate::domain::error::{AppError, FieldError};
use crate::domain::time::{utc, zone};
use crate::domain::{Lang, decode};
use crate::infra::mail;
use crate::infra::settings::Settings;
use crate::services::caller::Caller;
use crate::services::emails::{self, MinutesFields};
use crate::services::rsvps::{organized_meeting, organizes, visible_meeting};

/// The minutes as one reader may see them.
#[derive(Debug, Clone)]
pub struct MinutesView {
    pub state: MinutesState,
    /// The published text (Markdown), empty while unpublished.
    pub published: String,
    pub published_at: Option<NaiveDateTime>,
    /// The draft, for organizers only.
    pub draft: Option<String>,
    /// Whether the draft differs from what is published (organizers only).
    pub unpublished_changes: Option<bool>,
    /// How many times the minutes were mailed (organizers only).
    pub mailings: Option<i32>,
    /// Whether the reader organizes the meeting.
    pub organizes: bool,
}

impl MinutesView {
    fn new(listing: &MeetingListing, row: Option<&MinutesRow>, organizes: bool) -> Self {
        let published = listing.meeting.minutes.clone();
        let draft = row
            .as_ref()
            .map_or_else(|| published.clone(), |r| r.draft.clone());
        let ever = row.as_ref().is_some_and(|r| r.published_at.is_some());
        let state = MinutesState::of(&draft, &published, ever);
        Self {
            state,
            published_at: row.as_ref().and_then(|r| r.published_at),
            unpublished_changes: organizes
                .then(|| state == MinutesState::Published && draft != published),
            mailings: organizes.then(|| row.as_ref().map_or(0, |r| r.mailings)),
            draft: organizes.then_some(draft),
            published,
            organizes,
        }
    }
}

/// The meeting and its minutes as `caller` may see them (404 for a draft
/// meeting they do not organize).
pub fn read(
    conn: &mut DbConn,
    caller: Option<&Caller>,
    meeting_id: &str,
) -> Result<(MeetingListing, MinutesView), AppError> {
    let listing = visible_meeting(conn, caller, meeting_id)?;
    let organizer = caller.is_some_and(|c| organizes(c, &listing));
    let row = rows::find(conn, meeting_id)?;
    let view = MinutesView::new(&listing, row.as_ref(), organizer);
    Ok((listing, view))
}

/// Refuses minutes longer than [`MINUTES_MAX`], naming `field`.
pub fn check_text(text: &str, field: &str, lang: Lang) -> Result<(), AppError> {
    if text.chars().count() > MINUTES_MAX {
        return Err(AppError::Invalid(vec![FieldError::new(
            field,
            lang.minutes_too_long(MINUTES_MAX),
        )]));
    }
    Ok(())
}

/// Saves the draft of a meeting `caller` organizes. Call it in a write
/// transaction.
pub fn save_draft(
    conn: &mut DbConn,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    text: &str,
) -> Result<MinutesView, AppError> {
    check_text(text, "draft", lang)?;
    organized_meeting(conn, caller, lang, meeting_id)?;
    rows::save_draft(conn, meeting_id, text, &caller.person.id)?;
    Ok(read(conn, Some(caller), meeting_id)?.1)
}

/// What publishing did: the minutes, and how many messages it queued.
#[derive(Debug, Clone)]
pub struct Publication {
    pub view: MinutesView,
    pub mailed: usize,
}

/// Publishes the draft of a meeting `caller` organizes; mails it the first
/// time, or again when `mail_again`. Without a draft, 409. Call it in a
/// write transaction.
pub fn publish(
    conn: &mut DbConn,
    settings: &Settings,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    mail_again: bool,
) -> Result<Publication, AppError> {
    let listing = organized_meeting(conn, caller, lang, meeting_id)?;
    let published = rows::publish(conn, meeting_id, &caller.person.id, mail_again)?
        .ok_or_else(|| AppError::Conflict(lang.texts().minutes.no_draft.to_owned()))?;
    let mut mailed = 0;
    if let Some(mailing) = published.mailing {
        let m = &listing.meeting;
        let tz = zone(&m.time_zone)?;
        let html = crate::infra::markdown::to_safe_html(&published.row.draft);
        for person in rows::recipients(conn, meeting_id, m.working_group_id.as_deref())? {
            let lang = Lang::from_code(&person.language);
            let fields = MinutesFields {
                name: &person.name,
                title: &m.title,
                when: lang.span(utc(m.starts_at), utc(m.ends_at), tz),
                text: &published.row.draft,
                html: &html,
                link: format!("{}/meetings/{}/minutes", settings.base_url, m.id),
                lang,
            };
            let key = format!("minutes:{}:{mailing}:{}", m.id, person.id);
            let email = emails::minutes(&person, &fields, key)?;
            if mail::enqueue(conn, settings, &email)?.is_some() {
                mailed += 1;
            }
        }
    }
    let view = read(conn, Some(caller), meeting_id)?.1;
    Ok(Publication { view, mailed })
}

/// One person on the minutes: named if they agreed to be named on public
/// pages or the reader organizes the meeting, else by their body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attendee {
    pub name: Option<String>,
    pub body: Option<String>,
}

/// The participants the minutes list.
#[derive(Debug, Clone)]
pub struct Attendees {
    /// Whether the organizers recorded the attendance; if not, the groups
    /// come from the answers (confirmed yes, by attendance).
    pub recorded: bool,
    /// Present in person, present remotely, excused: each with its people.
    pub groups: Vec<(Presence, Vec<Attendee>)>,
}

/// Who took part, for the minutes: the recorded attendance (present in
/// person, remotely, excused; absent people are left out), or before it is
/// recorded, the confirmed answers.
pub fn attendees(
    conn: &mut DbConn,
    meeting_id: &str,
    organizer: bool,
) -> Result<Attendees, AppError> {
    let lines = db::attendance::sheet(conn, meeting_id)?;
    let recorded = lines.iter().any(|l| l.recorded.is_some());
    let presence_of = |l: &SheetLine| -> Result<Option<Presence>, AppError> {
        if recorded {
            return l
                .recorded
                .as_ref()
                .map(|r| decode::<Presence>(&r.status))
                .transpose();
        }
        Ok(match &l.answer {
            Some((answer, attendance, _)) if answer == "yes" => Some(if attendance == "remote" {
                Presence::Remote
            } else {
                Presence::InPerson
            }),
            _ => None,
        })
    };
    let confirmed_ids: Vec<String> = if recorded {
        Vec::new()
    } else {
        db::rsvps::participants(conn, meeting_id)?
            .into_iter()
            .filter(|p| p.rsvp.state == "confirmed")
            .map(|p| p.person.id)
            .collect()
    };
    let mut groups: Vec<(Presence, Vec<Attendee>)> =
        [Presence::InPerson, Presence::Remote, Presence::Excused]
            .into_iter()
            .map(|p| (p, Vec::new()))
            .collect();
    for line in &lines {
        if !recorded && !confirmed_ids.contains(&line.person_id) {
            continue;
        }
        let Some(presence) = presence_of(line)? else {
            continue;
        };
        let Some((_, people)) = groups.iter_mut().find(|(p, _)| *p == presence) else {
            continue;
        };
        let named = organizer || line.answer.as_ref().is_some_and(|(_, _, listed)| *listed);
        let attendee = Attendee {
            name: named.then(|| line.name.clone()),
            body: line.body.as_ref().map(|b| b.name.clone()),
        };
        if attendee.name.is_none() && (attendee.body.is_none() || people.contains(&attendee)) {
            continue;
        }
        people.push(attendee);
    }
    Ok(Attendees { recorded, groups })
}
