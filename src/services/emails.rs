//! The messages quorum sends, rendered from `templates/email/<name>/` in the
//! recipient's language (French first, English when they chose it).

use askama::Template;

use crate::db::people::Person;
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::domain::hosting::HostingNotice;
use crate::domain::rsvps::RsvpNotice;
use crate::infra::mail::{CalendarPart, Email};

fn rendered(template: &impl Template) -> Result<String, AppError> {
    template
        .render()
        .map_err(|e| AppError::internal(format!("email template: {e}")))
}

/// The fields of the sign-in message.
#[derive(Debug)]
pub struct SigninFields<'a> {
    /// Whom it greets.
    pub name: &'a str,
    /// The one-time link.
    pub link: &'a str,
    /// How long the link lasts.
    pub minutes: i64,
    /// The recipient's language.
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "email/signin/subject.txt")]
struct SigninSubject<'a> {
    m: &'a SigninFields<'a>,
}

#[derive(Template)]
#[template(path = "email/signin/body.txt")]
struct SigninText<'a> {
    m: &'a SigninFields<'a>,
}

#[derive(Template)]
#[template(path = "email/signin/body.html")]
struct SigninHtml<'a> {
    m: &'a SigninFields<'a>,
}

/// The sign-in link, for `person`.
pub fn signin(person: &Person, link: &str, minutes: i64) -> Result<Email, AppError> {
    let fields = SigninFields {
        name: &person.name,
        link,
        minutes,
        lang: Lang::from_code(&person.language),
    };
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject: rendered(&SigninSubject { m: &fields })?.trim().to_owned(),
        text: rendered(&SigninText { m: &fields })?,
        html: Some(rendered(&SigninHtml { m: &fields })?),
        kind: "signin",
        dedupe_key: None,
        calendar: None,
    })
}

/// The fields of a message about a person's place at a meeting.
#[derive(Debug)]
pub struct RsvpFields<'a> {
    pub notice: RsvpNotice,
    pub name: &'a str,
    pub title: &'a str,
    /// The meeting's times, in its zone and the recipient's language.
    pub when: String,
    pub venue: Option<String>,
    /// How to get there, for those who come in person.
    pub directions: Option<String>,
    /// Where the answer stands (after an approval: confirmed, waitlisted;
    /// in line: its place).
    pub state: Option<String>,
    /// The meeting's page.
    pub link: String,
    /// The recipient's personal join link, when the meeting has a video
    /// room and they have a seat.
    pub join: Option<String>,
    /// Who registered the recipient, when a colleague did.
    pub registered_by: Option<String>,
    pub lang: Lang,
}

/// What the templates show.
struct RsvpWords<'a> {
    f: &'a RsvpFields<'a>,
    lead: String,
    seat_hint: bool,
    /// Who registered the recipient, in a sentence.
    registered: Option<String>,
}

#[derive(Template)]
#[template(path = "email/rsvp/body.txt")]
struct RsvpText<'a> {
    m: &'a RsvpWords<'a>,
}

#[derive(Template)]
#[template(path = "email/rsvp/body.html")]
struct RsvpHtml<'a> {
    m: &'a RsvpWords<'a>,
}

/// A message about `person`'s place at a meeting, with its calendar part
/// (REQUEST or CANCEL) if any; `dedupe_key` makes it queued once.
pub fn rsvp(
    person: &Person,
    fields: &RsvpFields<'_>,
    calendar: Option<CalendarPart>,
    dedupe_key: String,
) -> Result<Email, AppError> {
    let (subject, lead) = fields.lang.rsvp_notice(fields.notice, fields.title);
    let words = RsvpWords {
        f: fields,
        lead,
        seat_hint: fields.notice.holds_seat(),
        registered: fields
            .registered_by
            .as_deref()
            .map(|by| fields.lang.registered_by(by)),
    };
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject,
        text: rendered(&RsvpText { m: &words })?,
        html: Some(rendered(&RsvpHtml { m: &words })?),
        kind: fields.notice.kind(),
        dedupe_key: Some(dedupe_key),
        calendar,
    })
}

