//! Methods as calendar clients, link checkers and monitors use them: every
//! GET route answers HEAD with GET's status and headers and no body, a
//! conditional HEAD answers 304, and a method a path does not take answers
//! 405 with `Allow` (problem+json under `/api/v1`, a page elsewhere).

use std::collections::BTreeMap;
use std::io::{Read, Write};

use serde_json::Value;

use crate::helpers::{TestApp, first_meeting_id, send, spawn_demo_app};
use crate::on_both_backends;

/// An answer as it came on the wire.
#[derive(Debug)]
struct Raw {
    status: u16,
    /// Header names in lower case; a repeated header's values joined by `\n`.
    headers: BTreeMap<String, String>,
    /// Every byte after the headers.
    body: Vec<u8>,
}

/// `method path` on a fresh connection, read from the socket itself: an
/// HTTP client may hide bytes a server wrongly sends after a HEAD answer.
async fn raw(app: &TestApp, method: &str, path: &str, headers: &[(&str, &str)]) -> Raw {
    let authority = app
        .address
        .strip_prefix("http://")
        .expect("http")
        .to_owned();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: {authority}\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str("\r\n");
    let bytes = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&authority).expect("connects");
        stream
            .set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .expect("a timeout");
        stream.write_all(request.as_bytes()).expect("sent");
        let mut bytes = Vec::new();
        // `Connection: close`: the server closes once its answer is written
        stream
            .read_to_end(&mut bytes)
            .expect("the answer, then the end");
        bytes
    })
    .await
    .expect("the socket task");
    let end = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("the end of the headers");
    let head = String::from_utf8(bytes[..end].to_vec()).expect("ASCII headers");
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .expect("a status line");
    let mut parsed = BTreeMap::<String, String>::new();
    for line in lines {
        let (name, value) = line.split_once(':').expect("a header line");
        let value = value.trim().to_owned();
        parsed
            .entry(name.to_ascii_lowercase())
            .and_modify(|v| {
                v.push('\n');
                v.push_str(&value);
            })
            .or_insert(value);
    }
    Raw {
        status,
        headers: parsed,
        body: bytes[end + 4..].to_vec(),
    }
}

/// The headers GET and HEAD must share: all but those that differ from
/// one answer to the next (the date, the request id, a fresh session
/// cookie's value, of which the name is kept).
fn comparable(headers: &BTreeMap<String, String>) -> BTreeMap<String, String> {
    headers
        .iter()
        .filter(|(name, _)| *name != "date" && *name != "x-request-id")
        .map(|(name, value)| {
            let value = if name == "set-cookie" {
                value.split('=').next().unwrap_or_default().to_owned()
            } else {
                value.clone()
            };
            (name.clone(), value)
        })
        .collect()
}

