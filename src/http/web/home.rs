//! The home page: what is coming.

use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::Utc;

use super::views::{COMING_SHOWN, FirstMeetings, MeetingView, PAST_SHOWN};
use super::{Chrome, render_public};
use crate::db::{self, hosting_calls, meetings::MeetingFilter};
use crate::domain::error::AppError;
use crate::domain::time;
use crate::http::state::AppState;

/// An open call for hosts, as listed.
#[derive(Debug)]
pub struct OpenCall {
    pub id: String,
    pub title: String,
    pub deadline: String,
    pub proposals: i64,
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    chrome: Chrome,
    /// The next meetings; the full list at `/meetings`.
    upcoming: FirstMeetings,
    calls: Vec<OpenCall>,
    past: Vec<MeetingView>,
    /// Whether the visitor may open a call for hosts.
    may_open_call: bool,
}

/// The next meetings, open calls for hosts, and the latest past meetings.
pub async fn show_home(
    state: web::Data<AppState>,
    chrome: Chrome,
) -> Result<HttpResponse, AppError> {
    let now = db::now();
    let today = Utc::now().with_timezone(&time::DEFAULT_ZONE).date_naive();
    let (upcoming, calls, past) = state
        .db
        .run(move |conn| {
            let upcoming = db::meetings::first(
                conn,
                MeetingFilter {
                    ending_after: Some(now),
                    ..MeetingFilter::default()
                },
                COMING_SHOWN,
            )?;
            let past = db::meetings::list(
                conn,
                &MeetingFilter {
                    ended_before: Some(now),
                    limit: Some(PAST_SHOWN),
                    ..MeetingFilter::default()
                },
            )?;
            Ok((upcoming, hosting_calls::list_open(conn, today)?, past))
        })
        .await?;
    let lang = chrome.lang;
    let calls = calls
        .into_iter()
        .map(|(call, proposals)| OpenCall {
            id: call.id,
            title: call.title,
            deadline: lang.date(call.deadline),
            proposals,
        })
        .collect();
    let may_open_call = chrome
        .signed_in
        .as_ref()
        .is_some_and(|c| c.may(crate::services::policy::Action::DecideHosting));
    let anonymous = chrome.signed_in.is_none();
    render_public(
        anonymous,
        &HomePage {
            may_open_call,
            upcoming: FirstMeetings::new(upcoming, lang)?,
            calls,
            past: MeetingView::all(past, lang)?,
            chrome,
        },
    )
}
