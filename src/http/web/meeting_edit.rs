//! Creating, editing and cancelling meetings: admins for every meeting,
//! coordinators for their group's sessions.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::Chrome;
use super::signin::Empty;
use crate::db::organizations::Organization;
use crate::db::working_groups::WorkingGroup;
use crate::db::{self, write_transaction};
use crate::domain::error::{AppError, FieldError, Problem};
use crate::domain::meetings::{CheckedMeeting, MeetingInput};
use crate::domain::{MeetingFormat, MeetingKind, code, decode};
use crate::http::auth::csrf::CsrfForm;
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;
use crate::services::policy::{Action, require};

/// The meeting form's fields, as sent.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct MeetingForm {
    kind: String,
    title: String,
    format: String,
    status: String,
    starts_at_local: String,
    ends_at_local: String,
    time_zone: String,
    venue_name: String,
    venue_address: String,
    venue_city: String,
    venue_directions: String,
    venue_latitude: String,
    venue_longitude: String,
    host_organization: String,
    working_group: String,
    capacity: String,
    remote_capacity: String,
    organization_quota: String,
    /// A checkbox: present when ticked.
    approval_required: Option<String>,
    /// A checkbox: present when ticked.
    asks_lunch: Option<String>,
    rsvp_deadline_local: String,
    agenda: String,
    video_provider: String,
    video_url: String,
    dial_in_number: String,
    dial_in_pin: String,
}

impl From<MeetingForm> for MeetingInput {
    fn from(f: MeetingForm) -> Self {
        Self {
            kind: f.kind,
            title: f.title,
            format: f.format,
            status: f.status,
            starts_at_local: f.starts_at_local,
            ends_at_local: f.ends_at_local,
            time_zone: f.time_zone,
            venue_name: f.venue_name,
            venue_address: f.venue_address,
            venue_city: f.venue_city,
            venue_directions: f.venue_directions,
            venue_latitude: f.venue_latitude,
            venue_longitude: f.venue_longitude,
            host_organization: f.host_organization,
            working_group: f.working_group,
            capacity: f.capacity,
            remote_capacity: f.remote_capacity,
            organization_quota: f.organization_quota,
            approval_required: f.approval_required.is_some(),
            asks_lunch: f.asks_lunch.is_some(),
            rsvp_deadline_local: f.rsvp_deadline_local,
            agenda: f.agenda,
            video_provider: f.video_provider,
            video_url: f.video_url,
            dial_in_number: f.dial_in_number,
            dial_in_pin: f.dial_in_pin,
        }
    }
}

#[derive(Template)]
#[template(path = "meeting_form.html")]
struct MeetingFormPage {
    chrome: Chrome,
    /// Where the form posts.
    action: String,
    heading: &'static str,
    input: MeetingInput,
    errors: Vec<FieldError>,
    organizations: Vec<Organization>,
    groups: Vec<WorkingGroup>,
}

impl MeetingFormPage {
    fn error(&self, field: &str) -> Option<&str> {
        super::field_error(&self.errors, field)
    }

    fn kinds(&self) -> Vec<(&'static str, &'static str)> {
        super::options(|k: MeetingKind| self.chrome.lang.meeting_kind(k))
    }

