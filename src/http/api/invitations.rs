//! `POST /api/v1/meetings/{id}/invitations`: organizers invite the people a
//! meeting concerns.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::db::write_transaction;
use crate::domain::error::AppError;
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services::invitations;

/// What inviting did.
#[derive(Debug, Serialize)]
pub struct InvitationsJson {
    /// Invitations queued now (0 when everyone was already invited).
    pub queued: usize,
}

/// Queues the invitations of a meeting.
pub async fn send_invitations(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let settings = state.settings.clone();
    let id = id.into_inner();
    let queued = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                invitations::invite(conn, &settings, &caller, &id)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(InvitationsJson { queued }))
}
