//! A meeting's minutes page (published minutes and who took part; the
//! draft and its forms for organizers) and its attendance sheet
//! (organizers), through `services::minutes` and `services::attendance` as
//! the API.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::views::MeetingView;
use super::{Chrome, private, render_status};
use crate::db::write_transaction;
use crate::domain::attendance::{EntryInput, Presence};
use crate::domain::error::{AppError, FieldError};
use crate::domain::time::{utc, zone};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;
use crate::services::attendance::Sheet;
use crate::services::minutes::{Attendees, MinutesView};

/// One group of the participants, in the page's words.
struct AttendeeGroup {
    heading: &'static str,
    people: Vec<String>,
}

#[derive(Template)]
#[template(path = "minutes.html")]
struct MinutesPage {
    chrome: Chrome,
    meeting: MeetingView,
    minutes: MinutesView,
    /// The published minutes as cleaned HTML.
    published_html: String,
    /// The draft as cleaned HTML, for organizers.
    draft_html: String,
    /// The draft's text in the form (what was typed, after an error).
    draft_text: String,
    state_label: &'static str,
    attendance_recorded: bool,
    groups: Vec<AttendeeGroup>,
    errors: Vec<FieldError>,
    refusal: Option<String>,
    notice: Option<&'static str>,
}

fn groups(attendees: Attendees, chrome: &Chrome) -> Vec<AttendeeGroup> {
    attendees
        .groups
        .into_iter()
        .map(|(presence, people)| AttendeeGroup {
            heading: chrome.lang.presence_group(presence),
            people: people
                .into_iter()
                .map(|a| match (a.name, a.body) {
                    (Some(name), Some(body)) => format!("{name} ({body})"),
                    (Some(name), None) => name,
                    (None, body) => body.unwrap_or_default(),
                })
                .collect(),
        })
        .collect()
}

struct Shown {
    errors: Vec<FieldError>,
    refusal: Option<String>,
    notice: Option<&'static str>,
    typed: Option<String>,
    status: StatusCode,
}

async fn minutes_page(
    state: &AppState,
    chrome: Chrome,
    id: String,
    shown: Shown,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.signed_in.clone();
    let (listing, minutes, attendees) = state
        .db
        .run(move |conn| {
            let (listing, minutes) = services::minutes::read(conn, caller.as_ref(), &id)?;
            let attendees = services::minutes::attendees(conn, &id, minutes.organizes)?;
            Ok((listing, minutes, attendees))
        })
        .await?;
    let draft = minutes.draft.clone().unwrap_or_default();
    let page = MinutesPage {
        meeting: MeetingView::new(listing, chrome.lang)?,
        published_html: super::markdown_to_safe_html(&minutes.published),
        draft_html: super::markdown_to_safe_html(&draft),
        draft_text: shown.typed.unwrap_or(draft),
        state_label: chrome.lang.minutes_state(minutes.state),
        attendance_recorded: attendees.recorded,
        groups: groups(attendees, &chrome),
        minutes,
        errors: shown.errors,
        refusal: shown.refusal,
        notice: shown.notice,
        chrome,
    };
    let organizes = page.minutes.organizes;
    let response = render_status(&page, shown.status)?;
    Ok(if organizes {
        private(response)
    } else {
        response
    })
}

/// `?done=` after a save or a publication.
#[derive(Debug, Default, Deserialize)]
pub struct Done {
    done: Option<String>,
}

/// The minutes of a meeting and who took part.
pub async fn show_minutes(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let t = &chrome.t.minutes;
    let notice = match query.done.as_deref() {
        Some("saved") => Some(t.draft_saved),
        Some("published") => Some(t.published_notice),
        Some("mailed") => Some(t.published_mailed),
        Some("attendance") => Some(t.attendance_saved),
        _ => None,
    };
    let shown = Shown {
        errors: Vec::new(),
        refusal: None,
        notice,
        typed: None,
        status: StatusCode::OK,
    };
    minutes_page(&state, chrome, id.into_inner(), shown).await
}

/// The draft form.
#[derive(Debug, Deserialize)]
pub struct DraftForm {
    #[serde(default)]
    draft: String,
}

