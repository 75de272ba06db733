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
