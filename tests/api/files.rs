//! Files attached to meetings: organizers and admins attach and delete
//! them; public files for whoever sees the meeting, participants' files
//! for those who take part (404 and unlisted for anyone else); the type is
//! found in the content; names are cleaned, sent back safely and escaped in
//! the page; a file over the limit is refused and nothing is stored.

use reqwest::Method;
use serde_json::{Value, json};

use crate::attendance::{Session, page_of, session};
use crate::helpers::{Backend, Browser, TestApp, api, send, spawn_app_with, spawn_demo_app, texts};
use crate::on_both_backends;

/// A small valid PDF's first bytes (the content check reads the signature).
pub(crate) const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
/// A PNG's signature and a header chunk.
const PNG: &[u8] =
    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

const BOUNDARY: &str = "quorum-test-7d3f0c9a";

/// One part of a multipart form.
#[derive(Clone, Copy)]
pub(crate) enum Part<'a> {
    /// A text field.
    Field(&'a str, &'a str),
    /// The `file` part: its `Content-Disposition` file name parameter as
    /// written (`filename="a.pdf"` or `filename*=UTF-8''…`), its declared
    /// type, its bytes.
    File(&'a str, Option<&'a str>, &'a [u8]),
}

/// A `multipart/form-data` body and its content type.
pub(crate) fn multipart(parts: &[Part<'_>]) -> (String, Vec<u8>) {
    let mut body = Vec::new();
    for part in parts {
        body.extend_from_slice(format!("--{BOUNDARY}\r\n").as_bytes());
        match part {
            Part::Field(name, value) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}")
                        .as_bytes(),
                );
            }
            Part::File(filename, content_type, bytes) => {
                body.extend_from_slice(
                    format!("Content-Disposition: form-data; name=\"file\"; {filename}\r\n")
                        .as_bytes(),
                );
                if let Some(content_type) = content_type {
                    body.extend_from_slice(format!("Content-Type: {content_type}\r\n").as_bytes());
                }
                body.extend_from_slice(b"\r\n");
                body.extend_from_slice(bytes);
            }
        }
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={BOUNDARY}"), body)
}

/// `filename="…"` for a plain name.
pub(crate) fn named(name: &str) -> String {
    format!("filename=\"{name}\"")
}

fn files_path(meeting: &str) -> String {
    format!("/api/v1/meetings/{meeting}/files")
}

