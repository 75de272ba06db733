//! Calendar feeds, read by two independent real iCalendar readers.

use serde_json::{Value, json};

use crate::helpers::{TestApp, send, spawn_app, spawn_demo_app};
use crate::ics_readers::read;
use crate::on_both_backends;

pub(crate) async fn create(app: &TestApp, token: &str, fields: Value) -> Value {
    let (status, meeting) = send(
        app,
        reqwest::Method::POST,
        "/api/v1/meetings",
        token,
        Some(fields),
    )
    .await;
    assert_eq!(status, 201, "{meeting}");
    meeting
}

/// The meeting's start as the API says it, in UTC.
pub(crate) fn utc(meeting: &Value, field: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(meeting[field].as_str().expect("an instant"))
        .expect("RFC 3339")
        .with_timezone(&chrono::Utc)
        .format("%Y-%m-%dT%H:%M:%SZ")
        .to_string()
}

async fn feed(
    app: &TestApp,
    path: &str,
) -> (reqwest::StatusCode, reqwest::header::HeaderMap, String) {
    let response = crate::helpers::unpooled_client()
        .get(format!("{}{path}", app.address))
        .send()
        .await
        .expect("answered");
    let (status, headers) = (response.status(), response.headers().clone());
    (status, headers, response.text().await.expect("a body"))
}

fn event<'a>(calendar: &'a Value, uid_prefix: &str) -> &'a Value {
    calendar["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["uid"].as_str().is_some_and(|u| u.starts_with(uid_prefix)))
        .unwrap_or_else(|| panic!("no event {uid_prefix} in {calendar:#}"))
}

