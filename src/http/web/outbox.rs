//! `/admin/outbox`: mail waiting, sent and failed, for admins; a failed
//! message can be sent again; a sent one says when its body was purged.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::signin::Empty;
use super::{Chrome, render};
use crate::db::write_transaction;
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
    messages: Vec<OutboxSummary>,
    /// Shown beside a sent message whose body was emptied.
    purged_note: String,
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
    render(&OutboxPage {
        chrome,
        counts,
        state: filter.map(|s| s.as_str().to_owned()).unwrap_or_default(),
        messages,
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
