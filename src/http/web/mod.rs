//! Pages: handlers that read the request, ask the database, and fill a
//! template from `templates/`.

pub mod actions;
pub mod admin;
pub mod answer_links;
pub mod api_docs;
pub mod calendar;
pub mod charts;
pub mod confirm;
pub mod csv;
pub mod date_poll_edit;
pub mod date_polls;
pub mod developments;
pub mod feeds;
pub mod files;
pub mod following;
pub mod health;
pub mod home;
pub mod hosting_calls;
pub mod invitations;
pub mod join;
pub mod language;
pub mod meeting_edit;
pub mod meetings;
pub mod messages;
pub mod metrics;
pub mod minutes;
pub mod organizations;
pub mod outbox;
pub mod participant_table;
pub mod participants;
pub mod profile;
pub mod profile_edit;
pub mod reports;
pub mod rsvp_views;
pub mod rsvps;
pub mod series;
pub mod signin;
pub mod views;
pub mod working_groups;

use std::future::Future;
use std::pin::Pin;

use actix_session::{Session, SessionExt};

use actix_web::dev::{Payload, ServiceResponse};
use actix_web::http::{StatusCode, header};
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use askama::Template;

use crate::domain::Lang;
use crate::domain::error::AppError;
use crate::http::auth::{self, csrf};
use crate::http::{methods, problem};
use crate::i18n::Texts;
use crate::services::caller::Caller;

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "quorum_lang";

/// What every page's frame needs: the language, where we are, who is
/// signed in, and the token its forms carry.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's language.
    pub lang: Lang,
    /// Its words.
    pub t: &'static Texts,
    /// The current path, to come back to after switching language.
    pub path: String,
    /// The signed-in person, if any.
    pub signed_in: Option<Caller>,
    /// Where the page's forms take their CSRF token from.
    forms: Forms,
}

/// The session a page's forms take their CSRF token from. The token is made
/// when a form asks for it, so a visitor who only reads gets no cookie.
#[derive(Clone, Default)]
struct Forms(Option<Session>);

impl std::fmt::Debug for Forms {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Forms")
    }
}

impl Chrome {
    /// The frame without session or person (for error pages).
    pub fn basic(req: &HttpRequest) -> Self {
        let lang = requested_lang(req).unwrap_or_default();
        Self {
            lang,
            t: lang.texts(),
            path: req.path().to_owned(),
            signed_in: None,
            forms: Forms::default(),
        }
    }

    /// The CSRF token a form of the page carries (made on first use).
    pub fn csrf_token(&self) -> String {
        self.forms.0.as_ref().map(csrf::token).unwrap_or_default()
    }

    /// The frame in `lang`, unless the request names a language (`?lang=`
    /// or the remembered choice): pages opened from a person's mail speak
    /// that person's language.
    pub fn preferring(mut self, req: &HttpRequest, lang: Lang) -> Self {
        if requested_lang(req).is_none() {
            self.lang = lang;
            self.t = lang.texts();
        }
        self
    }

    /// The signed-in person, or 401 (a sign-in redirect for pages).
    pub fn caller(&self) -> Result<&Caller, AppError> {
        self.signed_in.as_ref().ok_or(AppError::Unauthorized)
    }
}

/// `?lang=`, else the remembered choice.
pub(crate) fn requested_lang(req: &HttpRequest) -> Option<Lang> {
    req.query_string()
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .map(Lang::from_code)
        .or_else(|| req.cookie(LANG_COOKIE).map(|c| Lang::from_code(c.value())))
}

impl FromRequest for Chrome {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let session = req.get_session();
            let caller = auth::signed_in(&req).await?;
            // A person asked for a language once: it is theirs unless the URL says otherwise.
            let lang = requested_lang(&req)
                .or_else(|| caller.as_ref().map(Caller::lang))
                .unwrap_or_default();
            Ok(Self {
                lang,
                t: lang.texts(),
                path: req.path().to_owned(),
                signed_in: caller,
                forms: Forms(Some(session)),
            })
        })
    }
}

/// A page for one person (an organizer's sheet, a draft, a report of the
/// club): kept by no cache, shared or not.
pub fn private(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("private, no-store"),
    );
    response
}

