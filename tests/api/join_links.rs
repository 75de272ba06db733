//! Personal join links: `/meetings/{id}/join?t=…`, in the mails of people
//! with a seat and in invitations, let their person in without signing in.

use diesel::prelude::*;
use serde_json::json;

use crate::helpers::{TestApp, TestPerson, api, mail_to, send, spawn_demo_app};
use crate::join::{PIN, ROOM};
use crate::on_both_backends;

/// A session starting in `minutes`, with no limit of seats.
async fn session(app: &TestApp, token: &str, minutes: i64) -> String {
    crate::join::session_with(app, token, minutes, None).await
}

/// The personal join link in a text, as a path of the site.
fn join_link_in(text: &str, app: &TestApp, meeting: &str) -> String {
    let prefix = format!("{}/meetings/{meeting}/join?t=", app.address);
    let link = text
        .split_whitespace()
        .find(|w| w.starts_with(&prefix))
        .unwrap_or_else(|| panic!("a personal join link in {text}"));
    link[app.address.len()..].to_owned()
}

fn joined(app: &TestApp, meeting: &str) -> Vec<String> {
    use quorum::db::schema::meeting_joins;
    app.with_conn(|conn| {
        meeting_joins::table
            .filter(meeting_joins::meeting_id.eq(meeting))
            .order(meeting_joins::joined_at.asc())
            .select(meeting_joins::person_id)
            .load(conn)
            .expect("joins")
    })
}

async fn answer_yes(app: &TestApp, person: &TestPerson, meeting: &str) {
    let (status, answer) = api(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/meetings/{meeting}/rsvp"),
        Some(&app.api_token(person)),
        Some(&json!({"answer": "yes"})),
    )
    .await;
    assert_eq!(
        (status, answer["state"].as_str()),
        (200, Some("confirmed")),
        "{answer}"
    );
}

on_both_backends! {
    async fn a_personal_join_link_lets_its_person_in_without_signing_in(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let id = session(&app, &token, 5).await;
        let seated = app.add_person("assise@club.example", None, false, false);
        answer_yes(&app, &seated, &id).await;

        // the confirmation carries the person's link, never the room
        let (text, html, raw) = mail_to(&app, &seated.email, "État-civil").await;
        let link = join_link_in(&text, &app, &id);
        assert!(html.contains(&format!("href=\"{}{}\"", app.address, link)), "{html}");
        assert!(!raw.contains(ROOM) && !raw.contains("visio.example"), "no room in the mail");

        // without signing in: straight to the room, as that person
        let anonymous = app.browser();
        let response = anonymous.get(&link).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], ROOM);
        assert_eq!(response.headers()["referrer-policy"], "no-referrer");
        assert_eq!(joined(&app, &id), vec![seated.id.clone()]);
        // and no session was made: without the link, sign in first
        let again = anonymous.get(&format!("/meetings/{id}/join")).await;
        assert_eq!(again.status(), 303);
        assert!(again.headers()["location"].to_str().expect("ascii").starts_with("/signin"));

        // the link is its person's, whoever is signed in
        let stranger = app.add_person("passant@club.example", None, false, false);
        let response = app.signed_in(&stranger).await.get(&link).await;
        assert_eq!(response.status(), 303);
        assert_eq!(joined(&app, &id), [seated.id.clone(), seated.id.clone()]);

        // altered, or of another meeting: refused, explained
        let mut tampered = link.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).expect("ascii");
        let other = session(&app, &token, 5).await;
        answer_yes(&app, &seated, &other).await;
        let token_part = link.split_once("?t=").expect("a token").1;
        for path in [tampered, format!("/meetings/{other}/join?t={token_part}")] {
            let response = app.browser().get(&path).await;
            assert_eq!(response.status(), 403, "{path}");
            let page = response.text().await.expect("a page");
            assert!(page.contains("Ce lien personnel") && page.contains("pas valable pour cette réunion"), "{page}");
            assert!(!page.contains(ROOM) && !page.contains(PIN), "nothing of the room");
        }
        // a valid link of someone not entitled: refused like them
        let strangers = quorum::services::links::personal_link(&app.settings, &id, &stranger.id);
        let response = app.browser().get(&strangers[app.address.len()..]).await;
        assert_eq!(response.status(), 403);
        assert!(response.text().await.expect("a page").contains("réservée aux personnes inscrites"));
        assert_eq!(joined(&app, &id).len(), 2);

        // too early: the link says when
        let later = session(&app, &token, 120).await;
        answer_yes(&app, &seated, &later).await;
        let early = quorum::services::links::personal_link(&app.settings, &later, &seated.id);
        let response = app.browser().get(&early[app.address.len()..]).await;
        assert_eq!(response.status(), 200);
        assert_eq!(response.headers()["referrer-policy"], "no-referrer", "the token is not sent on");
        let page = response.text().await.expect("a page");
        assert!(page.contains("La salle ouvrira le") && page.contains(PIN), "{page}");
        // in the language of the link's person
        app.with_conn(|conn| {
            use quorum::db::schema::people::dsl as p;
            diesel::update(p::people.filter(p::id.eq(&seated.id))).set(p::language.eq("en")).execute(conn).expect("english");
        });
        let page = app.browser().get(&early[app.address.len()..]).await.text().await.expect("a page");
        assert!(page.contains("The room opens on"), "{page}");
    }

    async fn invitations_carry_each_persons_join_link_and_never_the_room(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let id = session(&app, &token, 5).await;
        let follower = app.add_person("suit@club.example", None, false, false);
        let (status, _) = send(&app, reqwest::Method::POST, "/api/v1/working-groups/etat-civil/follow", &app.api_token(&follower), None).await;
        assert!(status < 300);
        let (status, sent) = send(&app, reqwest::Method::POST, &format!("/api/v1/meetings/{id}/invitations"), &token, Some(json!({}))).await;
        assert!(status < 300, "{sent}");

        let (text, html, raw) = mail_to(&app, &follower.email, "État-civil").await;
        assert!(text.contains("/answer/"), "an invitation: {text}");
        let link = join_link_in(&text, &app, &id);
        assert!(html.contains(&format!("{}{}", app.address, link)));
        assert!(!raw.contains(ROOM) && !raw.contains("visio.example"));
        // followers may join group sessions: the link opens the room
        let response = app.browser().get(&link).await;
        assert_eq!(response.status(), 303);
        assert_eq!(response.headers()["location"], ROOM);
        assert_eq!(joined(&app, &id), vec![follower.id.clone()]);
    }
}
