//! A meeting's participants, for its organizers: the compact table, what
//! the caterer needs, the tour de table grouped by body, the waiting list,
//! the answers waiting for approval (with the buttons that decide them),
//! and the same list as CSV.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::confirm::{self, Confirm, Confirmation};
use super::participant_table::{Catering, ParticipantTable, SortBy, TableQuery};
use super::rsvp_views::{BodyGroup, ParticipantView, counts_sentence, tour_de_table, waiting_list};
use super::signin::Empty;
use super::views::MeetingView;
use super::{Chrome, private, render_status};
use crate::db;
use crate::db::meetings::MeetingListing;
use crate::db::rsvps::Participant;
use crate::domain::error::AppError;
use crate::domain::rsvps::RsvpState;
use crate::domain::time::{utc, zone};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;
use crate::services::caller::Caller;

#[derive(Template)]
#[template(path = "participants.html")]
struct ParticipantsPage {
    chrome: Chrome,
    meeting: MeetingView,
    counts: String,
    /// Whether the meeting asks who takes the lunch.
    asks_lunch: bool,
    table: ParticipantTable,
    catering: Catering,
    groups: Vec<BodyGroup>,
    waiting: Vec<ParticipantView>,
    awaiting: Vec<ParticipantView>,
    /// Why the last organizer action was refused.
    refusal: Option<String>,
    /// What the last organizer action did.
    notice: Option<&'static str>,
    /// Who went through the join gateway, and when first (in the meeting's
    /// zone); `None` without a room.
    attendance: Option<Vec<(String, String)>>,
}

/// The meeting and its answers, if `caller` organizes it.
async fn organized(
    state: &AppState,
    caller: &Caller,
    id: String,
) -> Result<(MeetingListing, Vec<Participant>), AppError> {
    let caller = caller.clone();
    state
        .db
        .run(move |conn| {
            let listing = services::rsvps::organized_meeting(conn, &caller, caller.lang(), &id)?;
            let all = db::rsvps::participants(conn, &id)?;
            Ok((listing, all))
        })
        .await
}

async fn participants_page(
    state: &AppState,
    chrome: Chrome,
    id: String,
    view: PageView,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let PageView {
        refusal,
        notice,
        sort,
    } = view;
    let (listing, all) = organized(state, chrome.caller()?, id.clone()).await?;
    let lang = chrome.lang;
    let m = &listing.meeting;
    let (room, joins) = state
        .db
        .run(move |conn| {
            Ok((
                db::rooms::find(conn, &id)?,
                db::rooms::attendance(conn, &id)?,
            ))
        })
        .await?;
    let tz = zone(&m.time_zone)?;
    let attendance = room.map(|_| {
        joins
            .into_iter()
            .map(|(name, at)| {
                let local = utc(at).with_timezone(&tz).naive_local();
                (
                    name,
                    format!("{}, {}", lang.date(local.date()), lang.clock(local)),
                )
            })
            .collect()
    });
    let counts = counts_sentence(
        &db::rsvps::counts(&all),
        crate::domain::decode(&m.format)?,
        m.capacity,
        m.remote_capacity,
        lang,
    );
    let everyone = ParticipantView::all(all, lang)?;
    let catering = Catering::new(&everyone);
    let table = ParticipantTable::new(everyone.clone(), sort, lang);
    let waiting = waiting_list(&everyone);
    let awaiting = everyone
        .iter()
        .filter(|p| p.state == RsvpState::AwaitingApproval)
        .cloned()
        .collect();
    let page = ParticipantsPage {
        asks_lunch: m.asks_lunch,
        meeting: MeetingView::new(listing, lang)?,
        counts,
        table,
        catering,
        groups: tour_de_table(everyone, lang),
        waiting,
        awaiting,
        refusal,
        notice,
        attendance,
        chrome,
    };
    Ok(private(render_status(&page, status)?))
}

/// What the page shows besides the answers.
#[derive(Debug, Default)]
struct PageView {
    /// Why the last organizer action was refused.
    refusal: Option<String>,
    /// What the last organizer action did.
    notice: Option<&'static str>,
    /// The compact table's order.
    sort: SortBy,
}

/// The participant list of a meeting (`?done=removed` after removing
/// someone, `?sort=` for the compact table).
pub async fn list_participants(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    query: web::Query<TableQuery>,
) -> Result<HttpResponse, AppError> {
    let view = PageView {
        notice: match query.done.as_deref() {
            Some("removed") => Some(chrome.t.answers.participant_removed),
            _ => None,
        },
        sort: SortBy::parse(query.sort.as_deref()),
        refusal: None,
    };
    participants_page(&state, chrome, id.into_inner(), view, StatusCode::OK).await
}

