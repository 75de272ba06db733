//! Cross-site request forgery: every state-changing form carries the
//! session's token, and a post from another site is refused.

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::domain::error::AppError;
use crate::domain::secrets::{constant_time_eq, new_token};
use crate::http::state::AppState;

/// The session key and form field of the token.
pub const FIELD: &str = "csrf_token";

/// The session's token, created when missing.
pub fn token(session: &Session) -> String {
    if let Some(token) = session.get::<String>(FIELD).ok().flatten() {
        return token;
    }
    let token = new_token();
    let _ = session.insert(FIELD, &token);
    token
}

/// A new token (after signing in or out).
pub fn rotate(session: &Session) {
    let _ = session.insert(FIELD, new_token());
}

#[derive(Deserialize, Default)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

/// A form whose CSRF token matched; anything else is refused with 403
/// before the handler runs, so nothing changes.
#[derive(Debug)]
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let body = web::Bytes::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let body = body.await?;
            if !same_site(&req) || !is_form(&req) {
                return Err(refused(&req).await.into());
            }
            let sent: TokenField = serde_urlencoded::from_bytes(&body).unwrap_or_default();
            if !token_matches(&req, &sent.csrf_token) {
                return Err(refused(&req).await.into());
            }
            let form = serde_urlencoded::from_bytes(&body).map_err(|e| {
                AppError::Invalid(vec![crate::domain::error::FieldError::new(
                    "form",
                    e.to_string(),
                )])
            })?;
            Ok(Self(form))
        })
    }
}

/// Whether `sent` is the session's token.
fn token_matches(req: &HttpRequest, sent: &str) -> bool {
    let expected = req.get_session().get::<String>(FIELD).ok().flatten();
    expected.is_some_and(|expected| constant_time_eq(&expected, sent))
}

/// [`CsrfForm`]'s checks of where a `multipart/form-data` post (a file)
/// comes from and what it is, made before its body is read: refused (403)
/// from another site or with another type of body.
pub async fn check_multipart(req: &HttpRequest) -> Result<(), AppError> {
    if same_site(req) && has_type(req, "multipart/form-data") {
        Ok(())
    } else {
        Err(refused(req).await)
    }
}

/// [`CsrfForm`]'s check of the token, for a token read from a multipart
/// form's `csrf_token` field: refused (403) unless it is the session's.
pub async fn check_token(req: &HttpRequest, sent: &str) -> Result<(), AppError> {
    if token_matches(req, sent) {
        Ok(())
    } else {
        Err(refused(req).await)
    }
}

/// The refusal, in the reader's language: the one the URL or the cookie
/// asks for, else the signed-in person's, else French.
async fn refused(req: &HttpRequest) -> AppError {
    let lang = match crate::http::web::requested_lang(req) {
        Some(lang) => lang,
        None => super::signed_in(req)
            .await
            .ok()
            .flatten()
            .map(|caller| caller.lang())
            .unwrap_or_default(),
    };
    AppError::Forbidden(lang.texts().common.form_expired.to_owned())
}

/// Whether the body is a form as our pages send it: another type (a
/// `text/plain` post, which a foreign page may send without asking) is
/// refused before anything reads it.
fn is_form(req: &HttpRequest) -> bool {
    has_type(req, "application/x-www-form-urlencoded")
}

/// Whether the body's media type is `expected`.
fn has_type(req: &HttpRequest, expected: &str) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case(expected))
}

/// A browser says where a post comes from; refuse other sites.
fn same_site(req: &HttpRequest) -> bool {
    let fetch_site = req
        .headers()
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok());
    if matches!(fetch_site, Some("cross-site" | "same-site")) {
        return false;
    }
    let Some(origin) = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|v| v.to_str().ok())
    else {
        return true;
    };
    let Some(settings) = req.app_data::<web::Data<AppState>>().map(|s| &s.settings) else {
        return false;
    };
    if origin == settings.base_url.trim_end_matches('/') {
        return true;
    }
    // The address the browser asked for: the Host header it sent, or,
    // behind a trusted proxy only, what the proxy says it was asked for.
    let host_origin = if settings.trusted_proxy {
        let info = req.connection_info();
        format!("{}://{}", info.scheme(), info.host())
    } else {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok());
        format!("http://{}", host.unwrap_or_default())
    };
    origin == host_origin
}
