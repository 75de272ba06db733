//! The join gateway: who gets into the room, when, and that the room's
//! address is shown nowhere else.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use serde_json::json;

use crate::helpers::{TestApp, TestPerson, api, send, spawn_demo_app};
use crate::on_both_backends;

pub(crate) const ROOM: &str = "https://visio.example/salle-7c1f9e";
/// The phone bridge's code of the sessions here.
pub(crate) const PIN: &str = "4321#";

/// A local start `minutes` from now in Paris, as the API takes it.
pub(crate) fn local_in(minutes: i64) -> String {
    (Utc::now() + Duration::minutes(minutes))
        .with_timezone(&chrono_tz::Europe::Paris)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A remote état-civil session starting in `minutes`, with one seat, a
/// static room and a phone bridge.
async fn session(app: &TestApp, token: &str, minutes: i64) -> String {
    session_with(app, token, minutes, Some(1)).await
}

/// A remote état-civil session starting in `minutes`, with `seats` remote
/// seats (none: no limit), the static room `ROOM` and a phone bridge.
pub(crate) async fn session_with(
    app: &TestApp,
    token: &str,
    minutes: i64,
    seats: Option<i64>,
) -> String {
    let (status, meeting) = send(app, reqwest::Method::POST, "/api/v1/meetings", token, Some(json!({
        "kind": "working_group_session", "working_group": "etat-civil", "title": "État-civil",
        "starts_at_local": local_in(minutes), "remote_capacity": seats,
        "video": {"provider": "static_url", "url": ROOM, "dial_in_number": "+33 1 23 45 67 89", "dial_in_pin": PIN},
    }))).await;
    assert_eq!(status, 201, "{meeting}");
    meeting["id"].as_str().expect("id").to_owned()
}

async fn join(app: &TestApp, person: &TestPerson, meeting: &str) -> reqwest::Response {
    app.signed_in(person)
        .await
        .get(&format!("/meetings/{meeting}/join"))
        .await
}

fn joins(app: &TestApp, meeting: &str) -> Vec<(String, bool)> {
    use quorum::db::schema::meeting_joins;
    app.with_conn(|conn| {
        meeting_joins::table
            .filter(meeting_joins::meeting_id.eq(meeting))
            .select((meeting_joins::person_id, meeting_joins::moderator))
            .load(conn)
            .expect("joins")
    })
}

on_both_backends! {
    async fn only_entitled_people_inside_the_window_reach_the_room(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let id = session(&app, &token, 5).await;
        let seated = app.add_person("assise@club.example", None, false, false);
        let waiting = app.add_person("attente@club.example", None, false, false);
        let stranger = app.add_person("passant@club.example", None, false, false);
        let follower = app.add_person("suit@club.example", None, false, false);
        for (person, state) in [(&seated, "confirmed"), (&waiting, "waitlisted")] {
            let (_, answer) = api(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), Some(&app.api_token(person)), Some(&json!({"answer": "yes"}))).await;
            assert_eq!(answer["state"], state);
        }
        let (status, _) = send(&app, reqwest::Method::POST, "/api/v1/working-groups/etat-civil/follow", &app.api_token(&follower), None).await;
        assert!(status < 300);

        // anonymous: sign in first, then back here
        let anonymous = app.browser().get(&format!("/meetings/{id}/join")).await;
        assert_eq!(anonymous.status(), 303);
        let to = anonymous.headers()["location"].to_str().expect("ascii").to_owned();
        assert!(to.starts_with("/signin?next=") && to.contains("join"), "{to}");

        for person in [&seated, &follower, &admin] {
            let response = join(&app, person, &id).await;
            assert_eq!(response.status(), 303, "{}", person.email);
            assert_eq!(response.headers()["location"], ROOM);
            assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        }
        for person in [&waiting, &stranger] {
            let response = join(&app, person, &id).await;
            assert_eq!(response.status(), 403, "{}", person.email);
            let page = response.text().await.expect("a page");
            assert!(page.contains("réservée aux personnes inscrites"), "{page}");
            assert!(!page.contains(ROOM) && !page.contains(PIN) && !page.contains("45 67 89"), "no room, no code for them");
        }
        let mut seen = joins(&app, &id);
        seen.sort();
        let mut expected = vec![(seated.id.clone(), false), (follower.id.clone(), false), (admin.id.clone(), true)];
        expected.sort();
        assert_eq!(seen, expected, "each join recorded, organizers as moderators");
        // organizers see who came
        let list = app.signed_in(&admin).await.get(&format!("/meetings/{id}/participants")).await.text().await.expect("page");
        let section = &list[list.find("Connexions à la salle de visio").expect("the attendance")..];
        assert_eq!(section.matches("<li>Test Person — ").count(), 3, "{section}");
    }

    async fn the_meeting_page_says_how_long_until_the_room_opens(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let browser = app.signed_in(&admin).await;
        let section = |page: &str| {
            page.split("id=\"join-when\"").nth(1).and_then(|rest| rest.split("</p>").next())
                .unwrap_or_default().to_owned()
        };
        let later = session(&app, &token, 120).await;
        let page = browser.get(&format!("/meetings/{later}")).await.text().await.expect("a page");
        // the start is set to the minute: 1 h 59 or 2 h 00 from now
        let said = section(&page);
        assert!(said.contains("Commence dans 2 h 00. La salle ouvre 15 min avant le début.")
            || said.contains("Commence dans 1 h 59. La salle ouvre 15 min avant le début."), "{said}");
        assert!(page.contains("aria-describedby=\"join-when\""), "the button names its time");
        let soon = session(&app, &token, 10).await;
        let page = browser.get(&format!("/meetings/{soon}")).await.text().await.expect("a page");
        let said = section(&page);
        assert!(said.contains("Commence dans 10 min : la salle est ouverte.")
            || said.contains("Commence dans 9 min : la salle est ouverte."), "{said}");
        let started = session(&app, &token, -30).await;
        let page = browser.get(&format!("/meetings/{started}?lang=en")).await.text().await.expect("a page");
        assert!(section(&page).contains("In progress, until "), "{}", section(&page));
        // a visitor learns nothing of the room
        let page = app.browser().get(&format!("/meetings/{soon}")).await.text().await.expect("a page");
        assert!(!page.contains("join-when"));
    }

    async fn too_early_says_when_and_too_late_is_closed(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let later = session(&app, &token, 120).await;
        let response = join(&app, &admin, &later).await;
        assert_eq!(response.status(), 200);
        let page = response.text().await.expect("a page");
        assert!(page.contains("La salle ouvrira le"), "{page}");
        assert!(page.contains("4321#"), "the bridge, for the entitled");
        assert!(!page.contains(ROOM));
        let over = session(&app, &token, -200).await;
        assert_eq!(join(&app, &admin, &over).await.status(), 410);
        // a bridge without a room: nowhere to send anyone, the number shown
        let (status, _) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{later}"), &token, Some(json!({
            "starts_at_local": local_in(5), "ends_at_local": local_in(95), "video": {"dial_in_number": "+33 1 23 45 67 89", "dial_in_pin": "4321#"},
        }))).await;
        assert_eq!(status, 200);
        let response = join(&app, &admin, &later).await;
        assert_eq!(response.status(), 404);
        let page = response.text().await.expect("a page");
        assert!(page.contains("pas de salle de visio") && page.contains("4321#"), "{page}");
        assert!(joins(&app, &later).is_empty() && joins(&app, &over).is_empty());
    }

    async fn the_room_is_in_no_public_place_and_links_never_drift(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let id = session(&app, &token, 5).await;
        let seated = app.add_person("assise@club.example", None, false, false);
        let seated_token = app.api_token(&seated);
        api(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), Some(&seated_token), Some(&json!({"answer": "yes"}))).await;
        let stranger = app.add_person("passant@club.example", None, false, false);

        let public = [
            format!("/meetings/{id}"), format!("/meetings/{id}.ics"), "/calendar.ics".to_owned(),
            "/groups/etat-civil.ics".to_owned(), "/groups/etat-civil".to_owned(), format!("/api/v1/meetings/{id}"),
        ];
        for path in &public {
            let body = app.get(path).await.text().await.expect("a body");
            assert!(!body.contains(ROOM) && !body.contains(PIN) && !body.contains("45 67 89"), "{path} shows the room");
        }
        let page = app.signed_in(&stranger).await.get(&format!("/meetings/{id}")).await.text().await.expect("page");
        assert!(!page.contains(PIN) && !page.contains("45 67 89") && !page.contains(&format!("/meetings/{id}/join")), "nothing for a stranger");
        let page = app.signed_in(&seated).await.get(&format!("/meetings/{id}")).await.text().await.expect("page");
        assert!(page.contains(&format!("/meetings/{id}/join")) && page.contains("4321#"), "the seated see the way in");
        assert!(!page.contains(ROOM));

        // the personal feed carries the gateway's link and the bridge, not the room
        let (_, links) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &seated_token, None).await;
        let feed_path = links["url"].as_str().expect("url").strip_prefix(&app.address).expect("here").to_owned();
        let text = app.get(&feed_path).await.text().await.expect("feed");
        let calendar = crate::ics_readers::read(&text);
        let event = calendar["events"].as_array().expect("events").iter()
            .find(|e| e["uid"].as_str().is_some_and(|u| u.starts_with(&id))).expect("the session").clone();
        let description = event["description"].as_str().expect("a description");
        assert!(description.contains(&format!("{}/meetings/{id}/join", app.address)), "{description}");
        assert!(description.contains("+33 1 23 45 67 89, code 4321#"), "{description}");
        assert!(!text.contains(ROOM));

        // Jitsi: a random room, kept across edits; the gateway's link never changes
        let (status, _) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, Some(json!({"video": {"provider": "jitsi"}}))).await;
        assert_eq!(status, 200);
        let first = join(&app, &seated, &id).await.headers()["location"].to_str().expect("ascii").to_owned();
        let name = first.strip_prefix("https://meet.jit.si/quorum-").expect("a Jitsi room of quorum's");
        assert_eq!(name.len(), 32, "128 random bits");
        assert!(name.chars().all(|c| c.is_ascii_hexdigit()));
        send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, Some(json!({"title": "État-civil (suite)", "video": {"provider": "jitsi"}}))).await;
        let again = join(&app, &seated, &id).await.headers()["location"].to_str().expect("ascii").to_owned();
        assert_eq!(again, first, "an edit keeps the room");
        let (_, other) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, Some(json!({
            "kind": "working_group_session", "working_group": "etat-civil", "title": "État-civil",
            "starts_at_local": local_in(10), "video": {"provider": "jitsi"},
        }))).await;
        let other_id = other["id"].as_str().expect("id");
        let other_room = join(&app, &admin, other_id).await.headers()["location"].to_str().expect("ascii").to_owned();
        assert_ne!(other_room, first, "each meeting its own room");

        // bad input: named, nothing changed
        let (status, problem) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, Some(json!({"video": {"provider": "static_url", "url": "javascript:alert(1)", "dial_in_pin": "12ab"}}))).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["video.url", "video.dial_in_pin"]);
        assert_eq!(join(&app, &seated, &id).await.headers()["location"].to_str().expect("ascii"), first);
    }
}

