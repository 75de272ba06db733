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
            let expected = req.get_session().get::<String>(FIELD).ok().flatten();
            match expected {
                Some(expected) if constant_time_eq(&expected, &sent.csrf_token) => {}
                _ => return Err(refused(&req).await.into()),
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
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|v| {
            v.trim()
                .eq_ignore_ascii_case("application/x-www-form-urlencoded")
        })
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
