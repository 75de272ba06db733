//! A meeting's page, with its answers part (see `rsvps`).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;
use chrono::TimeZone;
use serde::Deserialize;

use super::actions::{ActionFormView, ActionsSection};
use super::files::{FilesPosted, FilesSection};
use super::rsvps::{AfterQuery, RsvpSection};
use super::views::MeetingView;
use super::{Chrome, render_status};
use crate::db;
use crate::db::rooms::Phone;
use crate::domain::MeetingStatus;
use crate::domain::actions::ActionState;
use crate::domain::error::{AppError, FieldError};
use crate::domain::rsvps::{AnswerInput, Closed};
use crate::domain::time::zone;
use crate::domain::video::Window;
use crate::http::state::AppState;
use crate::services;

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
    rsvp: RsvpSection,
    /// For a person entitled to the room: whether there is a video room,
    /// the phone bridge (number, `tel:` form, code), and where the meeting
    /// stands (how long until it starts, until when it runs).
    join: Option<(bool, Option<Phone>, String)>,
    /// The documents the reader may see, and the upload form.
    files: FilesSection,
    /// "Add to Google Calendar", "Add to Outlook" links.
    add_to: (String, String),
    /// Its action items, and the organizers' form.
    actions: ActionsSection,
    action_form: ActionFormView,
}

/// Where a meeting stands for those who may join it: how long until it
/// starts and whether the room is open yet, or until when it runs.
pub fn join_when(
    m: &db::meetings::Meeting,
    join_window: chrono::Duration,
    lang: crate::domain::Lang,
) -> Result<String, AppError> {
    let now = db::now();
    let window = Window::at(now, m.starts_at, m.ends_at, join_window);
    let ends_local = zone(&m.time_zone)?
        .from_utc_datetime(&m.ends_at)
        .naive_local();
    Ok(lang.join_when(
        window,
        now,
        m.starts_at,
        ends_local,
        join_window.num_minutes(),
    ))
}

/// `?invited=`, after sending invitations; `?file=`, after attaching or
/// deleting a document.
#[derive(Debug, Default, Deserialize)]
pub struct Invited {
    invited: Option<String>,
    file: Option<String>,
}

/// What an answer just sent left for the page to show.
#[derive(Debug, Default)]
pub struct Posted {
    /// What the person sent, shown again.
    pub input: Option<AnswerInput>,
    pub errors: Vec<FieldError>,
    /// Why it was refused.
    pub refusal: Option<String>,
    /// What was done.
    pub done: Option<&'static str>,
    /// How many invitations were just sent.
    pub invited: Option<usize>,
    /// What an upload or a deletion of a document left.
    pub files: FilesPosted,
    /// The form registering a colleague, sent again with its errors.
    pub colleague: super::rsvps::ColleaguePosted,
}

/// One meeting. Drafts are not public: they answer 404 like a missing page.
pub async fn show_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    query: web::Query<AfterQuery>,
    invited: web::Query<Invited>,
) -> Result<HttpResponse, AppError> {
    let posted = Posted {
        done: query.done(chrome.lang),
        invited: invited.invited.as_deref().and_then(|n| n.parse().ok()),
        files: FilesPosted {
            done: super::files::done(invited.file.as_deref(), chrome.lang),
            ..FilesPosted::default()
        },
        ..Posted::default()
    };
    render_meeting(&state, chrome, id.into_inner(), posted, StatusCode::OK).await
}

/// The meeting page, with what a post left to show.
pub async fn render_meeting(
    state: &AppState,
    chrome: Chrome,
    id: String,
    mut posted: Posted,
    status: StatusCode,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.signed_in.clone();
    let lang = chrome.lang;
    let (listing, call, all, room, files, items, registers) = state
        .db
        .run(move |conn| {
            // A draft is not public: to anyone else it does not exist.
            let listing = services::rsvps::visible_meeting(conn, caller.as_ref(), &id)?;
            let call = db::hosting_calls::find_for_meeting(conn, &id)?;
            let all = db::rsvps::participants(conn, &id)?;
            // the room's existence and bridge: for entitled people only
            let room = match &caller {
                Some(c) if services::rsvps::may_join(conn, c, &listing)? => {
                    db::rooms::find(conn, &id)?
                }
                _ => None,
            };
            let files = services::files::list_for(conn, caller.as_ref(), &listing)?;
            let items = services::actions::items_of(conn, caller.as_ref(), &listing)?;
            // a person of a member body may register colleagues
            let registers = match &caller {
                Some(c) => services::registrations::registering_body(conn, c, lang).is_ok(),
                None => false,
            };
            Ok((listing, call, all, room, files, items, registers))
        })
        .await?;
    let join = match room {
        Some(r) => {
            let when = join_when(&listing.meeting, state.settings.join_window, chrome.lang)?;
            Some((r.provider.is_some(), r.phone(), when))
        }
        None => None,
    };
    let may_organize = chrome
        .signed_in
        .as_ref()
        .is_some_and(|c| services::rsvps::organizes(c, &listing));
    // invitations are for meetings that still take answers
    let m = &listing.meeting;
    // the same rule as `invitations::invite`: open to members' answers
    let open = Closed::check(
        crate::domain::decode(&m.status)?,
        m.rsvp_deadline,
        m.ends_at,
        db::now(),
        false,
    )
    .is_none();
    let may_invite = may_organize && open;
    let invited = posted.invited.filter(|_| may_organize);
    let visitor = chrome
        .signed_in
        .as_ref()
        .map(|c| (c.person.id.as_str(), may_organize));
    let files = FilesSection::new(
        files,
        std::mem::take(&mut posted.files),
        chrome.lang,
        state.settings.files_max_bytes,
    )?;
    let mut rsvp = RsvpSection::new(&listing.meeting, all, visitor, posted, chrome.lang)?;
    rsvp.colleague.shown = registers && rsvp.closed.is_none();
    let actions = ActionsSection::new(items, chrome.signed_in.as_ref(), chrome.lang)?;
    let action_form = ActionFormView::new(Default::default(), Vec::new(), chrome.lang);
    let meeting = MeetingView::new(listing, chrome.lang)?;
    let page_url = format!("{}/meetings/{}", state.settings.base_url, meeting.id);
    let add_to = super::views::add_to_calendar(&meeting, &page_url);
    let signed_in = chrome.signed_in.is_some();
    let mut response = render_status(
        &MeetingPage {
            chrome,
            may_organize,
            may_invite,
            invited,
            join,
            meeting,
            hosting_call: call.map(|c| (c.id, c.title)),
            rsvp,
            files,
            add_to,
            actions,
            action_form,
        },
        status,
    )?;
    if signed_in {
        // the person's own answer is on it
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, no-store"),
        );
    }
    Ok(crate::http::shared_pages::share(response, !signed_in))
}
