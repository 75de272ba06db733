//! The join gateway, `/meetings/{id}/join`: the one link to a meeting's
//! room that pages, mails and personal feeds carry. It checks, at the moment
//! of joining, who asks and when, then sends them to the room; otherwise it
//! explains why and, when too early, when the room opens. The room's
//! address appears in no page: only in the redirect, for entitled people.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, web};
use askama::Template;

use super::views::{utc, zone};
use super::{Chrome, render_status};
use chrono::NaiveDateTime;

use crate::auth::jitsi::{self, JitsiUser};
use crate::db::rooms::{Phone, Room};
use crate::db::{self, write_transaction};
use crate::domain::video::{VideoProvider, Window};
use crate::domain::{MeetingStatus, code, time};
use crate::error::AppError;
use crate::registrations;
use crate::settings::Settings;
use crate::startup::AppState;

/// Why the gateway does not send the person on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The meeting has no room.
    NoRoom,
    /// The person has no seat, organizes nothing, follows no group.
    NotEntitled,
    /// Too early: when the room opens, in the meeting's zone.
    Early(String),
    /// Over, or cancelled.
    Closed,
    /// The room is of a kind this instance cannot open yet.
    Unavailable,
}

#[derive(Template)]
#[template(path = "join.html")]
struct JoinPage {
    chrome: Chrome,
    meeting_id: String,
    title: String,
    refusal: Refusal,
    /// The phone bridge, for entitled people: number, `tel:` form, code.
    dial_in: Option<Phone>,
}

/// Where an entitled person goes: the room, with their own token on a Jitsi
/// server that asks for one (valid for this room, from the window's
/// opening to the end).
fn room_address(
    settings: &Settings,
    room: &Room,
    user: &JitsiUser<'_>,
    window: (NaiveDateTime, NaiveDateTime),
) -> Result<Option<String>, AppError> {
    Ok(match (room.provider()?, &room.room) {
        (Some(VideoProvider::StaticUrl), Some(url)) => Some(url.clone()),
        (Some(VideoProvider::Jitsi), Some(name)) => {
            let address = format!("{}/{name}", settings.jitsi_url);
            Some(match &settings.jitsi_jwt {
                Some((app_id, secret)) => {
                    let domain = url::Url::parse(&settings.jitsi_url)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_owned))
                        .unwrap_or_default();
                    let jwt =
                        jitsi::token(app_id, &secret.0, &domain, name, user, window.0, window.1);
                    format!("{address}?jwt={jwt}")
                }
                None => address,
            })
        }
        _ => None,
    })
}

/// The gateway.
pub async fn join_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let id = id.into_inner();
    let settings = state.settings.clone();
    let (listing, room, entitled) = state
        .db
        .run({
            let id = id.clone();
            move |conn| {
                let listing = registrations::visible_meeting(conn, Some(&caller), &id)?;
                let room = db::rooms::find(conn, &id)?;
                let entitled = registrations::may_join(conn, &caller, &listing)?;
                Ok((listing, room, entitled))
            }
        })
        .await?;
    let m = &listing.meeting;
    let tz = zone(&m.time_zone)?;
    let window = Window::at(db::now(), m.starts_at, m.ends_at, settings.join_window);
    let organizer = chrome
        .signed_in
        .as_ref()
        .is_some_and(|c| registrations::organizes(c, &listing));
    let person = &chrome.caller()?.person;
    let user = JitsiUser {
        name: &person.name,
        email: &person.email,
        moderator: organizer,
    };
    let opens = m.starts_at - settings.join_window;
    let address = match &room {
        Some(room) => room_address(&settings, room, &user, (opens, m.ends_at))?,
        None => None,
    };
    // a phone bridge alone is no room to send anyone to
    let has_video = room.as_ref().is_some_and(|r| r.provider.is_some());
    let refusal = match (&room, entitled, window) {
        _ if m.status != code(MeetingStatus::Scheduled) => Some(Refusal::Closed),
        _ if !has_video => Some(Refusal::NoRoom),
        (_, false, _) => Some(Refusal::NotEntitled),
        (_, true, Window::Over) => Some(Refusal::Closed),
        (_, true, Window::Early { opens_at }) => {
            let local = utc(opens_at).with_timezone(&tz).naive_local();
            Some(Refusal::Early(format!(
                "{}, {}",
                time::date(local.date(), chrome.lang),
                time::clock(local, chrome.lang)
            )))
        }
        (_, true, Window::Open) if address.is_none() => Some(Refusal::Unavailable),
        (_, true, Window::Open) => None,
    };
    if let (None, Some(address)) = (&refusal, address) {
        let (person, meeting, moderator) = (person.id.clone(), id.clone(), organizer);
        state
            .db
            .run(move |conn| {
                write_transaction(conn, |conn| {
                    db::rooms::record_join(conn, &meeting, &person, moderator)
                })
            })
            .await?;
        return Ok(HttpResponse::SeeOther()
            .insert_header((header::LOCATION, address))
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .insert_header(("Referrer-Policy", "no-referrer"))
            .finish());
    }
    let refusal = refusal.unwrap_or(Refusal::Unavailable);
    let status = match refusal {
        Refusal::NotEntitled => StatusCode::FORBIDDEN,
        Refusal::Closed => StatusCode::GONE,
        Refusal::NoRoom => StatusCode::NOT_FOUND,
        Refusal::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Refusal::Early(_) => StatusCode::OK,
    };
    let dial_in = room.filter(|_| entitled).and_then(|r| r.phone());
    let mut response = render_status(
        &JoinPage {
            meeting_id: id,
            title: listing.meeting.title.clone(),
            refusal,
            dial_in,
            chrome,
        },
        status,
    )?;
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    Ok(response)
}
