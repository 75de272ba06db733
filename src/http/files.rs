//! Files over HTTP, for pages and the API alike: a `multipart/form-data`
//! upload read as a stream within the size limit, and a stored file sent
//! back with its detected type, a safe name and its ETag.

use actix_multipart::Multipart;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpRequest, HttpResponse, web};
use futures_util::StreamExt;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::db::files::MeetingFile;
use crate::domain::Lang;
use crate::domain::code;
use crate::domain::error::{AppError, FieldError};
use crate::domain::files::{FileKind, Visibility};
use crate::http::state::AppState;
use crate::services::caller::Caller;
use crate::services::files::Upload;

/// Room for the form's other fields and the parts' headers, beyond the
/// file itself: a body announcing more is refused before it is read.
pub const FORM_OVERHEAD: usize = 64 * 1024;

/// The longest text field kept (a CSRF token, a visibility).
const FIELD_MAX: usize = 1024;

/// What a multipart form held: its text fields and its `file` part.
#[derive(Debug, Default)]
pub struct Received {
    /// The text fields, by name (the first of each name).
    pub fields: Vec<(String, String)>,
    pub upload: Upload,
}

impl Received {
    /// A text field's value.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

fn malformed(error: impl std::fmt::Display) -> AppError {
    AppError::Invalid(vec![FieldError::new(
        "body",
        format!("multipart/form-data expected: {error}"),
    )])
}

/// An upload to a meeting, for pages and the API: whether `caller`
/// organizes it is checked before the body is read (403 in `lang`, 404 for
/// a draft or a missing meeting), then the body within `files_max_bytes`.
pub async fn receive_upload(
    state: &AppState,
    caller: &Caller,
    lang: Lang,
    meeting_id: &str,
    req: &HttpRequest,
    payload: web::Payload,
) -> Result<Received, AppError> {
    let (c, id) = (caller.clone(), meeting_id.to_owned());
    state
        .db
        .run(move |conn| crate::services::rsvps::organized_meeting(conn, &c, lang, &id))
        .await?;
    read_upload(req, payload, state.settings.files_max_bytes).await
}

/// Reads a `multipart/form-data` body: the `file` part's bytes up to
/// `max_bytes` (one byte more marks it too large: what follows is read and
/// dropped, never kept), the other parts as short text fields. A body whose
/// `Content-Length` announces more than the limit allows is refused unread.
pub async fn read_upload(
    req: &HttpRequest,
    payload: web::Payload,
    max_bytes: usize,
) -> Result<Received, AppError> {
    let announced = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    let mut received = Received::default();
    if announced.is_some_and(|n| n > max_bytes.saturating_add(FORM_OVERHEAD)) {
        received.upload.too_large = true;
        received.upload.bytes = None;
        return Ok(received);
    }
    let mut multipart = Multipart::new(req.headers(), payload);
    let mut file_seen = false;
    let mut fields_bytes = 0usize;
    while let Some(part) = multipart.next().await {
        let mut part = part.map_err(malformed)?;
        let name = part.name().unwrap_or_default().to_owned();
        let disposition = part.content_disposition().cloned();
        let filename = disposition.as_ref().and_then(|d| {
            d.get_filename_ext()
                .map(|ext| String::from_utf8_lossy(&ext.value).into_owned())
                .or_else(|| d.get_filename().map(str::to_owned))
        });
        if name == "file" && !file_seen {
            file_seen = true;
            let mut bytes = Vec::new();
            let mut too_large = false;
            while let Some(chunk) = part.next().await {
                let chunk = chunk.map_err(malformed)?;
                if too_large {
                    continue;
                }
                if bytes.len() + chunk.len() > max_bytes {
                    too_large = true;
                    bytes = Vec::new();
                    continue;
                }
                bytes.extend_from_slice(&chunk);
            }
            let filename = filename.unwrap_or_default();
            // a form sent without choosing a file has an empty part with no name
            let nothing = bytes.is_empty() && filename.is_empty() && !too_large;
            received.upload.name = filename;
            received.upload.claimed_type = part.content_type().map(ToString::to_string);
            received.upload.too_large = too_large;
            received.upload.bytes = (!too_large && !nothing).then_some(bytes);
            continue;
        }
        // any other part is a short text field
        let mut value = Vec::new();
        while let Some(chunk) = part.next().await {
            let chunk = chunk.map_err(malformed)?;
            fields_bytes += chunk.len();
            if fields_bytes > FORM_OVERHEAD {
                return Err(malformed("too many fields"));
            }
            if value.len() < FIELD_MAX {
                value.extend_from_slice(&chunk[..chunk.len().min(FIELD_MAX - value.len())]);
            }
        }
        if !received.fields.iter().any(|(n, _)| *n == name) {
            let value = String::from_utf8_lossy(&value).into_owned();
            received.fields.push((name, value));
        }
    }
    received.upload.visibility = received.field("visibility").unwrap_or_default().to_owned();
    Ok(received)
}

/// RFC 8187's `attr-char`: what `filename*` keeps unencoded.
const ATTR_CHAR: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// `Content-Disposition` for a stored (cleaned) name: an ASCII fallback for
/// old clients and the UTF-8 name for the others.
pub fn disposition(name: &str, inline: bool) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            let plain = c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '%' | ';');
            if plain || c == ' ' { c } else { '_' }
        })
        .collect();
    let kind = if inline { "inline" } else { "attachment" };
    format!(
        "{kind}; filename=\"{fallback}\"; filename*=UTF-8''{}",
        utf8_percent_encode(name, ATTR_CHAR)
    )
}

/// A stored file as an answer: its detected type, its name, `nosniff`
/// (added to every answer), its ETag, `private` when it is for
/// participants only; 304 when the client holds it already.
pub fn file_response(req: &HttpRequest, file: &MeetingFile, bytes: Vec<u8>) -> HttpResponse {
    let kind = FileKind::from_content_type(&file.content_type);
    let content_type = match kind {
        Some(kind) if kind.is_text() => format!("{}; charset=utf-8", kind.content_type()),
        Some(kind) => kind.content_type().to_owned(),
        None => "application/octet-stream".to_owned(),
    };
    let etag = format!("\"{}\"", file.sha256);
    let cache = if file.visibility == code(Visibility::Public) {
        "public, no-cache"
    } else {
        "private, no-cache"
    };
    let inline = kind.is_some_and(FileKind::inline);
    let matches = req
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.split(',').any(|t| t.trim() == etag || t.trim() == "*"));
    let mut response = if matches {
        HttpResponse::NotModified()
    } else {
        HttpResponse::Ok()
    };
    response
        .insert_header((header::ETAG, etag))
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((
            header::CONTENT_DISPOSITION,
            HeaderValue::from_str(&disposition(&file.name, inline))
                .unwrap_or_else(|_| HeaderValue::from_static("attachment")),
        ));
    if matches {
        return response.finish();
    }
    response.content_type(content_type).body(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sent_ascii_and_utf8() {
        assert_eq!(
            disposition("Compte rendu été.pdf", true),
            "inline; filename=\"Compte rendu _t_.pdf\"; filename*=UTF-8''Compte%20rendu%20%C3%A9t%C3%A9.pdf"
        );
        assert_eq!(
            disposition("a;b%c.txt", false),
            "attachment; filename=\"a_b_c.txt\"; filename*=UTF-8''a%3Bb%25c.txt"
        );
    }
}
