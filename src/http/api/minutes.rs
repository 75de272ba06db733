//! `/api/v1/meetings/{id}/minutes` and `/attendance`: a meeting's minutes
//! (draft for its organizers, published for whoever sees the meeting) and
//! who came (organizers only), through `services::minutes` and
//! `services::attendance` as the pages.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::db::write_transaction;
use crate::domain::attendance::{EntryInput, MinutesState, Presence};
use crate::domain::error::AppError;
use crate::domain::time::{utc, zone};
use crate::domain::{Lang, decode};
use crate::http::auth::ApiCaller;
use crate::http::state::AppState;
use crate::services;
use crate::services::attendance::Sheet;
use crate::services::minutes::MinutesView;

/// A meeting's minutes as the API shows them.
#[derive(Debug, Serialize)]
pub struct MinutesJson {
    pub meeting_id: String,
    /// `none`, `draft` (organizers only see it) or `published`.
    pub state: MinutesState,
    /// The published text (Markdown); `null` while unpublished.
    pub minutes: Option<String>,
    /// The published text as cleaned HTML; `null` while unpublished.
    pub minutes_html: Option<String>,
    pub published_at: Option<String>,
    /// Organizers only: the draft, whether it holds unpublished changes,
    /// how many times the minutes were mailed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub draft: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unpublished_changes: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mailings: Option<i32>,
    /// After a publication: how many messages it queued.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mailed: Option<usize>,
}

impl MinutesJson {
    fn new(meeting_id: String, time_zone: &str, view: MinutesView) -> Result<Self, AppError> {
        let tz = zone(time_zone)?;
        let published = view.state == MinutesState::Published;
        Ok(Self {
            meeting_id,
            state: if view.organizes || published {
                view.state
            } else {
                MinutesState::None
            },
            minutes_html: published.then(|| crate::infra::markdown::to_safe_html(&view.published)),
            minutes: published.then_some(view.published),
            published_at: view
                .published_at
                .map(|t| utc(t).with_timezone(&tz).to_rfc3339()),
            draft: view.draft,
            unpublished_changes: view.unpublished_changes,
            mailings: view.mailings,
            mailed: None,
        })
    }
}

/// The meeting's minutes: published ones for whoever sees the meeting, the
/// draft too for its organizers.
pub async fn show_minutes(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let caller = caller.map(|c| c.0);
    let (listing, view) = state
        .db
        .run(move |conn| services::minutes::read(conn, caller.as_ref(), &id))
        .await?;
    let m = listing.meeting;
    Ok(HttpResponse::Ok().json(MinutesJson::new(m.id, &m.time_zone, view)?))
}

/// `PUT …/minutes`: the draft's text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DraftBody {
    pub draft: String,
}

/// An organizer saves the draft.
pub async fn put_minutes(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<DraftBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = path.into_inner();
    let draft = body.into_inner().draft;
    let (meeting_id, tz, view) = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let view =
                    services::minutes::save_draft(conn, &caller, caller.lang(), &id, &draft)?;
                let (listing, _) = services::minutes::read(conn, Some(&caller), &id)?;
                Ok((listing.meeting.id, listing.meeting.time_zone, view))
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(MinutesJson::new(meeting_id, &tz, view)?))
}

/// `POST …/minutes/publish`: whether to mail everyone again.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublishBody {
    #[serde(default)]
    pub mail_again: bool,
}

/// An organizer publishes the draft; the first publication mails it.
pub async fn publish_minutes(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let id = path.into_inner();
    // the body is optional: none publishes without mailing again
    let mail_again = if body.iter().all(u8::is_ascii_whitespace) {
        false
    } else {
        serde_json::from_slice::<PublishBody>(&body)
            .map_err(|e| {
                AppError::Invalid(vec![crate::domain::error::FieldError::new(
                    "mail_again",
                    e.to_string(),
                )])
            })?
            .mail_again
    };
    let settings = state.settings.clone();
    let (meeting_id, tz, publication) = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let done = services::minutes::publish(
                    conn,
                    &settings,
                    &caller,
                    caller.lang(),
                    &id,
                    mail_again,
                )?;
                let (listing, _) = services::minutes::read(conn, Some(&caller), &id)?;
                Ok((listing.meeting.id, listing.meeting.time_zone, done))
            })
        })
        .await?;
    let mut json = MinutesJson::new(meeting_id, &tz, publication.view)?;
    json.mailed = Some(publication.mailed);
    Ok(HttpResponse::Ok().json(json))
}

