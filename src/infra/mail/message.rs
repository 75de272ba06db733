//! Turning an [`Email`] into the bytes that are stored and sent.

use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use super::{CalendarPart, Email};
use crate::domain::error::{AppError, FieldError};

/// The formatted message: headers (From, To, Subject, Date, Message-ID) and
/// its MIME body. With a calendar part it follows RFC 6047 (iMIP): a
/// `multipart/mixed` holding a `multipart/alternative` (text, HTML, then the
/// `text/calendar` part last) and an `invite.ics` attachment.
pub fn format(from: &str, message_id: &str, email: &Email) -> Result<String, AppError> {
    let from: Mailbox = from
        .parse()
        .map_err(|e| AppError::internal(format!("the mail sender `{from}` is invalid: {e}")))?;
    let address = email.to_address.trim().parse().map_err(|_| {
        AppError::Invalid(vec![FieldError::new(
            "email",
            format!("`{}` is not an email address", email.to_address),
        )])
    })?;
    let name = email.to_name.trim();
    let to = Mailbox::new((!name.is_empty()).then(|| name.to_owned()), address);
    let builder = Message::builder()
        .from(from)
        .to(to)
        .subject(email.subject.clone())
        .date_now()
        .message_id(Some(message_id.to_owned()));
    let message = match &email.calendar {
        Some(calendar) => builder.multipart(invitation(email, calendar)?),
        None => match &email.html {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                email.text.clone(),
                html.clone(),
            )),
            None => builder.singlepart(SinglePart::plain(email.text.clone())),
        },
    }
    .map_err(|e| AppError::internal(format!("cannot build the {} message: {e}", email.kind)))?;
    // lettre encodes every header and body as 7-bit text; check, since the
    // column is text.
    String::from_utf8(message.formatted())
        .map_err(|_| AppError::internal("the formatted message is not text"))
}

fn invitation(email: &Email, calendar: &CalendarPart) -> Result<MultiPart, AppError> {
    // The MIME method must equal the METHOD property; and it ends up in a
    // header, so only letters.
    let method = calendar.method.trim();
    if method.is_empty() || !method.chars().all(|c| c.is_ascii_alphabetic()) {
        return Err(AppError::internal(format!(
            "invalid iTIP method `{method}` for a {} message",
            email.kind
        )));
    }
    let content_type = |text: &str| {
        ContentType::parse(text)
            .map_err(|e| AppError::internal(format!("invalid content type `{text}`: {e}")))
    };
    let mut alternative =
        MultiPart::alternative().singlepart(SinglePart::plain(email.text.clone()));
    if let Some(html) = &email.html {
        alternative = alternative.singlepart(SinglePart::html(html.clone()));
    }
    let alternative = alternative.singlepart(
        SinglePart::builder()
            .header(content_type(&format!(
                "text/calendar; method={}; charset=UTF-8",
                method.to_ascii_uppercase()
            ))?)
            .body(calendar.ics.clone()),
    );
    let attachment = Attachment::new("invite.ics".to_owned())
        .body(calendar.ics.clone(), content_type("application/ics")?);
    Ok(MultiPart::mixed()
        .multipart(alternative)
        .singlepart(attachment))
}

/// The host of the site's public address, for the right side of
/// Message-IDs: `https://club.example.org:8443/x` gives `club.example.org`.
pub fn message_id_host(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = if host_port.starts_with('[') {
        // an IPv6 literal keeps its brackets, as RFC 5322 wants
        host_port
            .find(']')
            .map_or(host_port, |end| &host_port[..=end])
    } else {
        host_port.split(':').next().unwrap_or_default()
    };
    if host.is_empty() {
        "localhost".to_owned()
    } else {
        host.to_ascii_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::message_id_host;

    #[test]
    fn message_id_host_is_the_base_url_host() {
        assert_eq!(
            message_id_host("https://club.example.org"),
            "club.example.org"
        );
        assert_eq!(
            message_id_host("https://Club.Example.org:8443/quorum/"),
            "club.example.org"
        );
        assert_eq!(message_id_host("http://127.0.0.1:8080"), "127.0.0.1");
        assert_eq!(message_id_host("http://[::1]:8080"), "[::1]");
        assert_eq!(message_id_host("http://"), "localhost");
    }
}