/// The fields of an invitation.
#[derive(Debug)]
pub struct InvitationFields<'a> {
    pub name: &'a str,
    pub title: &'a str,
    /// The meeting's times, in its zone and the recipient's language.
    pub when: String,
    /// In person, remote or hybrid, in words.
    pub format: &'static str,
    pub venue: Option<String>,
    /// Until when the recipient may answer, in the meeting's zone.
    pub deadline: Option<String>,
    /// The start of the agenda, as the organizers wrote it (Markdown).
    pub agenda: Option<String>,
    /// The recipient's one-click links.
    pub yes: String,
    pub maybe: String,
    pub no: String,
    /// The meeting's page.
    pub page: String,
    /// The recipient's personal join link, when the meeting has a video
    /// room (it opens for them once they have a seat).
    pub join: Option<String>,
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "email/invitation/subject.txt")]
struct InvitationSubject<'a> {
    m: &'a InvitationFields<'a>,
}

#[derive(Template)]
#[template(path = "email/invitation/body.txt")]
struct InvitationText<'a> {
    m: &'a InvitationFields<'a>,
}

#[derive(Template)]
#[template(path = "email/invitation/body.html")]
struct InvitationHtml<'a> {
    m: &'a InvitationFields<'a>,
}

/// An invitation of `person`; `dedupe_key` makes it queued once.
pub fn invitation(
    person: &Person,
    fields: &InvitationFields<'_>,
    dedupe_key: String,
) -> Result<Email, AppError> {
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject: one_line(&rendered(&InvitationSubject { m: fields })?),
        text: rendered(&InvitationText { m: fields })?,
        html: Some(rendered(&InvitationHtml { m: fields })?),
        kind: "invitation",
        dedupe_key: Some(dedupe_key),
        calendar: None,
    })
}

/// The fields of the message telling a poll's answerer the date chosen.
#[derive(Debug)]
pub struct DateChosenFields<'a> {
    pub name: &'a str,
    /// The poll's title.
    pub title: &'a str,
    /// The chosen slot, in the poll's zone and the recipient's language.
    pub when: String,
    /// The scheduled meeting's page.
    pub page: String,
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "email/date_chosen/subject.txt")]
struct DateChosenSubject<'a> {
    m: &'a DateChosenFields<'a>,
}

#[derive(Template)]
#[template(path = "email/date_chosen/body.txt")]
struct DateChosenText<'a> {
    m: &'a DateChosenFields<'a>,
}

#[derive(Template)]
#[template(path = "email/date_chosen/body.html")]
struct DateChosenHtml<'a> {
    m: &'a DateChosenFields<'a>,
}

/// The date a poll chose, for `person` who answered it; `dedupe_key` makes
/// it queued once.
pub fn date_chosen(
    person: &Person,
    fields: &DateChosenFields<'_>,
    dedupe_key: String,
) -> Result<Email, AppError> {
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject: one_line(&rendered(&DateChosenSubject { m: fields })?),
        text: rendered(&DateChosenText { m: fields })?,
        html: Some(rendered(&DateChosenHtml { m: fields })?),
        kind: "date_chosen",
        dedupe_key: Some(dedupe_key),
        calendar: None,
    })
}

/// The fields of a message about hosting.
#[derive(Debug)]
pub struct HostingFields<'a> {
    pub notice: HostingNotice,
    pub name: &'a str,
    /// The call's title.
    pub call: &'a str,
    /// The proposing body, for decisions.
    pub host: Option<&'a str>,
    /// The deadline (a call) or the plenary's times (a decision).
    pub when: Option<String>,
    /// The plenary's venue, for decisions.
    pub venue: Option<String>,
    /// The call's or the meeting's page.
    pub link: String,
    pub lang: Lang,
}

/// What the hosting templates show.
struct HostingWords<'a> {
    f: &'a HostingFields<'a>,
    lead: String,
}

#[derive(Template)]
#[template(path = "email/hosting/body.txt")]
struct HostingText<'a> {
    m: &'a HostingWords<'a>,
}

#[derive(Template)]
#[template(path = "email/hosting/body.html")]
struct HostingHtml<'a> {
    m: &'a HostingWords<'a>,
}

/// A message about hosting for `person`; `dedupe_key` makes it queued once.
pub fn hosting(
    person: &Person,
    fields: &HostingFields<'_>,
    dedupe_key: String,
) -> Result<Email, AppError> {
    let (subject, lead) = fields.lang.hosting_notice(
        fields.notice,
        fields.call,
        fields.host.unwrap_or_default(),
        fields.when.as_deref().unwrap_or_default(),
    );
    let words = HostingWords { f: fields, lead };
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject: one_line(&subject),
        text: rendered(&HostingText { m: &words })?,
        html: Some(rendered(&HostingHtml { m: &words })?),
        kind: fields.notice.kind(),
        dedupe_key: Some(dedupe_key),
        calendar: None,
    })
}

