//! `/api/v1/meetings/{id}/files`: the files attached to a meeting, through
//! `services::files` as the meeting's page.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use crate::db::files::MeetingFile;
use crate::db::write_transaction;
use crate::domain::decode;
use crate::domain::error::AppError;
use crate::domain::files::Visibility;
use crate::domain::time::{utc, zone};
use crate::http::api::Page;
use crate::http::auth::ApiCaller;
use crate::http::files::{file_response, receive_upload};
use crate::http::state::AppState;
use crate::services;

/// A file as the API shows it.
#[derive(Debug, Serialize)]
pub struct FileJson {
    pub id: String,
    pub meeting_id: String,
    /// The cleaned name it is sent back with.
    pub name: String,
    /// The type found in its content.
    pub content_type: String,
    pub size_bytes: i64,
    pub sha256: String,
    pub visibility: Visibility,
    pub created_at: String,
    /// Where its bytes are.
    pub url: String,
}

impl FileJson {
    fn new(file: MeetingFile, time_zone: &str) -> Result<Self, AppError> {
        let tz = zone(time_zone)?;
        Ok(Self {
            url: format!("/api/v1/meetings/{}/files/{}", file.meeting_id, file.id),
            visibility: decode(&file.visibility)?,
            created_at: utc(file.created_at).with_timezone(&tz).to_rfc3339(),
            id: file.id,
            meeting_id: file.meeting_id,
            name: file.name,
            content_type: file.content_type,
            size_bytes: file.size_bytes,
            sha256: file.sha256,
        })
    }
}

/// The files of a meeting the caller may see, oldest first (one page).
pub async fn list_files(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let id = path.into_inner();
    let caller = caller.map(|c| c.0);
    let (listing, list) = state
        .db
        .run(move |conn| services::files::list(conn, caller.as_ref(), &id))
        .await?;
    let tz = listing.meeting.time_zone;
    let items = list
        .files
        .into_iter()
        .map(|f| FileJson::new(f, &tz))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(Page {
        items,
        next_cursor: None,
    }))
}

/// An organizer attaches a file: `multipart/form-data` with `file` and
/// `visibility`.
pub async fn upload_file(
    state: web::Data<AppState>,
    caller: ApiCaller,
    req: HttpRequest,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let lang = caller.lang();
    let id = path.into_inner();
    let received = receive_upload(&state, &caller, lang, &id, &req, payload).await?;
    let max = state.settings.files_max_bytes;
    let upload = received.upload;
    let (file, tz) = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let (listing, file) =
                    services::files::upload(conn, &caller, lang, &id, &upload, max)?;
                Ok((file, listing.meeting.time_zone))
            })
        })
        .await?;
    let json = FileJson::new(file, &tz)?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, json.url.clone()))
        .json(json))
}

/// A file's bytes, with its detected type and name.
pub async fn download_file(
    state: web::Data<AppState>,
    caller: Option<ApiCaller>,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, file_id) = path.into_inner();
    let caller = caller.map(|c| c.0);
    let (file, bytes) = state
        .db
        .run(move |conn| services::files::download(conn, caller.as_ref(), &id, &file_id))
        .await?;
    Ok(file_response(&req, &file, bytes))
}

/// An organizer deletes a file.
pub async fn delete_file(
    state: web::Data<AppState>,
    caller: ApiCaller,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let caller = caller.0;
    let (id, file_id) = path.into_inner();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::files::delete(conn, &caller, caller.lang(), &id, &file_id)
            })
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