    /// The three local times: field, label, value, help.
    fn time_fields(&self) -> [(&'static str, &'static str, &str, &'static str); 3] {
        let t = self.chrome.t;
        [
            (
                "starts_at_local",
                t.meetings.starts_at_local,
                &self.input.starts_at_local,
                t.meetings.time_help,
            ),
            (
                "ends_at_local",
                t.meetings.ends_at_local,
                &self.input.ends_at_local,
                t.meetings.end_help,
            ),
            (
                "rsvp_deadline_local",
                t.meetings.rsvp_deadline,
                &self.input.rsvp_deadline_local,
                t.meetings.time_help,
            ),
        ]
    }

    /// The seat limits: field, label, value.
    fn seat_fields(&self) -> [(&'static str, &'static str, &str); 3] {
        let t = self.chrome.t;
        [
            ("capacity", t.meetings.capacity, &self.input.capacity),
            (
                "remote_capacity",
                t.meetings.remote_capacity,
                &self.input.remote_capacity,
            ),
            (
                "organization_quota",
                t.meetings.organization_quota,
                &self.input.organization_quota,
            ),
        ]
    }

    /// The room providers, "none" first.
    fn video_providers(&self) -> [(&'static str, &'static str); 4] {
        let t = self.chrome.t;
        [
            ("", t.meetings.video_none),
            ("jitsi", t.meetings.video_jitsi),
            ("bigbluebutton", t.meetings.video_bigbluebutton),
            ("static_url", t.meetings.video_static_url),
        ]
    }

    /// The room's address and the bridge: field, label, value.
    fn video_fields(&self) -> [(&'static str, &'static str, &str); 3] {
        let t = self.chrome.t;
        [
            ("video_url", t.meetings.video_url, &self.input.video_url),
            (
                "dial_in_number",
                t.meetings.dial_in_number,
                &self.input.dial_in_number,
            ),
            (
                "dial_in_pin",
                t.meetings.dial_in_pin,
                &self.input.dial_in_pin,
            ),
        ]
    }

    fn formats(&self) -> Vec<(&'static str, &'static str)> {
        super::options(|f: MeetingFormat| self.chrome.lang.meeting_format(f))
    }
}

async fn form_page(
    state: &AppState,
    chrome: Chrome,
    action: String,
    heading: &'static str,
    input: MeetingInput,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let (organizations, groups) = state
        .db
        .run(|conn| {
            Ok((
                db::organizations::list(conn)?,
                db::working_groups::list(conn)?,
            ))
        })
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    super::render_status(
        &MeetingFormPage {
            chrome,
            action,
            heading,
            input,
            errors,
            organizations,
            groups,
        },
        status,
    )
}

/// `?kind=&group=` pre-fill the form.
#[derive(Debug, Deserialize)]
pub struct NewQuery {
    kind: Option<String>,
    group: Option<String>,
}

/// The group id of a slug, for the role check.
async fn group_id(state: &AppState, slug: Option<String>) -> Result<Option<String>, AppError> {
    let Some(slug) = slug.filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    state
        .db
        .run(move |conn| Ok(db::working_groups::find_by_slug(conn, &slug)?.map(|g| g.id)))
        .await
}

/// An empty form with the defaults of the kind asked for.
pub async fn new_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    query: web::Query<NewQuery>,
) -> Result<HttpResponse, AppError> {
    let kind: MeetingKind = query
        .kind
        .as_deref()
        .and_then(|k| decode(k).ok())
        .unwrap_or(if query.group.is_some() {
            MeetingKind::WorkingGroupSession
        } else {
            MeetingKind::DecemberSession
        });
    let group = group_id(&state, query.group.clone()).await?;
    require(
        chrome.signed_in.as_ref(),
        Action::OrganizeMeeting {
            kind,
            working_group_id: group.as_deref(),
        },
    )?;
    let input = MeetingInput {
        kind: code(kind).to_owned(),
        format: code(kind.default_format()).to_owned(),
        status: "scheduled".to_owned(),
        time_zone: crate::domain::time::DEFAULT_ZONE.name().to_owned(),
        working_group: query.group.clone().unwrap_or_default(),
        ..MeetingInput::default()
    };
    let heading = chrome.t.meetings.new_meeting;
    form_page(
        &state,
        chrome,
        "/meetings/new".to_owned(),
        heading,
        input,
        Vec::new(),
    )
    .await
}