/// A subject on one line, whatever the text it quotes holds.
/// The fields of the published minutes' message.
#[derive(Debug)]
pub struct MinutesFields<'a> {
    pub name: &'a str,
    pub title: &'a str,
    /// The meeting's times, in its zone and the recipient's language.
    pub when: String,
    /// The minutes as written (Markdown): the text part.
    pub text: &'a str,
    /// The minutes as cleaned HTML (`infra::markdown`): the HTML part.
    pub html: &'a str,
    /// The meeting's minutes page.
    pub link: String,
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "email/minutes/body.txt")]
struct MinutesText<'a> {
    m: &'a MinutesFields<'a>,
}

#[derive(Template)]
#[template(path = "email/minutes/body.html")]
struct MinutesHtml<'a> {
    m: &'a MinutesFields<'a>,
}

/// Published minutes, for `person`; `dedupe_key` makes it queued once.
pub fn minutes(
    person: &Person,
    fields: &MinutesFields<'_>,
    dedupe_key: String,
) -> Result<Email, AppError> {
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject: one_line(&fields.lang.minutes_subject(fields.title)),
        text: rendered(&MinutesText { m: fields })?,
        html: Some(rendered(&MinutesHtml { m: fields })?),
        kind: "minutes",
        dedupe_key: Some(dedupe_key),
        calendar: None,
    })
}

/// The fields of a message the organizers write to a meeting's people.
#[derive(Debug)]
pub struct MessageFields<'a> {
    pub name: &'a str,
    pub title: &'a str,
    /// The meeting's times, in its zone and the recipient's language.
    pub when: String,
    pub subject: &'a str,
    /// As written: plain text.
    pub body: &'a str,
    /// Who wrote it, and where to reply.
    pub from_name: &'a str,
    pub from_email: &'a str,
    /// The meeting's page.
    pub link: String,
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "email/message/body.txt")]
struct MessageText<'a> {
    m: &'a MessageFields<'a>,
}

/// An organizers' message, for `person`; `dedupe_key` makes it queued once.
pub fn message(
    person: &Person,
    fields: &MessageFields<'_>,
    dedupe_key: String,
) -> Result<Email, AppError> {
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject: one_line(&format!("[{}] {}", fields.title, fields.subject)),
        text: rendered(&MessageText { m: fields })?,
        html: None,
        kind: "message",
        dedupe_key: Some(dedupe_key),
        calendar: None,
    })
}

/// The fields of an action item's reminder.
#[derive(Debug)]
pub struct ActionReminderFields<'a> {
    pub name: &'a str,
    /// The item, as written.
    pub text: &'a str,
    /// Its due date, in words.
    pub due: String,
    /// The meeting it was raised at, and its day.
    pub meeting: &'a str,
    pub when: String,
    /// The meeting's page, at its items.
    pub link: String,
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "email/action_reminder/body.txt")]
struct ActionReminderText<'a> {
    m: &'a ActionReminderFields<'a>,
}

/// An action item's reminder, for `person`; `dedupe_key` makes it queued once.
pub fn action_reminder(
    person: &Person,
    fields: &ActionReminderFields<'_>,
    dedupe_key: String,
) -> Result<Email, AppError> {
    let subject = match fields.lang {
        Lang::Fr => format!("Action attendue le {} : {}", fields.due, fields.text),
        Lang::En => format!("Action item due {}: {}", fields.due, fields.text),
    };
    let subject: String = one_line(&subject).chars().take(150).collect();
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject,
        text: rendered(&ActionReminderText { m: fields })?,
        html: None,
        kind: "action_reminder",
        dedupe_key: Some(dedupe_key),
        calendar: None,
    })
}

fn one_line(text: &str) -> String {
    text.split(char::is_control)
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn a_subject_keeps_to_one_line() {
        assert_eq!(
            one_line("Invitation : a\r\nBcc: x@evil.example\n"),
            "Invitation : a Bcc: x@evil.example"
        );
    }
}
