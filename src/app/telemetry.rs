//! Logs: tracing to standard error, filtered by `RUST_LOG` (default `info`),
//! and one line per request.

use std::io::IsTerminal;
use std::time::Instant;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
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

/// First segments after which the rest of a path is a secret (a personal
/// feed's token, a sign-in token): it is never written to the logs.
const SECRET_AFTER: [&str; 2] = ["feeds", "signin"];

/// The segments of a one-click answer link, `/meetings/{id}/answer/{token}`.
const ANSWER_LINK: (&str, &str) = ("meetings", "answer");

/// Rounds of percent-decoding at most: `%2566` is `%66` after one, `f`
/// after two. Bounded, so a hostile path costs nothing.
const DECODING_ROUNDS: usize = 4;

/// What a logged segment keeps as is; anything else (controls, spaces,
/// `%`, non-ASCII) is written percent-encoded, so no path forges a line.
const LOGGED_SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'@')
    .remove(b':')
    .remove(b'+')
    .remove(b',')
    .remove(b'=');

/// The path as logged: without its query string, secrets replaced by `***`.
///
/// The router matches the percent-decoded path (`/%66eeds/…` is a feed), so
/// secrets are looked for in the decoded path — decoded until it no longer
/// changes, ignoring case and empty segments — and the decoded path is
/// what is logged, re-encoded, whatever encoding the client chose.
pub fn loggable_path(path: &str) -> String {
    let mut decoded = path.split('?').next().unwrap_or_default().to_owned();
    for _ in 0..DECODING_ROUNDS {
        let next = percent_decode_str(&decoded)
            .decode_utf8_lossy()
            .into_owned();
        if next == decoded {
            break;
        }
        decoded = next;
    }
    // A `?` sent encoded is no query string to the router, but what follows
    // it may be a join link's `t=`.
    let (decoded, encoded_query) = match decoded.split_once('?') {
        Some((path, _)) => (path, true),
        None => (decoded.as_str(), false),
    };
    let segments: Vec<String> = decoded
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| utf8_percent_encode(s, LOGGED_SEGMENT).to_string())
        .collect();
    let is = |at: usize, name: &str| {
        segments
            .get(at)
            .is_some_and(|s| s.eq_ignore_ascii_case(name))
    };
    let (meetings, answer) = ANSWER_LINK;
    // what comes before the secret, named as the route table names it
    let before_secret = if let Some(secret) = SECRET_AFTER.into_iter().find(|name| is(0, name)) {
        Some(vec![secret.to_owned()])
    } else if is(0, meetings) && is(2, answer) {
        Some(vec![
            meetings.to_owned(),
            segments[1].clone(),
            answer.to_owned(),
        ])
    } else {
        None
    }
    .filter(|kept| segments.len() > kept.len());
    let mut logged = match before_secret {
        Some(kept) => format!("/{}/***", kept.join("/")),
        None if decoded.ends_with('/') && !segments.is_empty() => {
            format!("/{}/", segments.join("/"))
        }
        None => format!("/{}", segments.join("/")),
    };
    if encoded_query {
        logged.push_str("?***");
    }
    logged
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

    #[test]
    fn secrets_are_found_whatever_the_encoding_or_case() {
        for (path, logged) in [
            ("/%66eeds/abcdef.ics", "/feeds/***"),
            ("/%66%65%65%64%73/abcdef.ics", "/feeds/***"),
            ("/FEEDS/abcdef.ics", "/feeds/***"),
            ("/Fe%45ds/abcdef.ics", "/feeds/***"),
            ("//feeds//abcdef.ics", "/feeds/***"),
            ("/feeds%2Fabcdef.ics", "/feeds/***"),
            ("/%2566eeds/abcdef.ics", "/feeds/***"),
            ("/feeds/%61bcdef.ics?x=1", "/feeds/***"),
            ("/sign%69n/abcdef", "/signin/***"),
            ("/SIGNIN/abcdef", "/signin/***"),
            ("/meetings/42/%61nswer/abcdef", "/meetings/42/answer/***"),
            ("/Meetings/42/ANSWER/abcdef/", "/meetings/42/answer/***"),
            ("/meetings/42/join%3Ft=abcdef", "/meetings/42/join?***"),
            ("/meetings/42/join%253Ft%3Dabcdef", "/meetings/42/join?***"),
        ] {
            let shown = loggable_path(path);
            assert_eq!(shown, logged, "{path}");
            assert!(!shown.contains("abcdef"), "{path} logged as {shown}");
        }
    }

    #[test]
    fn other_paths_are_logged_decoded_and_safe() {
        assert_eq!(loggable_path("/"), "/");
        assert_eq!(loggable_path("/signin"), "/signin");
        assert_eq!(loggable_path("/feeds/"), "/feeds/");
        assert_eq!(loggable_path("/groups/"), "/groups/");
        assert_eq!(loggable_path("/%67roups/social"), "/groups/social");
        assert_eq!(
            loggable_path("/orgs/saint-%C3%A9tienne"),
            "/orgs/saint-%C3%A9tienne"
        );
        assert_eq!(loggable_path("/orgs/a%0Ab%0D c"), "/orgs/a%0Ab%0D%20c");
        assert_eq!(loggable_path("/orgs/100%25"), "/orgs/100%25");
    }
}
