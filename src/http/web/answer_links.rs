//! One-click answers from an invitation: `/meetings/{id}/answer/{token}`.
//!
//! The link works without signing in (`auth::answer_links` says whose it
//! is). Like the sign-in link, it opens a page with the answer preselected
//! and a button: the click (a POST, with the CSRF token of the browser's
//! session like every form) records the answer, so mail scanners that open
//! every link change nothing. The answer goes through
//! `services::rsvps::answer` with the link's person as caller: the deadline
//! and seat rules are the same as everywhere.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use askama::Template;
use serde::Deserialize;

use super::rsvps::{NeedsFields, RsvpForm};
use super::views::MeetingView;
use super::{Chrome, field_error, options, render_status};
use crate::db;
use crate::db::meetings::MeetingListing;
use crate::db::rsvps::Participant;
use crate::domain::error::{AppError, FieldError};
use crate::domain::rsvps::{Answer, AnswerInput, Attendance, CheckedAnswer, Closed, RsvpState};
use crate::domain::{MeetingFormat, code, decode};
use crate::http::auth::csrf::CsrfForm;
use crate::http::state::AppState;
use crate::services;
use crate::services::caller::{Caller, load_caller};
use crate::services::links;

/// What the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The token is not valid for this meeting (404).
    Invalid,
    /// The meeting is over (410).
    Expired,
    /// The meeting takes no answers from this person now (cancelled, past
    /// the deadline).
    Closed,
    /// The answer to confirm.
    Form,
    /// The answer was recorded.
    Done,
}

/// The person's answer as stored, if any, with the answer the link chose
/// instead when it names one.
fn prefilled(mine: Option<&Participant>, chosen: &str) -> RsvpForm {
    let chosen = decode::<Answer>(chosen).ok().map(|a| code(a).to_owned());
    match mine {
        Some(p) => RsvpForm {
            answer: chosen.unwrap_or_else(|| p.rsvp.answer.clone()),
            attendance: p.rsvp.attendance.clone(),
            project_highlight: p.rsvp.project_highlight.clone(),
            wished_development: p.rsvp.wished_development.clone(),
            comment: p.rsvp.comment.clone(),
            listed: p.rsvp.listed.then(|| "on".to_owned()),
            lunch: p.rsvp.lunch.then(|| "on".to_owned()),
            dietary_needs: p.rsvp.dietary_needs.clone(),
            accessibility_needs: p.rsvp.accessibility_needs.clone(),
        },
        None => RsvpForm {
            answer: chosen.unwrap_or_default(),
            attendance: code(Attendance::InPerson).to_owned(),
            ..RsvpForm::default()
        },
    }
}

/// Where an answer stands, in words.
#[derive(Debug, Clone)]
pub struct Standing {
    pub answer: &'static str,
    pub state: &'static str,
    pub waitlist_position: Option<i64>,
    pub reason: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "answer_link.html")]
struct AnswerLinkPage {
    chrome: Chrome,
    mode: Mode,
    meeting: Option<MeetingView>,
    /// Whom the link answers for.
    person_name: String,
    /// Why answers are closed (mode Closed).
    message: String,
    /// Whether the person chooses in person or remote.
    hybrid: bool,
    form: RsvpForm,
    errors: Vec<FieldError>,
    /// The answer as it stands (before the form, after it is recorded).
    standing: Option<Standing>,
    /// Whether the meeting asks who takes the lunch.
    asks_lunch: bool,
}

impl AnswerLinkPage {
    fn error(&self, field: &str) -> Option<&str> {
        field_error(&self.errors, field)
    }

