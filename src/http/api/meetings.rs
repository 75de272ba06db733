//! `/api/v1/meetings`: the club's meetings. Reading is public (drafts only
//! for their organizers); writing is for admins, and coordinators for their
//! group's sessions.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::{Page, PageQuery, page};
use crate::db::meetings::{MeetingFilter, MeetingListing};
use crate::db::{self, write_transaction};
use crate::domain::error::{AppError, FieldError};
use crate::domain::meetings::{CheckedMeeting, MeetingInput};
use crate::domain::time::{utc, zone};
use crate::domain::{MeetingFormat, MeetingKind, MeetingStatus, decode};
use crate::http::auth::ApiCaller;
use crate::http::shared_pages::share;
use crate::http::state::AppState;
use crate::services;
use crate::services::caller::Caller;
use crate::services::policy::Action;

/// A meeting's place.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct VenueJson {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub city: Option<String>,
    #[serde(default)]
    pub directions: Option<String>,
    /// Decimal degrees.
    #[serde(default)]
    pub latitude: Option<f64>,
    #[serde(default)]
    pub longitude: Option<f64>,
}

/// A meeting as the API shows it: instants with the offset of the meeting's
/// zone, and the zone.
#[derive(Debug, Serialize)]
pub struct MeetingJson {
    pub id: String,
    pub kind: MeetingKind,
    pub title: String,
    pub format: MeetingFormat,
    pub status: MeetingStatus,
    pub starts_at: String,
    pub ends_at: String,
    pub time_zone: String,
    pub venue: Option<VenueJson>,
    pub host_organization: Option<String>,
    pub working_group: Option<String>,
    pub capacity: Option<i32>,
    pub remote_capacity: Option<i32>,
    pub organization_quota: Option<i32>,
    pub approval_required: bool,
    /// Whether answers say if the person takes the lunch.
    pub asks_lunch: bool,
    pub rsvp_deadline: Option<String>,
    pub agenda: String,
    pub sequence: i32,
    /// The series it was planned in (`/api/v1/series/{id}`), if any.
    pub series_id: Option<String>,
    pub url: String,
}

impl MeetingJson {
    /// The meeting as the API shows it.
    pub fn new(listing: MeetingListing, base_url: &str) -> Result<Self, AppError> {
        let m = listing.meeting;
        let tz = zone(&m.time_zone)?;
        let local = |t: chrono::NaiveDateTime| utc(t).with_timezone(&tz).to_rfc3339();
        let venue = (m.venue_name.is_some() || m.venue_city.is_some()).then_some(VenueJson {
            name: m.venue_name,
            address: m.venue_address,
            city: m.venue_city,
            directions: m.venue_directions,
            latitude: m.venue_latitude,
            longitude: m.venue_longitude,
        });
        Ok(Self {
            kind: decode(&m.kind)?,
            format: decode(&m.format)?,
            status: decode(&m.status)?,
            starts_at: local(m.starts_at),
            ends_at: local(m.ends_at),
            rsvp_deadline: m.rsvp_deadline.map(local),
            url: format!("{base_url}/meetings/{}", m.id),
            id: m.id,
            title: m.title,
            time_zone: m.time_zone,
            venue,
            host_organization: listing.host.map(|(slug, _)| slug),
            working_group: listing.working_group.map(|(slug, _)| slug),
            capacity: m.capacity,
            remote_capacity: m.remote_capacity,
            organization_quota: m.organization_quota,
            approval_required: m.approval_required,
            asks_lunch: m.asks_lunch,
            agenda: m.agenda,
            sequence: m.sequence,
            series_id: m.series_id,
        })
    }
}

/// Filters of the list.
#[derive(Debug, Deserialize)]
pub struct MeetingQuery {
    kind: Option<String>,
    working_group: Option<String>,
    organization: Option<String>,
    #[serde(default)]
    include_past: bool,
    limit: Option<i64>,
    cursor: Option<String>,
}

fn may_see(caller: Option<&Caller>, listing: &MeetingListing) -> bool {
    if listing.meeting.status != "draft" {
        return true;
    }
    let Ok(kind) = decode::<MeetingKind>(&listing.meeting.kind) else {
        return false;
    };
    caller.is_some_and(|c| {
        c.may(Action::OrganizeMeeting {
            kind,
            working_group_id: listing.meeting.working_group_id.as_deref(),
        })
    })
}

