//! BigBlueButton rooms, against a fake BigBlueButton server on 127.0.0.1
//! that checks every call's checksum with the shared secret as the real
//! one does, keeps its meetings in memory and records the calls.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use actix_web::{App, HttpRequest, HttpResponse, HttpServer, web};
use chrono::Utc;
use diesel::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};

use crate::helpers::{TestApp, TestPerson, api, logs, send, spawn_app_with};
use crate::on_both_backends;

const SECRET: &str = "8cd8ef52e8e101574e400365b55e11a6";

/// How the fake server behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// As BigBlueButton.
    Normal,
    /// Every call answers HTTP 500.
    Broken,
    /// Every call answers a page that is not the API's.
    Garbage,
}

/// One call the server received: its name and parameters (without the
/// checksum), and whether the checksum was right.
#[derive(Debug, Clone)]
struct Call {
    name: String,
    params: BTreeMap<String, String>,
    checksum_ok: bool,
}

#[derive(Debug)]
struct Fake {
    secret: String,
    mode: Mutex<Mode>,
    meetings: Mutex<BTreeSet<String>>,
    calls: Mutex<Vec<Call>>,
}

/// The checksum as BigBlueButton computes it, by the length of the one
/// received: SHA-1 (40 hex digits) or SHA-256 (64).
fn expected_checksum(call: &str, query: &str, secret: &str, received: &str) -> String {
    let input = format!("{call}{query}{secret}");
    if received.len() == 40 {
        sha1_smol::Sha1::from(input.as_bytes()).digest().to_string()
    } else {
        hex::encode(Sha256::digest(input.as_bytes()))
    }
}

/// Splits a query into what the checksum covers and the checksum (the
/// last parameter); checks it with `secret`.
fn check(call: &str, query: &str, secret: &str) -> (BTreeMap<String, String>, bool) {
    let (covered, sum) = match query.rsplit_once("&checksum=") {
        Some(split) => split,
        None => ("", query.strip_prefix("checksum=").unwrap_or("")),
    };
    let params = url::form_urlencoded::parse(covered.as_bytes())
        .into_owned()
        .collect();
    let ok = !sum.is_empty() && expected_checksum(call, covered, secret, sum) == sum;
    (params, ok)
}

fn xml(code: &str, key: Option<&str>, extra: &str) -> HttpResponse {
    let key = key.map_or(String::new(), |k| {
        format!("\n  <messageKey>{k}</messageKey>\n  <message>{k}</message>")
    });
    HttpResponse::Ok().content_type("text/xml").body(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<response>\n  <returncode>\n    {code}\n  </returncode>{key}{extra}\n</response>\n"
    ))
}

async fn api_call(
    fake: web::Data<Fake>,
    req: HttpRequest,
    call: web::Path<String>,
) -> HttpResponse {
    let call = call.into_inner();
    let (params, checksum_ok) = check(&call, req.query_string(), &fake.secret);
    fake.calls.lock().expect("calls").push(Call {
        name: call.clone(),
        params: params.clone(),
        checksum_ok,
    });
    match *fake.mode.lock().expect("mode") {
        Mode::Broken => return HttpResponse::InternalServerError().body("Internal Server Error"),
        Mode::Garbage => {
            return HttpResponse::Ok()
                .content_type("text/html")
                .body("<html><body>Bienvenue sur nginx</body></html>");
        }
        Mode::Normal => {}
    }
    if !checksum_ok {
        return xml("FAILED", Some("checksumError"), "");
    }
    let id = params.get("meetingID").cloned().unwrap_or_default();
    let mut meetings = fake.meetings.lock().expect("meetings");
    match call.as_str() {
        "create" if meetings.contains(&id) => xml(
            "SUCCESS",
            Some("duplicateWarning"),
            &format!("\n  <meetingID>{id}</meetingID>"),
        ),
        "create" => {
            meetings.insert(id.clone());
            xml("SUCCESS", None, &format!("\n  <meetingID>{id}</meetingID>"))
        }
        "getMeetingInfo" if meetings.contains(&id) => xml(
            "SUCCESS",
            None,
            &format!("\n  <meetingID>{id}</meetingID>\n  <running>true</running>"),
        ),
        "getMeetingInfo" => xml("FAILED", Some("notFound"), ""),
        "isMeetingRunning" => xml(
            "SUCCESS",
            None,
            &format!("\n  <running>{}</running>", meetings.contains(&id)),
        ),
        _ => xml("FAILED", Some("unsupportedRequest"), ""),
    }
}

