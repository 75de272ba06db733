//! Organizers write to a meeting's people: who may, whom it reaches, what
//! bad input does, and that the same message never reaches anyone twice.

use diesel::prelude::*;
use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, api, attr, first_meeting_id, send, spawn_demo_app, texts};
use crate::on_both_backends;

fn queued(app: &TestApp) -> Vec<String> {
    use quorum::db::schema::outbox_messages;
    let mut to: Vec<String> = app.with_conn(|conn| {
        outbox_messages::table
            .filter(outbox_messages::kind.eq("message"))
            .select(outbox_messages::recipient)
            .load(conn)
            .expect("outbox")
    });
    to.sort();
    to
}

/// The addresses of the answers to `meeting` in `states`.
fn answered(app: &TestApp, meeting: &str, states: &[&str]) -> Vec<String> {
    let mut to: Vec<String> = app
        .with_conn(|conn| quorum::db::rsvps::participants(conn, meeting).expect("answers"))
        .into_iter()
        .filter(|p| states.contains(&p.rsvp.state.as_str()))
        .map(|p| p.person.email)
        .collect();
    to.sort();
    to
}

async fn post(app: &TestApp, meeting: &str, token: &str, body: Value) -> (u16, Value) {
    send(
        app,
        Method::POST,
        &format!("/api/v1/meetings/{meeting}/messages"),
        token,
        Some(body),
    )
    .await
}