    fn needs(&self) -> NeedsFields<'_> {
        NeedsFields {
            asks_lunch: self.asks_lunch,
            lunch: self.form.lunch.is_some(),
            dietary_needs: &self.form.dietary_needs,
            accessibility_needs: &self.form.accessibility_needs,
            errors: &self.errors,
            lang: self.chrome.lang,
        }
    }

    fn answers(&self) -> Vec<(&'static str, &'static str)> {
        let lang = self.chrome.lang;
        options(|a: Answer| lang.answer(a))
    }

    fn attendances(&self) -> Vec<(&'static str, &'static str)> {
        let lang = self.chrome.lang;
        options(|a: Attendance| lang.attendance(a))
    }

    fn blank(chrome: Chrome, mode: Mode) -> Self {
        Self {
            chrome,
            mode,
            meeting: None,
            person_name: String::new(),
            message: String::new(),
            hybrid: false,
            form: RsvpForm::default(),
            errors: Vec::new(),
            standing: None,
            asks_lunch: false,
        }
    }
}

/// The page, with the headers every page of a link gets: the token is in
/// the URL, so no other site sees it in a `Referer` (not `no-referrer`:
/// browsers would then send `Origin: null` with the button's post, which
/// the CSRF check refuses), and no cache keeps a person's answer.
fn respond(page: &AnswerLinkPage, status: StatusCode) -> Result<HttpResponse, AppError> {
    let mut response = render_status(page, status)?;
    let headers = response.headers_mut();
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("same-origin"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

fn invalid(chrome: Chrome) -> Result<HttpResponse, AppError> {
    respond(
        &AnswerLinkPage::blank(chrome, Mode::Invalid),
        StatusCode::NOT_FOUND,
    )
}

/// What a valid link opens.
struct Opened {
    caller: Caller,
    listing: MeetingListing,
    mine: Option<Participant>,
}

/// The person and meeting of a link, or `None` when the link is not valid:
/// a token of another meeting or altered, a person or meeting gone, a
/// draft the person may not see.
async fn open(
    state: &AppState,
    meeting_id: String,
    token: &str,
) -> Result<Option<Opened>, AppError> {
    let Some(person_id) = links::verify(&state.settings.secret_key, &meeting_id, token) else {
        return Ok(None);
    };
    state
        .db
        .run(move |conn| {
            let Some(caller) = load_caller(conn, &person_id)? else {
                return Ok(None);
            };
            let listing = match services::rsvps::visible_meeting(conn, Some(&caller), &meeting_id) {
                Ok(listing) => listing,
                Err(AppError::NotFound) => return Ok(None),
                Err(e) => return Err(e),
            };
            let mine = db::rsvps::find(conn, &meeting_id, &caller.person.id)?;
            Ok(Some(Opened {
                caller,
                listing,
                mine,
            }))
        })
        .await
}

fn standing(p: &Participant, chrome: &Chrome) -> Result<Standing, AppError> {
    let lang = chrome.lang;
    let state: RsvpState = p.state()?;
    Ok(Standing {
        answer: lang.answer(decode(&p.rsvp.answer)?),
        state: lang.rsvp_state(state),
        waitlist_position: p.waitlist_position,
        reason: (state == RsvpState::Waitlisted)
            .then(|| db::rsvps::reason(p).map(|r| lang.wait_reason(r)))
            .flatten(),
    })
}

/// A page about `opened`'s meeting in `mode`.
fn meeting_page(
    chrome: Chrome,
    opened: &Opened,
    mode: Mode,
    form: RsvpForm,
) -> Result<AnswerLinkPage, AppError> {
    let format: MeetingFormat = decode(&opened.listing.meeting.format)?;
    let standing = opened
        .mine
        .as_ref()
        .map(|p| standing(p, &chrome))
        .transpose()?;
    Ok(AnswerLinkPage {
        meeting: Some(MeetingView::new(opened.listing.clone(), chrome.lang)?),
        person_name: opened.caller.person.name.clone(),
        hybrid: format == MeetingFormat::Hybrid,
        form,
        standing,
        asks_lunch: opened.listing.meeting.asks_lunch,
        ..AnswerLinkPage::blank(chrome, mode)
    })
}

/// Why the link cannot be used now, if it cannot: the meeting is over (the
/// link expired), or answers are closed to this person.
fn refusal(chrome: &Chrome, opened: &Opened) -> Result<Option<(Mode, AppError)>, AppError> {
    let m = &opened.listing.meeting;
    let organizer = services::rsvps::organizes(&opened.caller, &opened.listing);
    Ok(
        match Closed::check(
            decode(&m.status)?,
            m.rsvp_deadline,
            m.ends_at,
            db::now(),
            organizer,
        ) {
            None => None,
            Some(Closed::Over) => Some((
                Mode::Expired,
                Closed::Over.refusal(chrome.lang.answers_closed(Closed::Over)),
            )),
            Some(closed) => Some((
                Mode::Closed,
                closed.refusal(chrome.lang.answers_closed(closed)),
            )),
        },
    )
}

fn refused_page(
    chrome: Chrome,
    opened: &Opened,
    mode: Mode,
    error: &AppError,
) -> Result<HttpResponse, AppError> {
    let status = match mode {
        Mode::Expired => StatusCode::GONE,
        _ => error.status_code(),
    };
    let mut page = meeting_page(chrome, opened, mode, RsvpForm::default())?;
    page.message = error.detail().unwrap_or_default().to_owned();
    respond(&page, status)
}

/// `?answer=` of the link.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Chosen {
    answer: String,
}

/// `{id}/answer/{token}`.
#[derive(Debug, Deserialize)]
pub struct LinkPath {
    id: String,
    token: String,
}

/// The page a link opens: the answer to confirm, or why the link does not
/// work. Changes nothing.
pub async fn show_answer_link(
    state: web::Data<AppState>,
    chrome: Chrome,
    req: HttpRequest,
    path: web::Path<LinkPath>,
    chosen: web::Query<Chosen>,
) -> Result<HttpResponse, AppError> {
    let LinkPath { id, token } = path.into_inner();
    let Some(opened) = open(&state, id, &token).await? else {
        return invalid(chrome);
    };
    let chrome = chrome.preferring(&req, opened.caller.lang());
    if let Some((mode, error)) = refusal(&chrome, &opened)? {
        return refused_page(chrome, &opened, mode, &error);
    }
    let form = prefilled(opened.mine.as_ref(), &chosen.answer);
    let page = meeting_page(chrome, &opened, Mode::Form, form)?;
    respond(&page, StatusCode::OK)
}

/// The button: records the answer as the link's person, then shows where
/// it stands (confirmed, or waitlisted with its position).
pub async fn use_answer_link(
    state: web::Data<AppState>,
    chrome: Chrome,
    req: HttpRequest,
    path: web::Path<LinkPath>,
    form: CsrfForm<RsvpForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let LinkPath { id, token } = path.into_inner();
    let Some(mut opened) = open(&state, id.clone(), &token).await? else {
        return invalid(chrome);
    };
    let chrome = chrome.preferring(&req, opened.caller.lang());
    if let Some((mode, error)) = refusal(&chrome, &opened)? {
        return refused_page(chrome, &opened, mode, &error);
    }
    let checked = match CheckedAnswer::parse(&AnswerInput::from(form.clone()))
        .map_err(|p| chrome.lang.field_errors(p))
    {
        Ok(checked) => checked,
        Err(errors) => {
            let mut page = meeting_page(chrome, &opened, Mode::Form, form)?;
            page.errors = errors;
            return respond(&page, StatusCode::UNPROCESSABLE_ENTITY);
        }
    };
    let settings = state.settings.clone();
    let caller = opened.caller.clone();
    let answered = state
        .db
        .change_answers(id.clone(), move |conn| {
            services::rsvps::answer(conn, &settings, &caller, caller.lang(), &id, &checked)
        })
        .await;
    match answered {
        Ok(answered) => {
            opened.mine = Some(answered);
            let page = meeting_page(chrome, &opened, Mode::Done, form)?;
            respond(&page, StatusCode::OK)
        }
        // answers closed between the page and the click
        Err(error @ (AppError::Conflict(_) | AppError::Forbidden(_))) => {
            refused_page(chrome, &opened, Mode::Closed, &error)
        }
        Err(error) => Err(error),
    }
}
