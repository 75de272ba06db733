//! `/metrics`: the Prometheus scrape, behind its token; requests counted by
//! route pattern (never a path, which may hold a secret), the outbox's
//! backlog and the database pool.

use std::collections::BTreeMap;

use diesel::prelude::*;
use quorum::app::settings::Layer;
use quorum::db::schema::outbox_messages;
use quorum::db::write_transaction;
use quorum::domain::error::AppError;
use quorum::domain::secrets::Redacted;
use quorum::infra::mail::enqueue;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::mail::signin_email;
use crate::on_both_backends;

const TOKEN: &str = "a-scrape-token-for-the-tests-0123456789";

fn with_token(layer: &mut Layer) {
    layer.metrics_token = Some(Redacted(TOKEN.into()));
}

/// GET /metrics with this `Authorization` header, if any.
async fn scrape(app: &TestApp, authorization: Option<&str>) -> reqwest::Response {
    let mut request = app.client.get(format!("{}/metrics", app.address));
    if let Some(value) = authorization {
        request = request.header("Authorization", value);
    }
    request.send().await.expect("an answer")
}

/// The scrape's text, which must be the Prometheus text format.
async fn scrape_text(app: &TestApp) -> String {
    let response = scrape(app, Some(&format!("Bearer {TOKEN}"))).await;
    assert_eq!(response.status(), 200);
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert!(
        content_type.starts_with("text/plain; version=0.0.4"),
        "{content_type}"
    );
    response.text().await.expect("a body")
}

/// One sample line: `name{label="value",…} value`.
#[derive(Debug)]
struct Sample {
    name: String,
    labels: BTreeMap<String, String>,
    value: f64,
}

/// Every sample of a scrape; fails on any line that is neither a comment
/// nor a sample, and on a sample whose family has no `# TYPE` before it.
fn samples(text: &str) -> Vec<Sample> {
    let mut typed = Vec::new();
    let mut samples = Vec::new();
    for line in text.lines() {
        if let Some(comment) = line.strip_prefix("# ") {
            let mut words = comment.split(' ');
            if words.next() == Some("TYPE") {
                typed.push(words.next().expect("a name").to_owned());
            }
            continue;
        }
        let sample = parse_sample(line).unwrap_or_else(|| panic!("not a sample: {line:?}"));
        assert!(
            typed.iter().any(|family| sample.name == *family
                || ["_bucket", "_sum", "_count"]
                    .iter()
                    .any(|suffix| sample.name == format!("{family}{suffix}"))),
            "no # TYPE before {line}"
        );
        samples.push(sample);
    }
    samples
}

fn parse_sample(line: &str) -> Option<Sample> {
    let name_end = line.find(['{', ' '])?;
    let name = &line[..name_end];
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == ':')
    {
        return None;
    }
    let mut labels = BTreeMap::new();
    let mut rest = &line[name_end..];
    if let Some(mut inside) = rest.strip_prefix('{') {
        loop {
            if let Some(after) = inside.strip_prefix('}') {
                rest = after;
                break;
            }
            let inside_after_comma = inside.strip_prefix(',').unwrap_or(inside);
            let (label, after) = inside_after_comma.split_once("=\"")?;
            let mut value = String::new();
            let mut chars = after.char_indices();
            let end = loop {
                match chars.next()? {
                    (i, '"') => break i,
                    (_, '\\') => match chars.next()?.1 {
                        'n' => value.push('\n'),
                        other => value.push(other),
                    },
                    (_, c) => value.push(c),
                }
            };
            labels.insert(label.to_owned(), value);
            inside = &after[end + 1..];
        }
    }
    let value = rest.strip_prefix(' ')?;
    let value = match value {
        "+Inf" => f64::INFINITY,
        "-Inf" => f64::NEG_INFINITY,
        other => other.parse().ok()?,
    };
    Some(Sample {
        name: name.to_owned(),
        labels,
        value,
    })
}

/// The value of the one sample named `name` with these labels.
fn value(samples: &[Sample], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    let found: Vec<_> = samples
        .iter()
        .filter(|s| {
            s.name == name
                && labels
                    .iter()
                    .all(|(k, v)| s.labels.get(*k).is_some_and(|l| l == v))
        })
        .collect();
    assert!(found.len() <= 1, "several {name} {labels:?}: {found:?}");
    found.first().map(|s| s.value)
}