on_both_backends! {
    async fn organizers_write_to_whom_they_choose_once(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = first_meeting_id(&app, "working_group=connecteur-courrier").await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin_token = app.api_token(&admin);
        let member = app.add_person("membre@amiens.example", Some("amiens"), false, false);
        let member_token = app.api_token(&member);
        let message = json!({"subject": "Salle changée\r\nBcc: x@evil.example", "body": "Rendez-vous salle B. <b>merci</b>"});

        let (anonymous, _) = api(&app, Method::POST, &format!("/api/v1/meetings/{session}/messages"), None, Some(&message)).await;
        assert_eq!(anonymous, 401);
        let (status, _) = post(&app, &session, &member_token, message.clone()).await;
        assert_eq!(status, 403, "a member is no organizer");
        let (status, problem) = post(&app, &session, &admin_token, json!({"subject": " ", "body": "x".repeat(5_001), "audience": "all"})).await;
        assert_eq!(status, 422);
        let fields: Vec<&str> = problem["errors"].as_array().expect("errors").iter().filter_map(|e| e["field"].as_str()).collect();
        assert_eq!(fields, ["subject", "body", "audience"]);
        assert!(queued(&app).is_empty(), "nothing queued: {:?}", queued(&app));

        // the waiting list only
        let (status, sent) = post(&app, &session, &admin_token, json!({"subject": "Une place", "body": "Peut-être", "audience": "waiting"})).await;
        assert_eq!(status, 202, "{sent}");
        let waiting = answered(&app, &session, &["waitlisted"]);
        assert_eq!(sent["queued"], waiting.len());
        assert_eq!(queued(&app), waiting);

        // those who answered yes or maybe; the same key again mails nobody
        let (status, sent) = post(&app, &session, &admin_token, message.clone()).await;
        assert_eq!(status, 202, "{sent}");
        let key = sent["key"].as_str().expect("a key").to_owned();
        let participants = answered(&app, &session, &["confirmed", "waitlisted", "tentative", "awaiting_approval"]);
        assert_eq!(sent["queued"], participants.len());
        let mut again = message.clone();
        again["key"] = json!(key);
        let (status, sent) = post(&app, &session, &admin_token, again).await;
        assert_eq!((status, sent["queued"].as_u64()), (202, Some(0)));
        assert_eq!(queued(&app).len(), waiting.len() + participants.len());

        // as the first of them reads it
        let first = &participants[0];
        let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
        let (subject, text) = loop {
            let found = app.sent_mail().into_iter().find_map(|sent| {
                let parsed = crate::smtp::parse(&sent.raw);
                let subject = parsed.subject().unwrap_or_default().to_owned();
                (sent.to == *first && subject.contains("Salle changée"))
                    .then(|| (subject, parsed.body_text(0).expect("text").into_owned()))
            });
            if let Some(found) = found {
                break found;
            }
            assert!(tokio::time::Instant::now() < deadline, "no message to {first}");
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        };
        assert!(subject.starts_with('[') && subject.ends_with("] Salle changée Bcc: x@evil.example"), "one line: {subject}");
        assert!(text.contains("Rendez-vous salle B. <b>merci</b>"), "plain text, as written: {text}");
        assert!(text.contains("admin@club.example"), "where to reply: {text}");
    }

    async fn the_message_page_keeps_what_was_typed_and_says_what_it_sent(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let session = first_meeting_id(&app, "working_group=connecteur-courrier").await;
        let path = format!("/meetings/{session}/message");
        let member = app.add_person("membre@amiens.example", Some("amiens"), false, false);
        assert_eq!(app.signed_in(&member).await.get(&path).await.status(), 403);
        let admin = app.add_person("admin@club.example", None, true, false);
        let browser = app.signed_in(&admin).await;
        let page = crate::attendance::page_of(&browser, &path).await;
        let key = attr(&page, "input[name=key]", "value").expect("a key");
        assert_eq!(attr(&page, "#audience-participants", "checked").as_deref(), Some(""));
        let labels = texts(&page, "fieldset label");
        assert!(labels[1].starts_with("La liste d'attente ("), "{labels:?}");

        let refused = browser.post_form(&path, &[("subject", ""), ("body", "Bonjour à tous"), ("audience", "everyone"), ("key", &key)]).await;
        assert_eq!(refused.status(), 422);
        let page = scraper::Html::parse_document(&refused.text().await.expect("page"));
        assert_eq!(texts(&page, "[role=alert] li"), ["Objet : à renseigner (200 caractères au plus)"]);
        assert_eq!(texts(&page, "#body"), ["Bonjour à tous"]);
        assert_eq!(attr(&page, "#audience-everyone", "checked").as_deref(), Some(""));
        assert_eq!(attr(&page, "input[name=key]", "value"), Some(key.clone()), "the same message");
        assert!(queued(&app).is_empty());

        let fields = [("subject", "Ordre du jour"), ("body", "Bonjour à tous"), ("audience", "everyone"), ("key", key.as_str())];
        let sent = browser.post_form(&path, &fields).await;
        assert_eq!(sent.status(), 303);
        let everyone = answered(&app, &session, &["confirmed", "waitlisted", "tentative", "declined", "awaiting_approval", "refused"]);
        assert_eq!(sent.headers()["location"].to_str().expect("ascii"), format!("{path}?sent={}", everyone.len()));
        // sent twice (a double click): nobody gets it twice
        let twice = browser.post_form(&path, &fields).await;
        assert_eq!(twice.headers()["location"].to_str().expect("ascii"), format!("{path}?sent=0"));
        assert_eq!(queued(&app), everyone);
        let page = crate::attendance::page_of(&browser, &format!("{path}?sent=0")).await;
        assert_eq!(texts(&page, "[role=status]"), ["Ce message était déjà envoyé : personne ne le reçoit deux fois."]);
    }
}

on_both_backends! {
    async fn a_message_to_nobody_is_refused_not_sent(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let session = crate::join::session_with(&app, &token, 60 * 24, None).await;
        let (status, problem) = post(&app, &session, &token, json!({"subject": "Ordre du jour", "body": "Bonjour", "audience": "everyone"})).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["errors"][0]["field"], "audience");
        let browser = app.signed_in(&admin).await;
        let path = format!("/meetings/{session}/message");
        let page = crate::attendance::page_of(&browser, &path).await;
        let key = attr(&page, "input[name=key]", "value").expect("a key");
        let refused = browser.post_form(&path, &[("subject", "Ordre du jour"), ("body", "Bonjour"), ("audience", "everyone"), ("key", &key)]).await;
        assert_eq!(refused.status(), 422, "never 'already sent' for a message nobody got");
        let page = scraper::Html::parse_document(&refused.text().await.expect("page"));
        assert_eq!(texts(&page, "[role=alert] li"), ["Destinataires : personne dans ces destinataires pour l'instant : aucun message envoyé"]);
        assert!(queued(&app).is_empty());
    }
}