/// The fake server, and its API's address.
async fn fake_server(secret: &str) -> (Arc<Fake>, String) {
    let fake = Arc::new(Fake {
        secret: secret.to_owned(),
        mode: Mutex::new(Mode::Normal),
        meetings: Mutex::new(BTreeSet::new()),
        calls: Mutex::new(Vec::new()),
    });
    let data = web::Data::from(fake.clone());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("an address").port();
    let server = HttpServer::new(move || {
        App::new()
            .app_data(data.clone())
            .route("/bigbluebutton/api/{call}", web::get().to(api_call))
    })
    .workers(1)
    .listen(listener)
    .expect("listens")
    .run();
    tokio::spawn(server);
    (fake, format!("http://127.0.0.1:{port}/bigbluebutton/api/"))
}

impl Fake {
    fn calls(&self, name: &str) -> Vec<Call> {
        self.calls
            .lock()
            .expect("calls")
            .iter()
            .filter(|c| c.name == name)
            .cloned()
            .collect()
    }

    fn meeting_count(&self) -> usize {
        self.meetings.lock().expect("meetings").len()
    }
}

/// quorum with the demo club, talking to the BigBlueButton API at `url`
/// with `secret`, a one-second timeout.
async fn app_with_bbb(backend: crate::helpers::Backend, url: &str, secret: &str) -> TestApp {
    let app = spawn_app_with(backend, |layer| {
        layer.bbb_url = Some(url.to_owned());
        layer.bbb_secret = Some(quorum::domain::secrets::Redacted(secret.to_owned()));
        layer.bbb_timeout_seconds = Some(1.0);
    })
    .await;
    quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("the demo loads");
    app
}