/// Checks the form and the caller's right to organize what it describes.
async fn checked(
    state: &AppState,
    chrome: &Chrome,
    input: &MeetingInput,
) -> Result<Result<CheckedMeeting, Vec<FieldError>>, AppError> {
    let checked = match CheckedMeeting::parse(input).map_err(|p| chrome.lang.field_errors(p)) {
        Ok(checked) => checked,
        Err(errors) => return Ok(Err(errors)),
    };
    let group = group_id(state, checked.working_group.clone()).await?;
    if checked.working_group.is_some() && group.is_none() {
        return Ok(Err(vec![FieldError::new(
            "working_group",
            chrome.lang.problem(&Problem::UnknownGroup {
                slug: checked.working_group.clone().unwrap_or_default(),
            }),
        )]));
    }
    require(
        chrome.signed_in.as_ref(),
        Action::OrganizeMeeting {
            kind: checked.kind,
            working_group_id: group.as_deref(),
        },
    )?;
    Ok(Ok(checked))
}

/// Creates the meeting, or shows the form again with what was typed.
pub async fn create_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    form: CsrfForm<MeetingForm>,
) -> Result<HttpResponse, AppError> {
    chrome.caller()?;
    let input: MeetingInput = form.0.into();
    let heading = chrome.t.meetings.new_meeting;
    let result = match checked(&state, &chrome, &input).await? {
        Ok(meeting) => state
            .db
            .run(move |conn| write_transaction(conn, |conn| db::meetings::create(conn, &meeting)))
            .await
            .map_err(|e| chrome.lang.worded(e)),
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(id) => Ok(see_other(&format!("/meetings/{id}"))),
        Err(AppError::Invalid(errors)) => {
            form_page(
                &state,
                chrome,
                "/meetings/new".to_owned(),
                heading,
                input,
                errors,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// The stored meeting, if the caller may organize it.
async fn organized(
    state: &AppState,
    chrome: &Chrome,
    id: String,
) -> Result<db::meetings::MeetingListing, AppError> {
    let listing = state
        .db
        .run(move |conn| db::meetings::find(conn, &id)?.ok_or(AppError::NotFound))
        .await?;
    let kind: MeetingKind = decode(&listing.meeting.kind)?;
    require(
        chrome.signed_in.as_ref(),
        Action::OrganizeMeeting {
            kind,
            working_group_id: listing.meeting.working_group_id.as_deref(),
        },
    )?;
    Ok(listing)
}

/// The form filled with the meeting as stored.
pub async fn edit_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    let listing = organized(&state, &chrome, id.clone()).await?;
    let heading = chrome.t.meetings.edit_meeting;
    let meeting_id = id.clone();
    let room = state
        .db
        .run(move |conn| db::rooms::find(conn, &meeting_id))
        .await?;
    let input = db::meetings::as_input(&listing, room.as_ref());
    form_page(
        &state,
        chrome,
        format!("/meetings/{id}/edit"),
        heading,
        input,
        Vec::new(),
    )
    .await
}

/// Saves the meeting, or shows the form again with what was typed.
pub async fn update_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    form: CsrfForm<MeetingForm>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    organized(&state, &chrome, id.clone()).await?;
    let input: MeetingInput = form.0.into();
    let heading = chrome.t.meetings.edit_meeting;
    let target = id.clone();
    let settings = state.settings.clone();
    let lang = chrome.lang;
    let result = match checked(&state, &chrome, &input).await? {
        Ok(meeting) => {
            state
                .db
                .run(move |conn| {
                    write_transaction(conn, |conn| {
                        services::meetings::update(conn, &settings, &target, &meeting, lang)
                    })
                })
                .await
        }
        Err(errors) => Err(AppError::Invalid(errors)),
    };
    match result {
        Ok(()) => Ok(see_other(&format!("/meetings/{id}"))),
        Err(AppError::Invalid(errors)) => {
            form_page(
                &state,
                chrome,
                format!("/meetings/{id}/edit"),
                heading,
                input,
                errors,
            )
            .await
        }
        Err(other) => Err(other),
    }
}

/// Cancels the meeting; it stays listed as cancelled.
pub async fn cancel_meeting(
    state: web::Data<AppState>,
    chrome: Chrome,
    id: web::Path<String>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let id = id.into_inner();
    organized(&state, &chrome, id.clone()).await?;
    let target = id.clone();
    let settings = state.settings.clone();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::meetings::cancel(conn, &settings, &target)
            })
        })
        .await?;
    Ok(see_other(&format!("/meetings/{id}")))
}