on_both_backends! {
    async fn metrics_are_absent_without_a_token_setting(backend: Backend) {
        let app = spawn_app(backend).await;
        let response = scrape(&app, Some("Bearer anything-at-all-0123456789")).await;
        assert_eq!(response.status(), 404);
        let body = response.text().await.expect("a body");
        assert!(!body.contains("quorum_"), "{body}");
    }

    async fn metrics_refuse_a_missing_or_wrong_token(backend: Backend) {
        let app = spawn_app_with(backend, with_token).await;
        let wrong = format!("Bearer {TOKEN}x");
        let basic = format!("Basic {TOKEN}");
        for authorization in [None, Some(wrong.as_str()), Some(basic.as_str()), Some("Bearer ")] {
            let response = scrape(&app, authorization).await;
            assert_eq!(response.status(), 401, "{authorization:?}");
            assert!(response.headers().contains_key("www-authenticate"));
            let body = response.text().await.expect("a body");
            assert!(!body.contains("quorum_"), "{body}");
        }
    }

    async fn metrics_count_requests_by_route_pattern_never_by_path(backend: Backend) {
        let app = spawn_app_with(backend, with_token).await;
        let person = app.add_person("lecteur@example.org", None, false, false);
        let settings = app.settings.clone();
        let feed_token = app.with_conn(|conn| {
            write_transaction(conn, |conn| {
                quorum::db::feeds::rotate(conn, &settings.secret_key, &person.id)
            })
            .expect("a feed token")
        });
        let feed = app.get(&format!("/feeds/{feed_token}.ics")).await;
        assert_eq!(feed.status(), 200);
        let meeting_id = "0190c1d2-0000-7000-8000-00000000beef";
        assert_eq!(app.get(&format!("/meetings/{meeting_id}")).await.status(), 404);
        assert_eq!(app.get("/no/such/page-secret").await.status(), 404);
        assert_eq!(app.get("/healthz").await.status(), 200);

        let text = scrape_text(&app).await;
        for secret in [feed_token.as_str(), meeting_id, "page-secret"] {
            assert!(!text.contains(secret), "{secret} in\n{text}");
        }
        let samples = samples(&text);
        let requests = |route: &str, status: &str| {
            value(
                &samples,
                "quorum_http_requests_total",
                &[("route", route), ("method", "GET"), ("status", status)],
            )
        };
        assert_eq!(requests("/feeds/{token}.ics", "200"), Some(1.0), "{text}");
        assert_eq!(requests("/meetings/{id}", "404"), Some(1.0), "{text}");
        assert_eq!(requests("unmatched", "404"), Some(1.0), "{text}");
        assert_eq!(requests("/healthz", "200"), Some(1.0), "{text}");
        let count = value(
            &samples,
            "quorum_http_request_duration_seconds_count",
            &[("route", "/feeds/{token}.ics")],
        );
        assert_eq!(count, Some(1.0), "{text}");
        let all = value(
            &samples,
            "quorum_http_request_duration_seconds_bucket",
            &[("route", "/feeds/{token}.ics"), ("le", "+Inf")],
        );
        assert_eq!(all, Some(1.0), "{text}");

        // the scrape counts itself, from the next one on
        let again = samples_of(&app).await;
        let scrapes = value(
            &again,
            "quorum_http_requests_total",
            &[("route", "/metrics"), ("method", "GET"), ("status", "200")],
        );
        assert_eq!(scrapes, Some(1.0));
    }

    async fn metrics_show_the_outbox_backlog_and_the_pool(backend: Backend) {
        let app = spawn_app_with(backend, with_token).await;
        let before = samples_of(&app).await;
        assert_eq!(value(&before, "quorum_outbox_queued", &[]), Some(0.0));
        assert_eq!(value(&before, "quorum_outbox_oldest_queued_seconds", &[]), Some(0.0));
        assert_eq!(value(&before, "quorum_outbox_failed", &[]), Some(0.0));
        // the scheme's case does not matter
        let lower = scrape(&app, Some(&format!("bearer {TOKEN}"))).await;
        assert_eq!(lower.status(), 200);

        // one message waiting out a back-off since ten minutes ago, one given
        // up on, in one transaction: the worker never sees them due
        let settings = app.settings.clone();
        app.with_conn(|conn| {
            write_transaction(conn, |conn| {
                use outbox_messages::dsl as o;
                let now = quorum::db::now();
                let waiting = enqueue(conn, &settings, &signin_email("attend@example.org"))?
                    .expect("queued");
                diesel::update(o::outbox_messages.filter(o::message_id.eq(&waiting)))
                    .set((
                        o::created_at.eq(now - chrono::Duration::minutes(10)),
                        o::next_attempt_at.eq(now + chrono::Duration::hours(1)),
                    ))
                    .execute(conn)?;
                let failed = enqueue(conn, &settings, &signin_email("perdu@example.org"))?
                    .expect("queued");
                diesel::update(o::outbox_messages.filter(o::message_id.eq(&failed)))
                    .set(o::state.eq("failed"))
                    .execute(conn)?;
                Ok::<_, AppError>(())
            })
            .expect("queued")
        });

        let after = samples_of(&app).await;
        assert_eq!(value(&after, "quorum_outbox_queued", &[]), Some(1.0));
        assert_eq!(value(&after, "quorum_outbox_failed", &[]), Some(1.0));
        let waited = value(&after, "quorum_outbox_oldest_queued_seconds", &[]).expect("the age");
        assert!((600.0..660.0).contains(&waited), "{waited}");

        // the test pool holds 4 connections
        assert_eq!(value(&after, "quorum_db_pool_size", &[]), Some(4.0));
        let idle = value(&after, "quorum_db_pool_connections", &[("state", "idle")]).expect("idle");
        let in_use =
            value(&after, "quorum_db_pool_connections", &[("state", "in_use")]).expect("in use");
        assert!(idle + in_use >= 1.0 && idle + in_use <= 4.0, "{idle} + {in_use}");
        assert!(value(&after, "quorum_db_waiting", &[]).is_some());
        assert!(value(&after, "quorum_feed_cache_bytes", &[]).is_some());
        assert!(value(&after, "quorum_build_info", &[]).is_some());
    }
}

async fn samples_of(app: &TestApp) -> Vec<Sample> {
    samples(&scrape_text(app).await)
}

#[test]
fn the_sample_parser_reads_escapes_and_refuses_junk() {
    let sample = parse_sample(r#"x_total{a="q\"b\\c",le="+Inf"} 3"#).expect("a sample");
    assert_eq!(sample.labels["a"], "q\"b\\c");
    assert_eq!(sample.labels["le"], "+Inf");
    assert_eq!(sample.value, 3.0);
    assert!(parse_sample("x_total{a=\"b\"}").is_none());
    assert!(parse_sample("<html>").is_none());
}
