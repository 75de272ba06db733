//! Reminders: due on UTC instants (right across a clock change), once per
//! person even with several workers, never for the waiting list, for people
//! who turned them off, or for a cancelled meeting.

use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde_json::{Value, json};

use quorum::db::schema::{outbox_messages, people};
use quorum::db::write_transaction;

use crate::helpers::{TestApp, TestPerson, send, spawn_app};
use crate::on_both_backends;

fn at(text: &str) -> NaiveDateTime {
    text.parse().expect("an instant")
}

fn queue(app: &TestApp, now: &str) -> usize {
    let settings = app.settings.clone();
    let now = at(now);
    app.with_conn(|conn| {
        write_transaction(conn, |conn| {
            quorum::services::reminders::queue_due(conn, &settings, now)
        })
        .expect("queued")
    })
}

/// (recipient, subject, raw) of the queued reminders.
fn reminders(app: &TestApp) -> Vec<(String, String, String)> {
    app.with_conn(|conn| {
        outbox_messages::table
            .filter(outbox_messages::kind.eq("reminder"))
            .select((
                outbox_messages::recipient,
                outbox_messages::subject,
                outbox_messages::raw,
            ))
            .order(outbox_messages::created_at.asc())
            .load(conn)
            .expect("query")
    })
}

/// A plenary on 28 March 2027, 10:00 in Paris — just after the clock moved
/// forward — with one seat, and its admin's token.
async fn plenary(app: &TestApp) -> (String, String) {
    let admin = app.add_person("admin@club.example", None, true, false);
    let token = app.api_token(&admin);
    let (status, meeting) = send(app, reqwest::Method::POST, "/api/v1/meetings", &token, Some(json!({
        "kind": "spring_plenary", "title": "Journée de printemps", "starts_at_local": "2027-03-28T10:00",
        "capacity": 1, "format": "hybrid",
        "venue": {"name": "Hôtel de Ville", "city": "Arles", "directions": "Entrée par la place de la République"},
    }))).await;
    assert_eq!(status, 201, "{meeting}");
    (meeting["id"].as_str().expect("id").to_owned(), token)
}

