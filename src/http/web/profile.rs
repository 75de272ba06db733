//! The signed-in person's own page: profile, language, notifications, API
//! tokens.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::views::MeetingView;
use super::{Chrome, render};
use crate::db::organizations::Organization;
use crate::db::people::{ApiToken, ProfileUpdateForm};
use crate::db::rsvps::Participant;
use crate::db::{self, write_transaction};
use crate::domain::error::AppError;
use crate::domain::people::parse_name;
use crate::domain::rsvps::{Attendance, RsvpState};
use crate::domain::secrets::{hash_token, new_token};
use crate::domain::{Lang, decode};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services::rsvps::MyMeeting;

/// What the profile form sends; checkboxes are absent when unticked.
#[derive(Debug, Default, Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    language: String,
    notify_meetings: Option<String>,
    notify_group_sessions: Option<String>,
    /// `reminder_<minutes>` checkboxes, and the rest of the form.
    #[serde(flatten)]
    others: std::collections::HashMap<String, String>,
}

impl ProfileForm {
    /// The reminders ticked, as stored: minutes, comma-separated.
    fn reminder_minutes(&self, club: &[chrono::Duration]) -> String {
        club.iter()
            .map(|offset| offset.num_minutes())
            .filter(|m| self.others.contains_key(&format!("reminder_{m}")))
            .map(|m| m.to_string())
            .collect::<Vec<_>>()
            .join(",")
    }
}

/// The club's reminders as checkboxes: field, label, ticked.
fn reminder_choices(
    club: &[chrono::Duration],
    chosen: Option<&str>,
    lang: Lang,
) -> Vec<(String, String, bool)> {
    let wanted = crate::services::reminders::wanted(club, chosen);
    club.iter()
        .map(|offset| {
            let m = offset.num_minutes();
            (
                format!("reminder_{m}"),
                lang.reminder_label(m),
                wanted.contains(offset),
            )
        })
        .collect()
}

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    chrome: Chrome,
    name: String,
    language: String,
    notify_meetings: bool,
    notify_group_sessions: bool,
    /// The club's reminders: field, label, ticked.
    reminders: Vec<(String, String, bool)>,
    organization: Option<Organization>,
    roles: Vec<&'static str>,
    tokens: Vec<ApiToken>,
    name_error: Option<&'static str>,
    saved: bool,
    new_token: Option<String>,
    /// The personal calendar feed.
    feed: super::feeds::FeedLinks,
    feed_rotated: bool,
    /// The person's sessions that hold, this one included.
    sessions: i64,
    /// My meetings: coming, then past (newest first), with my answer and,
    /// for a room I may enter, where the meeting stands.
    coming: Vec<(MeetingView, String, Option<String>)>,
    past: Vec<(MeetingView, String, Option<String>)>,
}

/// My answer in words: its state, place in line and attendance.
fn my_answer(answer: Option<&Participant>, lang: Lang) -> Result<String, AppError> {
    let Some(p) = answer else {
        return Ok(lang.texts().people.my_no_answer.to_owned());
    };
    let state = p.state()?;
    let attendance: Attendance = decode(&p.rsvp.attendance)?;
    Ok(match (state, p.waitlist_position) {
        (RsvpState::Waitlisted, Some(place)) => {
            format!(
                "{} · {}",
                lang.waitlist_rank(place),
                lang.attendance(attendance)
            )
        }
        (RsvpState::Confirmed | RsvpState::AwaitingApproval, _) => {
            format!(
                "{} · {}",
                lang.rsvp_state(state),
                lang.attendance(attendance)
            )
        }
        (other, _) => lang.rsvp_state(other).to_owned(),
    })
}

fn my_views(
    meetings: Vec<MyMeeting>,
    join_window: chrono::Duration,
    lang: Lang,
) -> Result<Vec<(MeetingView, String, Option<String>)>, AppError> {
    meetings
        .into_iter()
        .map(|m| {
            let join = match m.video_room {
                true => Some(super::meetings::join_when(
                    &m.listing.meeting,
                    join_window,
                    lang,
                )?),
                false => None,
            };
            let answer = my_answer(m.answer.as_ref(), lang)?;
            Ok((MeetingView::new(m.listing, lang)?, answer, join))
        })
        .collect()
}

/// Shown after a save.
#[derive(Debug, Deserialize)]
pub struct Saved {
    saved: Option<String>,
    feed_rotated: Option<String>,
}

async fn profile_page(state: &AppState, chrome: Chrome) -> Result<ProfilePage, AppError> {
    let caller = chrome.caller()?.clone();
    let person_id = caller.person.id.clone();
    let org_id = caller.person.organization_id.clone();
    let settings = state.settings.clone();
    let mine_of = caller.clone();
    let (tokens, organization, feed_token, sessions, (coming, past)) = state
        .db
        .run(move |conn| {
            let tokens = db::people::api_tokens_of(conn, &person_id)?;
            let org = match &org_id {
                Some(id) => db::organizations::find(conn, id)?,
                None => None,
            };
            let feed_token = write_transaction(conn, |conn| {
                db::feeds::token_of(conn, &settings.secret_key, &person_id)
            })?;
            let sessions = db::sessions::count(conn, &person_id, db::now())?;
            let mine = crate::services::rsvps::my_meetings(conn, &mine_of)?;
            Ok((tokens, org, feed_token, sessions, mine))
        })
        .await?;
    let p = &caller.person;
    Ok(ProfilePage {
        name: p.name.clone(),
        language: p.language.clone(),
        notify_meetings: p.notify_meetings,
        notify_group_sessions: p.notify_group_sessions,
        reminders: reminder_choices(
            &state.settings.reminders,
            p.reminder_minutes.as_deref(),
            chrome.lang,
        ),
        organization,
        roles: caller
            .role_names()
            .into_iter()
            .map(|role| role_label(role, chrome.lang))
            .collect(),
        tokens,
        name_error: None,
        saved: false,
        new_token: None,
        feed: super::feeds::FeedLinks::new(
            &state.settings.base_url,
            &format!("/feeds/{feed_token}.ics"),
        ),
        feed_rotated: false,
        sessions,
        coming: my_views(coming, state.settings.join_window, chrome.lang)?,
        past: my_views(past, state.settings.join_window, chrome.lang)?,
        chrome,
    })
}