fn local_in(minutes: i64) -> String {
    (Utc::now() + chrono::Duration::minutes(minutes))
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A person named `name`.
fn person(app: &TestApp, email: &str, name: &str, admin: bool) -> TestPerson {
    let person = app.add_person(email, None, admin, false);
    app.with_conn(|conn| {
        use quorum::db::schema::people::dsl as p;
        diesel::update(p::people.filter(p::id.eq(&person.id)))
            .set(p::name.eq(name))
            .execute(conn)
            .expect("named");
    });
    person
}

/// A remote état-civil session in BigBlueButton starting in five minutes,
/// with a phone bridge; its id and room name.
async fn session(app: &TestApp, token: &str, title: &str) -> (String, String) {
    let (status, meeting) = send(app, reqwest::Method::POST, "/api/v1/meetings", token, Some(json!({
        "kind": "working_group_session", "working_group": "etat-civil", "title": title,
        "starts_at_local": local_in(5),
        "video": {"provider": "bigbluebutton", "dial_in_number": "+33 1 99 00 56 78", "dial_in_pin": "74321"},
    }))).await;
    assert_eq!(status, 201, "{meeting}");
    let id = meeting["id"].as_str().expect("id").to_owned();
    let room = app.with_conn(|conn| {
        quorum::db::rooms::find(conn, &id)
            .expect("query")
            .expect("a room")
            .room
            .expect("a name")
    });
    (id, room)
}

async fn seat(app: &TestApp, person: &TestPerson, meeting: &str) {
    let (status, answer) = api(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/meetings/{meeting}/rsvp"),
        Some(&app.api_token(person)),
        Some(&json!({"answer": "yes", "attendance": "remote"})),
    )
    .await;
    assert_eq!(
        (status, answer["state"].as_str()),
        (200, Some("confirmed")),
        "{answer}"
    );
}

async fn join(app: &TestApp, person: &TestPerson, meeting: &str) -> reqwest::Response {
    app.signed_in(person)
        .await
        .get(&format!("/meetings/{meeting}/join"))
        .await
}

/// The join address's call and parameters, checked by the fake's rule.
fn join_params(url: &str, api_url: &str, secret: &str) -> BTreeMap<String, String> {
    let rest = url
        .strip_prefix(api_url)
        .expect("an address of the BigBlueButton server");
    let (call, query) = rest.split_once('?').expect("a query");
    assert_eq!(call, "join");
    assert!(
        query
            .rsplit_once('&')
            .is_some_and(|(_, last)| last.starts_with("checksum=")),
        "the checksum last"
    );
    let (params, ok) = check(call, query, secret);
    assert!(ok, "a valid checksum: {url}");
    params
}

fn joins(app: &TestApp, meeting: &str) -> usize {
    use quorum::db::schema::meeting_joins;
    app.with_conn(|conn| {
        meeting_joins::table
            .filter(meeting_joins::meeting_id.eq(meeting))
            .count()
            .get_result::<i64>(conn)
            .expect("joins")
    }) as usize
}

on_both_backends! {
    async fn the_meeting_is_created_on_the_first_join_and_each_person_joins_with_their_role(backend: Backend) {
        let (fake, url) = fake_server(SECRET).await;
        let app = app_with_bbb(backend, &url, SECRET).await;
        let organizer = person(&app, "admin@club.example", "Odile Organisatrice", true);
        let token = app.api_token(&organizer);
        let (id, room) = session(&app, &token, "État-civil : dématérialisation").await;
        let seated = person(&app, "assise@club.example", "Bruno Assis", false);
        seat(&app, &seated, &id).await;
        let stranger = person(&app, "passant@club.example", "Paul Passant", false);

        assert_eq!(join(&app, &stranger, &id).await.status(), 403);
        assert!(fake.calls.lock().expect("calls").is_empty(), "nothing asked of the server before someone may join");

        let first = join(&app, &seated, &id).await;
        assert_eq!(first.status(), 303);
        assert_eq!(first.headers()["referrer-policy"], "no-referrer");
        let params = join_params(first.headers()["location"].to_str().expect("ascii"), &url, SECRET);
        assert_eq!(params["fullName"], "Bruno Assis");
        assert_eq!(params["role"], "VIEWER");
        assert_eq!(params["userID"], seated.id);
        assert_eq!(params["meetingID"], room);
        let creates = fake.calls("create");
        assert_eq!(creates.len(), 1, "created on the first join");
        let create = &creates[0].params;
        assert!(creates[0].checksum_ok);
        assert_eq!(create["meetingID"], room);
        assert_eq!(create["name"], "État-civil : dématérialisation");
        assert_eq!(create["logoutURL"], format!("{}/meetings/{id}", app.address));
        assert_eq!(create["dialNumber"], "+33 1 99 00 56 78");
        assert_eq!(create["voiceBridge"], "74321");
        assert_ne!(create["moderatorPW"], create["attendeePW"]);
        assert_eq!(params["password"], create["attendeePW"], "older servers tell the role by password");

        let organizer_join = join(&app, &organizer, &id).await;
        assert_eq!(organizer_join.status(), 303);
        let params = join_params(organizer_join.headers()["location"].to_str().expect("ascii"), &url, SECRET);
        assert_eq!((params["fullName"].as_str(), params["role"].as_str()), ("Odile Organisatrice", "MODERATOR"));
        assert_eq!(params["password"], create["moderatorPW"]);

        // later and concurrent joins create nothing more
        let others: Vec<TestPerson> = (0..3).map(|i| person(&app, &format!("p{i}@club.example"), &format!("Personne {i}"), false)).collect();
        for other in &others {
            seat(&app, other, &id).await;
        }
        let responses = futures_util::future::join_all(others.iter().map(|p| join(&app, p, &id))).await;
        assert!(responses.iter().all(|r| r.status() == 303));
        assert_eq!(fake.calls("create").len(), 1, "one create for the meeting");
        assert_eq!(fake.meeting_count(), 1);
        assert_eq!(joins(&app, &id), 5, "each join recorded");

        // concurrent first joins of another meeting: one meeting on the server
        let (other_id, other_room) = session(&app, &token, "État-civil bis").await;
        for p in &others {
            seat(&app, p, &other_id).await;
        }
        let responses = futures_util::future::join_all(others.iter().map(|p| join(&app, p, &other_id))).await;
        assert!(responses.iter().all(|r| r.status() == 303), "every concurrent first join gets in");
        assert_eq!(fake.meeting_count(), 2);
        let creates = fake.calls("create").into_iter().filter(|c| c.params["meetingID"] == other_room).count();
        assert!((1..=3).contains(&creates), "{creates} creates");
        assert!(fake.calls.lock().expect("calls").iter().all(|c| c.checksum_ok));
    }

    async fn a_wrong_secret_shows_the_unreachable_page_not_an_error(backend: Backend) {
        let logs = logs();
        let (fake, url) = fake_server(SECRET).await;
        let app = app_with_bbb(backend, &url, "not-the-shared-secret").await;
        let organizer = person(&app, "admin@club.example", "Odile Organisatrice", true);
        let (id, _) = session(&app, &app.api_token(&organizer), "État-civil").await;
        let response = join(&app, &organizer, &id).await;
        assert_eq!(response.status(), 502);
        let page = response.text().await.expect("a page");
        assert_unreachable_page(&page);
        let calls = fake.calls.lock().expect("calls").clone();
        assert!(!calls.is_empty() && calls.iter().all(|c| !c.checksum_ok), "the server refused the checksum");
        assert_eq!(fake.meeting_count(), 0);
        assert_eq!(joins(&app, &id), 0, "no join recorded");

        // logged: the meeting and the reason; never the secret, a checksum,
        // an address of the server or a personal link's token
        let link = quorum::services::links::personal_link(&app.settings, &id, &organizer.id);
        assert_eq!(app.browser().get(&link[app.address.len()..]).await.status(), 502);
        let text = String::from_utf8_lossy(&logs.lock().expect("logs")).into_owned();
        let warning = text.lines().find(|l| l.contains("WARN") && l.contains(&id) && l.contains("unreachable"))
            .unwrap_or_else(|| panic!("a warning for {id} in {text}"));
        assert!(warning.contains("checksumError"), "{warning}");
        let token = link.split_once("?t=").expect("a token").1;
        for secret in ["not-the-shared-secret", SECRET, "checksum=", "/bigbluebutton/api/", token] {
            assert!(!text.contains(secret), "{secret} logged: {text}");
        }
    }

    async fn a_broken_silent_or_absent_server_shows_the_unreachable_page(backend: Backend) {
        // HTTP 500, then garbage
        let (fake, url) = fake_server(SECRET).await;
        let app = app_with_bbb(backend, &url, SECRET).await;
        let organizer = person(&app, "admin@club.example", "Odile Organisatrice", true);
        let (id, _) = session(&app, &app.api_token(&organizer), "État-civil").await;
        for mode in [Mode::Broken, Mode::Garbage] {
            *fake.mode.lock().expect("mode") = mode;
            let response = join(&app, &organizer, &id).await;
            assert_eq!(response.status(), 502, "{mode:?}");
            assert_unreachable_page(&response.text().await.expect("a page"));
        }
        // back to normal: the room opens
        *fake.mode.lock().expect("mode") = Mode::Normal;
        assert_eq!(join(&app, &organizer, &id).await.status(), 303);

        // a server that accepts and never answers: the page comes after the timeout
        let silent = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
        let silent_url = format!("http://{}/bigbluebutton/api/", silent.local_addr().expect("address"));
        tokio::spawn(async move {
            let mut held = Vec::new();
            while let Ok((socket, _)) = silent.accept().await {
                held.push(socket);
            }
        });
        let app = app_with_bbb(backend, &silent_url, SECRET).await;
        let organizer = person(&app, "admin@club.example", "Odile Organisatrice", true);
        let (id, _) = session(&app, &app.api_token(&organizer), "État-civil").await;
        let started = std::time::Instant::now();
        let response = join(&app, &organizer, &id).await;
        assert_eq!(response.status(), 502);
        assert!(started.elapsed() < Duration::from_secs(10), "the page does not wait for a silent server");
        assert_unreachable_page(&response.text().await.expect("a page"));

        // nobody listening
        let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let closed_url = format!("http://{}/bigbluebutton/api/", closed.local_addr().expect("address"));
        drop(closed);
        let app = app_with_bbb(backend, &closed_url, SECRET).await;
        let organizer = person(&app, "admin@club.example", "Odile Organisatrice", true);
        let (id, _) = session(&app, &app.api_token(&organizer), "État-civil").await;
        let response = join(&app, &organizer, &id).await;
        assert_eq!(response.status(), 502);
        assert_unreachable_page(&response.text().await.expect("a page"));
    }
}

/// The page says the room is unreachable, whom to contact, the phone
/// bridge; and shows no address of the server.
fn assert_unreachable_page(page: &str) {
    assert!(page.contains("La salle de visio est injoignable"), "{page}");
    assert!(
        page.contains("Brice Mallet"),
        "the group's coordinator: {page}"
    );
    assert!(
        page.contains("mailto:quorum@localhost"),
        "the club's address: {page}"
    );
    assert!(
        page.contains("+33 1 99 00 56 78") && page.contains("74321"),
        "the phone bridge: {page}"
    );
    assert!(
        !page.contains("bigbluebutton/api") && !page.contains("checksum"),
        "{page}"
    );
}