/// Meetings in start order: upcoming ones, or all with `include_past`.
pub async fn list_meetings(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    query: web::Query<MeetingQuery>,
) -> Result<HttpResponse, AppError> {
    let query = query.into_inner();
    let limit = PageQuery {
        limit: query.limit,
        cursor: None,
    }
    .limit();
    let cursor = query.cursor.clone();
    let kind = match query.kind.as_deref() {
        Some(text) => Some(decode::<MeetingKind>(text).map_err(|_| {
            AppError::Invalid(vec![FieldError::new(
                "kind",
                "december_session | spring_plenary | working_group_session",
            )])
        })?),
        None => None,
    };
    let caller = caller.map(|c| c.0);
    let include_drafts = caller.is_some();
    let base_url = state.settings.base_url.clone();
    let rows = state
        .db
        .run(move |conn| {
            let working_group_id = match &query.working_group {
                Some(slug) => Some(
                    db::working_groups::find_by_slug(conn, slug)?
                        .ok_or(AppError::NotFound)?
                        .id,
                ),
                None => None,
            };
            let host_organization_id = match &query.organization {
                Some(slug) => Some(
                    db::organizations::find_by_slug(conn, slug)?
                        .ok_or(AppError::NotFound)?
                        .id,
                ),
                None => None,
            };
            let filter = MeetingFilter {
                ending_after: (!query.include_past).then(db::now),
                working_group_id,
                host_organization_id,
                kind: kind.map(|k| crate::domain::code(k).to_owned()),
                include_drafts,
                after: cursor.as_deref().and_then(db::meetings::parse_cursor),
                limit: Some(limit + 1),
                ..MeetingFilter::default()
            };
            db::meetings::list(conn, &filter)
        })
        .await?;
    // the page ends where the query did, the drafts the caller may not see
    // left out: a page may hold fewer than `limit`, and the next one follows
    let seen: Page<Option<MeetingJson>> = page(rows, limit, MeetingListing::cursor, |l| {
        may_see(caller.as_ref(), &l)
            .then(|| MeetingJson::new(l, &base_url))
            .transpose()
    })?;
    let response = HttpResponse::Ok().json(Page {
        items: seen.items.into_iter().flatten().collect::<Vec<_>>(),
        next_cursor: seen.next_cursor,
    });
    Ok(share(response, caller.is_none()))
}

/// One meeting.
pub async fn show_meeting(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let listing = state
        .db
        .run(move |conn| db::meetings::find(conn, &id)?.ok_or(AppError::NotFound))
        .await?;
    let anonymous = caller.is_none();
    if !may_see(caller.map(|c| c.0).as_ref(), &listing) {
        return Err(AppError::NotFound);
    }
    let response = HttpResponse::Ok().json(MeetingJson::new(listing, &state.settings.base_url)?);
    Ok(share(response, anonymous))
}

/// A meeting to create, or the fields of a change (absent: unchanged).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct MeetingBody {
    kind: Option<String>,
    title: Option<String>,
    format: Option<String>,
    status: Option<String>,
    starts_at_local: Option<String>,
    ends_at_local: Option<String>,
    time_zone: Option<String>,
    venue: Option<VenueJson>,
    host_organization: Option<String>,
    working_group: Option<String>,
    // absent: unchanged; `null`: no limit (or no deadline)
    #[serde(default, deserialize_with = "present")]
    capacity: Option<Option<i32>>,
    #[serde(default, deserialize_with = "present")]
    remote_capacity: Option<Option<i32>>,
    #[serde(default, deserialize_with = "present")]
    organization_quota: Option<Option<i32>>,
    approval_required: Option<bool>,
    asks_lunch: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    rsvp_deadline: Option<Option<String>>,
    /// The room and bridge; `null` removes them. Never read back: the room
    /// is reached through the join gateway.
    #[serde(default, deserialize_with = "present")]
    video: Option<Option<VideoBody>>,
    agenda: Option<String>,
}

/// A meeting's room and phone bridge, as sent.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VideoBody {
    provider: Option<String>,
    url: Option<String>,
    dial_in_number: Option<String>,
    dial_in_pin: Option<String>,
}

/// A field that is present, `null` included: `Some(None)` for `null`
/// (absent fields stay `None` through `#[serde(default)]`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

