//! The organizers' button that sends a meeting's invitations, behind a
//! confirmation page (`confirm`): the mails cannot be called back.

use actix_web::{HttpResponse, web};

use super::Chrome;
use super::confirm::{self, Confirm, Confirmation};
use crate::db::write_transaction;
use crate::domain::error::AppError;
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::invitations;

/// What sending the invitations will do, and whom it mails.
pub async fn confirm_invite(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    confirmation(&state, chrome, id.into_inner()).await
}

async fn confirmation(
    state: &AppState,
    chrome: Chrome,
    id: String,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let meeting_id = id.clone();
    let audience = state
        .db
        .run(move |conn| invitations::audience(conn, &caller, &meeting_id))
        .await?;
    let (title, lines) = chrome.lang.invite_confirmation(
        &audience.meeting.title,
        audience.people.len(),
        audience.group,
    );
    confirm::show(
        chrome,
        Confirmation {
            title,
            lines,
            action: format!("/meetings/{id}/invite"),
            fields: Vec::new(),
            back: format!("/meetings/{id}"),
        },
    )
}

/// Queues the invitations, then back to the meeting's page, which says how
/// many were sent; unconfirmed, the confirmation page.
pub async fn invite_people(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<Confirm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    if !form.0.given() {
        return confirmation(&state, chrome, id).await;
    }
    let caller = chrome.caller()?.clone();
    let settings = state.settings.clone();
    let meeting_id = id.clone();
    let queued = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                invitations::invite(conn, &settings, &caller, &meeting_id)
            })
        })
        .await?;
    Ok(see_other(&format!("/meetings/{id}?invited={queued}")))
}
