//! `POST /api/v1/meetings/{id}/messages`: the organizers write to the
//! people who answered, through `services::messages` as the page.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::write_transaction;
use crate::domain::error::{AppError, FieldError};
use crate::domain::messages::MessageInput;
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services;

/// What a message holds.
#[derive(Debug, Deserialize)]
pub struct MessageBody {
    subject: String,
    body: String,
    /// `participants` (the default), `waiting` or `everyone`.
    #[serde(default)]
    audience: Option<String>,
    /// The message's key (a UUID): sending the same key again mails nobody
    /// again. One is made when left out.
    #[serde(default)]
    key: Option<String>,
}

/// What sending did.
#[derive(Debug, Serialize)]
pub struct MessageSent {
    pub key: String,
    /// Mails queued now (0 when the key was already sent).
    pub queued: usize,
}

/// Sends a message to the meeting's people (organizers only).
pub async fn send_message(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<MessageBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = path.into_inner();
    let body = body.into_inner();
    let key = match body.key {
        Some(key) if uuid::Uuid::parse_str(&key).is_ok() => key,
        Some(_) => {
            let lang = caller.lang();
            return Err(AppError::Invalid(vec![FieldError::new(
                "key",
                lang.texts().messages.key_expected,
            )]));
        }
        None => crate::db::new_id(),
    };
    let input = MessageInput {
        subject: body.subject,
        body: body.body,
        audience: body.audience.unwrap_or_else(|| "participants".to_owned()),
    };
    let settings = state.settings.clone();
    let sent_key = key.clone();
    let queued = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::messages::send(
                    conn,
                    &settings,
                    &caller,
                    caller.lang(),
                    &id,
                    &input,
                    &sent_key,
                )
            })
        })
        .await?;
    Ok(HttpResponse::Accepted().json(MessageSent { key, queued }))
}
