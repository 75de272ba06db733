//! What real calendar software found (issue 18), each finding kept as a
//! test: every feed and invitation read the same by three independent
//! readers (`ics_readers`), across the zones of French overseas
//! territories, southern-hemisphere and half-hour zones, with hostile
//! names and titles.

use mail_parser::MimeHeaders;
use serde_json::{Value, json};

use crate::feeds::{create, utc};
use crate::helpers::{TestApp, TestPerson, send, spawn_app, spawn_demo_app};
use crate::ics_readers::read;
use crate::on_both_backends;
use crate::smtp::parse;

/// A zone, and a meeting's local start and end there: the overseas
/// territories, then zones whose clock changes during the meeting.
const ZONES: [(&str, &str, &str); 16] = [
    ("America/Cayenne", "2027-06-10T09:00", "2027-06-10T10:30"),
    ("America/Guadeloupe", "2027-12-31T23:30", "2028-01-01T01:00"),
    ("Indian/Reunion", "2027-03-28T01:30", "2027-03-28T03:30"),
    ("Pacific/Noumea", "2027-10-03T01:30", "2027-10-03T03:30"),
    ("Pacific/Tahiti", "2027-06-10T09:00", "2027-06-10T10:30"),
    ("Asia/Kolkata", "2027-06-10T09:00", "2027-06-10T10:30"),
    ("Africa/Casablanca", "2027-02-10T09:00", "2027-02-10T10:30"),
    ("Australia/Sydney", "2027-04-04T01:30", "2027-04-04T04:00"),
    (
        "Australia/Lord_Howe",
        "2027-10-03T01:00",
        "2027-10-03T03:00",
    ),
    ("Pacific/Chatham", "2027-09-26T02:00", "2027-09-26T04:30"),
    ("America/St_Johns", "2027-03-14T01:00", "2027-03-14T03:30"),
    ("America/Santiago", "2027-04-03T22:30", "2027-04-04T01:00"),
    ("Europe/London", "2027-03-28T00:30", "2027-03-28T02:30"),
    ("Europe/Dublin", "2027-10-31T00:30", "2027-10-31T03:00"),
    ("America/New_York", "2027-11-07T00:30", "2027-11-07T03:00"),
    ("Europe/Paris", "2030-10-27T01:30", "2030-10-27T04:00"),
];

/// A name imitating a calendar line, with quotes, separators and a
/// Unicode line separator.
const HOSTILE_NAME: &str = "Marie \"Mimi\" Dupont, Lyon; BEGIN:VEVENT";

/// A feed's text (a connection per request: the readers keep the test busy
/// for seconds, longer than the server keeps an idle connection).
async fn body(app: &TestApp, path: &str) -> String {
    let response = crate::helpers::unpooled_client()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("answered");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("a body")
}

fn events(calendar: &Value) -> &Vec<Value> {
    calendar["events"].as_array().expect("events")
}

fn event_of<'a>(calendar: &'a Value, meeting: &Value) -> &'a Value {
    let id = meeting["id"].as_str().expect("id");
    events(calendar)
        .iter()
        .find(|e| e["uid"].as_str().is_some_and(|u| u.starts_with(id)))
        .unwrap_or_else(|| panic!("no event for {id} in {calendar:#}"))
}

fn rename(app: &TestApp, person: &TestPerson, name: &str) {
    app.with_conn(|conn| {
        use diesel::prelude::*;
        use quorum::db::schema::people;
        diesel::update(people::table.find(&person.id))
            .set(people::name.eq(name))
            .execute(conn)
            .expect("renamed");
    });
}

/// The calendar parts of the messages sent to `to`, oldest first: their
/// MIME method and what the readers see.
fn calendar_parts(app: &TestApp, to: &str) -> Vec<(String, Value)> {
    app.sent_mail()
        .iter()
        .filter(|m| m.to == to)
        .filter_map(|m| {
            let message = parse(&m.raw);
            let part = message.parts.iter().find(|p| {
                p.content_type().is_some_and(|ct| {
                    ct.subtype()
                        .is_some_and(|s| s.eq_ignore_ascii_case("calendar"))
                })
            })?;
            let method = part.content_type()?.attribute("method")?.to_owned();
            Some((method, read(part.text_contents()?)))
        })
        .collect()
}

