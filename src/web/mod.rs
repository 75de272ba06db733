//! Pages: handlers that read the request, ask the database, and fill a
//! template from `templates/`.

pub mod health;
pub mod home;
pub mod hosting_calls;
pub mod language;
pub mod meetings;
pub mod organizations;
pub mod views;
pub mod working_groups;

use std::future::{Ready, ready};

use actix_web::dev::{Payload, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::ErrorHandlerResponse;
use actix_web::{FromRequest, HttpRequest, HttpResponse};
use askama::Template;

use crate::error::AppError;
use crate::i18n::{Lang, Texts};

/// The cookie that remembers the chosen language.
pub const LANG_COOKIE: &str = "quorum_lang";

/// What every page's frame needs: the language and where we are.
#[derive(Debug, Clone)]
pub struct Chrome {
    /// The page's language.
    pub lang: Lang,
    /// Its words.
    pub t: &'static Texts,
    /// The current path, to come back to after switching language.
    pub path: String,
}

impl Chrome {
    /// The language asked for by `?lang=`, else the remembered one, else French.
    pub fn from_request(req: &HttpRequest) -> Self {
        let from_query = req
            .query_string()
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .map(Lang::from_code);
        let lang = from_query
            .or_else(|| req.cookie(LANG_COOKIE).map(|c| Lang::from_code(c.value())))
            .unwrap_or_default();
        Self {
            lang,
            t: lang.texts(),
            path: req.path().to_owned(),
        }
    }
}

impl FromRequest for Chrome {
    type Error = actix_web::Error;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::from_request(req)))
    }
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

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    chrome: Chrome,
    title: &'a str,
    help: Option<&'a str>,
    fields: &'a [crate::error::FieldError],
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
    if is_html || path.starts_with("/api/") || path == "/healthz" || path == "/readyz" {
        return Ok(ErrorHandlerResponse::Response(res.map_into_left_body()));
    }
    let chrome = Chrome::from_request(res.request());
    let t = chrome.t;
    let status = res.status();
    let app_error = res
        .response()
        .error()
        .and_then(|e| e.as_error::<AppError>());
    let (title, help) = match status.as_u16() {
        404 => (t.error_not_found, Some(t.error_not_found_help)),
        403 => (t.error_forbidden, app_error.and_then(AppError::detail)),
        422 => (t.error_invalid, None),
        503 => (t.error_unavailable, None),
        500..=599 => (t.error_other, Some(t.error_internal)),
        _ => (t.error_other, app_error.and_then(AppError::detail)),
    };
    let page = ErrorPage {
        chrome: chrome.clone(),
        title,
        help,
        fields: app_error.map_or(&[], AppError::field_errors),
    };
    let html = page.render().unwrap_or_else(|_| title.to_owned());
    let response = HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(html);
    Ok(ErrorHandlerResponse::Response(
        res.into_response(response).map_into_right_body(),
    ))
}

/// No page here.
pub async fn page_not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// No API resource here.
pub async fn api_not_found() -> Result<HttpResponse, AppError> {
    Err(AppError::NotFound)
}

/// The one stylesheet, compiled in.
pub async fn stylesheet() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/css; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(include_str!("../../templates/static/quorum.css"))
}

/// Markdown written by organizers, as HTML safe to put in a page: raw HTML
/// and dangerous links are removed.
pub fn markdown_to_safe_html(text: &str) -> String {
    let parser = pulldown_cmark::Parser::new(text);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .link_rel(Some("noopener noreferrer nofollow"))
        .clean(&html)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::markdown_to_safe_html;

    #[test]
    fn markdown_loses_scripts_and_keeps_structure() {
        let html = markdown_to_safe_html(
            "# Ordre du jour\n\n- tour de table\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))",
        );
        assert!(html.contains("<h1>Ordre du jour</h1>"), "{html}");
        assert!(html.contains("<li>tour de table</li>"), "{html}");
        assert!(
            !html.contains("<script") && !html.contains("javascript:"),
            "{html}"
        );
    }
}
