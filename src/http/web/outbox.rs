//! `/admin/outbox`: mail waiting, sent and failed, for admins; a failed
//! message can be sent again; a sent one says when its body was purged.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::signin::Empty;
use super::{Chrome, render};
use crate::db::write_transaction;
use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::infra::mail::outbox::{self, OutboxCounts, OutboxState, OutboxSummary};
use crate::services::policy::{Action, require};

/// How many messages the page lists.
const SHOWN: i64 = 200;

/// Which messages to list.
#[derive(Debug, Deserialize)]
pub struct StateFilter {
    state: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_outbox.html")]
struct OutboxPage {
    chrome: Chrome,
    counts: OutboxCounts,
    state: String,
    messages: Vec<MessageView>,
    /// Shown beside a sent message whose body was emptied.
    purged_note: String,
}

/// One message as the page shows it: its state and kind in the page's
/// words, its time in the club's zone.
struct MessageView {
    id: String,
    created: String,
    recipient: String,
    subject: String,
    kind: String,
    state: String,
    state_label: &'static str,
    last_error: Option<String>,
    attempts: i32,
    /// When the retention emptied its body.
    purged: Option<String>,
}

impl MessageView {
    fn new(m: OutboxSummary, lang: Lang) -> Self {
        Self {
            created: lang.club_time(m.created_at.and_utc()),
            kind: lang.mail_kind(&m.kind).to_owned(),
            state_label: lang.mail_state(&m.state),
            id: m.id,
            recipient: m.recipient,
            subject: m.subject,
            state: m.state,
            last_error: m.last_error,
            attempts: m.attempts,
            purged: m.purged_at.map(|at| at.format("%Y-%m-%d").to_string()),
        }
    }
}

/// The outbox (admins).
pub async fn show_outbox(
    state: web::Data<AppState>,
    chrome: Chrome,
    query: web::Query<StateFilter>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ViewOutbox)?;
    let filter: Option<OutboxState> = query.state.as_deref().and_then(|s| s.parse().ok());
    let (counts, messages) = state
        .db
        .run(move |conn| {
            Ok((
                outbox::counts_by_state(conn)?,
                outbox::list_recent(conn, filter, SHOWN)?,
            ))
        })
        .await?;
    let purged_note = chrome
        .lang
        .body_purged(state.settings.outbox_retention_days);
    let lang = chrome.lang;
    render(&OutboxPage {
        chrome,
        counts,
        state: filter.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        messages: messages
            .into_iter()
            .map(|m| MessageView::new(m, lang))
            .collect(),
        purged_note,
    })
}

/// Puts a failed message back in the queue (admins).
pub async fn retry_message(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    require(chrome.signed_in.as_ref(), Action::ViewOutbox)?;
    let id = id.into_inner();
    let retried = state
        .db
        .run(move |conn| write_transaction(conn, |conn| outbox::retry(conn, &id)))
        .await?;
    if !retried {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/admin/outbox?state=queued"))
}