impl MeetingBody {
    /// These fields over `base`.
    fn over(self, mut base: MeetingInput) -> MeetingInput {
        let set = |field: &mut String, value: Option<String>| {
            if let Some(value) = value {
                *field = value;
            }
        };
        set(&mut base.kind, self.kind);
        set(&mut base.title, self.title);
        set(&mut base.format, self.format);
        set(&mut base.status, self.status);
        set(&mut base.starts_at_local, self.starts_at_local);
        set(&mut base.ends_at_local, self.ends_at_local);
        set(&mut base.time_zone, self.time_zone);
        if let Some(venue) = self.venue {
            base.venue_name = venue.name.unwrap_or_default();
            base.venue_address = venue.address.unwrap_or_default();
            base.venue_city = venue.city.unwrap_or_default();
            base.venue_directions = venue.directions.unwrap_or_default();
            let text = |d: Option<f64>| d.map(|d| d.to_string()).unwrap_or_default();
            base.venue_latitude = text(venue.latitude);
            base.venue_longitude = text(venue.longitude);
        }
        set(&mut base.host_organization, self.host_organization);
        set(&mut base.working_group, self.working_group);
        let text = |value: Option<Option<i32>>| {
            value.map(|v| v.map(|n| n.to_string()).unwrap_or_default())
        };
        set(&mut base.capacity, text(self.capacity));
        set(&mut base.remote_capacity, text(self.remote_capacity));
        set(&mut base.organization_quota, text(self.organization_quota));
        if let Some(required) = self.approval_required {
            base.approval_required = required;
        }
        if let Some(asks) = self.asks_lunch {
            base.asks_lunch = asks;
        }
        if let Some(video) = self.video {
            let video = video.unwrap_or_default();
            base.video_provider = video.provider.unwrap_or_default();
            base.video_url = video.url.unwrap_or_default();
            base.dial_in_number = video.dial_in_number.unwrap_or_default();
            base.dial_in_pin = video.dial_in_pin.unwrap_or_default();
        }
        set(
            &mut base.rsvp_deadline_local,
            self.rsvp_deadline.map(Option::unwrap_or_default),
        );
        set(&mut base.agenda, self.agenda);
        base
    }
}

/// Checks the input and that `caller` may organize what it describes;
/// returns the checked meeting.
fn checked_for(
    conn: &mut db::DbConn,
    caller: &Caller,
    input: &MeetingInput,
) -> Result<CheckedMeeting, AppError> {
    let checked = CheckedMeeting::parse(input).map_err(|problems| {
        let errors = caller.lang().field_errors(problems);
        // the API names some fields otherwise than the form
        AppError::Invalid(
            errors
                .into_iter()
                .map(|mut e| {
                    let api_name = match e.field.as_str() {
                        "rsvp_deadline_local" => Some("rsvp_deadline"),
                        "venue_latitude" => Some("venue.latitude"),
                        "video_provider" => Some("video.provider"),
                        "video_url" => Some("video.url"),
                        "dial_in_number" => Some("video.dial_in_number"),
                        "dial_in_pin" => Some("video.dial_in_pin"),
                        _ => None,
                    };
                    if let Some(name) = api_name {
                        e.field = name.to_owned();
                    }
                    e
                })
                .collect(),
        )
    })?;
    let group = db::meetings::working_group_id(conn, &checked)?;
    caller.require(Action::OrganizeMeeting {
        kind: checked.kind,
        working_group_id: group.as_deref(),
    })?;
    Ok(checked)
}

/// Creates a meeting.
pub async fn create_meeting(
    state: web::Data<AppState>,
    caller: ApiCaller,
    body: web::Json<MeetingBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let lang = caller.lang();
    let input = body.into_inner().over(MeetingInput::default());
    let listing = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let checked = checked_for(conn, &caller, &input)?;
                let id = db::meetings::create(conn, &checked)?;
                db::meetings::find(conn, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await
        .map_err(|e| lang.worded(e))?;
    Ok(HttpResponse::Created().json(MeetingJson::new(listing, &state.settings.base_url)?))
}

/// Changes some fields of a meeting; the sequence goes up when a calendar
/// must see the change.
pub async fn update_meeting(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
    body: web::Json<MeetingBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = id.into_inner();
    let body = body.into_inner();
    let settings = state.settings.clone();
    let listing = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let old = db::meetings::find(conn, &id)?.ok_or(AppError::NotFound)?;
                require_organizer(&caller, &old)?;
                let room = db::rooms::find(conn, &id)?;
                let base = db::meetings::as_input(&old, room.as_ref());
                let checked = checked_for(conn, &caller, &body.clone().over(base))?;
                services::meetings::update(conn, &settings, &id, &checked, caller.lang())?;
                db::meetings::find(conn, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(MeetingJson::new(listing, &state.settings.base_url)?))
}

fn require_organizer(caller: &Caller, listing: &MeetingListing) -> Result<(), AppError> {
    if !may_see(Some(caller), listing) {
        return Err(AppError::NotFound);
    }
    caller.require(Action::OrganizeMeeting {
        kind: decode(&listing.meeting.kind)?,
        working_group_id: listing.meeting.working_group_id.as_deref(),
    })
}

/// Cancels a meeting; it stays, with status `cancelled`.
pub async fn cancel_meeting(
    state: web::Data<AppState>,
    caller: ApiCaller,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = id.into_inner();
    let settings = state.settings.clone();
    let listing = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let old = db::meetings::find(conn, &id)?.ok_or(AppError::NotFound)?;
                require_organizer(&caller, &old)?;
                services::meetings::cancel(conn, &settings, &id)?;
                db::meetings::find(conn, &id)?.ok_or(AppError::NotFound)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(MeetingJson::new(listing, &state.settings.base_url)?))
}
