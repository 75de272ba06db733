//! Logs: tracing to standard error, filtered by `RUST_LOG` (default `info`),
//! and one line per request.

use std::io::IsTerminal;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

/// Installs the log subscriber; a second call (as in tests) does nothing.
pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

/// Paths whose last part is a secret (a feed token, a sign-in token): it is
/// never written to the logs.
const SECRET_PATHS: [&str; 2] = ["/feeds/", "/signin/"];

/// The part of a path before a one-click answer token:
/// `/meetings/{id}/answer/{token}`.
const ANSWER_LINK: (&str, &str) = ("/meetings/", "/answer/");

/// The path as logged: without its query string, secrets replaced.
pub fn loggable_path(path: &str) -> String {
    for prefix in SECRET_PATHS {
        if path.starts_with(prefix) && path.len() > prefix.len() {
            return format!("{prefix}***");
        }
    }
    let (meetings, answer) = ANSWER_LINK;
    if let Some(rest) = path.strip_prefix(meetings)
        && let Some(at) = rest.find(answer)
        && rest.len() > at + answer.len()
    {
        return format!("{meetings}{}{answer}***", &rest[..at]);
    }
    path.to_owned()
}

/// Logs every request with an id (also sent back as `x-request-id`), its
/// method, path, status and latency.
pub async fn log_request(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let request_id = uuid::Uuid::now_v7().to_string();
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %req.method(),
        path = %loggable_path(req.path()),
    );
    let started = Instant::now();
    let result = next.call(req).instrument(span.clone()).await;
    let latency_ms = (started.elapsed().as_secs_f64() * 1_000_000.0).round() / 1000.0;
    let _entered = span.enter();
    match result {
        Ok(mut response) => {
            let status = response.status().as_u16();
            tracing::info!(status, latency_ms, "served");
            if let Ok(value) = HeaderValue::from_str(&request_id) {
                response
                    .headers_mut()
                    .insert(HeaderName::from_static("x-request-id"), value);
            }
            Ok(response)
        }
        Err(error) => {
            tracing::warn!(%error, latency_ms, "failed");
            Err(error)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::loggable_path;

    #[test]
    fn feed_tokens_are_not_logged() {
        assert_eq!(loggable_path("/feeds/abcdef.ics"), "/feeds/***");
        assert_eq!(loggable_path("/meetings/42"), "/meetings/42");
    }

    #[test]
    fn answer_link_tokens_are_not_logged() {
        assert_eq!(
            loggable_path("/meetings/42/answer/c2VjcmV0"),
            "/meetings/42/answer/***"
        );
        assert_eq!(loggable_path("/meetings/42/edit"), "/meetings/42/edit");
    }
}