/// HEAD `path` answers as GET does, without a body; returns GET's answer.
async fn head_like_get(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> Raw {
    let get = raw(app, "GET", path, headers).await;
    let head = raw(app, "HEAD", path, headers).await;
    assert_eq!(head.status, get.status, "HEAD {path}");
    assert_eq!(
        comparable(&head.headers),
        comparable(&get.headers),
        "HEAD {path}"
    );
    assert!(
        head.body.is_empty(),
        "HEAD {path} sent a body: {:?}",
        String::from_utf8_lossy(&head.body)
    );
    get
}

/// The private feed address of a new person of the demo club.
async fn personal_feed(app: &TestApp) -> String {
    let person = app.add_person("agent@nancy.example", Some("nancy"), false, false);
    let token = app.api_token(&person);
    let (status, links) = send(
        app,
        reqwest::Method::POST,
        "/api/v1/me/feed-token",
        &token,
        None,
    )
    .await;
    assert_eq!(status, 201, "{links}");
    links["url"]
        .as_str()
        .expect("a url")
        .strip_prefix(&app.address)
        .expect("here")
        .to_owned()
}

fn allow(raw: &Raw) -> Vec<String> {
    raw.headers
        .get("allow")
        .unwrap_or_else(|| panic!("no Allow in {:?}", raw.headers))
        .split(',')
        .map(|m| m.trim().to_owned())
        .collect()
}

on_both_backends! {
    async fn head_answers_every_get_route_as_get_without_a_body(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let meeting = first_meeting_id(&app, "kind=december_session").await;
        let mine = personal_feed(&app).await;
        // Last-Modified comes once the second of the last change is over:
        // the same on both answers after that
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let pages = [
            "/calendar.ics".to_owned(), mine, "/groups/etat-civil.ics".to_owned(), "/orgs/nancy.ics".to_owned(),
            format!("/meetings/{meeting}.ics"), "/".to_owned(), format!("/meetings/{meeting}"), "/meetings".to_owned(),
            "/api/v1/meetings".to_owned(), format!("/api/v1/meetings/{meeting}"), "/api/v1/openapi.json".to_owned(),
            "/healthz".to_owned(), "/readyz".to_owned(), "/static/quorum.css".to_owned(),
        ];
        for path in &pages {
            let get = head_like_get(&app, path, &[]).await;
            assert_eq!(get.status, 200, "GET {path}");
            assert!(!get.body.is_empty(), "GET {path} has a body");
            let length = get.headers.get("content-length").unwrap_or_else(|| panic!("GET {path}: a length"));
            assert_eq!(length, &get.body.len().to_string(), "GET {path}");
        }
        // the feeds' validators, which calendar clients send back
        let feed = head_like_get(&app, "/calendar.ics", &[]).await;
        for name in ["content-type", "etag", "last-modified", "cache-control"] {
            assert!(feed.headers.contains_key(name), "/calendar.ics: no {name} in {:?}", feed.headers);
        }
        // gzipped, the feed and a page answer alike too
        head_like_get(&app, "/calendar.ics", &[("Accept-Encoding", "gzip")]).await;
        head_like_get(&app, "/", &[("Accept-Encoding", "gzip")]).await;
        // and so does a page answering 404, or a 404 of the API
        assert_eq!(head_like_get(&app, "/meetings/no-such-meeting", &[]).await.status, 404);
        assert_eq!(head_like_get(&app, "/api/v1/meetings/no-such-meeting", &[]).await.status, 404);
    }

    async fn a_conditional_head_answers_not_modified(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let mine = personal_feed(&app).await;
        for path in ["/calendar.ics", mine.as_str(), "/groups/etat-civil.ics"] {
            let get = raw(&app, "GET", path, &[]).await;
            let tag = get.headers.get("etag").unwrap_or_else(|| panic!("{path}: an ETag")).clone();
            let head = raw(&app, "HEAD", path, &[("If-None-Match", &tag)]).await;
            assert_eq!(head.status, 304, "HEAD {path} If-None-Match");
            assert_eq!(head.headers.get("etag"), Some(&tag), "HEAD {path}");
            assert!(head.body.is_empty(), "HEAD {path}");
            // another tag: the whole answer's headers, still without a body
            let stale = raw(&app, "HEAD", path, &[("If-None-Match", "\"stale\"")]).await;
            assert_eq!(stale.status, 200, "HEAD {path} with a stale tag");
            assert_eq!(stale.headers.get("content-length"), get.headers.get("content-length"));
            assert!(stale.body.is_empty(), "HEAD {path}");
        }
    }

    async fn a_method_a_path_does_not_take_answers_405_with_allow(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let meeting = first_meeting_id(&app, "kind=december_session").await;

        // a feed and a page: the error page, in French by default
        for (method, path) in [("DELETE", "/calendar.ics".to_owned()), ("PUT", format!("/meetings/{meeting}"))] {
            let answer = raw(&app, method, &path, &[]).await;
            assert_eq!(answer.status, 405, "{method} {path}");
            assert_eq!(allow(&answer), ["GET", "HEAD"], "{method} {path}");
            assert!(answer.headers["content-type"].starts_with("text/html"), "{method} {path}");
            let html = String::from_utf8(answer.body).expect("UTF-8");
            assert!(html.contains("Demande non acceptée à cette adresse"), "{html}");
        }
        let english = raw(&app, "DELETE", "/calendar.ics?lang=en", &[]).await;
        assert_eq!(english.status, 405);
        assert!(String::from_utf8(english.body).expect("UTF-8").contains("Request not accepted at this address"));

        // a path of several methods names them all; a POST-only path no HEAD
        let both = raw(&app, "DELETE", "/meetings/new", &[]).await;
        assert_eq!(both.status, 405);
        let methods = allow(&both);
        for method in ["GET", "HEAD", "POST"] {
            assert!(methods.iter().any(|m| m == method), "{methods:?}");
        }
        let signout = raw(&app, "GET", "/signout", &[]).await;
        assert_eq!(signout.status, 405);
        assert_eq!(allow(&signout), ["POST"]);

        // the API: problem+json
        let api = raw(&app, "PATCH", "/api/v1/meetings", &[]).await;
        assert_eq!(api.status, 405);
        assert_eq!(allow(&api), ["GET", "HEAD", "POST"]);
        assert_eq!(api.headers["content-type"], "application/problem+json");
        let problem: Value = serde_json::from_slice(&api.body).expect("JSON");
        assert_eq!(problem["status"], 405);
        assert_eq!(problem["title"], "Method not allowed");
        let one = raw(&app, "POST", &format!("/api/v1/meetings/{meeting}"), &[]).await;
        assert_eq!(one.status, 405);
        assert_eq!(allow(&one), ["GET", "HEAD", "PATCH"]);

        // a probe keeps its JSON too
        let probe = raw(&app, "POST", "/healthz", &[]).await;
        assert_eq!(probe.status, 405);
        assert_eq!(allow(&probe), ["GET", "HEAD"]);
        assert_eq!(probe.headers["content-type"], "application/problem+json");
    }

    async fn an_unknown_path_stays_not_found_whatever_the_method(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        for path in ["/no-such-page", "/api/v1/no-such-resource", "/meetings/x/y/z"] {
            for method in ["GET", "HEAD", "DELETE"] {
                let answer = raw(&app, method, path, &[]).await;
                assert_eq!(answer.status, 404, "{method} {path}");
                assert!(!answer.headers.contains_key("allow"), "{method} {path}");
                assert_eq!(answer.body.is_empty(), method == "HEAD", "{method} {path}");
            }
        }
    }
}
