//! Signing in by emailed link, and signing out.
//!
//! The link in the mail opens a page with a button: the click (a POST) uses
//! the link. Mail scanners that open every link of a message therefore
//! cannot use it up before the person does.

use actix_session::Session;
use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;

use super::{Chrome, local_path, render};
use crate::db::{self, write_transaction};
use crate::domain::error::AppError;
use crate::domain::people::EmailAddress;
use crate::domain::secrets::{hash_token, new_token};
use crate::http::auth;
use crate::http::auth::csrf::CsrfForm;
use crate::http::state::AppState;

/// What the sign-in form sends.
#[derive(Debug, Default, Deserialize)]
pub struct SigninForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    next: String,
}

/// Where to go after signing in.
#[derive(Debug, Deserialize)]
pub struct Next {
    next: Option<String>,
}

#[derive(Template)]
#[template(path = "signin.html")]
struct SigninPage {
    chrome: Chrome,
    email: String,
    next: String,
    error: Option<&'static str>,
    sent: bool,
}

/// The form asking for an address.
pub async fn show_signin(
    chrome: Chrome,
    query: web::Query<Next>,
) -> Result<HttpResponse, AppError> {
    render(&SigninPage {
        chrome,
        email: String::new(),
        next: local_path(query.next.as_deref()).to_owned(),
        error: None,
        sent: false,
    })
}

/// Sends a link when the address is known; answers the same either way.
pub async fn request_signin(
    state: web::Data<AppState>,
    chrome: Chrome,
    req: HttpRequest,
    form: CsrfForm<SigninForm>,
) -> Result<HttpResponse, AppError> {
    let form = form.0;
    let next = local_path(Some(&form.next)).to_owned();
    let again = |chrome: Chrome, error: &'static str, status| {
        let page = SigninPage {
            chrome,
            email: form.email.clone(),
            next: next.clone(),
            error: Some(error),
            sent: false,
        };
        super::render_status(&page, status)
    };
    let Some(address) = EmailAddress::parse(&form.email) else {
        return again(
            chrome.clone(),
            chrome.t.people.signin_invalid_email,
            actix_web::http::StatusCode::UNPROCESSABLE_ENTITY,
        );
    };
    let ip = client_ip(&req, state.settings.trusted_proxy);
    if !state.signin_limits.allow(address.key(), ip) {
        return again(
            chrome.clone(),
            chrome.t.people.signin_too_many,
            actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        );
    }
    // The same work for every address: the request is kept, and the mail
    // worker mails a link if the address is a person's. So the answer's
    // time tells no one who is registered.
    let next_path = next.clone();
    state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                db::people::request_signin(conn, address.as_str(), &next_path)
            })
        })
        .await?;
    render(&SigninPage {
        chrome,
        email: String::new(),
        next,
        error: None,
        sent: true,
    })
}

/// The client's address: the TCP peer, or, behind a trusted proxy, the last
/// address of `X-Forwarded-For` (the one the proxy appended; earlier ones
/// come from the client and prove nothing).
pub fn client_ip(req: &HttpRequest, trusted_proxy: bool) -> Option<std::net::IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip());
    if !trusted_proxy {
        return peer;
    }
    let forwarded = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .last()
        .and_then(|last| last.trim().parse().ok());
    forwarded.or(peer)
}

#[derive(Template)]
#[template(path = "signin_link.html")]
struct SigninLinkPage {
    chrome: Chrome,
    usable: bool,
}

fn link_page(chrome: Chrome, usable: bool) -> Result<HttpResponse, AppError> {
    let mut response = render(&SigninLinkPage { chrome, usable })?;
    if !usable {
        *response.status_mut() = actix_web::http::StatusCode::GONE;
    }
    // The token is in the URL: keep it out of other sites' logs. Not
    // `no-referrer`: under it browsers send `Origin: null` with the button's
    // post, which the CSRF check rightly refuses.
    response.headers_mut().insert(
        header::REFERRER_POLICY,
        header::HeaderValue::from_static("same-origin"),
    );
    Ok(response)
}

/// The page the mail's link opens: a button, or why the link is over.
pub async fn show_signin_link(
    state: web::Data<AppState>,
    chrome: Chrome,
    token: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let hash = hash_token(&token);
    let usable = state
        .db
        .run(move |conn| db::people::signin_token_usable(conn, &hash, db::now()))
        .await?;
    link_page(chrome, usable)
}

/// An empty form: only its CSRF token matters.
#[derive(Debug, Deserialize)]
pub struct Empty {}

/// Uses the link: signs in and goes where the person was going.
pub async fn use_signin_link(
    state: web::Data<AppState>,
    chrome: Chrome,
    session: Session,
    token: web::Path<String>,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    let hash = hash_token(&token);
    let session_token = new_token();
    let recorded = session_token.clone();
    let used = state
        .db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let used = db::people::use_signin_token(conn, &hash, db::now())?;
                if let Some((person_id, _)) = &used {
                    auth::record_session(conn, &recorded, person_id)?;
                }
                Ok(used)
            })
        })
        .await?;
    let Some((_, next)) = used else {
        return link_page(chrome, false);
    };
    auth::start_session(&session, &session_token)?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, local_path(Some(&next)).to_owned()))
        .finish())
}

/// Ends the session, on every instance at once.
pub async fn sign_out(
    state: web::Data<AppState>,
    session: Session,
    _form: CsrfForm<Empty>,
) -> Result<HttpResponse, AppError> {
    auth::end_session(&state, &session).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/"))
        .finish())
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::client_ip;

    #[test]
    fn forwarded_for_counts_only_behind_a_trusted_proxy() {
        let req = TestRequest::default()
            .peer_addr("10.0.0.2:40000".parse().expect("address"))
            .insert_header(("x-forwarded-for", "203.0.113.9, 198.51.100.7"))
            .to_http_request();
        assert_eq!(client_ip(&req, false), "10.0.0.2".parse().ok());
        // the proxy appended the last one; the first came from the client
        assert_eq!(client_ip(&req, true), "198.51.100.7".parse().ok());
        let direct = TestRequest::default()
            .peer_addr("10.0.0.3:40000".parse().expect("address"))
            .to_http_request();
        assert_eq!(client_ip(&direct, true), "10.0.0.3".parse().ok());
    }
}