/// An organizer saves the draft; a refused draft is shown again as typed.
pub async fn save_minutes(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<DraftForm>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let id = id.into_inner();
    let text = form.0.draft;
    let (meeting_id, typed) = (id.clone(), text.clone());
    let saved = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::minutes::save_draft(conn, &caller, lang, &meeting_id, &text)
            })
        })
        .await;
    match saved {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}/minutes?done=saved"))),
        Err(AppError::Invalid(errors)) => {
            let shown = Shown {
                errors,
                refusal: None,
                notice: None,
                typed: Some(typed),
                status: StatusCode::UNPROCESSABLE_ENTITY,
            };
            minutes_page(&state, chrome, id, shown).await
        }
        Err(e) => Err(e),
    }
}

/// The publish form: `mail_again=on` mails everyone again.
#[derive(Debug, Deserialize)]
pub struct PublishForm {
    mail_again: Option<String>,
}

/// An organizer publishes the draft.
pub async fn publish_minutes(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<PublishForm>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let id = id.into_inner();
    let mail_again = form.0.mail_again.is_some();
    let settings = state.settings.clone();
    let meeting_id = id.clone();
    let done = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::minutes::publish(conn, &settings, &caller, lang, &meeting_id, mail_again)
            })
        })
        .await;
    match done {
        Ok(p) => {
            let done = if p.mailed > 0 { "mailed" } else { "published" };
            Ok(see_other(&format!("/meetings/{id}/minutes?done={done}")))
        }
        Err(AppError::Conflict(refusal)) => {
            let shown = Shown {
                errors: Vec::new(),
                refusal: Some(refusal),
                notice: None,
                typed: None,
                status: StatusCode::CONFLICT,
            };
            minutes_page(&state, chrome, id, shown).await
        }
        Err(e) => Err(e),
    }
}

/// One line of the sheet, in the page's words.
struct LineView {
    person_id: String,
    name: String,
    body: Option<String>,
    /// "Oui, sur place", or "sans inscription".
    answer: String,
    joined: Option<String>,
    /// The status checked: a presence code, or "" for not recorded.
    checked: String,
    error: Option<String>,
}

#[derive(Template)]
#[template(path = "attendance.html")]
struct AttendancePage {
    chrome: Chrome,
    meeting: MeetingView,
    lines: Vec<LineView>,
    /// Why the sheet cannot be recorded now.
    closed: Option<&'static str>,
    choices: Vec<(&'static str, &'static str)>,
    walk_in_email: String,
    walk_in_status: String,
    walk_in_error: Option<String>,
    errors: Vec<FieldError>,
    refusal: Option<String>,
}

/// What was typed, to show the sheet again after an error.
#[derive(Default)]
struct Typed {
    statuses: Vec<(String, String)>,
    walk_in_email: String,
    walk_in_status: String,
    /// Field errors by person id (`walk_in` for the added person).
    errors: Vec<(String, String)>,
}

fn attendance_page(
    chrome: Chrome,
    sheet: Sheet,
    typed: Option<Typed>,
    errors: Vec<FieldError>,
    refusal: Option<String>,
) -> Result<AttendancePage, AppError> {
    let lang = chrome.lang;
    let t = &chrome.t.minutes;
    let tz = zone(&sheet.listing.meeting.time_zone)?;
    let typed = typed.unwrap_or_default();
    let lines = sheet
        .lines
        .iter()
        .map(|line| {
            let prefilled = services::attendance::prefilled(line)?;
            let checked = match typed.statuses.iter().find(|(p, _)| p == &line.person_id) {
                Some((_, status)) => status.clone(),
                None => prefilled
                    .map(|p| crate::domain::code(p).to_owned())
                    .unwrap_or_default(),
            };
            let answer = match &line.answer {
                Some((answer, attendance, _)) => {
                    let answer = crate::domain::decode(answer)?;
                    let attendance = crate::domain::decode(attendance)?;
                    format!("{}, {}", lang.answer(answer), lang.attendance(attendance))
                }
                None => t.no_answer.to_owned(),
            };
            Ok(LineView {
                person_id: line.person_id.clone(),
                name: line.name.clone(),
                body: line.body.as_ref().map(|b| b.name.clone()),
                answer,
                joined: line.joined_at.map(|at| {
                    let local = utc(at).with_timezone(&tz).naive_local();
                    format!(
                        "{}{}, {}",
                        t.joined_at,
                        lang.date(local.date()),
                        lang.clock(local)
                    )
                }),
                checked,
                error: typed
                    .errors
                    .iter()
                    .find(|(p, _)| p == &line.person_id)
                    .map(|(_, e)| e.clone()),
            })
        })
        .collect::<Result<Vec<_>, AppError>>()?;
    Ok(AttendancePage {
        meeting: MeetingView::new(sheet.listing, lang)?,
        lines,
        closed: sheet.open.err().map(|c| lang.sheet_closed(c)),
        choices: super::options::<Presence>(|p| lang.presence(p)),
        walk_in_email: typed.walk_in_email,
        walk_in_status: typed.walk_in_status,
        walk_in_error: typed
            .errors
            .iter()
            .find(|(p, _)| p == "walk_in")
            .map(|(_, e)| e.clone()),
        errors,
        refusal,
        chrome,
    })
}

