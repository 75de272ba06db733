//! Invitations by mail (iMIP): the calendar part of each message, read by
//! both real iCalendar readers.

use mail_parser::MimeHeaders;
use serde_json::{Value, json};

use crate::helpers::{TestApp, send, spawn_app};
use crate::ics_readers::read;
use crate::on_both_backends;
use crate::smtp::parse;

/// A message sent to `to` whose subject starts with `prefix`, waited for.
async fn message(app: &TestApp, to: &str, prefix: &str) -> Vec<u8> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let found = app.sent_mail().into_iter().find(|m| {
            m.to == to
                && parse(&m.raw)
                    .subject()
                    .is_some_and(|s| s.starts_with(prefix))
        });
        if let Some(m) = found {
            return m.raw;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "no message `{prefix}…` to {to}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
}

/// The calendar part: its MIME `method=` and what both readers see.
fn calendar_part(raw: &[u8]) -> Option<(String, Value)> {
    let message = parse(raw);
    let part = message.parts.iter().find(|p| {
        p.content_type().is_some_and(|ct| {
            ct.ctype().eq_ignore_ascii_case("text")
                && ct
                    .subtype()
                    .is_some_and(|s| s.eq_ignore_ascii_case("calendar"))
        })
    })?;
    let method = part.content_type()?.attribute("method")?.to_owned();
    let text = part.text_contents()?.to_owned();
    Some((method, read(&text)))
}

on_both_backends! {
    async fn a_seat_a_change_and_a_cancellation_reach_the_calendar(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let admin_token = app.api_token(&admin);
        let first = app.add_person("premiere@club.example", None, false, false);
        let second = app.add_person("seconde@club.example", None, false, false);
        let (status, meeting) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &admin_token, Some(json!({
            "kind": "spring_plenary", "title": "Journée de printemps; à Lyon", "starts_at_local": "2027-06-10T09:30",
            "capacity": 1, "venue": {"name": "Hôtel de la Métropole", "city": "Lyon"},
        }))).await;
        assert_eq!(status, 201);
        let id = meeting["id"].as_str().expect("id").to_owned();
        let rsvp = format!("/api/v1/meetings/{id}/rsvp");

        // a confirmed yes: the meeting as REQUEST, with the person as attendee
        let (_, answer) = send(&app, reqwest::Method::PUT, &rsvp, &app.api_token(&first), Some(json!({"answer": "yes"}))).await;
        assert_eq!(answer["state"], "confirmed");
        let raw = message(&app, &first.email, "Inscription confirmée").await;
        let (method, calendar) = calendar_part(&raw).expect("a calendar part");
        assert_eq!(method, "REQUEST");
        assert_eq!(calendar["method"], "REQUEST", "the MIME method is the METHOD property");
        let event = &calendar["events"][0];
        assert_eq!(event["summary"], "Journée de printemps; à Lyon");
        assert_eq!(event["attendees"], json!([first.email]));
        assert_eq!(event["organizer"], "quorum@localhost");
        assert_eq!(event["start"], "2027-06-10T07:30:00Z");
        let uid = event["uid"].clone();

        // waitlisted: told so, with the place in line, and no calendar object
        let (_, waiting) = send(&app, reqwest::Method::PUT, &rsvp, &app.api_token(&second), Some(json!({"answer": "yes"}))).await;
        assert_eq!(waiting["state"], "waitlisted");
        let raw = message(&app, &second.email, "Sur la liste d'attente").await;
        assert!(calendar_part(&raw).is_none(), "nothing for the calendar while in line");
        let text = String::from_utf8_lossy(&raw).into_owned();
        assert!(text.contains("en liste d'attente, en t"), "the place in line");

        // moved: an update, same UID, higher SEQUENCE
        let (status, _) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &admin_token, Some(json!({"starts_at_local": "2027-06-11T09:30", "ends_at_local": "2027-06-11T17:00"}))).await;
        assert_eq!(status, 200);
        let raw = message(&app, &first.email, "Réunion modifiée").await;
        let (method, calendar) = calendar_part(&raw).expect("a calendar part");
        assert_eq!((method.as_str(), &calendar["events"][0]["uid"]), ("REQUEST", &uid));
        assert_eq!(calendar["events"][0]["sequence"], 1);
        assert_eq!(calendar["events"][0]["start"], "2027-06-11T07:30:00Z");

        // the first gives the seat back: a CANCEL for them, a REQUEST for the second
        let (status, _) = send(&app, reqwest::Method::DELETE, &rsvp, &app.api_token(&first), None).await;
        assert_eq!(status, 204);
        let (method, calendar) = calendar_part(&message(&app, &first.email, "Inscription annulée").await).expect("a part");
        assert_eq!((method.as_str(), calendar["method"].as_str()), ("CANCEL", Some("CANCEL")));
        assert_eq!(calendar["events"][0]["uid"], uid);
        assert_eq!(calendar["events"][0]["status"], "CANCELLED");
        let (method, calendar) = calendar_part(&message(&app, &second.email, "Une place pour vous").await).expect("a part");
        assert_eq!(method, "REQUEST");
        assert_eq!(calendar["events"][0]["attendees"], json!([second.email]));

        // cancelled: a CANCEL to the confirmed participant, once
        send(&app, reqwest::Method::POST, &format!("/api/v1/meetings/{id}/cancel"), &admin_token, None).await;
        send(&app, reqwest::Method::POST, &format!("/api/v1/meetings/{id}/cancel"), &admin_token, None).await;
        let (method, calendar) = calendar_part(&message(&app, &second.email, "Réunion annulée").await).expect("a part");
        assert_eq!(method, "CANCEL");
        assert_eq!(calendar["events"][0]["sequence"], 2);
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        let cancellations = app.sent_mail().iter().filter(|m| parse(&m.raw).subject().is_some_and(|s| s.starts_with("Réunion annulée"))).count();
        assert_eq!(cancellations, 1, "only the confirmed participant, only once");
    }
}