/// The claims of a Jitsi token, checked by PyJWT (an independent JWT
/// implementation) with `secret`; `None` when the signature is refused.
fn pyjwt_claims(token: &str, secret: &str) -> Option<serde_json::Value> {
    let path =
        crate::helpers::python_packages("python-pyjwt-2.15.1", "import jwt", &["PyJWT==2.15.1"]);
    let script = "import json, sys, jwt\n\
        try:\n    print(json.dumps(jwt.decode(sys.argv[1], sys.argv[2], algorithms=['HS256'], audience='quorum', options={'verify_nbf': False, 'verify_exp': False})))\n\
        except jwt.InvalidTokenError:\n    sys.exit(3)\n";
    let output = std::process::Command::new("python3")
        .args(["-c", script, token, secret])
        .env("PYTHONPATH", path)
        .output()
        .expect("python3 runs");
    match output.status.code() {
        Some(0) => Some(serde_json::from_slice(&output.stdout).expect("JSON claims")),
        Some(3) => None,
        _ => panic!("PyJWT failed: {}", String::from_utf8_lossy(&output.stderr)),
    }
}

on_both_backends! {
    async fn jitsi_tokens_name_the_room_the_window_and_the_moderator(backend: Backend) {
        let secret = "un-secret-partage-de-plus-de-trente-deux-caracteres";
        let app = crate::helpers::spawn_app_with(backend, |layer| {
            layer.jitsi_app_id = Some("quorum".into());
            layer.jitsi_secret = Some(quorum::domain::secrets::Redacted(secret.into()));
        })
        .await;
        quorum::app::demo::load(&app.db, quorum::app::demo::today()).expect("the demo loads");
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let (_, created) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, Some(json!({
            "kind": "working_group_session", "working_group": "etat-civil", "title": "État-civil",
            "starts_at_local": local_in(5), "video": {"provider": "jitsi"},
        }))).await;
        let id = created["id"].as_str().expect("id").to_owned();
        let seated = app.add_person("assise@club.example", None, false, false);
        api(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), Some(&app.api_token(&seated)), Some(&json!({"answer": "yes"}))).await;

        let location = |response: reqwest::Response| response.headers()["location"].to_str().expect("ascii").to_owned();
        let seat = location(join(&app, &seated, &id).await);
        let (room_url, jwt) = seat.split_once("?jwt=").expect("a token in the address");
        let room = room_url.strip_prefix("https://meet.jit.si/").expect("the Jitsi server");
        let claims = pyjwt_claims(jwt, secret).expect("signed with the secret");
        assert_eq!(claims["room"], room);
        assert_eq!((claims["iss"].as_str(), claims["sub"].as_str()), (Some("quorum"), Some("meet.jit.si")));
        assert_eq!(claims["context"]["user"]["email"], seated.email);
        assert_eq!(claims["context"]["user"]["moderator"], false);
        let start = chrono::DateTime::parse_from_rfc3339(created["starts_at"].as_str().expect("start")).expect("rfc3339").timestamp();
        let end = chrono::DateTime::parse_from_rfc3339(created["ends_at"].as_str().expect("end")).expect("rfc3339").timestamp();
        assert_eq!((claims["nbf"].as_i64(), claims["exp"].as_i64()), (Some(start - 15 * 60), Some(end)), "the join window");
        assert!(pyjwt_claims(jwt, "another-secret-of-thirty-two-characters!!").is_none(), "another secret refuses it");

        let organizer = location(join(&app, &admin, &id).await);
        let claims = pyjwt_claims(organizer.split_once("?jwt=").expect("a token").1, secret).expect("signed");
        assert_eq!(claims["context"]["user"]["moderator"], true, "organizers moderate");

        // another meeting: another room, so this token opens nothing there
        let (_, other) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, Some(json!({
            "kind": "working_group_session", "working_group": "etat-civil", "title": "État-civil bis",
            "starts_at_local": local_in(5), "video": {"provider": "jitsi"},
        }))).await;
        let elsewhere = location(join(&app, &admin, other["id"].as_str().expect("id")).await);
        let other_claims = pyjwt_claims(elsewhere.split_once("?jwt=").expect("a token").1, secret).expect("signed");
        assert_ne!(other_claims["room"], room);
    }
}
