//! The join gateway, `/meetings/{id}/join`: the one link to a meeting's
//! room that pages, mails and personal feeds carry. It checks, at the moment
//! of joining, who asks and when, then sends them to the room; otherwise it
//! explains why and, when too early, when the room opens. The room's
//! address appears in no page: only in the redirect, for entitled people.
//!
//! Who asks: the person of a personal join link (`?t=`, from their mails
//! and personal feed; the link's person, whoever is signed in, and no
//! session is made), else the signed-in person.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, render_status};
use crate::domain::time::{utc, zone};
use chrono::NaiveDateTime;

use crate::db::meetings::MeetingListing;
use crate::db::rooms::{Phone, Room};
use crate::db::{self, write_transaction};
use crate::domain::error::AppError;
use crate::domain::video::{VideoProvider, Window};
use crate::domain::{MeetingStatus, code};
use crate::http::state::AppState;
use crate::infra::bigbluebutton::{self, RoomMeeting, RoomUser, Unreachable};
use crate::infra::jitsi::{self, JitsiUser};
use crate::services;
use crate::services::caller::{Caller, load_caller};
use crate::services::links;

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
    /// The room's server did not answer as it should.
    Unreachable,
    /// A personal join link that is not one for this meeting.
    InvalidLink,
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
    /// Whom to tell when the room is unreachable: the group's coordinators.
    coordinators: Vec<String>,
    /// The club's address.
    club_address: String,
}

/// The query of the gateway.
#[derive(Debug, Deserialize)]
pub struct JoinQuery {
    /// A personal join link's token.
    t: Option<String>,
}

/// Where an entitled person goes: the room, with their own token on a Jitsi
/// server that asks for one (valid for this room, from the window's
/// opening to the end), or their own signed join address on the
/// BigBlueButton server, once the meeting runs there. `None`: a room this
/// instance cannot open.
async fn room_address(
    state: &AppState,
    listing: &MeetingListing,
    room: &Room,
    caller: &Caller,
    moderator: bool,
    window: (NaiveDateTime, NaiveDateTime),
) -> Result<Result<Option<String>, Unreachable>, AppError> {
    let settings = &state.settings;
    let person = &caller.person;
    Ok(Ok(match (room.provider()?, &room.room) {
        (Some(VideoProvider::StaticUrl), Some(url)) => Some(url.clone()),
        (Some(VideoProvider::Jitsi), Some(name)) => {
            let address = format!("{}/{name}", settings.jitsi_url);
            Some(match &settings.jitsi_jwt {
                Some((app_id, secret)) => {
                    let domain = url::Url::parse(&settings.jitsi_url)
                        .ok()
                        .and_then(|u| u.host_str().map(str::to_owned))
                        .unwrap_or_default();
                    let user = JitsiUser {
                        name: &person.name,
                        email: &person.email,
                        moderator,
                    };
                    let jwt =
                        jitsi::token(app_id, &secret.0, &domain, name, &user, window.0, window.1);
                    format!("{address}?jwt={jwt}")
                }
                None => address,
            })
        }
        (Some(VideoProvider::Bigbluebutton), Some(name)) => {
            let Some(server) = &state.bigbluebutton else {
                return Ok(Ok(None));
            };
            let m = &listing.meeting;
            let logout_url = format!("{}/meetings/{}", settings.base_url, m.id);
            let meeting = RoomMeeting {
                room: name,
                title: &m.title,
                logout_url: &logout_url,
                dial_number: room.dial_in_number.as_deref(),
                voice_bridge: bigbluebutton::voice_bridge(room.dial_in_pin.as_deref()),
            };
            if let Err(reason) = server.ensure_meeting(&meeting).await {
                return Ok(Err(reason));
            }
            Some(server.join_url(
                name,
                &RoomUser {
                    name: &person.name,
                    id: &person.id,
                    moderator,
                },
            ))
        }
        _ => None,
    }))
}

/// What the gateway knows of one request.
struct Asked {
    listing: MeetingListing,
    room: Option<Room>,
    /// The person who asks, and whether they may join; `None` for a link
    /// that is not valid.
    caller: Option<(Caller, bool)>,
    coordinators: Vec<String>,
}

