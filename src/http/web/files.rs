//! The documents of a meeting's page: the files the reader may see, the
//! upload form and delete buttons for its organizers, and the download
//! (`/meetings/{id}/files/{file}`), through `services::files` as the API.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::Chrome;
use super::meetings::{Posted, render_meeting};
use crate::db::files::MeetingFile;
use crate::db::write_transaction;
use crate::domain::error::{AppError, FieldError};
use crate::domain::files::{FileKind, Visibility};
use crate::domain::{Lang, code, decode};
use crate::http::auth::csrf::{self, CsrfForm};
use crate::http::files::{file_response, receive_upload};
use crate::http::see_other;
use crate::http::state::AppState;
use crate::services;
use crate::services::files::FileList;

/// What an upload or a deletion left for the page to show.
#[derive(Debug, Default)]
pub struct FilesPosted {
    /// Why the upload was refused, field by field.
    pub errors: Vec<FieldError>,
    /// The visibility chosen, kept for the form shown again.
    pub visibility: Option<String>,
    /// What was done.
    pub done: Option<&'static str>,
}

/// One file, in the page's words.
#[derive(Debug)]
pub struct FileRow {
    pub id: String,
    pub name: String,
    pub kind: &'static str,
    pub size: String,
    pub visibility: &'static str,
}

/// The documents part of a meeting's page.
#[derive(Debug)]
pub struct FilesSection {
    pub files: Vec<FileRow>,
    /// Whether the reader attaches and deletes files.
    pub manages: bool,
    pub errors: Vec<FieldError>,
    /// The visibility the form has chosen.
    pub visibility: String,
    pub visibility_options: Vec<(&'static str, &'static str)>,
    pub notice: Option<&'static str>,
    /// Which files the form takes, and how large.
    pub help: String,
}

impl FilesSection {
    /// The section for a reader's list of files.
    pub fn new(
        list: FileList,
        posted: FilesPosted,
        lang: Lang,
        max_bytes: usize,
    ) -> Result<Self, AppError> {
        let files = list
            .files
            .into_iter()
            .map(|f| row(f, lang))
            .collect::<Result<_, _>>()?;
        Ok(Self {
            files,
            manages: list.manages,
            errors: posted.errors,
            visibility: posted
                .visibility
                .unwrap_or_else(|| code(Visibility::Public).to_owned()),
            visibility_options: super::options::<Visibility>(|v| lang.file_visibility(v)),
            notice: posted.done,
            help: lang.file_help(max_bytes as u64),
        })
    }
}

fn row(file: MeetingFile, lang: Lang) -> Result<FileRow, AppError> {
    let kind = FileKind::from_content_type(&file.content_type).ok_or_else(|| {
        AppError::internal(format!("unexpected file type `{}`", file.content_type))
    })?;
    Ok(FileRow {
        kind: lang.file_kind(kind),
        size: lang.file_size(u64::try_from(file.size_bytes).unwrap_or_default()),
        visibility: lang.file_visibility(decode(&file.visibility)?),
        id: file.id,
        name: file.name,
    })
}

/// `?file=` after an upload or a deletion.
pub fn done(query: Option<&str>, lang: Lang) -> Option<&'static str> {
    let t = &lang.texts().files;
    match query {
        Some("added") => Some(t.added),
        Some("deleted") => Some(t.deleted),
        _ => None,
    }
}

/// An organizer attaches a file (`multipart/form-data`: `csrf_token`,
/// `file`, `visibility`); a refused file shows the page again with the
/// reason and the visibility chosen.
pub async fn upload_meeting_file(
    state: web::Data<AppState>,
    chrome: Chrome,
    req: HttpRequest,
    id: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    csrf::check_multipart(&req).await?;
    let lang = chrome.lang;
    let id = id.into_inner();
    let received = receive_upload(&state, &caller, lang, &id, &req, payload).await?;
    let max = state.settings.files_max_bytes;
    let token = received.field(csrf::FIELD).unwrap_or_default().to_owned();
    let upload = received.upload;
    // a body refused unread for its size carries no token, and changes nothing
    if !upload.too_large {
        csrf::check_token(&req, &token).await?;
    }
    let visibility = upload.visibility.clone();
    let meeting_id = id.clone();
    let stored = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::files::upload(conn, &caller, lang, &meeting_id, &upload, max)
            })
        })
        .await;
    match stored {
        Ok(_) => Ok(see_other(&format!("/meetings/{id}?file=added#documents"))),
        Err(AppError::Invalid(errors)) => {
            let posted = Posted {
                files: FilesPosted {
                    errors,
                    visibility: Some(visibility),
                    done: None,
                },
                ..Posted::default()
            };
            render_meeting(&state, chrome, id, posted, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(e) => Err(e),
    }
}

/// The delete button's form: the token only.
#[derive(Debug, Deserialize)]
pub struct DeleteForm {}

/// An organizer deletes a file.
pub async fn delete_meeting_file(
    state: web::Data<AppState>,
    chrome: Chrome,
    path: web::Path<(String, String)>,
    _form: CsrfForm<DeleteForm>,
) -> Result<HttpResponse, AppError> {
    let caller = chrome.caller()?.clone();
    let lang = chrome.lang;
    let (id, file_id) = path.into_inner();
    let meeting_id = id.clone();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                services::files::delete(conn, &caller, lang, &meeting_id, &file_id)
            })
        })
        .await?;
    Ok(see_other(&format!("/meetings/{id}?file=deleted#documents")))
}

/// A file of a meeting, for whoever may see it (404 otherwise).
pub async fn download_meeting_file(
    state: web::Data<AppState>,
    chrome: Chrome,
    req: HttpRequest,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AppError> {
    let (id, file_id) = path.into_inner();
    let caller = chrome.signed_in;
    let (file, bytes) = state
        .db
        .run(move |conn| services::files::download(conn, caller.as_ref(), &id, &file_id))
        .await?;
    Ok(file_response(&req, &file, bytes))
}