/// The participant list as a spreadsheet, in the page's language.
pub async fn export_participants(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let (listing, all) = organized(&state, chrome.caller()?, id.into_inner()).await?;
    let lang = chrome.lang;
    let t = chrome.t;
    let day = utc(listing.meeting.starts_at)
        .with_timezone(&zone(&listing.meeting.time_zone)?)
        .date_naive();
    let asks_lunch = listing.meeting.asks_lunch;
    let everyone = ParticipantView::all(all, lang)?;
    let catering = Catering::new(&everyone);
    let groups = tour_de_table(everyone, lang);
    let header = [
        t.people.organization,
        t.people.name,
        t.people.email,
        t.answers.answer_label,
        t.answers.attendance_label,
        t.hosting.state,
        t.answers.waitlist_position,
        t.answers.rsvp_project_highlight,
        t.answers.rsvp_wished_development,
        t.answers.comment,
        t.answers.lunch_column,
        t.answers.dietary_column,
        t.answers.accessibility_column,
    ]
    .map(str::to_owned);
    let lunch = move |taken: bool| match (asks_lunch, taken) {
        (false, _) => String::new(),
        (true, true) => t.answers.lunch_taken.to_owned(),
        (true, false) => t.answers.lunch_not_taken.to_owned(),
    };
    let rows = groups.into_iter().flat_map(|group| {
        let body = group.name;
        group.people.into_iter().map(move |p| {
            [
                body.clone(),
                p.name,
                p.email,
                p.answer.to_owned(),
                p.attendance.to_owned(),
                p.state_label.to_owned(),
                p.waitlist_position
                    .map(|n| n.to_string())
                    .unwrap_or_default(),
                p.project_highlight,
                p.wished_development,
                p.comment,
                lunch(p.lunch),
                p.dietary_needs,
                p.accessibility_needs,
            ]
        })
    });
    // the caterer's count, under the list, when the meeting asks
    let total = asks_lunch.then(|| {
        let mut row: [String; 13] = Default::default();
        row[0] = t.answers.lunches_taken.to_owned();
        row[1] = catering.lunches.to_string();
        row
    });
    let body = super::csv::write(std::iter::once(header).chain(rows).chain(total));
    Ok(private(
        HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header((
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"participants-{day}.csv\""),
            ))
            .body(body),
    ))
}

/// `{id}/participants/{person_id}/…`.
#[derive(Debug, Deserialize)]
pub struct PersonPath {
    id: String,
    person_id: String,
}

/// What an organizer does to one answer.
#[derive(Debug, Clone, Copy)]
enum Decision {
    Approve,
    Refuse,
    Withdraw,
}

async fn act(
    state: &AppState,
    chrome: Chrome,
    path: PersonPath,
    decision: Decision,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    // refusals in the page's language
    let lang = chrome.lang;
    let settings = state.settings.clone();
    let PersonPath { id, person_id } = path;
    let meeting_id = id.clone();
    let result = state
        .db
        .change_answers(meeting_id.clone(), move |conn| {
            let (id, person) = (&meeting_id, &person_id);
            match decision {
                Decision::Approve | Decision::Refuse => {
                    let approve = matches!(decision, Decision::Approve);
                    services::rsvps::decide(conn, &settings, &caller, lang, id, person, approve)
                        .map(drop)
                }
                Decision::Withdraw => {
                    services::rsvps::withdraw_for(conn, &settings, &caller, lang, id, person)?
                        .then_some(())
                        .ok_or(AppError::NotFound)
                }
            }
        })
        .await;
    match result {
        Ok(()) if matches!(decision, Decision::Withdraw) => Ok(see_other(&format!(
            "/meetings/{id}/participants?done=removed"
        ))),
        Ok(()) => Ok(see_other(&format!("/meetings/{id}/participants"))),
        // the meeting is over or cancelled: said on the list itself
        Err(AppError::Conflict(message)) => {
            let view = PageView {
                refusal: Some(message),
                ..PageView::default()
            };
            participants_page(state, chrome, id, view, StatusCode::CONFLICT).await
        }
        Err(other) => Err(other),
    }
}

/// An organizer accepts an answer waiting for approval.
pub async fn approve_participant(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<PersonPath>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    act(&state, chrome, path.into_inner(), Decision::Approve).await
}

/// An organizer refuses an answer waiting for approval.
pub async fn refuse_participant(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<PersonPath>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    act(&state, chrome, path.into_inner(), Decision::Refuse).await
}

/// What removing a participant will do, before it is done.
pub async fn confirm_withdraw_participant(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<PersonPath>,
) -> Result<HttpResponse, AppError> {
    removal_confirmation(&state, chrome, path.into_inner()).await
}

async fn removal_confirmation(
    state: &AppState,
    chrome: Chrome,
    path: PersonPath,
) -> Result<HttpResponse, AppError> {
    let PersonPath { id, person_id } = path;
    let (listing, all) = organized(state, chrome.caller()?, id.clone()).await?;
    let p = all
        .iter()
        .find(|p| p.person.id == person_id)
        .ok_or(AppError::NotFound)?;
    let (title, lines) = chrome
        .lang
        .removal_confirmation(&p.person.name, &listing.meeting.title);
    let c = Confirmation {
        title,
        lines,
        action: format!("/meetings/{id}/participants/{person_id}/withdraw"),
        fields: Vec::new(),
        back: format!("/meetings/{id}/participants"),
    };
    Ok(private(confirm::show(chrome, c)?))
}

/// An organizer takes back someone's answer (confirmed; else the
/// confirmation page); a seat it held goes to the next in line, and the
/// person is told they were removed.
pub async fn withdraw_participant(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<PersonPath>,
    form: CsrfForm<Confirm>,
) -> Result<HttpResponse, AppError> {
    if !form.0.given() {
        return removal_confirmation(&state, chrome, path.into_inner()).await;
    }
    act(&state, chrome, path.into_inner(), Decision::Withdraw).await
}