async fn answer(app: &TestApp, meeting: &str, person: &TestPerson, body: Value) -> Value {
    let (status, answer) = send(
        app,
        reqwest::Method::PUT,
        &format!("/api/v1/meetings/{meeting}/rsvp"),
        &app.api_token(person),
        Some(body),
    )
    .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

on_both_backends! {
    async fn reminders_come_a_day_and_an_hour_before_once_each(backend: Backend) {
        let app = spawn_app(backend).await;
        let (id, _) = plenary(&app).await;
        let coming = app.add_person("vient@club.example", None, false, false);
        let waiting = app.add_person("attend@club.example", None, false, false);
        let quiet = app.add_person("silence@club.example", None, false, false);
        let hour_only = app.add_person("heure@club.example", None, false, false);
        assert_eq!(answer(&app, &id, &coming, json!({"answer": "yes", "attendance": "in_person"})).await["state"], "confirmed");
        assert_eq!(answer(&app, &id, &waiting, json!({"answer": "yes", "attendance": "in_person"})).await["state"], "waitlisted");
        assert_eq!(answer(&app, &id, &quiet, json!({"answer": "yes", "attendance": "remote"})).await["state"], "confirmed");
        assert_eq!(answer(&app, &id, &hour_only, json!({"answer": "yes", "attendance": "remote"})).await["state"], "confirmed");
        // through the profile form: one unticks both, the other keeps the hour
        for (person, fields) in [(&quiet, vec![]), (&hour_only, vec![("reminder_60", "on")])] {
            let mut form = vec![("name", "Test Person"), ("language", "fr")];
            form.extend(fields);
            let saved = app.signed_in(person).await.post_form("/me", &form).await;
            assert_eq!(saved.status(), 303);
        }
        let chosen: Vec<Option<String>> = app.with_conn(|conn| {
            people::table
                .filter(people::email_key.eq_any(["silence@club.example", "heure@club.example"]))
                .order(people::email_key.asc())
                .select(people::reminder_minutes)
                .load(conn)
                .expect("query")
        });
        assert_eq!(chosen, [Some("60".to_owned()), Some(String::new())]);

        // the start is 08:00 UTC (10:00 summer time); the day before is
        // 10:00 winter time, 09:00 UTC on the 27th: the same time of day,
        // 23 hours before
        assert_eq!(queue(&app, "2027-03-27T08:59:00"), 0);
        assert_eq!(queue(&app, "2027-03-27T09:00:00"), 1);
        assert_eq!(queue(&app, "2027-03-27T09:01:00"), 0, "queued once");
        assert_eq!(queue(&app, "2027-03-28T06:59:00"), 0);
        assert_eq!(queue(&app, "2027-03-28T07:00:00"), 2, "an hour before, also for who kept only that");
        assert_eq!(queue(&app, "2027-03-28T07:30:00"), 0);
        assert_eq!(queue(&app, "2027-03-28T08:00:00"), 0, "none once started");

        let sent = reminders(&app);
        let mut recipients: Vec<&str> = sent.iter().map(|(to, _, _)| to.as_str()).collect();
        recipients.sort_unstable();
        assert_eq!(recipients, [hour_only.email.as_str(), coming.email.as_str(), coming.email.as_str()]);
        assert!(sent.iter().all(|(_, subject, _)| subject == "Rappel : Journée de printemps"));
        let body = crate::smtp::parse(sent[0].2.as_bytes()).body_text(0).expect("a text part").into_owned();
        assert!(body.contains("Accès : Entrée par la place de la République"), "{body}");
        let remote = sent.iter().find(|(to, _, _)| to == &hour_only.email).expect("the hour's reminder");
        let remote_body = crate::smtp::parse(remote.2.as_bytes()).body_text(0).expect("a text part").into_owned();
        assert!(!remote_body.contains("Accès :"), "no directions for who joins remotely");
        assert!(body.contains("dimanche 28 mars 2027"), "{body}");
    }

    async fn a_cancelled_meeting_has_no_reminder(backend: Backend) {
        let app = spawn_app(backend).await;
        let (id, token) = plenary(&app).await;
        let coming = app.add_person("vient@club.example", None, false, false);
        answer(&app, &id, &coming, json!({"answer": "yes"})).await;
        send(&app, reqwest::Method::POST, &format!("/api/v1/meetings/{id}/cancel"), &token, None).await;
        assert_eq!(queue(&app, "2027-03-28T07:00:00"), 0);
        assert!(reminders(&app).is_empty());
    }

    async fn two_workers_at_once_queue_each_reminder_once(backend: Backend) {
        let app = spawn_app(backend).await;
        let (id, token) = plenary(&app).await;
        send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, Some(json!({"capacity": null}))).await;
        for i in 0..20 {
            let person = app.add_person(&format!("p{i}@club.example"), None, false, false);
            answer(&app, &id, &person, json!({"answer": "yes"})).await;
        }
        let workers: Vec<_> = (0..4)
            .map(|_| {
                let db = app.db.clone();
                let settings = app.settings.clone();
                std::thread::spawn(move || {
                    let mut conn = db.get().expect("a connection");
                    write_transaction(&mut conn, |conn| quorum::services::reminders::queue_due(conn, &settings, at("2027-03-28T07:00:00")))
                        .expect("queued")
                })
            })
            .collect();
        for worker in workers {
            worker.join().expect("the worker ends");
        }
        let sent = reminders(&app);
        let mut recipients: Vec<&str> = sent.iter().map(|(to, _, _)| to.as_str()).collect();
        recipients.sort_unstable();
        recipients.dedup();
        assert_eq!(sent.len(), 20, "one each");
        assert_eq!(recipients.len(), 20);
    }
}