/// The gateway.
pub async fn join_meeting(
    req: HttpRequest,
    state: web::Data<AppState>,
    mut chrome: Chrome,
    id: web::Path<String>,
    query: web::Query<JoinQuery>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let token = query.into_inner().t;
    let signed_in = match &token {
        Some(_) => None,
        None => Some(chrome.caller()?.clone()),
    };
    let settings = state.settings.clone();
    let asked = state
        .db
        .run({
            let (id, settings) = (id.clone(), settings.clone());
            move |conn| {
                let caller = match (signed_in.clone(), token.clone()) {
                    (Some(caller), _) => Some(caller),
                    (None, Some(token)) => {
                        match links::verify_join(&settings.secret_key, &id, &token) {
                            Some(person) => load_caller(conn, &person)?,
                            None => None,
                        }
                    }
                    (None, None) => None,
                };
                // drafts: only their organizers see them, with or without a link
                let listing = services::rsvps::visible_meeting(conn, caller.as_ref(), &id)?;
                let room = db::rooms::find(conn, &id)?;
                let caller = match caller {
                    Some(caller) => {
                        let entitled = services::rsvps::may_join(conn, &caller, &listing)?;
                        Some((caller, entitled))
                    }
                    None => None,
                };
                let coordinators = match &listing.meeting.working_group_id {
                    Some(group) => db::working_groups::coordinator_names(conn, group)?,
                    None => Vec::new(),
                };
                Ok(Asked {
                    listing,
                    room,
                    caller,
                    coordinators,
                })
            }
        })
        .await?;
    let Asked {
        listing,
        room,
        caller,
        coordinators,
    } = asked;
    // a link's page speaks its person's language, unless one was asked for
    if let (None, Some((caller, _)), None) =
        (&chrome.signed_in, &caller, super::requested_lang(&req))
    {
        chrome.lang = caller.lang();
        chrome.t = chrome.lang.texts();
    }
    let m = &listing.meeting;
    let tz = zone(&m.time_zone)?;
    let window = Window::at(db::now(), m.starts_at, m.ends_at, settings.join_window);
    let entitled = caller.as_ref().is_some_and(|(_, entitled)| *entitled);
    // a phone bridge alone is no room to send anyone to
    let has_video = room.as_ref().is_some_and(|r| r.provider.is_some());
    let mut refusal = match (&caller, entitled, window) {
        (None, _, _) => Some(Refusal::InvalidLink),
        _ if m.status != code(MeetingStatus::Scheduled) => Some(Refusal::Closed),
        _ if !has_video => Some(Refusal::NoRoom),
        (_, false, _) => Some(Refusal::NotEntitled),
        (_, true, Window::Over) => Some(Refusal::Closed),
        (_, true, Window::Early { opens_at }) => {
            let local = utc(opens_at).with_timezone(&tz).naive_local();
            Some(Refusal::Early(format!(
                "{}, {}",
                chrome.lang.date(local.date()),
                chrome.lang.clock(local)
            )))
        }
        (_, true, Window::Open) => None,
    };
    if let (None, Some((caller, _)), Some(room)) = (&refusal, &caller, &room) {
        let moderator = services::rsvps::organizes(caller, &listing);
        let opens = m.starts_at - settings.join_window;
        let address = room_address(
            &state,
            &listing,
            room,
            caller,
            moderator,
            (opens, m.ends_at),
        )
        .await?;
        match address {
            Ok(Some(address)) => {
                let (person, meeting) = (caller.person.id.clone(), id.clone());
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
            Ok(None) => refusal = Some(Refusal::Unavailable),
            Err(reason) => {
                // the reason names no address, checksum or secret
                tracing::warn!(meeting = %id, %reason, "the BigBlueButton room is unreachable");
                refusal = Some(Refusal::Unreachable);
            }
        }
    }
    let refusal = refusal.unwrap_or(Refusal::Unavailable);
    let status = match refusal {
        Refusal::NotEntitled | Refusal::InvalidLink => StatusCode::FORBIDDEN,
        Refusal::Closed => StatusCode::GONE,
        Refusal::NoRoom => StatusCode::NOT_FOUND,
        Refusal::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        Refusal::Unreachable => StatusCode::BAD_GATEWAY,
        Refusal::Early(_) => StatusCode::OK,
    };
    let dial_in = room.filter(|_| entitled).and_then(|r| r.phone());
    let mut response = render_status(
        &JoinPage {
            meeting_id: id,
            title: listing.meeting.title.clone(),
            refusal,
            dial_in,
            coordinators,
            club_address: services::feeds::organizer(&settings).email,
            chrome,
        },
        status,
    )?;
    let headers = response.headers_mut();
    headers.insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    // the address may hold a personal link's token: never sent on
    headers.insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("no-referrer"),
    );
    Ok(response)
}
