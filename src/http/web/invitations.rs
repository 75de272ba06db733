//! The organizers' button that sends a meeting's invitations.

use actix_web::{HttpResponse, web};

use super::Chrome;
use super::signin::Empty;
use crate::db::write_transaction;
use crate::domain::error::AppError;
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::invitations;

/// Queues the invitations, then back to the meeting's page, which says how
/// many were sent.
pub async fn invite_people(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let settings = state.settings.clone();
    let id = id.into_inner();
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