/// Waits until `to` has been sent `count` calendar messages.
async fn wait_for_parts(app: &TestApp, to: &str, count: usize) -> Vec<(String, Value)> {
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let parts = calendar_parts(app, to);
        if parts.len() >= count {
            return parts;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "{} of {count} calendar messages to {to}",
            parts.len()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// The VTIMEZONE of `zone` in a calendar's text.
fn vtimezone<'a>(text: &'a str, zone: &str) -> &'a str {
    let start = text
        .find(&format!("BEGIN:VTIMEZONE\r\nTZID:{zone}\r\n"))
        .expect("the zone's VTIMEZONE");
    let end = text[start..].find("END:VTIMEZONE\r\n").expect("its end") + start;
    &text[start..end]
}

on_both_backends! {
    async fn every_feed_and_invitation_reads_the_same_instants_in_every_zone(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let (status, group) = send(&app, reqwest::Method::POST, "/api/v1/working-groups", &token, Some(json!({
            "slug": "outre-mer", "name": "BEGIN:VEVENT \"Outre-mer\"; 🌴, suite",
        }))).await;
        assert_eq!(status, 201, "{group}");
        let person = app.add_person("marie@nancy.example", Some("nancy"), false, false);
        rename(&app, &person, HOSTILE_NAME);
        let person_token = app.api_token(&person);
        send(&app, reqwest::Method::POST, "/api/v1/working-groups/outre-mer/follow", &person_token, None).await;

        let mut made = Vec::new();
        for (zone, start, end) in ZONES {
            let meeting = create(&app, &token, json!({
                "kind": "working_group_session", "working_group": "outre-mer", "format": "remote",
                "title": format!("BEGIN:VEVENT « {zone} » \"séance\" 🎉; \\ fin"),
                "agenda": "Ordre du jour\u{2028}1. Tour de table\u{2029}2. END:VCALENDAR",
                "starts_at_local": start, "ends_at_local": end, "time_zone": zone,
                "video": {"provider": "jitsi", "dial_in_number": "+33 1 23 45 67 89", "dial_in_pin": "4321#"},
            })).await;
            let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{}/rsvp", meeting["id"].as_str().expect("id")), &person_token, Some(json!({"answer": "yes"}))).await;
            assert_eq!(status, 200);
            made.push(meeting);
        }
        let (_, links) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &person_token, None).await;
        let personal = links["url"].as_str().expect("url").strip_prefix(&app.address).expect("here").to_owned();

        let feeds = ["/calendar.ics".to_owned(), "/calendar.ics?lang=en".to_owned(), "/groups/outre-mer.ics".to_owned(), "/orgs/nancy.ics".to_owned(), personal.clone()];
        let mut texts = Vec::new();
        for path in &feeds {
            let text = body(&app, path).await;
            let calendar = read(&text);
            for meeting in &made {
                let e = event_of(&calendar, meeting);
                assert_eq!((e["start"].as_str(), e["end"].as_str()), (Some(utc(meeting, "starts_at").as_str()), Some(utc(meeting, "ends_at").as_str())), "{path}: {meeting}");
                assert_eq!(e["tzid"], meeting["time_zone"]);
                assert_eq!(e["summary"], meeting["title"]);
                assert_eq!(e["description"].as_str().map(|d| d.starts_with("Ordre du jour\n1. Tour de table\n2. END:VCALENDAR")), Some(true), "{e}");
            }
            texts.push(text);
        }
        for meeting in &made {
            let path = format!("/meetings/{}.ics", meeting["id"].as_str().expect("id"));
            let calendar = read(&body(&app, &path).await);
            assert_eq!(events(&calendar).len(), 1, "{path}");
            assert_eq!(event_of(&calendar, meeting)["start"].as_str(), Some(utc(meeting, "starts_at").as_str()));
        }
        // each zone is defined the same in every calendar, whatever its events
        for (zone, _, _) in ZONES {
            let club = vtimezone(&texts[0], zone);
            let single = body(&app, &format!("/meetings/{}.ics", made.iter().find(|m| m["time_zone"] == zone).expect("a meeting")["id"].as_str().expect("id"))).await;
            assert_eq!(club, vtimezone(&single, zone), "{zone}");
        }

        // the invitations: one REQUEST per meeting, read the same, with the
        // person's name as written (quotes made typographic)
        let parts = wait_for_parts(&app, &person.email, made.len()).await;
        for meeting in &made {
            let (method, calendar) = parts.iter()
                .find(|(_, c)| c["events"][0]["uid"].as_str().is_some_and(|u| u.starts_with(meeting["id"].as_str().expect("id"))))
                .expect("an invitation for the meeting");
            assert_eq!(method, "REQUEST");
            let e = &calendar["events"][0];
            assert_eq!((e["start"].as_str(), e["end"].as_str()), (Some(utc(meeting, "starts_at").as_str()), Some(utc(meeting, "ends_at").as_str())), "{meeting}");
            assert_eq!(e["names"], json!(["Marie “Mimi” Dupont, Lyon; BEGIN:VEVENT"]));
            assert_eq!(e["attendees"], json!([person.email]));
        }
    }

    async fn remote_sessions_carry_their_ways_in_only_to_participants(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let meeting = create(&app, &token, json!({
            "kind": "spring_plenary", "title": "Plénière à distance", "format": "remote",
            "starts_at_local": "2027-06-10T09:30", "time_zone": "Pacific/Noumea",
            "video": {"provider": "jitsi", "dial_in_number": "+33 1 23 45 67 89", "dial_in_pin": "4321#"},
        })).await;
        let id = meeting["id"].as_str().expect("id").to_owned();
        let person = app.add_person("agent@club.example", None, false, false);
        let person_token = app.api_token(&person);
        send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{id}/rsvp"), &person_token, Some(json!({"answer": "yes"}))).await;
        let join = format!("{}/meetings/{id}/join?t=", app.address);

        // RFC 7986 CONFERENCE: the personal join link and the bridge
        let (_, links) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &person_token, None).await;
        let personal = links["url"].as_str().expect("url").strip_prefix(&app.address).expect("here").to_owned();
        let calendar = read(&body(&app, &personal).await);
        let conferences = event_of(&calendar, &meeting)["conferences"].as_array().expect("a list").clone();
        assert_eq!(conferences.len(), 2, "{conferences:?}");
        assert!(conferences[0].as_str().is_some_and(|c| c.starts_with(&join)), "{conferences:?}");
        assert_eq!(conferences[1], "tel:+33123456789");
        let (method, invitation) = wait_for_parts(&app, &person.email, 1).await.remove(0);
        assert_eq!(method, "REQUEST");
        assert_eq!(invitation["events"][0]["conferences"], json!(conferences));

        // nowhere public
        for path in ["/calendar.ics".to_owned(), format!("/meetings/{id}.ics")] {
            let text = body(&app, &path).await;
            assert!(!text.contains("CONFERENCE"), "{path}");
            assert_eq!(event_of(&read(&text), &meeting)["conferences"], json!([]));
        }
    }

    async fn yes_withdrawn_yes_again_reach_the_calendar_in_order(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let meeting = create(&app, &token, json!({
            "kind": "spring_plenary", "title": "Journée de printemps", "starts_at_local": "2027-06-10T09:30",
        })).await;
        let rsvp = format!("/api/v1/meetings/{}/rsvp", meeting["id"].as_str().expect("id"));
        let person = app.add_person("agent@club.example", None, false, false);
        let person_token = app.api_token(&person);
        // within one second: the messages' stamps must still order them
        send(&app, reqwest::Method::PUT, &rsvp, &person_token, Some(json!({"answer": "yes"}))).await;
        send(&app, reqwest::Method::DELETE, &rsvp, &person_token, None).await;
        send(&app, reqwest::Method::PUT, &rsvp, &person_token, Some(json!({"answer": "yes"}))).await;
        let parts = wait_for_parts(&app, &person.email, 3).await;
        let methods: Vec<&str> = parts.iter().map(|(m, _)| m.as_str()).collect();
        assert_eq!(methods, ["REQUEST", "CANCEL", "REQUEST"]);
        let order: Vec<(i64, String)> = parts.iter()
            .map(|(_, c)| (c["events"][0]["sequence"].as_i64().expect("a sequence"), c["events"][0]["stamp"].as_str().expect("a stamp").to_owned()))
            .collect();
        for pair in order.windows(2) {
            assert!(pair[0] < pair[1], "each message after the one before (SEQUENCE, then DTSTAMP): {order:?}");
        }
    }
}
