//! A meeting's page.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::views::MeetingView;
use super::{Chrome, render};
use crate::db;
use crate::domain::MeetingStatus;
use crate::error::AppError;
use crate::startup::AppState;

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    chrome: Chrome,
    meeting: MeetingView,
    hosting_call: Option<(String, String)>,
}

/// One meeting. Drafts are not public: they answer 404 like a missing page.
pub async fn show_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let (listing, call) = state
        .db
        .run(move |conn| {
            let listing = db::meetings::find(conn, &id)?.ok_or(AppError::NotFound)?;
            let call = db::hosting_calls::find_for_meeting(conn, &id)?;
            Ok((listing, call))
        })
        .await?;
    let meeting = MeetingView::new(listing, chrome.lang)?;
    if meeting.status == MeetingStatus::Draft {
        return Err(AppError::NotFound);
    }
    render(&MeetingPage {
        chrome,
        meeting,
        hosting_call: call.map(|c| (c.id, c.title)),
    })
}