on_both_backends! {
    async fn both_readers_see_the_same_instants_across_clock_changes(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let plans = [
            // across the spring change (02:00 → 03:00) and the autumn one (03:00 → 02:00)
            ("Avant le passage à l'heure d'été", "2027-03-28T01:30", "2027-03-28T03:30", "Europe/Paris"),
            ("Avant le retour à l'heure d'hiver", "2027-10-31T01:30", "2027-10-31T04:00", "Europe/Paris"),
            ("Réveillon", "2027-12-31T23:30", "2028-01-01T00:30", "Europe/Paris"),
            ("Journée d'été", "2027-06-10T09:30", "2027-06-10T17:00", "Europe/Paris"),
            ("Séance à Cayenne", "2027-06-10T09:00", "2027-06-10T10:30", "America/Cayenne"),
        ];
        let mut made = Vec::new();
        for (title, start, end, zone) in plans {
            made.push(create(&app, &token, json!({
                "kind": "working_group_session", "title": title,
                "starts_at_local": start, "ends_at_local": end, "time_zone": zone,
            })).await);
        }
        let (status, headers, text) = feed(&app, "/calendar.ics").await;
        assert_eq!(status, 200);
        assert_eq!(headers["content-type"], "text/calendar; charset=utf-8");
        let calendar = read(&text);
        assert_eq!(calendar["method"], "PUBLISH");
        assert_eq!(calendar["timezones"], json!(["America/Cayenne", "Europe/Paris"]), "one VTIMEZONE per zone used");
        assert_eq!(calendar["events"].as_array().expect("events").len(), plans.len());
        for meeting in &made {
            let e = event(&calendar, meeting["id"].as_str().expect("id"));
            assert_eq!(e["start"].as_str(), Some(utc(meeting, "starts_at").as_str()), "{meeting}");
            assert_eq!(e["end"].as_str(), Some(utc(meeting, "ends_at").as_str()), "{meeting}");
            assert_eq!(e["tzid"], meeting["time_zone"]);
            assert_eq!(e["summary"], meeting["title"]);
        }
        // the instants themselves, worked out by hand
        let spring = event(&calendar, made[0]["id"].as_str().expect("id"));
        assert_eq!((spring["start"].as_str(), spring["end"].as_str()), (Some("2027-03-28T00:30:00Z"), Some("2027-03-28T01:30:00Z")));
        let autumn = event(&calendar, made[1]["id"].as_str().expect("id"));
        assert_eq!((autumn["start"].as_str(), autumn["end"].as_str()), (Some("2027-10-30T23:30:00Z"), Some("2027-10-31T03:00:00Z")));
        let new_year = event(&calendar, made[2]["id"].as_str().expect("id"));
        assert_eq!(new_year["start"], "2027-12-31T22:30:00Z");
        for line in text.split("\r\n") {
            assert!(line.len() <= 75, "a line longer than 75 octets: {line}");
        }
    }

    async fn hostile_text_comes_back_as_written_and_makes_no_property(backend: Backend) {
        let app = spawn_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        let title = "État-civil, élections; \\ « suite » 🎉 — un très long titre qui dépasse largement soixante-quinze octets";
        let agenda = "1. Tour de table\r\nATTENDEE:mailto:x@evil\r\nEND:VEVENT\r\n2. Les collectivités présentent leurs projets, leurs souhaits; leurs questions \\ et leurs idées.";
        let meeting = create(&app, &token, json!({
            "kind": "spring_plenary", "title": title, "starts_at_local": "2027-06-10T09:30",
            "venue": {"name": "Salle « Rhône »; bâtiment B", "address": "20, rue du Lac\r\nORGANIZER:mailto:x@evil", "city": "69003 Lyon", "latitude": 45.7601, "longitude": 4.8597},
            "agenda": agenda,
        })).await;
        let (_, _, text) = feed(&app, &format!("/meetings/{}.ics", meeting["id"].as_str().expect("id"))).await;
        let calendar = read(&text);
        let events = calendar["events"].as_array().expect("events");
        assert_eq!(events.len(), 1, "no event injected");
        let e = &events[0];
        assert_eq!(e["summary"], title);
        assert_eq!(e["location"], "Salle « Rhône »; bâtiment B, 20, rue du Lac\nORGANIZER:mailto:x@evil, 69003 Lyon");
        let description = e["description"].as_str().expect("a description");
        assert!(description.starts_with(&agenda.replace("\r\n", "\n")), "{description}");
        assert_eq!(e["attendees"], json!([]), "no attendee injected");
        assert_eq!(e["geo"], json!([45.7601, 4.8597]));
        assert_eq!(e["organizer"], "quorum@localhost", "the address mail comes from");
        let names: Vec<&str> = e["properties"].as_array().expect("names").iter().filter_map(Value::as_str).collect();
        assert_eq!(names, ["CATEGORIES", "CREATED", "DESCRIPTION", "DTEND", "DTSTAMP", "DTSTART", "GEO", "LAST-MODIFIED", "LOCATION", "ORGANIZER", "SEQUENCE", "STATUS", "SUMMARY", "UID", "URL"]);

        // a title cannot carry a line break at all
        let (status, problem) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, Some(json!({
            "kind": "spring_plenary", "title": "Réunion\r\nATTENDEE:mailto:x@evil", "starts_at_local": "2027-06-10T09:30",
        }))).await;
        assert_eq!(status, 422);
        assert_eq!(problem["errors"][0]["field"], "title");
        let (status, problem) = send(&app, reqwest::Method::POST, "/api/v1/meetings", &token, Some(json!({
            "kind": "spring_plenary", "title": "Réunion", "starts_at_local": "2027-06-10T09:30",
            "venue": {"name": "Salle", "latitude": 95.0, "longitude": 4.85},
        }))).await;
        assert_eq!(status, 422);
        assert_eq!(problem["errors"][0]["field"], "venue.latitude");
    }

    async fn an_unchanged_feed_answers_304_and_a_change_shows(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let admin = app.add_person("admin@club.example", None, true, false);
        let token = app.api_token(&admin);
        // Last-Modified comes once the second of the last change is over
        tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
        let (status, headers, text) = feed(&app, "/groups/etat-civil.ics").await;
        assert_eq!(status, 200);
        let tag = headers["etag"].to_str().expect("ascii").to_owned();
        assert!(tag.starts_with('"'), "a strong ETag: {tag}");
        assert!(headers["cache-control"].to_str().expect("ascii").contains("max-age"));
        let modified = headers["last-modified"].to_str().expect("ascii").to_owned();
        let before = read(&text);
        let session = before["events"][0].clone();

        let again = crate::helpers::unpooled_client().get(format!("{}/groups/etat-civil.ics", app.address))
            .header("If-None-Match", &tag).send().await.expect("answered");
        assert_eq!(again.status(), 304);
        assert_eq!(again.headers()["etag"].to_str().expect("ascii"), tag);
        assert!(again.text().await.expect("body").is_empty());
        let since = crate::helpers::unpooled_client().get(format!("{}/groups/etat-civil.ics", app.address))
            .header("If-Modified-Since", &modified).send().await.expect("answered");
        assert_eq!(since.status(), 304);

        // a move changes the ETag and the SEQUENCE
        let id = session["uid"].as_str().expect("uid").split('@').next().expect("id");
        let (status, moved) = send(&app, reqwest::Method::PATCH, &format!("/api/v1/meetings/{id}"), &token, Some(json!({"starts_at_local": "2027-09-16T14:00", "ends_at_local": "2027-09-16T15:30"}))).await;
        assert_eq!(status, 200, "{moved}");
        let changed = crate::helpers::unpooled_client().get(format!("{}/groups/etat-civil.ics", app.address))
            .header("If-None-Match", &tag).send().await.expect("answered");
        assert_eq!(changed.status(), 200);
        assert_ne!(changed.headers()["etag"].to_str().expect("ascii"), tag);
        let after = read(&changed.text().await.expect("body"));
        let moved_event = event(&after, id);
        assert_eq!(moved_event["sequence"], session["sequence"].as_i64().expect("a sequence") + 1);
        assert_eq!(moved_event["start"], utc(&moved, "starts_at"));
        assert_eq!(moved_event["uid"], session["uid"], "the same UID");

        // cancelled: still in the feed, so calendars remove it
        send(&app, reqwest::Method::POST, &format!("/api/v1/meetings/{id}/cancel"), &token, None).await;
        let (_, _, text) = feed(&app, "/groups/etat-civil.ics").await;
        let cancelled = read(&text);
        assert_eq!(event(&cancelled, id)["status"], "CANCELLED");
    }

    async fn the_personal_feed_is_private_and_its_old_address_dies(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let person = app.add_person("agent@nancy.example", Some("nancy"), false, false);
        let token = app.api_token(&person);
        let (status, links) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &token, None).await;
        assert_eq!(status, 201);
        let url = links["url"].as_str().expect("a url").to_owned();
        assert!(links["webcal_url"].as_str().expect("webcal").starts_with("webcal://"));
        let path = url.strip_prefix(&app.address).expect("on this site").to_owned();

        // nothing answered, nothing followed: an empty calendar
        let (status, headers, text) = feed(&app, &path).await;
        assert_eq!(status, 200);
        assert!(headers["cache-control"].to_str().expect("ascii").starts_with("private"));
        assert_eq!(read(&text)["events"], json!([]));

        // a yes and a followed group fill it
        let (_, meetings) = send(&app, reqwest::Method::GET, "/api/v1/meetings?kind=december_session", &token, None).await;
        let december = meetings["items"][0]["id"].as_str().expect("the December session").to_owned();
        let (status, _) = send(&app, reqwest::Method::PUT, &format!("/api/v1/meetings/{december}/rsvp"), &token, Some(json!({"answer": "yes"}))).await;
        assert_eq!(status, 200);
        send(&app, reqwest::Method::POST, "/api/v1/working-groups/elections/follow", &token, None).await;
        let (_, _, text) = feed(&app, &path).await;
        let calendar = read(&text);
        let categories: Vec<String> = calendar["events"].as_array().expect("events").iter()
            .map(|e| e["categories"].as_array().expect("list").iter().filter_map(Value::as_str).collect::<Vec<_>>().join("/"))
            .collect();
        assert!(categories.contains(&"Réunion de décembre".to_owned()), "{categories:?}");
        assert!(categories.iter().any(|c| c.ends_with("Élections")), "{categories:?}");
        assert!(categories.len() >= 2);

        // a new address: the old one is gone, the new one works
        let (_, renewed) = send(&app, reqwest::Method::POST, "/api/v1/me/feed-token", &token, None).await;
        assert_ne!(renewed["url"], links["url"]);
        let (status, _, _) = feed(&app, &path).await;
        assert_eq!(status, 404);
        let new_path = renewed["url"].as_str().expect("url").strip_prefix(&app.address).expect("here").to_owned();
        assert_eq!(feed(&app, &new_path).await.0, 200);
        assert_eq!(feed(&app, "/feeds/not-a-token.ics").await.0, 404);
    }

    async fn body_and_meeting_feeds_hold_their_own(backend: Backend) {
        let app = spawn_demo_app(backend).await;
        let (status, _, text) = feed(&app, "/calendar.ics").await;
        assert_eq!(status, 200);
        let club = read(&text);
        let club_events = club["events"].as_array().expect("events").len();
        assert!(club_events >= 5, "the demo's coming meetings and the recent past ones");
        assert_eq!(club["name"], "Club des utilisateurs");
        let (_, _, english) = feed(&app, "/calendar.ics?lang=en").await;
        let english = read(&english);
        assert!(english["events"].as_array().expect("events").iter().any(|e| e["categories"][0] == "December session"));

        let (_, _, text) = feed(&app, "/groups/social.ics").await;
        for e in read(&text)["events"].as_array().expect("events") {
            assert!(e["categories"].as_array().expect("list").iter().any(|c| c == "Social"), "{e}");
        }
        let (status, _, _) = feed(&app, "/groups/no-such-group.ics").await;
        assert_eq!(status, 404);
        // Nancy holds a seat at the connector group's session in Paris
        let (status, _, text) = feed(&app, "/orgs/nancy.ics").await;
        assert_eq!(status, 200);
        let nancy = read(&text);
        assert_eq!(nancy["name"], "Club des utilisateurs — Ville de Nancy");
        let nancy_events = nancy["events"].as_array().expect("events");
        assert!(!nancy_events.is_empty() && nancy_events.len() < club_events, "{nancy:#}");
        assert!(nancy_events.iter().any(|e| e["location"].as_str().is_some_and(|l| l.contains("Paris"))), "{nancy:#}");
        // a draft has no feed, like it has no page
        let drafts: Vec<String> = app.with_conn(|conn| {
            use diesel::prelude::*;
            quorum::db::schema::meetings::table
                .filter(quorum::db::schema::meetings::status.eq("draft"))
                .select(quorum::db::schema::meetings::id)
                .load(conn)
                .expect("query")
        });
        assert!(!drafts.is_empty(), "the demo has a draft");
        assert_eq!(feed(&app, &format!("/meetings/{}.ics", drafts[0])).await.0, 404);
        assert!(!text.contains(&drafts[0]));
    }
}
