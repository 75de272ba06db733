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
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::util::SubscriberInitExt;

use crate::infra::settings::LogFormat;

/// Installs the log subscriber; a second call (as in tests) does nothing.
pub fn init() {
    init_with(LogFormat::Text);
}

/// Installs the log subscriber writing `format`; a second call does nothing.
pub fn init_with(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // `try_init` fails when a subscriber is installed already: keep it
    match format {
        LogFormat::Text => {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(filter)
                .with_writer(std::io::stderr)
                .with_ansi(std::io::stderr().is_terminal())
                .try_init();
        }
        LogFormat::Json => {
            let _ = json_logs(filter, std::io::stderr).try_init();
        }
    }
}

/// One JSON object per line for a log collector: the event's fields at the
/// top level (`message`, `status`, `latency_ms`…) and the request's span
/// (`request_id`, `method`, `path`) under `span`, so every line of a request
/// can be found by its id.
fn json_logs<W>(filter: EnvFilter, writer: W) -> impl tracing::Subscriber + Send + Sync
where
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(writer)
        .json()
        .flatten_event(true)
        .with_current_span(true)
        .with_span_list(false)
        .finish()
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
    use std::sync::{Arc, Mutex};

    use actix_web::middleware::from_fn;
    use actix_web::test as actix_test;
    use actix_web::{App, HttpResponse, web};

    use super::{EnvFilter, MakeWriter, json_logs, log_request, loggable_path};

    /// Log lines kept in memory.
    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0
                .lock()
                .expect("not poisoned")
                .extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    impl MakeWriter<'_> for Captured {
        type Writer = Self;

        fn make_writer(&self) -> Self {
            self.clone()
        }
    }

    #[actix_web::test]
    async fn json_logs_are_one_object_per_line_with_the_request() {
        let captured = Captured::default();
        // this thread only: the test service runs on it
        let _default =
            tracing::subscriber::set_default(json_logs(EnvFilter::new("info"), captured.clone()));
        let app = actix_test::init_service(
            App::new()
                .wrap(from_fn(log_request))
                .route("/feeds/{token}.ics", web::get().to(HttpResponse::Ok)),
        )
        .await;
        let request = actix_test::TestRequest::get()
            .uri("/feeds/s3cret-token.ics")
            .to_request();
        let response = actix_test::call_service(&app, request).await;
        assert_eq!(response.status(), 200);
        let text =
            String::from_utf8(captured.0.lock().expect("not poisoned").clone()).expect("UTF-8");
        assert!(!text.contains("s3cret-token"), "{text}");
        let lines: Vec<serde_json::Value> = text
            .lines()
            .map(|line| serde_json::from_str(line).expect("each line is JSON"))
            .collect();
        let served = lines
            .iter()
            .find(|line| line["message"] == "served")
            .unwrap_or_else(|| panic!("no `served` line in {text}"));
        assert_eq!(served["level"], "INFO");
        assert_eq!(served["status"], 200);
        assert!(served["latency_ms"].is_number(), "{served}");
        assert!(served["timestamp"].is_string(), "{served}");
        let span = &served["span"];
        assert_eq!(span["name"], "request");
        assert_eq!(span["method"], "GET");
        assert_eq!(span["path"], "/feeds/***");
        let id = span["request_id"].as_str().expect("a request id");
        assert_eq!(
            response
                .headers()
                .get("x-request-id")
                .map(|v| v.to_str().ok()),
            Some(Some(id))
        );
    }

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
