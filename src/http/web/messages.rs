//! Writing to a meeting's people (`/meetings/{id}/message`), for its
//! organizers, through `services::messages` as the API.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::views::MeetingView;
use super::{Chrome, private, render_status};
use crate::db::write_transaction;
use crate::domain::error::{AppError, FieldError};
use crate::domain::messages::{Audience, MessageInput};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;

#[derive(Template)]
#[template(path = "meeting_message.html")]
struct MessagePage {
    chrome: Chrome,
    meeting: MeetingView,
    /// Each audience: its code, its words with how many it reaches.
    audiences: Vec<(&'static str, String)>,
    input: MessageInput,
    /// This message's key, sent back with the form.
    key: String,
    errors: Vec<FieldError>,
    notice: Option<String>,
}

impl MessagePage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }
}

/// What the form sends.
#[derive(Debug, Default, Deserialize)]
pub struct MessageForm {
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    audience: String,
    #[serde(default)]
    key: String,
}

/// `?sent=N` after sending.
#[derive(Debug, Default, Deserialize)]
pub struct Sent {
    sent: Option<usize>,
}

async fn message_page(
    state: &AppState,
    chrome: Chrome,
    id: String,
    input: MessageInput,
    key: String,
    errors: Vec<FieldError>,
    notice: Option<String>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let (listing, sizes) = state
        .db
        .run(move |conn| services::messages::audience_sizes(conn, &caller, lang, &id))
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = MessagePage {
        meeting: MeetingView::new(listing, lang)?,
        audiences: sizes
            .into_iter()
            .map(|(audience, n)| (audience.into(), lang.audience(audience, n)))
            .collect(),
        input,
        key,
        errors,
        notice,
        chrome,
    };
    Ok(private(render_status(&page, status)?))
}

/// The form, empty, with a new key.
pub async fn new_message(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<String>,
    query: web::Query<Sent>,
) -> Result<HttpResponse, AppError> {
    let notice = query.sent.map(|n| {
        if n == 0 {
            chrome.t.messages.sent_again.to_owned()
        } else {
            format!("{} ({n}).", chrome.t.messages.sent)
        }
    });
    let input = MessageInput {
        audience: crate::domain::code(Audience::Participants).to_owned(),
        ..MessageInput::default()
    };
    let key = crate::db::new_id();
    message_page(
        &state,
        chrome,
        path.into_inner(),
        input,
        key,
        Vec::new(),
        notice,
    )
    .await
}

/// Sends the message; the form again with its errors and what was typed.
pub async fn send_message(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<String>,
    form: CsrfForm<MessageForm>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let form = form.0;
    let input = MessageInput {
        subject: form.subject,
        body: form.body,
        audience: form.audience,
    };
    // a key the form did not make is replaced: it only names this message
    let key = if uuid::Uuid::parse_str(&form.key).is_ok() {
        form.key
    } else {
        crate::db::new_id()
    };
    let caller = chrome.caller()?.clone();
    let (lang, settings) = (chrome.lang, state.settings.clone());
    let (sent_id, sent_input, sent_key) = (id.clone(), input.clone(), key.clone());
    let sent = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::messages::send(
                    conn,
                    &settings,
                    &caller,
                    lang,
                    &sent_id,
                    &sent_input,
                    &sent_key,
                )
            })
        })
        .await;
    match sent {
        Ok(n) => Ok(see_other(&format!("/meetings/{id}/message?sent={n}"))),
        Err(AppError::Invalid(errors)) => {
            message_page(&state, chrome, id, input, key, errors, None).await
        }
        Err(other) => Err(other),
    }
}
