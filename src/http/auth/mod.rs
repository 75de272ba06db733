//! Who is asking: the signed-in person of a page (session cookie) or of an
//! API call (personal access token), their roles, and the checks on forms.

pub mod csrf;
pub mod rate_limit;

use std::future::Future;
use std::pin::Pin;

use actix_session::config::{CookieContentSecurity, PersistentSession};
use actix_session::storage::CookieSessionStore;
use actix_session::{Session, SessionExt, SessionMiddleware};
use actix_web::cookie::{Key, SameSite};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::{Duration, NaiveDateTime};

use crate::db::{self, DbConn};
use crate::domain::error::AppError;
use crate::domain::secrets;
use crate::http::state::AppState;
use crate::infra::settings::Settings;
use crate::services::caller::{Caller, load_caller};

/// The cookie session's key holding the session's token (the table keeps
/// its SHA-256, `db::sessions`).
const TOKEN_KEY: &str = "session";

/// Days an unused session lasts (pushed back on use, at most once a day).
pub const SESSION_IDLE_DAYS: i64 = 30;

/// Days a session lasts at most after signing in, used or not.
pub const SESSION_MAX_DAYS: i64 = 90;

/// The session cookie: signed and encrypted with a key derived from the
/// instance secret, HttpOnly, SameSite=Lax, Secure when the site is https.
/// It holds the session's token and the CSRF token; whether the session
/// holds is the database's answer.
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
                .session_ttl(actix_web::cookie::time::Duration::days(SESSION_IDLE_DAYS)),
        )
        .build()
}

/// Records a new session of `person_id` under `token` (from
/// [`secrets::new_token`]), in the sign-in's transaction.
pub fn record_session(conn: &mut DbConn, token: &str, person_id: &str) -> Result<(), AppError> {
    let now = db::now();
    db::sessions::create(
        conn,
        &secrets::hash_token(token),
        person_id,
        now,
        now + Duration::days(SESSION_IDLE_DAYS),
    )
}

/// Hands a recorded session to the browser: a new cookie (against
/// fixation) holding its token, and a new CSRF token.
pub fn start_session(session: &Session, token: &str) -> Result<(), AppError> {
    session.renew();
    session
        .insert(TOKEN_KEY, token)
        .map_err(|e| AppError::internal(format!("session: {e}")))?;
    csrf::rotate(session);
    Ok(())
}

/// A session's new end when one is due: the idle days from now, never past
/// the longest a session lasts; none when it was pushed back less than a
/// day ago (one write a day per session, not one per page).
fn renewal(session: &db::sessions::Session, now: NaiveDateTime) -> Option<NaiveDateTime> {
    let until = (now + Duration::days(SESSION_IDLE_DAYS))
        .min(session.created_at + Duration::days(SESSION_MAX_DAYS));
    (until - session.expires_at >= Duration::days(1)).then_some(until)
}

/// The signed-in person of a page request: the one whose session the
/// cookie's token names, while it holds. A cookie whose session ended
/// loses its token.
pub async fn signed_in(req: &HttpRequest) -> Result<Option<Caller>, AppError> {
    let session = req.get_session();
    let Some(token) = session.get::<String>(TOKEN_KEY).ok().flatten() else {
        return Ok(None);
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return Ok(None);
    };
    let hash = secrets::hash_token(&token);
    let (caller, renewed) = state
        .db
        .run(move |conn| {
            let now = db::now();
            let Some(found) = db::sessions::find(conn, &hash, now)? else {
                return Ok((None, false));
            };
            let renewed = renewal(&found, now);
            if let Some(until) = renewed {
                db::write_transaction(conn, |conn| db::sessions::extend(conn, &hash, until))?;
            }
            Ok((load_caller(conn, &found.person_id)?, renewed.is_some()))
        })
        .await?;
    match &caller {
        None => {
            session.remove(TOKEN_KEY);
        }
        // the cookie's own expiry moves with the session's
        Some(_) if renewed => {
            let _ = session.insert(TOKEN_KEY, &token);
        }
        Some(_) => {}
    }
    Ok(caller)
}

/// Ends the browser's session: its row, then its cookie.
pub async fn end_session(state: &AppState, session: &Session) -> Result<(), AppError> {
    if let Some(token) = session.get::<String>(TOKEN_KEY).ok().flatten() {
        let hash = secrets::hash_token(&token);
        state
            .db
            .run(move |conn| db::write_transaction(conn, |conn| db::sessions::end(conn, &hash)))
            .await?;
    }
    session.purge();
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
