//! The messages quorum sends, rendered from `templates/email/<name>/` in the
//! recipient's language (French first, English when they chose it).

use askama::Template;

use crate::db::people::Person;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::mail::Email;

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

/// What an RSVP message tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RsvpNotice {
    /// A seat freed: the person moved from the waiting list to the room.
    Promoted,
    /// An organizer accepted the person's answer.
    Approved,
    /// An organizer refused it.
    Refused,
}

/// The fields of an RSVP message.
#[derive(Debug)]
pub struct RsvpFields<'a> {
    pub notice: RsvpNotice,
    pub name: &'a str,
    pub title: &'a str,
    /// The meeting's times, in its zone and the recipient's language.
    pub when: String,
    pub venue: Option<String>,
    /// Where the answer stands after an approval (confirmed, waitlisted).
    pub state: Option<&'static str>,
    /// The meeting's page.
    pub link: String,
    pub lang: Lang,
}

#[derive(Template)]
#[template(path = "email/rsvp/subject.txt")]
struct RsvpSubject<'a> {
    m: &'a RsvpFields<'a>,
}

#[derive(Template)]
#[template(path = "email/rsvp/body.txt")]
struct RsvpText<'a> {
    m: &'a RsvpFields<'a>,
}

#[derive(Template)]
#[template(path = "email/rsvp/body.html")]
struct RsvpHtml<'a> {
    m: &'a RsvpFields<'a>,
}

/// A message about `person`'s answer; `dedupe_key` makes it queued once.
pub fn rsvp(
    person: &Person,
    fields: &RsvpFields<'_>,
    dedupe_key: String,
) -> Result<Email, AppError> {
    Ok(Email {
        to_name: person.name.clone(),
        to_address: person.email.clone(),
        subject: rendered(&RsvpSubject { m: fields })?.trim().to_owned(),
        text: rendered(&RsvpText { m: fields })?,
        html: Some(rendered(&RsvpHtml { m: fields })?),
        kind: match fields.notice {
            RsvpNotice::Promoted => "rsvp_promoted",
            RsvpNotice::Approved => "rsvp_approved",
            RsvpNotice::Refused => "rsvp_refused",
        },
        dedupe_key: Some(dedupe_key),
        calendar: None,
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

/// A subject on one line, whatever the text it quotes holds.
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
