//! Who is asking: the signed-in person of a page (session cookie) or of an
//! API call (personal access token), their roles, and the checks on forms.

pub mod csrf;
pub mod rate_limit;

use std::future::Future;
use std::pin::Pin;

use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionMiddleware};
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use crate::db;
use crate::domain::error::AppError;
use crate::domain::secrets;
use crate::http::state::AppState;
use crate::infra::settings::Settings;
use crate::services::caller::{Caller, load_caller};

/// The session key holding the signed-in person's id.
const PERSON_KEY: &str = "person_id";

/// Days a session lasts without signing in again.
const SESSION_DAYS: i64 = 30;

/// The session cookie: signed and encrypted with a key derived from the
/// instance secret, HttpOnly, SameSite=Lax, Secure when the site is https.
pub fn session_middleware(settings: &Settings) -> SessionMiddleware<CookieSessionStore> {
    let key = Key::from(&secrets::derive_key(
        &settings.secret_key,
        "quorum session cookie",
    ));
    SessionMiddleware::builder(CookieSessionStore::default(), key)
        .cookie_name("quorum_session".to_owned())
        .cookie_content_security(CookieContentSecurity::Private)
        .cookie_http_only(true)
        .cookie_same_site(SameSite::Lax)
        .cookie_secure(settings.base_url.starts_with("https://"))
        .session_lifecycle(
            PersistentSession::default()
                .session_ttl(actix_web::cookie::time::Duration::days(SESSION_DAYS)),
        )
        .build()
}

/// The signed-in person's id in the session, if any.
pub fn session_person_id(session: &Session) -> Option<String> {
    session.get::<String>(PERSON_KEY).ok().flatten()
}

/// Signs a person in: a new session (against fixation) holding their id.
pub fn start_session(session: &Session, person_id: &str) -> Result<(), AppError> {
    session.renew();
    session
        .insert(PERSON_KEY, person_id)
        .map_err(|e| AppError::internal(format!("session: {e}")))?;
    csrf::rotate(session);
    Ok(())
}

/// The caller of an API request, from `Authorization: Bearer <token>`. The
/// API never looks at cookies.
#[derive(Debug, Clone)]
pub struct ApiCaller(pub Caller);

impl FromRequest for ApiCaller {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| secrets::hash_token(t.trim()));
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let (Some(hash), Some(state)) = (token, state) else {
                return Err(AppError::Unauthorized.into());
            };
            let caller = state
                .db
                .run(
                    move |conn| match db::people::person_for_api_token(conn, &hash)? {
                        Some(person_id) => load_caller(conn, &person_id),
                        None => Ok(None),
                    },
                )
                .await?;
            caller
                .map(ApiCaller)
                .ok_or_else(|| AppError::Unauthorized.into())
        })
    }
}
