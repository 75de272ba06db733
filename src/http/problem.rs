//! How an [`AppError`] answers: its status, and a problem details body
//! (RFC 9457) that says only what the person may be told.

use actix_web::http::StatusCode;
use actix_web::http::header::Allow;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

use crate::domain::Lang;
use crate::domain::error::{AppError, FieldError, Refusal};

/// A problem details document (RFC 9457).
#[derive(Debug, Serialize)]
pub struct Problem<'a> {
    /// Always `about:blank`: the status says what kind of problem it is.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status's title.
    pub title: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// What the person may be told.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<&'a str>,
    /// Invalid fields.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub errors: &'a [FieldError],
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::Forbidden(_) => StatusCode::FORBIDDEN,
            Self::Conflict(_) => StatusCode::CONFLICT,
            Self::Unavailable(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
            Self::Refused(Refusal::Invalid(_)) => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Refused(Refusal::Conflict(_)) => StatusCode::CONFLICT,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Refused(refusal) = self {
            // a handler words refusals in its reader's language; one that
            // did not gets the default language, never a blank
            return Lang::default()
                .worded(Self::Refused(refusal.clone()))
                .error_response();
        }
        let status = self.status_code();
        if status.is_server_error() {
            tracing::error!(error = %self, "request failed");
        }
        let problem = Problem {
            kind: "about:blank",
            title: self.title(),
            status: status.as_u16(),
            detail: self.detail(),
            errors: self.field_errors(),
        };
        let body = serde_json::to_string(&problem).unwrap_or_default();
        let mut response = HttpResponse::build(status);
        if status == StatusCode::UNAUTHORIZED {
            response.insert_header(("www-authenticate", "Bearer"));
        }
        if status == StatusCode::SERVICE_UNAVAILABLE {
            // overload and lost connections pass: come back soon
            response.insert_header((actix_web::http::header::RETRY_AFTER, "1"));
        }
        response.content_type(PROBLEM_JSON).body(body)
    }
}

/// The media type of problem details.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// 405: the path exists but not for this method; `Allow` names the methods
/// it accepts (RFC 9110 §15.5.6). Pages get `error.html` in its place from
/// `web::error_page`, which keeps the `Allow` header.
pub fn method_not_allowed(allow: Allow) -> HttpResponse {
    let methods = allow.to_string();
    let detail = format!("This address accepts {methods}.");
    let problem = Problem {
        kind: "about:blank",
        title: "Method not allowed",
        status: StatusCode::METHOD_NOT_ALLOWED.as_u16(),
        detail: Some(detail.as_str()),
        errors: &[],
    };
    HttpResponse::MethodNotAllowed()
        .insert_header(allow)
        .content_type(PROBLEM_JSON)
        .body(serde_json::to_string(&problem).unwrap_or_default())
}