/// A person on an attendance sheet.
#[derive(Debug, Serialize)]
pub struct SheetPersonJson {
    pub id: String,
    pub name: String,
    pub email: String,
    /// Their body's slug.
    pub organization: Option<String>,
}

/// One line of the sheet.
#[derive(Debug, Serialize)]
pub struct AttendanceEntryJson {
    pub person: SheetPersonJson,
    /// Their answer (`yes`, `maybe`, `no`), `null` for a walk-in or
    /// someone who only went through the join gateway.
    pub answer: Option<String>,
    /// How they said they would attend (`in_person`, `remote`).
    pub rsvp_attendance: Option<String>,
    /// When they first went through the join gateway.
    pub joined_at: Option<String>,
    /// What the organizers recorded; `null` when nothing was.
    pub status: Option<Presence>,
    /// What the form shows before anything is recorded: the recorded
    /// status, else `remote` for someone who went through the join gateway.
    pub prefilled_status: Option<Presence>,
    /// Recorded present without an answer.
    pub walk_in: bool,
}

/// A meeting's attendance sheet.
#[derive(Debug, Serialize)]
pub struct AttendanceJson {
    pub meeting_id: String,
    /// Whether attendance can be recorded now (the meeting started, and is
    /// neither cancelled nor a draft).
    pub open: bool,
    /// Why not, in the caller's language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closed_reason: Option<String>,
    pub entries: Vec<AttendanceEntryJson>,
}

impl AttendanceJson {
    fn new(sheet: &Sheet, lang: Lang) -> Result<Self, AppError> {
        let tz = zone(&sheet.listing.meeting.time_zone)?;
        let entries = sheet
            .lines
            .iter()
            .map(|line| {
                Ok(AttendanceEntryJson {
                    person: SheetPersonJson {
                        id: line.person_id.clone(),
                        name: line.name.clone(),
                        email: line.email.clone(),
                        organization: line.body.as_ref().map(|b| b.slug.clone()),
                    },
                    answer: line.answer.as_ref().map(|(a, _, _)| a.clone()),
                    rsvp_attendance: line.answer.as_ref().map(|(_, a, _)| a.clone()),
                    joined_at: line
                        .joined_at
                        .map(|t| utc(t).with_timezone(&tz).to_rfc3339()),
                    status: line
                        .recorded
                        .as_ref()
                        .map(|r| decode(&r.status))
                        .transpose()?,
                    prefilled_status: services::attendance::prefilled(line)?,
                    walk_in: line.recorded.as_ref().is_some_and(|r| r.walk_in),
                })
            })
            .collect::<Result<Vec<_>, AppError>>()?;
        Ok(Self {
            meeting_id: sheet.listing.meeting.id.clone(),
            open: sheet.open.is_ok(),
            closed_reason: sheet.open.err().map(|c| lang.sheet_closed(c).to_owned()),
            entries,
        })
    }
}

/// The meeting's attendance sheet (its organizers).
pub async fn show_attendance(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let lang = caller.lang();
    let id = path.into_inner();
    let sheet = state
        .db
        .run(move |conn| services::attendance::sheet(conn, &caller, lang, &id))
        .await?;
    Ok(HttpResponse::Ok().json(AttendanceJson::new(&sheet, lang)?))
}

/// One line of `PUT …/attendance`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntryBody {
    /// The person's id, or their e-mail address.
    pub person: String,
    pub status: String,
}

/// `PUT …/attendance`: the whole sheet.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttendanceBody {
    pub entries: Vec<EntryBody>,
}

/// An organizer records the attendance: the sheet replaces what was
/// recorded.
pub async fn put_attendance(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<String>,
    body: web::Json<AttendanceBody>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let lang = caller.lang();
    let id = path.into_inner();
    let entries: Vec<EntryInput> = body
        .into_inner()
        .entries
        .into_iter()
        .map(|e| EntryInput {
            person: e.person,
            status: e.status,
        })
        .collect();
    let sheet = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::attendance::record(conn, &caller, lang, &id, &entries)
            })
        })
        .await?;
    Ok(HttpResponse::Ok().json(AttendanceJson::new(&sheet, lang)?))
}