/// The attendance sheet of a meeting (its organizers).
pub async fn show_attendance(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let id = id.into_inner();
    let sheet = state
        .db
        .run(move |conn| services::attendance::sheet(conn, &caller, lang, &id))
        .await?;
    let page = attendance_page(chrome, sheet, None, Vec::new(), None)?;
    Ok(private(render_status(&page, StatusCode::OK)?))
}

/// An organizer records the sheet: `status.<person id>` for each line
/// (empty: not recorded), and `walk_in_email` / `walk_in_status` for
/// someone present without an answer.
pub async fn record_attendance(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let id = id.into_inner();
    let mut typed = Typed::default();
    // which line each entry came from, to put its error beside it
    let mut origins = Vec::new();
    let mut entries = Vec::new();
    for (name, value) in form.0 {
        if let Some(person) = name.strip_prefix("status.") {
            typed.statuses.push((person.to_owned(), value.clone()));
            if !value.is_empty() {
                origins.push(person.to_owned());
                entries.push(EntryInput {
                    person: person.to_owned(),
                    status: value,
                });
            }
        } else if name == "walk_in_email" {
            typed.walk_in_email = value;
        } else if name == "walk_in_status" {
            typed.walk_in_status = value;
        }
    }
    if !typed.walk_in_email.trim().is_empty() {
        origins.push("walk_in".to_owned());
        entries.push(EntryInput {
            person: typed.walk_in_email.trim().to_owned(),
            status: typed.walk_in_status.clone(),
        });
    }
    let meeting_id = id.clone();
    let (c, recorded) = (caller.clone(), entries.clone());
    let result = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::attendance::record(conn, &c, lang, &meeting_id, &recorded)
            })
        })
        .await;
    let (errors, refusal, status) = match result {
        Ok(_) => {
            return Ok(see_other(&format!(
                "/meetings/{id}/minutes?done=attendance"
            )));
        }
        Err(AppError::Invalid(errors)) => (errors, None, StatusCode::UNPROCESSABLE_ENTITY),
        Err(AppError::Conflict(refusal)) => (Vec::new(), Some(refusal), StatusCode::CONFLICT),
        Err(e) => return Err(e),
    };
    for e in &errors {
        let index = e
            .field
            .strip_prefix("entries[")
            .and_then(|rest| rest.split(']').next())
            .and_then(|n| n.parse::<usize>().ok());
        if let Some(origin) = index.and_then(|i| origins.get(i)) {
            typed.errors.push((origin.clone(), e.message.clone()));
        }
    }
    // the summary links to each line's field
    let errors = errors
        .into_iter()
        .map(|mut e| {
            let index = e
                .field
                .strip_prefix("entries[")
                .and_then(|rest| rest.split(']').next())
                .and_then(|n| n.parse::<usize>().ok());
            if let Some(origin) = index.and_then(|i| origins.get(i)) {
                e.field = if origin == "walk_in" {
                    "walk_in_email".to_owned()
                } else {
                    format!("status-{origin}")
                };
            }
            e
        })
        .collect();
    let meeting_id = id.clone();
    let sheet = state
        .db
        .run(move |conn| services::attendance::sheet(conn, &caller, lang, &meeting_id))
        .await?;
    let page = attendance_page(chrome, sheet, Some(typed), errors, refusal)?;
    Ok(private(render_status(&page, status)?))
}