/// Attaches a file through the API: the status and the JSON answer.
pub(crate) async fn upload(
    app: &TestApp,
    token: Option<&str>,
    meeting: &str,
    parts: &[Part<'_>],
) -> (u16, Value) {
    let (content_type, body) = multipart(parts);
    let mut request = crate::helpers::unpooled_client()
        .post(format!("{}{}", app.address, files_path(meeting)))
        .header("content-type", content_type)
        .body(body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.expect("answered");
    let status = response.status().as_u16();
    let text = response.text().await.expect("a body");
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A public or participants' file named `name` holding `bytes`, by `token`.
async fn attach(s: &Session, token: &str, name: &str, bytes: &[u8], visibility: &str) -> Value {
    let (status, file) = upload(
        &s.app,
        Some(token),
        &s.meeting,
        &[
            Part::File(&named(name), None, bytes),
            Part::Field("visibility", visibility),
        ],
    )
    .await;
    assert_eq!(status, 201, "{file}");
    file
}

/// The names of the stored files of a meeting, read from the database.
fn stored(app: &TestApp, meeting: &str) -> Vec<String> {
    app.with_conn(|conn| {
        quorum::db::files::list(conn, meeting)
            .expect("files")
            .into_iter()
            .map(|f| f.name)
            .collect()
    })
}

/// The names the API lists to `token`.
async fn listed(s: &Session, token: Option<&str>) -> Vec<String> {
    let (status, page) = api(&s.app, Method::GET, &files_path(&s.meeting), token, None).await;
    assert_eq!(status, 200, "{page}");
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|f| f["name"].as_str().expect("a name").to_owned())
        .collect()
}

/// GET a file through the API with `token`.
async fn download(app: &TestApp, url: &str, token: Option<&str>) -> reqwest::Response {
    let mut request = crate::helpers::unpooled_client().get(format!("{}{url}", app.address));
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    request.send().await.expect("answered")
}

/// Posts a multipart form from a browser, with its CSRF token unless
/// `token` says otherwise.
async fn post_multipart(
    browser: &Browser,
    path: &str,
    token: Option<&str>,
    parts: &[Part<'_>],
) -> reqwest::Response {
    let csrf = match token {
        Some(token) => token.to_owned(),
        None => browser.csrf_token().await,
    };
    let mut all = vec![Part::Field("csrf_token", &csrf)];
    all.extend(parts.iter().copied());
    let (content_type, body) = multipart(&all);
    browser
        .client
        .post(format!("{}{path}", browser.address))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("answered")
}

/// A running session of the demo club with the files limit at `max` bytes.
async fn session_limited(backend: Backend, max: usize) -> Session {
    let app = spawn_app_with(backend, |layer| layer.files_max_bytes = Some(max)).await;
    quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("the demo club loads");
    session(app, 30).await
}

on_both_backends! {
    async fn only_organizers_and_admins_attach_and_delete_files(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let parts = [Part::File("filename=\"ordre du jour.pdf\"", Some("application/pdf"), PDF), Part::Field("visibility", "public")];
        let (anonymous, problem) = upload(&s.app, None, &s.meeting, &parts).await;
        assert_eq!(anonymous, 401, "{problem}");
        let (member, problem) = upload(&s.app, Some(&s.member_token), &s.meeting, &parts).await;
        assert_eq!(member, 403, "{problem}");
        let came_token = s.app.api_token(&s.came);
        let (participant, _) = upload(&s.app, Some(&came_token), &s.meeting, &parts).await;
        assert_eq!(participant, 403);
        assert!(stored(&s.app, &s.meeting).is_empty(), "a refused file was stored");

        let by_coordinator = attach(&s, &s.coordinator_token, "ordre du jour.pdf", PDF, "public").await;
        assert_eq!((by_coordinator["name"].as_str(), by_coordinator["content_type"].as_str(), by_coordinator["size_bytes"].as_u64()), (Some("ordre du jour.pdf"), Some("application/pdf"), Some(PDF.len() as u64)), "{by_coordinator}");
        let by_admin = attach(&s, &s.admin, "tableau.csv", b"collectivite;present\nArles;oui\n", "participants").await;
        assert_eq!(by_admin["content_type"], "text/csv");
        assert_eq!(stored(&s.app, &s.meeting), ["ordre du jour.pdf", "tableau.csv"]);

        let url = by_coordinator["url"].as_str().expect("url").to_owned();
        for (token, status) in [(None, 401), (Some(s.member_token.as_str()), 403), (Some(came_token.as_str()), 403)] {
            let (answered, _) = api(&s.app, Method::DELETE, &url, token, None).await;
            assert_eq!(answered, status, "{token:?}");
        }
        assert_eq!(stored(&s.app, &s.meeting).len(), 2);
        let (status, _) = send(&s.app, Method::DELETE, &url, &s.coordinator_token, None).await;
        assert_eq!(status, 204);
        let (again, _) = send(&s.app, Method::DELETE, &url, &s.admin, None).await;
        assert_eq!(again, 404);
        let (status, _) = send(&s.app, Method::DELETE, by_admin["url"].as_str().expect("url"), &s.admin, None).await;
        assert_eq!(status, 204);
        assert!(stored(&s.app, &s.meeting).is_empty());
    }

    async fn participants_files_are_seen_by_participants_only(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let public = attach(&s, &s.coordinator_token, "diaporama.pdf", PDF, "public").await;
        let private = attach(&s, &s.coordinator_token, "coordonnees.txt", b"Contacts des participants", "participants").await;
        // someone recorded present without having answered
        let walk_in = s.app.add_person("venu@sicoval.example", Some("sicoval"), false, false);
        let (status, sheet) = send(&s.app, Method::PUT, &format!("/api/v1/meetings/{}/attendance", s.meeting), &s.coordinator_token,
            Some(json!({"entries": [{"person": walk_in.email, "status": "in_person"}]}))).await;
        assert_eq!(status, 200, "{sheet}");

        let came = s.app.api_token(&s.came);
        let declined = s.app.api_token(&s.declined);
        let walk_in_token = s.app.api_token(&walk_in);
        let both = ["diaporama.pdf", "coordonnees.txt"];
        let only_public = ["diaporama.pdf"];
        let readers: [(Option<&str>, &[&str]); 7] = [
            (None, &only_public[..]),
            (Some(s.member_token.as_str()), &only_public[..]),
            (Some(declined.as_str()), &only_public[..]),
            (Some(came.as_str()), &both[..]),
            (Some(walk_in_token.as_str()), &both[..]),
            (Some(s.coordinator_token.as_str()), &both[..]),
            (Some(s.admin.as_str()), &both[..]),
        ];
        for (token, expected) in readers {
            assert_eq!(listed(&s, token).await, expected, "{token:?}");
            let response = download(&s.app, public["url"].as_str().expect("url"), token).await;
            assert_eq!(response.status(), 200);
            assert!(response.headers()["cache-control"].to_str().expect("ascii").starts_with("public"));
            let response = download(&s.app, private["url"].as_str().expect("url"), token).await;
            if expected.len() == 2 {
                assert_eq!(response.status(), 200, "{token:?}");
                assert!(response.headers()["cache-control"].to_str().expect("ascii").starts_with("private"));
                assert_eq!(response.bytes().await.expect("bytes").as_ref(), b"Contacts des participants");
            } else {
                // not 403: nothing tells a stranger the file exists
                assert_eq!(response.status(), 404, "{token:?}");
            }
        }
        let private_page = format!("/meetings/{}/files/{}", s.meeting, private["id"].as_str().expect("id"));
        assert_eq!(s.app.get(&private_page).await.status(), 404);
        assert_eq!(s.app.signed_in(&s.member).await.get(&private_page).await.status(), 404);
        assert_eq!(s.app.signed_in(&s.came).await.get(&private_page).await.status(), 200);

        // the meeting's page lists what each may see
        let anonymous = s.app.page(&format!("/meetings/{}", s.meeting)).await;
        assert_eq!(texts(&anonymous, "#documents ~ table a.file-name"), only_public);
        let participant = page_of(&s.app.signed_in(&s.came).await, &format!("/meetings/{}", s.meeting)).await;
        assert_eq!(texts(&participant, "#documents ~ table a.file-name"), both);
        let member = page_of(&s.app.signed_in(&s.member).await, &format!("/meetings/{}", s.meeting)).await;
        assert_eq!(texts(&member, "#documents ~ table a.file-name"), only_public);
        assert!(texts(&member, "form.upload").is_empty(), "a member sees the upload form");
    }

    async fn a_draft_meetings_files_are_its_organizers_only(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let (status, draft) = send(&s.app, Method::POST, "/api/v1/meetings", &s.admin, Some(json!({
            "kind": "working_group_session", "working_group": "etat-civil", "title": "Brouillon",
            "starts_at_local": "2099-01-15T10:00", "time_zone": "Europe/Paris", "status": "draft",
        }))).await;
        assert_eq!(status, 201, "{draft}");
        let id = draft["id"].as_str().expect("id").to_owned();
        let (status, file) = upload(&s.app, Some(&s.coordinator_token), &id, &[Part::File(&named("ordre du jour.pdf"), None, PDF), Part::Field("visibility", "public")]).await;
        assert_eq!(status, 201, "{file}");
        let url = file["url"].as_str().expect("url");
        for token in [None, Some(s.member_token.as_str())] {
            let (status, _) = api(&s.app, Method::GET, &files_path(&id), token, None).await;
            assert_eq!(status, 404, "{token:?}");
            assert_eq!(download(&s.app, url, token).await.status(), 404, "{token:?}");
        }
        assert_eq!(download(&s.app, url, Some(&s.coordinator_token)).await.status(), 200);
    }

    async fn a_file_over_the_limit_is_refused_and_nothing_is_stored(backend: Backend) {
        let s = session_limited(backend, 1000).await;
        let over = vec![b'a'; 1001];
        let (status, problem) = upload(&s.app, Some(&s.coordinator_token), &s.meeting, &[Part::File(&named("notes.txt"), Some("text/plain"), &over), Part::Field("visibility", "public")]).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "file", "{problem}");
        assert!(problem["errors"][0]["message"].as_str().is_some_and(|m| m.contains("taille") && m.contains("1000 octets")), "{problem}");
        // far over: refused from its announced length, unread (the server
        // may close the connection before the client has sent it all)
        let huge = vec![b'a'; 100 * 1024];
        let (content_type, body) = multipart(&[Part::File(&named("notes.txt"), None, &huge), Part::Field("visibility", "public")]);
        let answered = crate::helpers::unpooled_client().post(format!("{}{}", s.app.address, files_path(&s.meeting)))
            .bearer_auth(&s.coordinator_token).header("content-type", content_type).body(body).send().await;
        if let Ok(response) = answered {
            assert_eq!(response.status(), 422);
        }
        assert!(stored(&s.app, &s.meeting).is_empty(), "a file over the limit was stored");
        // the page says why, keeping the visibility chosen
        let browser = s.app.signed_in(&s.coordinator).await;
        let response = post_multipart(&browser, &format!("/meetings/{}/files", s.meeting), None, &[Part::File(&named("notes.txt"), None, &over), Part::Field("visibility", "participants")]).await;
        assert_eq!(response.status(), 422);
        let page = scraper::Html::parse_document(&response.text().await.expect("body"));
        assert!(texts(&page, "form.upload [role=alert]").concat().contains("taille permise"));
        assert_eq!(crate::helpers::attr(&page, "#file-visibility option[selected]", "value").as_deref(), Some("participants"));
        assert!(stored(&s.app, &s.meeting).is_empty());
        // at the limit, it is taken
        let at = vec![b'a'; 1000];
        attach(&s, &s.coordinator_token, "notes.txt", &at, "public").await;
        assert_eq!(stored(&s.app, &s.meeting), ["notes.txt"]);
    }

    async fn content_that_disagrees_with_its_type_is_refused(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let cases: [(&str, Option<&str>, &[u8]); 5] = [
            ("rapport.pdf", None, PNG),
            ("photo.png", Some("application/pdf"), PNG),
            ("page.html", Some("text/html"), b"<html><script>alert(1)</script></html>"),
            ("notes.txt", None, b"\x7fELF\x02\x01\x01\0\0\0"),
            ("archive.docx", None, b"PK\x03\x04not a document"),
        ];
        for (name, claimed, bytes) in cases {
            let (status, problem) = upload(&s.app, Some(&s.coordinator_token), &s.meeting, &[Part::File(&named(name), claimed, bytes), Part::Field("visibility", "public")]).await;
            assert_eq!(status, 422, "{name}: {problem}");
            assert_eq!(problem["errors"][0]["field"], "file", "{name}: {problem}");
        }
        let (_, problem) = upload(&s.app, Some(&s.coordinator_token), &s.meeting, &[Part::File(&named("rapport.pdf"), None, PNG), Part::Field("visibility", "public")]).await;
        assert_eq!(problem["errors"][0]["message"], "le contenu de ce fichier ne correspond pas à son type");
        // no file, an unknown visibility: both said at once
        let (status, problem) = upload(&s.app, Some(&s.coordinator_token), &s.meeting, &[Part::Field("visibility", "everyone")]).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["file", "visibility"], "{problem}");
        // not multipart at all
        let (status, problem) = send(&s.app, Method::POST, &files_path(&s.meeting), &s.coordinator_token, Some(json!({"file": "x"}))).await;
        assert_eq!(status, 422, "{problem}");
        assert!(stored(&s.app, &s.meeting).is_empty());
        // the same PNG, named for what it is, is taken and served as found
        let file = attach(&s, &s.coordinator_token, "photo.PNG", PNG, "public").await;
        assert_eq!(file["content_type"], "image/png");
    }

    async fn hostile_names_are_cleaned_and_escaped(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let hostile = "filename*=UTF-8''..%2F..%2Fetc%2F%3Cscript%3Ealert%281%29%01%1B%0A.txt";
        let (status, file) = upload(&s.app, Some(&s.coordinator_token), &s.meeting, &[Part::File(hostile, Some("text/plain"), b"bonjour"), Part::Field("visibility", "public")]).await;
        assert_eq!(status, 201, "{file}");
        assert_eq!(file["name"], "<script>alert(1).txt");
        let windows = attach(&s, &s.coordinator_token, "C:\\\\Users\\\\moi\\\\..\\\\compte rendu.md", b"# Compte rendu", "public").await;
        assert_eq!(windows["name"], "compte rendu.md");
        let (_, quoted) = upload(&s.app, Some(&s.coordinator_token), &s.meeting, &[Part::File("filename*=UTF-8''%22cit%C3%A9%22%09.txt", None, b"x"), Part::Field("visibility", "public")]).await;
        assert_eq!(quoted["name"], "cité.txt", "{quoted}");
        let (_, nothing) = upload(&s.app, Some(&s.coordinator_token), &s.meeting, &[Part::File("filename=\"../..\"", None, b"x"), Part::Field("visibility", "public")]).await;
        assert_eq!(nothing["name"], "fichier", "{nothing}");

        let response = s.app.get(&format!("/meetings/{}", s.meeting)).await;
        let html = response.text().await.expect("body");
        assert!(!html.contains("<script>alert"), "the name is not escaped");
        let page = scraper::Html::parse_document(&html);
        assert!(texts(&page, "a.file-name").contains(&"<script>alert(1).txt".to_owned()));

        let response = download(&s.app, file["url"].as_str().expect("url"), None).await;
        let disposition = response.headers()["content-disposition"].to_str().expect("ascii").to_owned();
        assert_eq!(disposition, "attachment; filename=\"<script>alert(1).txt\"; filename*=UTF-8''%3Cscript%3Ealert%281%29.txt");
    }

    async fn downloads_carry_the_detected_type_and_a_safe_name(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let pdf = attach(&s, &s.coordinator_token, "Compte rendu été.pdf", PDF, "public").await;
        let response = download(&s.app, pdf["url"].as_str().expect("url"), None).await;
        assert_eq!(response.status(), 200);
        let headers = response.headers().clone();
        assert_eq!(headers["content-type"], "application/pdf");
        assert_eq!(headers["content-disposition"], "inline; filename=\"Compte rendu _t_.pdf\"; filename*=UTF-8''Compte%20rendu%20%C3%A9t%C3%A9.pdf");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        let etag = headers["etag"].to_str().expect("ascii").to_owned();
        assert_eq!(etag, format!("\"{}\"", pdf["sha256"].as_str().expect("sha256")));
        assert_eq!(response.bytes().await.expect("bytes").as_ref(), PDF);
        let again = crate::helpers::unpooled_client().get(format!("{}{}", s.app.address, pdf["url"].as_str().expect("url"))).header("if-none-match", &etag).send().await.expect("answered");
        assert_eq!(again.status(), 304);

        // declared as plain text, a Markdown file is served as Markdown, to be saved
        let (status, md) = upload(&s.app, Some(&s.coordinator_token), &s.meeting, &[Part::File(&named("notes.md"), Some("text/plain"), "# Relevé".as_bytes()), Part::Field("visibility", "public")]).await;
        assert_eq!(status, 201, "{md}");
        let page_url = format!("/meetings/{}/files/{}", s.meeting, md["id"].as_str().expect("id"));
        let response = s.app.get(&page_url).await;
        assert_eq!(response.headers()["content-type"], "text/markdown; charset=utf-8");
        assert!(response.headers()["content-disposition"].to_str().expect("ascii").starts_with("attachment; "));
        assert_eq!(response.text().await.expect("text"), "# Relevé");
        // the same through HEAD, without the body
        let head = s.app.client.head(format!("{}{page_url}", s.app.address)).send().await.expect("answered");
        assert_eq!(head.status(), 200);
        assert_eq!(head.headers()["content-type"], "text/markdown; charset=utf-8");
    }

    async fn the_meeting_page_attaches_lists_and_deletes_documents(backend: Backend) {
        let s = session(spawn_demo_app(backend).await, 30).await;
        let path = format!("/meetings/{}/files", s.meeting);
        let browser = s.app.signed_in(&s.coordinator).await;
        let page = page_of(&browser, &format!("/meetings/{}", s.meeting)).await;
        assert_eq!(texts(&page, "label[for=file-file]").len(), 1);
        assert_eq!(texts(&page, "label[for=file-visibility]").len(), 1);
        assert_eq!(crate::helpers::attr(&page, "form.upload", "enctype").as_deref(), Some("multipart/form-data"));

        // without the token, or from another site: refused, nothing stored
        let refused = post_multipart(&browser, &path, Some("not-the-token"), &[Part::File(&named("a.pdf"), None, PDF), Part::Field("visibility", "public")]).await;
        assert_eq!(refused.status(), 403);
        let (content_type, body) = multipart(&[Part::Field("csrf_token", &browser.csrf_token().await), Part::File(&named("a.pdf"), None, PDF), Part::Field("visibility", "public")]);
        let cross = browser.client.post(format!("{}{path}", browser.address)).header("content-type", content_type).header("sec-fetch-site", "cross-site").body(body).send().await.expect("answered");
        assert_eq!(cross.status(), 403);
        let member = s.app.signed_in(&s.member).await;
        let by_member = post_multipart(&member, &path, None, &[Part::File(&named("a.pdf"), None, PDF), Part::Field("visibility", "public")]).await;
        assert_eq!(by_member.status(), 403);
        assert!(stored(&s.app, &s.meeting).is_empty());

        let added = post_multipart(&browser, &path, None, &[Part::File(&named("diaporama.pdf"), Some("application/pdf"), PDF), Part::Field("visibility", "participants")]).await;
        assert_eq!(added.status(), 303);
        let location = added.headers()["location"].to_str().expect("ascii").to_owned();
        assert!(location.starts_with(&format!("/meetings/{}?file=added", s.meeting)), "{location}");
        let page = page_of(&browser, &location).await;
        assert_eq!(texts(&page, ".documents [role=status]"), ["Document joint."]);
        assert_eq!(texts(&page, "tr.file td"), ["diaporama.pdf", "PDF", format!("{} octets", PDF.len()).as_str(), "les participants seulement", "Supprimer"]);
        let english = page_of(&browser, &format!("/meetings/{}?lang=en", s.meeting)).await;
        assert_eq!(texts(&english, "tr.file td")[2], format!("{} bytes", PDF.len()));

        let id = s.app.with_conn(|conn| quorum::db::files::list(conn, &s.meeting).expect("files"))[0].id.clone();
        let deleted = browser.post_form(&format!("/meetings/{}/files/{id}/delete", s.meeting), &[]).await;
        assert_eq!(deleted.status(), 303);
        assert!(stored(&s.app, &s.meeting).is_empty());
        let page = page_of(&browser, deleted.headers()["location"].to_str().expect("ascii")).await;
        assert_eq!(texts(&page, ".documents [role=status]"), ["Document supprimé."]);
    }

    async fn the_december_2017_session_has_its_two_files(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("the demo loads again");
        let list: Value = app.get("/api/v1/meetings?kind=december_session&include_past=true").await.json().await.expect("json");
        let id = list["items"][0]["id"].as_str().expect("id").to_owned();
        let (status, files) = api(&app, Method::GET, &files_path(&id), None, None).await;
        assert_eq!(status, 200);
        let names: Vec<&str> = files["items"].as_array().expect("items").iter().filter_map(|f| f["name"].as_str()).collect();
        assert_eq!(names, ["Club Publik, réunion 2017-12-07.pdf", "20171207-II-publik-2020-interconnectes.pdf"]);
        for file in files["items"].as_array().expect("items") {
            assert_eq!((file["visibility"].as_str(), file["content_type"].as_str()), (Some("public"), Some("application/pdf")));
            let bytes = download(&app, file["url"].as_str().expect("url"), None).await.bytes().await.expect("bytes");
            assert!(bytes.starts_with(b"%PDF-1.4") && bytes.ends_with(b"%%EOF\n"));
        }
        let page = app.page(&format!("/meetings/{id}")).await;
        assert_eq!(texts(&page, "a.file-name").len(), 2);
    }
}
