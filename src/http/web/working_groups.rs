//! Working groups: the list and each group's page.

use actix_web::{HttpResponse, web};
use askama::Template;

use super::views::{COMING_SHOWN, FirstMeetings, PAST_SHOWN};
use super::{Chrome, render_public};
use crate::db::working_groups::WorkingGroup;
use crate::db::{self, meetings::MeetingFilter};
use crate::domain::error::AppError;
use crate::http::state::AppState;
use crate::services::policy::Action;

#[derive(Template)]
#[template(path = "working_groups.html")]
struct WorkingGroupsPage {
    chrome: Chrome,
    groups: Vec<WorkingGroup>,
}

/// Every working group.
pub async fn list_working_groups(
    state: web::Data<AppState>,
    chrome: Chrome,
) -> Result<HttpResponse, AppError> {
    let groups = state.db.run(db::working_groups::list).await?;
    let anonymous = chrome.signed_in.is_none();
    render_public(anonymous, &WorkingGroupsPage { chrome, groups })
}

#[derive(Template)]
#[template(path = "working_group.html")]
struct WorkingGroupPage {
    chrome: Chrome,
    group: WorkingGroup,
    description_html: String,
    coordinators: Vec<String>,
    followers: i64,
    /// The next sessions; all of them at `/meetings?group=`.
    upcoming: FirstMeetings,
    /// The latest past sessions; all of them at `/meetings?group=&past=1`.
    past: FirstMeetings,
    may_edit: bool,
    following: bool,
    /// Its open date polls: id and title.
    open_polls: Vec<(String, String)>,
    /// The group's calendar feed.
    feed: super::feeds::FeedLinks,
}

/// A group's page: its topic, coordinators, followers, its next sessions
/// and its latest past ones.
pub async fn show_working_group(
    state: web::Data<AppState>,
    chrome: Chrome,
    slug: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let slug = slug.into_inner();
    let now = db::now();
    let person_id = chrome.signed_in.as_ref().map(|c| c.person.id.clone());
    let (group, coordinators, followers, upcoming, past, following, open_polls) = state
        .db
        .run(move |conn| {
            let group = db::working_groups::find_by_slug(conn, &slug)?.ok_or(AppError::NotFound)?;
            let coordinators = db::working_groups::coordinator_names(conn, &group.id)?;
            let followers = db::working_groups::follower_count(conn, &group.id)?;
            let (upcoming, past) = db::meetings::around(
                conn,
                &MeetingFilter {
                    working_group_id: Some(group.id.clone()),
                    ..MeetingFilter::default()
                },
                now,
                (COMING_SHOWN, PAST_SHOWN),
            )?;
            let following = match &person_id {
                Some(id) => db::working_groups::is_following(conn, id, &group.id)?,
                None => false,
            };
            let open_polls = db::polls::list_for_group(conn, &group.id, true)?
                .into_iter()
                .map(|p| (p.id, p.title))
                .collect();
            Ok((
                group,
                coordinators,
                followers,
                upcoming,
                past,
                following,
                open_polls,
            ))
        })
        .await?;
    let may_edit = chrome
        .signed_in
        .as_ref()
        .is_some_and(|c| c.may(Action::EditWorkingGroup { id: &group.id }));
    let anonymous = chrome.signed_in.is_none();
    render_public(
        anonymous,
        &WorkingGroupPage {
            feed: super::feeds::FeedLinks::new(
                &state.settings.base_url,
                &format!("/groups/{}.ics", group.slug),
            ),
            may_edit,
            following,
            open_polls,
            description_html: super::markdown_to_safe_html(&group.description),
            group,
            coordinators,
            followers,
            upcoming: FirstMeetings::new(upcoming, chrome.lang)?,
            past: FirstMeetings::new(past, chrome.lang)?,
            chrome,
        },
    )
}