/// A page's HTML, or an internal error if the template failed.
pub fn render(page: &impl Template) -> Result<HttpResponse, AppError> {
    let html = page
        .render()
        .map_err(|e| AppError::internal(format!("template: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .body(html))
}

/// Renders a public page; made for a visitor not signed in (`anonymous`),
/// it is offered to the next ones (see `http::shared_pages`).
pub fn render_public(anonymous: bool, page: &impl Template) -> Result<HttpResponse, AppError> {
    render(page).map(|response| crate::http::shared_pages::share(response, anonymous))
}

/// Every value of an enumeration as `(code, label)`, for a `<select>`.
pub fn options<T>(label: impl Fn(T) -> &'static str) -> Vec<(&'static str, &'static str)>
where
    T: Copy + strum::VariantArray + Into<&'static str>,
{
    T::VARIANTS
        .iter()
        .map(|v| ((*v).into(), label(*v)))
        .collect()
}

/// A page's HTML with another status than 200: a form shown again with its
/// mistakes is a 422.
pub fn render_status(page: &impl Template, status: StatusCode) -> Result<HttpResponse, AppError> {
    let mut response = render(page)?;
    *response.status_mut() = status;
    Ok(response)
}

/// The message for one field of a form shown again.
pub fn field_error<'a>(
    errors: &'a [crate::domain::error::FieldError],
    field: &str,
) -> Option<&'a str> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| e.message.as_str())
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Chrome,
    title: &'a str,
    help: Option<&'a str>,
    fields: &'a [crate::domain::error::FieldError],
}

/// Turns every error answer of a page into an HTML page in the person's
/// language. API and probe answers keep their `problem+json`; answers that
/// already are HTML (a form shown again with its errors) are left alone.
pub fn error_page<B>(res: ServiceResponse<B>) -> actix_web::Result<ErrorHandlerResponse<B>> {
    let path = res.request().path();
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if is_html
        || path.starts_with("/api/")
        || path == "/healthz"
        || path == "/readyz"
        || path == "/metrics"
    {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let status = res.status();
    if status == StatusCode::UNAUTHORIZED {
        let next = res
            .request()
            .uri()
            .path_and_query()
            .map_or("/", |p| p.as_str())
            .to_owned();
        let location = format!("/signin?next={}", urlencode(&next));
        let response = HttpResponse::SeeOther()
            .insert_header((header::LOCATION, location))
            .finish();
        return Ok(ErrorHandlerResponse::Response(
            res.into_response(response).map_into_right_body(),
        ));
    }
    let chrome = Chrome::basic(res.request());
    let t = chrome.t;
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let (title, help) = match status.as_u16() {
        404 => (
            t.common.error_not_found,
            Some(t.common.error_not_found_help),
        ),
        403 => (
            t.common.error_forbidden,
            app_error.and_then(AppError::detail),
        ),
        405 => (
            t.common.error_method_not_allowed,
            Some(t.common.error_method_not_allowed_help),
        ),
        422 => (t.common.error_invalid, None),
        503 => (t.common.error_unavailable, None),
        500..=599 => (t.common.error_other, Some(t.common.error_internal)),
        _ => (t.common.error_other, app_error.and_then(AppError::detail)),
    };
    let page = ErrorPage {
        chrome: chrome.clone(),
        title,
        help,
        fields: app_error.map_or(&[], AppError::field_errors),
    };
    let html = page.render().unwrap_or_else(|_| title.to_owned());
    let mut response = HttpResponse::build(status);
    // what the answer tells a client beyond its status: when to come back,
    // which methods the address takes
    for name in [header::RETRY_AFTER, header::ALLOW] {
        if let Some(value) = res.headers().get(&name) {
            response.insert_header((name, value.clone()));
        }
    }
    let response = response.content_type("text/html; charset=utf-8").body(html);
    Ok(ErrorHandlerResponse::Response(
        res.into_response(response).map_into_right_body(),
    ))
}

/// A query-string value, percent-encoded.
pub fn urlencode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|s| s[2..].to_owned())
        .unwrap_or_default()
}

/// Only a path of this site: never `//elsewhere` or `https://elsewhere`.
pub fn local_path(back: Option<&str>) -> &str {
    match back {
        // Browsers drop tabs and newlines from URLs: `/\t/evil` would become `//evil`.
        Some(path)
            if path.starts_with('/')
                && !path.starts_with("//")
                && !path
                    .chars()
                    .any(|c| c == '\\' || c.is_whitespace() || c.is_control()) =>
        {
            path
        }
        _ => "/",
    }
}

/// No page here: 404, or 405 when the path is routed for other methods.
pub async fn page_not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    match methods::allowed(&req) {
        Some(allow) => Ok(problem::method_not_allowed(allow)),
        None => Err(AppError::NotFound),
    }
}

/// No API resource here: 404, or 405 when the path is routed for other
/// methods.
pub async fn api_not_found(req: HttpRequest) -> Result<HttpResponse, AppError> {
    page_not_found(req).await
}

/// The one stylesheet, compiled in.
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../../../templates/static/quorum.css"))
}

/// The one script, for the copy buttons (compiled in).
pub async fn script() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../../../templates/static/copy.js"))
}

/// The site's icon (SVG, compiled in).
pub async fn favicon() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("image/svg+xml")
        .insert_header((header::CACHE_CONTROL, "public, max-age=86400"))
        .body(include_str!("../../../templates/static/favicon.svg"))
}

/// Markdown written by organizers, as HTML safe to put in a page: raw HTML,
/// images and dangerous links are removed.
pub fn markdown_to_safe_html(text: &str) -> String {
    crate::infra::markdown::to_safe_html(text)
}

#[cfg(test)]
mod tests {
    use super::markdown_to_safe_html;

    #[test]
    fn markdown_loses_scripts_and_keeps_structure() {
        let html = markdown_to_safe_html(
            "# Ordre du jour\n\n- tour de table\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n\n![pixel](https://tracker.example/p.gif)",
        );
        assert!(html.contains("<h1>Ordre du jour</h1>"), "{html}");
        assert!(html.contains("<li>tour de table</li>"), "{html}");
        assert!(
            !html.contains("<script") && !html.contains("javascript:"),
            "{html}"
        );
        assert!(
            !html.contains("<img") && !html.contains("tracker.example"),
            "{html}"
        );
    }
}