/// The profile page.
pub async fn show_profile(
    state: web::Data<AppState>,
    chrome: Chrome,
    query: web::Query<Saved>,
) -> Result<HttpResponse, AppError> {
    let mut page = profile_page(&state, chrome).await?;
    page.saved = query.saved.is_some();
    page.feed_rotated = query.feed_rotated.is_some();
    let mut response = render(&page)?;
    // the page shows the private feed address
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// A new personal feed address; the old one stops working.
pub async fn rotate_feed_token(
    state: web::Data<AppState>,
    chrome: Chrome,
    _form: CsrfForm<super::signin::Empty>,
) -> Result<HttpResponse, AppError> {
    let person_id = chrome.caller()?.person.id.clone();
    let settings = state.settings.clone();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::feeds::rotate(conn, &settings.secret_key, &person_id)
            })
        })
        .await?;
    Ok(see_other("/me?feed_rotated=1#my-calendar"))
}

/// Ends every session of the caller, this one included.
pub async fn sign_out_everywhere(
    state: web::Data<AppState>,
    chrome: Chrome,
    session: actix_session::Session,
    _form: CsrfForm<super::signin::Empty>,
) -> Result<HttpResponse, AppError> {
    let person_id = chrome.caller()?.person.id.clone();
    state
        .db
        .run(move |conn| write_transaction(conn, |conn| db::sessions::end_all(conn, &person_id)))
        .await?;
    session.purge();
    Ok(see_other("/"))
}

/// Saves name, language and notification choices.
pub async fn update_profile(
    state: web::Data<AppState>,
    chrome: Chrome,
    form: CsrfForm<ProfileForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let person_id = chrome.caller()?.person.id.clone();
    let language = Lang::from_code(&form.language).code().to_owned();
    let reminder_minutes = form.reminder_minutes(&state.settings.reminders);
    let Some(name) = parse_name(&form.name) else {
        let t = chrome.t;
        let lang = chrome.lang;
        let mut page = profile_page(&state, chrome).await?;
        page.name = form.name;
        page.language = language;
        page.notify_meetings = form.notify_meetings.is_some();
        page.notify_group_sessions = form.notify_group_sessions.is_some();
        page.reminders = reminder_choices(&state.settings.reminders, Some(&reminder_minutes), lang);
        page.name_error = Some(t.people.name_invalid);
        return super::render_status(&page, StatusCode::UNPROCESSABLE_ENTITY);
    };
    let update = ProfileUpdateForm {
        name,
        language,
        notify_meetings: form.notify_meetings.is_some(),
        notify_group_sessions: form.notify_group_sessions.is_some(),
        reminder_minutes: Some(reminder_minutes),
        updated_at: db::now(),
    };
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::people::update_profile(conn, &person_id, &update)
            })
        })
        .await?;
    Ok(see_other("/me?saved=1"))
}

/// What the new-token form sends.
#[derive(Debug, Default, Deserialize)]
pub struct TokenForm {
    #[serde(default)]
    name: String,
}

/// Creates an API token and shows it, once.
pub async fn create_api_token(
    state: web::Data<AppState>,
    chrome: Chrome,
    form: CsrfForm<TokenForm>,
) -> Result<HttpResponse, AppError> {
    let person_id = chrome.caller()?.person.id.clone();
    let name = parse_name(&form.0.name).unwrap_or_else(|| "API".to_owned());
    let token = new_token();
    let hash = hash_token(&token);
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::people::insert_api_token(conn, &person_id, &name, &hash)
            })
        })
        .await?;
    let mut page = profile_page(&state, chrome).await?;
    page.new_token = Some(token);
    let mut response = render(&page)?;
    // The token is on this page only: never cache it.
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

/// Revokes one of the caller's tokens.
pub async fn revoke_api_token(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    _form: CsrfForm<super::signin::Empty>,
) -> Result<HttpResponse, AppError> {
    let person_id = chrome.caller()?.person.id.clone();
    let id = id.into_inner();
    let revoked = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::people::revoke_api_token(conn, &person_id, &id)
            })
        })
        .await?;
    if !revoked {
        return Err(AppError::NotFound);
    }
    Ok(see_other("/me"))
}

/// A role's name in words (the API keeps its code).
fn role_label(role: &'static str, lang: Lang) -> &'static str {
    let t = lang.texts();
    match role {
        "admin" => t.people.role_admin,
        "org_manager" => t.people.role_org_manager,
        "coordinator" => t.people.role_coordinator,
        other => other,
    }
}
