//! A meeting's page.

use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::views::MeetingView;
use super::{Chrome, render};
use crate::auth::policy::Action;
use crate::db;
use crate::domain::MeetingStatus;
use crate::domain::rsvp::answers_close_at;
use crate::error::AppError;
use crate::startup::AppState;

#[derive(Template)]
#[template(path = "meeting.html")]
struct MeetingPage {
    chrome: Chrome,
    meeting: MeetingView,
    hosting_call: Option<(String, String)>,
    may_organize: bool,
    /// Whether the organizer may send invitations now (scheduled, still
    /// taking answers).
    may_invite: bool,
    /// How many invitations were just sent.
    invited: Option<usize>,
}

/// `?invited=`, after sending invitations.
#[derive(Debug, Default, Deserialize)]
pub struct Invited {
    invited: Option<String>,
}

/// One meeting. Drafts are not public: they answer 404 like a missing page.
pub async fn show_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    invited: web::Query<Invited>,
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
    let working_group_id = listing.meeting.working_group_id.clone();
    // invitations are for meetings that still take answers
    let m = &listing.meeting;
    let open = db::now() < answers_close_at(m.rsvp_deadline, m.ends_at);
    let meeting = MeetingView::new(listing, chrome.lang)?;
    let may_organize = chrome.signed_in.as_ref().is_some_and(|c| {
        c.may(Action::OrganizeMeeting {
            kind: meeting.kind,
            working_group_id: working_group_id.as_deref(),
        })
    });
    // A draft is not public: to anyone else it does not exist.
    if meeting.status == MeetingStatus::Draft && !may_organize {
        return Err(AppError::NotFound);
    }
    let may_invite = may_organize && open && meeting.status == MeetingStatus::Scheduled;
    render(&MeetingPage {
        chrome,
        may_organize,
        may_invite,
        invited: invited
            .invited
            .as_deref()
            .and_then(|n| n.parse().ok())
            .filter(|_| may_organize),
        meeting,
        hosting_call: call.map(|c| (c.id, c.title)),
    })
}
